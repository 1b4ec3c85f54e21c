/* handler.c - helpers every HTTP handler shares (see handler.h). */
#include "http/handler.h"

#include <stdlib.h>

#include "core/json.h"
#include "core/money.h"

int fz_req_allow(const struct fz_req *req, const char *const keys[],
		 struct fz_err *err)
{
	return req->json ? fz_json_check_keys(req->json, keys, err) : 0;
}

const char *fz_req_field(const json_t *o, const char *key)
{
	json_t *v = o ? json_object_get(o, key) : NULL;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *fz_req_str(const struct fz_req *req, const char *key)
{
	return fz_req_field(req->json, key);
}

int fz_req_int(const struct fz_req *req, const char *key, int64_t *out)
{
	json_t *v = req->json ? json_object_get(req->json, key) : NULL;
	if (!json_is_integer(v))
		return 0;
	*out = json_integer_value(v);
	return 1;
}

int fz_req_id(const struct fz_req *req, int i, int64_t *id,
	      struct fz_err *err)
{
	char *end;
	long long v;

	if (i < 0 || i >= req->nparams || !req->params[i])
		return fz_err_set(err, FZ_ENOTFOUND, "id", "对象不存在");
	v = strtoll(req->params[i], &end, 10);
	if (*end || v <= 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "对象不存在");
	*id = v;
	return 0;
}

int fz_req_date(const struct fz_req *req, const char *key,
		struct fz_date *out, struct fz_err *err)
{
	json_t *v = req->json ? json_object_get(req->json, key) : NULL;
	*out = (struct fz_date){ 0, 0, 0 };
	if (!v)
		return 0;
	if (!json_is_string(v) || fz_date_parse(out, json_string_value(v), NULL))
		return fz_err_set(err, FZ_EINVAL, key, "日期应为 YYYY-MM-DD");
	return 0;
}

int fz_req_money(const struct fz_req *req, const char *key, int64_t *out,
		 struct fz_err *err)
{
	const char *s = fz_req_str(req, key);
	*out = 0;
	if (!req->json || !json_object_get(req->json, key))
		return 0;
	if (!s || fz_money_parse(out, s, 0, NULL))
		return fz_err_set(err, FZ_EINVAL, key,
				  "金额应为以元为单位的数字，如 1234.50");
	return 0;
}

void fz_req_paging_of(const char *p, const char *pp, int64_t *page,
		      int64_t *per)
{
	*page = p ? strtoll(p, NULL, 10) : 1;
	*per = pp ? strtoll(pp, NULL, 10) : 20;
	if (*page < 1)
		*page = 1;
	if (*per < 1)
		*per = 20;
	if (*per > 100)
		*per = 100;
}

void fz_req_paging(struct fz_req *req, int64_t *page, int64_t *per)
{
	fz_req_paging_of(fz_req_arg(req, "page"), fz_req_arg(req, "per_page"),
			 page, per);
}

json_t *fz_resp_list(json_t *items, int64_t total, int64_t page,
		     int64_t per)
{
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
			 (json_int_t)total, "page", (json_int_t)page,
			 "per_page", (json_int_t)per);
}
