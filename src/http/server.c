/* server.c - libmicrohttpd front end: one access handler that collects
 * the body under a ceiling, finds the route, checks login, role, CSRF and
 * rate limit, calls the handler and sends JSON; everything else is a
 * static file under web/. */
#include "http/server.h"

#include "http/media.h"

#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "core/mem.h"
#include "crypto/pw.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_Result;
#else
typedef enum MHD_Result MHD_Result;
#endif

/* No 'unsafe-eval': the Vue templates are compiled to render functions at
 * build time (scripts/build-web.mjs), so the browser runs the runtime-only
 * Vue and nothing on a page may turn a string into code. */
#define CSP "default-src 'self'; script-src 'self'; " \
	"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " \
	"font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; " \
	"base-uri 'self'; form-action 'self'; object-src 'none'"

#define RATE_SLOTS 1024

/* Connection defaults (fz_server_config says what each limit is). */
#define CONN_LIMIT 1000
#define CONN_TIMEOUT 15
#define UPLOAD_TIMEOUT 60
/* libmicrohttpd messages logged per second at most (mhd_log) */
#define LOG_BURST 10

struct rate_slot {
	char ip[64];
	int64_t window; /* minute number */
	int count;
};

struct fz_server {
	struct MHD_Daemon *daemon;
	struct fz_server_config cfg;
	char web_root[PATH_MAX];
	pthread_mutex_t lock;        /* guards conns, rate and log_* */
	struct fz_store **conns;     /* every worker's connection, to close */
	int nconns, aconns;
	struct rate_slot rate[RATE_SLOTS];
	int64_t log_sec;             /* the second log_count counts */
	int log_count;
	long log_dropped;            /* messages not logged since log_sec */
};

/* Per-request state, hung on the MHD connection between calls. */
struct req_state {
	struct fz_buf body;
	size_t max;       /* the route's ceiling */
	uint64_t got;     /* body bytes received, kept or not */
	int too_big;
};

static __thread struct fz_store *tls_db;

/* ---- helpers for handlers (route.h) ----------------------------------- */

const char *fz_req_arg(struct fz_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *fz_req_header(struct fz_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

void fz_resp_json(struct fz_resp *resp, int status, json_t *v)
{
	/* 15 significant digits: rates print as 0.6246, not 0.62460000000000004 */
	char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15));
	resp->status = status;
	resp->content_type = "application/json; charset=utf-8";
	fz_buf_reset(&resp->body);
	if (s) {
		fz_buf_adds(&resp->body, s);
		free(s);
	} else {
		resp->body.err = FZ_ENOMEM;
	}
	json_decref(v);
}

void fz_resp_header(struct fz_resp *resp, const char *name, const char *value)
{
	int n;
	if (strpbrk(name, "\r\n") || strpbrk(value, "\r\n"))
		return;
	n = snprintf(resp->headers + resp->nheaders,
		     sizeof(resp->headers) - resp->nheaders, "%s: %s\r\n", name,
		     value);
	if (n > 0 && (size_t)n < sizeof(resp->headers) - resp->nheaders)
		resp->nheaders += (size_t)n;
	else
		resp->headers[resp->nheaders] = '\0';
}

/* ---- route matching ---------------------------------------------------- */

int fz_route_match(const char *pattern, const char *path, char *scratch,
		   size_t scratchlen, const char **params, int *nparams)
{
	const char *p = pattern, *q = path;
	size_t used = 0;

	*nparams = 0;
	while (*p && *q) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			size_t n = strcspn(q, "/");
			if (!end || n == 0 || *nparams >= FZ_MAX_PARAMS ||
			    used + n + 1 > scratchlen)
				return 0;
			memcpy(scratch + used, q, n);
			scratch[used + n] = '\0';
			params[(*nparams)++] = scratch + used;
			used += n + 1;
			p = end + 1;
			q += n;
		} else if (*p++ != *q++) {
			return 0;
		}
	}
	return *p == '\0' && *q == '\0';
}

/* ---- responses --------------------------------------------------------- */

static void add_security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
}

