/* case.c - the case engine (see case.h): case-type tables, the timeline,
 * deadlines replayed from the timeline, lights, numbers, flags, lists. */
#include "engine/case/case.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cite.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "engine/audit.h"

const struct fz_migration fz_case_migrations[] = {
	{ "case", 1,
	  "CREATE TABLE cases ("
	  " id INTEGER PRIMARY KEY,"
	  " type TEXT NOT NULL,"
	  " number TEXT UNIQUE,"
	  " state TEXT NOT NULL,"
	  " unit_id INTEGER NOT NULL,"
	  " unit_path TEXT NOT NULL,"
	  " title TEXT NOT NULL,"
	  " facts TEXT NOT NULL,"
	  " opened_on TEXT NOT NULL,"
	  " closed_on TEXT,"
	  " last_on TEXT NOT NULL,"
	  " created_at TEXT NOT NULL,"
	  " updated_at TEXT NOT NULL,"
	  " version INTEGER NOT NULL);"
	  "CREATE INDEX cases_type_state ON cases(type, state);"
	  "CREATE INDEX cases_unit_path ON cases(unit_path);"
	  "CREATE INDEX cases_opened ON cases(opened_on);"
	  "CREATE TABLE case_events ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " kind TEXT NOT NULL,"
	  " name TEXT NOT NULL,"
	  " label TEXT NOT NULL,"
	  " from_state TEXT NOT NULL,"
	  " to_state TEXT NOT NULL,"
	  " on_date TEXT NOT NULL,"
	  " at TEXT NOT NULL,"
	  " actor_id INTEGER NOT NULL,"
	  " actor TEXT NOT NULL,"
	  " role INTEGER NOT NULL,"
	  " note TEXT NOT NULL,"
	  " data TEXT NOT NULL,"
	  " ext_key TEXT,"
	  " ext_n INTEGER);"
	  "CREATE INDEX case_events_case ON case_events(case_id, id);"
	  "CREATE TABLE case_deadlines ("
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " key TEXT NOT NULL,"
	  " status TEXT NOT NULL,"
	  " start_on TEXT NOT NULL,"
	  " due TEXT,"
	  " yellow_from TEXT,"
	  " red_from TEXT,"
	  " ext INTEGER NOT NULL,"
	  " paused INTEGER NOT NULL,"
	  " note TEXT NOT NULL,"
	  " PRIMARY KEY (case_id, key));"
	  "CREATE INDEX case_deadlines_due ON case_deadlines(status, due);"
	  "CREATE TABLE case_flags ("
	  " id INTEGER PRIMARY KEY,"
	  " case_id INTEGER NOT NULL REFERENCES cases(id),"
	  " name TEXT NOT NULL,"
	  " key TEXT NOT NULL,"
	  " reason TEXT NOT NULL,"
	  " source TEXT NOT NULL,"
	  " raised_at TEXT NOT NULL,"
	  " resolved_at TEXT,"
	  " resolved_by TEXT,"
	  " resolution TEXT);"
	  "CREATE INDEX case_flags_case ON case_flags(case_id, name);"
	  "CREATE TABLE case_numbers ("
	  " prefix TEXT NOT NULL,"
	  " year INTEGER NOT NULL,"
	  " last INTEGER NOT NULL,"
	  " PRIMARY KEY (prefix, year))" },
	/* Lists at a million cases (docs/engines.md, "Lists"): each case
	 * carries the worst of its running deadlines as four values that do
	 * not depend on the day - dl_base (0 none, 1 due unknown, 2 paused,
	 * 3 running) and the earliest yellow, red and due dates - kept by
	 * store_deadlines(); and its light as of case_light_day, refreshed
	 * once a day for the cases whose thresholds were crossed.  open_flags
	 * counts unresolved flags.  Lists then filter and page on indexes
	 * instead of a subquery per case. */
	{ "case", 2,
	  /* (status, due) let the planner read every running deadline of
	   * the district for one case's subquery: the cost that grew with
	   * cases x deadlines.  The stored thresholds replace its one use. */
	  "DROP INDEX case_deadlines_due;"
	  "ALTER TABLE cases ADD COLUMN dl_base INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE cases ADD COLUMN dl_yellow TEXT;"
	  "ALTER TABLE cases ADD COLUMN dl_red TEXT;"
	  "ALTER TABLE cases ADD COLUMN dl_due TEXT;"
	  "ALTER TABLE cases ADD COLUMN light INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE cases ADD COLUMN open_flags INTEGER NOT NULL DEFAULT 0;"
	  "CREATE TABLE case_light_day (id INTEGER PRIMARY KEY CHECK (id = 1),"
	  " day TEXT NOT NULL);"
	  "UPDATE cases SET"
	  " dl_base = COALESCE((SELECT MAX(CASE WHEN d.status = 'paused' THEN 2"
	  "  WHEN d.due IS NULL THEN 1 ELSE 3 END) FROM case_deadlines d"
	  "  WHERE d.case_id = cases.id AND d.status IN ('running', 'paused')), 0),"
	  " dl_yellow = (SELECT MIN(d.yellow_from) FROM case_deadlines d"
	  "  WHERE d.case_id = cases.id AND d.status = 'running' AND d.due IS NOT NULL),"
	  " dl_red = (SELECT MIN(d.red_from) FROM case_deadlines d"
	  "  WHERE d.case_id = cases.id AND d.status = 'running' AND d.due IS NOT NULL),"
	  " dl_due = (SELECT MIN(d.due) FROM case_deadlines d"
	  "  WHERE d.case_id = cases.id AND d.status = 'running' AND d.due IS NOT NULL),"
	  " open_flags = (SELECT COUNT(*) FROM case_flags f"
	  "  WHERE f.case_id = cases.id AND f.resolved_at IS NULL);"
	  "UPDATE cases SET light = dl_base WHERE dl_base < 3;"
	  "DROP INDEX cases_unit_path;"
	  "DROP INDEX cases_opened;"
	  "CREATE INDEX cases_type_unit ON cases(type, unit_path);"
	  "CREATE INDEX cases_type_opened ON cases(type, opened_on);"
	  "CREATE INDEX cases_type_light ON cases(type, light);"
	  "CREATE INDEX cases_type ON cases(type);"
	  "CREATE INDEX cases_dl_yellow ON cases(dl_yellow);"
	  "CREATE INDEX cases_dl_red ON cases(dl_red);"
	  "CREATE INDEX cases_dl_due ON cases(dl_due);" },
	/* A due date counted through a year with no holiday notice yet (a
	 * provisional year, core/cal.h) is stored and marked, so lights run
	 * and the page says 暂定; importing the notice recomputes it
	 * (fz_case_recompute). */
	{ "case", 3,
	  "ALTER TABLE case_deadlines ADD COLUMN provisional INTEGER NOT NULL"
	  " DEFAULT 0;" },
	{ NULL, 0, NULL }
};

/* --- the type table --- */

static int in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

const struct fz_case_state *fz_case_state_find(const struct fz_case_type *type,
					       const char *key)
{
	for (const struct fz_case_state *s = type->states; s->key; s++)
		if (!strcmp(s->key, key))
			return s;
	return NULL;
}

const struct fz_case_transition *
fz_case_transition_find(const struct fz_case_type *type, const char *key)
{
	for (const struct fz_case_transition *t = type->transitions; t->key; t++)
		if (!strcmp(t->key, key))
			return t;
	return NULL;
}

static int is_final(const struct fz_case_type *type, const char *state)
{
	const struct fz_case_state *s = fz_case_state_find(type, state);
	return s && (s->flags & FZ_CASE_FINAL);
}

static const char *state_name(const struct fz_case_type *type, const char *key)
{
	const struct fz_case_state *s = fz_case_state_find(type, key);
	return s ? s->name : key;
}

static int event_known(const struct fz_case_type *type, const char *ev)
{
	return !strcmp(ev, "create") || fz_case_transition_find(type, ev);
}

int fz_case_type_check(const struct fz_case_type *type, struct fz_err *err)
{
#define BAD(...) fz_err_set(err, FZ_EINTERNAL, type->key, __VA_ARGS__)
	if (!type->key || !type->name || !type->states || !type->states[0].key)
		return BAD("案件类型缺少 key、name 或状态");
	for (const struct fz_case_state *s = type->states; s->key; s++)
		for (const struct fz_case_state *o = s + 1; o->key; o++)
			if (!strcmp(s->key, o->key))
				return BAD("状态「%s」重复", s->key);
	for (const struct fz_case_transition *t = type->transitions; t->key; t++) {
		if (strcmp(t->from, "*") && !fz_case_state_find(type, t->from))
			return BAD("操作「%s」的起始状态「%s」不存在", t->key, t->from);
		if (!fz_case_state_find(type, t->to))
			return BAD("操作「%s」的目标状态「%s」不存在", t->key, t->to);
		if (!strcmp(t->key, "create") || !strcmp(t->key, "facts"))
			return BAD("操作名「%s」为保留字", t->key);
		if (!t->roles)
			return BAD("操作「%s」没有允许的角色", t->key);
		for (const struct fz_case_transition *o = t + 1; o->key; o++)
			if (!strcmp(t->key, o->key) && !strcmp(t->from, o->from))
				return BAD("操作「%s」从「%s」重复定义", t->key, t->from);
	}
	for (const struct fz_case_deadline *d = type->deadlines; d && d->key; d++) {
		if (d->n < 1 || d->unit < FZ_CASE_DAYS || d->unit > FZ_CASE_DAYS_STRICT)
			return BAD("期限「%s」的长度或单位无效", d->key);
		if (!d->start_on || !d->start_on[0])
			return BAD("期限「%s」没有起算事件", d->key);
		for (const char *const *e = d->start_on; *e; e++)
			if (!event_known(type, *e))
				return BAD("期限「%s」的起算事件「%s」不存在", d->key, *e);
		for (const char *const *e = d->stop_on; e && *e; e++)
			if (!event_known(type, *e + (**e == '~')))
				return BAD("期限「%s」的终止事件「%s」不存在", d->key, *e);
		for (const char *const *e = d->pause_in; e && *e; e++)
			if (!fz_case_state_find(type, *e))
				return BAD("期限「%s」的中止状态「%s」不存在", d->key, *e);
		for (const struct fz_case_deadline *o = d + 1; o->key; o++)
			if (!strcmp(d->key, o->key))
				return BAD("期限「%s」重复", d->key);
	}
	/* A hook on a misspelt key would never run: the step it was meant
	 * for would go through without the domain's checks and records. */
	for (const struct fz_case_hook *h = type->hooks; h && h->transition; h++) {
		if (strcmp(h->transition, "*") &&
		    !fz_case_transition_find(type, h->transition))
			return BAD("钩子所指的操作「%s」不存在", h->transition);
		if (!h->prepare && !h->before && !h->after)
			return BAD("操作「%s」的钩子没有任何函数", h->transition);
	}
	return 0;
#undef BAD
}

/* --- deadlines and lights --- */

int fz_case_due(const struct fz_cal *cal, struct fz_date start, int n,
		enum fz_case_unit unit, int ext, int paused,
		struct fz_date *due, struct fz_err *err)
{
	long total = (long)n + ext;

	if (n < 0 || ext < 0 || paused < 0 || !fz_date_valid(start))
		return fz_err_set(err, FZ_EINVAL, "deadline", "期限参数无效");
	switch (unit) {
	case FZ_CASE_WORKDAYS:
		/* 行政复议法 Art. 88(2), 行政处罚法 Art. 85: 工作日, start excluded */
		return fz_cal_add_workdays(cal, start, (int)(total + paused),
					   due, err);
	case FZ_CASE_DAYS:
		/* 民事诉讼法 Art. 85(2)(3): start day excluded; a last day on a
		 * rest day moves to the next working day */
		return fz_cal_add_natural_days_extended(cal, start,
							(int)(total + paused),
							due, err);
	case FZ_CASE_DAYS_STRICT:
		*due = fz_date_add_days(start, total + paused);
		return 0;
	case FZ_CASE_MONTHS: {
		/* 民法典 Art. 202 (no such day: the month's last day), the
		 * pause in natural days, then 民事诉讼法 Art. 85(3) */
		struct fz_date raw = fz_date_add_days(
			fz_date_add_months(start, (int)total), paused);
		return fz_cal_next_workday(cal, raw, due, err);
	}
	}
	return fz_err_set(err, FZ_EINVAL, "deadline", "期限单位无效");
}

