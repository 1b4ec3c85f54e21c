/* calendar.c - imported holiday notices in the database, the process's
 * shared calendar, and the import that recomputes deadlines (see
 * calendar.h). */
#include "engine/calendar/calendar.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "engine/audit.h"
#include "engine/case/case.h"

const struct fz_migration fz_calendar_migrations[] = {
	/* One row per imported notice, and its days in data/calendar form
	 * (kind holiday = 放假日, workday = 调休上班日).  A day's year is the
	 * notice's: the 2023 notice lists 2022-12-31. */
	{ "calendar", 1,
	  "CREATE TABLE calendar_notices ("
	  " year INTEGER PRIMARY KEY,"
	  " title TEXT NOT NULL,"
	  " text TEXT NOT NULL,"
	  " imported_by TEXT NOT NULL,"
	  " imported_at TEXT NOT NULL);"
	  "CREATE TABLE calendar_days ("
	  " year INTEGER NOT NULL REFERENCES calendar_notices(year),"
	  " day TEXT NOT NULL,"
	  " kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),"
	  " label TEXT NOT NULL,"
	  " PRIMARY KEY (year, day))" },
	{ NULL, 0, NULL }
};

/* --- the shared handle --- */

static pthread_once_t shared_once = PTHREAD_ONCE_INIT;
static struct fz_cal *shared;
static struct fz_err shared_err;

static void shared_load(void)
{
	if (fz_cal_load(&shared, &shared_err))
		shared = NULL;
}

struct fz_cal *fz_calendar_shared(struct fz_err *err)
{
	pthread_once(&shared_once, shared_load);
	if (!shared && err)
		*err = shared_err;
	return shared;
}

/* --- loading the effective calendar --- */

struct year_text {
	char name[16];            /* "YYYY.txt" */
	struct fz_buf text;
};

static void years_free(struct year_text *y, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fz_buf_release(&y[i].text);
	free(y);
}

/* The imported notices as data/calendar files, one per year. */
static int imported(struct fz_store *db, struct year_text **out, size_t *n,
		    struct fz_err *err)
{
	struct fz_stmt *st;
	size_t alloc = 0;
	int rc = fz_store_query(db, &st, err,
		"SELECT n.year, d.day, d.kind, d.label FROM calendar_notices n"
		" LEFT JOIN calendar_days d ON d.year = n.year"
		" ORDER BY n.year, d.day", "");

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		int year = (int)fz_stmt_int(st, 0);
		char name[16];
		snprintf(name, sizeof(name), "%04d.txt", year);
		if (!*n || strcmp((*out)[*n - 1].name, name)) {
			if (*n == alloc) {
				size_t a = alloc ? alloc * 2 : 8;
				struct year_text *p = realloc(*out, a * sizeof(*p));
				if (!p) {
					rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
					break;
				}
				*out = p;
				alloc = a;
			}
			memcpy((*out)[*n].name, name, sizeof(name));
			fz_buf_init(&(*out)[(*n)++].text, 0);
		}
		if (!fz_stmt_is_null(st, 1))
			fz_buf_addf(&(*out)[*n - 1].text, "%s %s %s\n",
				    fz_stmt_text(st, 1), fz_stmt_text(st, 2),
				    fz_stmt_text(st, 3));
	}
	fz_stmt_finish(st);
	for (size_t i = 0; rc >= 0 && i < *n; i++)
		if ((*out)[i].text.err)
			rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	if (rc < 0) {
		years_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}

static int is_imported(const struct year_text *y, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(y[i].name, name))
			return 1;
	return 0;
}

int fz_calendar_load(struct fz_store *db, struct fz_cal **out,
		     struct fz_err *err)
{
	struct year_text *y;
	struct fz_embedded *files;
	size_t n, k = 0, ncomp = 0;
	int rc = imported(db, &y, &n, err);

