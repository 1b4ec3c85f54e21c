/* grid_import.c - bulk import of market entities from CSV or JSON, all or
 * nothing, every bad row reported as "file:line: reason" (grid.h). */
#include "domain/grid/grid.h"

#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "domain/org/org.h"
#include "domain/casehttp/casehttp.h"

#define MAX_ERRORS 200
#define MAX_FIELDS 16

/* ---- columns ---- */

enum { C_USCC, C_NAME, C_TOWN, C_GRID, C_INDUSTRY, C_SIZE, C_EMPLOYEES,
       C_HAZARDS, C_ADDRESS, NCOLS };
static const struct {
	const char *key, *zh;
	int required;
} cols[NCOLS] = {
	{ "uscc", "统一社会信用代码", 1 }, { "name", "名称", 1 }, { "town", "镇街", 1 },
	{ "grid", "网格", 0 }, { "industry", "行业代码", 1 }, { "size", "规模", 1 },
	{ "employees", "从业人数", 0 }, { "hazards", "风险因素", 0 },
	{ "address", "地址", 0 },
};

static int col_of(const char *name)
{
	for (int i = 0; i < NCOLS; i++)
		if (!strcmp(name, cols[i].key) || !strcmp(name, cols[i].zh))
			return i;
	return -1;
}

/* ---- towns ---- */

struct town {
	int64_t id;
	char name[128], code[16];
};
struct towns {
	struct town t[64];
	size_t n;
};

static int add_town(const struct fz_unit_info *u, void *arg)
{
	struct towns *ts = arg;
	if (ts->n < 64) {
		ts->t[ts->n].id = u->id;
		snprintf(ts->t[ts->n].name, sizeof(ts->t[0].name), "%s", u->name);
		snprintf(ts->t[ts->n].code, sizeof(ts->t[0].code), "%s", u->code);
		ts->n++;
	}
	return 0;
}

static int64_t town_id(const struct towns *ts, const char *s)
{
	for (size_t i = 0; s && *s && i < ts->n; i++)
		if (!strcmp(s, ts->t[i].name) || !strcmp(s, ts->t[i].code))
			return ts->t[i].id;
	return 0;
}

/* ---- one import ---- */

struct run {
	struct fz_store *db;
	const struct fz_case_actor *a;
	const char *file;
	struct towns towns;
	struct fz_grid_import *res;
	char **seen;   /* normalised codes, open addressing */
	int *seen_line;
	size_t cap;
	size_t lines;  /* of the whole file: a bound on its rows */
};

static void row_error(struct run *r, int line, const char *msg)
{
	if (json_array_size(r->res->errors) < MAX_ERRORS)
		json_array_append_new(r->res->errors,
				      json_sprintf("%s:%d: %s", r->file, line, msg));
}

static size_t hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* 0 first time, else the line uscc was first seen on; -1 out of memory */
static int seen_before(struct run *r, const char *uscc, int line)
{
	size_t i;
	if (!r->seen) {
		/* at least twice the file's lines: the table never fills */
		r->cap = 1 << 10;
		while (r->cap < 2 * r->lines + 2)
			r->cap <<= 1;
		r->seen = calloc(r->cap, sizeof(*r->seen));
		r->seen_line = calloc(r->cap, sizeof(*r->seen_line));
		if (!r->seen || !r->seen_line)
			return -1;
	}
	for (i = hash(uscc) & (r->cap - 1); r->seen[i]; i = (i + 1) & (r->cap - 1))
		if (!strcmp(r->seen[i], uscc))
			return r->seen_line[i];
	if (!(r->seen[i] = strdup(uscc)))
		return -1;
	r->seen_line[i] = line;
	return 0;
}

static int parse_hazards_text(const char *s, int *bits)
{
	char buf[256], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", s);
	/* separators: 、 ， ； (UTF-8) and , ; | space, all turned into spaces */
	for (char *p = buf; *p; p++) {
		if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3))
			memset(p, ' ', 3), p += 2;
		else if (*p == ',' || *p == ';' || *p == '|')
			*p = ' ';
	}
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		int b = fz_grid_hazard_bit(t);
		if (!b)
			return -1;
		*bits |= b;
	}
	return 0;
}

