/* enforce_review.c - 执法监督 case-file review (行政执法案卷评查): the
 * scoring checklist as data (data/checklists/enforce_review.csv, embedded),
 * reviews of closed penalty case files by the rule-of-law office and the
 * 司法局, results per agency and per officer, and the findings (问题) each
 * deduction leaves for the agency, which answers and closes them.  Every
 * write is one transaction and audited.  docs/enforce.md. */
#include "domain/enforce/enforce.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "domain/org/org.h"
#include "engine/audit.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The checklists, embedded from data/checklists by the Makefile
 * (scripts/embed.sh), ended by { NULL, NULL }. */
extern const struct fz_embedded fz_checklist_files[];

#define REVIEW_FILE "enforce_review.csv"
#define NOTE_MAX 500      /* characters of a reviewer's note per item */
#define RESPONSE_MAX 1000 /* characters of the agency's 整改情况 */

/* ---- the checklist --------------------------------------------------------- */

void fz_enforce_checklist_free(struct fz_enforce_checklist *c)
{
	if (!c)
		return;
	free(c->items);
	free(c->text);
	free(c);
}

static int bad(struct fz_err *err, const char *file, int line, const char *what)
{
	return fz_err_set(err, FZ_EINVAL, "checklist", "%s:%d: %s", file, line, what);
}

static int key_ok(const char *k)
{
	size_t n = strlen(k);
	return n >= 1 && n <= 32 &&
	       strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_") == n;
}

/* Split one line (already NUL-ended, no line break) into exactly 4 cells
 * at the commas, in place.  The format forbids quotes and commas inside
 * cells (data/checklists/README.md), so no CSV quoting is needed. */
static int split4(char *line, char *cells[4])
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *c = strchr(p, ',');
		if (n == 4)
			return -1;
		cells[n++] = p;
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n == 4 ? 0 : -1;
}

static int parse_row(struct fz_enforce_checklist *c, const char *file,
		     int line, char *cells[4], struct fz_err *err)
{
	struct fz_enforce_check *it;
	char *end;
	long pts;

	if (!key_ok(cells[0]))
		return bad(err, file, line, "编号须为1至32位字母、数字或下划线");
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->items[i].key, cells[0]))
			return bad(err, file, line, "编号重复");
	if (!cells[1][0] || !cells[3][0])
		return bad(err, file, line, "评查项目和依据不能为空");
	pts = strtol(cells[2], &end, 10);
	if (end == cells[2] || *end || pts < 1 || pts > 100)
		return bad(err, file, line, "分值须为1至100的整数");
	c->items = fz_xrealloc(c->items, (c->n + 1) * sizeof(*c->items));
	it = &c->items[c->n++];
	it->key = cells[0];
	it->item = cells[1];
	it->points = (int)pts;
	it->basis = cells[3];
	c->max += (int)pts;
	return 0;
}

int fz_enforce_checklist_parse(struct fz_enforce_checklist **out,
			       const char *file, const char *text,
			       struct fz_err *err)
{
	struct fz_enforce_checklist *c = fz_xcalloc(1, sizeof(*c));
	char *p;
	int line = 0, rc = 0;

	*out = NULL;
	c->text = fz_xstrdup(text ? text : "");
	p = c->text;
	while (*p && !rc) {
		char *eol = p + strcspn(p, "\n"), *next = *eol ? eol + 1 : eol;
		char *cells[4];

		line++;
		*eol = '\0';
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if (!*p) {
			p = next;
			continue;
		}
		if (strchr(p, '"'))
			rc = bad(err, file, line, "单元格中不能有双引号");
		else if (split4(p, cells))
			rc = bad(err, file, line, "每行须有4列（编号,评查项目,分值,依据）");
		else if (line == 1 && strcmp(cells[0], "编号"))
			rc = bad(err, file, line, "首行须为表头：编号,评查项目,分值,依据");
		else if (line > 1)
			rc = parse_row(c, file, line, cells, err);
		p = next;
	}
	if (!rc && !c->n)
		rc = bad(err, file, line, "评查标准没有评查项目");
	/* 评查 is scored out of 100 (百分制): a checklist whose weights do not
	 * add up is a typo, refused whole. */
	if (!rc && c->max != 100)
		rc = fz_err_set(err, FZ_EINVAL, "checklist",
				"%s: 各项分值合计须为100分（现为%d分）", file, c->max);
	if (rc) {
		fz_enforce_checklist_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static pthread_once_t cl_once = PTHREAD_ONCE_INIT;
static struct fz_enforce_checklist *cl_default;
static struct fz_err cl_err;

static void cl_build(void)
{
	for (const struct fz_embedded *f = fz_checklist_files; f->name; f++)
		if (!strcmp(f->name, REVIEW_FILE)) {
			fz_enforce_checklist_parse(&cl_default, f->name, f->data,
						   &cl_err);
			return;
		}
	fz_err_set(&cl_err, FZ_EINTERNAL, "checklist", "缺少评查标准 %s",
		   REVIEW_FILE);
}

const struct fz_enforce_checklist *fz_enforce_checklist_default(struct fz_err *err)
{
	pthread_once(&cl_once, cl_build);
	if (!cl_default && err)
		*err = cl_err;
	return cl_default;
}

json_t *fz_enforce_checklist_json(const struct fz_enforce_checklist *c)
{
	json_t *items = json_array();
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:i,s:s}",
			"key", c->items[i].key, "item", c->items[i].item,
			"points", c->items[i].points, "basis", c->items[i].basis));
	return json_pack("{s:o,s:i}", "items", items, "max_score", c->max);
}

