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
#include "engine/docs/xlsx.h"
#include "http/route.h"
#include "store/store.h"

struct fz_unit_info;

/* A filter a module offers on its list: ?arg=value binds value to sql,
 * an expression over the module's join with one "?". */
struct fz_casehttp_filter {
	const char *arg;  /* "track" */
	const char *sql;  /* "d.track = ?" */
};

/* What a module plugs into the one HTTP layer for cases (docs/api.md,
 * "Cases"): every case domain answers the same parameters, limits and
 * shapes for list, get, act, facts, extend, assign and documents. */
struct fz_casehttp {
	const struct fz_record_kind *record; /* scope and "not found" */
	const struct fz_case_type *const *types; /* the module's, NULL-ended */
	const struct fz_cal *(*cal)(void);
	const struct fz_case_join *join;     /* list columns; 'u' columns
						are unit ids shown by name */
	const struct fz_casehttp_filter *filters; /* ended by arg == NULL */
	/* the list as a spreadsheet (?format=xlsx): its columns over the
	 * rows as the list answers them, and the file's name ("执法案件") */
	const struct fz_xlsx_col *export_cols;
	const char *export_name;
	/* derived members of one list row from what it holds (names of
	 * codes); no database access; may be NULL */
	void (*row)(json_t *item);
	/* the module's step (own transaction), as fz_review_act; req gives
	 * the database and the district keys */
	int (*act)(struct fz_req *req, const struct fz_cal *cal,
		   const struct fz_case_actor *a, int64_t case_id,
		   const char *transition, struct fz_date on, json_t *data,
		   const char *note, struct fz_err *err);
	/* the module's part of the case page, added to the engine's JSON;
	 * may be NULL */
	int (*extras)(struct fz_req *req, int64_t case_id, json_t *o,
		      struct fz_err *err);
	/* assign the case (own transaction) to assignee, or by workload when
	 * 0; may be NULL (the module has no assignment) */
	int (*assign)(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_case_actor *a, int64_t case_id,
		      int64_t assignee, struct fz_date on, struct fz_err *err);
	/* write document kind of the case into out (PDF, or HTML when *html
	 * is set on entry and the module has an HTML form; cleared when it
	 * has not); FZ_ENOTFOUND for a kind it does not make */
	int (*document)(struct fz_req *req, const struct fz_case_actor *a,
			int64_t case_id, const char *kind, int *html,
			struct fz_buf *out, struct fz_err *err);
};

/* The district's working-day calendar, loaded once for every module (NULL
 * when it could not be loaded; handlers answer FZ_EINTERNAL then). */
const struct fz_cal *fz_casehttp_cal(void);

/* 0 when s has lo..hi characters (UTF-8, NULL counts as none), else
 * FZ_EINVAL on field "<label>应为 lo–hi 个字". */
int fz_casehttp_text_ok(const char *s, size_t lo, size_t hi, const char *field,
			const char *label, struct fz_err *err);

/* Answer 200 with the body already in resp as a file of type, named name
 * (UTF-8, RFC 5987; ascii plus name's extension for old clients), shown in
 * the browser when show is set, else saved; never cached. */
void fz_casehttp_download(struct fz_resp *resp, const char *type,
			  const char *name, const char *ascii, int show);

/* End the transaction begun by the caller: roll back when rc is an error,
 * else commit (rolled back if the commit fails).  Returns the outcome. */
int fz_casehttp_end_tx(struct fz_store *db, int rc, struct fz_err *err);

/* Does actor a act where path ("/1/4/17/") lies?  The system always;
 * otherwise path must start with a's scope ("/" or "" is everywhere). */
int fz_casehttp_in_scope(const struct fz_case_actor *a, const char *path);

/* The text of the first column of the first row of sql (one "?", bound
 * to id) into out (n bytes): 1 found, 0 no row, negative on error.  The
 * record kinds' unit_path callbacks are one call of it. */
int fz_casehttp_text_by_id(struct fz_store *db, const char *sql, int64_t id,
			   char *out, size_t n, struct fz_err *err);

/* The last id of a materialised path: 16 for "/1/16/". */
int64_t fz_casehttp_path_unit(const char *path);

/* The town (a unit of kind town) id where actor a registers a record:
 * *town filled; FZ_EINVAL on field "town" when id is no town, FZ_EFORBID
 * when it lies outside a's scope. */
int fz_casehttp_town(struct fz_store *db, const struct fz_case_actor *a,
		     int64_t id, struct fz_unit_info *town, struct fz_err *err);

/* Append one successful action of actor a to the audit log (inside the
 * caller's transaction).  detail NULL means "". */
int fz_casehttp_audit(struct fz_store *db, const struct fz_case_actor *a,
		      const char *action, const char *object,
		      const char *detail, struct fz_err *err);

