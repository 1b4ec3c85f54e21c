/* store_sqlite.c - the SQLite backend behind store.h. */
#include "store/store.h"

#include "core/mem.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 96
#define BUSY_TIMEOUT_MS 10000
#define MAX_TOKENIZERS 8

struct fz_stmt {
	sqlite3_stmt *st;
	const char *sql;  /* owned copy, the cache key */
	struct fz_store *s;
	int in_use;
};

struct fz_store {
	sqlite3 *db;
	char *path;
	int in_tx;
	int nstmt;
	struct fz_stmt stmts[STMT_CACHE];
};

/* Registered tokenizers; written before any connection opens (start-up),
 * read afterwards, so no lock is needed. */
static const struct fz_tokenizer *tokenizers[MAX_TOKENIZERS];
static int ntokenizers;

void fz_store_register_tokenizer(const struct fz_tokenizer *tk)
{
	for (int i = 0; i < ntokenizers; i++)
		if (tokenizers[i] == tk)
			return;
	if (ntokenizers < MAX_TOKENIZERS)
		tokenizers[ntokenizers++] = tk;
}

static int db_error(struct fz_store *s, struct fz_err *err, int rc,
		    const char *what)
{
	int prim = rc & 0xff;
	const char *m = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

	if (prim == SQLITE_CONSTRAINT)
		return fz_err_set(err, FZ_ECONFLICT, NULL,
				  "数据已存在或违反约束（%s）", m);
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return fz_err_set(err, FZ_EIO, NULL,
				  "数据库繁忙，请稍后重试（%s: %s）", what, m);
	return fz_err_set(err, FZ_EIO, NULL, "数据库错误（%s: %s）", what, m);
}

/* ---- FTS5 tokenizer adapter ------------------------------------------ */

struct tok_call {
	int (*xToken)(void *, int, const char *, int, int, int);
	void *pCtx;
};

static int tok_emit(void *ctx, const char *tok, int len, int start, int end)
{
	struct tok_call *c = ctx;
	return c->xToken(c->pCtx, 0, tok, len, start, end);
}

static int tok_create(void *ud, const char **az, int n, Fts5Tokenizer **out)
{
	*out = (Fts5Tokenizer *)ud; /* stateless: the instance is the table row */
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
}

static int tok_tokenize(Fts5Tokenizer *t, void *pCtx, int flags,
			const char *text, int n,
			int (*xToken)(void *, int, const char *, int, int, int))
{
	const struct fz_tokenizer *tk = (const struct fz_tokenizer *)t;
	struct tok_call c = { xToken, pCtx };
	return tk->tokenize(text, n, (flags & FTS5_TOKENIZE_QUERY) != 0,
			    tok_emit, &c);
}

static fts5_tokenizer tok_vtab = { tok_create, tok_delete, tok_tokenize };

static int register_tokenizers(struct fz_store *s, struct fz_err *err)
{
	sqlite3_stmt *st;
	fts5_api *api = NULL;
	int rc;

	if (!ntokenizers)
		return 0;
	rc = sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(s, err, rc, "fts5");
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api)
		return fz_err_set(err, FZ_EIO, NULL, "SQLite 未启用 FTS5");
	for (int i = 0; i < ntokenizers; i++) {
		rc = api->xCreateTokenizer(api, tokenizers[i]->name,
					   (void *)tokenizers[i], &tok_vtab, NULL);
		if (rc != SQLITE_OK)
			return db_error(s, err, rc, "fts5 tokenizer");
	}
	return 0;
}

/* ---- open / close ----------------------------------------------------- */

int fz_store_open(struct fz_store **out, const char *path, int flags,
		  struct fz_err *err)
{
	struct fz_store *s = fz_xcalloc(1, sizeof(*s));
	int oflags = (flags & FZ_STORE_READONLY) ? SQLITE_OPEN_READONLY
						 : SQLITE_OPEN_READWRITE;
	int rc;

