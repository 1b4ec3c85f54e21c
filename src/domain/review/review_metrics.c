/* review_metrics.c - the 行政复议 figures (see review_metrics.h). */
#include "domain/review/review_metrics.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

/* What closes a case without review (not 审结). */
#define NOT_HEARD "('rejected', 'forwarded', 'abandoned')"
#define NOT_DECIDED "('mediated', 'withdrawn', 'terminated', 'rejected'," \
		    " 'forwarded', 'abandoned')"

#define CASES "review_cases r LEFT JOIN units s ON s.id = r.station_id"
#define SUITS "review_suits t JOIN units d ON d.id = t.defendant_unit" \
	      " LEFT JOIN review_cases r ON r.case_id = t.case_id" \
	      " LEFT JOIN units s ON s.id = r.station_id"
#define SUIT_STATION "COALESCE(s.name, CASE WHEN t.case_id IS NULL" \
		     " THEN '未经复议' ELSE '网上申请' END)"

static const struct metric {
	const char *key, *name, *definition;
	const char *from, *organ, *station, *when, *num, *den;
} metrics[] = {
	{ "tiaoche", "调撤率", "以调解或撤回申请结案的案件数 ÷ 审结案件数",
	  CASES, "r.respondent", "COALESCE(s.name, '网上申请')", "r.closed_on",
	  "r.outcome IN ('mediated', 'withdrawn')",
	  "r.outcome IS NOT NULL AND r.outcome NOT IN " NOT_HEARD },
	{ "jiucuo", "纠错率", "作出变更、撤销、确认违法、责令履行、确认无效等纠错决定的案件数 ÷ 作出复议决定的案件数",
	  CASES, "r.respondent", "COALESCE(s.name, '网上申请')", "r.closed_on",
	  "r.corrects = 1",
	  "r.outcome IS NOT NULL AND r.outcome NOT IN " NOT_DECIDED },
	{ "lost", "复议后败诉率", "经复议后起诉、行政机关败诉的案件数 ÷ 经复议后起诉已审结的案件数",
	  SUITS, "d.name", SUIT_STATION, "t.judged_on",
	  "t.case_id IS NOT NULL AND t.outcome = 'lost'",
	  "t.case_id IS NOT NULL AND t.outcome <> 'pending'" },
	{ "appearance", "负责人出庭应诉率", "行政机关负责人出庭应诉的庭次 ÷ 开庭审理的庭次",
	  "review_appearances p JOIN review_suits t ON t.id = p.suit_id"
	  " JOIN units d ON d.id = t.defendant_unit"
	  " LEFT JOIN review_cases r ON r.case_id = t.case_id"
	  " LEFT JOIN units s ON s.id = r.station_id",
	  "d.name", SUIT_STATION, "p.hearing_on", "p.appeared = 1", "1 = 1" },
};

static json_t *rate(int64_t num, int64_t den)
{
	/* four decimals, computed in integers */
	return den ? json_real((double)(num * 10000 / den) / 10000.0) : json_null();
}

static int one(struct fz_store *db, const struct metric *m, const char *from,
	       const char *to, const char *by, json_t *out, struct fz_err *err)
{
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_stmt *st;
	const char *grp = !strcmp(by, "organ") ? m->organ :
			  !strcmp(by, "station") ? m->station : "'全区'";
	int64_t tn = 0, td = 0;
	json_t *groups = json_array();
	int rc;

	fz_buf_addf(&b, "SELECT %s, SUM(CASE WHEN %s THEN 1 ELSE 0 END),"
		    " SUM(CASE WHEN %s THEN 1 ELSE 0 END) FROM %s WHERE %s >= ?"
		    " AND %s <= ? GROUP BY 1 ORDER BY 3 DESC, 1", grp, m->num,
		    m->den, m->from, m->when, m->when);
	rc = b.err ? fz_err_set(err, b.err, NULL, NULL)
		   : fz_stmt_prepare(db, &st, b.data, err);
	fz_buf_release(&b);
	if (rc) {
		json_decref(groups);
		return rc;
	}
	fz_stmt_bind_text(st, 1, from);
	fz_stmt_bind_text(st, 2, to);
	while ((rc = fz_stmt_step(st, err)) == 1) {
		int64_t n = fz_stmt_int(st, 1), d = fz_stmt_int(st, 2);
		tn += n;
		td += d;
		json_array_append_new(groups, json_pack("{s:s,s:I,s:I,s:o}",
			"name", fz_stmt_text(st, 0), "num", (json_int_t)n,
			"den", (json_int_t)d, "rate", rate(n, d)));
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(groups);
		return rc;
	}
	json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:I,s:I,s:o,s:o}",
		"key", m->key, "name", m->name, "definition", m->definition,
		"num", (json_int_t)tn, "den", (json_int_t)td, "rate", rate(tn, td),
		"groups", groups));
	return 0;
}

int fz_review_metrics(struct fz_store *db, struct fz_date from,
		      struct fz_date to, const char *by, json_t **out,
		      struct fz_err *err)
{
	char f[FZ_DATE_STRLEN], t[FZ_DATE_STRLEN];
	json_t *arr;
	int rc = 0;

	*out = NULL;
	if (!by || (strcmp(by, "organ") && strcmp(by, "station") && strcmp(by, "all")))
		return fz_err_set(err, FZ_EINVAL, "by", "分组应为 organ、station 或 all");
	if (!to.y)
		to = fz_date_today_cn();
	if (!from.y)
		from = (struct fz_date){ to.y, 1, 1 };
	if (fz_date_cmp(from, to) > 0)
		return fz_err_set(err, FZ_EINVAL, "from", "起始日期晚于截止日期");
	fz_date_format(from, f);
	fz_date_format(to, t);
	arr = json_array();
	for (size_t i = 0; !rc && i < sizeof(metrics) / sizeof(metrics[0]); i++)
		rc = one(db, &metrics[i], f, t, by, arr, err);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	*out = json_pack("{s:s,s:s,s:s,s:o}", "from", f, "to", t, "by", by,
			 "metrics", arr);
	return 0;
}
