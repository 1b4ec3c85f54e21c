/* pattern_api.c - HTTP handlers of 版权AI智审 (docs/pattern.md). */
#include "domain/pattern/pattern.h"
#include "domain/pattern/pattern_lit.h"

#include "core/json.h"
#include "http/handler.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define COURT (FZ_ROLE_COURT | FZ_ROLE_ADMIN)
#define READERS (FZ_ROLE_COURT | FZ_ROLE_PROCURATOR | FZ_ROLE_ADMIN)
#define PROCURATORS (FZ_ROLE_PROCURATOR | FZ_ROLE_ADMIN)

static void send_bytes(struct fz_resp *resp, const char *type, struct fz_buf *b)
{
	resp->status = 200;
	resp->content_type = type;
	fz_buf_add(&resp->body, b->data, b->len);
	fz_resp_header(resp, "Cache-Control", "private, no-store");
}

/* POST /api/v1/pattern/uploads  (raw image body) -> {ref, id} */
static int h_upload(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_pattern_actor a = { req->user, req->ip };
	int64_t id;
	char ref[32];
	int rc = fz_pattern_upload(req->db, &a, req->body, req->body_len, &id, err);
	if (rc)
		return rc;
	snprintf(ref, sizeof(ref), "u%" PRId64, id);
	fz_resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "ref", ref));
	return 0;
}

/* POST /api/v1/pattern/registrations {upload, reg_no, …} */
static int h_register(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_pattern_actor a = { req->user, req->ip };
	int64_t up = 0, id;
	FZ_ALLOW("upload", "reg_no", "title", "registrant", "created_on", "published_on",
	      "registered_on", "source");
	int rc = fz_json_int(req->json, "upload", "上传的图样", 1, INT64_MAX, 1, &up, err);
	if (rc)
		return rc;
	struct fz_pattern_meta m = {
		fz_req_str(req, "reg_no"), fz_req_str(req, "title"),
		fz_req_str(req, "registrant"), fz_req_str(req, "created_on"),
		fz_req_str(req, "published_on"), fz_req_str(req, "registered_on"),
		fz_req_str(req, "source"),
	};
	if ((rc = fz_pattern_register(req->db, &a, up, &m, &id, err)))
		return rc;
	fz_resp_json(resp, 201, fz_pattern_reg_json(req->db, id));
	return 0;
}