/* ---- reviews ------------------------------------------------------------------ */

static int in_scope(const struct fz_case_actor *a, const char *path)
{
	return a->system || !a->scope || !a->scope[0] ||
	       !strncmp(path, a->scope, strlen(a->scope));
}

static int audit(struct fz_store *db, const struct fz_case_actor *a,
		 const char *verb, const char *object, const char *detail,
		 struct fz_err *err)
{
	struct fz_audit_entry e = { a->user_id, a->login ? a->login : "",
				    a->unit_id, verb, object, detail,
				    a->ip ? a->ip : "", 1 };
	return fz_audit_append(db, &e, err);
}

/* Check scores (every item, 0..points, nothing else) and notes (strings
 * for items of the list); total the score. */
static int check_scores(const struct fz_enforce_checklist *cl,
			const json_t *scores, const json_t *notes, int *score,
			struct fz_err *err)
{
	const char *k;
	json_t *v;

	if (!json_is_object(scores))
		return fz_err_set(err, FZ_EINVAL, "scores", "请逐项评分");
	if (notes && !json_is_null(notes) && !json_is_object(notes))
		return fz_err_set(err, FZ_EINVAL, "notes", "notes 须为对象");
	*score = 0;
	for (size_t i = 0; i < cl->n; i++) {
		const struct fz_enforce_check *c = &cl->items[i];
		v = json_object_get(scores, c->key);
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > c->points)
			return fz_err_set(err, FZ_EINVAL, c->key, "「%s」得分须为0至%d分",
					  c->item, c->points);
		*score += (int)json_integer_value(v);
	}
	json_object_foreach((json_t *)scores, k, v) {
		int known = 0;
		for (size_t i = 0; i < cl->n && !known; i++)
			known = !strcmp(cl->items[i].key, k);
		if (!known)
			return fz_err_set(err, FZ_EINVAL, "scores",
					  "评查标准中没有评查项目「%.40s」", k);
	}
	if (json_is_object(notes))
		json_object_foreach((json_t *)notes, k, v) {
			int known = 0;
			for (size_t i = 0; i < cl->n && !known; i++)
				known = !strcmp(cl->items[i].key, k);
			if (!known || !json_is_string(v))
				return fz_err_set(err, FZ_EINVAL, "notes",
						  "评查意见「%.40s」无效", k);
			if (fz_utf8_chars(json_string_value(v)) > NOTE_MAX)
				return fz_err_set(err, FZ_EINVAL, k,
						  "评查意见不能超过%d字", NOTE_MAX);
		}
	return 0;
}

struct rcase {
	int64_t unit_id;
	char state[32];
	char path[256];
	char number[FZ_CASE_NUMBER_LEN];
};

static int review_case(struct fz_store *db, int64_t id, struct rcase *c,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	struct fz_case_info ci;
	int rc = fz_store_query(db, &st, err,
		"SELECT unit_id FROM enf_cases WHERE case_id = ? AND kind = 'penalty'",
		"I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		c->unit_id = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	/* state, path and number from engine/case; no case, no file */
	if (rc == 1 && (rc = fz_case_info_get(db, id, &ci, err)) == 0) {
		snprintf(c->state, sizeof(c->state), "%s", ci.state);
		snprintf(c->path, sizeof(c->path), "%s", ci.unit_path);
		snprintf(c->number, sizeof(c->number), "%s", ci.number);
		rc = 1;
	} else if (rc == FZ_ENOTFOUND) {
		rc = 0;
	}
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "行政处罚案件不存在");
	return rc < 0 ? rc : 0;
}

