/* enforce_discretion.c - 行政裁量权基准: the agencies' discretion tables
 * (data/discretion, one CSV per agency) and the recommended fine for a violation and
 * its facts.
 *
 * 行政处罚法 (2021) Art. 34 has agencies set and publish discretion
 * benchmarks; the tables are data, one CSV per agency, each row a
 * violation code, the provision broken, the provision that sets the
 * penalty, a grade (轻微/一般/较重/严重), the condition under which the
 * grade applies (an engine/rules expression over the case's facts), and
 * the fine: a fixed range in 元 or a multiple of a fact (货值金额的1–3倍),
 * or 不予处罚.  The conditions of all tables compile into one rule set
 * whose rule i is row i, so "which row applies" is one evaluation.
 * Generated rule text keeps the CSV's line numbers, so a bad condition is
 * reported as market.csv:7:… like any rule file. */
#include "domain/enforce/enforce.h"

#include "core/buf.h"
#include "core/cite.h"
#include "core/mem.h"
#include "core/money.h"
#include "engine/rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum method { M_FIXED, M_MULTIPLE, M_NONE };

struct drow {
	char agency[32];
	int line;
	char *col[10];     /* the CSV cells, see COL_* */
	enum method method;
	char base[64];     /* the fact a multiple applies to (M_MULTIPLE) */
	int64_t lo, hi;    /* 分 (M_FIXED) or 1/10000 multiples (M_MULTIPLE) */
	int grade;         /* 0 轻微 .. 3 严重 */
};

enum { COL_CODE, COL_VIOLATION, COL_VIOLATED, COL_BASIS, COL_GRADE,
       COL_COND, COL_METHOD, COL_LO, COL_HI, COL_NOTE, NCOLS };

struct fz_enforce_discretion {
	struct drow *rows;
	size_t n, cap;
	struct fz_rules *rules; /* rule i = rows[i] */
};

static const char *const grades[] = { "轻微", "一般", "较重", "严重" };

/* The factors officers tick.  Mitigating ones are 行政处罚法 Art. 32's
 * "应当从轻或者减轻" list; aggravating ones are the circumstances the
 * tables' notes and Art. 49 (突发事件期间 从重) name. */
static const struct factor {
	const char *key;
	int effect; /* -1 从轻, +1 从重 */
	const char *cite;
} factors[] = {
	{ "主动消除或者减轻违法行为危害后果", -1, "行政处罚法 Art. 32(一)" },
	{ "受他人胁迫或者诱骗实施违法行为", -1, "行政处罚法 Art. 32(二)" },
	{ "主动供述行政机关尚未掌握的违法行为", -1, "行政处罚法 Art. 32(三)" },
	{ "配合行政机关查处违法行为有立功表现", -1, "行政处罚法 Art. 32(四)" },
	{ "突发事件期间违反应对措施", 1, "行政处罚法 Art. 49" },
	{ "拒不配合调查或者隐匿证据", 1, "本区裁量基准（从重情形）" },
	{ "侵害未成年人、老年人等群体权益", 1, "本区裁量基准（从重情形）" },
	{ "造成较大社会影响", 1, "本区裁量基准（从重情形）" },
	{ NULL, 0, NULL }
};

/* The title of the benchmark a table file holds, as a document cites it
 * (never the file's name). */
static const char *agency_name(const char *key)
{
	static const char *const map[][2] = {
		{ "market", "《柯桥区市场监督管理裁量基准》" },
		{ "ecology", "《柯桥区生态环境裁量基准》" },
		{ "safety", "《柯桥区应急管理（消防）裁量基准》" },
		{ "urban", "《柯桥区综合行政执法裁量基准》" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], key))
			return map[i][1];
	return "本区行政处罚裁量基准";
}

/* A row's item number in its benchmark: the file's first line is the
 * header, so line 2 is item 1. */
static int item_of(int line)
{
	return line - 1;
}

/* A factor's citation as people read it (core/cite). */
static json_t *cite_json(const char *machine)
{
	char *t = fz_cite_dup(machine);
	json_t *j = json_string(t ? t : "");

	free(t);
	return j;
}

static const struct factor *factor_find(const char *key)
{
	for (const struct factor *f = factors; f->key; f++)
		if (!strcmp(f->key, key))
			return f;
	return NULL;
}

void fz_enforce_discretion_free(struct fz_enforce_discretion *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		for (int c = 0; c < NCOLS; c++)
			free(d->rows[i].col[c]);
	free(d->rows);
	fz_rules_free(d->rules);
	free(d);
}