/* Smallest t <= due with at most k working days in (t, due]. */
static int back_workdays(const struct fz_cal *cal, struct fz_date due, long k,
			 struct fz_date *out, struct fz_err *err)
{
	struct fz_date t = due;
	long w = 0;
	for (int guard = 0; guard < 1000; guard++) {
		int wd, rc = fz_cal_is_workday(cal, t, &wd, err);
		if (rc)
			return rc;
		if (w + wd > k)
			break;
		w += wd;
		t = fz_date_add_days(t, -1);
	}
	*out = t;
	return 0;
}

int fz_case_thresholds(const struct fz_cal *cal, struct fz_date start,
		       struct fz_date due, int length, enum fz_case_unit unit,
		       struct fz_date *yellow_from, struct fz_date *red_from,
		       struct fz_err *err)
{
	struct fz_date y_wd;
	int rc;

	/* red: due today or tomorrow */
	*red_from = fz_date_add_days(due, -1);
	if (unit == FZ_CASE_WORKDAYS) {
		/* yellow: ≤ 20% of the period or ≤ 3 工作日 left, whichever
		 * is larger, both counted in working days */
		long k = length / 5 > 3 ? length / 5 : 3;
		return back_workdays(cal, due, k, yellow_from, err);
	}
	rc = back_workdays(cal, due, 3, &y_wd, err);
	if (rc)
		return rc;
	{
		long days = (long)length;
		struct fz_date y_pct;
		if (unit == FZ_CASE_MONTHS)
			days = fz_date_to_days(fz_date_add_months(start, length)) -
			       fz_date_to_days(start);
		y_pct = fz_date_add_days(due, -(days / 5));
		*yellow_from = fz_date_cmp(y_pct, y_wd) < 0 ? y_pct : y_wd;
	}
	return 0;
}

static const char *const light_keys[] = {
	"none", "unknown", "paused", "green", "yellow", "red", "overdue"
};
static const char *const light_names[] = {
	"无", "无法计算", "已中止", "绿灯", "黄灯", "红灯", "已超期"
};

const char *fz_case_light_key(enum fz_case_light l)
{
	return (unsigned)l < 7 ? light_keys[l] : "none";
}

const char *fz_case_light_name(enum fz_case_light l)
{
	return (unsigned)l < 7 ? light_names[l] : "无";
}

int fz_case_light_from_key(const char *key)
{
	for (int i = 0; i < 7; i++)
		if (!strcmp(light_keys[i], key))
			return i;
	return -1;
}

/* The SQL expression for one deadline row's light, given today (bound
 * three times).  Kept in one place for the list and the single case. */
#define LIGHT_SQL                                                          \
	"CASE WHEN d.status = 'paused' THEN 2 WHEN d.due IS NULL THEN 1"   \
	" WHEN ? > d.due THEN 6 WHEN ? >= d.red_from THEN 5"               \
	" WHEN ? >= d.yellow_from THEN 4 ELSE 3 END"

/* --- small helpers --- */

static struct fz_date today_or(struct fz_date d)
{
	return d.y ? d : fz_date_today_cn();
}

static int scope_ok(const struct fz_case_actor *a, const char *unit_path)
{
	if (a->system || !a->scope || !a->scope[0] || !strcmp(a->scope, "/"))
		return 1;
	return !strncmp(unit_path, a->scope, strlen(a->scope));
}

static int role_ok(const struct fz_case_actor *a, int roles)
{
	return a->system || (a->role & roles) != 0;
}

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

struct crow {
	int64_t id, version;
	char type[64], state[64], number[FZ_CASE_NUMBER_LEN];
	char unit_path[256], last_on[FZ_DATE_STRLEN];
	json_t *facts;
};

static int load(struct fz_store *db, const struct fz_case_type *type,
		const struct fz_case_actor *actor, int64_t id, struct crow *c,
		struct fz_err *err)
{
	struct fz_stmt *st;
	json_error_t je;
	int rc = fz_store_query(db, &st, err,
		"SELECT type, state, COALESCE(number, ''), unit_path, last_on,"
		" facts, version FROM cases WHERE id = ?", "I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc <= 0) {
		fz_stmt_finish(st);
		return rc < 0 ? rc : fz_err_set(err, FZ_ENOTFOUND, "id",
						"案件不存在");
	}
	c->id = id;
	snprintf(c->type, sizeof(c->type), "%s", fz_stmt_text(st, 0));
	snprintf(c->state, sizeof(c->state), "%s", fz_stmt_text(st, 1));
	snprintf(c->number, sizeof(c->number), "%s", fz_stmt_text(st, 2));
	snprintf(c->unit_path, sizeof(c->unit_path), "%s", fz_stmt_text(st, 3));
	snprintf(c->last_on, sizeof(c->last_on), "%s", fz_stmt_text(st, 4));
	c->facts = json_loads(fz_stmt_text(st, 5), 0, &je);
	c->version = fz_stmt_int(st, 6);
	fz_stmt_finish(st);
	if (!c->facts)
		return fz_err_set(err, FZ_EINTERNAL, "facts", "案件事实数据损坏");
	if (actor && !scope_ok(actor, c->unit_path)) {
		json_decref(c->facts);
		c->facts = NULL;
		return fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	}
	if (type && strcmp(c->type, type->key)) {
		json_decref(c->facts);
		c->facts = NULL;
		return fz_err_set(err, FZ_EINVAL, "type", "案件类型不符：该案件不是「%s」",
				  type->name);
	}
	return 0;
}

static int audit(struct fz_store *db, const struct fz_case_actor *a,
		 const char *verb, int64_t id, const char *detail,
		 struct fz_err *err)
{
	char action[96], object[48];
	struct fz_audit_entry e;
	snprintf(action, sizeof(action), "case.%s", verb);
	snprintf(object, sizeof(object), "case:%" PRId64, id);
	e.actor_id = a->user_id;
	e.actor = a->login ? a->login : "";
	e.unit_id = a->unit_id;
	e.action = action;
	e.object = object;
	e.detail = detail;
	e.ip = a->ip ? a->ip : "";
	e.ok = 1;
	return fz_audit_append(db, &e, err);
}

struct event {
	const char *kind, *name, *label, *from, *to, *note;
	struct fz_date on;
	const json_t *data;
	const char *ext_key;
	int ext_n;
};

static int add_event(struct fz_store *db, const struct fz_case_actor *a,
		     int64_t id, const struct event *ev, struct fz_err *err)
{
	char on[FZ_DATE_STRLEN], at[FZ_ISO_LEN];
	char *data = ev->data ? dump(ev->data) : NULL;
	int rc;

	fz_date_format(ev->on, on);
	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"INSERT INTO case_events (case_id, kind, name, label,"
		" from_state, to_state, on_date, at, actor_id, actor, role,"
		" note, data, ext_key, ext_n)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"ItttttttItittti", id, ev->kind, ev->name, ev->label,
		ev->from, ev->to, on, at, a->user_id,
		a->login ? a->login : "", a->role, ev->note ? ev->note : "",
		data ? data : "{}", ev->ext_key, ev->ext_n);
	free(data);
	return rc;
}

/* --- deadline replay --- */

struct hist {
	char kind[16], name[64], from[64], to[64], ext_key[64];
	struct fz_date on;
	int ext_n;
};

static int load_history(struct fz_store *db, int64_t id, struct hist **out,
			size_t *n, struct fz_err *err)
{
	struct fz_stmt *st;
	size_t cap = 0;
	int rc = fz_store_query(db, &st, err,
		"SELECT kind, name, from_state, to_state, on_date,"
		" COALESCE(ext_key, ''), COALESCE(ext_n, 0)"
		" FROM case_events WHERE case_id = ? ORDER BY id", "I", id);
	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		struct hist *h;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			h = realloc(*out, cap * sizeof(**out));
			if (!h) {
				rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
				break;
			}
			*out = h;
		}
		h = &(*out)[(*n)++];
		snprintf(h->kind, sizeof(h->kind), "%s", fz_stmt_text(st, 0));
		snprintf(h->name, sizeof(h->name), "%s", fz_stmt_text(st, 1));
		snprintf(h->from, sizeof(h->from), "%s", fz_stmt_text(st, 2));
		snprintf(h->to, sizeof(h->to), "%s", fz_stmt_text(st, 3));
		if (fz_date_parse(&h->on, fz_stmt_text(st, 4), err)) {
			rc = FZ_EINTERNAL;
			break;
		}
		snprintf(h->ext_key, sizeof(h->ext_key), "%s", fz_stmt_text(st, 5));
		h->ext_n = (int)fz_stmt_int(st, 6);
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	return 0;
}

enum dl_status { DL_NONE, DL_RUNNING, DL_PAUSED, DL_MET, DL_STOPPED };
static const char *const dl_status_keys[] = {
	"", "running", "paused", "met", "stopped"
};

struct dl_state {
	enum dl_status status;
	struct fz_date start, pause_since;
	int ext, paused;
};

static int pause_units(const struct fz_cal *cal, enum fz_case_unit unit,
		       struct fz_date from, struct fz_date to, int *units,
		       struct fz_err *err)
{
	if (unit == FZ_CASE_WORKDAYS) {
		long n;
		int rc = fz_cal_count_workdays(cal, from, to, &n, err);
		if (rc)
			return rc;
		*units = (int)n;
		return 0;
	}
	*units = (int)(fz_date_to_days(to) - fz_date_to_days(from));
	return 0;
}

/* Is "~ev" in a stop_on list: ev ends the period without meeting it? */
static int ends_unmet(const char *const *list, const char *ev)
{
	for (; list && *list; list++)
		if (**list == '~' && !strcmp(*list + 1, ev))
			return 1;
	return 0;
}

/* Replay the timeline for one deadline. */
static int replay(const struct fz_cal *cal, const struct fz_case_type *type,
		  const struct fz_case_deadline *d, const struct hist *h,
		  size_t n, struct dl_state *s, struct fz_err *err)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		const struct hist *e = &h[i];
		int step = !strcmp(e->kind, "create") ||
			   !strcmp(e->kind, "transition");
		if (step && in_list(d->start_on, e->name)) {
			s->status = DL_RUNNING;
			s->start = e->on;
			s->ext = s->paused = 0;
			if (in_list(d->pause_in, e->to)) {
				s->status = DL_PAUSED;
				s->pause_since = e->on;
			}
			continue;
		}
		if (s->status != DL_RUNNING && s->status != DL_PAUSED)
			continue;
		if (!strcmp(e->kind, "extend") && !strcmp(e->ext_key, d->key)) {
			s->ext += e->ext_n;
			continue;
		}
		if (!step)
			continue;
		if (s->status == DL_PAUSED && !in_list(d->pause_in, e->to)) {
			int u, rc = pause_units(cal, d->unit, s->pause_since,
						e->on, &u, err);
			if (rc)
				return rc;
			s->paused += u;
			s->status = DL_RUNNING;
		} else if (s->status == DL_RUNNING &&
			   in_list(d->pause_in, e->to)) {
			s->status = DL_PAUSED;
			s->pause_since = e->on;
		}
		if (in_list(d->stop_on, e->name))
			s->status = DL_MET;
		else if (ends_unmet(d->stop_on, e->name) || is_final(type, e->to))
			s->status = DL_STOPPED;
	}
	return 0;
}

/* The light of a case (alias c) from its stored thresholds, for the day
 * bound three times. */
#define CASE_LIGHT_SQL                                                     \
	"CASE WHEN c.dl_base < 3 THEN c.dl_base WHEN ? > c.dl_due THEN 6"  \
	" WHEN ? >= c.dl_red THEN 5 WHEN ? >= c.dl_yellow THEN 4 ELSE 3 END"

/* Fold the case's deadlines into its list columns (see migration 2): the
 * worst light over several deadlines is reached on the earliest of their
 * yellow, red and due dates, so four values give it for any day. */