/* The findings of a new review: one per item below full marks, with the
 * reviewer's note or a default text naming the deduction. */
static int add_findings(struct fz_store *db, const struct fz_enforce_checklist *cl,
			int64_t rid, const struct rcase *c, int64_t case_id,
			const json_t *scores, const json_t *notes,
			const char *day, int *nfind, struct fz_err *err)
{
	int rc = 0;

	*nfind = 0;
	for (size_t i = 0; !rc && i < cl->n; i++) {
		const struct fz_enforce_check *k = &cl->items[i];
		int got = (int)json_integer_value(json_object_get(scores, k->key));
		const char *note = json_string_value(json_object_get(notes, k->key));
		char text[128];

		if (got >= k->points)
			continue;
		snprintf(text, sizeof(text), "扣%d分，待整改", k->points - got);
		rc = fz_store_run(db, err,
			"INSERT INTO enf_findings (review_id, unit_id, case_id, item,"
			" item_key, lost, text, created_on) VALUES (?,?,?,?,?,?,?,?)",
			"IIIttitt", rid, c->unit_id, case_id, k->item, k->key,
			k->points - got, note && *note ? note : text, day);
		(*nfind)++;
	}
	return rc;
}

int fz_enforce_review_add(struct fz_store *db, const struct fz_case_actor *actor,
			  const struct fz_enforce_checklist *cl, int64_t case_id,
			  const json_t *scores, const json_t *notes,
			  int64_t *review_id, int *score, struct fz_err *err)
{
	char day[FZ_DATE_STRLEN], object[48], detail[FZ_CASE_NUMBER_LEN + 96];
	struct rcase c;
	char *items;
	int64_t rid;
	int rc, nfind = 0, own = !fz_store_in_tx(db);

	if (!(actor->role & (FZ_ROLE_OFFICE | FZ_ROLE_JUSTICE)) && !actor->system)
		return fz_err_set(err, FZ_EFORBID, NULL,
				  "只有依法治区办、司法局可以评查案卷");
	if ((rc = check_scores(cl, scores, notes, score, err)))
		return rc;
	if (own && (rc = fz_store_begin(db, err)))
		return rc;
	rc = review_case(db, case_id, &c, err);
	if (!rc && !in_scope(actor, c.path))
		rc = fz_err_set(err, FZ_ENOTFOUND, "id", "行政处罚案件不存在");
	/* Only a finished file is reviewed: 结案, 不予处罚 or 移送 */
	if (!rc && strcmp(c.state, "closed") && strcmp(c.state, "no_penalty") &&
	    strcmp(c.state, "transferred"))
		rc = fz_err_set(err, FZ_ESTATE, "id", "只能评查已办结的案卷");
	fz_date_format(fz_date_today_cn(), day);
	items = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
	if (!rc) {
		rc = fz_store_run(db, err,
			"INSERT INTO enf_reviews (case_id, unit_id, reviewer, score,"
			" max_score, items, reviewed_on) VALUES (?,?,?,?,?,?,?)",
			"IItiitt", case_id, c.unit_id, actor->login ? actor->login : "",
			*score, cl->max, items ? items : "{}", day);
		if (rc == FZ_ECONFLICT)
			rc = fz_err_set(err, FZ_ECONFLICT, "id", "您已评查过该案卷");
	}
	free(items);
	rid = rc ? 0 : fz_store_last_id(db);
	if (!rc)
		rc = add_findings(db, cl, rid, &c, case_id, scores, notes, day,
				  &nfind, err);
	snprintf(object, sizeof(object), "case:%" PRId64, case_id);
	snprintf(detail, sizeof(detail), "%s 评查得分 %d/%d，问题 %d 项", c.number,
		 *score, cl->max, nfind);
	if (!rc)
		rc = audit(db, actor, "enforce.review", object, detail, err);
	if ((rc = fz_store_end(db, own, rc, err)))
		return rc;
	*review_id = rid;
	return 0;
}

