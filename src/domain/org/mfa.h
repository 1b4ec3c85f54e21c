/* mfa.h - the second factor: TOTP (crypto/totp.h, RFC 6238) and one-time
 * recovery codes, for GB/T 22239-2019 8.1.4.1 d) ("two or more
 * authentication techniques combined, at least one of them
 * cryptographic"): the password, and a code only the holder of the
 * secret can compute.
 *
 * Who needs it: the three administrators (系统, 安全, 审计管理员), the
 * rule-of-law office and the 司法局 (FZ_MFA_ROLES); anyone else may enrol.
 * A user of those roles without a second factor enrols at the next login
 * and has no session until that is done.
 *
 * Login with a second factor is two requests.  A correct password gives
 * a login challenge (random, stored only as its SM3 hash, valid
 * FZ_MFA_CHALLENGE_SECONDS, good for nothing but the second step); the
 * challenge and a code open the session, which records the factor used.
 * A wrong code counts against the login limit like a wrong password
 * (auth.h), so the password alone cannot try codes without end.
 *
 * At rest: the secret is SM4-sealed with the personal-data keys
 * (crypto/sm.h, fz_sm4_seal); recovery codes are kept only as keyed
 * HMAC-SM3 blind indexes (fz_blind_index), shown once when made; the last
 * accepted time step is kept so a code is never accepted twice (RFC 6238
 * §5.2). */
#ifndef FZ_DOMAIN_ORG_MFA_H
#define FZ_DOMAIN_ORG_MFA_H

#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "http/route.h"
#include "store/store.h"

struct fz_keys;
struct fz_actor;

#define FZ_MFA_ROLES (FZ_ROLE_ADMIN | FZ_ROLE_SECADMIN | FZ_ROLE_AUDITOR | \
		      FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE)
#define FZ_MFA_CHALLENGE_SECONDS (5 * 60)
#define FZ_MFA_RECOVERY_CODES 10
#define FZ_MFA_RECOVERY_LEN 12     /* "ABCDE-FGHIJ" and the NUL */

/* What fz_auth_login answers instead of 0 when the password was right and
 * a second step is due (positive, so no error). */
#define FZ_MFA_TOTP 1   /* enter a code from the app, or a recovery code */
#define FZ_MFA_ENROL 2  /* the role needs one and none is enrolled yet */

/* The schema: secrets, recovery codes, login challenges, and the factor
 * each session was opened with.  Listed in org.c's migrations. */
#define FZ_MFA_MIGRATION_4                                                   \
	"CREATE TABLE user_totp ("                                           \
	" user_id INTEGER PRIMARY KEY REFERENCES users(id),"                 \
	" secret_enc TEXT,"       /* sealed base32 secret; NULL: none */      \
	" pending_enc TEXT,"      /* sealed secret waiting for a code */      \
	" enrolled_at TEXT,"                                                 \
	" last_step INTEGER NOT NULL DEFAULT 0);"                            \
	"CREATE TABLE user_recovery_codes ("                                 \
	" id INTEGER PRIMARY KEY,"                                           \
	" user_id INTEGER NOT NULL REFERENCES users(id),"                    \
	" code_idx TEXT NOT NULL,"                                           \
	" used_at TEXT);"                                                    \
	"CREATE INDEX user_recovery_codes_user ON user_recovery_codes(user_id);" \
	"CREATE TABLE login_challenges ("                                    \
	" id_hash TEXT PRIMARY KEY,"                                         \
	" user_id INTEGER NOT NULL REFERENCES users(id),"                    \
	" kind TEXT NOT NULL,"     /* totp, enrol */                         \
	" created_at INTEGER NOT NULL,"                                      \
	" ip TEXT NOT NULL);"                                                \
	"ALTER TABLE sessions ADD COLUMN second_factor TEXT NOT NULL DEFAULT ''"

/* 1 when role must log in with a second factor. */
int fz_mfa_required(int role);

/* 1 when user_id has a confirmed TOTP secret, 0 if not, negative on a
 * database error. */
int fz_mfa_enrolled(struct fz_store *db, int64_t user_id, struct fz_err *err);