static int store_light(struct fz_store *db, int64_t id, struct fz_err *err)
{
	char td[FZ_DATE_STRLEN];
	int rc;

	fz_date_format(fz_date_today_cn(), td);
	rc = fz_store_run(db, err, "UPDATE cases SET"
		" dl_base = COALESCE((SELECT MAX(CASE WHEN d.status = 'paused' THEN 2"
		"  WHEN d.due IS NULL THEN 1 ELSE 3 END) FROM case_deadlines d"
		"  WHERE d.case_id = ?1 AND d.status IN ('running', 'paused')), 0),"
		" dl_yellow = (SELECT MIN(d.yellow_from) FROM case_deadlines d"
		"  WHERE d.case_id = ?1 AND d.status = 'running' AND d.due IS NOT NULL),"
		" dl_red = (SELECT MIN(d.red_from) FROM case_deadlines d"
		"  WHERE d.case_id = ?1 AND d.status = 'running' AND d.due IS NOT NULL),"
		" dl_due = (SELECT MIN(d.due) FROM case_deadlines d"
		"  WHERE d.case_id = ?1 AND d.status = 'running' AND d.due IS NOT NULL)"
		" WHERE id = ?1", "I", id);
	if (!rc)
		rc = fz_store_run(db, err, "UPDATE cases AS c SET light = "
			CASE_LIGHT_SQL " WHERE id = ?", "tttI", td, td, td, id);
	return rc;
}

static int store_flag_count(struct fz_store *db, int64_t id,
			    struct fz_err *err)
{
	return fz_store_run(db, err, "UPDATE cases SET open_flags = (SELECT"
		" COUNT(*) FROM case_flags WHERE case_id = ?1 AND resolved_at IS NULL)"
		" WHERE id = ?1", "I", id);
}

static int store_deadlines(struct fz_store *db, const struct fz_cal *cal,
			   const struct fz_case_type *type, int64_t id,
			   const json_t *facts, struct fz_err *err)
{
	struct hist *h;
	size_t n;
	int rc;

	if (!type->deadlines)
		return 0;
	rc = load_history(db, id, &h, &n, err);
	if (rc)
		return rc;
	rc = fz_store_run(db, err, "DELETE FROM case_deadlines WHERE case_id = ?",
			  "I", id);
	for (const struct fz_case_deadline *d = type->deadlines;
	     !rc && d->key; d++) {
		struct dl_state s;
		struct fz_date due, yel, red;
		char sd[FZ_DATE_STRLEN], dd[FZ_DATE_STRLEN],
			yd[FZ_DATE_STRLEN], rd[FZ_DATE_STRLEN];
		struct fz_err cerr = FZ_ERR_INIT;
		int have = 0, prov;

		if (d->applies && !d->applies(facts))
			continue;
		rc = replay(cal, type, d, h, n, &s, err);
		if (rc || s.status == DL_NONE)
			continue;
		if (s.status != DL_PAUSED &&
		    !fz_case_due(cal, s.start, d->n, d->unit, s.ext, s.paused,
				 &due, &cerr) &&
		    !fz_case_thresholds(cal, s.start, due, d->n + s.ext,
					d->unit, &yel, &red, &cerr))
			have = 1;
		/* counted through a year whose notice is not out: a real
		 * date, marked 暂定 until the notice is imported */
		prov = have && fz_cal_provisional(cal, due);
		fz_date_format(s.start, sd);
		rc = fz_store_run(db, err,
			"INSERT INTO case_deadlines (case_id, key, status,"
			" start_on, due, yellow_from, red_from, ext, paused, note,"
			" provisional) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"Ittttttiiti", id, d->key, dl_status_keys[s.status], sd,
			have ? fz_date_format(due, dd) : NULL,
			have ? fz_date_format(yel, yd) : NULL,
			have ? fz_date_format(red, rd) : NULL, s.ext, s.paused,
			cerr.msg, prov);
	}
	free(h);
	return rc ? rc : store_light(db, id, err);
}

int fz_case_deadline_due(struct fz_store *db, const struct fz_cal *cal,
			 const struct fz_case_type *type, int64_t case_id,
			 const char *key, const json_t *facts,
			 struct fz_date *due, struct fz_err *err)
{
	const struct fz_case_deadline *d = type->deadlines;
	struct fz_err cerr = FZ_ERR_INIT;
	struct dl_state s;
	struct hist *h;
	size_t n;
	int rc;

	*due = (struct fz_date){ 0, 0, 0 };
	for (; d && d->key && strcmp(d->key, key); d++)
		;
	if (!d || !d->key)
		return fz_err_set(err, FZ_EINVAL, "deadline", "未知的期限「%s」", key);
	if (d->applies && !d->applies(facts))
		return 0;
	if ((rc = load_history(db, case_id, &h, &n, err)))
		return rc;
	/* as store_deadlines: no due date while paused or when the calendar
	 * does not cover it */
	rc = replay(cal, type, d, h, n, &s, err);
	if (!rc && s.status != DL_NONE && s.status != DL_PAUSED &&
	    fz_case_due(cal, s.start, d->n, d->unit, s.ext, s.paused, due, &cerr))
		*due = (struct fz_date){ 0, 0, 0 };
	free(h);
	return rc;
}

/* The cases fz_case_recompute() must look at, collected before any write. */
static int recompute_ids(struct fz_store *db, struct fz_date from,
			 int only_unknown, int64_t **ids, size_t *n,
			 struct fz_err *err)
{
	char fd[FZ_DATE_STRLEN];
	struct fz_stmt *st;
	size_t alloc = 0;
	int rc = only_unknown ? fz_store_query(db, &st, err,
		"SELECT DISTINCT d.case_id FROM case_deadlines d"
		" WHERE d.status = 'running' AND d.due IS NULL"
		" ORDER BY d.case_id", "") : fz_store_query(db, &st, err,
		"SELECT DISTINCT d.case_id FROM case_deadlines d"
		" WHERE d.provisional = 1 OR (d.status IN ('running', 'paused')"
		" AND (d.due IS NULL OR d.due >= ?)) ORDER BY d.case_id", "t",
		fz_date_format(from, fd));

	*ids = NULL;
	*n = 0;
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		if (*n == alloc) {
			size_t a = alloc ? alloc * 2 : 64;
			int64_t *p = realloc(*ids, a * sizeof(*p));
			if (!p) {
				rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
				break;
			}
			*ids = p;
			alloc = a;
		}
		(*ids)[(*n)++] = fz_stmt_int(st, 0);
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

static const struct fz_case_type *
type_in(const struct fz_case_type *const *types, const char *key)
{
	for (; types && *types; types++)
		if (!strcmp((*types)->key, key))
			return *types;
	return NULL;
}

static int recompute(struct fz_store *db, const struct fz_cal *cal,
		     const struct fz_case_type *const *types,
		     struct fz_date from, int only_unknown, long *count,
		     struct fz_err *err)
{
	int64_t *ids;
	size_t n;
	int rc = recompute_ids(db, from, only_unknown, &ids, &n, err);

	*count = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		struct crow c = { 0 };
		const struct fz_case_type *type;
		if ((rc = load(db, NULL, NULL, ids[i], &c, err)))
			break;
		/* a type no module lists any more keeps what it stored */
		if ((type = type_in(types, c.type))) {
			rc = store_deadlines(db, cal, type, c.id, c.facts, err);
			*count += !rc;
		}
		json_decref(c.facts);
	}
	free(ids);
	return rc;
}

int fz_case_recompute(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_case_type *const *types,
		      struct fz_date from, long *count, struct fz_err *err)
{
	return recompute(db, cal, types, from, 0, count, err);
}

int fz_case_recompute_unknown(struct fz_store *db, const struct fz_cal *cal,
			      const struct fz_case_type *const *types,
			      long *count, struct fz_err *err)
{
	return recompute(db, cal, types, (struct fz_date){ 0, 0, 0 }, 1, count,
			 err);
}

const char *fz_case_number(struct fz_store *db, int64_t case_id, char *buf,
			   size_t n)
{
	struct fz_stmt *st;

	buf[0] = '\0';
	if (fz_store_query(db, &st, NULL, "SELECT COALESCE(number, '') FROM cases"
			   " WHERE id = ?", "I", case_id))
		return buf;
	if (fz_stmt_step(st, NULL) == 1)
		snprintf(buf, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return buf;
}

/* --- flags --- */

int fz_case_unit_path(struct fz_store *db, int64_t id, const char *type_prefix,
		      char *path, size_t n, struct fz_err *err)
{
	struct fz_stmt *st;
	size_t plen = strlen(type_prefix);
	int rc = fz_store_query(db, &st, err,
		"SELECT unit_path, type FROM cases WHERE id = ?", "I", id);

	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1 && strncmp(fz_stmt_text(st, 1), type_prefix, plen))
		rc = 0;
	if (rc == 1)
		snprintf(path, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc;
}

int fz_case_type_key(struct fz_store *db, int64_t id, char *key, size_t n,
		     struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, "SELECT type FROM cases WHERE id = ?",
				"I", id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		snprintf(key, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc;
}

int fz_case_flag_open(struct fz_store *db, int64_t case_id, const char *name,
		      struct fz_err *err)
{
	int64_t n = 0;
	int rc = fz_store_int(db, &n, err,
		"SELECT COUNT(*) FROM case_flags WHERE case_id = ? AND name = ?"
		" AND resolved_at IS NULL", "It", case_id, name);
	return rc < 0 ? rc : n > 0;
}

/* The reason of the first open flag name, into out. */
static void flag_reason(struct fz_store *db, int64_t id, const char *name,
			char *out, size_t outsz)
{
	struct fz_stmt *st;
	out[0] = '\0';
	if (fz_store_query(db, &st, NULL,
		"SELECT reason FROM case_flags WHERE case_id = ? AND name = ?"
		" AND resolved_at IS NULL ORDER BY id", "It", id, name))
		return;
	if (fz_stmt_step(st, NULL) == 1)
		snprintf(out, outsz, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
}

int fz_case_flag_raise(struct fz_store *db, int64_t case_id,
		       const char *name, const char *key, const char *reason,
		       const char *source, int *raised, struct fz_err *err)
{
	char at[FZ_ISO_LEN];
	int64_t n = 0;
	int rc;

	if (raised)
		*raised = 0;
	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "内部错误：须在事务内设置案件标记");
	rc = fz_store_int(db, &n, err,
		"SELECT COUNT(*) FROM case_flags WHERE case_id = ? AND name = ?"
		" AND key = ?", "Itt", case_id, name,
		key ? key : "");
	if (rc < 0)
		return rc;
	if (n > 0)
		return 0;
	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"INSERT INTO case_flags (case_id, name, key, reason, source,"
		" raised_at) VALUES (?, ?, ?, ?, ?, ?)", "Itttt" "t", case_id,
		name, key ? key : "", reason ? reason : "",
		source ? source : "", at);
	if (rc)
		return rc;
	{
		struct fz_case_actor sys = { 0, "", 0, "", 0, "", 1 };
		struct event ev = { "flag.raise", name, reason ? reason : "",
				    "", "", source, fz_date_today_cn(), NULL,
				    NULL, 0 };
		char st[64] = "";
		struct fz_stmt *q;
		/* the event keeps the state unchanged: read it */
		if (!fz_store_query(db, &q, NULL,
				    "SELECT state FROM cases WHERE id = ?", "I",
				    case_id)) {
			if (fz_stmt_step(q, NULL) == 1)
				snprintf(st, sizeof(st), "%s", fz_stmt_text(q, 0));
			fz_stmt_finish(q);
		}
		/* Hooks run right after the event that changed the facts (a
		 * past-dated 立案, a step "on" a date): the flag carries that
		 * event's date, today only when the case has none. */
		if (!fz_store_query(db, &q, NULL,
				    "SELECT on_date FROM case_events WHERE case_id = ?"
				    " ORDER BY id DESC LIMIT 1", "I", case_id)) {
			if (fz_stmt_step(q, NULL) == 1)
				fz_date_parse(&ev.on, fz_stmt_text(q, 0), NULL);
			fz_stmt_finish(q);
		}
		if (!fz_date_valid(ev.on))
			ev.on = fz_date_today_cn();
		ev.from = ev.to = st;
		rc = add_event(db, &sys, case_id, &ev, err);
	}
	if (!rc)
		rc = store_flag_count(db, case_id, err);
	if (!rc && raised)
		*raised = 1;
	return rc;
}

static int resolve_flags(struct fz_store *db, int64_t id, const char *name,
			 const char *by, const char *resolution,
			 struct fz_err *err)
{
	char at[FZ_ISO_LEN];
	int rc;
	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"UPDATE case_flags SET resolved_at = ?, resolved_by = ?,"
		" resolution = ? WHERE case_id = ? AND name = ?"
		" AND resolved_at IS NULL", "tttIt", at, by, resolution, id, name);
	return rc ? rc : store_flag_count(db, id, err);
}