int fz_enforce_finding_close(struct fz_store *db,
			     const struct fz_case_actor *actor, int64_t id,
			     const char *response, struct fz_err *err)
{
	char day[FZ_DATE_STRLEN], object[48], status[16] = "", path[256] = "";
	struct fz_stmt *st;
	int rc, own = !fz_store_in_tx(db);

	/* The agency answers its own findings (the unit, not the reviewer). */
	if (!(actor->role & (FZ_ROLE_OFFICER | FZ_ROLE_TOWN)) && !actor->system)
		return fz_err_set(err, FZ_EFORBID, NULL, "评查问题由被评查单位整改销号");
	if (!response || !*response)
		return fz_err_set(err, FZ_EINVAL, "response", "请填写整改情况");
	if (fz_utf8_chars(response) > RESPONSE_MAX)
		return fz_err_set(err, FZ_EINVAL, "response", "整改情况不能超过%d字",
				  RESPONSE_MAX);
	if (own && (rc = fz_store_begin(db, err)))
		return rc;
	rc = fz_store_query(db, &st, err,
		"SELECT status, unit_id FROM enf_findings WHERE id = ?", "I", id);
	if (!rc) {
		struct fz_unit_info u;
		rc = fz_stmt_step(st, err);
		if (rc == 1) {
			snprintf(status, sizeof(status), "%s", fz_stmt_text(st, 0));
			/* the left join this replaces: no unit, empty path */
			if (!fz_org_unit_get(db, fz_stmt_int(st, 1), &u, NULL))
				snprintf(path, sizeof(path), "%s", u.path);
		}
		fz_stmt_finish(st);
		if (rc == 0 || (rc == 1 && !in_scope(actor, path)))
			rc = fz_err_set(err, FZ_ENOTFOUND, "id", "评查问题不存在");
		else if (rc == 1)
			rc = 0;
	}
	if (!rc && strcmp(status, "open"))
		rc = fz_err_set(err, FZ_ESTATE, "id", "该问题已整改销号");
	fz_date_format(fz_date_today_cn(), day);
	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE enf_findings SET status = 'closed', response = ?,"
			" closed_by = ?, closed_on = ? WHERE id = ? AND status = 'open'",
			"tttI", response, actor->login ? actor->login : "", day, id);
	snprintf(object, sizeof(object), "finding:%" PRId64, id);
	if (!rc)
		rc = audit(db, actor, "enforce.finding.close", object, "整改销号", err);
	return fz_store_end(db, own, rc, err);
}

/* ---- lists ---------------------------------------------------------------------- */

/* Row values by name: "#x" an integer, "x" text (null for SQL NULL), "@x"
 * a unit id shown by the unit's name ("" for none): units are org's, so
 * the name is looked up per row rather than joined. */
static json_t *rows(struct fz_store *db, struct fz_stmt *st,
		    const char *const *names, int *rc, struct fz_err *err)
{
	json_t *items = json_array();
	while ((*rc = fz_stmt_step(st, err)) == 1) {
		json_t *o = json_object();
		for (int i = 0; names[i]; i++) {
			char unit[sizeof(((struct fz_unit_info *)0)->name)];
			json_t *v = names[i][0] == '#' ? json_integer(fz_stmt_int(st, i)) :
				names[i][0] == '@' ? json_string(fz_org_unit_name(db,
					fz_stmt_int(st, i), unit, sizeof(unit))) :
				fz_stmt_is_null(st, i) ? json_null() :
				json_string(fz_stmt_text(st, i));
			json_object_set_new(o, names[i] + (names[i][0] == '#' ||
							  names[i][0] == '@'), v);
		}
		json_array_append_new(items, o);
	}
	fz_stmt_finish(st);
	if (*rc == 0)
		return items;
	json_decref(items);
	return NULL;
}

/* Percent of the possible score, for ranking and display. */
static void add_rates(json_t *items)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		json_int_t s = json_integer_value(json_object_get(it, "score"));
		json_int_t m = json_integer_value(json_object_get(it, "max_score"));
		json_object_set_new(it, "rate", m ? json_real((double)(1000 * s / m) / 10) :
				    json_null());
	}
}

int fz_enforce_review_results(struct fz_store *db, json_t **out,
			      struct fz_err *err)
{
	static const char *const an[] = { "#unit_id", "@agency", "#reviews", "#score",
		"#max_score", "#findings", "#open_findings", NULL };
	static const char *const on[] = { "#officer_id", "officer", "cert", "@agency",
		"#reviews", "#score", "#max_score", "#findings", NULL };
	struct fz_stmt *st;
	json_t *agencies, *officers;
	int rc;