/* One CSV record (RFC 4180: quotes, "" inside quotes, commas) from *p;
 * cells are new strings.  Returns the number of cells, -1 on a bad quote. */
static int csv_record(const char **p, char **cells, int max)
{
	const char *s = *p;
	int n = 0;
	struct fz_buf b = FZ_BUF_INIT;

	for (;;) {
		fz_buf_reset(&b);
		if (*s == '"') {
			s++;
			for (;;) {
				if (!*s) {
					fz_buf_release(&b);
					return -1;
				}
				if (*s == '"' && s[1] == '"') {
					fz_buf_addch(&b, '"');
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					fz_buf_addch(&b, *s++);
				}
			}
		}
		while (*s && *s != ',' && *s != '\n' && *s != '\r')
			fz_buf_addch(&b, *s++);
		if (n < max)
			cells[n] = fz_xstrdup(b.data);
		n++;
		if (*s != ',')
			break;
		s++;
	}
	if (*s == '\r')
		s++;
	if (*s == '\n')
		s++;
	*p = s;
	fz_buf_release(&b);
	return n;
}

/* A decimal such as "1.6" or "0.035" as 1/10000 units; -1 when bad. */
static int64_t dec4(const char *s)
{
	int64_t v = 0, frac = 0;
	int nd = 0, dot = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s == '.' && !dot) {
			dot = 1;
		} else if (*s >= '0' && *s <= '9') {
			if (dot) {
				if (++nd > 4)
					return -1;
				frac = frac * 10 + (*s - '0');
			} else {
				if (v > 100000000)
					return -1;
				v = v * 10 + (*s - '0');
			}
		} else {
			return -1;
		}
	}
	while (nd++ < 4)
		frac *= 10;
	return v * 10000 + frac;
}

static int row_fail(struct fz_err *err, const char *file, int line,
		    const char *what)
{
	return fz_err_set(err, FZ_EINVAL, "discretion", "%s:%d: %s", file, line,
			  what);
}

static int row_check(struct drow *r, const char *file, struct fz_err *err)
{
	int64_t lo, hi;
	const char *m = r->col[COL_METHOD];

	r->grade = -1;
	for (int g = 0; g < 4; g++)
		if (!strcmp(r->col[COL_GRADE], grades[g]))
			r->grade = g;
	if (r->grade < 0)
		return row_fail(err, file, r->line, "情节须为轻微、一般、较重或严重");
	if (!r->col[COL_CODE][0] || !r->col[COL_VIOLATION][0] ||
	    !r->col[COL_BASIS][0] || !r->col[COL_COND][0])
		return row_fail(err, file, r->line, "编码、违法行为、处罚依据和适用条件不能为空");
	if (!strcmp(m, "不予处罚")) {
		r->method = M_NONE;
		return 0;
	}
	if (!strcmp(m, "固定金额")) {
		r->method = M_FIXED;
		if (fz_money_parse(&lo, r->col[COL_LO], 0, NULL) ||
		    fz_money_parse(&hi, r->col[COL_HI], 0, NULL))
			return row_fail(err, file, r->line, "下限、上限须为元金额");
	} else if (!strncmp(m, "倍数:", strlen("倍数:"))) {
		r->method = M_MULTIPLE;
		snprintf(r->base, sizeof(r->base), "%s", m + strlen("倍数:"));
		lo = dec4(r->col[COL_LO]);
		hi = dec4(r->col[COL_HI]);
		if (!r->base[0] || lo < 0 || hi < 0)
			return row_fail(err, file, r->line, "倍数须写成 倍数:事实名，下限、上限为倍数");
	} else {
		return row_fail(err, file, r->line,
				"计算方式须为 固定金额、倍数:事实名 或 不予处罚");
	}
	if (lo > hi)
		return row_fail(err, file, r->line, "下限大于上限");
	r->lo = lo;
	r->hi = hi;
	return 0;
}

static void add_rule_line(struct fz_buf *src, const struct drow *r, size_t i)
{
	/* Strings in the generated rule never hold a quote: the cells are
	 * our own text, and a quote there is refused below. */
	fz_buf_addf(src, "rule R%zu { name \"%s\"; cite \"%s\"; message \"%s\"; "
		    "when %s; }\n", i, r->col[COL_CODE], r->col[COL_BASIS],
		    grades[r->grade], r->col[COL_COND]);
}

