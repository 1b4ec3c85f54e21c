/* err.h - error codes and the error struct every fallible function fills.
 *
 * Convention (ARCHITECTURE.md): a function returns 0 on success or a
 * negative FZ_E* code, and fills a caller-provided struct fz_err with the
 * code, the offending field (may be empty), a stable English key for
 * programs and a Chinese message for people.  Error numbers are forever:
 * never renumber, only append. */
#ifndef FZ_CORE_ERR_H
#define FZ_CORE_ERR_H

enum fz_errcode {
	FZ_OK = 0,
	FZ_EINVAL = -1,     /* bad input: a field fails validation        400 */
	FZ_EBADJSON = -2,   /* request body is not the JSON we expect     400 */
	FZ_ENOTFOUND = -3,  /* no such object or route                    404 */
	FZ_EAUTH = -4,      /* not logged in, or bad credentials          401 */
	FZ_EFORBID = -5,    /* logged in, but the role may not do this    403 */
	FZ_ECSRF = -6,      /* state-changing request without CSRF token  403 */
	FZ_ECONFLICT = -7,  /* duplicate or conflicting state             409 */
	FZ_ETOOBIG = -8,    /* body or upload over its ceiling            413 */
	FZ_ELOCKED = -9,    /* account locked after failed logins         423 */
	FZ_ERATE = -10,     /* rate limit reached                         429 */
	FZ_EMETHOD = -11,   /* route exists, method does not              405 */
	FZ_ESTATE = -12,    /* operation not allowed in the current state 409 */
	FZ_EPWCHANGE = -13, /* password must be changed before going on   403 */
	FZ_ENOMEM = -14,    /* out of memory                              500 */
	FZ_EIO = -15,       /* storage or file-system failure             500 */
	FZ_EINTERNAL = -16, /* a bug: should not happen                   500 */
	FZ_EQUERY = -17,    /* malformed search query                     400 */
	FZ_ETOKEN = -18,    /* needs a login: a bearer token may not      403 */
	FZ_EUNAVAIL = -19,  /* cannot record what the request needs to    503
			     * leave behind (disk full): refused whole */
	FZ_EMEDIA = -20,    /* body sent with a media type we do not take 415 */
	FZ_ECODE_MIN = -20
};

struct fz_err {
	int code;           /* one of enum fz_errcode, 0 when clear */
	char field[64];     /* offending input field, "" when none */
	char msg[256];      /* Chinese, for people; UTF-8 */
};

#define FZ_ERR_INIT { 0, "", "" }

/* Stable English key for a code ("invalid", "not_found", ...). Never NULL. */
const char *fz_err_key(int code);
/* HTTP status that matches a code (400, 404, ...). */
int fz_err_http_status(int code);
/* Default Chinese message for a code. Never NULL. */
const char *fz_err_default_msg(int code);

/* Fill err (which may be NULL) and return code, so callers can write
 * `return fz_err_set(err, FZ_EINVAL, "phone", "手机号格式不正确");`.
 * field and fmt may be NULL; a NULL fmt uses the default message. */
int fz_err_set(struct fz_err *err, int code, const char *field,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void fz_err_clear(struct fz_err *err);

#endif
