/* cmd_db.c - `fazhi init`, `backup`, `restore` and `audit verify`. */
#include "cli/cli.h"

#include "app.h"
#include "core/clock.h"
#include "engine/audit.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int usage(const char *help, int rc)
{
	fputs(help, rc < 0 ? stdout : stderr);
	return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

static const char init_help[] =
	"usage: fazhi init --db PATH [--key PATH] [--admin-password-stdin]\n"
	"  Create an empty database, its key file (mode 0600, default PATH.key)\n"
	"  and the administrator 'admin', who must change the password at\n"
	"  first login.  Refuses to overwrite an existing database.\n";

int fz_cmd_init(int argc, char **argv)
{
	const char *db = NULL, *key = NULL, *pwstdin = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--key", 0, &key },
		{ "--admin-password-stdin", 1, &pwstdin }, { NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	char keypath[4096], pw[160], given[160];
	int got, rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);

	if (rc || !db)
		return usage(init_help, rc ? rc : FZ_EXIT_USAGE);
	if (pwstdin) {
		if (!fgets(given, sizeof(given), stdin))
			given[0] = '\0';
		given[strcspn(given, "\r\n")] = '\0';
	}
	fz_cli_key_path(db, key, keypath, sizeof(keypath));
	if ((rc = fz_cli_create(db, keypath, pwstdin ? given : NULL, pw,
				sizeof(pw), &err)))
		return fz_cli_fail(&err);
	printf("created %s and key file %s (keep it safe: it decrypts personal data)\n",
	       db, keypath);
	if (!pwstdin)
		printf("admin password: %s (must be changed at first login)\n", pw);
	return FZ_EXIT_OK;
}

static const char backup_help[] =
	"usage: fazhi backup --db PATH --to FILE\n"
	"  Online backup: a consistent copy taken while the server runs.\n"
	"  Back up the key file (PATH.key) separately and keep it apart.\n";

int fz_cmd_backup(int argc, char **argv)
{
	const char *db = NULL, *to = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--to", 0, &to }, { NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s;
	int got, rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);

	if (rc || !db || !to)
		return usage(backup_help, rc ? rc : FZ_EXIT_USAGE);
	if (access(to, F_OK) == 0) {
		fprintf(stderr, "error: %s 已存在，不会覆盖\n", to);
		return FZ_EXIT_FAIL;
	}
	if ((rc = fz_store_open(&s, db, 0, &err)))
		return fz_cli_fail(&err);
	rc = fz_store_backup(s, to, &err);
	fz_store_close(s);
	if (!rc)
		rc = fz_store_check_file(to, &err);
	if (rc) {
		unlink(to);
		return fz_cli_fail(&err);
	}
	printf("backup of %s written to %s\n", db, to);
	return FZ_EXIT_OK;
}

static const char restore_help[] =
	"usage: fazhi restore --db PATH --from FILE [--force]\n"
	"  Stop the server first.  The backup is checked (integrity, fazhi\n"
	"  schema, audit chain) before it replaces PATH; an existing PATH is\n"
	"  kept as PATH.before-restore-<time> and needs --force.\n";

static int remove_sidecars(const char *db)
{
	char p[4200];
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
	return 0;
}

static int check_backup(const char *from, struct fz_err *err)
{
	struct fz_store *s;
	int64_t count, bad;
	int rc = fz_store_check_file(from, err);

	if (rc)
		return rc;
	if ((rc = fz_store_open(&s, from, FZ_STORE_READONLY, err)))
		return rc;
	rc = fz_audit_verify(s, &count, &bad, err);
	fz_store_close(s);
	return rc;
}

int fz_cmd_restore(int argc, char **argv)
{
	const char *db = NULL, *from = NULL, *force = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--from", 0, &from }, { "--force", 1, &force },
		{ NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *src;
	char tmp[4200], keep[4200], at[FZ_ISO_LEN];
	int got, rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);

	if (rc || !db || !from)
		return usage(restore_help, rc ? rc : FZ_EXIT_USAGE);
	if ((rc = check_backup(from, &err)))
		return fz_cli_fail(&err);
	if (access(db, F_OK) == 0 && !force) {
		fprintf(stderr, "error: %s 已存在；确认要用备份替换它时加 --force\n", db);
		return FZ_EXIT_FAIL;
	}
	/* Copy to a temporary file beside the target, then rename: the target
	 * is either the old database or the whole backup, never half. */
	snprintf(tmp, sizeof(tmp), "%s.restoring", db);
	unlink(tmp);
	if ((rc = fz_store_open(&src, from, FZ_STORE_READONLY, &err)))
		return fz_cli_fail(&err);
	rc = fz_store_backup(src, tmp, &err);
	fz_store_close(src);
	if (rc) {
		unlink(tmp);
		return fz_cli_fail(&err);
	}
	if (access(db, F_OK) == 0) {
		fz_now_iso(at);
		snprintf(keep, sizeof(keep), "%s.before-restore-%s", db, at);
		if (rename(db, keep)) {
			unlink(tmp);
			fprintf(stderr, "error: 无法保留原数据库 %s\n", db);
			return FZ_EXIT_FAIL;
		}
		printf("previous database kept as %s\n", keep);
	}
	remove_sidecars(db);
	if (rename(tmp, db)) {
		fprintf(stderr, "error: 无法写入 %s\n", db);
		return FZ_EXIT_FAIL;
	}
	printf("restored %s from %s\n", db, from);
	return FZ_EXIT_OK;
}

static const char audit_help[] =
	"usage: fazhi audit verify --db PATH\n"
	"  Walk the SM3 hash chain of the audit log.  Exit 0 when sound,\n"
	"  3 when an entry was edited or deleted (the first one is named).\n";

int fz_cmd_audit(int argc, char **argv)
{
	const char *db = NULL;
	const char *pos[1];
	const struct fz_opt opts[] = { { "--db", 0, &db }, { NULL, 0, NULL } };
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s;
	int64_t count, bad;
	int got, rc = fz_cli_parse(argc, argv, 2, opts, pos, 1, &got);

	if (rc || !db || got != 1 || strcmp(pos[0], "verify"))
		return usage(audit_help, rc ? rc : FZ_EXIT_USAGE);
	if ((rc = fz_store_open(&s, db, FZ_STORE_READONLY, &err)))
		return fz_cli_fail(&err);
	rc = fz_audit_verify(s, &count, &bad, &err);
	fz_store_close(s);
	if (rc == FZ_ECONFLICT) {
		printf("audit chain BROKEN at entry %" PRId64 ": %s\n", bad, err.msg);
		return FZ_EXIT_CHECK;
	}
	if (rc)
		return fz_cli_fail(&err);
	printf("audit chain ok: %" PRId64 " entries\n", count);
	return FZ_EXIT_OK;
}
