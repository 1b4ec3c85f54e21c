/* store.h - the only door to the database (ARCHITECTURE.md, Storage).
 *
 * No SQLite (or libpq) call appears outside src/store/.  SQL handed to this
 * API is portable: `?` placeholders, TEXT/INTEGER/BLOB columns, no
 * SQLite-only types in domain tables; the backend hides the dialect.
 *
 * A struct fz_store is one connection and is not thread-safe: the HTTP
 * server gives each worker thread its own.  Statements are cached per
 * connection by their SQL text, so preparing the same SQL twice is cheap. */
#ifndef FZ_STORE_STORE_H
#define FZ_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct fz_store;
struct fz_stmt;

enum fz_store_flags {
	FZ_STORE_CREATE = 1 << 0,   /* create the file if missing */
	FZ_STORE_READONLY = 1 << 1, /* open read-only */
};

/* Open the database at path.  On success *out is a new connection the
 * caller closes with fz_store_close().  The SQLite backend turns on WAL,
 * synchronous=FULL, foreign keys and a busy timeout.  Fails with FZ_EIO
 * (missing file without FZ_STORE_CREATE, not a database, permissions). */
int fz_store_open(struct fz_store **out, const char *path, int flags,
		  struct fz_err *err);
void fz_store_close(struct fz_store *s);
const char *fz_store_path(const struct fz_store *s);

/* A numbered schema change of one module.  Migrations are applied in the
 * order given, each in its own transaction, and recorded in
 * schema_migrations(module, version); an applied one is never run again.
 * Versions of a module start at 1 and rise by 1. */
struct fz_migration {
	const char *module;
	int version;
	const char *sql; /* one or more statements separated by ';' */
};

/* Apply every not-yet-applied migration of sets (a NULL-terminated list of
 * arrays, each ended by a row with module == NULL). */
int fz_store_migrate(struct fz_store *s, const struct fz_migration *const *sets,
		     struct fz_err *err);

/* Transactions.  fz_store_begin() starts a write transaction that takes the
 * write lock at once (BEGIN IMMEDIATE), so two writers never deadlock on an
 * upgrade.  Nesting is not supported: FZ_ESTATE. */
int fz_store_begin(struct fz_store *s, struct fz_err *err);
int fz_store_commit(struct fz_store *s, struct fz_err *err);
void fz_store_rollback(struct fz_store *s); /* no-op outside a transaction */
int fz_store_in_tx(const struct fz_store *s);

/* For writers that either run alone or join a caller's transaction.
 * fz_store_start() begins one unless one is open; *own says whether it
 * did.  fz_store_end() finishes with the writer's result rc: when own, it
 * rolls back if rc is an error, else commits (rolling back if the commit
 * fails) and returns the commit's result; when not own, it returns rc and
 * leaves the caller's transaction alone for the caller to end. */
int fz_store_start(struct fz_store *s, int *own, struct fz_err *err);
int fz_store_end(struct fz_store *s, int own, int rc, struct fz_err *err);

/* Run SQL without parameters (DDL, PRAGMA). */
int fz_store_exec(struct fz_store *s, const char *sql, struct fz_err *err);

/* Prepare (or fetch from the cache) a statement.  The statement is
 * borrowed: give it back with fz_stmt_finish() before preparing the same
 * SQL again.  Fails with FZ_EINTERNAL on a syntax error (a bug). */
int fz_stmt_prepare(struct fz_store *s, struct fz_stmt **out, const char *sql,
		    struct fz_err *err);

/* Binds; idx starts at 1.  A NULL text binds SQL NULL. */
void fz_stmt_bind_int(struct fz_stmt *st, int idx, int64_t v);
void fz_stmt_bind_text(struct fz_stmt *st, int idx, const char *v);
void fz_stmt_bind_textn(struct fz_stmt *st, int idx, const char *v, size_t n);
void fz_stmt_bind_blob(struct fz_stmt *st, int idx, const void *v, size_t n);
void fz_stmt_bind_null(struct fz_stmt *st, int idx);
void fz_stmt_bind_double(struct fz_stmt *st, int idx, double v);

/* Step: 1 = a row is ready, 0 = done, negative = error (FZ_ECONFLICT for a
 * UNIQUE/PRIMARY KEY/CHECK/foreign-key violation, FZ_EIO otherwise). */
int fz_stmt_step(struct fz_stmt *st, struct fz_err *err);

/* Column readers for the current row; col starts at 0.  Text and blob
 * pointers stay valid until the next step or finish. */
int64_t fz_stmt_int(struct fz_stmt *st, int col);
double fz_stmt_double(struct fz_stmt *st, int col);
const char *fz_stmt_text(struct fz_stmt *st, int col); /* "" for NULL */
const void *fz_stmt_blob(struct fz_stmt *st, int col, size_t *len);
int fz_stmt_is_null(struct fz_stmt *st, int col);
int fz_stmt_columns(struct fz_stmt *st);
const char *fz_stmt_column_name(struct fz_stmt *st, int col);

/* Reset the statement, clear its binds and give it back to the cache. */
void fz_stmt_finish(struct fz_stmt *st);

/* Shorthands.  fmt holds one letter per parameter:
 *   i int   I int64_t   t const char * (NULL = SQL NULL)
 *   b const void *, size_t   n (no argument) SQL NULL   d double
 * fz_store_run() executes a statement that returns no rows.
 * fz_store_query() prepares and binds; the caller steps and finishes. */
int fz_store_run(struct fz_store *s, struct fz_err *err, const char *sql,
		 const char *fmt, ...);
int fz_store_query(struct fz_store *s, struct fz_stmt **out,
		   struct fz_err *err, const char *sql, const char *fmt, ...);
/* One integer from the first column of the first row; *out untouched and 0
 * returned when there is no row (check with the return: 1 found, 0 none). */
int fz_store_int(struct fz_store *s, int64_t *out, struct fz_err *err,
		 const char *sql, const char *fmt, ...);

int64_t fz_store_last_id(struct fz_store *s);
int fz_store_changes(struct fz_store *s);

/* Online backup of the whole database to a new file at path (safe while
 * other connections write); the copy is a consistent snapshot. */
int fz_store_backup(struct fz_store *s, const char *path, struct fz_err *err);
/* Check that the file at path is a sound fazhi database (integrity_check
 * and a schema_migrations table). */
int fz_store_check_file(const char *path, struct fz_err *err);

/* Full-text tokenizers written in C (engine/search) are registered here
 * under a name and become available to every connection opened after.
 * tokenize() calls emit() for each token with its byte offsets in text;
 * it stops and returns emit's value when that is non-zero.  for_query is 1
 * when the text is a query rather than a document. */
typedef int (*fz_tok_emit)(void *ctx, const char *tok, int len, int start,
			   int end);
struct fz_tokenizer {
	const char *name;
	int (*tokenize)(const char *text, int len, int for_query,
			fz_tok_emit emit, void *ctx);
};
void fz_store_register_tokenizer(const struct fz_tokenizer *tk);

#endif
