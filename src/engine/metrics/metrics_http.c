/* metrics_http.c - GET /api/v1/metrics, /api/v1/metrics/{id} and
 * /api/v1/metrics/{id}/records (see metrics_http.h).  Parameters are
 * checked here; the data scope is applied here too, so a caller who is
 * not district-wide only ever gets figures over their own unit subtree. */
#include "engine/metrics/metrics_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/metrics/metrics.h"

/* Every logged-in role may read figures; the scope below narrows them. */
#define STAFF FZ_ROLE_ANY

/* The access policy decides who sees the district (依法治区办 and the
 * administrators); everyone else gets their unit and below. */
static const char *scope_of(const struct fz_user *u)
{
	return fz_app_metrics.scope(u, 0);
}

static int date_arg(struct fz_req *req, const char *name, struct fz_date *out,
		    struct fz_err *err)
{
	const char *s = fz_req_arg(req, name);

	*out = (struct fz_date){ 0, 0, 0 };
	if (s && fz_date_parse(out, s, NULL))
		return fz_err_set(err, FZ_EINVAL, name, "日期应为 YYYY-MM-DD 格式的有效日期");
	return 0;
}

/* A positive decimal number, or -1. */
static long long number(const char *s)
{
	char *end;
	long long v;

	if (!s || !*s || strlen(s) > 12 || *s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	return *end ? -1 : v;
}

/* from, to, unit (a unit id or path, checked against the caller's scope)
 * and by into p; unit points into buf. */
static int params(struct fz_req *req, struct fz_metrics_params *p, char *buf,
		  size_t n, struct fz_err *err)
{
	const struct fz_metrics_units *u = fz_app_metrics.units;
	const char *unit = fz_req_arg(req, "unit");
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = date_arg(req, "from", &p->from, err)) ||
	    (rc = date_arg(req, "to", &p->to, err)))
		return rc;
	p->by = fz_req_arg(req, "by");
	if (unit && *unit) {
		if (unit[0] == '/') {
			snprintf(buf, n, "%s", unit);
		} else {
			long long id = number(unit);
			struct fz_err e2 = FZ_ERR_INIT;
			if (id <= 0)
				return fz_err_set(err, FZ_EINVAL, "unit", "单位应为单位编号");
			if (u->path(req->db, id, buf, n, &e2))
				return fz_err_set(err, FZ_ENOTFOUND, "unit", "没有这个单位");
		}
		if (strncmp(buf, scope_of(req->user), strlen(scope_of(req->user))))
			return fz_err_set(err, FZ_ENOTFOUND, "unit",
					  "该单位不在您的数据范围内");
		p->unit = buf;
	} else if (strcmp(scope_of(req->user), "/")) {
		snprintf(buf, n, "%s", scope_of(req->user));
		p->unit = buf;
	}
	return 0;
}

static const struct fz_metric *metric(struct fz_req *req, struct fz_err *err)
{
	const struct fz_metric *m = fz_metrics_find(&fz_app_metrics,
						    req->params[0]);
	if (!m)
		fz_err_set(err, FZ_ENOTFOUND, NULL, "没有这项指标");
	return m;
}

static int h_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *items = json_array();

	for (const struct fz_metric *const *s = fz_app_metrics.sets; *s; s++)
		for (const struct fz_metric *m = *s; m->id; m++)
			json_array_append_new(items, fz_metrics_describe(m));
	fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_metric *m = metric(req, err);
	struct fz_metrics_params p;
	char unit[256];
	json_t *o;
	int rc;

	if (!m)
		return err->code;
	if ((rc = params(req, &p, unit, sizeof(unit), err)) ||
	    (rc = fz_metrics_compute(req->db, fz_app_metrics.units, m, &p, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

static int h_records(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	const struct fz_metric *m = metric(req, err);
	const char *part = fz_req_arg(req, "part");
	const char *page = fz_req_arg(req, "page"), *per = fz_req_arg(req, "per_page");
	struct fz_metrics_params p;
	enum fz_metrics_part which = FZ_METRICS_NUMERATOR;
	long long pg = page ? number(page) : 1, pp = per ? number(per) : 20;
	char unit[256];
	json_t *o;
	int rc;

	if (!m)
		return err->code;
	if (part && !strcmp(part, "denominator"))
		which = FZ_METRICS_DENOMINATOR;
	else if (part && strcmp(part, "numerator"))
		return fz_err_set(err, FZ_EINVAL, "part", "应为分子或分母");
	if (pg < 1 || pg > 1000000)
		return fz_err_set(err, FZ_EINVAL, "page", "页码无效");
	if (pp < 1 || pp > 500)
		return fz_err_set(err, FZ_EINVAL, "per_page", "每页条数应为 1 至 500");
	if ((rc = params(req, &p, unit, sizeof(unit), err)) ||
	    (rc = fz_metrics_records(req->db, fz_app_metrics.units, m, &p, which,
				     (int)pg, (int)pp, &o, err)))
		return rc;
	fz_resp_json(resp, 200, o);
	return 0;
}

const struct fz_route fz_metrics_routes[] = {
	{ "GET", "/api/v1/metrics", h_list, STAFF, 0 },
	{ "GET", "/api/v1/metrics/{id}", h_get, STAFF, 0 },
	{ "GET", "/api/v1/metrics/{id}/records", h_records, STAFF, 0 },
	{ NULL, NULL, NULL, 0, 0 }
};
