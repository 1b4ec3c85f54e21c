/* app.c - lists of every module's migrations, routes and navigation. */
#include "app.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"

#include "domain/casehttp/casehttp.h"
#include "domain/enforce/enforce.h"
#include "domain/enforce/enforce_metrics.h"
#include "domain/laws/laws_http.h"
#include "domain/laws/laws_schema.h"
#include "domain/org/org.h"
#include "domain/policy/policy.h"
#include "engine/actcode/actcode_http.h"
#include "engine/audit.h"
#include "engine/calendar/calendar.h"
#include "engine/calendar/calendar_http.h"
#include "engine/case/case.h"
#include "engine/metrics/metrics_http.h"
#include "domain/review/review.h"
#include "domain/mediate/mediate.h"
#include "domain/mediate/mediate_demo.h"
#include "domain/mediate/mediate_metrics.h"
#include "domain/review/review_demo.h"
#include "domain/review/review_metrics.h"
#include "engine/search/tok.h"
#include "domain/pattern/pattern.h"
#include "domain/report/report.h"
#include "domain/report/report_api.h"
#include "domain/supervise/supervise.h"
#include "domain/supervise/supervise_api.h"
#include "domain/grid/grid.h"
#include "domain/grid/grid_api.h"
#include "domain/kitchen/kitchen.h"
#include "domain/kitchen/kitchen_api.h"

const struct fz_migration *const fz_app_migrations[] = {
	fz_audit_migrations,
	fz_org_migrations,
	fz_case_migrations,
	fz_calendar_migrations,
	fz_enforce_migrations,
	fz_review_migrations,
	fz_mediate_migrations,
	fz_laws_migrations,
	fz_pattern_migrations,
	fz_report_migrations,
	fz_supervise_migrations,
	fz_grid_migrations,
	fz_kitchen_migrations,
	NULL
};

const struct fz_route *const fz_app_routes[] = {
	fz_org_routes,
	fz_actcode_routes,
	fz_metrics_routes,
	fz_calendar_routes,
	fz_casehttp_routes,
	fz_enforce_routes,
	fz_review_routes,
	fz_mediate_routes,
	fz_laws_routes,
	fz_pattern_routes,
	fz_report_routes,
	fz_supervise_routes,
	fz_grid_routes,
	fz_kitchen_routes,
	NULL
};

const struct fz_policy *const fz_app_policy = &fz_policy;

/* Every case type: a holiday-notice import recomputes their deadlines. */
const struct fz_case_type *const fz_app_case_types[] = {
	&fz_enforce_penalty_type,
	&fz_enforce_inspection_type,
	&fz_enforce_transfer_type,
	&fz_review_case,
	&fz_mediate_dispute,
	&fz_mediate_labor,
	&fz_supervise_case,
	NULL
};

/* ---- metrics: every domain's figures, and org's unit lookups ---- */

static int unit_path(struct fz_store *db, int64_t id, char *buf, size_t n,
		     struct fz_err *err)
{
	struct fz_unit_info u;
	int rc = fz_org_unit_get(db, id, &u, err);

	if (!rc)
		snprintf(buf, n, "%s", u.path);
	return rc;
}

struct under {
	const char *prefix;
	size_t len;
	int (*fn)(int64_t id, void *arg);
	void *arg;
};

static int under_one(const struct fz_unit_info *u, void *arg)
{
	struct under *w = arg;

	return strncmp(u->path, w->prefix, w->len) ? 0 : w->fn(u->id, w->arg);
}

static int units_under(struct fz_store *db, const char *prefix,
		       int (*fn)(int64_t id, void *arg), void *arg,
		       struct fz_err *err)
{
	struct under w = { prefix, strlen(prefix), fn, arg };

	return fz_org_units_each(db, NULL, NULL, under_one, &w, err);
}

static const struct fz_metrics_units metric_units = {
	fz_org_unit_name, unit_path, units_under
};