/* The values of one row (strings), checked and stored. */
static int take_row(struct run *r, int line, const char *v[NCOLS],
		    int hazards, int hazards_bad, int64_t unit_id)
{
	struct fz_grid_entity e = { v[C_USCC], v[C_NAME], 0, v[C_GRID], v[C_INDUSTRY],
				    v[C_SIZE], -1, hazards, v[C_ADDRESS] };
	char uscc[FZ_USCC_LEN], msg[300];
	struct fz_err err = { 0 };
	int what = 0, prev, rc;

	if (fz_ident_uscc(v[C_USCC] ? v[C_USCC] : "", uscc, &err)) {
		row_error(r, line, err.msg);
		return 0;
	}
	if ((prev = seen_before(r, uscc, line)) < 0)
		return FZ_ENOMEM;
	if (prev) {
		snprintf(msg, sizeof(msg), "统一社会信用代码与第%d行重复", prev);
		row_error(r, line, msg);
		return 0;
	}
	if (hazards_bad) {
		row_error(r, line, "风险因素应为危险化学品、粉尘涉爆、涉氨制冷、有限空间、使用燃气中的一项或几项");
		return 0;
	}
	e.unit_id = unit_id ? unit_id : town_id(&r->towns, v[C_TOWN]);
	if (!e.unit_id) {
		row_error(r, line, "镇街不存在（应为本区镇街的名称或区划代码）");
		return 0;
	}
	if (v[C_EMPLOYEES] && *v[C_EMPLOYEES]) {
		char *endp;
		long long k = strtoll(v[C_EMPLOYEES], &endp, 10);
		if (*endp || k < 0 || k > 1000000) {
			row_error(r, line, "从业人数应为0到1000000之间的整数");
			return 0;
		}
		e.employees = k;
	}
	rc = fz_grid_upsert(r->db, r->a, &e, FZ_GRID_BATCH, NULL, &what, &err);
	if (rc == FZ_EINVAL || rc == FZ_EFORBID) {
		row_error(r, line, err.msg);
		return 0;
	}
	if (rc)
		return rc;
	r->res->added += what == FZ_GRID_ADDED;
	r->res->updated += what == FZ_GRID_UPDATED;
	r->res->same += what == FZ_GRID_SAME;
	return 0;
}

static int import_csv(struct run *r, const char *text, size_t len,
		      struct fz_err *err)
{
	const char *p = text, *end = text + len, *f[MAX_FIELDS];
	char buf[4096];
	int map[MAX_FIELDS], have[NCOLS] = { 0 }, line = 1, lines, rc;
	size_t nf, ncol;

	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) /* a BOM from spreadsheets */
		p += 3;
	rc = fz_csv_next(&p, end, buf, sizeof(buf), f, MAX_FIELDS, &nf, &lines, err);
	if (rc <= 0) {
		row_error(r, 1, rc < 0 ? err->msg : "文件为空，第一行应为列名");
		return 0;
	}
	ncol = nf;
	for (size_t i = 0; i < nf; i++) {
		char msg[200];
		if ((map[i] = col_of(f[i])) < 0 || have[map[i]]) {
			snprintf(msg, sizeof(msg), "%s的列：%.60s", map[i] < 0 ? "未知" : "重复", f[i]);
			row_error(r, 1, msg);
			return 0;
		}
		have[map[i]] = 1;
	}
	for (int c = 0; c < NCOLS; c++)
		if (cols[c].required && !have[c]) {
			char msg[120];
			snprintf(msg, sizeof(msg), "缺少列：%s", cols[c].zh);
			row_error(r, 1, msg);
			return 0;
		}
	line += lines;
	for (;;) {
		const char *v[NCOLS] = { 0 };
		int hz = 0, bad = 0, at = line;
		rc = fz_csv_next(&p, end, buf, sizeof(buf), f, MAX_FIELDS, &nf, &lines, err);
		if (rc == 0)
			break;
		line += lines;
		if (rc < 0) {
			row_error(r, at, err->msg);
			return 0; /* the rest of the file cannot be read reliably */
		}
		if (nf == 1 && !f[0][0])
			continue; /* a blank line */
		if (nf != ncol) {
			char msg[96];
			snprintf(msg, sizeof(msg), "应有%zu列，实有%zu列", ncol, nf);
			row_error(r, at, msg);
			continue;
		}
		for (size_t i = 0; i < nf; i++)
			v[map[i]] = f[i];
		if (v[C_HAZARDS] && parse_hazards_text(v[C_HAZARDS], &hz))
			bad = 1;
		if ((rc = take_row(r, at, v, hz, bad, 0)))
			return rc;
	}
	return 0;
}

/* ---- JSON ---- */

static const char *jstr(json_t *o, int c, char *num, size_t n)
{
	json_t *v = json_object_get(o, cols[c].key);
	if (!v)
		v = json_object_get(o, cols[c].zh);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(num, n, "%lld", (long long)json_integer_value(v));
		return num;
	}
	return v && !json_is_null(v) ? "\x01" : NULL; /* a wrong type fails below */
}

static int json_hazards(json_t *o, int *bits)
{
	json_t *v = json_object_get(o, "hazards");
	size_t i;
	json_t *x;

	if (!v)
		v = json_object_get(o, "风险因素");
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return parse_hazards_text(json_string_value(v), bits);
	if (!json_is_array(v))
		return -1;
	json_array_foreach(v, i, x) {
		int b = fz_grid_hazard_bit(json_string_value(x));
		if (!b)
			return -1;
		*bits |= b;
	}
	return 0;
}