	*out = NULL;
	rc = fz_store_query(db, &st, err,
		"SELECT r.unit_id, r.unit_id, COUNT(*), SUM(r.score),"
		" SUM(r.max_score),"
		" (SELECT COUNT(*) FROM enf_findings f WHERE f.unit_id = r.unit_id),"
		" (SELECT COUNT(*) FROM enf_findings f WHERE f.unit_id = r.unit_id"
		"   AND f.status = 'open')"
		" FROM enf_reviews r GROUP BY r.unit_id"
		" ORDER BY SUM(r.score) * 1.0 / SUM(r.max_score), r.unit_id", "");
	if (rc || !(agencies = rows(db, st, an, &rc, err)))
		return rc ? rc : FZ_EIO;
	/* an officer answers for the files of the cases they handled */
	rc = fz_store_query(db, &st, err,
		"SELECT o.id, o.name, o.cert, o.unit_id, COUNT(*),"
		" SUM(r.score), SUM(r.max_score),"
		" (SELECT COUNT(*) FROM enf_findings f JOIN enf_case_officers y"
		"   ON y.case_id = f.case_id WHERE y.officer_id = o.id)"
		" FROM enf_reviews r JOIN enf_case_officers x ON x.case_id = r.case_id"
		" JOIN enf_officers o ON o.id = x.officer_id"
		" GROUP BY o.id, o.name, o.cert, o.unit_id"
		" ORDER BY SUM(r.score) * 1.0 / SUM(r.max_score), o.id LIMIT 500", "");
	if (rc || !(officers = rows(db, st, on, &rc, err))) {
		json_decref(agencies);
		return rc ? rc : FZ_EIO;
	}
	add_rates(agencies);
	add_rates(officers);
	*out = json_pack("{s:o,s:o}", "agencies", agencies, "officers", officers);
	return 0;
}

/* The findings of st (FINDING_SELECT) as the lists show them: the case's
 * number and title by fz_case_info_get and the agency by its unit, both
 * per row; when scope is not "", only findings whose unit's path starts
 * with it (the data scope; the unit as the finding recorded it); at most
 * max (0: all). */
static const char *const finding_cols[] = { "#id", "#review_id", "#case_id",
	"number", "title", "agency", "item", "item_key", "#lost", "text", "status",
	"response", "closed_by", "closed_on", "created_on", "reviewer", NULL };
#define FINDING_SELECT \
	"SELECT f.id, f.review_id, f.case_id, f.unit_id, f.item, f.item_key," \
	" f.lost, f.text, f.status, f.response, f.closed_by, f.closed_on," \
	" f.created_on, r.reviewer" \
	" FROM enf_findings f JOIN enf_reviews r ON r.id = f.review_id"

/* o's member key (a login) as key_name: the person's name (org). */
static void names(struct fz_store *db, json_t *o, const char *key)
{
	const char *login = json_string_value(json_object_get(o, key));
	char who[160], name[64];

	snprintf(name, sizeof(name), "%s_name", key);
	if (!login || !*login) {
		json_object_set_new(o, name, json_string(""));
		return;
	}
	fz_org_actor_name(db, login, who, sizeof(who));
	json_object_set_new(o, name, json_string(who));
}

static json_t *finding_rows(struct fz_store *db, struct fz_stmt *st,
			    const char *scope, size_t max, int *rc,
			    struct fz_err *err)
{
	size_t slen = scope ? strlen(scope) : 0;
	json_t *items = json_array();

