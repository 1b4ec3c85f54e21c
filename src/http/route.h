/* route.h - what a domain module needs to serve HTTP: the request and
 * response objects, the route table row, roles.
 *
 * A module exports `const struct fz_route fz_<module>_routes[]`, ended by a
 * row with method == NULL, and src/app.c lists it.  The server matches the
 * path, checks login, role, CSRF and rate limits from the row, parses the
 * JSON body, opens nothing: the handler gets a ready struct fz_req. */
#ifndef FZ_HTTP_ROUTE_H
#define FZ_HTTP_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct fz_store;
struct fz_keys;

/* Roles (bit flags so a route lists several).  The anonymous public has
 * no bit: a route open to it carries FZ_ROUTE_PUBLIC.
 *
 * 三员分立 (GB/T 22239-2019 8.1.4.2 d, 8.1.5.1-8.1.5.3): the system
 * administrator (ADMIN) keeps units and accounts; the security
 * administrator (SECADMIN) changes roles, unlocks accounts, resets second
 * factors and manages every token; the audit administrator (AUDITOR)
 * reads and verifies the audit log and nothing else.  None of the three
 * routes is open to another, and no account holds two of the roles. */
enum fz_role {
	FZ_ROLE_ADMIN = 1 << 0,      /* 系统管理员: units, users */
	FZ_ROLE_OFFICE = 1 << 1,     /* 依法治区办: district-wide oversight */
	FZ_ROLE_JUSTICE = 1 << 2,    /* 司法局: 复议, review, mediation guidance */
	FZ_ROLE_OFFICER = 1 << 3,    /* 执法人员 of an enforcement agency */
	FZ_ROLE_TOWN = 1 << 4,       /* 镇街 staff */
	FZ_ROLE_COURT = 1 << 5,      /* 法院 */
	FZ_ROLE_PROCURATOR = 1 << 6, /* 检察院 */
	FZ_ROLE_SECADMIN = 1 << 7,   /* 安全管理员: roles, unlocks, second factors, tokens */
	FZ_ROLE_AUDITOR = 1 << 8,    /* 审计管理员: the audit log, read and verify */
};
/* Staff: the system administrator and every business role (the security
 * and audit administrators see no business data). */
#define FZ_ROLE_ANY 0x7f
/* The three administrators of 三员分立. */
#define FZ_ROLES_ADMINS (FZ_ROLE_ADMIN | FZ_ROLE_SECADMIN | FZ_ROLE_AUDITOR)
/* Every login: the caller's own account, session and tokens. */
#define FZ_ROLE_ALL 0x1ff
#define FZ_ROLE_LAST FZ_ROLE_AUDITOR

/* Route flags, each explained once here (STYLE.md, Redis command table):
 *  PUBLIC   no login needed; the handler sees req->user == NULL when anonymous
 *  WRITE    changes data: needs the CSRF token for cookie sessions, and the
 *           server wraps nothing: the handler opens its own transaction
 *  RATE     counted against the per-address rate limit (public endpoints)
 *  PWOK     allowed while the user must still change the initial password
 *  RAW      the body is not JSON (uploads, up to 16 MiB instead of the
 *           1 MiB JSON ceiling); req->json stays NULL */
enum fz_route_flags {
	FZ_ROUTE_PUBLIC = 1 << 0,
	FZ_ROUTE_WRITE = 1 << 1,
	FZ_ROUTE_RATE = 1 << 2,
	FZ_ROUTE_PWOK = 1 << 3,
	FZ_ROUTE_RAW = 1 << 4,
};

/* The logged-in caller.  unit_path is the unit's materialised path such as
 * "/1/4/17/", so "x is in my scope" is a prefix test. */
struct fz_user {
	int64_t id;
	char login[64];
	char name[64];
	int role;          /* exactly one enum fz_role bit */
	int64_t unit_id;
	char unit_path[256];
	char unit_name[128];
	int must_change_password;
	int via_token;     /* 1 when authenticated by a bearer token */
	int second_factor; /* 1 when the session was opened with a TOTP or
			      recovery code (GB/T 22239-2019 8.1.4.1 d) */
};

#define FZ_MAX_PARAMS 6