static MHD_Result send_buf(struct MHD_Connection *c, int status,
			   const char *ctype, struct fz_buf *b,
			   const char *extra)
{
	size_t len;
	char *data = fz_buf_detach(b, &len);
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, data, MHD_RESPMEM_MUST_FREE);
	MHD_Result ret;

	add_security_headers(r);
	MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	/* extra holds "Name: value\r\n" lines built by fz_resp_header() */
	while (extra && *extra) {
		const char *colon = strstr(extra, ": ");
		const char *eol = strstr(extra, "\r\n");
		char name[128], value[768];
		if (!colon || !eol || colon > eol)
			break;
		snprintf(name, sizeof(name), "%.*s", (int)(colon - extra), extra);
		snprintf(value, sizeof(value), "%.*s", (int)(eol - colon - 2),
			 colon + 2);
		MHD_add_response_header(r, name, value);
		extra = eol + 2;
	}
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static MHD_Result send_error(struct MHD_Connection *c, const struct fz_err *e)
{
	struct fz_buf b = FZ_BUF_INIT;
	int code = e->code ? e->code : FZ_EINTERNAL;

	fz_buf_adds(&b, "{\"error\":{\"code\":\"");
	fz_buf_adds(&b, fz_err_key(code));
	fz_buf_adds(&b, "\",\"field\":\"");
	fz_buf_add_json_escaped(&b, e->field);
	fz_buf_adds(&b, "\",\"message\":\"");
	fz_buf_add_json_escaped(&b, e->msg[0] ? e->msg : fz_err_default_msg(code));
	fz_buf_adds(&b, "\"}}");
	return send_buf(c, fz_err_http_status(code),
			"application/json; charset=utf-8", &b, NULL);
}

static MHD_Result send_code(struct MHD_Connection *c, int code)
{
	struct fz_err e = FZ_ERR_INIT;
	fz_err_set(&e, code, NULL, NULL);
	return send_error(c, &e);
}

/* ---- static files ------------------------------------------------------ */

static const char *mime_of(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".ico", "image/x-icon" },
		{ ".woff", "font/woff" },
		{ ".woff2", "font/woff2" },
		{ ".ttf", "font/ttf" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".pem", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Reject any path with a ".." or "." segment, a backslash or a NUL before
 * touching the file system; then make sure the resolved file is still
 * under web_root (symlinks). */
static int safe_rel(const char *url)
{
	const char *s = url;
	if (*s != '/')
		return 0;
	while (*s) {
		while (*s == '/')
			s++;
		if ((s[0] == '.' && (s[1] == '/' || !s[1])) ||
		    (s[0] == '.' && s[1] == '.' && (s[2] == '/' || !s[2])))
			return 0;
		while (*s && *s != '/') {
			if (*s == '\\')
				return 0;
			s++;
		}
	}
	return 1;
}

static MHD_Result serve_static(struct fz_server *srv, struct MHD_Connection *c,
			       const char *method, const char *url)
{
	char path[PATH_MAX], real[PATH_MAX];
	struct stat sb;
	struct MHD_Response *r;
	MHD_Result ret;
	int fd;
	size_t rl = strlen(srv->web_root);

	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return send_code(c, FZ_EMETHOD);
	if (!safe_rel(url))
		return send_code(c, FZ_ENOTFOUND);
	if (snprintf(path, sizeof(path), "%s%s%s", srv->web_root, url,
		     url[strlen(url) - 1] == '/' ? "index.html" : "")
	    >= (int)sizeof(path))
		return send_code(c, FZ_ENOTFOUND);
	if (!realpath(path, real) || strncmp(real, srv->web_root, rl) ||
	    (real[rl] != '/' && real[rl] != '\0'))
		return send_code(c, FZ_ENOTFOUND);
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return send_code(c, FZ_ENOTFOUND);
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return send_code(c, FZ_ENOTFOUND);
	}
	r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	add_security_headers(r);
	MHD_add_response_header(r, "Content-Type", mime_of(real));
	MHD_add_response_header(r, "Cache-Control",
				strstr(url, "/vendor/") ? "public, max-age=86400"
							: "no-cache");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- per-thread database connection ---------------------------------- */

static struct fz_store *thread_db(struct fz_server *srv, struct fz_err *err)
{
	if (tls_db)
		return tls_db;
	if (fz_store_open(&tls_db, srv->cfg.db_path, 0, err))
		return NULL;
	pthread_mutex_lock(&srv->lock);
	if (srv->nconns == srv->aconns) {
		srv->aconns = srv->aconns ? srv->aconns * 2 : 8;
		srv->conns = fz_xrealloc(srv->conns,
					 sizeof(*srv->conns) * (size_t)srv->aconns);
	}
	srv->conns[srv->nconns++] = tls_db;
	pthread_mutex_unlock(&srv->lock);
	return tls_db;
}

/* ---- rate limit -------------------------------------------------------- */

static int rate_ok(struct fz_server *srv, const char *ip)
{
	uint32_t h = 2166136261u;
	int64_t minute = fz_mono_ms() / 60000;
	struct rate_slot *slot;
	int ok;

	for (const char *p = ip; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	pthread_mutex_lock(&srv->lock);
	slot = &srv->rate[h % RATE_SLOTS];
	if (strcmp(slot->ip, ip) || slot->window != minute) {
		snprintf(slot->ip, sizeof(slot->ip), "%s", ip);
		slot->window = minute;
		slot->count = 0;
	}
	ok = ++slot->count <= srv->cfg.rate_per_min;
	pthread_mutex_unlock(&srv->lock);
	return ok;
}

/* ---- dispatch ---------------------------------------------------------- */

static const struct fz_route *find_route(struct fz_server *srv,
					 const char *method, const char *url,
					 char *scratch, size_t scratchlen,
					 const char **params, int *nparams,
					 int *path_matched)
{
	*path_matched = 0;
	for (const struct fz_route *const *t = srv->cfg.routes; *t; t++) {
		for (const struct fz_route *r = *t; r->method; r++) {
			if (!fz_route_match(r->pattern, url, scratch, scratchlen,
					    params, nparams))
				continue;
			if (!strcmp(r->method, method) ||
			    (!strcmp(method, "HEAD") && !strcmp(r->method, "GET")))
				return r;
			*path_matched = 1;
		}
	}
	return NULL;
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)ci->client_addr)->sin_addr,
			  out, (socklen_t)n);
	else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
			  out, (socklen_t)n);
}

