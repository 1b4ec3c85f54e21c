/* rulebench.c - the 两法衔接 transfer rules (data/rules/transfer.rules,
 * compiled by engine/rules) over N synthetic cases, beside the same
 * conditions as one SQL query in SQLite (sql_conditions.h) over the same
 * rows.  Prints cases per second for each, the ratio, and checks both
 * found the same (case, rule) hits.  A benchmark, not product code: it
 * calls sqlite3 directly.
 *
 *   rulebench [N] [RULES_FILE]      (defaults 100000, data/rules/transfer.rules) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "engine/rules/rules.h"
#include "sql_conditions.h"

#define REPS 5 /* each side runs REPS times; the best time counts */

static const char *const offences[] = {
	"生产、销售伪劣产品罪", "生产、销售不符合安全标准的食品罪",
	"生产、销售有毒、有害食品罪", "假冒注册商标罪", "销售假冒注册商标的商品罪",
	"侵犯著作权罪", "非法经营罪", "污染环境罪", "非法占用农用地罪", "逃税罪",
	"虚开增值税专用发票罪", "拒不支付劳动报酬罪", "重大责任事故罪",
	"非法吸收公众存款罪", "集资诈骗罪", "诈骗罪", "帮助信息网络犯罪活动罪",
	"掩饰、隐瞒犯罪所得、犯罪所得收益罪"
};
static const char *const kinds[] = { "一般", "烟草专卖品", "资金支付结算" };

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One synthetic value: kind 0 unknown, 1 int, 2 text. */
struct cell {
	int kind;
	int64_t n;
	const char *s;
};

