/* metrics.c - puts a metric's SQL fragments together, computes the figure,
 * its groups and its provenance, and lists the records behind it (see
 * metrics.h; the hash format is in docs/metrics.md). */
#include "engine/metrics/metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "crypto/sm.h"
#include "engine/case/case.h"

/* The provenance format's name: bump it when the hashed fields change, so
 * an old published hash is never compared with a new kind of one. */
#define PROVENANCE_V "fazhi.metrics.v1"

static const char *const kind_keys[] = { "rate", "count", "sum" };
static const char *const kind_names[] = { "比率", "件", "合计" };

const struct fz_metric *fz_metrics_find(const struct fz_metrics_registry *r,
					const char *id)
{
	for (const struct fz_metric *const *s = r->sets; id && *s; s++)
		for (const struct fz_metric *m = *s; m->id; m++)
			if (!strcmp(m->id, id))
				return m;
	return NULL;
}

json_t *fz_metrics_describe(const struct fz_metric *m)
{
	json_t *by = json_array();

	for (const struct fz_metrics_breakdown *b = m->by; b && b->key; b++)
		json_array_append_new(by, json_pack("{s:s,s:s}", "key", b->key,
						    "name", b->name));
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "id", m->id,
			 "name", m->name, "unit", kind_keys[m->kind], "unit_name",
			 m->unit_name ? m->unit_name : kind_names[m->kind],
			 "definition", m->definition, "source",
			 m->source ? m->source : "", "breakdowns", by);
}

json_t *fz_metrics_value(enum fz_metrics_kind kind, int64_t num, int64_t den,
			 int64_t sum)
{
	if (kind == FZ_METRICS_RATE)
		/* four decimals, truncated in integers as the figures always were */
		return den ? json_real((double)(num * 10000 / den) / 10000.0)
			   : json_null();
	return json_integer(kind == FZ_METRICS_SUM ? sum : num);
}

static const struct fz_metrics_breakdown *find_by(const struct fz_metric *m,
						  const char *key)
{
	for (const struct fz_metrics_breakdown *b = m->by; key && b && b->key; b++)
		if (!strcmp(b->key, key))
			return b;
	return NULL;
}

/* "/1/4/17/": a slash, then one or more runs of digits each ended by one. */
static int path_ok(const char *s)
{
	size_t i = 1, digits = 0;

	if (!s || s[0] != '/' || strlen(s) < 3 || strlen(s) >= 256)
		return 0;
	for (; s[i]; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '/' && digits)
			digits = 0;
		else
			return 0;
	}
	return digits == 0;
}

int fz_metrics_check(const struct fz_metric *m, struct fz_metrics_params *p,
		     struct fz_err *err)
{
	if (!p->to.y)
		p->to = fz_date_today_cn();
	if (!p->from.y)
		p->from = (struct fz_date){ p->to.y, 1, 1 };
	if (!fz_date_valid(p->from) || !fz_date_valid(p->to))
		return fz_err_set(err, FZ_EINVAL, "from", "日期无效");
	if (fz_date_cmp(p->from, p->to) > 0)
		return fz_err_set(err, FZ_EINVAL, "from", "起始日期晚于截止日期");
	if (p->unit && !path_ok(p->unit))
		return fz_err_set(err, FZ_EINVAL, "unit", "单位不正确");
	if (p->by && !*p->by)
		p->by = NULL;
	if (p->by && !find_by(m, p->by))
		return fz_err_set(err, FZ_EINVAL, "by", "该指标没有这种分组");
	return 0;
}

/* ---- the WHERE clause: period, part, unit subtree ---- */

struct scope {
	char lo[256], hi[256];     /* range over a unit path column */
	int64_t *ids;              /* or the subtree's unit ids */
	size_t n, cap, slots;      /* slots: placeholders written (≥ n) */
};

static int add_id(int64_t id, void *arg)
{
	struct scope *sc = arg;

	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 16;
		sc->ids = fz_xrealloc(sc->ids, sc->cap * sizeof(*sc->ids));
	}
	sc->ids[sc->n++] = id;
	return 0;
}

static int scope_init(struct fz_store *db, const struct fz_metrics_units *u,
		      const struct fz_metric *m, const char *unit,
		      struct scope *sc, struct fz_err *err)
{
	memset(sc, 0, sizeof(*sc));
	if (!unit || m->unit_path || !m->unit)
		return 0;
	if (!u || !u->each_under)
		return fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	return u->each_under(db, unit, add_id, sc, err);
}