	if (flags & FZ_STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX; /* one connection per thread */
	s->path = fz_xstrdup(path);
	rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		fz_err_set(err, FZ_EIO, "db", "无法打开数据库 %s（%s）", path,
			   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		fz_store_close(s);
		return FZ_EIO;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 1);
	/* WAL + synchronous=FULL: a commit that returned is on disk, even
	 * through kill -9 or power loss (ARCHITECTURE.md, Storage). */
	rc = fz_store_exec(s, (flags & FZ_STORE_READONLY)
		? "PRAGMA foreign_keys=ON; PRAGMA query_only=1"
		: "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
		  "PRAGMA foreign_keys=ON", err);
	if (!rc)
		rc = fz_store_exec(s, "SELECT count(*) FROM sqlite_master", err);
	if (!rc)
		rc = register_tokenizers(s, err);
	if (rc) {
		if (err && err->code == FZ_EIO && !strstr(err->msg, path)) {
			char m[sizeof(err->msg)];
			snprintf(m, sizeof(m), "%s", err->msg);
			fz_err_set(err, FZ_EIO, "db", "%s 不是可用的数据库：%s",
				   path, m);
		}
		fz_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void fz_store_close(struct fz_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nstmt; i++) {
		sqlite3_finalize(s->stmts[i].st);
		free((char *)s->stmts[i].sql);
	}
	if (s->db)
		sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

const char *fz_store_path(const struct fz_store *s)
{
	return s->path;
}

int fz_store_exec(struct fz_store *s, const char *sql, struct fz_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		int prim = rc & 0xff;
		int code = prim == SQLITE_CONSTRAINT ? FZ_ECONFLICT : FZ_EIO;
		fz_err_set(err, code, NULL, "数据库错误：%s",
			   msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

/* ---- transactions ----------------------------------------------------- */

int fz_store_begin(struct fz_store *s, struct fz_err *err)
{
	int rc;
	if (s->in_tx)
		return fz_err_set(err, FZ_ESTATE, NULL, "事务已开始（不支持嵌套）");
	rc = fz_store_exec(s, "BEGIN IMMEDIATE", err);
	if (!rc)
		s->in_tx = 1;
	return rc;
}

int fz_store_commit(struct fz_store *s, struct fz_err *err)
{
	int rc;
	if (!s->in_tx)
		return fz_err_set(err, FZ_ESTATE, NULL, "没有进行中的事务");
	rc = fz_store_exec(s, "COMMIT", err);
	if (rc) {
		fz_store_rollback(s);
		return rc;
	}
	s->in_tx = 0;
	return 0;
}

void fz_store_rollback(struct fz_store *s)
{
	if (!s->in_tx)
		return;
	for (int i = 0; i < s->nstmt; i++)
		sqlite3_reset(s->stmts[i].st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

int fz_store_in_tx(const struct fz_store *s)
{
	return s->in_tx;
}

int fz_store_start(struct fz_store *s, int *own, struct fz_err *err)
{
	*own = !s->in_tx;
	return *own ? fz_store_begin(s, err) : 0;
}

int fz_store_end(struct fz_store *s, int own, int rc, struct fz_err *err)
{
	if (!own)
		return rc;
	if (!rc)
		rc = fz_store_commit(s, err);
	/* fz_store_commit rolls back itself when COMMIT fails; this covers
	 * the writer's own error (and is a no-op after a failed commit). */
	if (rc)
		fz_store_rollback(s);
	return rc;
}

/* ---- statements ------------------------------------------------------- */

int fz_stmt_prepare(struct fz_store *s, struct fz_stmt **out, const char *sql,
		    struct fz_err *err)
{
	struct fz_stmt *slot = NULL;
	sqlite3_stmt *st;
	int rc;

	for (int i = 0; i < s->nstmt; i++) {
		struct fz_stmt *c = &s->stmts[i];
		if (!c->in_use && (c->sql == sql || !strcmp(c->sql, sql))) {
			c->in_use = 1;
			*out = c;
			return 0;
		}
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
				NULL);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			return db_error(s, err, rc, "prepare");
		return fz_err_set(err, FZ_EINTERNAL, NULL, "SQL 错误：%s",
				  sqlite3_errmsg(s->db));
	}
	if (s->nstmt < STMT_CACHE) {
		slot = &s->stmts[s->nstmt++];
	} else {
		/* Cache full: evict the first idle entry. */
		for (int i = 0; i < s->nstmt && !slot; i++)
			if (!s->stmts[i].in_use)
				slot = &s->stmts[i];
		if (!slot) {
			sqlite3_finalize(st);
			return fz_err_set(err, FZ_EINTERNAL, NULL,
					  "语句缓存已满（未归还的语句过多）");
		}
		sqlite3_finalize(slot->st);
		free((char *)slot->sql);
	}
	slot->st = st;
	slot->sql = fz_xstrdup(sql);
	slot->s = s;
	slot->in_use = 1;
	*out = slot;
	return 0;
}

void fz_stmt_bind_int(struct fz_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st->st, idx, v);
}

void fz_stmt_bind_text(struct fz_stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, idx);
}

void fz_stmt_bind_textn(struct fz_stmt *st, int idx, const char *v, size_t n)
{
	sqlite3_bind_text(st->st, idx, v, (int)n, SQLITE_TRANSIENT);
}

void fz_stmt_bind_blob(struct fz_stmt *st, int idx, const void *v, size_t n)
{
	sqlite3_bind_blob(st->st, idx, v, (int)n, SQLITE_TRANSIENT);
}

void fz_stmt_bind_null(struct fz_stmt *st, int idx)
{
	sqlite3_bind_null(st->st, idx);
}

void fz_stmt_bind_double(struct fz_stmt *st, int idx, double v)
{
	sqlite3_bind_double(st->st, idx, v);
}

int fz_stmt_step(struct fz_stmt *st, struct fz_err *err)
{
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(st->s, err, rc, "step");
}

int64_t fz_stmt_int(struct fz_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

double fz_stmt_double(struct fz_stmt *st, int col)
{
	return sqlite3_column_double(st->st, col);
}

const char *fz_stmt_text(struct fz_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st->st, col);
	return t ? (const char *)t : "";
}

const void *fz_stmt_blob(struct fz_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->st, col);
	*len = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

int fz_stmt_is_null(struct fz_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int fz_stmt_columns(struct fz_stmt *st)
{
	return sqlite3_column_count(st->st);
}

const char *fz_stmt_column_name(struct fz_stmt *st, int col)
{
	return sqlite3_column_name(st->st, col);
}

void fz_stmt_finish(struct fz_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	st->in_use = 0;
}

/* ---- shorthands ------------------------------------------------------- */

static void bind_va(struct fz_stmt *st, const char *fmt, va_list ap)
{
	int idx = 1;
	for (const char *f = fmt ? fmt : ""; *f; f++, idx++) {
		switch (*f) {
		case 'i': fz_stmt_bind_int(st, idx, va_arg(ap, int)); break;
		case 'I': fz_stmt_bind_int(st, idx, va_arg(ap, int64_t)); break;
		case 't': fz_stmt_bind_text(st, idx, va_arg(ap, const char *)); break;
		case 'd': fz_stmt_bind_double(st, idx, va_arg(ap, double)); break;
		case 'n': fz_stmt_bind_null(st, idx); break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			fz_stmt_bind_blob(st, idx, p, n);
			break;
		}
		default:
			abort(); /* a bug in the caller's format string */
		}
	}
}

int fz_store_query(struct fz_store *s, struct fz_stmt **out,
		   struct fz_err *err, const char *sql, const char *fmt, ...)
{
	va_list ap;
	int rc = fz_stmt_prepare(s, out, sql, err);
	if (rc)
		return rc;
	va_start(ap, fmt);
	bind_va(*out, fmt, ap);
	va_end(ap);
	return 0;
}

int fz_store_run(struct fz_store *s, struct fz_err *err, const char *sql,
		 const char *fmt, ...)
{
	struct fz_stmt *st;
	va_list ap;
	int rc = fz_stmt_prepare(s, &st, sql, err);
	if (rc)
		return rc;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
	while ((rc = fz_stmt_step(st, err)) == 1)
		;
	fz_stmt_finish(st);
	return rc;
}

int fz_store_int(struct fz_store *s, int64_t *out, struct fz_err *err,
		 const char *sql, const char *fmt, ...)
{
	struct fz_stmt *st;
	va_list ap;
	int rc = fz_stmt_prepare(s, &st, sql, err);
	if (rc)
		return rc;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		*out = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	return rc;
}

int64_t fz_store_last_id(struct fz_store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

int fz_store_changes(struct fz_store *s)
{
	return sqlite3_changes(s->db);
}

/* ---- migrations ------------------------------------------------------- */

static int migration_applied(struct fz_store *s, const struct fz_migration *m,
			     struct fz_err *err)
{
	int64_t n = 0;
	int rc = fz_store_int(s, &n, err,
		"SELECT count(*) FROM schema_migrations WHERE module=? AND version=?",
		"ti", m->module, m->version);
	return rc < 0 ? rc : n > 0;
}

int fz_store_migrate(struct fz_store *s, const struct fz_migration *const *sets,
		     struct fz_err *err)
{
	int rc = fz_store_exec(s,
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" module TEXT NOT NULL, version INTEGER NOT NULL,"
		" applied_at TEXT NOT NULL,"
		" PRIMARY KEY (module, version))", err);
	if (rc)
		return rc;
	for (; *sets; sets++) {
		for (const struct fz_migration *m = *sets; m->module; m++) {
			rc = migration_applied(s, m, err);
			if (rc < 0)
				return rc;
			if (rc == 1)
				continue;
			if ((rc = fz_store_begin(s, err)))
				return rc;
			rc = fz_store_exec(s, m->sql, err);
			if (!rc)
				rc = fz_store_run(s, err,
					"INSERT INTO schema_migrations VALUES"
					" (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
					"ti", m->module, m->version);
			if (!rc)
				rc = fz_store_commit(s, err);
			if (rc) {
				char m2[sizeof(err->msg)] = "";
				fz_store_rollback(s);
				if (err)
					snprintf(m2, sizeof(m2), "%s", err->msg);
				return fz_err_set(err, rc, NULL,
					"数据库迁移 %s#%d 失败：%s", m->module,
					m->version, m2);
			}
		}
	}
	return 0;
}

/* ---- backup ----------------------------------------------------------- */

int fz_store_backup(struct fz_store *s, const char *path, struct fz_err *err)
{
	sqlite3 *dst;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open_v2(path, &dst,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(dst);
		return fz_err_set(err, FZ_EIO, "to", "无法创建备份文件 %s", path);
	}
	b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b) {
		fz_err_set(err, FZ_EIO, "to", "备份失败：%s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return FZ_EIO;
	}
	/* Copy in one step: the source is read inside one read transaction,
	 * so the copy is a consistent snapshot even while others write. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		fz_err_set(err, FZ_EIO, "to", "备份失败：%s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		return FZ_EIO;
	}
	/* The copy is a standalone file in rollback-journal mode. */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return rc == SQLITE_OK ? 0
		: fz_err_set(err, FZ_EIO, "to", "备份收尾失败：%s",
			     sqlite3_errstr(rc));
}

int fz_store_check_file(const char *path, struct fz_err *err)
{
	struct fz_store *s;
	struct fz_stmt *st;
	int rc = fz_store_open(&s, path, FZ_STORE_READONLY, err);
	int64_t n = 0;

	if (rc)
		return rc;
	rc = fz_stmt_prepare(s, &st, "PRAGMA integrity_check", err);
	if (!rc) {
		rc = fz_stmt_step(st, err);
		if (rc == 1 && strcmp(fz_stmt_text(st, 0), "ok"))
			rc = fz_err_set(err, FZ_EIO, NULL,
					"数据库文件已损坏：%s", fz_stmt_text(st, 0));
		else if (rc == 1)
			rc = 0;
		fz_stmt_finish(st);
	}
	if (!rc && fz_store_int(s, &n, err,
			"SELECT count(*) FROM sqlite_master WHERE name="
			"'schema_migrations'", NULL) >= 0 && n == 0)
		rc = fz_err_set(err, FZ_EINVAL, NULL,
				"%s 不是 fazhi 数据库（没有迁移记录）", path);
	fz_store_close(s);
	return rc;
}