/* What a module answers for public tracking about case_id: 1 when the
 * case is one of its applications and the phone index stored on its own
 * row is phone_idx, with the date it received the application written
 * into received_on (n bytes); 0 when not; negative on error.  The module
 * reads only its own table: the case itself is read through engine/case. */
typedef int (*fz_casehttp_tracked_fn)(struct fz_store *db, int64_t case_id,
				      const char *phone_idx, char *received_on,
				      size_t n, struct fz_err *err);

/* Public tracking of an application: the case whose number is number
 * (fz_case_find_number) and which tracked accepts with the blind index of
 * phone, as a new object {number, kind, status, received_on, updated_on}
 * in *out; types (NULL-ended) name the states.  FZ_ENOTFOUND with one
 * message for a bad phone, an unknown number and a wrong pair. */
int fz_casehttp_track_case(struct fz_store *db, const struct fz_keys *keys,
			   const char *number, const char *phone,
			   fz_casehttp_tracked_fn tracked,
			   const struct fz_case_type *const *types,
			   const char *kind, json_t **out, struct fz_err *err);

/* The request's user as an actor on the module's cases: the scope the
 * access policy gives for the module's record kind.  a points into req. */
void fz_casehttp_actor(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_case_actor *a);

/* 0 when the module's calendar is loaded, else FZ_EINTERNAL. */
int fz_casehttp_need_cal(const struct fz_casehttp *m, struct fz_err *err);

/* The generic handlers.  Parameters, limits and answers (docs/api.md):
 *  list    GET  ?type=&state=&light=&unit=&from=&to=&open=1&page=&per_page=
 *               &after= plus the module's filters -> {items, total,
 *               total_exact, page, per_page, next}
 *  get     GET  …/{id} -> the engine's case plus the module's extras
 *  act     POST …/{id}/actions {transition, on, data, note}
 *  facts   POST …/{id}/facts {facts}
 *  extend  POST …/{id}/extend {deadline, n, reason, approver, approved_on}
 *  assign  POST …/{id}/assign {assignee_id, on}
 *  document GET …/{id}/documents/{kind}[?format=html]
 * The writers answer the case page, as get does. */
int fz_casehttp_list(const struct fz_casehttp *m, struct fz_req *req,
		     struct fz_resp *resp, struct fz_err *err);
int fz_casehttp_get(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp, struct fz_err *err);
int fz_casehttp_act(const struct fz_casehttp *m, struct fz_req *req,
		    struct fz_resp *resp, struct fz_err *err);
int fz_casehttp_facts(const struct fz_casehttp *m, struct fz_req *req,
		      struct fz_resp *resp, struct fz_err *err);
int fz_casehttp_extend(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_resp *resp, struct fz_err *err);
int fz_casehttp_assign(const struct fz_casehttp *m, struct fz_req *req,
		       struct fz_resp *resp, struct fz_err *err);
int fz_casehttp_document(const struct fz_casehttp *m, struct fz_req *req,
			 struct fz_resp *resp, struct fz_err *err);

/* The case type of case id among the module's, or NULL. */
const struct fz_case_type *fz_casehttp_type_of(const struct fz_casehttp *m,
					       struct fz_store *db, int64_t id);

/* POST public …/track {number, phone}: track answers the object. */
int fz_casehttp_track(struct fz_req *req, struct fz_resp *resp,
		      int (*track)(struct fz_store *db, const struct fz_keys *keys,
				   const char *number, const char *phone,
				   json_t **out, struct fz_err *err),
		      struct fz_err *err);

/* The optional ?from=&to= dates of a figures query ({0,0,0} when absent);
 * FZ_EINVAL on field "from" when one is not YYYY-MM-DD. */
int fz_casehttp_range(struct fz_req *req, struct fz_date *from,
		      struct fz_date *to, struct fz_err *err);

/* ---- 待办 ----
 *
 * GET /api/v1/todo answers, for the caller, what needs someone in each
 * case domain the caller may list (docs/api.md, "待办"): counts by light
 * and due date and the most urgent cases, through fz_case_todo with the
 * module's types and the caller's scope for its record kind. */
struct fz_casehttp_domain {
	const char *key;    /* "enforce" */
	const char *name;   /* "执法办案", what the page shows */
	const char *page;   /* "/enforce": the page that opens one case */
	const char *param;  /* "id": page?param=<case id> opens it */
	int roles;          /* who may list these cases (the list route's) */
	const struct fz_casehttp *mod;
};

/* Every case domain's entry, NULL-ended (defined in app.c). */
extern const struct fz_casehttp_domain *const fz_app_case_domains[];

/* The audit namer of "case:<id>" (engine/audit.h): the 案号 (the title
 * when the type has no number) and, for "case.<step>", the case type's
 * name of that step ("行政处罚案件：作出处罚决定"). */
int fz_casehttp_audit_name(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n);

/* The 待办 route, for app.c's route list. */
extern const struct fz_route fz_casehttp_routes[];

#endif