/* Behind nginx every peer is 127.0.0.1: with --trust-proxy, and only then,
 * the address nginx puts in X-Real-IP is the one audited and rate-limited. */
static void proxied_ip(struct fz_server *srv, struct MHD_Connection *c,
		       char *ip, size_t n)
{
	const char *h;
	size_t len;

	if (!srv->cfg.trust_proxy || (strcmp(ip, "127.0.0.1") && strcmp(ip, "::1")))
		return;
	h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
	len = h ? strlen(h) : 0;
	if (len && len < n && strspn(h, "0123456789abcdefABCDEF.:") == len)
		memcpy(ip, h, len + 1);
}

/* Who is calling: a session cookie or a bearer token.  0 with *have = 0
 * means anonymous; an invalid credential is treated as anonymous too, so
 * public pages keep working after a session expires. */
static void authenticate(struct fz_server *srv, struct fz_req *req,
			 struct fz_user *u, char *csrf, int *have)
{
	const char *auth = fz_req_header(req, "Authorization");
	const char *cookie = MHD_lookup_connection_value(
		req->conn, MHD_COOKIE_KIND, "fz_session");
	struct fz_err e = FZ_ERR_INIT;

	*have = 0;
	if (auth && !strncmp(auth, "Bearer ", 7)) {
		if (!srv->cfg.policy->bearer(req->db, auth + 7, req->ip, u, &e))
			*have = 1;
		return;
	}
	if (cookie && !srv->cfg.policy->session(req->db, cookie, u, csrf,
						req->session_hash, &e))
		*have = 1;
}

static int check_access(struct fz_server *srv, struct fz_req *req,
			const struct fz_route *r, const char *csrf,
			struct fz_err *err)
{
	const struct fz_user *u = req->user;

	if (!(r->flags & FZ_ROUTE_PUBLIC)) {
		if (!u)
			return fz_err_set(err, FZ_EAUTH, NULL, NULL);
		if (u->must_change_password && !(r->flags & FZ_ROUTE_PWOK))
			return fz_err_set(err, FZ_EPWCHANGE, NULL, NULL);
		if (!(r->roles & u->role))
			return fz_err_set(err, FZ_EFORBID, NULL, NULL);
	}
	if ((r->flags & FZ_ROUTE_WRITE) && u && !u->via_token) {
		const char *h = fz_req_header(req, "X-CSRF-Token");
		if (!h || !csrf[0] || !fz_token_equal(h, csrf))
			return fz_err_set(err, FZ_ECSRF, NULL, NULL);
	}
	if ((r->flags & FZ_ROUTE_RATE) && !rate_ok(srv, req->ip))
		return fz_err_set(err, FZ_ERATE, NULL, NULL);
	/* the record's scope, before the handler reads or writes anything */
	if (r->record)
		return srv->cfg.policy->record(req, r, err);
	return 0;
}

