/* review_metrics.c - the 行政复议 figures as engine/metrics rows, and the
 * answer of GET /api/v1/review/metrics built from them (see
 * review_metrics.h).  Only review's own tables are read; organs and
 * stations are unit ids the engine names through the app. */
#include "domain/review/review_metrics.h"

#include <string.h>

/* What closes a case without review (not 审结). */
#define NOT_HEARD "('rejected', 'forwarded', 'abandoned')"
#define NOT_DECIDED "('mediated', 'withdrawn', 'terminated', 'rejected'," \
		    " 'forwarded', 'abandoned')"

#define CASES "review_cases r"
#define CASE_MARKER "COALESCE(r.outcome, '') || '|' || r.corrects || '|' ||" \
		    " COALESCE(r.closed_on, '') || '|' || r.respondent || '|' ||" \
		    " COALESCE(r.station_id, '')"
#define SUITS "review_suits t LEFT JOIN review_cases r ON r.case_id = t.case_id"
#define SUIT_MARKER "t.outcome || '|' || COALESCE(t.judged_on, '') || '|' ||" \
		    " t.defendant_unit || '|' || COALESCE(t.case_id, '')"

static const struct fz_metrics_breakdown case_by[] = {
	{ "organ", "被申请人", "r.respondent", 0, "未填写", NULL },
	{ "station", "受理站点", "r.station_id", 1, "网上申请", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

/* A suit's station is its review case's; a suit without review is its
 * own group. */
static const struct fz_metrics_breakdown suit_by[] = {
	{ "organ", "被诉行政机关", "t.defendant_unit", 1, "未填写", NULL },
	{ "station", "受理站点", "CASE WHEN t.case_id IS NULL THEN '未经复议'"
	  " ELSE CAST(r.station_id AS TEXT) END", 1, "网上申请", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct fz_metric fz_review_metric_set[] = {
	{ "review.tiaoche", "调撤率", FZ_METRICS_RATE, NULL,
	  "以调解或撤回申请结案的案件数 ÷ 审结案件数",
	  "《中华人民共和国行政复议法》（2023年修订）第五条、第七十三条、第七十四条（调解与和解撤回）；"
	  "审结口径（不含不予受理、转送、视为放弃）为本区统计口径",
	  CASES, "r.closed_on", "r.outcome IN ('mediated', 'withdrawn')",
	  "r.outcome IS NOT NULL AND r.outcome NOT IN " NOT_HEARD, NULL,
	  "r.case_id", "'被申请人：' || r.respondent", "r.case_id", "r.station_id",
	  NULL, CASE_MARKER, case_by },
	{ "review.jiucuo", "纠错率", FZ_METRICS_RATE, NULL,
	  "作出变更、撤销、确认违法、责令履行、确认无效等纠错决定的案件数 ÷ 作出复议决定的案件数",
	  "《中华人民共和国行政复议法》（2023年修订）第六十三条至第六十七条、第七十一条、第七十二条（纠错类决定）",
	  CASES, "r.closed_on", "r.corrects = 1",
	  "r.outcome IS NOT NULL AND r.outcome NOT IN " NOT_DECIDED, NULL,
	  "r.case_id", "'被申请人：' || r.respondent", "r.case_id", "r.station_id",
	  NULL, CASE_MARKER, case_by },
	{ "review.lost", "复议后败诉率", FZ_METRICS_RATE, NULL,
	  "经复议后起诉、行政机关败诉的案件数 ÷ 经复议后起诉已审结的案件数",
	  "《中华人民共和国行政诉讼法》第二十六条第二款（经复议的案件）；法治政府建设考评中的行政诉讼败诉率指标",
	  SUITS, "t.judged_on", "t.case_id IS NOT NULL AND t.outcome = 'lost'",
	  "t.case_id IS NOT NULL AND t.outcome <> 'pending'", NULL,
	  "t.id", "t.court_no", NULL, "t.defendant_unit", NULL, SUIT_MARKER,
	  suit_by },
	{ "review.appearance", "负责人出庭应诉率", FZ_METRICS_RATE, NULL,
	  "行政机关负责人出庭应诉的庭次 ÷ 开庭审理的庭次",
	  "《中华人民共和国行政诉讼法》第三条第三款（被诉行政机关负责人应当出庭应诉）",
	  "review_appearances p JOIN review_suits t ON t.id = p.suit_id"
	  " LEFT JOIN review_cases r ON r.case_id = t.case_id",
	  "p.hearing_on", "p.appeared = 1", "1 = 1", NULL,
	  "p.id", "t.court_no", NULL, "t.defendant_unit", NULL,
	  "p.appeared || '|' || p.hearing_on || '|' || " SUIT_MARKER, suit_by },
	{ NULL }
};

static json_t *rate(int64_t num, int64_t den)
{
	return fz_metrics_value(FZ_METRICS_RATE, num, den, 0);
}

/* One figure in the shape this route has always answered. */
static int one(struct fz_store *db, const struct fz_metrics_units *units,
	       const struct fz_metric *m, struct fz_metrics_params *p,
	       json_t *out, struct fz_err *err)
{
	json_t *o, *groups = json_array(), *g;
	int64_t num, den;
	size_t i;
	int rc = fz_metrics_compute(db, units, m, p, &o, err);

	if (rc) {
		json_decref(groups);
		return rc;
	}
	num = json_integer_value(json_object_get(o, "num"));
	den = json_integer_value(json_object_get(o, "den"));
	if (!p->by) {
		/* "all": one district group, as long as there is anything */
		if (num || den)
			json_array_append_new(groups, json_pack("{s:s,s:I,s:I,s:o}",
				"name", "全区", "num", (json_int_t)num, "den",
				(json_int_t)den, "rate", rate(num, den)));
	} else {
		json_array_foreach(json_object_get(o, "groups"), i, g) {
			int64_t n = json_integer_value(json_object_get(g, "num"));
			int64_t d = json_integer_value(json_object_get(g, "den"));
			json_array_append_new(groups, json_pack("{s:O,s:I,s:I,s:o}",
				"name", json_object_get(g, "label"), "num", (json_int_t)n,
				"den", (json_int_t)d, "rate", rate(n, d)));
		}
	}
	json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:I,s:I,s:o,s:O,s:o}",
		"key", m->id + strlen("review."), "name", m->name, "definition",
		m->definition, "num", (json_int_t)num, "den", (json_int_t)den,
		"rate", rate(num, den), "provenance", json_object_get(o, "provenance"),
		"groups", groups));
	json_decref(o);
	return 0;
}

int fz_review_metrics(struct fz_store *db, const struct fz_metrics_units *units,
		      struct fz_date from, struct fz_date to, const char *by,
		      json_t **out, struct fz_err *err)
{
	struct fz_metrics_params p = { from, to, NULL, NULL };
	char f[FZ_DATE_STRLEN], t[FZ_DATE_STRLEN];
	json_t *arr;
	int rc = 0;

	*out = NULL;
	if (!by || (strcmp(by, "organ") && strcmp(by, "station") && strcmp(by, "all")))
		return fz_err_set(err, FZ_EINVAL, "by", "分组应为按被申请机关、按受理站点或不分组");
	p.by = strcmp(by, "all") ? by : NULL;
	arr = json_array();
	for (const struct fz_metric *m = fz_review_metric_set; !rc && m->id; m++)
		rc = one(db, units, m, &p, arr, err);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	*out = json_pack("{s:s,s:s,s:s,s:o}", "from", fz_date_format(p.from, f),
			 "to", fz_date_format(p.to, t), "by", by, "metrics", arr);
	return 0;
}