static const struct fz_metric *const metric_sets[] = {
	fz_review_metric_set,
	fz_mediate_metric_set,
	fz_enforce_metric_set,
	fz_supervise_metric_set,
	fz_grid_metric_set,
	fz_kitchen_metric_set,
	NULL
};

const struct fz_metrics_registry fz_app_metrics = {
	metric_sets, &metric_units, fz_policy_scope
};

#define STAFF (FZ_ROLE_ANY)
const struct fz_nav fz_app_nav[] = {
	{ "home", "首页", "#/home", STAFF },
	{ "units", "单位管理", "#/units", FZ_ROLE_ADMIN },
	{ "users", "用户管理", "#/users", FZ_ROLE_ADMIN | FZ_ROLE_SECADMIN },
	/* 三员分立: the audit administrator reads the whole log, the other
	 * two read the audit administrator's own entries (docs/security.md) */
	{ "audit", "审计日志", "#/audit", FZ_ROLES_ADMINS },
	{ "calendar", "节假日安排", "#/calendar", FZ_ROLE_ADMIN },
	{ "enforce", "执法办案", "#/enforce", FZ_ROLE_OFFICER | FZ_ROLE_TOWN | FZ_ROLE_OFFICE | FZ_ROLE_PROCURATOR | FZ_ROLE_JUSTICE },
	{ "discretion", "裁量计算", "#/discretion", FZ_ROLE_OFFICER | FZ_ROLE_TOWN | FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE },
	{ "enforce-supervision", "执法监督", "#/enforce-supervision", FZ_ROLE_OFFICE | FZ_ROLE_PROCURATOR | FZ_ROLE_JUSTICE },
	{ "review", "行政复议", "#/review", FZ_ROLE_JUSTICE | FZ_ROLE_OFFICE | FZ_ROLE_TOWN },
	{ "mediate", "矛盾纠纷调解", "#/mediate", FZ_ROLE_JUSTICE | FZ_ROLE_OFFICE | FZ_ROLE_TOWN | FZ_ROLE_COURT },
	{ "apply", "复议申请与查询（公众）", "/apply/", FZ_ROLE_JUSTICE | FZ_ROLE_TOWN },
	{ "pattern", "版权AI智审", "#/pattern", FZ_ROLE_COURT | FZ_ROLE_PROCURATOR | FZ_ROLE_ADMIN },
	{ "supervise", "法治督察", "#/supervise", FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE | FZ_ROLE_TOWN | FZ_ROLE_OFFICER | FZ_ROLE_COURT | FZ_ROLE_PROCURATOR },
	{ "grid", "市场主体风险分级", "#/grid", FZ_ROLE_OFFICE | FZ_ROLE_OFFICER | FZ_ROLE_TOWN },
	{ "kitchen", "阳光厨房", "#/kitchen", FZ_ROLE_OFFICE | FZ_ROLE_OFFICER | FZ_ROLE_TOWN },
	{ "report", "法治政府建设年度报告", "#/report", FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE | FZ_ROLE_TOWN | FZ_ROLE_OFFICER },
	{ "laws", "一键找法", "/laws/", STAFF },
	/* one's own account settings come after the work */
	{ "tokens", "接口令牌", "#/tokens", FZ_ROLE_ALL },
	{ "mfa", "动态口令", "#/mfa", FZ_ROLE_ALL },
	{ NULL, NULL, NULL, 0 }
};

/* The case domains of the 待办 page, in the order it shows them. */
const struct fz_casehttp_domain *const fz_app_case_domains[] = {
	&fz_enforce_domain,
	&fz_review_domain,
	&fz_mediate_domain,
	&fz_supervise_domain,
	NULL
};