static void scope_release(struct scope *sc)
{
	free(sc->ids);
	sc->ids = NULL;
}

/* Appends " WHERE …" for records of period p satisfying pred. */
static void where(struct fz_buf *b, const struct fz_metric *m,
		  const struct fz_metrics_params *p, struct scope *sc,
		  const char *pred)
{
	fz_buf_addf(b, " WHERE %s >= ? AND %s < ? AND (%s)", m->date, m->date, pred);
	if (!p->unit)
		return;
	if (m->unit_path) {
		/* every path in the subtree sorts in [prefix, prefix with its
		 * last '/' raised to '0'): an index range, no substr or LIKE */
		size_t n = strlen(p->unit);
		snprintf(sc->lo, sizeof(sc->lo), "%s", p->unit);
		snprintf(sc->hi, sizeof(sc->hi), "%s", p->unit);
		sc->hi[n - 1] = '/' + 1;
		fz_buf_addf(b, " AND %s >= ? AND %s < ?", m->unit_path, m->unit_path);
		return;
	}
	if (!m->unit || !sc->n) {
		fz_buf_adds(b, " AND 1 = 0"); /* nothing to place in the subtree */
		return;
	}
	/* A power-of-two count of placeholders (padded with unit id 0, which
	 * no unit has) keeps the number of distinct statements small, since
	 * statements are cached by their text. */
	sc->slots = 4;
	while (sc->slots < sc->n)
		sc->slots *= 2;
	fz_buf_addf(b, " AND %s IN (?", m->unit);
	for (size_t i = 1; i < sc->slots; i++)
		fz_buf_adds(b, ", ?");
	fz_buf_addch(b, ')');
}

/* Binds what where() asked for; returns the next parameter index. */
static int bind_where(struct fz_stmt *st, const struct fz_metric *m,
		      const struct fz_metrics_params *p, const struct scope *sc)
{
	char f[FZ_DATE_STRLEN], t[FZ_DATE_STRLEN];
	int i = 1;

	/* "< the next day" keeps the last day inclusive for date columns and
	 * for instants ("2025-12-31T09:00:00Z" sorts after "2025-12-31") */
	fz_stmt_bind_text(st, i++, fz_date_format(p->from, f));
	fz_stmt_bind_text(st, i++, fz_date_format(fz_date_add_days(p->to, 1), t));
	if (!p->unit)
		return i;
	if (m->unit_path) {
		fz_stmt_bind_text(st, i++, sc->lo);
		fz_stmt_bind_text(st, i++, sc->hi);
		return i;
	}
	for (size_t k = 0; m->unit && k < sc->slots; k++)
		fz_stmt_bind_int(st, i++, k < sc->n ? sc->ids[k] : 0);
	return i;
}

/* The record predicates of each kind: in_num, in_den, and "counted". */
static void preds(const struct fz_metric *m, struct fz_buf *in_num,
		  struct fz_buf *in_den, struct fz_buf *counted)
{
	if (m->kind == FZ_METRICS_RATE) {
		/* the numerator is a subset of the denominator by construction */
		fz_buf_addf(in_num, "(%s) AND (%s)", m->num, m->den);
		fz_buf_addf(in_den, "(%s)", m->den);
		fz_buf_addf(counted, "(%s)", m->den);
	} else {
		fz_buf_addf(in_num, "(%s)", m->num);
		fz_buf_adds(in_den, "1 = 0");
		fz_buf_addf(counted, "(%s)", m->num);
	}
}

static json_t *params_json(const struct fz_metrics_params *p)
{
	char f[FZ_DATE_STRLEN], t[FZ_DATE_STRLEN];

	return json_pack("{s:s,s:s,s:s?,s:s?}", "from", fz_date_format(p->from, f),
			 "to", fz_date_format(p->to, t), "unit", p->unit, "by", p->by);
}

/* ---- provenance: SM3 over length-prefixed fields ---- */

/* The hash's input, gathered in a buffer and handed to SM3 a few KiB at
 * a time: one digest update per field costs more than the hashing itself
 * over a year of records. */
struct hashbuf {
	struct fz_sm3_ctx *c;
	size_t n;
	char b[16384];
};

static void hb_flush(struct hashbuf *h)
{
	if (h->n)
		fz_sm3_update(h->c, h->b, h->n);
	h->n = 0;
}

static void hb_add(struct hashbuf *h, const char *s, size_t n)
{
	if (h->n + n > sizeof(h->b))
		hb_flush(h);
	if (n > sizeof(h->b)) {
		fz_sm3_update(h->c, s, n);
		return;
	}
	memcpy(h->b + h->n, s, n);
	h->n += n;
}

