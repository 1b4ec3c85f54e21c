/* wage.c - 欠薪线索 import and tracking (see wage.h). */
#include "domain/mediate/wage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/mem.h"
#include "core/money.h"
#include "crypto/sm.h"
#include "domain/mediate/mediate.h"

enum { C_REF, C_USCC, C_EMP, C_WORKERS, C_AMOUNT, C_DATE, C_SOURCE,
       C_SUMMARY, NCOLS };

static const char *const col_names[NCOLS][2] = {
	{ "ref", "线索编号" }, { "uscc", "统一社会信用代码" },
	{ "employer", "用人单位" }, { "workers", "涉及人数" },
	{ "amount", "欠薪金额" }, { "reported_on", "登记日期" },
	{ "source", "来源" }, { "summary", "概要" },
};

struct lead {
	const char *f[NCOLS];
};

struct ctx {
	struct fz_store *db;
	const char *name, *def_source;
	char at[FZ_ISO_LEN];
	struct fz_wage_report *rep;
};

static void bad(struct ctx *c, long line, const char *msg)
{
	c->rep->bad++;
	json_array_append_new(c->rep->errors, json_pack("{s:i,s:s}", "line",
							(int)line, "message", msg));
}

static const char *source_key(const char *s, const char *def)
{
	if (!s || !*s)
		return def;
	if (!strcmp(s, "national") || !strcmp(s, "全国"))
		return "national";
	if (!strcmp(s, "provincial") || !strcmp(s, "省") || !strcmp(s, "浙江省"))
		return "provincial";
	return NULL;
}

/* Validate one record and store it; a bad record is reported, not an
 * error of the import (only storage failures are). */
static int one(struct ctx *c, long line, const struct lead *l,
	       struct fz_err *err)
{
	char uscc[FZ_USCC_LEN], dedup[200], msg[200], hex[FZ_SM3_HEX_LEN + 1];
	const char *src = source_key(l->f[C_SOURCE], c->def_source);
	const char *emp = l->f[C_EMP], *ref = l->f[C_REF] ? l->f[C_REF] : "";
	struct fz_date day;
	int64_t cents = 0, workers = 0, n = 0, emp_id = 0;
	char *end;
	int rc;

	c->rep->rows++;
	if (!l->f[C_USCC] || fz_ident_uscc(l->f[C_USCC], uscc, NULL)) {
		snprintf(msg, sizeof(msg), "统一社会信用代码无效：%.40s",
			 l->f[C_USCC] ? l->f[C_USCC] : "（空）");
		bad(c, line, msg);
		return 0;
	}
	if (!emp || !*emp || strlen(emp) > 300) {
		bad(c, line, "缺少用人单位名称");
		return 0;
	}
	workers = l->f[C_WORKERS] ? strtoll(l->f[C_WORKERS], &end, 10) : 0;
	if (!l->f[C_WORKERS] || *end || workers < 1 || workers > 100000) {
		bad(c, line, "涉及人数应为正整数");
		return 0;
	}
	if (!l->f[C_AMOUNT] || fz_money_parse(&cents, l->f[C_AMOUNT], 0, NULL) ||
	    cents <= 0) {
		bad(c, line, "欠薪金额应为大于零的金额（元）");
		return 0;
	}
	if (!l->f[C_DATE] || fz_date_parse(&day, l->f[C_DATE], NULL)) {
		bad(c, line, "登记日期应为 YYYY-MM-DD");
		return 0;
	}
	if (!src) {
		bad(c, line, "来源应为“全国”或“省”");
		return 0;
	}
	if (strlen(ref) > 64 || (l->f[C_SUMMARY] && strlen(l->f[C_SUMMARY]) > 2000)) {
		bad(c, line, "线索编号或概要过长");
		return 0;
	}
	if (*ref) {
		snprintf(dedup, sizeof(dedup), "%s:%s", src, ref);
	} else {
		char key[256];
		snprintf(key, sizeof(key), "%s|%" PRId64 "|%s|%" PRId64, uscc,
			 cents, l->f[C_DATE], workers);
		fz_sm3_hex(key, strlen(key), hex);
		snprintf(dedup, sizeof(dedup), "%s:sm3:%s", src, hex);
	}
	if ((rc = fz_store_int(c->db, &n, err, "SELECT COUNT(*) FROM"
			       " mediate_wage_leads WHERE dedup = ?", "t", dedup)) < 0)
		return rc;
	if (n) {
		c->rep->duplicates++;
		return 0;
	}
	/* the employer, by 统一社会信用代码 */
	if ((rc = fz_store_int(c->db, &emp_id, err, "SELECT id FROM"
			       " mediate_employers WHERE uscc = ?", "t", uscc)) < 0)
		return rc;
	if (!rc) {
		if ((rc = fz_store_run(c->db, err, "INSERT INTO mediate_employers"
				       " (uscc, name, created_at) VALUES (?, ?, ?)",
				       "ttt", uscc, emp, c->at)))
			return rc;
		emp_id = fz_store_last_id(c->db);
	}
	{
		char d[FZ_DATE_STRLEN];
		rc = fz_store_run(c->db, err,
			"INSERT INTO mediate_wage_leads (dedup, source, ref,"
			" employer_id, workers, amount_cents, reported_on, summary,"
			" file_name, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"tttIIItttt", dedup, src, ref, emp_id, workers, cents,
			fz_date_format(day, d),
			l->f[C_SUMMARY] ? l->f[C_SUMMARY] : "", c->name, c->at);
	}
	if (!rc)
		c->rep->added++;
	return rc;
}