struct fz_req {
	const char *method;
	const char *path;              /* decoded path, without the query */
	const char *params[FZ_MAX_PARAMS]; /* {name} captures, in order */
	int nparams;
	json_t *json;                  /* parsed body (object), or NULL */
	const char *body;              /* raw body, NUL-terminated */
	size_t body_len;
	const struct fz_user *user;    /* NULL when anonymous */
	struct fz_store *db;           /* this worker thread's connection */
	const struct fz_keys *keys;    /* district keys: SM4 personal data, SM2 */
	char ip[64];                   /* client address, for audit */
	int cookie_secure;             /* add "Secure" to cookies (behind TLS) */
	char session_hash[65];         /* hex SM3 of the session token, or "" */
	char csrf[65];                 /* the session's CSRF token, or "" */
	void *conn;                    /* libmicrohttpd connection (server only) */
};

struct fz_resp {
	int status;                    /* 200 unless set */
	const char *content_type;      /* default application/json; charset=utf-8 */
	struct fz_buf body;
	char headers[1024];            /* extra "Name: value\r\n" lines */
	size_t nheaders;
};

typedef int (*fz_handler)(struct fz_req *req, struct fz_resp *resp,
			  struct fz_err *err);

/* A kind of record that a route's first {x} capture names (a case, a
 * finding, a wage lead ...), declared by the module that owns it.  Before
 * the handler runs, the server asks the access policy (struct fz_policy)
 * whether the caller may reach that record: the record's unit must lie in
 * the caller's data scope, or the answer is 404 with not_found, before the
 * handler reads, validates or writes anything. */
struct fz_record_kind {
	const char *key;       /* stable: "enforce.case" */
	const char *not_found; /* Chinese: "执法案件不存在" */
	int wide_roles;        /* roles that reach every record of this kind
				  (beyond the district-wide roles), e.g. the
				  司法局 over every mediation organisation */
	/* The unit path ("/1/4/17/") of record id into path: 1 found, 0 no
	 * such record of this kind, negative on a database error. */
	int (*unit_path)(struct fz_store *db, int64_t id, char *path, size_t n,
			 struct fz_err *err);
};

struct fz_route {
	const char *method;  /* "GET", "POST", "PUT", "DELETE" */
	const char *pattern; /* "/api/v1/users/{id}"; {x} matches one segment */
	fz_handler fn;
	int roles;           /* enum fz_role bits allowed; ignored if PUBLIC */
	int flags;           /* enum fz_route_flags */
	const struct fz_record_kind *record; /* what params[0] names, or NULL */
};

/* What the server asks of the access policy, which lives outside http
 * (src/domain/policy) and is installed by app.c, so that http includes no
 * domain header.  Every member is required. */
struct fz_policy {
	/* Resolve a session cookie: 0 with *u, csrf and sess_hash (65 bytes
	 * each) filled; any error means anonymous. */
	int (*session)(struct fz_store *db, const char *token, struct fz_user *u,
		       char *csrf, char *sess_hash, struct fz_err *err);
	/* Resolve a bearer token used from address ip: 0 with *u filled
	 * (via_token = 1, role narrowed to the token's); an unknown, expired
	 * or revoked token is an error, and the caller is anonymous. */
	int (*bearer)(struct fz_store *db, const char *token, const char *ip,
		      struct fz_user *u, struct fz_err *err);
	/* After login, role and CSRF checks and before the body is looked at:
	 * may req->user reach the record r->record names?  0 yes; otherwise an
	 * error (FZ_ENOTFOUND for a record out of scope) that the server
	 * answers without calling the handler. */
	int (*record)(struct fz_req *req, const struct fz_route *r,
		      struct fz_err *err);
};

/* Query-string argument, or NULL. */
const char *fz_req_arg(struct fz_req *req, const char *name);
/* Header value, or NULL. */
const char *fz_req_header(struct fz_req *req, const char *name);

/* Set the response to the JSON value (steals the reference). */
void fz_resp_json(struct fz_resp *resp, int status, json_t *v);
/* Add a header line; name and value must not contain CR or LF. */
void fz_resp_header(struct fz_resp *resp, const char *name, const char *value);


#endif

#ifndef FZ_HTTP_NAV
#define FZ_HTTP_NAV
/* One entry of the web UI's navigation; the table lives in src/app.c so a
 * later module adds its page by adding a row there. */
struct fz_nav {
	const char *key;   /* stable id, also picks the icon in the UI */
	const char *title; /* Chinese label */
	const char *path;  /* "#/users" inside the app, "/laws/" for a page */
	int roles;         /* who sees it */
};
extern const struct fz_nav fz_app_nav[]; /* ended by a row with key == NULL */
#endif
