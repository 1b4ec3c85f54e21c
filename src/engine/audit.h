/* audit.h - the append-only, SM3 hash-chained audit log.
 *
 * Every write, login, logout and failed login appends one entry.  Each entry
 * stores the SM3 hash of its own content together with the hash of the entry
 * before it, so editing or deleting any row breaks the chain from that row
 * on; a separate head row (count and last hash) catches deleting the tail.
 * Append inside the same transaction as the write it records, so the record
 * and its audit entry commit or vanish together. */
#ifndef FZ_ENGINE_AUDIT_H
#define FZ_ENGINE_AUDIT_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct fz_audit_entry {
	int64_t actor_id;      /* 0 for anonymous or the system */
	const char *actor;     /* login name, "" for anonymous; masked data only */
	int64_t unit_id;       /* actor's unit, 0 when none */
	const char *action;    /* stable verb: "login", "login_failed", "user.create" */
	const char *object;    /* "user:17", "unit:4", "" */
	const char *detail;    /* short text, personal data already masked; may be NULL */
	const char *ip;        /* client address, "" for the CLI */
	int ok;                /* 1 success, 0 refused or failed */
};

/* Append e.  Must run inside a transaction (fz_store_begin); FZ_ESTATE if
 * not.  Fails with FZ_EIO on a storage error. */
int fz_audit_append(struct fz_store *db, const struct fz_audit_entry *e,
		    struct fz_err *err);

/* Walk the whole chain.  Returns 0 when sound; FZ_ECONFLICT when broken,
 * with *bad_seq set to the first entry that does not verify (or the count
 * the head expects when rows are missing at the end), and err->msg saying
 * what is wrong.  *count gets the number of entries checked. */
int fz_audit_verify(struct fz_store *db, int64_t *count, int64_t *bad_seq,
		    struct fz_err *err);

/* One stored entry as the audit page shows it: its sequence number, time
 * and fields.  The strings live only during the callback. */
struct fz_audit_row {
	int64_t seq;
	const char *at;            /* UTC, "2026-11-28T03:04:05Z" */
	struct fz_audit_entry e;
};

/* A page of the log, newest first: the entries whose action is action and
 * whose actor is actor (NULL or "": any), skipping offset of them and
 * calling fn for at most limit; *total gets the number that match.  fn
 * returns 0 to go on, or a value that stops and is returned.  The log is
 * read only here, so its schema stays this file's (docs/architecture.md,
 * "Who reads which table"). */
int fz_audit_page(struct fz_store *db, const char *action, const char *actor,
		  int64_t offset, int64_t limit, int64_t *total,
		  int (*fn)(const struct fz_audit_row *r, void *arg), void *arg,
		  struct fz_err *err);

/* Schema of this module, for src/app.c. */
extern const struct fz_migration fz_audit_migrations[];

#endif
