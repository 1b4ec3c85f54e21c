/* mediate_metrics.c - the mediation figures (see mediate_metrics.h). */
#include "domain/mediate/mediate_metrics.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "domain/mediate/mediate.h"

/* The one definition of "mediated in the period" and of each column. */
#define MEDIATED "d.outcome IN ('success', 'failed') AND d.mediated_on >= ?" \
		 " AND d.mediated_on <= ?"
#define COLUMNS "COUNT(*), SUM(CASE WHEN d.outcome = 'success' THEN 1 ELSE 0 END)," \
		" SUM(d.amount_cents), SUM(d.agreed_cents), SUM(d.days)," \
		" SUM(CASE WHEN d.days <= 3 THEN 1 ELSE 0 END)"

static json_t *row(const char *name, int64_t n, int64_t ok, int64_t amount,
		   int64_t agreed, int64_t days, int64_t within3)
{
	return json_pack("{s:s,s:I,s:I,s:o,s:I,s:I,s:o,s:I}", "name", name,
		"mediated", (json_int_t)n, "success", (json_int_t)ok,
		"success_rate", n ? json_real((double)(ok * 10000 / n) / 10000.0)
				  : json_null(),
		"amount_cents", (json_int_t)amount, "agreed_cents", (json_int_t)agreed,
		"avg_days", n ? json_real((double)(days * 100 / n) / 100.0)
			      : json_null(),
		"within_3_days", (json_int_t)within3);
}

static const char *group_name(const char *by, const char *key)
{
	if (!strcmp(by, "track")) {
		const char *n = fz_mediate_track_name(key);
		return n ? n : key;
	}
	if (!strcmp(by, "town")) {
		const struct fz_mediate_town *t = fz_mediate_town_find(key);
		return t ? t->name : key;
	}
	return key;
}

int fz_mediate_metrics(struct fz_store *db, struct fz_date from,
		       struct fz_date to, const char *by, json_t **out,
		       struct fz_err *err)
{
	static const char *const groups[][2] = {
		{ "track", "d.track" }, { "town", "d.town_code" },
		{ "station", "COALESCE(s.name, '（非站点登记）')" },
		{ "org", "o.name" }, { "all", "'全区'" },
	};
	const char *grp = NULL;
	char f[FZ_DATE_STRLEN], t[FZ_DATE_STRLEN];
	int64_t tot[6] = { 0 };
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_stmt *st;
	json_t *arr;
	int rc;

	*out = NULL;
	for (size_t i = 0; by && i < sizeof(groups) / sizeof(groups[0]); i++)
		if (!strcmp(groups[i][0], by))
			grp = groups[i][1];
	if (!grp)
		return fz_err_set(err, FZ_EINVAL, "by",
				  "分组应为 track、town、station、org 或 all");
	if (!to.y)
		to = fz_date_today_cn();
	if (!from.y)
		from = (struct fz_date){ to.y, 1, 1 };
	if (fz_date_cmp(from, to) > 0)
		return fz_err_set(err, FZ_EINVAL, "from", "起始日期晚于截止日期");
	fz_date_format(from, f);
	fz_date_format(to, t);
	fz_buf_addf(&b, "SELECT %s, " COLUMNS " FROM mediate_disputes d"
		    " JOIN mediate_orgs o ON o.id = d.org_id"
		    " LEFT JOIN units s ON s.id = d.station_id WHERE " MEDIATED
		    " GROUP BY 1 ORDER BY 2 DESC, 1", grp);
	rc = b.err ? fz_err_set(err, b.err, NULL, NULL)
		   : fz_stmt_prepare(db, &st, b.data, err);
	fz_buf_release(&b);
	if (rc)
		return rc;
	fz_stmt_bind_text(st, 1, f);
	fz_stmt_bind_text(st, 2, t);
	arr = json_array();
	while ((rc = fz_stmt_step(st, err)) == 1) {
		int64_t v[6];
		for (int i = 0; i < 6; i++)
			tot[i] += v[i] = fz_stmt_int(st, i + 1);
		json_array_append_new(arr, row(group_name(by, fz_stmt_text(st, 0)),
					       v[0], v[1], v[2], v[3], v[4], v[5]));
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = json_pack("{s:s,s:s,s:s,s:o,s:o}", "from", f, "to", t, "by", by,
			 "total", row("全区", tot[0], tot[1], tot[2], tot[3], tot[4],
				      tot[5]), "groups", arr);
	return 0;
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