	while ((!max || json_array_size(items) < max) &&
	       (*rc = fz_stmt_step(st, err)) == 1) {
		struct fz_case_info ci;
		struct fz_unit_info u;
		int have_unit = !fz_org_unit_get(db, fz_stmt_int(st, 3), &u, NULL);
		json_t *o;
		/* a finding without a unit is outside every scope but "" */
		if (slen && (!have_unit || strncmp(u.path, scope, slen)))
			continue;
		/* and one whose case is gone is not listed, as the join did */
		if (fz_case_info_get(db, fz_stmt_int(st, 2), &ci, NULL))
			continue;
		o = json_object();
		json_object_set_new(o, "id", json_integer(fz_stmt_int(st, 0)));
		json_object_set_new(o, "review_id", json_integer(fz_stmt_int(st, 1)));
		json_object_set_new(o, "case_id", json_integer(fz_stmt_int(st, 2)));
		json_object_set_new(o, "number", json_string(ci.number));
		json_object_set_new(o, "title", json_string(ci.title));
		json_object_set_new(o, "agency", json_string(have_unit ? u.name : ""));
		for (int i = 4; i <= 13; i++) {
			const char *name = finding_cols[i + 2];
			json_object_set_new(o, name + (name[0] == '#'),
				name[0] == '#' ? json_integer(fz_stmt_int(st, i)) :
				fz_stmt_is_null(st, i) ? json_null() :
				json_string(fz_stmt_text(st, i)));
		}
		/* who, in words: the reviewer and the one who closed it out */
		names(db, o, "reviewer");
		names(db, o, "closed_by");
		json_array_append_new(items, o);
	}
	if (max && json_array_size(items) == max)
		*rc = 0;
	fz_stmt_finish(st);
	if (*rc == 0)
		return items;
	json_decref(items);
	return NULL;
}

int fz_enforce_findings(struct fz_store *db, const char *scope,
			const char *status, json_t **out, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc;

	*out = NULL;
	if (status && *status && strcmp(status, "open") && strcmp(status, "closed"))
		return fz_err_set(err, FZ_EINVAL, "status", "状态应为待整改或已销号");
	/* the scope is checked in C on each finding's unit, so the limit of
	 * 500 is counted there too */
	rc = fz_store_query(db, &st, err, FINDING_SELECT
		" WHERE (? = '' OR f.status = ?)"
		" ORDER BY f.status = 'closed', f.id DESC", "tt",
		status ? status : "", status ? status : "");
	if (rc)
		return rc;
	*out = finding_rows(db, st, scope, 500, &rc, err);
	return rc;
}

int fz_enforce_case_reviews(struct fz_store *db, int64_t case_id, json_t **out,
			    struct fz_err *err)
{
	static const char *const rn[] = { "#id", "reviewer", "#score", "#max_score",
		"items", "reviewed_on", NULL };
	struct fz_stmt *st;
	json_t *reviews, *findings, *r;
	size_t i;
	int rc;

	*out = NULL;
	rc = fz_store_query(db, &st, err,
		"SELECT id, reviewer, score, max_score, items, reviewed_on"
		" FROM enf_reviews WHERE case_id = ? ORDER BY id", "I", case_id);
	if (rc || !(reviews = rows(db, st, rn, &rc, err)))
		return rc ? rc : FZ_EIO;
	rc = fz_store_query(db, &st, err, FINDING_SELECT
		" WHERE f.case_id = ? ORDER BY f.id", "I", case_id);
	if (rc || !(findings = finding_rows(db, st, NULL, 0, &rc, err))) {
		json_decref(reviews);
		return rc ? rc : FZ_EIO;
	}
	json_array_foreach(reviews, i, r)
		names(db, r, "reviewer");
	json_array_foreach(reviews, i, r) {
		json_t *mine = json_array(), *f;
		size_t j;
		/* the scores as an object again, for the UI */
		json_t *sc = json_loads(json_string_value(json_object_get(r, "items")),
					0, NULL);
		json_object_set_new(r, "items", sc ? sc : json_object());
		json_array_foreach(findings, j, f)
			if (json_integer_value(json_object_get(f, "review_id")) ==
			    json_integer_value(json_object_get(r, "id")))
				json_array_append(mine, f);
		json_object_set_new(r, "findings", mine);
	}
	json_decref(findings);
	*out = reviews;
	return 0;
}

int fz_enforce_audit_name_finding(struct fz_store *db, int64_t id,
				  const char *action, char *obj, char *act,
				  size_t n)
{
	char number[FZ_CASE_NUMBER_LEN] = "";
	struct fz_stmt *st;
	int64_t case_id = 0;
	int rc = fz_store_query(db, &st, NULL,
		"SELECT case_id FROM enf_findings WHERE id = ?", "I", id);

	if (rc)
		return -1;
	if ((rc = fz_stmt_step(st, NULL)) == 1)
		case_id = fz_stmt_int(st, 0);
	fz_stmt_finish(st);
	if (rc != 1)
		return -1;
	fz_case_number(db, case_id, number, sizeof(number));
	snprintf(obj, n, "%s的评查问题", number[0] ? number : "案卷");
	return 0;
}