/* Parse one agency's CSV into d and its generated rule text into src. */
static int load_csv(struct fz_enforce_discretion *d, const char *file,
		    const char *text, struct fz_buf *src, struct fz_err *err)
{
	const char *p = text;
	char agency[32];
	int line = 0, rc = 0;

	snprintf(agency, sizeof(agency), "%.*s", (int)strcspn(file, "."), file);
	while (*p && !rc) {
		char *cells[NCOLS + 1] = { 0 };
		int n;

		line++;
		if (*p == '\n' || *p == '\r') {
			p += *p == '\r' ? 1 : 0;
			p += *p == '\n' ? 1 : 0;
			fz_buf_addch(src, '\n');
			continue;
		}
		n = csv_record(&p, cells, NCOLS + 1);
		if (n != NCOLS)
			rc = row_fail(err, file, line, n < 0 ? "引号不配对" :
				      "每行须有10列");
		for (int c = 0; !rc && c < NCOLS; c++)
			if (strchr(cells[c], '"'))
				rc = row_fail(err, file, line, "单元格中不能有双引号");
		if (!rc && line == 1) {
			/* the header */
			fz_buf_addch(src, '\n');
		} else if (!rc) {
			struct drow *r;
			if (d->n == d->cap) {
				d->cap = d->cap ? d->cap * 2 : 32;
				d->rows = fz_xrealloc(d->rows, d->cap * sizeof(*d->rows));
			}
			r = &d->rows[d->n];
			memset(r, 0, sizeof(*r));
			snprintf(r->agency, sizeof(r->agency), "%s", agency);
			r->line = line;
			for (int c = 0; c < NCOLS; c++) {
				r->col[c] = cells[c];
				cells[c] = NULL;
			}
			d->n++;
			rc = row_check(r, file, err);
			if (!rc)
				add_rule_line(src, r, d->n - 1);
		}
		for (int c = 0; c <= NCOLS; c++)
			free(cells[c]);
	}
	return rc;
}

int fz_enforce_discretion_load(struct fz_enforce_discretion **out,
			       const struct fz_embedded *files,
			       struct fz_err *err)
{
	struct fz_enforce_discretion *d = fz_xcalloc(1, sizeof(*d));
	struct fz_embedded set[16];
	struct fz_buf srcs[16];
	size_t ns = 0, nsrc = 0;
	int rc = 0;

	*out = NULL;
	/* fields.rules first: the conditions use its fields. */
	for (const struct fz_embedded *f = files; f->name; f++)
		if (!strcmp(f->name, "fields.rules"))
			set[ns++] = *f;
	if (ns != 1)
		rc = fz_err_set(err, FZ_EINVAL, "discretion",
				"缺少 fields.rules（裁量基准条件字段）");
	for (const struct fz_embedded *f = files; !rc && f->name; f++) {
		size_t len = strlen(f->name);
		if (len < 5 || strcmp(f->name + len - 4, ".csv"))
			continue;
		if (ns >= sizeof(set) / sizeof(set[0]) - 1) {
			rc = fz_err_set(err, FZ_EINVAL, "discretion", "裁量基准文件过多");
			break;
		}
		fz_buf_init(&srcs[nsrc], 1 << 20);
		rc = load_csv(d, f->name, f->data, &srcs[nsrc], err);
		set[ns].name = f->name;
		set[ns++].data = srcs[nsrc++].data;
	}
	if (!rc) {
		set[ns].name = NULL;
		set[ns].data = NULL;
		rc = fz_rules_compile_files(&d->rules, set, NULL, err);
	}
	for (size_t i = 0; i < nsrc; i++)
		fz_buf_release(&srcs[i]);
	if (rc) {
		fz_enforce_discretion_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

static json_t *row_json(const struct drow *r)
{
	char lo[FZ_MONEY_STRLEN], hi[FZ_MONEY_STRLEN];
	json_t *o = json_pack("{s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:s}",
		"agency", r->agency, "code", r->col[COL_CODE], "line", r->line,
		"violation", r->col[COL_VIOLATION],
		"violated", r->col[COL_VIOLATED], "basis", r->col[COL_BASIS],
		"grade", r->col[COL_GRADE], "condition", r->col[COL_COND],
		"note", r->col[COL_NOTE]);
	if (r->method == M_FIXED) {
		json_object_set_new(o, "method", json_string("fixed"));
		json_object_set_new(o, "min", json_integer(r->lo));
		json_object_set_new(o, "max", json_integer(r->hi));
		json_object_set_new(o, "formula", json_sprintf("%s–%s元",
			fz_money_format(r->lo, lo), fz_money_format(r->hi, hi)));
	} else if (r->method == M_MULTIPLE) {
		json_object_set_new(o, "method", json_string("multiple"));
		json_object_set_new(o, "base", json_string(r->base));
		json_object_set_new(o, "min_ratio", json_string(r->col[COL_LO]));
		json_object_set_new(o, "max_ratio", json_string(r->col[COL_HI]));
		json_object_set_new(o, "formula", json_sprintf("%s的%s–%s倍",
			r->base, r->col[COL_LO], r->col[COL_HI]));
	} else {
		json_object_set_new(o, "method", json_string("none"));
		json_object_set_new(o, "formula", json_string("不予处罚"));
	}
	return o;
}

json_t *fz_enforce_discretion_json(const struct fz_enforce_discretion *d,
				   const char *agency)
{
	json_t *items = json_array(), *cur = NULL;
	const char *last = "";

	for (size_t i = 0; i < d->n; i++) {
		const struct drow *r = &d->rows[i];
		if (agency && *agency && strcmp(agency, r->agency))
			continue;
		if (strcmp(last, r->col[COL_CODE])) {
			cur = json_array();
			json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:o}",
				"agency", r->agency, "code", r->col[COL_CODE],
				"violation", r->col[COL_VIOLATION], "rows", cur));
			last = r->col[COL_CODE];
		}
		json_array_append_new(cur, row_json(r));
	}
	json_t *fl = json_array();
	for (const struct factor *f = factors; f->key; f++)
		json_array_append_new(fl, json_pack("{s:s,s:s,s:o}", "key", f->key,
			"effect", f->effect < 0 ? "从轻" : "从重", "cite", cite_json(f->cite)));
	return json_pack("{s:o,s:o}", "items", items, "factors", fl);
}