/* ---- CSV ---- */

/* Split one line into fields (in place); quotes per RFC 4180 within the
 * line.  Returns the field count, or -1 for an unterminated quote. */
static int split(char *s, char **f, int max)
{
	int n = 0;
	while (n < max) {
		char *w = s;
		f[n++] = w;
		if (*s == '"') {
			s++;
			for (;;) {
				if (!*s)
					return -1;
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*w++ = *s++;
				}
			}
			if (*s && *s != ',')
				return -1;
		} else {
			while (*s && *s != ',')
				*w++ = *s++;
		}
		if (!*s) {
			*w = '\0';
			return n;
		}
		*w = '\0';
		s++;
	}
	return n;
}

static char *trim(char *s)
{
	char *e = s + strlen(s);
	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int csv(struct ctx *c, char *text, struct fz_err *err)
{
	int map[32], ncol = 0, rc = 0;
	long line = 0;
	char *save = NULL, *ln;

	/* a UTF-8 BOM from spreadsheet exports */
	if (!strncmp(text, "\xEF\xBB\xBF", 3))
		text += 3;
	for (ln = text; ln && !rc; ) {
		char *next = strchr(ln, '\n'), *f[32];
		int n;
		line++;
		if (next)
			*next++ = '\0';
		if (!*trim(ln)) {
			ln = next;
			continue;
		}
		n = split(ln, f, 32);
		if (!ncol) {
			/* the header */
			for (int i = 0; i < n; i++) {
				char *h = trim(f[i]);
				map[i] = -1;
				for (int k = 0; k < NCOLS; k++)
					if (!strcmp(h, col_names[k][0]) ||
					    !strcmp(h, col_names[k][1]))
						map[i] = k;
			}
			ncol = n;
			{
				int have_uscc = 0;
				for (int i = 0; i < n; i++)
					have_uscc |= map[i] == C_USCC;
				if (n < 1 || !have_uscc)
					return fz_err_set(err, FZ_EINVAL, "file",
							  "CSV 第1行应为表头，且含「统一社会信用代码」列");
			}
			ln = next;
			continue;
		}
		if (n < 0) {
			c->rep->rows++;
			bad(c, line, "引号不成对");
		} else if (n != ncol) {
			char m[96];
			c->rep->rows++;
			snprintf(m, sizeof(m), "列数为 %d，表头为 %d 列", n, ncol);
			bad(c, line, m);
		} else {
			struct lead l = { { 0 } };
			for (int i = 0; i < n; i++)
				if (map[i] >= 0)
					l.f[map[i]] = trim(f[i]);
			rc = one(c, line, &l, err);
		}
		ln = next;
	}
	(void)save;
	if (!ncol)
		return fz_err_set(err, FZ_EINVAL, "file", "文件为空");
	return rc;
}

/* ---- JSON ---- */

/* Find each top-level element of the array starting at text[start] (the
 * '[' ), with the line it starts on; each is parsed on its own so that one
 * malformed element is skipped. */
static int json_array_walk(struct ctx *c, const char *text, size_t len,
			   size_t start, long line, struct fz_err *err)
{
	size_t i = start + 1;
	int rc = 0;

	while (i < len && !rc) {
		size_t b;
		long bline;
		int depth = 0, instr = 0;
		while (i < len && (text[i] == ' ' || text[i] == '\t' ||
				   text[i] == '\r' || text[i] == '\n' || text[i] == ',')) {
			if (text[i] == '\n')
				line++;
			i++;
		}
		if (i >= len || text[i] == ']')
			break;
		b = i;
		bline = line;
		for (; i < len; i++) {
			char ch = text[i];
			if (ch == '\n')
				line++;
			if (instr) {
				if (ch == '\\')
					i++;
				else if (ch == '"')
					instr = 0;
				continue;
			}
			if (ch == '"')
				instr = 1;
			else if (ch == '{' || ch == '[')
				depth++;
			else if (ch == '}' || ch == ']') {
				if (depth == 0)
					break;
				if (--depth == 0) {
					i++;
					break;
				}
			} else if (ch == ',' && depth == 0)
				break;
		}
		{
			json_error_t je;
			json_t *o = json_loadb(text + b, i - b, 0, &je);
			c->rep->rows += !json_is_object(o);
			if (!json_is_object(o)) {
				bad(c, bline, "不是有效的 JSON 对象");
			} else {
				struct lead l = { { 0 } };
				char num[2][32];
				for (int k = 0; k < NCOLS; k++) {
					json_t *v = json_object_get(o, col_names[k][0]);
					if (!v)
						v = json_object_get(o, col_names[k][1]);
					if (json_is_string(v))
						l.f[k] = json_string_value(v);
					else if (json_is_integer(v) && k == C_WORKERS) {
						snprintf(num[0], 32, "%" JSON_INTEGER_FORMAT,
							 json_integer_value(v));
						l.f[k] = num[0];
					} else if (json_is_integer(v) && k == C_AMOUNT) {
						snprintf(num[1], 32, "%" JSON_INTEGER_FORMAT,
							 json_integer_value(v));
						l.f[k] = num[1];
					}
				}
				rc = one(c, bline, &l, err);
			}
			json_decref(o);
		}
	}
	return rc;
}

static int json_file(struct ctx *c, const char *text, size_t len,
		     struct fz_err *err)
{
	size_t i = 0;
	long line = 1;

	while (i < len && text[i] != '[') {
		if (text[i] == '\n')
			line++;
		i++;
	}
	if (i >= len)
		return fz_err_set(err, FZ_EINVAL, "file",
				  "JSON 文件应为线索数组，或含 leads 数组的对象");
	return json_array_walk(c, text, len, i, line, err);
}

int fz_wage_import(struct fz_store *db, const struct fz_case_actor *a,
		   const char *name, const char *text, size_t len,
		   const char *def, struct fz_wage_report *rep,
		   struct fz_err *err)
{
	struct ctx c = { db, name ? name : "", def ? def : "national", "", rep };
	char *copy, detail[200];
	size_t i = 0;
	int rc;

	memset(rep, 0, sizeof(*rep));
	rep->errors = json_array();
	if (!source_key(c.def_source, NULL))
		return fz_err_set(err, FZ_EINVAL, "source", "线索来源应为全国平台或省级平台");
	if (memchr(text, '\0', len))
		return fz_err_set(err, FZ_EINVAL, "file", "文件含有空字符，不是文本文件");
	fz_now_iso(c.at);
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' ||
			   text[i] == '\t'))
		i++;
	rc = fz_store_begin(db, err);
	if (rc)
		return rc;
	if (i < len && (text[i] == '[' || text[i] == '{')) {
		rc = json_file(&c, text, len, err);
	} else {
		copy = fz_xmalloc(len + 1);
		memcpy(copy, text, len);
		copy[len] = '\0';
		rc = csv(&c, copy, err);
		free(copy);
	}
	snprintf(detail, sizeof(detail), "%.80s: %" PRId64 " added, %" PRId64
		 " duplicate, %" PRId64 " bad", c.name, rep->added,
		 rep->duplicates, rep->bad);
	if (!rc)
		rc = fz_mediate_audit(db, a, "mediate.wage.import", "mediate_wage_leads",
				      detail, err);
	return fz_mediate_end_tx(db, rc, err);
}

