/* token.h - bearer tokens for integrations: owner, roles, expiry, revoke.
 *
 * A token acts for one user (its owner) with a role set no wider than the
 * owner's role, until it expires (90 days unless asked otherwise, at most
 * a year) or is revoked.  Changing the owner's password, role, or locking
 * the owner revokes every token of the owner, as for sessions: a
 * credential must not outlive the decision that ended its owner's access
 * (GB/T 22239-2019 8.1.4.2 c: remove surplus or expired accounts; 8.1.4.1
 * for the identification of every caller).  A request authenticated by a
 * token cannot create tokens (FZ_ETOKEN): a stolen token must not be able
 * to give itself a longer life.  Only the SM3 hash of a token is stored;
 * the token itself is shown once, when it is created. */
#ifndef FZ_DOMAIN_ORG_TOKEN_H
#define FZ_DOMAIN_ORG_TOKEN_H

#include <stdint.h>

#include "core/err.h"
#include "domain/org/org.h"

#define FZ_TOKEN_DAYS_DEFAULT 90
#define FZ_TOKEN_DAYS_MAX 365
/* The last-use time and address are written at most this often, so that
 * a busy integration does not turn every read into a write. */
#define FZ_TOKEN_TOUCH_SECONDS 60

struct fz_token_new {
	const char *name;   /* purpose, 1-32 characters */
	int64_t user_id;    /* owner */
	int roles;          /* role bits within the owner's role; 0: the owner's */
	int days;           /* life in days, 1-365; 0: 90 */
};

/* Create a token for t->user_id; token (65 bytes) gets its text, *id its
 * id.  a->user (when set) is who asks: a non-administrator may create
 * tokens only for themself, and nobody through a token (FZ_ETOKEN).
 * FZ_EINVAL (name, roles wider than the owner's, days out of range),
 * FZ_ENOTFOUND (owner), FZ_ESTATE (owner locked), FZ_EFORBID.  Runs its
 * own transaction and audits "token.create". */
int fz_token_create(struct fz_store *db, const struct fz_actor *a,
		    const struct fz_token_new *t, int64_t *id, char *token,
		    struct fz_err *err);

/* One token as lists show it.  Strings live during the callback only. */
struct fz_token_info {
	int64_t id;
	const char *name;
	int64_t user_id;
	const char *login;       /* owner's login and name */
	const char *user_name;
	int roles;
	const char *created_at;  /* ISO 8601 UTC */
	int64_t expires_at;      /* Unix seconds */
	int64_t last_used_at;    /* Unix seconds, 0 never */
	const char *last_used_ip;
	int revoked;
	const char *revoked_at;  /* "" when live */
	const char *revoke_reason;
};

/* Tokens newest first, of owner only (0: everyone's), skipping offset and
 * calling fn for at most limit; *total gets the count.  fn returns 0 to go
 * on.  0 or a storage error. */
int fz_token_each(struct fz_store *db, int64_t owner, int64_t offset,
		  int64_t limit, int64_t *total,
		  int (*fn)(const struct fz_token_info *t, void *arg), void *arg,
		  struct fz_err *err);

/* Revoke token id.  owner != 0 limits it to that owner's tokens (others
 * answer FZ_ENOTFOUND, as if missing).  FZ_ESTATE when already revoked.
 * Runs its own transaction and audits "token.revoke". */
int fz_token_revoke(struct fz_store *db, const struct fz_actor *a,
		    int64_t id, int64_t owner, struct fz_err *err);

/* Revoke every live token of user_id because why (Chinese: "密码已修改"),
 * inside the caller's open transaction; one "token.revoke_all" audit
 * entry when there was any.  0 or a storage error. */
int fz_token_revoke_user(struct fz_store *db, const struct fz_actor *a,
			 int64_t user_id, const char *why, struct fz_err *err);

/* The unit path of token id's owner, for the access policy (record kind
 * "org.token"): 1 found, 0 none, negative on error. */
int fz_token_unit_path(struct fz_store *db, int64_t id, char *path, size_t n,
		       struct fz_err *err);

/* The owner of token id into *owner: 1 found, 0 none, negative on error. */
int fz_token_owner(struct fz_store *db, int64_t id, int64_t *owner,
		   struct fz_err *err);

/* Migrations of the token columns, part of fz_org_migrations. */
#define FZ_TOKEN_MIGRATION_2                                                  \
	"ALTER TABLE api_tokens ADD COLUMN roles INTEGER NOT NULL DEFAULT 0;"  \
	"ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;" \
	"ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;" \
	"ALTER TABLE api_tokens ADD COLUMN last_used_ip TEXT NOT NULL DEFAULT '';" \
	"ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT NOT NULL DEFAULT '';" \
	"ALTER TABLE api_tokens ADD COLUMN revoke_reason TEXT NOT NULL DEFAULT '';" \
	"CREATE INDEX api_tokens_user ON api_tokens(user_id);"                   \
	/* Tokens of older versions never expire and act with the owner's    \
	 * full role: end them; their owners create new ones. */              \
	"UPDATE api_tokens SET revoked = 1,"                                    \
	" revoke_reason = '升级：旧版令牌没有有效期，已统一撤销' WHERE revoked = 0"

#endif
