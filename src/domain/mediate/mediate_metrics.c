/* mediate_metrics.c - the mediation figures (see mediate_metrics.h). */
#include "domain/mediate/mediate_metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/mediate/mediate.h"

/* The one definition of "mediated": its mediation ended, 成功 or 不成;
 * withdrawn disputes are not counted. */
#define MEDIATED "d.outcome IN ('success', 'failed')"
#define FROM "mediate_disputes d JOIN mediate_orgs o ON o.id = d.org_id"
#define MARKER "d.outcome || '|' || COALESCE(d.days, '') || '|' ||" \
	       " d.amount_cents || '|' || d.agreed_cents || '|' || d.track ||" \
	       " '|' || d.town_code || '|' || COALESCE(d.station_id, '') ||" \
	       " '|' || d.org_id"
#define SOURCE "《中华人民共和国人民调解法》；本区矛盾纠纷调解统计口径"

static const char *town_name(const char *code)
{
	const struct fz_mediate_town *t = fz_mediate_town_find(code);
	return t ? t->name : NULL;
}

static const struct fz_metrics_breakdown by_rows[] = {
	{ "track", "调解类型", "d.track", 0, "未填写", fz_mediate_track_name },
	{ "town", "镇街", "d.town_code", 0, "未填写", town_name },
	{ "station", "登记站点", "d.station_id", 1, "（非站点登记）", NULL },
	{ "org", "调解组织", "o.name", 0, "未填写", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

/* Every row reads the same records: disputes mediated in the period, by
 * the day mediation ended, placed in the unit of their organisation. */
#define ROW(id, name, kind, unit, def, num, den, amount) \
	{ id, name, kind, unit, def, SOURCE, FROM, "d.mediated_on", num, den, \
	  amount, "d.case_id", "'调解组织：' || o.name", "d.case_id", \
	  "o.unit_id", NULL, MARKER, by_rows }

const struct fz_metric fz_mediate_metric_set[] = {
	ROW("mediate.mediated", "调解纠纷数", FZ_METRICS_COUNT, "件",
	    "调解结束（成功或不成功）的纠纷件数，按调解结束日期计；撤回的不计",
	    MEDIATED, NULL, NULL),
	ROW("mediate.success", "调解成功率", FZ_METRICS_RATE, NULL,
	    "调解成功的纠纷件数 ÷ 调解纠纷数", "d.outcome = 'success'",
	    MEDIATED, NULL),
	ROW("mediate.amount", "涉及金额", FZ_METRICS_SUM, "分",
	    "调解纠纷的争议金额合计（分）", MEDIATED, NULL, "d.amount_cents"),
	ROW("mediate.agreed", "协议金额", FZ_METRICS_SUM, "分",
	    "调解纠纷达成协议的金额合计（分）", MEDIATED, NULL, "d.agreed_cents"),
	ROW("mediate.days", "办理天数合计", FZ_METRICS_SUM, "天",
	    "调解纠纷自登记至调解结束的天数合计；平均办理天数 = 办理天数合计 ÷ 调解纠纷数",
	    MEDIATED, NULL, "COALESCE(d.days, 0)"),
	ROW("mediate.within3", "3日内办结数", FZ_METRICS_COUNT, "件",
	    "自登记起3日内调解结束的纠纷件数（快处通道的目标）",
	    MEDIATED " AND d.days <= 3", NULL, NULL),
	{ NULL }
};

/* The engine's rows in the order of the answer's columns. */
enum { MEDIATED_, SUCCESS_, AMOUNT_, AGREED_, DAYS_, WITHIN3_, NCOL };

struct row {
	const char *key;   /* borrowed from the engine's answer, NULL: NULL group */
	const char *name;
	int64_t v[NCOL];
};

static json_t *row_json(const struct row *r)
{
	int64_t n = r->v[MEDIATED_];
	return json_pack("{s:s,s:I,s:I,s:o,s:I,s:I,s:o,s:I}", "name", r->name,
		"mediated", (json_int_t)n, "success", (json_int_t)r->v[SUCCESS_],
		"success_rate", fz_metrics_value(FZ_METRICS_RATE, r->v[SUCCESS_], n, 0),
		"amount_cents", (json_int_t)r->v[AMOUNT_],
		"agreed_cents", (json_int_t)r->v[AGREED_],
		"avg_days", n ? json_real((double)(r->v[DAYS_] * 100 / n) / 100.0)
			      : json_null(),
		"within_3_days", (json_int_t)r->v[WITHIN3_]);
}

static int64_t value_of(const struct fz_metric *m, json_t *o)
{
	/* a rate's figure here is its numerator; the others are their value */
	return json_integer_value(json_object_get(o, m->kind == FZ_METRICS_RATE
						     ? "num" : "value"));
}

int fz_mediate_metrics(struct fz_store *db, const struct fz_metrics_units *units,
		       struct fz_date from, struct fz_date to, const char *by,
		       json_t **out, struct fz_err *err)
{
	struct fz_metrics_params p = { from, to, NULL, NULL };
	char f[FZ_DATE_STRLEN], t[FZ_DATE_STRLEN];
	json_t *res[NCOL] = { NULL }, *arr;
	struct row total = { NULL, "全区", { 0 } }, *rows = NULL;
	size_t nrows = 0;
	int rc = 0, ok = 0;

	*out = NULL;
	for (const struct fz_metrics_breakdown *b = by_rows; by && b->key; b++)
		ok |= !strcmp(b->key, by);
	if (!by || (!ok && strcmp(by, "all")))
		return fz_err_set(err, FZ_EINVAL, "by",
				  "分组应为 track、town、station、org 或 all");
	p.by = strcmp(by, "all") ? by : NULL;
	for (int i = 0; !rc && i < NCOL; i++)
		rc = fz_metrics_compute(db, units, &fz_mediate_metric_set[i], &p,
					&res[i], err);
	if (rc)
		goto out;
	for (int i = 0; i < NCOL; i++)
		total.v[i] = value_of(&fz_mediate_metric_set[i], res[i]);
	if (p.by) {
		/* every row reads the same records, so the count's groups are
		 * every group; the others are matched to them by key */
		json_t *gs = json_object_get(res[MEDIATED_], "groups"), *g;
		size_t i;
		nrows = json_array_size(gs);
		rows = calloc(nrows ? nrows : 1, sizeof(*rows));
		if (!rows) {
			rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
			goto out;
		}
		json_array_foreach(gs, i, g) {
			rows[i].key = json_string_value(json_object_get(g, "key"));
			rows[i].name = json_string_value(json_object_get(g, "label"));
		}
		for (int c = 0; c < NCOL; c++) {
			size_t j;
			json_array_foreach(json_object_get(res[c], "groups"), j, g) {
				const char *k = json_string_value(json_object_get(g, "key"));
				for (size_t r = 0; r < nrows; r++)
					if (k ? rows[r].key && !strcmp(k, rows[r].key)
					      : !rows[r].key)
						rows[r].v[c] = value_of(&fz_mediate_metric_set[c], g);
			}
		}
	} else if (total.v[MEDIATED_]) {
		rows = calloc(1, sizeof(*rows));
		if (!rows) {
			rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
			goto out;
		}
		rows[0] = total;
		nrows = 1;
	}
	arr = json_array();
	for (size_t r = 0; r < nrows; r++)
		json_array_append_new(arr, row_json(&rows[r]));
	*out = json_pack("{s:s,s:s,s:s,s:o,s:o}", "from", fz_date_format(p.from, f),
			 "to", fz_date_format(p.to, t), "by", by,
			 "total", row_json(&total), "groups", arr);
out:
	free(rows);
	for (int i = 0; i < NCOL; i++)
		json_decref(res[i]);
	return rc;
}

/* cases × 10000 ÷ residents, to two decimals, in integers */
static json_t *per_10k(int64_t cases, int64_t residents, int have)
{
	if (!have || residents <= 0)
		return json_null();
	return json_real((double)(cases * 1000000 / residents) / 100.0);
}

int fz_mediate_litigation_rate(struct fz_store *db, int year, json_t **out,
			       struct fz_err *err)
{
	json_t *towns = json_array();
	int64_t all_cases = 0, all_res = 0;
	int any = 0, rc = 0;

	*out = NULL;
	if (year < 2000 || year > 2100) {
		json_decref(towns);
		return fz_err_set(err, FZ_EINVAL, "year", "年份无效");
	}
	for (const struct fz_mediate_town *t = fz_mediate_towns; !rc && t->code; t++) {
		int64_t n = 0;
		int have = fz_store_int(db, &n, err, "SELECT civil_first FROM"
					" mediate_court_stats WHERE year = ? AND"
					" town_code = ?", "it", year, t->code);
		if (have < 0) {
			rc = have;
			break;
		}
		any |= have;
		/* the district figure covers the towns the court reported */
		all_cases += n;
		all_res += have ? t->residents : 0;
		json_array_append_new(towns, json_pack("{s:s,s:s,s:I,s:s,s:o,s:o}",
			"code", t->code, "name", t->name, "residents",
			(json_int_t)t->residents, "confidence", t->confidence,
			"civil_first", have ? json_integer(n) : json_null(),
			"rate", per_10k(n, t->residents, have)));
	}
	if (rc) {
		json_decref(towns);
		return rc;
	}
	*out = json_pack("{s:i,s:{s:I,s:I,s:o},s:o}", "year", year, "total",
			 "civil_first", (json_int_t)all_cases, "residents",
			 (json_int_t)all_res, "rate", per_10k(all_cases, all_res, any),
			 "towns", towns);
	return 0;
}
