/* handler.h - small helpers every HTTP handler shares: body fields,
 * the {id} capture, paging and the list answer, the body allow-list.
 *
 * All of them read a ready struct fz_req (route.h); none touches the
 * database.  Messages are the ones the API tests check: keep them. */
#ifndef FZ_HTTP_HANDLER_H
#define FZ_HTTP_HANDLER_H

#include <stdint.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "http/route.h"

/* Kore-style allow-list: a body field the route does not declare is an
 * error, so a typo never silently does nothing.  keys ends with NULL.
 * Returns 0 when req->json is NULL or every key is in keys, else the
 * negative code of fz_json_check_keys with err filled. */
int fz_req_allow(const struct fz_req *req, const char *const keys[],
		 struct fz_err *err);

/* FZ_ALLOW("a", "b") at the top of a handler: returns the error from the
 * handler when the body has another field.  Uses the handler's `req` and
 * `err` by name. */
#define FZ_ALLOW(...) do { \
	static const char *const fz_allow_k_[] = { __VA_ARGS__, NULL }; \
	int fz_allow_rc_ = fz_req_allow(req, fz_allow_k_, err); \
	if (fz_allow_rc_) \
		return fz_allow_rc_; \
} while (0)

/* The string member key of the JSON object o, or NULL when o is NULL, the
 * member is absent or not a string.  Borrowed: lives as long as o. */
const char *fz_req_field(const json_t *o, const char *key);

/* fz_req_field of the request body. */
const char *fz_req_str(const struct fz_req *req, const char *key);

/* The integer member key of the body into *out: returns 1 when it is a
 * JSON integer, else 0 with *out untouched. */
int fz_req_int(const struct fz_req *req, const char *key, int64_t *out);

/* The i-th {x} path capture as a positive decimal id.  Anything else
 * (missing, not all digits, <= 0) is FZ_ENOTFOUND "对象不存在" on field
 * "id", *id untouched. */
int fz_req_id(const struct fz_req *req, int i, int64_t *id,
	      struct fz_err *err);

/* An optional "YYYY-MM-DD" body field: *out = {0,0,0} when absent; a
 * present value that is not a string or not a valid date is FZ_EINVAL
 * "日期应为 YYYY-MM-DD" on field key. */
int fz_req_date(const struct fz_req *req, const char *key,
		struct fz_date *out, struct fz_err *err);

/* An optional amount in 元 given as a string ("1,234.50") into *out 分:
 * 0 when absent; a present value that is not a string fz_money_parse
 * accepts (no negatives) is FZ_EINVAL on field key. */
int fz_req_money(const struct fz_req *req, const char *key, int64_t *out,
		 struct fz_err *err);

/* page and per_page from the query string: page defaults to 1 and
 * anything below 1 reads as 1; per_page defaults to 20, below 1 reads as
 * 20, above 100 as 100.  Never fails. */
void fz_req_paging(struct fz_req *req, int64_t *page, int64_t *per);

/* Pure part of fz_req_paging: p and pp are the raw arguments or NULL. */
void fz_req_paging_of(const char *p, const char *pp, int64_t *page,
		      int64_t *per);

/* The list answer {"items","total","page","per_page"}; steals items.
 * Returns a new reference (NULL only if jansson runs out of memory). */
json_t *fz_resp_list(json_t *items, int64_t total, int64_t page,
		     int64_t per);

#endif