/* GET /api/v1/pattern/registrations?page=&per_page= */
static int h_list(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const char *p = fz_req_arg(req, "page"), *pp = fz_req_arg(req, "per_page");
	int64_t page = p ? strtoll(p, NULL, 10) : 1, per = pp ? strtoll(pp, NULL, 10) : 20, total = 0;
	struct fz_stmt *st;
	json_t *items = json_array();
	int rc;
	if (page < 1) page = 1;
	if (per < 1 || per > 100) per = 20;
	fz_store_int(req->db, &total, err, "SELECT COUNT(*) FROM pattern_regs", "");
	if ((rc = fz_store_query(req->db, &st, err,
				 "SELECT id FROM pattern_regs ORDER BY id LIMIT ? OFFSET ?", "II",
				 per, (page - 1) * per))) {
		json_decref(items);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1) {
		json_t *r = fz_pattern_reg_json(req->db, fz_stmt_int(st, 0));
		if (r)
			json_array_append_new(items, r);
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	fz_resp_json(resp, 200, fz_resp_list(items, total, page, per));
	return 0;
}

/* GET /api/v1/pattern/trace/{ref}?top=K */
static int h_trace(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const char *t = fz_req_arg(req, "top");
	char *end = NULL;
	long top = t ? strtol(t, &end, 10) : 20;
	json_t *out;
	if (t && (*end || end == t))
		return fz_err_set(err, FZ_EINVAL, "top", "返回条数须为整数");
	int rc = fz_pattern_trace(req->db, req->params[0], (int)(top > 0 && top <= FZ_PATTERN_MAX_TOP ? top : -1), &out, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, out);
	return 0;
}

/* GET /api/v1/pattern/compare/{a}/{b} */
static int h_compare(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *out;
	int rc = fz_pattern_compare(req->db, req->params[0], req->params[1], &out, NULL, NULL, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, out);
	return 0;
}

static int evidence(struct fz_req *req, struct fz_resp *resp, struct fz_err *err, int which)
{
	struct fz_buf b = FZ_BUF_INIT;
	json_t *out = NULL;
	int rc = fz_pattern_compare(req->db, req->params[0], req->params[1], &out,
				    which == 0 ? &b : NULL, which == 1 ? &b : NULL, err);
	json_decref(out);
	if (!rc)
		send_bytes(resp, "image/png", &b);
	fz_buf_release(&b);
	return rc;
}

static int h_side(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return evidence(req, resp, err, 0);
}

static int h_overlay(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	return evidence(req, resp, err, 1);
}

/* GET /api/v1/pattern/compare/{a}/{b}/report.pdf */
static int h_report(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_buf b = FZ_BUF_INIT;
	int rc = fz_pattern_report(req->db, req->params[0], req->params[1], &b, err);
	if (!rc) {
		send_bytes(resp, "application/pdf", &b);
		fz_resp_header(resp, "Content-Disposition",
			       "attachment; filename=\"pattern-report.pdf\"");
	}
	fz_buf_release(&b);
	return rc;
}

/* GET /api/v1/pattern/images/{ref} */
static int h_image(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_buf b = FZ_BUF_INIT;
	int rc = fz_pattern_image(req->db, req->params[0], &b, err);
	if (!rc)
		send_bytes(resp, "image/png", &b);
	fz_buf_release(&b);
	return rc;
}

/* POST /api/v1/pattern/cases {case_no, plaintiff, defendant, reg_no, filed_on} */
static int h_case(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	struct fz_pattern_actor a = { req->user, req->ip };
	int64_t id;
	FZ_ALLOW("case_no", "plaintiff", "defendant", "reg_no", "filed_on");
	struct fz_patlit_case c = {
		fz_req_str(req, "case_no"), fz_req_str(req, "plaintiff"),
		fz_req_str(req, "defendant"), fz_req_str(req, "reg_no"),
		fz_req_str(req, "filed_on"),
	};
	int rc = fz_patlit_case_add(req->db, &a, &c, &id, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "case_no",
					  c.case_no));
	return 0;
}

/* GET /api/v1/pattern/flags */
static int h_flags(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	json_t *out;
	int rc = fz_patlit_flags(req->db, &out, err);
	if (rc)
		return rc;
	fz_resp_json(resp, 200, out);
	return 0;
}

const struct fz_route fz_pattern_routes[] = {
	{ "POST", "/api/v1/pattern/uploads", h_upload, READERS, FZ_ROUTE_WRITE | FZ_ROUTE_RAW },
	{ "POST", "/api/v1/pattern/registrations", h_register, COURT, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/pattern/registrations", h_list, READERS, 0 },
	{ "GET", "/api/v1/pattern/trace/{ref}", h_trace, READERS, 0 },
	{ "GET", "/api/v1/pattern/compare/{a}/{b}", h_compare, READERS, 0 },
	{ "GET", "/api/v1/pattern/compare/{a}/{b}/side.png", h_side, READERS, 0 },
	{ "GET", "/api/v1/pattern/compare/{a}/{b}/overlay.png", h_overlay, READERS, 0 },
	{ "GET", "/api/v1/pattern/compare/{a}/{b}/report.pdf", h_report, READERS, 0 },
	{ "GET", "/api/v1/pattern/images/{ref}", h_image, READERS, 0 },
	{ "POST", "/api/v1/pattern/cases", h_case, READERS, FZ_ROUTE_WRITE },
	{ "GET", "/api/v1/pattern/flags", h_flags, PROCURATORS, 0 },
	{ NULL, NULL, NULL, 0, 0 }
};
