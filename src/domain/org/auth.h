/* auth.h - logins, sessions, lockout, bearer tokens.
 *
 * Expectations of GB/T 22239-2019 level 3 (shared/reference/crypto.md §5):
 * 8.1.4.1 a) unique identities and complex passwords (policy in crypto/pw),
 * 8.1.4.1 b) limit failed attempts (5 in a row lock the account for 15
 * minutes, a practice value) and end idle sessions (30 minutes),
 * 8.1.4.3 a) every login, logout and failed login is audited. */
#ifndef FZ_DOMAIN_ORG_AUTH_H
#define FZ_DOMAIN_ORG_AUTH_H

#include <stdint.h>

#include "core/err.h"
#include "http/route.h"

struct fz_store;

#define FZ_AUTH_MAX_FAILURES 5
#define FZ_AUTH_LOCK_SECONDS (15 * 60)
#define FZ_AUTH_IDLE_SECONDS (30 * 60)
#define FZ_AUTH_MAX_AGE_SECONDS (12 * 60 * 60)

/* Resolve a session cookie value.  0 and *u filled, csrf (65 bytes) set to
 * the session's CSRF token and sess_hash (65 bytes) to the session key;
 * FZ_EAUTH when unknown, expired or the user is locked. */
int fz_auth_from_session(struct fz_store *db, const char *token,
			 struct fz_user *u, char *csrf, char *sess_hash,
			 struct fz_err *err);

/* Resolve a bearer token used from ip.  0 and *u filled (u->via_token =
 * 1, u->role narrowed to the token's roles); the token's last use time and
 * address are written at most once a minute.  FZ_EAUTH when unknown,
 * revoked, expired, the owner is locked, or the owner's role no longer
 * overlaps the token's (domain/org/token.h). */
int fz_auth_from_bearer(struct fz_store *db, const char *token,
			const char *ip, struct fz_user *u, struct fz_err *err);

/* Check a login and open a session.  On success token and csrf (65 bytes
 * each) hold the new session's cookie value and CSRF token, and *u the
 * user.  FZ_EAUTH for a wrong pair (one message for unknown login and
 * wrong password), FZ_ELOCKED when locked.  Audits either way.
 * When the password is right but a second factor is due, no session is
 * opened: the answer is FZ_MFA_TOTP (enter a code) or FZ_MFA_ENROL (enrol
 * first), token holds the login challenge and csrf is "" (domain/org/mfa.h). */
int fz_auth_login(struct fz_store *db, const char *login, const char *password,
		  const char *ip, struct fz_user *u, char *token, char *csrf,
		  struct fz_err *err);

/* Inside the caller's transaction: clear the failure count, open a
 * session for u (factor: "" for a password alone, "totp" or "recovery"
 * for the second factor used, kept on the session) and audit the login.
 * token and csrf get 65 bytes each; u->second_factor is set. */
int fz_auth_open_session(struct fz_store *db, struct fz_user *u,
			 const char *ip, const char *factor, char *token,
			 char *csrf, struct fz_err *err);

/* Count a failed second step of u against the login limit, in its own
 * transaction, audited (reason why).  1 when it locked the account. */
int fz_auth_failed(struct fz_store *db, const struct fz_user *u,
		   const char *ip, const char *why);

/* 1 when user_id is locked (by an administrator or failed logins), 0 if
 * not, negative on a database error. */
int fz_auth_locked(struct fz_store *db, int64_t user_id, struct fz_err *err);

/* End the session whose key is sess_hash.  Audited. */
int fz_auth_logout(struct fz_store *db, const struct fz_user *u,
		   const char *sess_hash, const char *ip, struct fz_err *err);

/* Change the caller's own password (old one required), end all the user's
 * sessions and tokens and open a fresh session (token, csrf).  Audited. */
int fz_auth_change_password(struct fz_store *db, const struct fz_user *u,
			    const char *old_pw, const char *new_pw,
			    const char *ip, char *token, char *csrf,
			    struct fz_err *err);

/* Load user id into *u (for handlers and the CLI).  FZ_ENOTFOUND. */
int fz_auth_load_user(struct fz_store *db, int64_t id, struct fz_user *u,
		      struct fz_err *err);

#endif
