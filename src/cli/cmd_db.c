/* cmd_db.c - `fazhi init`, `backup`, `restore` and `audit verify`. */
#include "cli/cli.h"

#include "app.h"
#include "core/buf.h"
#include "core/clock.h"
#include "crypto/key.h"
#include "engine/audit.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
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
	"usage: fazhi restore --db PATH --from FILE [--force] [--key PATH]\n"
	"  Stop the server first.  The backup is checked (integrity, fazhi\n"
	"  schema, and its audit chain with the key file PATH.key) before it\n"
	"  replaces PATH; an existing PATH is kept as\n"
	"  PATH.before-restore-<time> and needs --force.\n";
static int remove_sidecars(const char *db)
{
	char p[4200];
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
	return 0;
}

/* Load the key file and give the audit module its chain key. */
static int use_key_file(const char *db, const char *key, struct fz_keys **k,
			struct fz_err *err)
{
	char keypath[4096];
	int rc;

	fz_cli_key_path(db, key, keypath, sizeof(keypath));
	rc = fz_keys_load(k, keypath, err);
	if (rc == FZ_ENOTFOUND)
		fz_err_set(err, rc, "key_file",
			   "找不到密钥文件 %.120s，无法校验审计日志（用 --key 指定）",
			   keypath);
	if (!rc)
		rc = fz_audit_use_keys(*k, err);
	return rc;
}

/* Open db read-only and verify its chain: 0 sound and keyed; FZ_ECONFLICT
 * broken, or a plain chain of an older version, which anyone who can
 * write the file could have recomputed (GB/T 22239-2019 8.1.4.3 c). */
static int verify_db(const char *db, int64_t *count, int64_t *bad,
		     struct fz_err *err)
{
	struct fz_store *s;
	int rc = fz_store_open(&s, db, FZ_STORE_READONLY, err);

	if (rc)
		return rc;
	rc = fz_audit_verify(s, count, bad, err);
	fz_store_close(s);
	return rc;
}

static int check_backup(const char *from, struct fz_err *err)
{
	int64_t count, bad;
	int rc = fz_store_check_file(from, err);

	if (!rc)
		rc = verify_db(from, &count, &bad, err);
	return rc;
}

int fz_cmd_restore(int argc, char **argv)
{
	const char *db = NULL, *from = NULL, *force = NULL, *key = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--from", 0, &from }, { "--force", 1, &force },
		{ "--key", 0, &key }, { NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *src;
	struct fz_keys *k = NULL;
	char tmp[4200], keep[4200], at[FZ_ISO_LEN];
	int got, rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);

	if (rc || !db || !from)
		return usage(restore_help, rc ? rc : FZ_EXIT_USAGE);
	rc = use_key_file(db, key, &k, &err);
	fz_keys_free(k);
	if (rc)
		return fz_cli_fail(&err);
	if ((rc = check_backup(from, &err))) {
		fprintf(stderr, "error: 备份未通过校验，拒绝恢复（当前数据库未改动）：%s\n",
			err.msg);
		return FZ_EXIT_FAIL;
	}
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
	"usage: fazhi audit verify --db PATH [--key PATH] [--anchor FILE]\n"
	"       fazhi audit anchor --db PATH [--key PATH] [--to FILE]\n"
	"  verify walks the HMAC-SM3 chain of the audit log with the key file\n"
	"  (default PATH.key); with --anchor it also checks every anchor line\n"
	"  of FILE: nothing up to an anchored entry was removed or changed.\n"
	"  Exit 0 when sound, 3 when an entry was edited or deleted (the first\n"
	"  one is named).  anchor prints the chain's head (sequence, time,\n"
	"  MAC) signed with the district's SM2 key, and appends it to FILE:\n"
	"  keep those lines outside the server.\n";

/* Check every anchor line of path; prints each.  0 all good, FZ_ECONFLICT
 * (or FZ_EINVAL) at the first that fails, with err set. */
static int check_anchors(const char *db, const struct fz_keys *k,
			 const char *path, int *n, struct fz_err *err)
{
	char line[1024];
	struct fz_store *s;
	FILE *f = fopen(path, "r");
	int64_t seq;
	int rc;

	*n = 0;
	if (!f)
		return fz_err_set(err, FZ_EIO, "anchor", "无法读取锚点文件 %s：%s",
				  path, strerror(errno));
	if ((rc = fz_store_open(&s, db, FZ_STORE_READONLY, err))) {
		fclose(f);
		return rc;
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		rc = fz_audit_anchor_check(s, k, line, &seq, err);
		if (!rc) {
			printf("锚点核对无误：第 %" PRId64 " 条\n", seq);
			(*n)++;
		}
	}
	fz_store_close(s);
	fclose(f);
	return rc;
}

static int audit_verify(const char *db, const char *key, const char *anchor)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_keys *k = NULL;
	int64_t count = 0, bad = 0;
	int n = 0, rc = use_key_file(db, key, &k, &err);

	if (!rc)
		rc = verify_db(db, &count, &bad, &err);
	if (rc == FZ_ECONFLICT)
		printf("审计日志校验未通过：%s\n", err.msg);
	if (!rc && anchor) {
		rc = check_anchors(db, k, anchor, &n, &err);
		if (rc == FZ_ECONFLICT || rc == FZ_EINVAL) {
			printf("锚点校验未通过：%s\n", err.msg);
			rc = FZ_ECONFLICT;
		}
	}
	fz_keys_free(k);
	if (rc == FZ_ECONFLICT)
		return FZ_EXIT_CHECK;
	if (rc)
		return fz_cli_fail(&err);
	printf("审计日志校验通过：共 %" PRId64 " 条，HMAC-SM3 密钥链完整", count);
	if (anchor)
		printf("，%d 个离线锚点均相符", n);
	printf("\n");
	return FZ_EXIT_OK;
}