int fz_wage_update(struct fz_store *db, const struct fz_case_actor *a,
		   int64_t lead_id, const char *status, int64_t paid_cents,
		   const char *note, struct fz_err *err)
{
	static const char *const moves[][2] = {
		{ "open", "handling" }, { "open", "resolved" },
		{ "open", "transferred" }, { "handling", "resolved" },
		{ "handling", "transferred" },
	};
	char cur[32] = "", at[FZ_ISO_LEN], d[FZ_DATE_STRLEN], object[48];
	struct fz_stmt *st;
	int ok = 0, rc;

	if (paid_cents < 0)
		return fz_err_set(err, FZ_EINVAL, "paid", "追回金额不能为负");
	if (note && strlen(note) > 2000)
		return fz_err_set(err, FZ_EINVAL, "note", "说明过长");
	rc = fz_store_begin(db, err);
	if (!rc && !(rc = fz_store_query(db, &st, err, "SELECT status FROM"
					 " mediate_wage_leads WHERE id = ?", "I",
					 lead_id))) {
		if (fz_stmt_step(st, err) == 1)
			snprintf(cur, sizeof(cur), "%s", fz_stmt_text(st, 0));
		fz_stmt_finish(st);
		if (!cur[0])
			rc = fz_err_set(err, FZ_ENOTFOUND, "id", "线索不存在");
	}
	for (size_t i = 0; !rc && status && i < sizeof(moves) / sizeof(moves[0]); i++)
		ok |= !strcmp(moves[i][0], cur) && !strcmp(moves[i][1], status);
	if (!rc && !ok)
		rc = fz_err_set(err, FZ_ESTATE, "status", "线索当前为「%s」，不能改为「%s」",
				cur, status ? status : "");
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE mediate_wage_leads SET status = ?, paid_cents = ?,"
			" resolved_on = ? WHERE id = ?", "tItI", status, paid_cents,
			strcmp(status, "handling") ?
			fz_date_format(fz_date_today_cn(), d) : NULL, lead_id);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO mediate_lead_events (lead_id, at, actor, status,"
			" note) VALUES (?, ?, ?, ?, ?)", "Itttt", lead_id, at,
			a->login ? a->login : "", status, note ? note : "");
	if (!rc) {
		snprintf(object, sizeof(object), "wage_lead:%" PRId64, lead_id);
		rc = fz_mediate_audit(db, a, "mediate.wage.update", object, status,
				      err);
	}
	return fz_mediate_end_tx(db, rc, err);
}