static int parse_body(struct fz_req *req, const struct fz_route *r,
		      struct req_state *rs, struct fz_err *err)
{
	const char *ct;

	req->body = rs->body.data;
	req->body_len = rs->body.len;
	if ((r->flags & FZ_ROUTE_RAW) || rs->body.len == 0)
		return 0;
	/* Only JSON bodies: a cross-site HTML form cannot send this type
	 * without a CORS preflight, which we never grant. */
	ct = fz_req_header(req, "Content-Type");
	if (!fz_media_is_json(ct))
		return fz_err_set(err, FZ_EMEDIA, NULL,
				  "请求内容类型必须是 application/json（字符集 UTF-8）");
	return fz_json_parse_body(rs->body.data, rs->body.len, &req->json, err);
}

static MHD_Result dispatch(struct fz_server *srv, struct MHD_Connection *c,
			   const char *method, const char *url,
			   struct req_state *rs)
{
	char scratch[512];
	const char *params[FZ_MAX_PARAMS];
	int nparams = 0, matched, have = 0, rc;
	struct fz_user user;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_req req;
	struct fz_resp resp;
	const struct fz_route *r;
	MHD_Result ret;

	r = find_route(srv, method, url, scratch, sizeof(scratch), params,
		       &nparams, &matched);
	if (!r && matched)
		return send_code(c, FZ_EMETHOD);
	if (!r && (!strncmp(url, "/api/", 5) || !strcmp(url, "/api")))
		return send_code(c, FZ_ENOTFOUND);
	if (!r)
		return serve_static(srv, c, method, url);
	if (rs->too_big)
		return send_code(c, FZ_ETOOBIG);

	memset(&req, 0, sizeof(req));
	memset(&user, 0, sizeof(user));
	req.method = method;
	req.path = url;
	memcpy(req.params, params, sizeof(params));
	req.nparams = nparams;
	req.conn = c;
	req.keys = srv->cfg.keys;
	client_ip(c, req.ip, sizeof(req.ip));
	proxied_ip(srv, c, req.ip, sizeof(req.ip));
	req.cookie_secure = srv->cfg.cookie_secure;
	req.db = thread_db(srv, &err);
	if (!req.db)
		return send_error(c, &err);
	authenticate(srv, &req, &user, req.csrf, &have);
	req.user = have ? &user : NULL;

	rc = check_access(srv, &req, r, req.csrf, &err);
	if (!rc)
		rc = parse_body(&req, r, rs, &err);
	if (rc) {
		json_decref(req.json);
		return send_error(c, &err);
	}
	memset(&resp, 0, sizeof(resp));
	resp.status = 200;
	fz_buf_init(&resp.body, 0);
	rc = r->fn(&req, &resp, &err);
	if (fz_store_in_tx(req.db)) /* a handler that forgot: never leak a tx */
		fz_store_rollback(req.db);
	json_decref(req.json);
	if (!rc && resp.body.err)
		rc = fz_err_set(&err, resp.body.err, NULL, NULL);
	if (rc) {
		fz_buf_release(&resp.body);
		if (fz_err_http_status(rc) >= 500)
			fz_log(FZ_LOG_ERROR, "http", "%s %s failed: %s", method,
			       url, err.msg);
		if (!err.code)
			fz_err_set(&err, rc, NULL, NULL);
		return send_error(c, &err);
	}
	ret = send_buf(c, resp.status,
		       resp.content_type ? resp.content_type
					 : "application/json; charset=utf-8",
		       &resp.body, resp.headers);
	return ret;
}

/* JSON bodies get max_body; routes that take raw uploads (images, files)
 * get max_upload.  *raw says which. */
static size_t upload_ceiling(struct fz_server *srv, const char *method,
			     const char *url, int *raw)
{
	char scratch[512];
	const char *params[FZ_MAX_PARAMS];
	int nparams, matched;
	const struct fz_route *r = find_route(srv, method, url, scratch,
					      sizeof(scratch), params, &nparams,
					      &matched);
	*raw = r && (r->flags & FZ_ROUTE_RAW);
	if (*raw && srv->cfg.max_upload)
		return srv->cfg.max_upload;
	return srv->cfg.max_body;
}

/* The body length the client announced; 0 when none (no body, or a
 * chunked one).  libmicrohttpd has already answered 400 to a length that
 * is not a number, so only the size matters here. */