/* Who names which audit objects for the 审计日志 page (engine/audit.h). */
const struct fz_audit_namer fz_app_audit_namers[] = {
	{ "case", fz_casehttp_audit_name, "案件" },
	{ "user", fz_org_audit_name_user, "用户" },
	{ "unit", fz_org_audit_name_unit, "单位" },
	{ "token", fz_org_audit_name_token, "接口令牌" },
	{ "finding", fz_enforce_audit_name_finding, "评查问题" },
	{ "pattern_reg", fz_pattern_audit_name_reg, "图样登记" },
	{ "pattern_case", fz_pattern_audit_name_case, "花样著作权案件" },
	{ "pattern_upload", fz_pattern_audit_name_upload, "上传的图样" },
	{ "grid_entity", fz_grid_audit_name, "市场主体" },
	{ "kitchen_site", fz_kitchen_audit_site, "阳光厨房单位" },
	{ "kitchen_alert", fz_kitchen_audit_alert, "阳光厨房预警" },
	{ "kitchen_events", NULL, "阳光厨房预警接入" },
	{ "audit_log", NULL, "审计日志" },
	{ "review_cases", NULL, "行政复议案件（批量）" },
	{ "mediate_disputes", NULL, "调解案件（批量）" },
	{ "mediate_wage_leads", NULL, "欠薪线索（批量）" },
	{ "supervise_items", NULL, "法治督察事项（批量）" },
	{ "grid_entities", NULL, "市场主体（批量）" },
	{ NULL, NULL, NULL }
};

const struct fz_demo_step fz_app_demo[] = {
	{ "enforce", fz_enforce_demo },
	{ "review", fz_review_demo },
	{ "mediate", fz_mediate_demo },
	{ "pattern", fz_pattern_demo },
	{ "supervise", fz_supervise_demo },
	{ "grid", fz_grid_demo },
	{ "kitchen", fz_kitchen_demo },
	{ NULL, NULL }
};

int fz_app_open(struct fz_store **out, const char *path, int create,
		struct fz_err *err)
{
	int rc;

	/* Tokenizers must be known before any connection opens. */
	fz_store_register_tokenizer(&fz_search_tokenizer);
	rc = fz_store_open(out, path, create ? FZ_STORE_CREATE : 0, err);
	if (rc)
		return rc;
	rc = fz_store_migrate(*out, fz_app_migrations, err);
	/* every command counts deadlines with this database's calendar:
	 * the compiled notices plus the imported ones */
	if (!rc)
		rc = fz_calendar_refresh(*out, err);
	if (rc) {
		fz_store_close(*out);
		*out = NULL;
	}
	return rc;
}

/* A deadline stored without a date because the calendar of its day could
 * not count it (a database from before provisional years, or a gap a new
 * notice filled) is counted again with today's calendar, in one audited
 * transaction: no case keeps a 待定 date the calendar can count. */
int fz_app_catch_up(struct fz_store *db, long *count, struct fz_err *err)
{
	struct fz_cal *cal = fz_calendar_shared(err);
	char detail[128];
	struct fz_audit_entry e = {
		.actor = "", .action = "case.recompute", .object = "cases",
		.detail = detail, .ip = "", .ok = 1,
	};
	int rc;

	*count = 0;
	if (!cal)
		return err->code;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = fz_case_recompute_unknown(db, cal, fz_app_case_types, count, err);
	snprintf(detail, sizeof(detail), "按当前节假日安排补算了%ld件案件的期限",
		 *count);
	if (!rc && *count)
		rc = fz_audit_append(db, &e, err);
	return rc ? (fz_store_rollback(db), rc) : fz_store_commit(db, err);
}

int fz_app_open_keyed(struct fz_store **out, const char *path, int create,
		      const struct fz_keys *keys, struct fz_err *err)
{
	int rekeyed = 0;
	int rc = fz_app_open(out, path, create, err);

	if (!rc)
		rc = fz_audit_use_keys(keys, err);
	if (!rc)
		rc = fz_audit_upgrade(*out, &rekeyed, err);
	if (rc) {
		fz_store_close(*out);
		*out = NULL;
	}
	if (rekeyed)
		fz_log(FZ_LOG_INFO, "audit", "event=rekey db=%s", path);
	return rc;
}