/* Called by fz_auth_login after a correct password: 0 when no second step
 * is due; FZ_MFA_TOTP or FZ_MFA_ENROL with challenge (65 bytes) set to a
 * fresh login challenge; negative on a database error. */
int fz_mfa_gate(struct fz_store *db, const struct fz_user *u, const char *ip,
		char *challenge, struct fz_err *err);

/* A new secret waiting for its first code. */
struct fz_mfa_secret {
	char base32[64];  /* for typing into an app by hand */
	char uri[256];    /* otpauth://totp/... (the Key Uri Format) */
	struct fz_buf svg; /* the URI as a QR code, SVG; fz_buf_release it */
};

/* Make a fresh secret for u and keep it sealed as pending (replacing any
 * earlier pending one; an enrolled secret stays until the new one is
 * confirmed).  Own transaction, audited.  *out is filled. */
int fz_mfa_begin(struct fz_store *db, const struct fz_keys *keys,
		 const struct fz_actor *a, const struct fz_user *u,
		 struct fz_mfa_secret *out, struct fz_err *err);

/* Confirm the pending secret of user_id with a code from the app: it
 * becomes the enrolled secret and FZ_MFA_RECOVERY_CODES fresh recovery
 * codes replace the old ones (written into codes, shown once).  Inside the
 * caller's transaction, audited.  FZ_EINVAL (field code) for a wrong
 * code, FZ_ESTATE when nothing is pending. */
int fz_mfa_confirm(struct fz_store *db, const struct fz_keys *keys,
		   const struct fz_actor *a, int64_t user_id, const char *code,
		   char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN],
		   struct fz_err *err);

/* The second step of a login: challenge from the first, and a code from
 * the app (or recovery, a recovery code, which is then spent).  For an
 * enrolment challenge the code confirms the pending secret and codes gets
 * the new recovery codes (*enrolled = 1).  0 with a session open (token,
 * csrf, *u; the session records the factor).  FZ_EAUTH for an unknown or
 * expired challenge or a wrong code (counted as a failed login against
 * the login limits of auth.h), FZ_ERATE with *retry_after seconds while
 * one holds, FZ_ELOCKED when an administrator locked the account,
 * FZ_EUNAVAIL when a failure cannot be recorded, FZ_EINVAL for a
 * malformed body.  Audited either way. */
struct fz_mfa_login {
	const char *challenge;
	const char *code;      /* six digits, or NULL */
	const char *recovery;  /* a recovery code, or NULL */
	const char *ip;
};
int fz_mfa_login(struct fz_store *db, const struct fz_keys *keys,
		 const struct fz_mfa_login *in, struct fz_user *u, char *token,
		 char *csrf, char codes[FZ_MFA_RECOVERY_CODES][FZ_MFA_RECOVERY_LEN],
		 int *enrolled, int *retry_after, struct fz_err *err);

/* The user of an enrolment challenge: the secret to show (fz_mfa_begin)
 * before any session exists.  FZ_EAUTH for an unknown, expired or non-
 * enrolment challenge. */
int fz_mfa_enrol_challenge(struct fz_store *db, const struct fz_keys *keys,
			   const char *challenge, const char *ip,
			   struct fz_mfa_secret *out, struct fz_err *err);

/* Remove user_id's second factor (secret, pending secret, recovery codes)
 * and end their sessions: they enrol again at the next login if their
 * role needs it.  By the security administrator.  Own transaction,
 * audited. */
int fz_mfa_reset(struct fz_store *db, const struct fz_actor *a,
		 int64_t user_id, struct fz_err *err);

/* Enrol user_id directly with a fresh secret, written as base32 into b32
 * (64 bytes), without a confirming code: for `fazhi demo` only, whose
 * users' secrets are printed for the tests and the demonstration.  Inside
 * the caller's transaction or none. */
int fz_mfa_enrol_direct(struct fz_store *db, const struct fz_keys *keys,
			int64_t user_id, char *b32, struct fz_err *err);

/* How many unused recovery codes user_id has left. */
int fz_mfa_recovery_left(struct fz_store *db, int64_t user_id, int64_t *n,
			 struct fz_err *err);

#endif