/* --- creating --- */

static int next_number(struct fz_store *db, const struct fz_case_type *type,
		       const char *prefix, int year, char *out, size_t outsz,
		       struct fz_err *err)
{
	int64_t seq = 0;
	struct fz_buf b = FZ_BUF_INIT;
	int rc = fz_store_run(db, err,
		"UPDATE case_numbers SET last = last + 1 WHERE prefix = ? AND year = ?",
		"ti", prefix, year);
	if (rc)
		return rc;
	if (fz_store_changes(db) == 0) {
		rc = fz_store_run(db, err,
			"INSERT INTO case_numbers (prefix, year, last) VALUES (?, ?, 1)",
			"ti", prefix, year);
		if (rc)
			return rc;
	}
	rc = fz_store_int(db, &seq, err,
		"SELECT last FROM case_numbers WHERE prefix = ? AND year = ?",
		"ti", prefix, year);
	if (rc < 0)
		return rc;
	for (const char *p = type->number_format; *p;) {
		if (!strncmp(p, "{prefix}", 8)) {
			fz_buf_adds(&b, prefix);
			p += 8;
		} else if (!strncmp(p, "{year}", 6)) {
			fz_buf_addf(&b, "%d", year);
			p += 6;
		} else if (!strncmp(p, "{seq}", 5)) {
			fz_buf_addf(&b, "%" PRId64, seq);
			p += 5;
		} else {
			fz_buf_addch(&b, *p++);
		}
	}
	if (b.err || b.len >= outsz) {
		fz_buf_release(&b);
		return fz_err_set(err, FZ_EINVAL, "prefix", "案号过长");
	}
	memcpy(out, b.data, b.len + 1);
	fz_buf_release(&b);
	return 0;
}

static int run_hook(struct fz_store *db, const struct fz_case_type *type,
		    int64_t id, const json_t *facts, struct fz_err *err)
{
	return type->facts_changed ? type->facts_changed(db, type, id, facts, err)
				   : 0;
}

int fz_case_create(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_type *type,
		   const struct fz_case_actor *actor,
		   const struct fz_case_new *nc, int64_t *id, char *number,
		   struct fz_err *err)
{
	char num[FZ_CASE_NUMBER_LEN] = "", on[FZ_DATE_STRLEN], at[FZ_ISO_LEN];
	struct fz_date opened = today_or(nc->opened);
	json_t *facts;
	char *text;
	int rc, own;

	if (!role_ok(actor, type->create_roles))
		return fz_err_set(err, FZ_EFORBID, NULL, "您的角色无权办理「%s」",
				  type->name);
	if (!nc->unit_path || nc->unit_path[0] != '/' || !scope_ok(actor, nc->unit_path))
		return fz_err_set(err, FZ_EFORBID, "unit_id",
				  "案件所属单位不在您的管辖范围内");
	if (!nc->title || !nc->title[0] || fz_utf8_chars(nc->title) > 200)
		return fz_err_set(err, FZ_EINVAL, "title", "案件名称应为 1–200 个字");
	if (type->number_format && (!nc->prefix || !nc->prefix[0] ||
				    strlen(nc->prefix) > 48))
		return fz_err_set(err, FZ_EINVAL, "prefix", "缺少案号前缀（如「柯综执罚」）");
	if (!fz_date_valid(opened) ||
	    fz_date_cmp(opened, fz_date_today_cn()) > 0)
		return fz_err_set(err, FZ_EINVAL, "opened", "日期无效或晚于今天");
	if (nc->facts && !json_is_object(nc->facts))
		return fz_err_set(err, FZ_EINVAL, "facts", "案件事实应为 JSON 对象");
	facts = nc->facts ? json_deep_copy(nc->facts) : json_object();
	text = dump(facts);
	if (!facts || !text) {
		json_decref(facts);
		free(text);
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	rc = fz_store_start(db, &own, err);
	if (rc)
		goto out;
	if (type->number_format)
		rc = next_number(db, type, nc->prefix, opened.y, num, sizeof(num), err);
	fz_date_format(opened, on);
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO cases (type, number, state, unit_id, unit_path,"
			" title, facts, opened_on, last_on, created_at, updated_at,"
			" version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
			"tttIttttttt", type->key, num[0] ? num : NULL,
			type->states[0].key, nc->unit_id, nc->unit_path,
			nc->title, text, on, on, at, at);
	if (!rc) {
		struct event ev = { "create", "create", type->name, "",
				    type->states[0].key, nc->note, opened,
				    nc->facts, NULL, 0 };
		*id = fz_store_last_id(db);
		rc = add_event(db, actor, *id, &ev, err);
	}
	if (!rc && nc->created)
		rc = nc->created(db, *id, num, nc->arg, err);
	if (!rc)
		rc = run_hook(db, type, *id, facts, err);
	if (!rc)
		rc = store_deadlines(db, cal, type, *id, facts, err);
	if (!rc)
		rc = audit(db, actor, "create", *id, num, err);
	rc = fz_store_end(db, own, rc, err);
	if (!rc && number)
		snprintf(number, FZ_CASE_NUMBER_LEN, "%s", num);
out:
	json_decref(facts);
	free(text);
	return rc;
}

/* --- transitions --- */

static int has_value(const json_t *facts, const char *key)
{
	const json_t *v = json_object_get(facts, key);
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return 1;
}

/* Merge patch into facts: a null value removes the key. */
static void merge(json_t *facts, const json_t *patch)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)patch, k, v) {
		if (json_is_null(v))
			json_object_del(facts, k);
		else
			json_object_set(facts, k, v);
	}
}

/* --- per-transition hooks --- */

enum hook_phase { HOOK_PREPARE, HOOK_BEFORE, HOOK_AFTER };

static fz_case_hook_fn hook_fn(const struct fz_case_hook *k,
			       enum hook_phase phase)
{
	return phase == HOOK_PREPARE ? k->prepare :
	       phase == HOOK_BEFORE ? k->before : k->after;
}

/* A hook that fails without a code would let the step through: it is
 * turned into an internal error instead. */
static int hook_rc(int rc, const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	if (rc < 0)
		return rc;
	return fz_err_set(err, FZ_EINTERNAL, "transition",
			  "内部错误：「%s」的钩子返回 %d", h->transition, rc);
}

/* Run the before or after functions matching the step, in table order. */
static int run_step_hooks(enum hook_phase phase,
			  const struct fz_case_hook_ctx *h, struct fz_err *err)
{
	for (const struct fz_case_hook *k = h->type->hooks; k && k->transition; k++) {
		fz_case_hook_fn fn = hook_fn(k, phase);
		int rc;
		if (!fn || (strcmp(k->transition, "*") &&
			    strcmp(k->transition, h->transition)))
			continue;
		if ((rc = fn(h, err)))
			return hook_rc(rc, h, err);
	}
	return 0;
}

/* Run the prepare functions matching the step: each sees facts merged
 * with the data as the ones before it left it. */
static int prepare_step(struct fz_case_hook_ctx *h, const json_t *facts,
			struct fz_err *err)
{
	for (const struct fz_case_hook *k = h->type->hooks; k && k->transition; k++) {
		json_t *merged;
		int rc;
		if (!k->prepare || (strcmp(k->transition, "*") &&
				    strcmp(k->transition, h->transition)))
			continue;
		if (!(merged = json_deep_copy(facts)))
			return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		merge(merged, h->data);
		h->facts = merged;
		rc = k->prepare(h, err);
		h->facts = NULL;
		json_decref(merged);
		if (rc)
			return hook_rc(rc, h, err);
		if (!json_is_object(h->data))
			return fz_err_set(err, FZ_EINTERNAL, "data",
					  "内部错误：「%s」的钩子破坏了环节数据",
					  h->transition);
	}
	return 0;
}

static int check_date(const struct crow *c, struct fz_date on,
		      struct fz_err *err)
{
	char d[FZ_DATE_STRLEN];
	if (!fz_date_valid(on))
		return fz_err_set(err, FZ_EINVAL, "on", "日期无效");
	if (fz_date_cmp(on, fz_date_today_cn()) > 0)
		return fz_err_set(err, FZ_EINVAL, "on", "日期不能晚于今天");
	if (strcmp(fz_date_format(on, d), c->last_on) < 0)
		return fz_err_set(err, FZ_EINVAL, "on",
				  "日期不能早于上一环节的日期（%s）", c->last_on);
	return 0;
}

/* Find the transition key that may leave state; FZ_EINVAL if the key is
 * unknown, FZ_ESTATE if it exists but not from here. */
static int pick(const struct fz_case_type *type, const char *key,
		const char *state, const struct fz_case_transition **out,
		struct fz_err *err)
{
	const struct fz_case_transition *any = NULL;
	for (const struct fz_case_transition *t = type->transitions; t->key; t++) {
		if (strcmp(t->key, key))
			continue;
		any = t;
		if (!strcmp(t->from, state) || !strcmp(t->from, "*")) {
			*out = t;
			return 0;
		}
	}
	if (!any)
		return fz_err_set(err, FZ_EINVAL, "transition", "未知的办理环节「%s」",
				  key);
	if (is_final(type, state))
		return fz_err_set(err, FZ_ESTATE, "transition",
				  "案件已办结（%s），不能再「%s」",
				  state_name(type, state), any->name);
	return fz_err_set(err, FZ_ESTATE, "transition",
			  "案件当前处于「%s」，不能「%s」（应在「%s」时办理）",
			  state_name(type, state), any->name,
			  strcmp(any->from, "*") ? state_name(type, any->from)
						 : "未办结");
}

static int check_transition(struct fz_store *db, const struct fz_case_type *type,
			    const struct fz_case_actor *actor,
			    const struct crow *c,
			    const struct fz_case_transition *t,
			    const json_t *merged, struct fz_err *err)
{
	if (!role_ok(actor, t->roles))
		return fz_err_set(err, FZ_EFORBID, "transition",
				  "您的角色无权办理「%s」", t->name);
	if (is_final(type, c->state))
		return fz_err_set(err, FZ_ESTATE, "transition",
				  "案件已办结（%s），不能再「%s」",
				  state_name(type, c->state), t->name);
	for (const char *const *f = t->required; f && *f; f++)
		if (!has_value(merged, *f))
			return fz_err_set(err, FZ_EINVAL, *f,
					  "办理「%s」须先填写「%s」", t->name, *f);
	for (const char *const *f = t->blocked_by; f && *f; f++) {
		int open = fz_case_flag_open(db, c->id, *f, err);
		if (open < 0)
			return open;
		if (open) {
			char reason[160];
			flag_reason(db, c->id, *f, reason, sizeof(reason));
			return fz_err_set(err, FZ_ESTATE, "transition",
					  "案件有未处理的「%s」（%s），不能「%s」",
					  *f, reason, t->name);
		}
	}
	if (type->guard)
		return type->guard(type, t->key, merged, err);
	return 0;
}

static int save_case(struct fz_store *db, const struct fz_case_type *type,
		     const struct crow *c, const char *to, const json_t *facts,
		     struct fz_date on, struct fz_err *err)
{
	char d[FZ_DATE_STRLEN], at[FZ_ISO_LEN];
	char *text = dump(facts);
	int rc;
	if (!text)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	fz_date_format(on, d);
	fz_now_iso(at);
	rc = fz_store_run(db, err,
		"UPDATE cases SET state = ?, facts = ?, last_on = ?,"
		" closed_on = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?", "tttttII", to, text, d,
		is_final(type, to) ? d : NULL, at, c->id, c->version);
	free(text);
	if (!rc && fz_store_changes(db) != 1)
		rc = fz_err_set(err, FZ_ESTATE, NULL, "案件已被他人修改，请刷新后重试");
	return rc;
}

