/* casehttp.h - what the domain modules that wrap engine/case (行政复议,
 * 调解) share: the calendar, text and transaction helpers, the acting
 * user as a case actor, and the generic case handlers (step, extend,
 * tracking, PDF) parameterised by what differs between the modules. */
#ifndef FZ_DOMAIN_CASEHTTP_H
#define FZ_DOMAIN_CASEHTTP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "http/route.h"
#include "store/store.h"

/* What a module plugs into the generic handlers. */
struct fz_casehttp {
	/* the module's one case type, or NULL: type_of says which it is */
	const struct fz_case_type *type;
	const struct fz_case_type *(*type_of)(struct fz_store *db,
					      int64_t case_id);
	const struct fz_cal *(*cal)(void);
	const char *not_found;   /* "复议案件不存在" */
	int justice_wide;        /* the 司法局 acts district-wide on cases */
	/* the module's step (own transaction), as fz_review_act */
	int (*act)(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_actor *a, int64_t case_id,
		   const char *transition, struct fz_date on, json_t *data,
		   const char *note, struct fz_err *err);
	fz_handler page;         /* answers the case page after a step */
};

/* The district's working-day calendar, loaded once for every module (NULL
 * when it could not be loaded; handlers answer FZ_EINTERNAL then). */
const struct fz_cal *fz_casehttp_cal(void);

/* 0 when s has lo..hi characters (UTF-8, NULL counts as none), else
 * FZ_EINVAL on field "<label>应为 lo–hi 个字". */
int fz_casehttp_text_ok(const char *s, size_t lo, size_t hi, const char *field,
			const char *label, struct fz_err *err);

/* End the transaction begun by the caller: roll back when rc is an error,
 * else commit (rolled back if the commit fails).  Returns the outcome. */
int fz_casehttp_end_tx(struct fz_store *db, int rc, struct fz_err *err);

/* Append one successful action of actor a to the audit log (inside the
 * caller's transaction).  detail NULL means "". */
int fz_casehttp_audit(struct fz_store *db, const struct fz_case_actor *a,
		      const char *action, const char *object,
		      const char *detail, struct fz_err *err);

/* Public tracking of an application: the case whose number is number and
 * whose phone_idx is the blind index of phone, as a new object {number,
 * kind, status, received_on, updated_on} in *out.  sql selects number,
 * type key, state, received date and last change for the two parameters
 * (number, phone index); types (NULL-ended) name the states.  FZ_ENOTFOUND
 * with one message for a bad phone, an unknown number and a wrong pair. */
int fz_casehttp_track_case(struct fz_store *db, const struct fz_keys *keys,
			   const char *number, const char *phone,
			   const char *sql,
			   const struct fz_case_type *const *types,
			   const char *kind, json_t **out, struct fz_err *err);

/* The request's user as a case actor (req->user must be set): 区政府办
 * and admins see every case, the others their unit's subtree.  a points
 * into req, valid as long as it. */
void fz_casehttp_actor(struct fz_req *req, struct fz_case_actor *a);

/* As fz_casehttp_actor, widened to the district for the 司法局 when the
 * module says so (m->justice_wide). */
void fz_casehttp_case_actor(const struct fz_casehttp *m, struct fz_req *req,
			    struct fz_case_actor *a);

/* 0 when the module's calendar is loaded, else FZ_EINTERNAL. */
int fz_casehttp_need_cal(const struct fz_casehttp *m, struct fz_err *err);

/* The case {id} of the path as the engine's JSON (*out is the caller's),
 * *id set.  FZ_ENOTFOUND with m->not_found when it is no case of the
 * module. */
int fz_casehttp_case_json(const struct fz_casehttp *m, struct fz_req *req,
			  int64_t *id, json_t **out, struct fz_err *err);

/* POST …/{id}/actions {transition, on, data, note}: m->act, then the case
 * page. */
int fz_casehttp_act(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp, struct fz_err *err);

/* POST …/{id}/extend {deadline, days, reason, approver, approved_on}:
 * fz_case_extend (approved today when no date), then the case page. */
int fz_casehttp_extend(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_resp *resp, struct fz_err *err);

/* POST public …/track {number, phone}: track answers the object. */
int fz_casehttp_track(struct fz_req *req, struct fz_resp *resp,
		      int (*track)(struct fz_store *db, const struct fz_keys *keys,
				   const char *number, const char *phone,
				   json_t **out, struct fz_err *err),
		      struct fz_err *err);

/* GET …/{id}/x.pdf: pdf writes the document of the case into the body. */
int fz_casehttp_pdf(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp,
		    int (*pdf)(struct fz_store *db, const struct fz_case_actor *a,
			       int64_t case_id, struct fz_buf *out,
			       struct fz_err *err),
		    struct fz_err *err);

/* The optional ?from=&to= dates of a figures query ({0,0,0} when absent);
 * FZ_EINVAL on field "from" when one is not YYYY-MM-DD. */
int fz_casehttp_range(struct fz_req *req, struct fz_date *from,
		      struct fz_date *to, struct fz_err *err);

#endif