static void field(struct hashbuf *h, const char *s)
{
	char len[24];
	size_t sl = strlen(s);
	int n = snprintf(len, sizeof(len), "%zu:", sl);

	hb_add(h, len, (size_t)n);
	hb_add(h, s, sl);
	hb_add(h, ",", 1);
}

static void field_int(struct hashbuf *h, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, v);
	field(h, s);
}

/* ---- groups ---- */

struct group {
	char *key;   /* NULL for the NULL group */
	char *label;
	int64_t num, den, sum;
};

struct groups {
	struct group *g;
	size_t n, cap;
	enum fz_metrics_kind kind;
};

static struct group *group_get(struct groups *gs, const char *key)
{
	for (size_t i = 0; i < gs->n; i++)
		if (key ? gs->g[i].key && !strcmp(gs->g[i].key, key) : !gs->g[i].key)
			return &gs->g[i];
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? gs->cap * 2 : 16;
		gs->g = fz_xrealloc(gs->g, gs->cap * sizeof(*gs->g));
	}
	gs->g[gs->n] = (struct group){ key ? fz_xstrdup(key) : NULL, NULL, 0, 0, 0 };
	return &gs->g[gs->n++];
}

static int digits_only(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void group_label(struct fz_store *db, const struct fz_metrics_units *u,
			const struct fz_metrics_breakdown *b, struct group *g)
{
	char buf[128];
	const char *l;

	if (!g->key)
		l = b->none ? b->none : "未登记";
	else if (b->unit && digits_only(g->key) && u && u->name) {
		l = u->name(db, strtoll(g->key, NULL, 10), buf, sizeof(buf));
		if (!*l)
			l = "未知单位";
	} else if (b->label && (l = b->label(g->key)))
		;
	else
		l = g->key;
	g->label = fz_xstrdup(l);
}

static json_t *groups_json(struct fz_store *db, const struct fz_metrics_units *u,
			   const struct fz_metrics_breakdown *b, struct groups *gs)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < gs->n; i++)
		group_label(db, u, b, &gs->g[i]);
	/* Biggest first (den for rates, num for counts, the sum for sums),
	 * then by label, so the order never depends on the database's.  An
	 * insertion sort: groups are few, and qsort's comparator would need
	 * the kind in a global. */
	if (gs->n > 1) {
		struct group tmp;
		for (size_t i = 1; i < gs->n; i++) {
			size_t j = i;
			tmp = gs->g[i];
			while (j > 0) {
				int64_t wa = gs->kind == FZ_METRICS_RATE ? gs->g[j - 1].den :
					     gs->kind == FZ_METRICS_SUM ? gs->g[j - 1].sum :
					     gs->g[j - 1].num;
				int64_t wb = gs->kind == FZ_METRICS_RATE ? tmp.den :
					     gs->kind == FZ_METRICS_SUM ? tmp.sum : tmp.num;
				if (wa > wb || (wa == wb && strcmp(gs->g[j - 1].label,
								   tmp.label) <= 0))
					break;
				gs->g[j] = gs->g[j - 1];
				j--;
			}
			gs->g[j] = tmp;
		}
	}
	for (size_t i = 0; i < gs->n; i++) {
		struct group *g = &gs->g[i];
		json_array_append_new(arr, json_pack("{s:s?,s:s,s:I,s:o,s:o}",
			"key", g->key, "label", g->label, "num", (json_int_t)g->num,
			"den", gs->kind == FZ_METRICS_RATE ? json_integer(g->den)
							   : json_null(),
			"value", fz_metrics_value(gs->kind, g->num, g->den, g->sum)));
	}
	return arr;
}

static void groups_release(struct groups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].label);
	}
	free(gs->g);
}

/* ---- compute ---- */