/* Append line and a newline to path (created 0600 when missing). */
static int append_line(const char *path, const struct fz_buf *line,
		       struct fz_err *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	int ok;

	if (fd < 0)
		return fz_err_set(err, FZ_EIO, "to", "无法写入锚点文件 %s：%s",
				  path, strerror(errno));
	ok = write(fd, line->data, line->len) == (ssize_t)line->len &&
	     write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	return ok ? 0 : fz_err_set(err, FZ_EIO, "to", "写入锚点文件 %s 失败", path);
}

static int audit_anchor(const char *db, const char *key, const char *to)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf line = FZ_BUF_INIT;
	struct fz_keys *k = NULL;
	struct fz_store *s = NULL;
	int rc;

	rc = use_key_file(db, key, &k, &err);
	if (!rc)
		rc = fz_app_open_keyed(&s, db, 0, k, &err);
	if (!rc)
		rc = fz_audit_anchor(s, k, &line, &err);
	fz_store_close(s);
	fz_keys_free(k);
	if (!rc && to)
		rc = append_line(to, &line, &err);
	if (!rc)
		printf("%s\n", line.data);
	fz_buf_release(&line);
	if (rc == FZ_ECONFLICT) {
		printf("审计日志校验未通过，未锚定：%s\n", err.msg);
		return FZ_EXIT_CHECK;
	}
	return rc ? fz_cli_fail(&err) : FZ_EXIT_OK;
}

int fz_cmd_audit(int argc, char **argv)
{
	const char *db = NULL, *key = NULL, *anchor = NULL, *to = NULL;
	const char *pos[1];
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--key", 0, &key }, { "--anchor", 0, &anchor },
		{ "--to", 0, &to }, { NULL, 0, NULL }
	};
	int got, rc = fz_cli_parse(argc, argv, 2, opts, pos, 1, &got);

	if (rc || !db || got != 1)
		return usage(audit_help, rc ? rc : FZ_EXIT_USAGE);
	if (!strcmp(pos[0], "verify") && !to)
		return audit_verify(db, key, anchor);
	if (!strcmp(pos[0], "anchor") && !anchor)
		return audit_anchor(db, key, to);
	return usage(audit_help, FZ_EXIT_USAGE);
}
