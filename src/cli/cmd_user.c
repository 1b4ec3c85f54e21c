/* cmd_user.c - `fazhi user add|passwd|lock|unlock|totp-reset` for operators,
 * and `fazhi totp`, the code of a secret for whoever has no phone at hand. */
#include "cli/cli.h"

#include "app.h"
#include "core/clock.h"
#include "core/mem.h"
#include "crypto/key.h"
#include "crypto/totp.h"
#include "domain/org/mfa.h"
#include "domain/org/org.h"

#include <stdio.h>
#include <string.h>

static const char user_help[] =
	"usage: fazhi user add    --db PATH --login L --name N --role R --unit U\n"
	"                         [--phone P] [--password-stdin] [--key PATH]\n"
	"       fazhi user passwd --db PATH --login L [--password-stdin] [--keep]\n"
	"       fazhi user lock   --db PATH --login L\n"
	"       fazhi user unlock --db PATH --login L\n"
	"       fazhi user totp-reset --db PATH --login L\n"
	"  Roles: admin secadmin auditor office justice officer town court\n"
	"  procurator.  totp-reset removes the user's second factor (the user\n"
	"  binds a new one at the next login): the way back in when the only\n"
	"  security administrator has lost the phone and the recovery codes.\n"
	"  U is a unit id, code or exact name.  The password is read from\n"
	"  standard input (one line); without --keep the user must change it\n"
	"  at the next login.\n";

static int read_password(char *pw, size_t n)
{
	if (!fgets(pw, (int)n, stdin))
		return -1;
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

int fz_cmd_user(int argc, char **argv)
{
	const char *db = NULL, *login = NULL, *name = NULL, *role = NULL;
	const char *unit = NULL, *phone = NULL, *key = NULL, *keep = NULL;
	const char *pwstdin = NULL, *pos[1];
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--login", 0, &login }, { "--name", 0, &name },
		{ "--role", 0, &role }, { "--unit", 0, &unit },
		{ "--phone", 0, &phone }, { "--key", 0, &key },
		{ "--keep", 1, &keep }, { "--password-stdin", 1, &pwstdin },
		{ NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_actor sys = { NULL, "" };
	struct fz_store *s = NULL;
	struct fz_keys *k = NULL;
	char pw[160] = "", keypath[4096];
	int64_t id = 0, unit_id = 0;
	int got, rc = fz_cli_parse(argc, argv, 2, opts, pos, 1, &got);
	const char *verb = got ? pos[0] : "";

	if (rc || !db || !login || got != 1)
		goto usage;
	/* Every change is audited, and the audit chain is keyed from the key
	 * file: load it for every verb. */
	fz_cli_key_path(db, key, keypath, sizeof(keypath));
	if ((rc = fz_keys_load(&k, keypath, &err)) ||
	    (rc = fz_app_open_keyed(&s, db, 0, k, &err))) {
		fz_keys_free(k);
		return fz_cli_fail(&err);
	}
	if (!strcmp(verb, "add")) {
		struct fz_user_new nu = { login, name, role, 0, phone, pw, !keep };
		if (!name || !role || !unit) {
			fz_store_close(s);
			fz_keys_free(k);
			goto usage;
		}
		if (read_password(pw, sizeof(pw)))
			rc = fz_err_set(&err, FZ_EINVAL, "password",
					"请从标准输入提供密码（一行）");
		if (!rc)
			rc = fz_org_unit_find(s, unit, &unit_id, &err);
		nu.unit_id = unit_id;
		if (!rc)
			rc = fz_org_user_add(s, k, &sys, &nu, &id, &err);
	} else if (!strcmp(verb, "passwd")) {
		rc = fz_org_user_find(s, login, &id, &err);
		if (!rc && read_password(pw, sizeof(pw)))
			rc = fz_err_set(&err, FZ_EINVAL, "password",
					"请从标准输入提供新密码（一行）");
		if (!rc)
			rc = fz_org_user_set_password(s, &sys, id, pw, !keep, &err);
	} else if (!strcmp(verb, "lock") || !strcmp(verb, "unlock")) {
		rc = fz_org_user_find(s, login, &id, &err);
		if (!rc)
			rc = fz_org_user_set_locked(s, &sys, id,
						    !strcmp(verb, "lock"), &err);
	} else if (!strcmp(verb, "totp-reset")) {
		rc = fz_org_user_find(s, login, &id, &err);
		if (!rc)
			rc = fz_mfa_reset(s, &sys, id, &err);
	} else {
		fz_store_close(s);
		fz_keys_free(k);
		goto usage;
	}
	fz_store_close(s);
	fz_keys_free(k);
	if (rc)
		return fz_cli_fail(&err);
	printf("user %s: %s done\n", login, verb);
	return FZ_EXIT_OK;
usage:
	fputs(user_help, rc < 0 ? stdout : stderr);
	return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

static const char totp_help[] =
	"usage: fazhi totp SECRET\n"
	"  Print the current 6-digit login code of a base32 TOTP secret (RFC\n"
	"  6238: HMAC-SHA1, 30-second steps) and the seconds it stays valid:\n"
	"  what an authenticator app shows, for the demo logins that `fazhi\n"
	"  demo` prints.  The server takes each code once.\n";

int fz_cmd_totp(int argc, char **argv)
{
	unsigned char key[FZ_TOTP_SECRET_LEN * 2];
	const char *pos[1];
	const struct fz_opt opts[] = { { NULL, 0, NULL } };
	struct fz_err err = FZ_ERR_INIT;
	size_t len = 0;
	int got, rc = fz_cli_parse(argc, argv, 2, opts, pos, 1, &got);
	int64_t now = fz_now();
	int32_t code;

	if (rc || got != 1) {
		fputs(totp_help, rc < 0 ? stdout : stderr);
		return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
	}
	if (fz_base32_decode(pos[0], key, sizeof(key), &len) || len < 10) {
		fz_err_set(&err, FZ_EINVAL, "secret",
			   "动态口令密钥格式不正确，应为 base32 字母与数字");
		return fz_cli_fail(&err);
	}
	code = fz_hotp(key, len, fz_totp_step(now), FZ_TOTP_DIGITS);
	fz_memzero(key, sizeof(key));
	if (code < 0) {
		fz_err_set(&err, FZ_EINTERNAL, NULL, "无法计算动态口令");
		return fz_cli_fail(&err);
	}
	printf("%06d\t%d\n", (int)code, (int)(FZ_TOTP_STEP - now % FZ_TOTP_STEP));
	return FZ_EXIT_OK;
}