int fz_metrics_compute(struct fz_store *db, const struct fz_metrics_units *u,
		       const struct fz_metric *m, struct fz_metrics_params *p,
		       json_t **out, struct fz_err *err)
{
	struct fz_buf sql = FZ_BUF_INIT, in_num = FZ_BUF_INIT, in_den = FZ_BUF_INIT,
		      counted = FZ_BUF_INIT;
	const struct fz_metrics_breakdown *b;
	struct groups gs = { NULL, 0, 0, m->kind };
	struct scope sc;
	struct fz_sm3_ctx c;
	struct fz_stmt *st = NULL;
	unsigned char digest[FZ_SM3_LEN];
	char hex[FZ_SM3_HEX_LEN + 1], f[FZ_DATE_STRLEN], t[FZ_DATE_STRLEN];
	struct hashbuf *hb;
	int64_t num = 0, den = 0, sum = 0;
	int rc;

	*out = NULL;
	if ((rc = fz_metrics_check(m, p, err)))
		return rc;
	b = find_by(m, p->by);
	if ((rc = scope_init(db, u, m, p->unit, &sc, err))) {
		scope_release(&sc);
		return rc;
	}
	preds(m, &in_num, &in_den, &counted);
	fz_buf_addf(&sql, "SELECT %s, CASE WHEN %s THEN 1 ELSE 0 END,"
		    " CASE WHEN %s THEN 1 ELSE 0 END, %s, %s, %s, %s, %s FROM %s",
		    m->record, in_num.data, in_den.data, m->date,
		    m->unit ? m->unit : "NULL", m->marker ? m->marker : "''",
		    m->amount ? m->amount : "0", b ? b->expr : "NULL", m->from);
	where(&sql, m, p, &sc, counted.data);
	fz_buf_adds(&sql, " ORDER BY 1");
	rc = sql.err || in_num.err || in_den.err || counted.err
		? fz_err_set(err, FZ_ENOMEM, NULL, NULL)
		: fz_stmt_prepare(db, &st, sql.data, err);
	fz_buf_release(&sql);
	fz_buf_release(&in_num);
	fz_buf_release(&in_den);
	fz_buf_release(&counted);
	if (!rc && (rc = fz_sm3_init(&c)))
		fz_err_set(err, rc, NULL, NULL);
	if (rc) {
		if (st)
			fz_stmt_finish(st);
		scope_release(&sc);
		return rc;
	}
	bind_where(st, m, p, &sc);
	hb = malloc(sizeof(*hb));
	if (!hb) {
		fz_stmt_finish(st);
		scope_release(&sc);
		fz_sm3_release(&c);
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	hb->c = &c;
	hb->n = 0;
	field(hb, PROVENANCE_V);
	field(hb, m->id);
	field(hb, m->definition);
	field(hb, fz_date_format(p->from, f));
	field(hb, fz_date_format(p->to, t));
	field(hb, p->unit ? p->unit : "");
	while ((rc = fz_stmt_step(st, err)) == 1) {
		int64_t rn = fz_stmt_int(st, 1), rd = fz_stmt_int(st, 2);
		int64_t amount = fz_stmt_int(st, 6);
		num += rn;
		den += rd;
		sum += rn ? amount : 0;
		field_int(hb, fz_stmt_int(st, 0));
		field_int(hb, rn);
		field_int(hb, rd);
		field(hb, fz_stmt_text(st, 3));
		field(hb, fz_stmt_is_null(st, 4) ? "" : fz_stmt_text(st, 4));
		field(hb, fz_stmt_text(st, 5));
		field_int(hb, rn ? amount : 0);
		if (b) {
			struct group *g = group_get(&gs, fz_stmt_is_null(st, 7) ? NULL
						    : fz_stmt_text(st, 7));
			g->num += rn;
			g->den += rd;
			g->sum += rn ? amount : 0;
		}
	}
	fz_stmt_finish(st);
	scope_release(&sc);
	hb_flush(hb);
	free(hb);
	if (rc < 0) {
		fz_sm3_release(&c);
		groups_release(&gs);
		return rc;
	}
	if (fz_sm3_final(&c, digest)) {
		groups_release(&gs);
		return fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	}
	for (int i = 0; i < FZ_SM3_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	*out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:I,s:o,s:o,s:o,s:s}",
		"id", m->id, "name", m->name, "unit", kind_keys[m->kind],
		"definition", m->definition, "source", m->source ? m->source : "",
		"parameters", params_json(p), "num", (json_int_t)num,
		"den", m->kind == FZ_METRICS_RATE ? json_integer(den) : json_null(),
		"value", fz_metrics_value(m->kind, num, den, sum),
		"groups", b ? groups_json(db, u, b, &gs) : json_array(),
		"provenance", hex);
	groups_release(&gs);
	return 0;
}

/* ---- records ---- */