static int64_t range_for(const char *unit)
{
	if (!strcmp(unit, "分"))
		return 60000000;      /* 0 - 60万元 */
	if (!strcmp(unit, "支"))
		return 400000;
	if (!strcmp(unit, "份"))
		return 1000;
	if (!strcmp(unit, "人"))
		return 200;
	return 24;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = calloc(1, (size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n)
		s[0] = '\0';
	fclose(f);
	return s;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	const char *path = argc > 2 ? argv[2] : "data/rules/transfer.rules";
	char *text = slurp(path);
	struct fz_rules *set;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_rules_row *row;
	struct fz_date asof = { 2025, 6, 1 };
	struct cell *cells;
	size_t nf, fired[64], nfired;
	long hits_engine = 0, hits_sql = 0;
	double t0, t_engine, t_sql;
	sqlite3 *db;
	sqlite3_stmt *st;
	char *sql;
	size_t cap;

	if (!text || fz_rules_compile(&set, path, text, NULL, &err)) {
		fprintf(stderr, "rulebench: %s\n", text ? err.msg : path);
		return 1;
	}
	nf = fz_rules_field_count(set);
	cells = calloc((size_t)n * nf, sizeof(*cells));
	for (long i = 0; i < n; i++) {
		for (size_t f = 0; f < nf; f++) {
			struct cell *c = &cells[i * nf + f];
			const char *name = fz_rules_field_name(set, f);
			enum fz_rules_type t = fz_rules_field_type(set, f);
			if (!strcmp(name, "罪名")) {
				c->kind = 2;
				c->s = offences[rnd() % 18];
			} else if (!strcmp(name, "经营类别")) {
				c->kind = 2;
				c->s = kinds[rnd() % 3];
			} else if (rnd() % 5 == 0) {
				c->kind = 0; /* unknown */
			} else if (t == FZ_RULES_BOOL) {
				c->kind = 1;
				c->n = rnd() % 10 == 0;
			} else {
				c->kind = 1;
				c->n = (int64_t)(rnd() % (uint64_t)range_for(
					fz_rules_field_unit(set, f)));
			}
		}
	}

	/* the engine: fill a row, evaluate every rule in force; best of REPS */
	row = fz_rules_row_new(set);
	t_engine = 1e9;
	for (int rep = 0; rep < REPS; rep++) {
	hits_engine = 0;
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		for (size_t f = 0; f < nf; f++) {
			const struct cell *c = &cells[i * nf + f];
			if (c->kind == 0)
				fz_rules_row_unset(row, f);
			else if (c->kind == 2)
				fz_rules_row_set_text(row, f, c->s, NULL);
			else if (fz_rules_field_type(set, f) == FZ_RULES_BOOL)
				fz_rules_row_set_bool(row, f, (int)c->n, NULL);
			else
				fz_rules_row_set_int(row, f, c->n, NULL);
		}
		if (fz_rules_eval(set, row, asof, fired, 64, &nfired, &err)) {
			fprintf(stderr, "rulebench: %s\n", err.msg);
			return 1;
		}
		hits_engine += (long)nfired;
	}
	if (now_s() - t0 < t_engine)
		t_engine = now_s() - t0;
	}

	/* SQLite: the same rows in a table, then one query */
	sqlite3_open(":memory:", &db);
	cap = 4096 + nf * 200;
	sql = malloc(cap);
	strcpy(sql, "CREATE TABLE cases (id INTEGER PRIMARY KEY");
	for (size_t f = 0; f < nf; f++) {
		strcat(sql, ", ");
		strcat(sql, fz_rules_field_name(set, f));
		strcat(sql, fz_rules_field_type(set, f) == FZ_RULES_TEXT ? " TEXT"
									  : " INTEGER");
	}
	strcat(sql, ")");
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "rulebench: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	strcpy(sql, "INSERT INTO cases VALUES (NULL");
	for (size_t f = 0; f < nf; f++)
		strcat(sql, ", ?");
	strcat(sql, ")");
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	for (long i = 0; i < n; i++) {
		for (size_t f = 0; f < nf; f++) {
			const struct cell *c = &cells[i * nf + f];
			if (c->kind == 0)
				sqlite3_bind_null(st, (int)f + 1);
			else if (c->kind == 2)
				sqlite3_bind_text(st, (int)f + 1, c->s, -1, SQLITE_STATIC);
			else
				sqlite3_bind_int64(st, (int)f + 1, c->n);
		}
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	free(sql);
	cap = 64;
	for (int r = 0; sql_rules[r]; r++)
		cap += strlen(sql_rules[r]) + 64;
	sql = malloc(cap);
	strcpy(sql, "SELECT 0");
	for (int r = 0; sql_rules[r]; r++) {
		strcat(sql, " + SUM(CASE WHEN ");
		strcat(sql, sql_rules[r]);
		strcat(sql, " THEN 1 ELSE 0 END)");
	}
	strcat(sql, " FROM cases");
	t_sql = 1e9;
	for (int rep = 0; rep < REPS; rep++) {
		t0 = now_s();
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			fprintf(stderr, "rulebench: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		if (sqlite3_step(st) == SQLITE_ROW)
			hits_sql = (long)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (now_s() - t0 < t_sql)
			t_sql = now_s() - t0;
	}

	printf("best of %d runs each (the engine time includes filling the rows)\n",
	       REPS);
	printf("rules: %zu in force of %zu, %zu fields, %ld synthetic cases\n",
	       fz_rules_count(set) - 3, fz_rules_count(set), nf, n);
	printf("fazhi engine : %10.0f cases/s  (%.3f s, %ld hits)\n",
	       n / t_engine, t_engine, hits_engine);
	printf("sqlite query : %10.0f cases/s  (%.3f s, %ld hits)\n",
	       n / t_sql, t_sql, hits_sql);
	printf("ratio engine/sqlite: %.2f\n", t_sql / t_engine);
	printf("hits agree: %s\n", hits_engine == hits_sql ? "yes" : "NO");
	fz_rules_row_free(row);
	fz_rules_free(set);
	free(cells);
	free(sql);
	free(text);
	sqlite3_close(db);
	return hits_engine == hits_sql ? 0 : 1;
}