int fz_case_apply(struct fz_store *db, const struct fz_cal *cal,
		  const struct fz_case_type *type,
		  const struct fz_case_actor *actor, int64_t case_id,
		  const struct fz_case_act *act, struct fz_err *err)
{
	const struct fz_case_transition *t = NULL;
	struct fz_case_hook_ctx h;
	struct crow c = { 0 };
	struct fz_date on = today_or(act->on);
	json_t *merged = NULL, *data;
	int rc, own;
	char detail[256];

	if (!act->transition)
		return fz_err_set(err, FZ_EINVAL, "transition", "缺少办理环节");
	if (act->data && !json_is_object(act->data))
		return fz_err_set(err, FZ_EINVAL, "data", "环节数据应为 JSON 对象");
	/* our own copy: prepare hooks may complete it, the caller's stays */
	data = act->data ? json_deep_copy(act->data) : json_object();
	if (!data)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = fz_store_start(db, &own, err);
	if (rc) {
		json_decref(data);
		return rc;
	}
	rc = load(db, type, actor, case_id, &c, err);
	h = (struct fz_case_hook_ctx){ db, cal, type, actor, case_id, c.number,
				       act->transition, c.state, NULL, on, NULL,
				       data, act->note, 0, act->arg };
	/* an unknown key runs no hook: pick() below refuses it */
	if (!rc && fz_case_transition_find(type, act->transition))
		rc = prepare_step(&h, c.facts, err);
	if (!rc)
		rc = pick(type, act->transition, c.state, &t, err);
	if (!rc)
		rc = check_date(&c, on, err);
	if (!rc) {
		merged = json_deep_copy(c.facts);
		if (!merged)
			rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		else
			merge(merged, data);
	}
	if (!rc)
		rc = check_transition(db, type, actor, &c, t, merged, err);
	if (!rc) {
		h.to = t->to;
		h.facts = merged;
		rc = run_step_hooks(HOOK_BEFORE, &h, err);
	}
	if (!rc)
		rc = save_case(db, type, &c, t->to, merged, on, err);
	if (!rc) {
		struct event ev = { "transition", t->key, t->name, c.state,
				    t->to, act->note, on, data, NULL, 0 };
		rc = add_event(db, actor, case_id, &ev, err);
	}
	for (const char *const *f = t ? t->resolves : NULL; !rc && f && *f; f++)
		rc = resolve_flags(db, case_id, *f,
				   actor->login ? actor->login : "", t->name, err);
	if (!rc && json_object_size(data))
		rc = run_hook(db, type, case_id, merged, err);
	if (!rc)
		rc = store_deadlines(db, cal, type, case_id, merged, err);
	if (!rc) {
		snprintf(detail, sizeof(detail), "%s %s→%s", c.number, c.state,
			 t->to);
		rc = audit(db, actor, t->key, case_id, detail, err);
	}
	if (!rc)
		rc = run_step_hooks(HOOK_AFTER, &h, err);
	rc = fz_store_end(db, own, rc, err);
	json_decref(merged);
	json_decref(data);
	json_decref(c.facts);
	return rc;
}

/* One imported step: the checks and hooks of fz_case_apply without role,
 * blocking flags, facts hook or audit; c and facts follow the case along
 * (the case row is written once, after the last step). */
static int import_step(struct fz_store *db, const struct fz_cal *cal,
		       const struct fz_case_type *type,
		       const struct fz_case_actor *actor, struct crow *c,
		       json_t *facts, const struct fz_case_step *s,
		       struct fz_err *err)
{
	const struct fz_case_transition *t = NULL;
	struct fz_case_hook_ctx h;
	char d[FZ_DATE_STRLEN], from[sizeof(c->state)];
	json_t *data;
	int rc;

	if (!s->transition)
		return fz_err_set(err, FZ_EINVAL, "transition", "缺少办理环节");
	if (s->data && !json_is_object(s->data))
		return fz_err_set(err, FZ_EINVAL, "data", "环节数据应为 JSON 对象");
	data = s->data ? json_deep_copy(s->data) : json_object();
	if (!data)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	/* c->state moves on below; the hooks keep the state left */
	snprintf(from, sizeof(from), "%s", c->state);
	h = (struct fz_case_hook_ctx){ db, cal, type, actor, c->id, c->number,
				       s->transition, from, NULL, s->on, NULL,
				       data, s->note, 1, s->arg };
	rc = fz_case_transition_find(type, s->transition) ?
	     prepare_step(&h, facts, err) : 0;
	if (!rc)
		rc = pick(type, s->transition, c->state, &t, err);
	if (!rc)
		rc = check_date(c, s->on, err);
	if (rc)
		goto out;
	merge(facts, data);
	for (const char *const *f = t->required; f && *f; f++)
		if (!has_value(facts, *f)) {
			rc = fz_err_set(err, FZ_EINVAL, *f,
					"办理「%s」须先填写「%s」", t->name, *f);
			goto out;
		}
	if (type->guard && (rc = type->guard(type, t->key, facts, err)))
		goto out;
	h.to = t->to;
	h.facts = facts;
	if ((rc = run_step_hooks(HOOK_BEFORE, &h, err)))
		goto out;
	{
		struct event ev = { "transition", t->key, t->name, c->state,
				    t->to, s->note, s->on, data, NULL, 0 };
		rc = add_event(db, actor, c->id, &ev, err);
	}
	if (rc)
		goto out;
	snprintf(c->state, sizeof(c->state), "%s", t->to);
	snprintf(c->last_on, sizeof(c->last_on), "%s", fz_date_format(s->on, d));
	rc = run_step_hooks(HOOK_AFTER, &h, err);
out:
	json_decref(data);
	return rc;
}

int fz_case_import(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_type *type,
		   const struct fz_case_actor *actor,
		   const struct fz_case_new *nc,
		   const struct fz_case_step *steps, size_t nsteps,
		   int64_t *id, char *number, struct fz_err *err)
{
	struct crow c = { 0 };
	char num[FZ_CASE_NUMBER_LEN] = "", on[FZ_DATE_STRLEN], at[FZ_ISO_LEN];
	char *text;
	int rc = 0;

	if (!actor->system)
		return fz_err_set(err, FZ_EFORBID, NULL, "只有系统导入可以补录案件");
	if (!fz_store_in_tx(db))
		return fz_err_set(err, FZ_ESTATE, NULL, "内部错误：补录案件须在事务内进行");
	if (!nc->unit_path || nc->unit_path[0] != '/')
		return fz_err_set(err, FZ_EINVAL, "unit_id", "案件所属单位无效");
	if (!nc->title || !nc->title[0] || fz_utf8_chars(nc->title) > 200)
		return fz_err_set(err, FZ_EINVAL, "title", "案件名称应为 1–200 个字");
	if (type->number_format && (!nc->prefix || !nc->prefix[0] ||
				    strlen(nc->prefix) > 48))
		return fz_err_set(err, FZ_EINVAL, "prefix", "缺少案号前缀");
	if (!fz_date_valid(nc->opened) ||
	    fz_date_cmp(nc->opened, fz_date_today_cn()) > 0)
		return fz_err_set(err, FZ_EINVAL, "opened", "日期无效或晚于今天");
	if (nc->facts && !json_is_object(nc->facts))
		return fz_err_set(err, FZ_EINVAL, "facts", "案件事实应为 JSON 对象");
	c.facts = nc->facts ? json_deep_copy(nc->facts) : json_object();
	if (!c.facts)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	if (type->number_format)
		rc = next_number(db, type, nc->prefix, nc->opened.y, num,
				 sizeof(num), err);
	fz_date_format(nc->opened, on);
	fz_now_iso(at);
	if (!rc)
		rc = fz_store_run(db, err,
			"INSERT INTO cases (type, number, state, unit_id, unit_path,"
			" title, facts, opened_on, last_on, created_at, updated_at,"
			" version) VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, 1)",
			"tttItttttt", type->key, num[0] ? num : NULL,
			type->states[0].key, nc->unit_id, nc->unit_path,
			nc->title, on, on, at, at);
	if (!rc) {
		struct event ev = { "create", "create", type->name, "",
				    type->states[0].key, nc->note, nc->opened,
				    nc->facts, NULL, 0 };
		c.id = *id = fz_store_last_id(db);
		snprintf(c.number, sizeof(c.number), "%s", num);
		snprintf(c.state, sizeof(c.state), "%s", type->states[0].key);
		snprintf(c.last_on, sizeof(c.last_on), "%s", on);
		rc = add_event(db, actor, c.id, &ev, err);
	}
	/* the domain's row first: the steps' after hooks update it */
	if (!rc && nc->created)
		rc = nc->created(db, c.id, num, nc->arg, err);
	for (size_t i = 0; !rc && i < nsteps; i++)
		rc = import_step(db, cal, type, actor, &c, c.facts, &steps[i], err);
	text = rc ? NULL : dump(c.facts);
	if (!rc && !text)
		rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	if (!rc)
		rc = fz_store_run(db, err,
			"UPDATE cases SET state = ?, facts = ?, last_on = ?,"
			" closed_on = ? WHERE id = ?", "ttttI", c.state, text,
			c.last_on, is_final(type, c.state) ? c.last_on : NULL,
			c.id);
	free(text);
	if (!rc)
		rc = run_hook(db, type, c.id, c.facts, err);
	if (!rc)
		rc = store_deadlines(db, cal, type, c.id, c.facts, err);
	if (!rc && number)
		snprintf(number, FZ_CASE_NUMBER_LEN, "%s", num);
	json_decref(c.facts);
	return rc;
}

int fz_case_set_facts(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_case_type *type,
		      const struct fz_case_actor *actor, int64_t case_id,
		      const json_t *patch, struct fz_err *err)
{
	struct crow c = { 0 };
	json_t *merged = NULL;
	int rc, own;

	if (!json_is_object(patch))
		return fz_err_set(err, FZ_EINVAL, "facts", "案件事实应为 JSON 对象");
	if (!role_ok(actor, type->facts_roles))
		return fz_err_set(err, FZ_EFORBID, "facts", "您的角色无权修改案件事实");
	rc = fz_store_start(db, &own, err);
	if (rc)
		return rc;
	rc = load(db, type, actor, case_id, &c, err);
	if (!rc && is_final(type, c.state))
		rc = fz_err_set(err, FZ_ESTATE, "facts", "案件已办结，事实不能再修改");
	if (!rc) {
		struct fz_date on;
		merged = json_deep_copy(c.facts);
		merge(merged, patch);
		fz_date_parse(&on, c.last_on, NULL);
		rc = save_case(db, type, &c, c.state, merged, on, err);
	}
	if (!rc) {
		struct event ev = { "facts", "facts", "更新案件事实", c.state,
				    c.state, NULL, fz_date_today_cn(), patch,
				    NULL, 0 };
		rc = add_event(db, actor, case_id, &ev, err);
	}
	if (!rc)
		rc = run_hook(db, type, case_id, merged, err);
	if (!rc)
		rc = store_deadlines(db, cal, type, case_id, merged, err);
	if (!rc)
		rc = audit(db, actor, "facts", case_id, c.number, err);
	rc = fz_store_end(db, own, rc, err);
	json_decref(merged);
	json_decref(c.facts);
	return rc;
}

int fz_case_extend(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_type *type,
		   const struct fz_case_actor *actor, int64_t case_id,
		   const char *deadline, int n, const char *reason,
		   const char *approver, struct fz_date approved_on,
		   struct fz_err *err)
{
	const struct fz_case_deadline *d = NULL;
	struct crow c = { 0 };
	char status[16] = "", ad[FZ_DATE_STRLEN], detail[256];
	int64_t ext = 0;
	int rc, own;

