/* laws_http.c - HTTP handlers of 一键找法: parse the query string, call
 * laws_search.c, answer its JSON. */
#include "domain/laws/laws_http.h"

#include "domain/laws/laws_search.h"

#include <stdlib.h>
#include <string.h>

/* The corpus changes only at an import, so answers may be cached a
 * while; search answers are not, as q varies endlessly. */
#define CACHE_LAW "public, max-age=300"

/* An optional positive integer argument: def when absent; FZ_EINVAL for
 * anything but 1..max in plain digits. */
static int arg_int(struct fz_req *req, const char *name, const char *label,
		   int def, int max, int *out, struct fz_err *err)
{
	const char *s = fz_req_arg(req, name);
	long v = 0;

	*out = def;
	if (!s || !*s)
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > max)
			return fz_err_set(err, FZ_EINVAL, name,
					  "%s应为 1 到 %d 之间的整数", label, max);
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > max)
		return fz_err_set(err, FZ_EINVAL, name,
				  "%s应为 1 到 %d 之间的整数", label, max);
	*out = (int)v;
	return 0;
}

static int h_search(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	const char *q = fz_req_arg(req, "q");
	json_t *o = NULL;
	int page, per_page, rc;

	if ((rc = arg_int(req, "page", "页码", 1, 1000, &page, err)) ||
	    (rc = arg_int(req, "per_page", "每页条数", FZ_LAWS_PER_PAGE,
			  FZ_LAWS_PER_PAGE_MAX, &per_page, err)))
		return rc;
	if ((rc = fz_laws_search(req->db, q ? q : "", page, per_page, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_suggest(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	const char *q = fz_req_arg(req, "q");
	json_t *o = NULL;
	int limit, rc;

	if ((rc = arg_int(req, "limit", "条数", 10, 20, &limit, err)))
		return rc;
	if ((rc = fz_laws_suggest(req->db, q ? q : "", limit, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_law(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *o = NULL;
	int rc = fz_laws_get(req->db, req->nparams > 0 ? req->params[0] : "",
			     &o, err);

	if (rc)
		return rc;
	fz_resp_json(resp, 200, o);
	fz_resp_header(resp, "Cache-Control", CACHE_LAW);
	return 0;
}

static int h_article(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	json_t *o = NULL;
	int rc;

	if (req->nparams < 2)
		return fz_err_set(err, FZ_ENOTFOUND, NULL, NULL);
	rc = fz_laws_get_article(req->db, req->params[0], req->params[1], &o,
				 err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, o);
	fz_resp_header(resp, "Cache-Control", CACHE_LAW);
	return 0;
}

#define PUB (FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE)

/* search and suggest come before {id}, which would match them too */
const struct fz_route fz_laws_routes[] = {
	{ "GET", "/api/v1/laws/search", h_search, 0, PUB },
	{ "GET", "/api/v1/laws/suggest", h_suggest, 0, PUB },
	{ "GET", "/api/v1/laws/{id}", h_law, 0, PUB },
	{ "GET", "/api/v1/laws/{id}/articles/{n}", h_article, 0, PUB },
	{ NULL, NULL, NULL, 0, 0 },
};
