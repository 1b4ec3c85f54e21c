/* server.h - the HTTP server: libmicrohttpd, route tables, sessions, CSRF,
 * rate limits, JSON errors, static files from web/. */
#ifndef FZ_HTTP_SERVER_H
#define FZ_HTTP_SERVER_H

#include "core/err.h"
#include "http/route.h"

struct fz_server;

struct fz_server_config {
	const char *db_path;
	const char *listen;        /* "127.0.0.1:8080" */
	const char *web_dir;       /* static files, "web" */
	int threads;               /* worker threads, >= 1 */
	int rate_per_min;          /* per-address limit on RATE routes */
	size_t max_body;           /* bytes; larger JSON bodies get 413 */
	size_t max_upload;         /* bytes, for FZ_ROUTE_RAW routes (uploads) */
	int cookie_secure;         /* mark cookies Secure (served behind TLS) */
	int trust_proxy;           /* take the client address from X-Real-IP
				      when the peer is the local proxy */
	int per_ip_limit;          /* connections one peer address may hold at
				      once; 0 = no cap.  Behind a proxy every
				      peer is the proxy: cap there, not here */
	int conn_limit;            /* connections in all; 0 = 1000, always
				      kept under the open-file limit */
	int conn_timeout;          /* seconds a connection may sit idle while
				      sending headers or a JSON body, or between
				      keep-alive requests; 0 = 15 */
	int upload_timeout;        /* idle seconds allowed once the headers of
				      a raw upload route are in; 0 = 60 */
	const struct fz_keys *keys;
	const struct fz_route *const *routes; /* NULL-terminated list of tables */
	const struct fz_policy *policy; /* sessions, tokens, record scope */
};

/* Start serving in background threads.  *out is the running server; stop it
 * with fz_server_stop().  Fails with FZ_EINVAL for a bad listen address and
 * FZ_EIO when the port cannot be bound. */
int fz_server_start(struct fz_server **out, const struct fz_server_config *cfg,
		    struct fz_err *err);
void fz_server_stop(struct fz_server *srv);

/* Parse "host:port" (IPv4 dotted or "localhost"). */
int fz_server_parse_listen(const char *s, char *host, size_t hostlen,
			   int *port, struct fz_err *err);

/* Match path against a route pattern; fills params.  1 on match. */
int fz_route_match(const char *pattern, const char *path, char *scratch,
		   size_t scratchlen, const char **params, int *nparams);

#endif