/* base * ratio / 10000 without overflow for amounts up to FZ_MONEY_MAX. */
static int64_t times(int64_t base, int64_t ratio)
{
	return base / 10000 * ratio + base % 10000 * ratio / 10000;
}

/* Collect the ticked factors: -1 / +1 counts into *mit / *agg. */
static int read_factors(const json_t *facts, const char *key, int want,
			json_t *outl, int *count, struct fz_err *err)
{
	json_t *arr = json_object_get(facts, key), *v;
	size_t i;

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return fz_err_set(err, FZ_EINVAL, key, "「%s」须为情形列表", key);
	json_array_foreach(arr, i, v) {
		const struct factor *f = json_is_string(v) ?
			factor_find(json_string_value(v)) : NULL;
		if (!f || f->effect != want)
			return fz_err_set(err, FZ_EINVAL, key, "「%s」中有未知情形",
					  key);
		(*count)++;
		json_array_append_new(outl, json_pack("{s:s,s:s,s:o}", "key",
			f->key, "effect", want < 0 ? "从轻" : "从重", "cite", cite_json(f->cite)));
	}
	return 0;
}

/* Pick the row: the forced grade, else the most severe row whose
 * condition holds, else the row graded 一般. */
static int pick_row(const struct fz_enforce_discretion *d, const char *code,
		    const json_t *facts, const struct drow **out,
		    const struct drow **none_row, int *by_condition,
		    struct fz_err *err)
{
	const char *forced = json_string_value(json_object_get(facts, "情节"));
	struct fz_rules_row *row = fz_rules_row_new(d->rules);
	const struct drow *best = NULL, *general = NULL;
	int any = 0, rc = 0;

	if (!row)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	/* Unknown keys and wrong types only make a condition unknown. */
	{
		struct fz_err ignore = FZ_ERR_INIT;
		fz_rules_row_from_json(row, facts, &ignore);
	}
	*by_condition = 0;
	for (size_t i = 0; i < d->n && !rc; i++) {
		const struct drow *r = &d->rows[i];
		int res;
		if (strcmp(r->col[COL_CODE], code))
			continue;
		any = 1;
		if (r->grade == 1 && !general)
			general = r;
		if (forced) {
			if (!strcmp(forced, grades[r->grade]))
				best = r;
			continue;
		}
		rc = fz_rules_eval_one(d->rules, i, row, &res, err);
		if (rc || res != 1)
			continue;
		/* A 不予处罚 row offers 首违不罚 (Art. 33) beside the
		 * penalty range, it does not replace it. */
		if (r->method == M_NONE) {
			if (none_row)
				*none_row = r;
		} else if (!best || r->grade > best->grade) {
			best = r;
			*by_condition = 1;
		}
	}
	fz_rules_row_free(row);
	if (rc)
		return rc;
	if (!any)
		return fz_err_set(err, FZ_ENOTFOUND, "violation",
				  "裁量基准中没有违法行为编码 %s", code);
	if (forced && !best)
		return fz_err_set(err, FZ_EINVAL, "情节",
				  "违法行为 %s 没有「%s」情节", code, forced);
	*out = best ? best : general ? general : NULL;
	if (!*out)
		return fz_err_set(err, FZ_EINVAL, "facts",
				  "事实不符合任何裁量阶次的适用条件");
	return 0;
}