	*out = NULL;
	if (rc)
		return rc;
	while (fz_calendar_files[ncomp].name)
		ncomp++;
	files = calloc(ncomp + n + 1, sizeof(*files));
	if (!files) {
		years_free(y, n);
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	/* an imported year replaces the compiled file of that year whole */
	for (size_t i = 0; i < ncomp; i++)
		if (!is_imported(y, n, fz_calendar_files[i].name))
			files[k++] = fz_calendar_files[i];
	for (size_t i = 0; i < n; i++)
		files[k++] = (struct fz_embedded){ y[i].name, y[i].text.data };
	rc = fz_cal_load_files(out, files, err);
	free(files);
	years_free(y, n);
	return rc;
}

/* Loading and swapping under one lock: of two imports that commit one
 * after the other, the later swap always reads the later commit. */
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;

int fz_calendar_refresh(struct fz_store *db, struct fz_err *err)
{
	struct fz_cal *live = fz_calendar_shared(err), *fresh;
	int rc;

	if (!live)
		return err ? err->code : FZ_EINTERNAL;
	pthread_mutex_lock(&refresh_lock);
	rc = fz_calendar_load(db, &fresh, err);
	if (!rc && fz_cal_replace(live, fresh)) {
		fz_cal_free(fresh);
		rc = fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	pthread_mutex_unlock(&refresh_lock);
	return rc;
}

/* --- the import --- */

static int store_notice(struct fz_store *db, const struct fz_notice *n,
			const char *text, const char *by, struct fz_err *err)
{
	char at[FZ_ISO_LEN], d[FZ_DATE_STRLEN];
	int rc;

	fz_now_iso(at);
	rc = fz_store_run(db, err, "DELETE FROM calendar_days WHERE year = ?",
			  "i", n->year);
	if (!rc)
		rc = fz_store_run(db, err, "DELETE FROM calendar_notices"
				  " WHERE year = ?", "i", n->year);
	if (!rc)
		rc = fz_store_run(db, err, "INSERT INTO calendar_notices (year,"
			" title, text, imported_by, imported_at)"
			" VALUES (?, ?, ?, ?, ?)", "ittt" "t", n->year, n->title,
			text ? text : "", by, at);
	for (size_t i = 0; !rc && i < n->n; i++)
		rc = fz_store_run(db, err, "INSERT INTO calendar_days (year, day,"
			" kind, label) VALUES (?, ?, ?, ?)", "ittt", n->year,
			fz_date_format(n->days[i].date, d),
			n->days[i].holiday ? "holiday" : "workday",
			n->days[i].label);
	return rc;
}

/* The first day the notice may change: its earliest date (a 元旦 break
 * may start in December) or 1 January of its year. */
static struct fz_date changed_from(const struct fz_notice *n)
{
	struct fz_date jan1 = { n->year, 1, 1 };
	if (n->n && fz_date_cmp(n->days[0].date, jan1) < 0)
		return n->days[0].date;
	return jan1;
}

static int audit_import(struct fz_store *db, const struct fz_notice *n,
			const struct fz_calendar_by *by,
			const struct fz_calendar_result *res,
			struct fz_err *err)
{
	char object[32], detail[512];
	struct fz_audit_entry e = {
		.actor_id = by->user_id, .actor = by->login ? by->login : "",
		.unit_id = by->unit_id, .action = "calendar.import",
		.object = object, .detail = detail,
		.ip = by->ip ? by->ip : "", .ok = 1,
	};

	snprintf(object, sizeof(object), "calendar:%d", n->year);
	snprintf(detail, sizeof(detail), "%s：放假%zu天，调休上班%zu天；"
		 "重新计算%ld件案件的期限", n->title, res->holidays,
		 res->workdays, res->recomputed);
	return fz_audit_append(db, &e, err);
}

/* Write, recompute and audit inside the caller's transaction; *fresh is
 * the new calendar on success. */
static int import_tx(struct fz_store *db, const struct fz_notice *n,
		     const char *text, const struct fz_calendar_by *by,
		     const struct fz_case_type *const *types,
		     struct fz_calendar_result *res, struct fz_cal **fresh,
		     struct fz_err *err)
{
	/* the system (user 0) is the command line */
	int rc = store_notice(db, n, text, by->user_id && by->login ?
			      by->login : "命令行", err);

	if (!rc)
		rc = fz_calendar_load(db, fresh, err);
	if (!rc)
		rc = fz_case_recompute(db, *fresh, types, changed_from(n),
				       &res->recomputed, err);
	if (!rc)
		rc = audit_import(db, n, by, res, err);
	return rc;
}

int fz_calendar_import(struct fz_store *db, const struct fz_notice *n,
		       const char *text, const struct fz_calendar_by *by,
		       const struct fz_case_type *const *types,
		       struct fz_calendar_result *res, struct fz_err *err)
{
	struct fz_cal *live = fz_calendar_shared(err), *fresh = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!live)
		return err ? err->code : FZ_EINTERNAL;
	res->year = n->year;
	res->replaced = fz_cal_covers(live, (struct fz_date){ n->year, 1, 1 });
	for (size_t i = 0; i < n->n; i++)
		*(n->days[i].holiday ? &res->holidays : &res->workdays) += 1;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = import_tx(db, n, text, by, types, res, &fresh, err);
	if (rc)
		fz_store_rollback(db);
	else
		rc = fz_store_commit(db, err);
	fz_cal_free(fresh);
	/* swap in what was committed; on failure the server keeps counting
	 * with the calendar the database still holds */
	if (!rc && fz_calendar_refresh(db, NULL))
		rc = fz_err_set(err, FZ_EIO, NULL,
				"节假日安排已保存，但未能立即生效，请重启服务");
	return rc;
}

/* --- reading --- */

const char *fz_calendar_source_key(enum fz_calendar_source s)
{
	static const char *const k[] = { "none", "compiled", "imported",
					 "provisional" };
	return (unsigned)s < 4 ? k[s] : "none";
}

const char *fz_calendar_source_name(enum fz_calendar_source s)
{
	static const char *const k[] = { "未收录", "内置", "已导入", "暂定" };
	return (unsigned)s < 4 ? k[s] : "未收录";
}

static json_t *year_row(int year, enum fz_calendar_source src,
			const char *title, const char *by, const char *at)
{
	return json_pack("{s:i,s:s,s:s,s:b,s:s,s:o,s:o}", "year", year,
		"source", fz_calendar_source_key(src),
		"source_name", fz_calendar_source_name(src),
		"provisional", src == FZ_CALENDAR_PROVISIONAL, "title", title,
		"imported_by", by ? json_string(by) : json_null(),
		"imported_at", at ? json_string(at) : json_null());
}

/* A compiled file's title: its first comment line up to the bracket
 * ("# 国务院办公厅关于2026年部分节假日安排的通知（国办发明电…）"). */
static void compiled_title(int year, char *out, size_t n)
{
	char name[16];

	out[0] = '\0';
	snprintf(name, sizeof(name), "%04d.txt", year);
	for (const struct fz_embedded *f = fz_calendar_files; f->name; f++) {
		const char *p = f->data, *e;
		if (strcmp(f->name, name) || strncmp(p, "# ", 2))
			continue;
		p += 2;
		e = strcspn(p, "\n") + p;
		if (strstr(p, "（") && strstr(p, "（") < e)
			e = strstr(p, "（");
		snprintf(out, n, "%.*s", (int)(e - p), p);
	}
}

/* The imported notices' rows, keyed by year, added to arr in order with
 * the compiled ones. */
static int notice_years(struct fz_store *db, const struct fz_cal *cal,
			json_t *arr, struct fz_err *err)
{
	int years[64];
	size_t n = fz_cal_notice_years(cal, years, 64);
	int rc = 0;

	for (size_t i = 0; !rc && i < n && i < 64; i++) {
		struct fz_stmt *st;
		rc = fz_store_query(db, &st, err, "SELECT title, imported_by,"
			" imported_at FROM calendar_notices WHERE year = ?", "i",
			years[i]);
		if (rc)
			break;
		if ((rc = fz_stmt_step(st, err)) == 1)
			json_array_append_new(arr, year_row(years[i],
				FZ_CALENDAR_IMPORTED, fz_stmt_text(st, 0),
				fz_stmt_text(st, 1), fz_stmt_text(st, 2)));
		else if (rc == 0) {
			char title[256];
			compiled_title(years[i], title, sizeof(title));
			json_array_append_new(arr, year_row(years[i],
				FZ_CALENDAR_COMPILED, title, NULL, NULL));
		}
		fz_stmt_finish(st);
		rc = rc < 0 ? rc : 0;
	}
	return rc;
}

int fz_calendar_years_json(struct fz_store *db, const struct fz_cal *cal,
			   json_t **out, struct fz_err *err)
{
	json_t *arr = json_array();
	int first, last, rc;

	*out = NULL;
	if (!arr)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = notice_years(db, cal, arr, err);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	if (fz_cal_provisional_years(cal, &first, &last))
		for (int y = first; y <= last; y++)
			json_array_append_new(arr, year_row(y,
				FZ_CALENDAR_PROVISIONAL, "", NULL, NULL));
	*out = arr;
	return 0;
}

static int day_json(struct fz_date d, int holiday, const char *label,
		    void *arg)
{
	char buf[FZ_DATE_STRLEN];
	json_array_append_new(arg, json_pack("{s:s,s:s,s:s}", "date",
		fz_date_format(d, buf), "kind", holiday ? "holiday" : "workday",
		"label", label));
	return 0;
}

json_t *fz_calendar_days_json(const struct fz_cal *cal, int year)
{
	json_t *arr = json_array();
	if (arr)
		fz_cal_each_day(cal, year, day_json, arr);
	return arr;
}
