/* audit.h - the append-only audit log, chained with HMAC-SM3.
 *
 * Every write, login, logout and failed login appends one entry.  Each entry
 * stores the HMAC-SM3 of its own content together with the MAC of the entry
 * before it, so editing or deleting any row breaks the chain from that row
 * on; a separate head row (count and last MAC) catches deleting the tail.
 * The MAC key comes from the key file, not the database, so whoever can
 * write the database file alone cannot recompute the chain after a change
 * (GB/T 22239-2019 8.1.4.3 c).  Cutting the tail and resetting the head to
 * an earlier entry needs no key; signed anchors kept outside the server
 * (fz_audit_anchor) catch that.
 * Append inside the same transaction as the write it records, so the record
 * and its audit entry commit or vanish together. */
#ifndef FZ_ENGINE_AUDIT_H
#define FZ_ENGINE_AUDIT_H

#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

struct fz_keys;

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

/* Derive this process's chain key from the key file k (NULL forgets it).
 * Call once before any thread appends; the key is only read afterwards.
 * 0 or FZ_EINTERNAL. */
int fz_audit_use_keys(const struct fz_keys *k, struct fz_err *err);

/* On first open with a key: a chain still in the plain SM3 form of older
 * versions is verified and, when sound, re-keyed (every entry's MAC
 * recomputed) in one transaction that also appends an "audit.rekey"
 * entry; *rekeyed is then 1.  A plain chain that does not verify is left
 * as it is and FZ_ECONFLICT says where it breaks: re-keying it would hide
 * the tampering.  A keyed chain: 0, or FZ_EINVAL when it was keyed by
 * another key file.  FZ_ESTATE without fz_audit_use_keys. */
int fz_audit_upgrade(struct fz_store *db, int *rekeyed, struct fz_err *err);

/* 1 when the chain is keyed (HMAC-SM3), 0 when it is still a plain SM3
 * chain of an older version, which proves nothing against someone who
 * can write the file; negative on a storage error. */
int fz_audit_keyed(struct fz_store *db, struct fz_err *err);

/* Walk the whole chain.  Returns 0 when sound; FZ_ECONFLICT when broken,
 * with *bad_seq set to the first entry that does not verify (or the count
 * the head expects when rows are missing at the end), and err->msg saying
 * what is wrong.  *count gets the number of entries checked.  A keyed
 * chain needs fz_audit_use_keys first (FZ_ESTATE without it, FZ_EINVAL
 * for another district's key file).  A plain chain of an older version
 * is walked with SM3; with a key loaded it then still fails
 * (FZ_ECONFLICT, *bad_seq 0), since it proves nothing.  Appending to a
 * plain chain with a key loaded is refused too (a downgraded head). */
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

/* What fz_audit_page_filtered lists.  With only_ids set, only the entries
 * made by the actors actor_ids names (at most FZ_AUDIT_MAX_ACTOR_IDS; none
 * named: no entry): so the system and security administrators read the
 * audit administrator's own actions and nothing else (三员分立,
 * docs/security.md). */
#define FZ_AUDIT_MAX_ACTOR_IDS 64
struct fz_audit_filter {
	const char *action;        /* NULL or "": any */
	const char *actor;         /* login; NULL or "": any */
	const int64_t *actor_ids;
	size_t n_actor_ids;
	int only_ids;
};

/* As fz_audit_page, with the filter f. */
int fz_audit_page_filtered(struct fz_store *db, const struct fz_audit_filter *f,
			   int64_t offset, int64_t limit, int64_t *total,
			   int (*fn)(const struct fz_audit_row *r, void *arg),
			   void *arg, struct fz_err *err);

/* Anchor the chain for keeping outside the server: verify it, append an
 * "audit.anchor" entry, and append to line one text line naming that
 * entry (the new head): its sequence number, time and MAC, signed with
 * the district's SM2 key of k (GB/T 35276-2017 default ID):
 *
 *   fazhi-audit-anchor 1 seq=N at=TIME head=MAC key=KEYID sig=DERHEX
 *
 * The signature covers everything before " sig=".  Runs its own
 * transaction.  FZ_ECONFLICT when the chain does not verify (nothing is
 * appended), FZ_ESTATE when it is not keyed yet. */
int fz_audit_anchor(struct fz_store *db, const struct fz_keys *k,
		    struct fz_buf *line, struct fz_err *err);

/* Check one anchor line against the chain: a valid signature by k's SM2
 * key, and the entry it names still there with the same MAC and time -
 * since each MAC covers every entry before it, nothing up to that entry
 * was removed or changed.  0; FZ_EINVAL for a malformed or badly signed
 * line; FZ_ECONFLICT when the chain no longer holds the anchored entry.
 * *seq gets the anchored sequence number (0 when unreadable). */
int fz_audit_anchor_check(struct fz_store *db, const struct fz_keys *k,
			  const char *line, int64_t *seq, struct fz_err *err);

/* Schema of this module, for src/app.c. */
extern const struct fz_migration fz_audit_migrations[];

/* ---- words for people ----
 *
 * An entry names its object as "kind:id" ("case:26591", "user:4") or as
 * a kind alone ("audit_log"), and its action as a stable verb.  What a
 * person reads on the 审计日志 page is the object's name (the 案号, the
 * user's name, the 图样登记号) and, for a verb that the object's module
 * names better than the page's fixed list (a case's step: "case.decide"
 * is that case type's "作出处罚决定"), the action's name.  The module
 * that writes objects of a kind names them; app.c lists the namers. */
struct fz_audit_namer {
	const char *kind;  /* "case" */
	/* The object kind:id (id 0 for a kind alone) into obj (n bytes), and
	 * into act the action's name when the module has one (else leave it
	 * ""); 0, or negative when the record cannot be read (the page then
	 * says the kind's label alone).  NULL: the label is the name (a
	 * whole table, "review_cases" of a demo or import). */
	int (*name)(struct fz_store *db, int64_t id, const char *action,
		    char *obj, char *act, size_t n);
	const char *label; /* "案件": said when the record is gone */
};

/* Every module's namers, ended by kind == NULL (defined in app.c). */
extern const struct fz_audit_namer fz_app_audit_namers[];

/* The words for object and action (above) into obj and act (n bytes
 * each): "" for either when no namer knows it. */
void fz_audit_words(struct fz_store *db, const struct fz_audit_namer *namers,
		    const char *object, const char *action, char *obj,
		    char *act, size_t n);

#endif