int fz_enforce_discretion_compute(const struct fz_enforce_discretion *d,
				  const char *code, const json_t *facts,
				  json_t **out, struct fz_err *err)
{
	const struct drow *r = NULL, *none = NULL;
	json_t *fl = json_array(), *o;
	int64_t lo = 0, hi = 0, rlo, rhi, mid;
	int mit = 0, agg = 0, by_cond = 0, rc;
	char a[FZ_MONEY_STRLEN], b[FZ_MONEY_STRLEN];
	struct fz_buf why = FZ_BUF_INIT;

	*out = NULL;
	rc = pick_row(d, code, facts, &r, &none, &by_cond, err);
	if (!rc)
		rc = read_factors(facts, "从轻情节", -1, fl, &mit, err);
	if (!rc)
		rc = read_factors(facts, "从重情节", 1, fl, &agg, err);
	if (!rc && r->method == M_MULTIPLE) {
		json_t *base = json_object_get(facts, r->base);
		if (!json_is_integer(base) || json_integer_value(base) < 0)
			rc = fz_err_set(err, FZ_EINVAL, r->base,
					"按倍数计算罚款须填写「%s」（分）", r->base);
		else {
			lo = times(json_integer_value(base), r->lo);
			hi = times(json_integer_value(base), r->hi);
		}
	} else if (!rc && r->method == M_FIXED) {
		lo = r->lo;
		hi = r->hi;
	}
	if (rc) {
		json_decref(fl);
		return rc;
	}
	/* 从轻: the lower half of the grade's range; 从重: the upper half;
	 * both or neither: the whole range. */
	mid = lo + (hi - lo) / 2;
	rlo = lo;
	rhi = hi;
	if (mit && !agg)
		rhi = mid;
	else if (agg && !mit)
		rlo = mid;
	fz_buf_addf(&why, "适用%s第%d项「%s」（%s情节，%s）",
		    agency_name(r->agency), item_of(r->line),
		    r->col[COL_VIOLATION], grades[r->grade],
		    by_cond ? "事实符合适用条件" : "按认定情节");
	if (r->method == M_NONE)
		fz_buf_adds(&why, "：符合不予处罚条件（《中华人民共和国行政处罚法》第三十三条）");
	else
		fz_buf_addf(&why, "：罚款幅度%s元至%s元", fz_money_format(lo, a),
			    fz_money_format(hi, b));
	if (mit && !agg)
		fz_buf_addf(&why, "；有%d项从轻情形，建议在幅度中间值以下", mit);
	else if (agg && !mit)
		fz_buf_addf(&why, "；有%d项从重情形，建议在幅度中间值以上", agg);
	else if (agg && mit)
		fz_buf_adds(&why, "；从轻、从重情形并存，在全幅度内综合裁量");
	o = json_pack("{s:o,s:s,s:{s:I,s:I},s:{s:I,s:I},s:o,s:b,s:s,s:s}",
		"row", row_json(r), "grade", grades[r->grade],
		"range", "min", (json_int_t)lo, "max", (json_int_t)hi,
		"recommended", "min", (json_int_t)rlo, "max", (json_int_t)rhi,
		"factors", fl, "no_penalty",
		r->method == M_NONE || none || fz_enforce_first_offence(facts) > 0,
		"basis", r->col[COL_BASIS], "explanation", why.data);
	if (none) {
		json_object_set_new(o, "no_penalty_row", row_json(none));
		fz_buf_addf(&why, "；另符合同一基准第%d项不予处罚条件（《中华人民共和国行政处罚法》第三十三条），可作不予处罚决定",
			    item_of(none->line));
		json_object_set_new(o, "explanation", json_string(why.data));
	}
	fz_buf_release(&why);
	*out = o;
	return 0;
}