	for (const struct fz_case_deadline *x = type->deadlines; x && x->key; x++)
		if (!strcmp(x->key, deadline))
			d = x;
	if (!d)
		return fz_err_set(err, FZ_EINVAL, "deadline", "未知的期限「%s」",
				  deadline);
	if (!role_ok(actor, d->ext_roles))
		return fz_err_set(err, FZ_EFORBID, "deadline", "您的角色无权延长「%s」",
				  d->name);
	if (d->max_ext <= 0)
		return fz_err_set(err, FZ_EINVAL, "deadline", "「%s」依法不能延长",
				  d->name);
	if (n < 1)
		return fz_err_set(err, FZ_EINVAL, "days", "延长期限应至少为 1");
	if (!reason || !reason[0])
		return fz_err_set(err, FZ_EINVAL, "reason", "延长期限须写明理由");
	if (!approver || !approver[0])
		return fz_err_set(err, FZ_EINVAL, "approver", "延长期限须写明批准人");
	if (!fz_date_valid(approved_on) ||
	    fz_date_cmp(approved_on, fz_date_today_cn()) > 0)
		return fz_err_set(err, FZ_EINVAL, "approved_on", "批准日期无效或晚于今天");
	rc = fz_store_start(db, &own, err);
	if (rc)
		return rc;
	rc = load(db, type, actor, case_id, &c, err);
	if (!rc) {
		struct fz_stmt *st;
		rc = fz_store_query(db, &st, err,
			"SELECT status, ext FROM case_deadlines WHERE case_id = ?"
			" AND key = ?", "It", case_id, deadline);
		if (!rc) {
			if (fz_stmt_step(st, err) == 1) {
				snprintf(status, sizeof(status), "%s",
					 fz_stmt_text(st, 0));
				ext = fz_stmt_int(st, 1);
			}
			fz_stmt_finish(st);
		}
	}
	if (!rc && strcmp(status, "running") && strcmp(status, "paused"))
		rc = fz_err_set(err, FZ_ESTATE, "deadline", "「%s」未在计算中，不能延长",
				d->name);
	if (!rc && ext + n > d->max_ext)
		rc = fz_err_set(err, FZ_EINVAL, "days",
				"「%s」最多延长 %d%s（已延长 %" PRId64 "）", d->name,
				d->max_ext,
				d->unit == FZ_CASE_WORKDAYS ? "个工作日"
				: d->unit == FZ_CASE_MONTHS ? "个月" : "日", ext);
	if (!rc) {
		json_t *data = json_pack("{s:s,s:s,s:s,s:i}", "reason", reason,
					 "approver", approver, "approved_on",
					 fz_date_format(approved_on, ad), "n", n);
		struct event ev = { "extend", deadline, d->name, c.state,
				    c.state, reason, approved_on, data,
				    deadline, n };
		/* the extension is dated by its approval, which cannot be
		 * before the case's last step */
		rc = check_date(&c, approved_on, err);
		if (!rc)
			rc = add_event(db, actor, case_id, &ev, err);
		json_decref(data);
	}
	if (!rc)
		rc = store_deadlines(db, cal, type, case_id, c.facts, err);
	if (!rc) {
		snprintf(detail, sizeof(detail), "%s %s +%d", c.number,
			 deadline, n);
		rc = audit(db, actor, "extend", case_id, detail, err);
	}
	rc = fz_store_end(db, own, rc, err);
	json_decref(c.facts);
	return rc;
}

int fz_case_flag_resolve(struct fz_store *db, const struct fz_case_type *type,
			 const struct fz_case_actor *actor, int64_t case_id,
			 const char *name, const char *resolution,
			 struct fz_err *err)
{
	struct crow c = { 0 };
	int rc, own, open;

	if (!role_ok(actor, type->flag_roles))
		return fz_err_set(err, FZ_EFORBID, "flag", "您的角色无权处理「%s」", name);
	if (!resolution || !resolution[0])
		return fz_err_set(err, FZ_EINVAL, "resolution", "处理「%s」须写明理由",
				  name);
	rc = fz_store_start(db, &own, err);
	if (rc)
		return rc;
	rc = load(db, type, actor, case_id, &c, err);
	if (!rc) {
		open = fz_case_flag_open(db, case_id, name, err);
		if (open < 0)
			rc = open;
		else if (!open)
			rc = fz_err_set(err, FZ_ESTATE, "flag", "案件没有未处理的「%s」",
					name);
	}
	if (!rc)
		rc = resolve_flags(db, case_id, name,
				   actor->login ? actor->login : "", resolution, err);
	if (!rc) {
		struct fz_date on;
		struct event ev = { "flag.resolve", name, name, c.state, c.state,
				    resolution, fz_date_today_cn(), NULL, NULL, 0 };
		if (!fz_date_parse(&on, c.last_on, NULL) &&
		    fz_date_cmp(on, ev.on) > 0)
			ev.on = on;
		rc = add_event(db, actor, case_id, &ev, err);
	}
	if (!rc)
		rc = audit(db, actor, "flag.resolve", case_id, name, err);
	rc = fz_store_end(db, own, rc, err);
	json_decref(c.facts);
	return rc;
}

/* --- reading --- */

int fz_case_deadlines(struct fz_store *db, const struct fz_case_type *type,
		      int64_t case_id, struct fz_date today,
		      struct fz_case_deadline_view *out, size_t max,
		      size_t *n, struct fz_err *err)
{
	struct fz_stmt *st;
	char td[FZ_DATE_STRLEN];
	int rc;

	*n = 0;
	fz_date_format(today_or(today), td);
	rc = fz_store_query(db, &st, err,
		"SELECT d.key, d.status, d.start_on, COALESCE(d.due, ''), d.ext,"
		" d.paused, " LIGHT_SQL ", d.provisional FROM case_deadlines d"
		" WHERE d.case_id = ? ORDER BY d.start_on, d.key", "tttI", td, td, td,
		case_id);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		struct fz_case_deadline_view *v;
		if (*n >= max) {
			(*n)++;
			continue;
		}
		v = &out[(*n)++];
		snprintf(v->key, sizeof(v->key), "%s", fz_stmt_text(st, 0));
		snprintf(v->status, sizeof(v->status), "%s", fz_stmt_text(st, 1));
		snprintf(v->start, sizeof(v->start), "%s", fz_stmt_text(st, 2));
		snprintf(v->due, sizeof(v->due), "%s", fz_stmt_text(st, 3));
		v->ext = (int)fz_stmt_int(st, 4);
		v->paused = (int)fz_stmt_int(st, 5);
		v->provisional = v->due[0] && fz_stmt_int(st, 7);
		v->light = FZ_CASE_LIGHT_NONE;
		if (!strcmp(v->status, "running") || !strcmp(v->status, "paused"))
			v->light = (enum fz_case_light)fz_stmt_int(st, 6);
		v->spec = NULL;
		for (const struct fz_case_deadline *d = type ? type->deadlines : NULL;
		     d && d->key; d++)
			if (!strcmp(d->key, v->key))
				v->spec = d;
	}
	fz_stmt_finish(st);
	if (*n > max)
		*n = max;
	return rc < 0 ? rc : 0;
}

int fz_case_light(struct fz_store *db, int64_t case_id, struct fz_date today,
		  enum fz_case_light *light, struct fz_err *err)
{
	char td[FZ_DATE_STRLEN];
	int64_t v = 0;
	int rc;
	fz_date_format(today_or(today), td);
	rc = fz_store_int(db, &v, err,
		"SELECT COALESCE(MAX(" LIGHT_SQL "), 0) FROM case_deadlines d"
		" WHERE d.case_id = ? AND d.status IN ('running', 'paused')",
		"tttI", td, td, td, case_id);
	if (rc < 0)
		return rc;
	*light = (enum fz_case_light)v;
	return 0;
}

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static int events_json(struct fz_store *db, int64_t id, json_t *arr,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	json_error_t je;
	int rc = fz_store_query(db, &st, err,
		"SELECT kind, name, label, from_state, to_state, on_date, at,"
		" actor, note, data FROM case_events WHERE case_id = ? ORDER BY id",
		"I", id);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		json_t *data = json_loads(fz_stmt_text(st, 9), 0, &je);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}",
			"kind", fz_stmt_text(st, 0), "name", fz_stmt_text(st, 1),
			"label", fz_stmt_text(st, 2), "from", fz_stmt_text(st, 3),
			"to", fz_stmt_text(st, 4), "on", fz_stmt_text(st, 5),
			"at", fz_stmt_text(st, 6), "actor", fz_stmt_text(st, 7),
			"note", fz_stmt_text(st, 8),
			"data", data ? data : json_object()));
	}
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

static int flags_json(struct fz_store *db, int64_t id, json_t *arr,
		      struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err,
		"SELECT name, key, reason, source, raised_at, resolved_at,"
		" resolved_by, resolution FROM case_flags WHERE case_id = ?"
		" ORDER BY id", "I", id);
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b}",
			"name", fz_stmt_text(st, 0), "key", fz_stmt_text(st, 1),
			"reason", fz_stmt_text(st, 2), "source", fz_stmt_text(st, 3),
			"raised_at", fz_stmt_text(st, 4),
			"resolved_at", str_or_null(fz_stmt_text(st, 5)),
			"resolved_by", str_or_null(fz_stmt_text(st, 6)),
			"resolution", str_or_null(fz_stmt_text(st, 7)),
			"open", fz_stmt_is_null(st, 5)));
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* Why a due date is 暂定 (core/cal.h, provisional years), or null. */
/* The deadline's citation as people read it (core/cite); the table keeps
 * the machine form. */
static json_t *cite_json(const struct fz_case_deadline_view *v)
{
	char *t = fz_cite_dup(v->spec ? v->spec->cite : NULL);
	json_t *j = json_string(t ? t : "");

	free(t);
	return j;
}

static json_t *provisional_reason(const struct fz_case_deadline_view *v)
{
	char buf[160];

	if (!v->provisional)
		return json_null();
	snprintf(buf, sizeof(buf), "暂定（%.4s年放假调休安排公布前，"
		 "按法定节假日和周末计算）", v->due);
	return json_string(buf);
}

int fz_case_get_json(struct fz_store *db, const struct fz_case_type *type,
		     const struct fz_case_actor *actor, int64_t case_id,
		     struct fz_date today, json_t **out, struct fz_err *err)
{
	struct fz_case_deadline_view dl[32];
	struct fz_stmt *st;
	struct crow c = { 0 };
	enum fz_case_light light;
	json_t *o, *arr;
	size_t n;
	int rc;

	*out = NULL;
	rc = load(db, type, actor, case_id, &c, err);
	if (rc)
		return rc;
	rc = fz_store_query(db, &st, err,
		"SELECT title, unit_id, opened_on, COALESCE(closed_on, ''),"
		" COALESCE(number, '') FROM cases WHERE id = ?", "I", case_id);
	if (rc || (rc = fz_stmt_step(st, err)) != 1) {
		if (!rc)
			fz_stmt_finish(st);
		json_decref(c.facts);
		return rc < 0 ? rc : fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	}
	o = json_pack("{s:I,s:s,s:s,s:o,s:s,s:s,s:s,s:I,s:s,s:s,s:o,s:o}",
		"id", (json_int_t)case_id, "type", type->key,
		"type_name", type->name,
		"number", str_or_null(fz_stmt_text(st, 4)),
		"state", c.state, "state_name", state_name(type, c.state),
		"title", fz_stmt_text(st, 0),
		"unit_id", (json_int_t)fz_stmt_int(st, 1),
		"unit_path", c.unit_path, "opened_on", fz_stmt_text(st, 2),
		"closed_on", str_or_null(fz_stmt_text(st, 3)),
		"facts", c.facts);
	fz_stmt_finish(st);
	if (!o)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = fz_case_light(db, case_id, today, &light, err);
	json_object_set_new(o, "light", json_string(fz_case_light_key(light)));
	if (!rc)
		rc = fz_case_deadlines(db, type, case_id, today, dl, 32, &n, err);
	arr = json_array();
	for (size_t i = 0; !rc && i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:s,s:o,s:i,s:i,s:s,s:b,s:o}",
			"key", dl[i].key,
			"name", dl[i].spec ? dl[i].spec->name : dl[i].key,
			"cite", cite_json(&dl[i]),
			"status", dl[i].status, "due", str_or_null(dl[i].due),
			"ext", dl[i].ext, "paused", dl[i].paused,
			"light", fz_case_light_key(dl[i].light),
			"provisional", dl[i].provisional,
			"provisional_reason", provisional_reason(&dl[i])));
	json_object_set_new(o, "deadlines", arr);
	arr = json_array();
	if (!rc)
		rc = flags_json(db, case_id, arr, err);
	json_object_set_new(o, "flags", arr);
	arr = json_array();
	if (!rc)
		rc = events_json(db, case_id, arr, err);
	json_object_set_new(o, "events", arr);
	arr = json_array();
	for (const struct fz_case_transition *t = type->transitions;
	     !rc && t->key; t++)
		if ((!strcmp(t->from, c.state) ||
		     (!strcmp(t->from, "*") && !is_final(type, c.state))) &&
		    role_ok(actor, t->roles))
			json_array_append_new(arr, json_pack("{s:s,s:s,s:s}",
				"key", t->key, "name", t->name,
				"to", state_name(type, t->to)));
	json_object_set_new(o, "actions", arr);
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* --- lists --- */

