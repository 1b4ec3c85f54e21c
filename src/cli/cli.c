/* cli.c - option parsing and the database-creation step shared by init
 * and demo. */
#include "cli/cli.h"

#include "app.h"
#include "crypto/key.h"
#include "crypto/pw.h"
#include "domain/org/org.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int fz_cli_parse(int argc, char **argv, int first, const struct fz_opt *opts,
		 const char **pos, int npos, int *got)
{
	*got = 0;
	for (int i = first; i < argc; i++) {
		const struct fz_opt *o;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return -1;
		if (strncmp(argv[i], "--", 2)) {
			if (*got >= npos) {
				fprintf(stderr, "fazhi: unexpected argument '%s'\n",
					argv[i]);
				return FZ_EXIT_USAGE;
			}
			pos[(*got)++] = argv[i];
			continue;
		}
		for (o = opts; o->name; o++)
			if (!strcmp(o->name, argv[i]))
				break;
		if (!o->name) {
			fprintf(stderr, "fazhi: unknown option '%s'\n", argv[i]);
			return FZ_EXIT_USAGE;
		}
		if (o->flag) {
			*o->value = "1";
		} else if (i + 1 >= argc) {
			fprintf(stderr, "fazhi: option '%s' needs a value\n", argv[i]);
			return FZ_EXIT_USAGE;
		} else {
			*o->value = argv[++i];
		}
	}
	return 0;
}

int fz_cli_fail(const struct fz_err *err)
{
	fprintf(stderr, "error: %s%s%s%s\n", err->msg[0] ? err->msg
		: fz_err_default_msg(err->code), err->field[0] ? " (" : "",
		err->field, err->field[0] ? ")" : "");
	return FZ_EXIT_FAIL;
}

void fz_cli_key_path(const char *db, const char *key, char *out, size_t n)
{
	if (key)
		snprintf(out, n, "%s", key);
	else
		snprintf(out, n, "%s.key", db);
}

/* A random initial password that meets the policy: 16 characters from
 * four classes, unambiguous letters only. */
static void random_password(char *out, size_t n)
{
	static const char *cls[] = { "ABCDEFGHJKLMNPQRSTUVWXYZ",
				     "abcdefghijkmnpqrstuvwxyz", "23456789",
				     "#%+=@" };
	unsigned char r[16];
	size_t i;

	fz_random_bytes(r, sizeof(r));
	for (i = 0; i < 16 && i + 1 < n; i++) {
		const char *c = cls[i % 4];
		out[i] = c[r[i] % strlen(c)];
	}
	out[i] = '\0';
}

int fz_cli_open_keyed(const char *db, const char *key, struct fz_store **s,
		      struct fz_err *err)
{
	struct fz_keys *k = NULL;
	char keypath[4096];
	int rc;

	fz_cli_key_path(db, key, keypath, sizeof(keypath));
	rc = fz_keys_load(&k, keypath, err);
	if (!rc)
		rc = fz_app_open_keyed(s, db, 0, k, err);
	fz_keys_free(k); /* the audit module keeps its derived chain key */
	return rc;
}

int fz_cli_create(const char *db, const char *key, const char *admin_pw_in,
		  char *admin_pw, size_t n, struct fz_err *err)
{
	struct fz_store *s = NULL;
	struct fz_keys *k = NULL;
	struct fz_actor sys = { NULL, "" };
	int64_t root = 0, uid;
	int rc;

	if (access(db, F_OK) == 0)
		return fz_err_set(err, FZ_ECONFLICT, "db",
				  "数据库 %s 已存在，不会覆盖", db);
	if (admin_pw_in && admin_pw_in != admin_pw)
		snprintf(admin_pw, n, "%s", admin_pw_in);
	else if (!admin_pw_in)
		random_password(admin_pw, n);
	if ((rc = fz_keys_create(key, err)))
		return rc;
	if ((rc = fz_keys_load(&k, key, err)))
		return rc;
	rc = fz_app_open_keyed(&s, db, 1, k, err);
	if (!rc)
		rc = fz_org_unit_add(s, &sys, 0, "柯桥区", "district", "330603",
				     &root, err);
	if (!rc) {
		struct fz_user_new nu = {
			.login = "admin", .name = "系统管理员", .role = "admin",
			.unit_id = root, .password = admin_pw, .must_change = 1,
		};
		rc = fz_org_user_add(s, k, &sys, &nu, &uid, err);
	}
	fz_store_close(s);
	fz_keys_free(k);
	if (rc) {
		/* Leave nothing half-made behind. */
		char side[4200];
		unlink(db);
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
		unlink(key);
	}
	return rc;
}