static uint64_t announced_length(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     "Content-Length");
	unsigned long long n;
	char *end;

	if (!cl)
		return 0;
	errno = 0;
	n = strtoull(cl, &end, 10);
	if (errno == ERANGE)
		return UINT64_MAX;
	return (uint64_t)n;
}

/* The first call, headers in and no body read yet.  We read at most twice
 * a route's ceiling.  A body announced far past that is answered 413 now:
 * libmicrohttpd then skips the body and closes the connection, so it costs
 * no buffer and no waiting for bytes that may never come (issue 13).  One
 * a little past the ceiling is read and dropped, and answered when it
 * ends: closing on a client still sending resets the connection before it
 * reads the 413, and an honest client sending a slightly large file
 * deserves the Chinese message. */
static MHD_Result on_headers(struct fz_server *srv, struct MHD_Connection *c,
			     const char *url, const char *method,
			     void **con_cls)
{
	int raw = 0;
	uint64_t len;
	struct req_state *rs = fz_xcalloc(1, sizeof(*rs));

	rs->max = upload_ceiling(srv, method, url, &raw);
	fz_buf_init(&rs->body, rs->max);
	*con_cls = rs;
	len = announced_length(c);
	if (len > 2 * (uint64_t)rs->max)
		return send_code(c, FZ_ETOOBIG);
	if (len > rs->max)
		rs->too_big = 1;
	/* A 16 MiB image over a slow mobile link may stall longer than a
	 * header should: uploads get their own idle limit. */
	if (raw)
		MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
					  (unsigned)srv->cfg.upload_timeout);
	return MHD_YES;
}

/* A part of the body.  Past the ceiling the rest is thrown away and
 * dispatch() answers 413 when it ends; a chunked body (whose length
 * nobody announced) that goes on past twice the ceiling is cut off, since
 * libmicrohttpd cannot answer in the middle of a body. */
static MHD_Result on_body(struct req_state *rs, const char *data, size_t n)
{
	rs->got += n;
	if (!rs->too_big) {
		fz_buf_add(&rs->body, data, n);
		if (rs->body.err)
			rs->too_big = 1;
		return MHD_YES;
	}
	return rs->got > 2 * (uint64_t)rs->max ? MHD_NO : MHD_YES;
}