/* The statement a list runs, built up as SQL text and its parameters. */
struct lq {
	struct fz_buf sql;
	struct { const char *t; int64_t i; int is_int; } b[32];
	int n;
	char td[FZ_DATE_STRLEN], from[FZ_DATE_STRLEN], to[FZ_DATE_STRLEN];
	char lo[256], hi[256];  /* the scope as a range of unit paths */
	int stored_light;       /* c.light holds the light for td */
	int by_date;            /* ordered by opened_on (a date filter) */
};

static void lq_text(struct lq *l, const char *t)
{
	if (l->n < 32)
		l->b[l->n++].t = t, l->b[l->n - 1].is_int = 0;
}

static void lq_int(struct lq *l, int64_t v)
{
	if (l->n < 32)
		l->b[l->n].i = v, l->b[l->n].is_int = 1, l->n++;
}

static void lq_bind(struct lq *l, struct fz_stmt *st)
{
	for (int i = 0; i < l->n; i++) {
		if (l->b[i].is_int)
			fz_stmt_bind_int(st, i + 1, l->b[i].i);
		else
			fz_stmt_bind_text(st, i + 1, l->b[i].t);
	}
}

/* The light column: stored when it holds today's, else computed from the
 * thresholds (a query for another day, or before the daily refresh). */
static void lq_light(struct lq *l)
{
	if (l->stored_light) {
		fz_buf_adds(&l->sql, "c.light");
		return;
	}
	fz_buf_adds(&l->sql, "(" CASE_LIGHT_SQL ")");
	for (int i = 0; i < 3; i++)
		lq_text(l, l->td);
}

/* The WHERE clause of q.  walk = 1 keeps SQLite off the filter indexes
 * ("+c.x" is not indexable), so it walks the cases in the list's order
 * and stops at the page's end; used when matches are many. */
static void lq_where(struct lq *l, const struct fz_case_query *q, int walk)
{
	const char *p = walk ? "+c." : "c.";
	struct fz_buf *b = &l->sql;

	fz_buf_adds(b, " WHERE 1 = 1");
	if (q->types[0]) {
		/* a walk rides an index that keeps the list's order: (type,
		 * opened_on) in date order; (type), whose entries are in id
		 * order, for one type (cases of one kind may sit in a long run
		 * of ids among other domains' cases); the table itself for
		 * several types, whose index could not keep the order */
		int one = !q->types[1];
		fz_buf_addf(b, " AND %stype IN (", l->by_date || one ? "c." : p);
		for (int i = 0; i < FZ_CASE_LIST_TYPES && q->types[i]; i++) {
			fz_buf_adds(b, i ? ", ?" : "?");
			lq_text(l, q->types[i]);
		}
		fz_buf_adds(b, ")");
	}
	if (q->state && q->state[0]) {
		fz_buf_addf(b, " AND %sstate = ?", p);
		lq_text(l, q->state);
	}
	if (l->lo[0]) {
		/* a prefix as a range, so the (type, unit_path) index serves it */
		fz_buf_addf(b, " AND %sunit_path >= ? AND %sunit_path < ?", p, p);
		lq_text(l, l->lo);
		lq_text(l, l->hi);
	}
	if (q->from.y) {
		fz_buf_addf(b, " AND %sopened_on >= ?", l->by_date && walk ? "c." : p);
		lq_text(l, fz_date_format(q->from, l->from));
	}
	if (q->to.y) {
		fz_buf_addf(b, " AND %sopened_on <= ?", l->by_date && walk ? "c." : p);
		lq_text(l, fz_date_format(q->to, l->to));
	}
	if (q->open_only)
		fz_buf_addf(b, " AND %sclosed_on IS NULL", p);
	if (q->q && q->q[0]) {
		/* instr, not LIKE: the words are matched as typed, % and _
		 * included */
		fz_buf_adds(b, " AND (c.number = ? OR instr(c.title, ?) > 0"
			    " OR instr(c.number, ?) > 0)");
		lq_text(l, q->q);
		lq_text(l, q->q);
		lq_text(l, q->q);
	}
	if (q->light >= 0) {
		if (l->stored_light) {
			fz_buf_addf(b, " AND %slight = ?", p);
		} else {
			fz_buf_adds(b, " AND (" CASE_LIGHT_SQL ") = ?");
			for (int i = 0; i < 3; i++)
				lq_text(l, l->td);
		}
		lq_int(l, q->light);
	}
	for (int i = 0; i < FZ_CASE_LIST_WHERE && q->where[i]; i++) {
		fz_buf_addf(b, " AND (%s)", q->where[i]);
		lq_text(l, q->args[i] ? q->args[i] : "");
	}
	if (q->after > 0 && !l->by_date) {
		fz_buf_adds(b, " AND c.id < ?");
		lq_int(l, q->after);
	}
}

/* Bring every stored light up to today: the cases whose yellow, red or
 * due date was crossed since the last refresh (all running cases the
 * first time).  Runs in its own write transaction, or the caller's. */
static int light_day(struct fz_store *db, char last[FZ_DATE_STRLEN],
		     struct fz_err *err)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, err, "SELECT day FROM case_light_day", "");

	last[0] = '\0';
	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1)
		snprintf(last, FZ_DATE_STRLEN, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* Bring every stored light up to today: the cases whose yellow, red or
 * due date was crossed since the last refresh (all running cases the
 * first time).  Runs in its own write transaction, or the caller's; the
 * day is read again under the write lock, so of several workers that
 * start the first list of a day together one does the work. */
static int refresh_lights(struct fz_store *db, const char *td,
			  struct fz_err *err)
{
	char last[FZ_DATE_STRLEN];
	int own = 0, rc = light_day(db, last, err);

	if (rc || !strcmp(last, td))
		return rc;
	if ((rc = fz_store_start(db, &own, err)))
		return rc;
	rc = light_day(db, last, err);
	if (!rc && !strcmp(last, td))
		return fz_store_end(db, own, 0, err);
	if (!rc && !last[0])
		rc = fz_store_run(db, err, "UPDATE cases AS c SET light = "
			CASE_LIGHT_SQL " WHERE c.dl_base = 3", "ttt", td, td, td);
	else if (!rc)
		rc = fz_store_run(db, err, "UPDATE cases AS c SET light = "
			CASE_LIGHT_SQL " WHERE c.dl_base = 3 AND ("
			" (c.dl_yellow > ?4 AND c.dl_yellow <= ?1) OR"
			" (c.dl_red > ?4 AND c.dl_red <= ?1) OR"
			" (c.dl_due >= ?4 AND c.dl_due < ?1) OR"
			" (?4 > ?1 AND c.dl_yellow IS NOT NULL))",
			"tttt", td, td, td, last);
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO case_light_day (id, day)"
			" VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET day = excluded.day",
			"t", td);
	return fz_store_end(db, own, rc, err);
}

static int lq_setup(struct fz_store *db, const struct fz_case_query *q,
		    struct lq *l, struct fz_err *err)
{
	struct fz_date today = fz_date_today_cn();
	int rc;

	memset(l, 0, sizeof(*l));
	if (q->per_page > FZ_CASE_LIST_MAX || q->per_page < 0)
		return fz_err_set(err, FZ_EINVAL, "per_page", "每页最多 %d 条",
				  FZ_CASE_LIST_MAX);
	if (q->light > FZ_CASE_LIGHT_OVERDUE || q->light < -1)
		return fz_err_set(err, FZ_EINVAL, "light", "信号灯取值无效");
	fz_date_format(today_or(q->today), l->td);
	if (!q->today.y || !fz_date_cmp(q->today, today)) {
		if ((rc = refresh_lights(db, l->td, err)))
			return rc;
		l->stored_light = 1;
	}
	if (q->scope && q->scope[0] && strcmp(q->scope, "/")) {
		size_t n = strlen(q->scope);
		if (n >= sizeof(l->lo))
			return fz_err_set(err, FZ_EINVAL, "unit", "单位路径过长");
		memcpy(l->lo, q->scope, n + 1);
		memcpy(l->hi, q->scope, n + 1);
		l->hi[n - 1]++; /* "/1/4/" .. "/1/40": every path below */
	}
	l->by_date = q->from.y || q->to.y;
	return 0;
}

/* How many cases match, counted up to FZ_CASE_COUNT_CAP + 1. */
static int list_count(struct fz_store *db, const struct fz_case_query *q,
		      struct lq *l, int64_t *n, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc;

	fz_buf_adds(&l->sql, "SELECT COUNT(*) FROM (SELECT 1 FROM cases c");
	if (q->join && q->where[0])
		fz_buf_adds(&l->sql, q->join->sql);
	lq_where(l, q, 0);
	fz_buf_addf(&l->sql, " LIMIT %d)", FZ_CASE_COUNT_CAP + 1);
	rc = l->sql.err ? fz_err_set(err, l->sql.err, NULL, NULL)
			: fz_stmt_prepare(db, &st, l->sql.data, err);
	if (rc)
		return rc;
	lq_bind(l, st);
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		*n = fz_stmt_int(st, 0), rc = 0;
	fz_stmt_finish(st);
	return rc;
}

/* The engine's columns of a list row (list_row reads them). */
static void list_select_cols(struct lq *l)
{
	fz_buf_adds(&l->sql, "SELECT c.id, c.type, COALESCE(c.number, ''),"
		" c.state, c.title, c.unit_id, c.unit_path, c.opened_on,"
		" COALESCE(c.closed_on, ''), ");
	lq_light(l);
	fz_buf_adds(&l->sql, ", COALESCE(c.dl_due, ''), c.open_flags");
}

static void list_select(const struct fz_case_query *q, struct lq *l,
			int walk, int per, int64_t offset)
{
	list_select_cols(l);
	for (const struct fz_case_column *col = q->join ? q->join->columns : NULL;
	     col && col->expr; col++)
		fz_buf_addf(&l->sql, ", %s", col->expr);
	fz_buf_adds(&l->sql, " FROM cases c");
	if (q->join)
		fz_buf_adds(&l->sql, q->join->sql);
	lq_where(l, q, walk);
	fz_buf_adds(&l->sql, l->by_date ? " ORDER BY c.opened_on DESC, c.id DESC"
					: " ORDER BY c.id DESC");
	fz_buf_adds(&l->sql, " LIMIT ? OFFSET ?");
	lq_int(l, per);
	lq_int(l, offset);
}

static json_t *list_row(struct fz_stmt *st, const struct fz_case_query *q)
{
	json_t *o = json_pack("{s:I,s:s,s:o,s:s,s:s,s:I,s:s,s:s,s:o,s:s,s:o,s:I}",
		"id", (json_int_t)fz_stmt_int(st, 0), "type", fz_stmt_text(st, 1),
		"number", str_or_null(fz_stmt_text(st, 2)),
		"state", fz_stmt_text(st, 3), "title", fz_stmt_text(st, 4),
		"unit_id", (json_int_t)fz_stmt_int(st, 5),
		"unit_path", fz_stmt_text(st, 6), "opened_on", fz_stmt_text(st, 7),
		"closed_on", str_or_null(fz_stmt_text(st, 8)),
		"light", fz_case_light_key((enum fz_case_light)fz_stmt_int(st, 9)),
		"next_due", str_or_null(fz_stmt_text(st, 10)),
		"open_flags", (json_int_t)fz_stmt_int(st, 11));
	int i = 12;

	for (const struct fz_case_column *col = q->join ? q->join->columns : NULL;
	     o && col && col->expr; col++, i++) {
		json_t *v = col->kind == 'i' || col->kind == 'u' ?
			    json_integer(fz_stmt_int(st, i)) :
			    col->kind == 'n' && fz_stmt_is_null(st, i) ? json_null() :
			    json_string(fz_stmt_text(st, i));
		json_object_set_new(o, col->name, v);
	}
	return o;
}

/* Does q narrow the cases of its types? */
static int filtered(const struct fz_case_query *q, const struct lq *l)
{
	return (q->state && q->state[0]) || (q->q && q->q[0]) || l->lo[0] ||
	       q->light >= 0 ||
	       q->from.y || q->to.y || q->open_only || q->where[0];
}

int fz_case_list(struct fz_store *db, const struct fz_case_query *q,
		 struct fz_case_page *out, struct fz_err *err)
{
	struct lq l;
	struct fz_stmt *st;
	int per = q->per_page > 0 ? q->per_page : 20;
	int64_t page = q->page > 0 ? q->page : 1, n = 0, last = 0;
	int rc, walk;

