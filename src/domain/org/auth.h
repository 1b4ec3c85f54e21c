/* auth.h - logins, login limits, sessions, bearer tokens.
 *
 * Expectations of GB/T 22239-2019 level 3 (shared/reference/crypto.md §5):
 * 8.1.4.1 a) unique identities, complex passwords changed periodically
 * (policy in crypto/pw; 90 days is a practice value),
 * 8.1.4.1 b) limit failed attempts and end idle sessions (30 minutes),
 * 8.1.4.3 a) every login, logout, failed and refused login is audited.
 *
 * Login limits.  A hard lock after five failures let anyone lock anyone
 * out, the administrator included (issue 13, finding 3).  Failures now
 * slow guessing down instead of locking, counted three ways:
 *  - one login name from one address: after FZ_AUTH_PAIR_FREE failures
 *    in a row each further try waits FZ_AUTH_DELAY_BASE seconds, doubled
 *    with every failure, at most FZ_AUTH_DELAY_MAX.  This slows the
 *    guesser's address only; the owner at another address logs in.
 *  - one login name from all addresses: past FZ_AUTH_NAME_FREE failures
 *    in FZ_AUTH_NAME_WINDOW the same doubling delay holds for every
 *    address.  Looser, so that one address alone (which the first rule
 *    holds to about a dozen tries an hour) never reaches it; it is what
 *    stops guessing spread over many addresses, at the price that such an
 *    attack delays (never locks) the owner too.  An administrator's
 *    unlock clears the counts.
 *  - one address, any names: FZ_AUTH_ADDR_MAX failures in
 *    FZ_AUTH_ADDR_WINDOW, then every login from it waits for the window
 *    to pass (one address cannot spray one password over many names).
 * The counts are kept per login name as typed, whether the name exists or
 * not, so an unknown name answers exactly like a known one. */
#ifndef FZ_DOMAIN_ORG_AUTH_H
#define FZ_DOMAIN_ORG_AUTH_H

#include <stdint.h>

#include "core/err.h"
#include "http/route.h"

struct fz_store;

#define FZ_AUTH_PAIR_FREE 5
#define FZ_AUTH_NAME_FREE 20
#define FZ_AUTH_NAME_WINDOW (60 * 60)
#define FZ_AUTH_ADDR_MAX 20
#define FZ_AUTH_ADDR_WINDOW (10 * 60)
#define FZ_AUTH_DELAY_BASE 30
#define FZ_AUTH_DELAY_MAX (15 * 60)
#define FZ_AUTH_FORGET_SECONDS (24 * 60 * 60) /* a day without failure */
#define FZ_AUTH_PW_MAX_AGE_DAYS 90
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
 * user (must_change_password set when the password is older than the
 * maximum age).  Fails with FZ_EAUTH for a wrong pair (one message for an
 * unknown login and a wrong password), FZ_ERATE with *retry_after seconds
 * while a login limit holds (above), FZ_ELOCKED for the right password of
 * an account an administrator locked, and FZ_EUNAVAIL when the attempt
 * cannot be recorded (counts, audit, session: disk full): then nothing
 * has changed and nobody is logged in.  Audits every outcome.
 * When the password is right but a second factor is due, no session is
 * opened and the pair's failures stay counted: the answer is FZ_MFA_TOTP
 * (enter a code) or FZ_MFA_ENROL (enrol first), token holds the login
 * challenge and csrf is "" (domain/org/mfa.h). */
int fz_auth_login(struct fz_store *db, const char *login, const char *password,
		  const char *ip, struct fz_user *u, char *token, char *csrf,
		  int *retry_after, struct fz_err *err);

/* Passwords older than days must be changed at the next login (0: never).
 * FZ_AUTH_PW_MAX_AGE_DAYS until set; set once, before serving starts. */
void fz_auth_set_password_max_age(int days);

/* Inside the caller's transaction, once every factor due is checked:
 * forget the failures of u's login from ip, set last_login_at (and
 * must_change when the password is past its maximum age, then also
 * u->must_change_password), open a session for u (factor: "" for a
 * password alone, "totp" or "recovery" for the second factor used, kept
 * on the session) and audit the login.  token and csrf get 65 bytes each;
 * u->second_factor is set. */
int fz_auth_open_session(struct fz_store *db, struct fz_user *u,
			 const char *ip, const char *factor, char *token,
			 char *csrf, struct fz_err *err);

/* The login limits (above) for login from ip, before any factor is
 * checked: 0 when the attempt may go on; FZ_ERATE with *retry_after
 * seconds while one holds (audited as login.throttled, for user uid of
 * unit, 0 when unknown); FZ_EUNAVAIL when that cannot be checked or
 * recorded. */
int fz_auth_wait(struct fz_store *db, int64_t uid, const char *login,
		 int64_t unit, const char *ip, int *retry_after,
		 struct fz_err *err);

/* Count a failed second step of u from ip against the login limits like
 * a wrong password, audited (detail why), in its own transaction.  0, or
 * FZ_EUNAVAIL when it cannot be recorded (the caller refuses the login). */
int fz_auth_failed(struct fz_store *db, const struct fz_user *u,
		   const char *ip, const char *why, struct fz_err *err);

/* 1 when an administrator locked user_id, 0 if not, negative on a
 * database error. */
int fz_auth_locked(struct fz_store *db, int64_t user_id, struct fz_err *err);

/* End the session whose key is sess_hash.  Audited. */
int fz_auth_logout(struct fz_store *db, const struct fz_user *u,
		   const char *sess_hash, const char *ip, struct fz_err *err);

/* Change the caller's own password (old one required; not one of the
 * last FZ_ORG_PW_HISTORY), end all the user's sessions and tokens and
 * open a fresh session (token, csrf).  Audited. */
int fz_auth_change_password(struct fz_store *db, const struct fz_user *u,
			    const char *old_pw, const char *new_pw,
			    const char *ip, char *token, char *csrf,
			    struct fz_err *err);

/* Load user id into *u (for handlers and the CLI).  FZ_ENOTFOUND. */
int fz_auth_load_user(struct fz_store *db, int64_t id, struct fz_user *u,
		      struct fz_err *err);

#endif