static MHD_Result on_request(void *cls, struct MHD_Connection *c,
			     const char *url, const char *method,
			     const char *version, const char *upload,
			     size_t *upload_size, void **con_cls)
{
	struct fz_server *srv = cls;
	struct req_state *rs = *con_cls;
	MHD_Result ret;

	if (!rs)
		return on_headers(srv, c, url, method, con_cls);
	if (*upload_size) {
		ret = on_body(rs, upload, *upload_size);
		*upload_size = 0;
		return ret;
	}
	return dispatch(srv, c, method, url, rs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct req_state *rs = *con_cls;
	if (!rs)
		return;
	fz_buf_release(&rs->body);
	free(rs);
	*con_cls = NULL;
}

/* ---- start / stop ------------------------------------------------------ */

int fz_server_parse_listen(const char *s, char *host, size_t hostlen,
			   int *port, struct fz_err *err)
{
	const char *colon = s ? strrchr(s, ':') : NULL;
	char *end;
	long p;

	if (!colon || colon == s || (size_t)(colon - s) >= hostlen)
		return fz_err_set(err, FZ_EINVAL, "listen",
				  "监听地址应为 主机:端口，例如 127.0.0.1:8080");
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (!strcmp(host, "localhost"))
		snprintf(host, hostlen, "127.0.0.1");
	p = strtol(colon + 1, &end, 10);
	if (*end || p < 1 || p > 65535)
		return fz_err_set(err, FZ_EINVAL, "listen", "端口号无效：%s",
				  colon + 1);
	*port = (int)p;
	return 0;
}

/* Connections in all, kept under the open-file limit: each connection
 * is a socket and, while a static file goes out, that file too; the rest
 * (databases, WAL files, the listening socket, epoll) needs some room. */
static unsigned conn_limit(const struct fz_server_config *cfg)
{
	struct rlimit rl;
	rlim_t room = 64 + 8 * (rlim_t)cfg->threads;
	unsigned want = cfg->conn_limit > 0 ? (unsigned)cfg->conn_limit
					    : CONN_LIMIT;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return want;
	if (rl.rlim_cur <= room + 2 * 16)
		return 16;
	if ((rl.rlim_cur - room) / 2 < want)
		want = (unsigned)((rl.rlim_cur - room) / 2);
	return want;
}

/* libmicrohttpd's own messages (a connection refused at the cap, a client
 * that timed out) as our log lines, LOG_BURST a second at most: a flood of
 * refused sockets must not become a flood of log lines. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct fz_server *srv = cls;
	int64_t sec = fz_mono_ms() / 1000;
	long dropped = 0;
	char msg[256];
	size_t n;
	int ok;

	pthread_mutex_lock(&srv->lock);
	if (srv->log_sec != sec) {
		dropped = srv->log_dropped;
		srv->log_sec = sec;
		srv->log_count = 0;
		srv->log_dropped = 0;
	}
	ok = ++srv->log_count <= LOG_BURST;
	if (!ok)
		srv->log_dropped++;
	pthread_mutex_unlock(&srv->lock);
	if (dropped)
		fz_log(FZ_LOG_WARN, "http", "event=mhd-messages-dropped count=%ld",
		       dropped);
	if (!ok)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	fz_log(FZ_LOG_WARN, "http", "%s", msg);
}

static struct MHD_Daemon *start_daemon(struct fz_server *srv,
				       const struct sockaddr_in *sa, int port)
{
	const struct fz_server_config *cfg = &srv->cfg;

	return MHD_start_daemon(
		MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
		(uint16_t)port, NULL, NULL, on_request, srv,
		/* first: libmicrohttpd logs the options after it through it,
		 * and warns at every start when it is not */
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		/* Idle seconds, reset by every byte: a slow sender of
		 * partial headers is dropped after this, a keep-alive
		 * connection frees its slot. */
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->conn_timeout,
		MHD_OPTION_CONNECTION_LIMIT, conn_limit(cfg),
		/* One address cannot take every slot (issue 13: 1,100
		 * half-open sockets kept /healthz waiting for 35 s). */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip_limit,
		/* Headers only: bodies go to our own buffer.  A smaller pool is
		 * less memory to clear between keep-alive requests. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
		/* No MHD_OPTION_LISTENING_ADDRESS_REUSE: set, it is SO_REUSEPORT,
		 * and a second `fazhi serve` on the same port (another database)
		 * would silently take half the connections.  libmicrohttpd's
		 * default, SO_REUSEADDR, is what a restart after kill -9 needs. */
		MHD_OPTION_END);
}

int fz_server_start(struct fz_server **out, const struct fz_server_config *cfg,
		    struct fz_err *err)
{
	struct fz_server *srv;
	struct sockaddr_in sa;
	char host[64];
	int port, rc;

	if (!cfg->policy)
		return fz_err_set(err, FZ_EINVAL, NULL, "未设置访问策略");
	rc = fz_server_parse_listen(cfg->listen, host, sizeof(host), &port, err);
	if (rc)
		return rc;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return fz_err_set(err, FZ_EINVAL, "listen",
				  "无效的 IPv4 地址：%s", host);
	srv = fz_xcalloc(1, sizeof(*srv));
	srv->cfg = *cfg;
	if (srv->cfg.threads < 1)
		srv->cfg.threads = 1;
	if (srv->cfg.conn_timeout <= 0)
		srv->cfg.conn_timeout = CONN_TIMEOUT;
	if (srv->cfg.upload_timeout <= 0)
		srv->cfg.upload_timeout = UPLOAD_TIMEOUT;
	if (srv->cfg.per_ip_limit < 0)
		srv->cfg.per_ip_limit = 0;
	if (!realpath(cfg->web_dir, srv->web_root)) {
		free(srv);
		return fz_err_set(err, FZ_EINVAL, "web", "静态文件目录不存在：%s",
				  cfg->web_dir);
	}
	pthread_mutex_init(&srv->lock, NULL);
	srv->daemon = start_daemon(srv, &sa, port);
	if (!srv->daemon) {
		pthread_mutex_destroy(&srv->lock);
		free(srv);
		return fz_err_set(err, FZ_EIO, "listen",
				  "无法监听 %s（端口被占用或无权限）", cfg->listen);
	}
	*out = srv;
	return 0;
}

void fz_server_stop(struct fz_server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->daemon);
	for (int i = 0; i < srv->nconns; i++)
		fz_store_close(srv->conns[i]);
	free(srv->conns);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}
