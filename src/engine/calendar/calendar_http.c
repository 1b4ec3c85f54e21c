/* calendar_http.c - GET /api/v1/calendar, POST /api/v1/calendar/preview
 * and /api/v1/calendar/import (see calendar_http.h). */
#include "engine/calendar/calendar_http.h"

#include <stdlib.h>
#include <string.h>

#include "engine/calendar/calendar.h"
#include "http/handler.h"

/* ?year=YYYY, or 0 when absent. */
static int year_arg(struct fz_req *req, int *year, struct fz_err *err)
{
	const char *s = fz_req_arg(req, "year");
	char *end;
	long v;

	*year = 0;
	if (!s)
		return 0;
	v = strtol(s, &end, 10);
	if (strlen(s) != 4 || *end || v < 1000)
		return fz_err_set(err, FZ_EINVAL, "year", "年份应为四位数字");
	*year = (int)v;
	return 0;
}

static int h_calendar(struct fz_req *req, struct fz_resp *resp,
		      struct fz_err *err)
{
	const struct fz_cal *cal = fz_calendar_shared(err);
	json_t *years, *o;
	int year, rc;

	if (!cal)
		return err->code;
	if ((rc = year_arg(req, &year, err)) ||
	    (rc = fz_calendar_years_json(req->db, cal, &years, err)))
		return rc;
	o = json_pack("{s:o}", "years", years);
	if (year) {
		struct fz_date d = { year, 6, 1 };
		json_object_set_new(o, "year", json_integer(year));
		json_object_set_new(o, "provisional",
				    json_boolean(fz_cal_provisional(cal, d)));
		json_object_set_new(o, "days", fz_calendar_days_json(cal, year));
	}
	fz_resp_json(resp, 200, o);
	return 0;
}

/* The body's notice text, parsed. */
static int parse_body(struct fz_req *req, struct fz_notice *n,
		      struct fz_err *err)
{
	const char *text = fz_req_str(req, "text");

	if (!text || !*text)
		return fz_err_set(err, FZ_EINVAL, "text", "请粘贴通知全文");
	return fz_notice_parse(n, text, err);
}

static json_t *days_json(const struct fz_notice *n)
{
	json_t *arr = json_array();
	char buf[FZ_DATE_STRLEN];

	for (size_t i = 0; i < n->n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "date",
			fz_date_format(n->days[i].date, buf), "kind",
			n->days[i].holiday ? "holiday" : "workday", "label",
			n->days[i].label));
	return arr;
}

/* A notice that does not parse is an answer, not a failure: the page shows
 * the message beside the text (200 with errors, nothing stored). */
static int h_preview(struct fz_req *req, struct fz_resp *resp,
		     struct fz_err *err)
{
	const struct fz_cal *cal = fz_calendar_shared(err);
	struct fz_notice n;
	struct fz_err perr = FZ_ERR_INIT;
	int rc;
	FZ_ALLOW("text");

	if (!cal)
		return err->code;
	rc = parse_body(req, &n, &perr);
	if (rc == FZ_ENOMEM)
		return fz_err_set(err, rc, NULL, NULL);
	if (rc) {
		fz_resp_json(resp, 200, json_pack("{s:b,s:[{s:s,s:s}]}", "ok", 0,
			"errors", "field", perr.field, "message", perr.msg));
		return 0;
	}
	fz_resp_json(resp, 200, json_pack("{s:b,s:i,s:s,s:b,s:o,s:[]}",
		"ok", 1, "year", n.year, "title", n.title, "replaces",
		fz_cal_covers(cal, (struct fz_date){ n.year, 1, 1 }),
		"days", days_json(&n), "errors"));
	fz_notice_release(&n);
	return 0;
}

static int h_import(struct fz_req *req, struct fz_resp *resp,
		    struct fz_err *err)
{
	struct fz_calendar_by by = { req->user->id, req->user->login,
				     req->user->unit_id, req->ip };
	struct fz_calendar_result res;
	struct fz_notice n;
	int rc;
	FZ_ALLOW("text");

	if ((rc = parse_body(req, &n, err)))
		return rc;
	rc = fz_calendar_import(req->db, &n, fz_req_str(req, "text"), &by,
				fz_app_case_types, &res, err);
	if (!rc)
		fz_resp_json(resp, 200, json_pack("{s:b,s:i,s:s,s:i,s:i,s:b,s:I}",
			"ok", 1, "year", res.year, "title", n.title,
			"holidays", (int)res.holidays, "workdays",
			(int)res.workdays, "replaced", res.replaced,
			"recomputed", (json_int_t)res.recomputed));
	fz_notice_release(&n);
	return rc;
}

#define A FZ_ROLE_ADMIN
const struct fz_route fz_calendar_routes[] = {
	{ "GET", "/api/v1/calendar", h_calendar, FZ_ROLE_ANY, 0 },
	/* reads only: parses the text and answers, no CSRF needed */
	{ "POST", "/api/v1/calendar/preview", h_preview, A, 0 },
	{ "POST", "/api/v1/calendar/import", h_import, A, FZ_ROUTE_WRITE },
	{ NULL, NULL, NULL, 0, 0 }
};