	memset(out, 0, sizeof(*out));
	if ((rc = lq_setup(db, q, &l, err)))
		return rc;
	if (q->after > 0 && l.by_date)
		return fz_err_set(err, FZ_EINVAL, "after", "按日期筛选时请按页码翻页");
	rc = list_count(db, q, &l, &n, err);
	fz_buf_release(&l.sql);
	if (rc)
		return rc;
	out->exact = n <= FZ_CASE_COUNT_CAP;
	out->total = n;
	/* many matches, or no filter beyond the types (every case matches):
	 * walk in order and stop at the page's end; few: read them through
	 * the filter's index and sort them.  Sorting costs a row fetch per
	 * match, walking about per_page x cases / matches row visits: past a
	 * couple of thousand matches the walk is the cheaper (measured at a
	 * million cases, docs/engines.md) */
	walk = !out->exact || (q->walk_min >= 0 &&
		(n > (q->walk_min ? q->walk_min : FZ_CASE_WALK_MIN) ||
		 !filtered(q, &l)));
	l.n = 0;
	list_select(q, &l, walk, per, q->after > 0 ? 0 : (page - 1) * per);
	rc = l.sql.err ? fz_err_set(err, l.sql.err, NULL, NULL)
		       : fz_stmt_prepare(db, &st, l.sql.data, err);
	fz_buf_release(&l.sql);
	if (rc)
		return rc;
	lq_bind(&l, st);
	out->items = json_array();
	while ((rc = fz_stmt_step(st, err)) == 1) {
		last = fz_stmt_int(st, 0);
		json_array_append_new(out->items, list_row(st, q));
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(out->items);
		out->items = NULL;
		return rc;
	}
	if (!l.by_date && json_array_size(out->items) == (size_t)per)
		out->next = last;
	return 0;
}

int fz_case_list_explain(struct fz_store *db, const struct fz_case_query *q,
			 struct fz_buf *out, struct fz_err *err)
{
	struct lq l;
	struct fz_stmt *st;
	int rc;

	if ((rc = lq_setup(db, q, &l, err)))
		return rc;
	for (int walk = -1; walk <= 1 && !rc; walk++) {
		struct fz_buf eb = FZ_BUF_INIT;
		l.n = 0;
		fz_buf_release(&l.sql);
		if (walk < 0) {
			fz_buf_adds(&l.sql, "SELECT COUNT(*) FROM (SELECT 1 FROM cases c");
			if (q->join && q->where[0])
				fz_buf_adds(&l.sql, q->join->sql);
			lq_where(&l, q, 0);
			fz_buf_addf(&l.sql, " LIMIT %d)", FZ_CASE_COUNT_CAP + 1);
		} else {
			list_select(q, &l, walk, 20, 0);
		}
		fz_buf_addf(out, "-- %s\n", walk < 0 ? "count" : walk ? "walk" : "index");
		fz_buf_adds(&eb, "EXPLAIN QUERY PLAN ");
		fz_buf_add(&eb, l.sql.data, l.sql.len);
		rc = eb.err ? fz_err_set(err, eb.err, NULL, NULL)
			    : fz_stmt_prepare(db, &st, eb.data, err);
		fz_buf_release(&eb);
		if (rc)
			break;
		lq_bind(&l, st);
		while ((rc = fz_stmt_step(st, err)) == 1)
			fz_buf_addf(out, "%s\n", fz_stmt_text(st, 3));
		fz_stmt_finish(st);
		rc = rc < 0 ? rc : 0;
	}
	fz_buf_release(&l.sql);
	return rc;
}

/* --- 待办 --- */

/* The open cases of q that need someone: a light of yellow or worse, a
 * period due within FZ_CASE_TODO_DAYS, or an open flag. */
static void todo_where(struct lq *l, const struct fz_case_query *q,
		       const char *week)
{
	struct fz_case_query open = *q;

	open.open_only = 1;
	open.light = -1;
	open.state = NULL;
	open.from.y = open.to.y = 0;
	open.after = 0;
	lq_where(l, &open, 0);
	fz_buf_adds(&l->sql, " AND (");
	lq_light(l);
	fz_buf_adds(&l->sql, " >= 4 OR c.dl_due <= ? OR c.open_flags > 0)");
	lq_text(l, week);
}

static int todo_counts(struct fz_store *db, const struct fz_case_query *q,
		       const char *week, struct fz_case_todo *out,
		       struct fz_err *err)
{
	struct fz_stmt *st;
	struct lq l;
	int rc = lq_setup(db, q, &l, err);

	if (rc)
		return rc;
	fz_buf_adds(&l.sql, "SELECT COALESCE(SUM(x.light = 6), 0),"
		" COALESCE(SUM(x.light = 5), 0), COALESCE(SUM(x.light = 4), 0),"
		" COALESCE(SUM(x.due = ?), 0), COALESCE(SUM(x.due >= ? AND x.due <= ?), 0),"
		" COALESCE(SUM(x.flags > 0), 0), COUNT(*) FROM (SELECT ");
	lq_text(&l, l.td);
	lq_text(&l, l.td);
	lq_text(&l, week);
	lq_light(&l);
	fz_buf_adds(&l.sql, " AS light, c.dl_due AS due, c.open_flags AS flags"
		    " FROM cases c");
	todo_where(&l, q, week);
	fz_buf_adds(&l.sql, ") x");
	rc = l.sql.err ? fz_err_set(err, l.sql.err, NULL, NULL)
		       : fz_stmt_prepare(db, &st, l.sql.data, err);
	if (!rc) {
		lq_bind(&l, st);
		if ((rc = fz_stmt_step(st, err)) == 1) {
			out->overdue = fz_stmt_int(st, 0);
			out->red = fz_stmt_int(st, 1);
			out->yellow = fz_stmt_int(st, 2);
			out->due_today = fz_stmt_int(st, 3);
			out->due_week = fz_stmt_int(st, 4);
			out->flagged = fz_stmt_int(st, 5);
			out->total = fz_stmt_int(st, 6);
			rc = 0;
		}
		fz_stmt_finish(st);
	}
	fz_buf_release(&l.sql);
	return rc < 0 ? rc : 0;
}

static int todo_items(struct fz_store *db, const struct fz_case_query *q,
		      const char *week, int limit, json_t *items,
		      struct fz_err *err)
{
	struct fz_case_query plain = *q;
	struct fz_stmt *st;
	struct lq l;
	int rc = lq_setup(db, q, &l, err);

	if (rc)
		return rc;
	plain.join = NULL; /* the engine's columns are what a 待办 row shows */
	list_select_cols(&l);
	fz_buf_adds(&l.sql, " FROM cases c");
	todo_where(&l, q, week);
	/* the most urgent first: overdue, red, yellow, then by due date
	 * (none last), the oldest case first among equals */
	fz_buf_adds(&l.sql, " ORDER BY 10 DESC, c.dl_due IS NULL, c.dl_due,"
		    " c.opened_on, c.id LIMIT ?");
	lq_int(&l, limit);
	rc = l.sql.err ? fz_err_set(err, l.sql.err, NULL, NULL)
		       : fz_stmt_prepare(db, &st, l.sql.data, err);
	if (!rc) {
		lq_bind(&l, st);
		while ((rc = fz_stmt_step(st, err)) == 1)
			json_array_append_new(items, list_row(st, &plain));
		fz_stmt_finish(st);
	}
	fz_buf_release(&l.sql);
	return rc < 0 ? rc : 0;
}

int fz_case_todo(struct fz_store *db, const struct fz_case_query *q,
		 int limit, struct fz_case_todo *out, struct fz_err *err)
{
	char week[FZ_DATE_STRLEN];
	int rc;

	memset(out, 0, sizeof(*out));
	if (limit < 1 || limit > FZ_CASE_LIST_MAX)
		return fz_err_set(err, FZ_EINVAL, "limit", "待办条数应为 1 至 %d",
				  FZ_CASE_LIST_MAX);
	fz_date_format(fz_date_add_days(today_or(q->today), FZ_CASE_TODO_DAYS),
		       week);
	if (!(out->items = json_array()))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = todo_counts(db, q, week, out, err);
	if (!rc)
		rc = todo_items(db, q, week, limit, out->items, err);
	if (rc) {
		json_decref(out->items);
		out->items = NULL;
	}
	return rc;
}

/* --- lookups for domains --- */

int fz_case_info_get(struct fz_store *db, int64_t case_id,
		     struct fz_case_info *out, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = fz_store_query(db, &st, err,
		"SELECT id, type, COALESCE(number, ''), state, title, unit_id,"
		" unit_path, opened_on, COALESCE(closed_on, ''), last_on"
		" FROM cases WHERE id = ?", "I", case_id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		out->id = fz_stmt_int(st, 0);
		snprintf(out->type, sizeof(out->type), "%s", fz_stmt_text(st, 1));
		snprintf(out->number, sizeof(out->number), "%s", fz_stmt_text(st, 2));
		snprintf(out->state, sizeof(out->state), "%s", fz_stmt_text(st, 3));
		snprintf(out->title, sizeof(out->title), "%s", fz_stmt_text(st, 4));
		out->unit_id = fz_stmt_int(st, 5);
		snprintf(out->unit_path, sizeof(out->unit_path), "%s",
			 fz_stmt_text(st, 6));
		snprintf(out->opened_on, sizeof(out->opened_on), "%s",
			 fz_stmt_text(st, 7));
		snprintf(out->closed_on, sizeof(out->closed_on), "%s",
			 fz_stmt_text(st, 8));
		snprintf(out->last_on, sizeof(out->last_on), "%s",
			 fz_stmt_text(st, 9));
	}
	fz_stmt_finish(st);
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	return rc < 0 ? rc : 0;
}

int fz_case_facts_get(struct fz_store *db, int64_t case_id, const char *type,
		      json_t **facts, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc;

	*facts = NULL;
	rc = fz_store_query(db, &st, err,
		"SELECT facts FROM cases WHERE id = ? AND (? = '' OR type = ?)",
		"Itt", case_id, type ? type : "", type ? type : "");
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1)
		*facts = json_loads(fz_stmt_text(st, 0), 0, NULL);
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	return *facts ? 0 : fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
}

int fz_case_find_number(struct fz_store *db, const char *number, int64_t *id,
			struct fz_err *err)
{
	*id = 0;
	/* number is UNIQUE: an index read */
	return fz_store_int(db, id, err, "SELECT id FROM cases WHERE number = ?",
			    "t", number ? number : "");
}

int fz_case_flags_each(struct fz_store *db, const char *name,
		       const char *type_prefix, int open_only, int max,
		       int (*fn)(const struct fz_case_flag_view *f, void *arg),
		       void *arg, struct fz_err *err)
{
	const char *pre = type_prefix ? type_prefix : "";
	struct fz_case_flag_view v;
	struct fz_stmt *st;
	int stop = 0;
	int rc = fz_store_query(db, &st, err,
		"SELECT f.case_id, COALESCE(c.number, ''), c.title, c.state, f.key,"
		" f.reason, f.raised_at, COALESCE(f.resolved_at, ''),"
		" COALESCE(f.resolution, '')"
		" FROM case_flags f JOIN cases c ON c.id = f.case_id"
		" WHERE f.name = ? AND (? = 0 OR f.resolved_at IS NULL)"
		" AND substr(c.type, 1, length(?)) = ?"
		" ORDER BY f.resolved_at IS NOT NULL, f.raised_at DESC LIMIT ?",
		"tittI", name, open_only ? 1 : 0, pre, pre, (int64_t)max);

	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		v.case_id = fz_stmt_int(st, 0);
		v.number = fz_stmt_text(st, 1);
		v.title = fz_stmt_text(st, 2);
		v.state = fz_stmt_text(st, 3);
		v.key = fz_stmt_text(st, 4);
		v.reason = fz_stmt_text(st, 5);
		v.raised_at = fz_stmt_text(st, 6);
		v.resolved_at = fz_stmt_text(st, 7);
		v.resolution = fz_stmt_text(st, 8);
		if ((stop = fn(&v, arg)))
			break;
	}
	fz_stmt_finish(st);
	return stop ? stop : rc < 0 ? rc : 0;
}
