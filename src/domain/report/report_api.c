/* report_api.c - the annual report over HTTP: the draft built from the
 * records for the caller's scope, its PDF, publication by the office (or
 * a 镇街 for its own report), and the public's published reports. */
#include "domain/report/report_api.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "domain/report/report.h"
#include "engine/metrics/metrics.h"
#include "http/handler.h"

/* The district's figures: the office and the 司法局 read every unit's;
 * a 镇街 or a department its own. */
#define WIDE (FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE)
#define READERS (WIDE | FZ_ROLE_TOWN | FZ_ROLE_OFFICER)
#define PUBLISHERS (FZ_ROLE_OFFICE | FZ_ROLE_TOWN)

static int year_of(const char *s, int *year, struct fz_err *err)
{
	char *end;
	long y = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || y < 2000 || y > 2100)
		return fz_err_set(err, FZ_EINVAL, "year", "年度应为 2000–2100 年");
	*year = (int)y;
	return 0;
}

/* The unit the report covers: unit (an id, from the query or the body)
 * within the caller's scope, or the scope itself (the district for the
 * office and the 司法局). */
static int unit_of(struct fz_req *req, const char *arg, char *path, size_t n,
		   char *name, size_t nn, struct fz_err *err)
{
	const char *scope = fz_policy_scope(req->user, WIDE);
	struct fz_unit_info root;
	int rc;

	if (arg && *arg) {
		char *end;
		long long id = strtoll(arg, &end, 10);
		if (*end || id <= 0)
			return fz_err_set(err, FZ_EINVAL, "unit", "单位无效");
		rc = fz_org_unit_path(req->db, id, path, n, err);
		if (rc < 0)
			return rc;
		/* a unit outside the caller's scope is one it cannot see */
		if (rc == 0 || strncmp(path, scope, strlen(scope)))
			return fz_err_set(err, FZ_ENOTFOUND, "unit", "单位不存在");
		fz_org_unit_name(req->db, id, name, nn);
		return 0;
	}
	snprintf(path, n, "%s", scope);
	if (strcmp(scope, "/")) {
		snprintf(name, nn, "%s", req->user->unit_name);
		return 0;
	}
	rc = fz_org_unit_first(req->db, "district", NULL, NULL, &root, err);
	if (rc && rc != FZ_ENOTFOUND)
		return rc;
	snprintf(name, nn, "%s", rc ? "" : root.name);
	return 0;
}

static int built(struct fz_req *req, const char *year_s, const char *unit,
		 json_t **out, struct fz_err *err)
{
	char path[256], name[128];
	json_t *pub = NULL;
	int year, rc;

	if ((rc = year_of(year_s, &year, err)) ||
	    (rc = unit_of(req, unit, path, sizeof(path), name, sizeof(name), err)) ||
	    (rc = fz_report_build(req->db, &fz_app_metrics, year, path, name, out, err)))
		return rc;
	rc = fz_report_published(req->db, year, path, &pub, err);
	if (!rc)
		fz_report_compare(*out, pub);
	json_decref(pub);
	if (rc == FZ_ENOTFOUND)
		rc = 0;
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* GET /api/v1/reports/{year}?unit= */
static int h_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *r;
	int rc = built(req, req->params[0], fz_req_arg(req, "unit"), &r, err);
	if (!rc)
		fz_resp_json(resp, 200, r);
	return rc;
}

static int send_pdf(struct fz_resp *resp, const json_t *r, struct fz_err *err)
{
	int rc = fz_report_pdf(r, &resp->body, NULL, err);
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = "application/pdf";
	fz_resp_header(resp, "Cache-Control", "private, no-store");
	return 0;
}

/* GET /api/v1/reports/{year}/report.pdf?unit= */
static int h_pdf(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *r;
	int rc = built(req, req->params[0], fz_req_arg(req, "unit"), &r, err);
	if (!rc)
		rc = send_pdf(resp, r, err);
	json_decref(r);
	return rc;
}

/* POST /api/v1/reports/publish {year, unit?}: the report as built now
 * becomes the next published version.  The body names the unit, which
 * must lie in the caller's scope (a 镇街 publishes only its own). */
static int h_publish(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	char year[16], unit[24] = "";
	int64_t y = 0, u = 0;
	json_t *r;
	int version, rc;
	FZ_ALLOW("year", "unit");

	if ((rc = fz_json_int(req->json, "year", "年度", 2000, 2100, 1, &y, err)) ||
	    (rc = fz_json_int(req->json, "unit", "单位", 1, INT64_MAX, 0, &u, err)))
		return rc;
	snprintf(year, sizeof(year), "%" PRId64, y);
	if (u)
		snprintf(unit, sizeof(unit), "%" PRId64, u);
	if ((rc = built(req, year, unit, &r, err)))
		return rc;
	rc = fz_report_publish(req->db, r, req->user->login, req->ip, &version, err);
	/* the answer is the report just built, marked against the version it
	 * became (one row read, not every figure computed again) */
	if (!rc) {
		json_t *pub = NULL;
		rc = fz_report_published(req->db, (int)y,
					 json_string_value(json_object_get(r, "unit")), &pub, err);
		if (!rc) {
			fz_report_compare(r, pub);
			fz_resp_json(resp, 201, json_incref(r));
		}
		json_decref(pub);
	}
	json_decref(r);
	return rc;
}

/* GET /api/v1/public/reports: the district's published reports. */
static int h_public_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *items;
	int rc = fz_report_list(req->db, "/", &items, err);
	if (!rc)
		fz_resp_json(resp, 200, json_pack("{s:o}", "items", items));
	return rc;
}

static int published(struct fz_req *req, json_t **out, struct fz_err *err)
{
	int year, rc = year_of(req->params[0], &year, err);
	return rc ? rc : fz_report_published(req->db, year, "/", out, err);
}

/* GET /api/v1/public/reports/{year}: as published, figures and all. */
static int h_public_get(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *r;
	int rc = published(req, &r, err);
	if (!rc) {
		json_object_del(r, "generated_at");
		fz_resp_json(resp, 200, r);
	}
	return rc;
}

static int h_public_pdf(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *r;
	int rc = published(req, &r, err);
	if (!rc)
		rc = send_pdf(resp, r, err);
	json_decref(r);
	return rc;
}

const struct fz_route fz_report_routes[] = {
	{ "GET", "/api/v1/reports/{year}", h_get, READERS, 0 },
	{ "GET", "/api/v1/reports/{year}/report.pdf", h_pdf, READERS, 0 },
	{ "POST", "/api/v1/reports/publish", h_publish, PUBLISHERS, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/public/reports", h_public_list, 0, FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "GET", "/api/v1/public/reports/{year}", h_public_get, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "GET", "/api/v1/public/reports/{year}/report.pdf", h_public_pdf, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ NULL, NULL, NULL, 0, 0 }
};