static int take_object(struct run *r, int line, json_t *o)
{
	char nums[NCOLS][24];
	const char *v[NCOLS];
	const char *k;
	json_t *x;
	int hz = 0, bad;

	if (!json_is_object(o)) {
		row_error(r, line, "每一项应为一个对象");
		return 0;
	}
	json_object_foreach(o, k, x)
		if (col_of(k) < 0 && strcmp(k, "unit_id")) {
			char msg[120];
			snprintf(msg, sizeof(msg), "未知的字段：%.60s", k);
			row_error(r, line, msg);
			return 0;
		}
	for (int c = 0; c < NCOLS; c++)
		v[c] = c == C_HAZARDS ? NULL : jstr(o, c, nums[c], sizeof(nums[c]));
	for (int c = 0; c < NCOLS; c++)
		if (v[c] && v[c][0] == '\x01') {
			char msg[120];
			snprintf(msg, sizeof(msg), "%s的类型不对", cols[c].zh);
			row_error(r, line, msg);
			return 0;
		}
	bad = json_hazards(o, &hz) != 0;
	return take_row(r, line, v, hz, bad,
			json_integer_value(json_object_get(o, "unit_id")));
}

/* The line each top-level array element starts on. */
static int *element_lines(const char *text, size_t len, size_t count)
{
	int *at = calloc(count + 1, sizeof(*at));
	int depth = 0, instr = 0, expect = 0, line = 1;
	size_t k = 0;

	for (size_t i = 0; at && i < len; i++) {
		char c = text[i];
		if (c == '\n')
			line++;
		if (instr) {
			if (c == '\\')
				i++;
			else if (c == '"')
				instr = 0;
			continue;
		}
		if (depth == 1 && expect && !strchr(" \t\r\n]", c)) {
			if (k < count)
				at[k++] = line;
			expect = 0;
		}
		if (c == '"')
			instr = 1;
		else if (c == '{' || c == '[')
			expect = ++depth == 1;
		else if (c == '}' || c == ']')
			depth--;
		else if (c == ',' && depth == 1)
			expect = 1;
	}
	return at;
}

static int import_json(struct run *r, const char *text, size_t len, int array,
		       struct fz_err *err)
{
	json_error_t je;
	int rc = 0;

	if (array) {
		json_t *all = json_loadb(text, len, 0, &je);
		size_t i;
		json_t *o;
		int *at;

		if (!json_is_array(all)) {
			row_error(r, all ? 1 : je.line, "不是有效的 JSON 数组");
			json_decref(all);
			return 0;
		}
		if (!(at = element_lines(text, len, json_array_size(all)))) {
			json_decref(all);
			return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
		}
		json_array_foreach(all, i, o)
			if (!rc)
				rc = take_object(r, at[i], o);
		free(at);
		json_decref(all);
		return rc;
	}
	/* one object a line */
	int line = 0;
	for (const char *p = text, *end = text + len; !rc && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (strspn(p, " \t\r") < n) {
			json_t *o = json_loadb(p, n, 0, &je);
			if (!o)
				row_error(r, line, "不是有效的 JSON 对象");
			else
				rc = take_object(r, line, o);
			json_decref(o);
		}
		p += n + (nl != NULL);
	}
	return rc;
}

/* ---- the whole import ---- */

int fz_grid_import_text(struct fz_store *db, const struct fz_case_actor *a,
			const char *file, const char *text, size_t len,
			struct fz_grid_import *res, struct fz_err *err)
{
	struct run r = { db, a, file && *file ? file : "导入文件", { .n = 0 }, res,
			 NULL, NULL, 0, 0 };
	const char *p = text;
	char detail[160];
	int rc;

	memset(res, 0, sizeof(*res));
	if (!(res->errors = json_array()))
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	if ((rc = fz_org_units_each(db, "town", NULL, add_town, &r.towns, err)))
		return rc;
	for (size_t i = 0; i < len; i++)
		r.lines += text[i] == '\n';
	while (p < text + len && strchr(" \t\r\n", *p))
		p++;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	if (p < text + len && (*p == '[' || *p == '{'))
		rc = import_json(&r, text, len, *p == '[', err);
	else
		rc = import_csv(&r, text, len, err);
	for (size_t i = 0; r.seen && i < r.cap; i++)
		free(r.seen[i]);
	free(r.seen);
	free(r.seen_line);
	if (!rc && json_array_size(res->errors))
		rc = fz_err_set(err, FZ_EINVAL, "file", "导入文件有%zu处错误，未导入任何数据",
				json_array_size(res->errors));
	snprintf(detail, sizeof(detail), "批量导入市场主体：新增%ld家，修改%ld家，未变%ld家",
		 res->added, res->updated, res->same);
	if (!rc && (res->added || res->updated))
		rc = fz_casehttp_audit(db, a, "grid.import", "grid_entities", detail, err);
	if (rc) {
		fz_store_rollback(db);
		if (rc != FZ_EINVAL)
			res->added = res->updated = res->same = 0;
		return rc;
	}
	return fz_store_commit(db, err);
}