static json_t *record_json(struct fz_store *db, const struct fz_metrics_units *u,
			   const struct fz_metric *m, struct fz_stmt *st)
{
	char number[128], unit[128] = "", date[FZ_DATE_STRLEN];
	const char *label = fz_stmt_text(st, 1);
	int64_t unit_id = fz_stmt_is_null(st, 3) ? 0 : fz_stmt_int(st, 3);

	snprintf(number, sizeof(number), "%s", label);
	if (m->case_id && !fz_stmt_is_null(st, 6)) {
		fz_case_number(db, fz_stmt_int(st, 6), number, sizeof(number));
		if (!number[0])
			snprintf(number, sizeof(number), "%s", label);
	}
	snprintf(date, sizeof(date), "%.10s", fz_stmt_text(st, 2));
	if (unit_id && u && u->name)
		u->name(db, unit_id, unit, sizeof(unit));
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:b,s:b}",
		"id", (json_int_t)fz_stmt_int(st, 0), "number", number,
		"label", label, "date", date,
		"unit_id", unit_id ? json_integer(unit_id) : json_null(),
		"unit", unit, "in_numerator", (int)fz_stmt_int(st, 4),
		"in_denominator", (int)fz_stmt_int(st, 5));
}

int fz_metrics_records(struct fz_store *db, const struct fz_metrics_units *u,
		       const struct fz_metric *m, struct fz_metrics_params *p,
		       enum fz_metrics_part part, int page, int per_page,
		       json_t **out, struct fz_err *err)
{
	struct fz_buf cnt = FZ_BUF_INIT, sql = FZ_BUF_INIT, in_num = FZ_BUF_INIT,
		      in_den = FZ_BUF_INIT, counted = FZ_BUF_INIT;
	const struct fz_buf *pred;
	struct scope sc;
	struct fz_stmt *st;
	int64_t total = 0;
	json_t *items;
	int rc, i;

	*out = NULL;
	if ((rc = fz_metrics_check(m, p, err)))
		return rc;
	if (part == FZ_METRICS_DENOMINATOR && m->kind != FZ_METRICS_RATE)
		return fz_err_set(err, FZ_EINVAL, "part", "该指标没有分母");
	if (page < 1 || page > 1000000)
		return fz_err_set(err, FZ_EINVAL, "page", "页码无效");
	if (per_page < 1 || per_page > 500)
		return fz_err_set(err, FZ_EINVAL, "per_page", "每页条数应为 1 至 500");
	if ((rc = scope_init(db, u, m, p->unit, &sc, err))) {
		scope_release(&sc);
		return rc;
	}
	preds(m, &in_num, &in_den, &counted);
	pred = part == FZ_METRICS_NUMERATOR ? &in_num : &in_den;
	fz_buf_addf(&cnt, "SELECT COUNT(*) FROM %s", m->from);
	where(&cnt, m, p, &sc, pred->data);
	fz_buf_addf(&sql, "SELECT %s, %s, %s, %s, CASE WHEN %s THEN 1 ELSE 0 END,"
		    " CASE WHEN %s THEN 1 ELSE 0 END, %s FROM %s", m->record,
		    m->label ? m->label : "''", m->date, m->unit ? m->unit : "NULL",
		    in_num.data, in_den.data, m->case_id ? m->case_id : "NULL",
		    m->from);
	where(&sql, m, p, &sc, pred->data);
	fz_buf_adds(&sql, " ORDER BY 1 LIMIT ? OFFSET ?");
	rc = cnt.err || sql.err || in_num.err || in_den.err || counted.err
		? fz_err_set(err, FZ_ENOMEM, NULL, NULL)
		: fz_stmt_prepare(db, &st, cnt.data, err);
	if (!rc) {
		bind_where(st, m, p, &sc);
		rc = fz_stmt_step(st, err);
		if (rc == 1)
			total = fz_stmt_int(st, 0);
		fz_stmt_finish(st);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc)
		rc = fz_stmt_prepare(db, &st, sql.data, err);
	fz_buf_release(&cnt);
	fz_buf_release(&sql);
	fz_buf_release(&in_num);
	fz_buf_release(&in_den);
	fz_buf_release(&counted);
	if (rc) {
		scope_release(&sc);
		return rc;
	}
	i = bind_where(st, m, p, &sc);
	fz_stmt_bind_int(st, i++, per_page);
	fz_stmt_bind_int(st, i, (int64_t)(page - 1) * per_page);
	scope_release(&sc);
	items = json_array();
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(items, record_json(db, u, m, st));
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o,s:s,s:I,s:i,s:i,s:o}", "parameters", params_json(p),
			 "part", part == FZ_METRICS_NUMERATOR ? "numerator"
							      : "denominator",
			 "total", (json_int_t)total, "page", page, "per_page",
			 per_page, "items", items);
	return 0;
}
