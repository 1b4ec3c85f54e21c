/* pattern.c - the design registry, uploads, tracing, comparison and the
 * comparison report (see pattern.h). */
#include "domain/pattern/pattern.h"

#include "core/log.h"
#include "core/utf8.h"

#include "core/cal.h"
#include "crypto/sm.h"
#include "engine/audit.h"
#include "engine/docs/doc.h"
#include "engine/image/img_decode.h"
#include "engine/image/img_evidence.h"
#include "engine/image/img_index.h"

#include <inttypes.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct fz_migration fz_pattern_migrations[] = {
	{ "pattern", 1,
	  /* an image kept for evidence: uploads (queries) and registered
	   * designs alike; descr is engine/image's descriptor (host order) */
	  "CREATE TABLE pattern_images ("
	  " id INTEGER PRIMARY KEY,"
	  " sm3 TEXT NOT NULL,"
	  " width INTEGER NOT NULL, height INTEGER NOT NULL,"
	  " png BLOB NOT NULL, descr BLOB NOT NULL,"
	  " uploaded_by INTEGER NOT NULL DEFAULT 0,"
	  " uploaded_at TEXT NOT NULL);"
	  "CREATE TABLE pattern_regs ("
	  " id INTEGER PRIMARY KEY,"
	  " reg_no TEXT NOT NULL UNIQUE,"
	  " title TEXT NOT NULL,"
	  " registrant TEXT NOT NULL,"
	  " created_on TEXT NOT NULL,"
	  " published_on TEXT NOT NULL DEFAULT '',"
	  " registered_on TEXT NOT NULL,"
	  " source TEXT NOT NULL,"
	  " image_id INTEGER NOT NULL REFERENCES pattern_images(id),"
	  " image_sm3 TEXT NOT NULL,"
	  " slot INTEGER NOT NULL,"
	  " added_by INTEGER NOT NULL DEFAULT 0,"
	  " added_at TEXT NOT NULL);"
	  "CREATE INDEX pattern_regs_registrant ON pattern_regs(registrant);"
	  "CREATE TABLE pattern_cases ("
	  " id INTEGER PRIMARY KEY,"
	  " case_no TEXT NOT NULL UNIQUE,"
	  " plaintiff TEXT NOT NULL,"
	  " defendant TEXT NOT NULL,"
	  " reg_no TEXT NOT NULL,"
	  " filed_on TEXT NOT NULL,"
	  " image_id INTEGER REFERENCES pattern_images(id),"
	  " added_by INTEGER NOT NULL DEFAULT 0,"
	  " added_at TEXT NOT NULL);"
	  "CREATE INDEX pattern_cases_plaintiff ON pattern_cases(plaintiff)" },
	{ NULL, 0, NULL }
};

void fz_pattern_index_dir(struct fz_store *db, char *out, size_t n)
{
	snprintf(out, n, "%s.patterns", fz_store_path(db));
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int audit(struct fz_store *db, const struct fz_pattern_actor *a,
		 const char *action, const char *object, const char *detail,
		 struct fz_err *err)
{
	struct fz_audit_entry e = {
		.actor_id = a && a->user ? a->user->id : 0,
		.actor = a && a->user ? a->user->login : "system",
		.unit_id = a && a->user ? a->user->unit_id : 0,
		.action = action,
		.object = object,
		.detail = detail,
		.ip = a && a->ip ? a->ip : "",
		.ok = 1,
	};
	return fz_audit_append(db, &e, err);
}

/* ---- uploads ------------------------------------------------------------ */

static int insert_image(struct fz_store *db, const struct fz_pattern_actor *a,
			const void *data, size_t n, int64_t *id, struct fz_err *err)
{
	struct fz_img im = { 0, 0, NULL }, keep = { 0, 0, NULL };
	struct fz_img_query *q = malloc(sizeof(*q));
	uint8_t *png = NULL;
	size_t pn = 0;
	char hash[FZ_SM3_HEX_LEN + 1], at[32];
	int rc;
	if (!q)
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	if ((rc = fz_img_decode(data, n, &im, err))) {
		free(q);
		return rc;
	}
	if ((rc = fz_img_describe_query(&im, q, err)) ||
	    (rc = fz_img_fit(&im, FZ_PATTERN_KEEP_SIDE, &keep, err)) ||
	    (rc = fz_img_encode_png(&keep, &png, &pn, err)))
		goto out;
	if (fz_sm3_hex(data, n, hash)) {
		rc = fz_err_set(err, FZ_EINTERNAL, NULL, "SM3 计算失败");
		goto out;
	}
	now_iso(at);
	rc = fz_store_run(db, err,
		"INSERT INTO pattern_images (sm3, width, height, png, descr, uploaded_by,"
		" uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "tiibbIt", hash, im.w, im.h,
		png, pn, q, fz_img_query_size(q), a && a->user ? a->user->id : (int64_t)0, at);
	if (!rc)
		*id = fz_store_last_id(db);
out:
	free(q);
	free(png);
	fz_img_free(&im);
	fz_img_free(&keep);
	return rc;
}

int fz_pattern_upload(struct fz_store *db, const struct fz_pattern_actor *a,
		      const void *data, size_t n, int64_t *id, struct fz_err *err)
{
	char obj[40];
	int rc;
	if (!data || n == 0)
		return fz_err_set(err, FZ_EINVAL, "image", "请上传图样图片（PNG、JPEG 或 WebP）");
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = insert_image(db, a, data, n, id, err);
	if (!rc) {
		snprintf(obj, sizeof(obj), "pattern_upload:%" PRId64, *id);
		rc = audit(db, a, "pattern.upload", obj, NULL, err);
	}
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

/* ---- registrations ------------------------------------------------------ */

static int check_text(const char *v, const char *field, const char *label,
		      size_t max, struct fz_err *err)
{
	if (!v || !*v || fz_utf8_chars(v) > max)
		return fz_err_set(err, FZ_EINVAL, field, "%s应为 1–%zu 个字", label, max);
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20)
			return fz_err_set(err, FZ_EINVAL, field, "%s含有控制字符", label);
	return 0;
}

static int check_date(const char *v, const char *field, const char *label,
		      struct fz_date *d, struct fz_err *err)
{
	struct fz_err e2 = FZ_ERR_INIT;
	if (!v || fz_date_parse(d, v, &e2))
		return fz_err_set(err, FZ_EINVAL, field, "%s应为 YYYY-MM-DD 格式的真实日期",
				  label);
	return 0;
}

/* Every field, and the order of the dates: a design is created before it
 * is published or registered. */
static int check_meta(const struct fz_pattern_meta *m, struct fz_err *err)
{
	struct fz_date c, p, r;
	int rc;
	if ((rc = check_text(m->reg_no, "reg_no", "作品登记号", 64, err)) ||
	    (rc = check_text(m->title, "title", "作品名称", 100, err)) ||
	    (rc = check_text(m->registrant, "registrant", "登记人", 100, err)) ||
	    (rc = check_text(m->source, "source", "来源", 100, err)) ||
	    (rc = check_date(m->created_on, "created_on", "创作完成日期", &c, err)) ||
	    (rc = check_date(m->registered_on, "registered_on", "登记日期", &r, err)))
		return rc;
	if (m->published_on && *m->published_on) {
		if ((rc = check_date(m->published_on, "published_on", "首次发表日期", &p, err)))
			return rc;
		if (fz_date_cmp(p, c) < 0)
			return fz_err_set(err, FZ_EINVAL, "published_on",
					  "首次发表日期不能早于创作完成日期");
	}
	if (fz_date_cmp(r, c) < 0)
		return fz_err_set(err, FZ_EINVAL, "registered_on", "登记日期不能早于创作完成日期");
	return 0;
}

static int load_png(struct fz_store *db, int64_t image_id, struct fz_img *im,
		    struct fz_buf *raw, struct fz_err *err);

/* The stored readings of image image_id; an image described by an older
 * version of the engine is described again from its kept PNG (the same
 * pixels the evidence shows), so an upgrade needs no migration step. */
static int load_query_stale(struct fz_store *db, int64_t image_id, struct fz_img_query *q,
			    int *was_stale, struct fz_err *err);

static int load_query(struct fz_store *db, int64_t image_id, struct fz_img_query *q,
		      struct fz_err *err)
{
	int stale;
	return load_query_stale(db, image_id, q, &stale, err);
}

/* The same; *was_stale tells whether the image was described again. */
static int load_query_stale(struct fz_store *db, int64_t image_id, struct fz_img_query *q,
			    int *was_stale, struct fz_err *err)
{
	struct fz_stmt *st;
	size_t len = 0;
	int stale = 0;
	int rc = fz_store_query(db, &st, err, "SELECT descr FROM pattern_images WHERE id = ?",
				"I", image_id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		const void *b = fz_stmt_blob(st, 0, &len);
		stale = fz_img_query_load(b, len, q) != 0;
		rc = 0;
	} else if (rc == 0) {
		rc = fz_err_set(err, FZ_ENOTFOUND, "image", "图片不存在");
	}
	fz_stmt_finish(st);
	if (!rc && stale) {
		struct fz_img im = { 0, 0, NULL };
		rc = load_png(db, image_id, &im, NULL, err);
		if (!rc)
			rc = fz_img_describe_query(&im, q, err);
		fz_img_free(&im);
	}
	*was_stale = stale;
	return rc;
}

/* Describe again every image stored by an older engine and keep the new
 * descriptors (reindex: an upgrade then costs the describing once). */
static int refresh_images(struct fz_store *db, struct fz_img_query *q, struct fz_err *err)
{
	struct fz_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = fz_store_query(db, &st, err, "SELECT id FROM pattern_images ORDER BY id", "");
	if (rc)
		return rc;
	while ((rc = fz_stmt_step(st, err)) == 1) {
		if (n == cap) {
			int64_t *a = realloc(ids, (cap = cap ? 2 * cap : 64) * sizeof(*a));
			if (!a) {
				rc = fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
				break;
			}
			ids = a;
		}
		ids[n++] = fz_stmt_int(st, 0);
	}
	fz_stmt_finish(st);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		int stale = 0;
		if ((rc = load_query_stale(db, ids[i], q, &stale, err)))
			break;
		if (stale)
			rc = fz_store_run(db, err, "UPDATE pattern_images SET descr = ? WHERE id = ?",
					  "bI", q, fz_img_query_size(q), ids[i]);
	}
	free(ids);
	return rc < 0 ? rc : 0;
}

static int register_desc(struct fz_store *db, const struct fz_pattern_actor *a,
			 int64_t image_id, const struct fz_img_desc *d,
			 const struct fz_img_local *loc,
			 const struct fz_pattern_meta *m, int64_t *id, struct fz_err *err);

/* The keypoints of image image_id, described from its kept PNG (the
 * pixels a query is compared with and the evidence shows). */
static int load_local(struct fz_store *db, int64_t image_id, struct fz_img_local *loc,
		      struct fz_err *err)
{
	struct fz_img im = { 0, 0, NULL };
	int rc = load_png(db, image_id, &im, NULL, err);
	if (!rc)
		rc = fz_img_local_describe(&im, loc, err);
	fz_img_free(&im);
	return rc;
}

/* The same for a query: both orientations and the colour frame; the
 * caller frees it with fz_img_lquery_free and free. */
static int load_lquery(struct fz_store *db, int64_t image_id, struct fz_img_lquery **out,
		       struct fz_err *err)
{
	struct fz_img im = { 0, 0, NULL };
	struct fz_img_lquery *lq = calloc(1, sizeof(*lq));
	int rc;
	*out = NULL;
	if (!lq)
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	rc = load_png(db, image_id, &im, NULL, err);
	if (!rc)
		rc = fz_img_local_query(&im, lq, err);
	fz_img_free(&im);
	if (rc) {
		fz_img_lquery_free(lq);
		free(lq);
		return rc;
	}
	*out = lq;
	return 0;
}

static int register_in_tx(struct fz_store *db, const struct fz_pattern_actor *a,
			  int64_t image_id, const struct fz_pattern_meta *m,
			  int64_t *id, struct fz_err *err)
{
	struct fz_img_query *q = malloc(sizeof(*q));
	struct fz_img_local *loc = malloc(sizeof(*loc));
	int rc;
	if (!q || !loc) {
		rc = fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
		goto out;
	}
	if ((rc = load_query(db, image_id, q, err)) || (rc = load_local(db, image_id, loc, err)))
		goto out;
	rc = register_desc(db, a, image_id, &q->v[0], loc, m, id, err);
out:
	free(q);
	free(loc);
	return rc;
}

static int register_desc(struct fz_store *db, const struct fz_pattern_actor *a,
			 int64_t image_id, const struct fz_img_desc *d,
			 const struct fz_img_local *loc,
			 const struct fz_pattern_meta *m, int64_t *id, struct fz_err *err)
{
	struct fz_img_index *ix = NULL;
	char dir[4096], at[32], obj[40], hash[FZ_SM3_HEX_LEN + 1] = "";
	int64_t dup = 0;
	struct fz_stmt *st;
	int rc;
	if (fz_store_int(db, &dup, err, "SELECT id FROM pattern_regs WHERE reg_no = ?", "t",
			 m->reg_no) == 1)
		return fz_err_set(err, FZ_ECONFLICT, "reg_no", "作品登记号 %s 已登记", m->reg_no);
	if ((rc = fz_store_query(db, &st, err, "SELECT sm3 FROM pattern_images WHERE id = ?",
				 "I", image_id)))
		return rc;
	if (fz_stmt_step(st, err) == 1)
		snprintf(hash, sizeof(hash), "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	fz_pattern_index_dir(db, dir, sizeof(dir));
	if ((rc = fz_pattern_index_open(db, 1, &ix, err)))
		return rc;
	now_iso(at);
	rc = fz_store_run(db, err,
		"INSERT INTO pattern_regs (reg_no, title, registrant, created_on, published_on,"
		" registered_on, source, image_id, image_sm3, slot, added_by, added_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tttttttItIIt",
		m->reg_no, m->title, m->registrant, m->created_on,
		m->published_on ? m->published_on : "", m->registered_on, m->source,
		image_id, hash, (int64_t)fz_img_index_count(ix),
		a && a->user ? a->user->id : (int64_t)0, at);
	if (!rc) {
		*id = fz_store_last_id(db);
		snprintf(obj, sizeof(obj), "pattern_reg:%" PRId64, *id);
		rc = audit(db, a, "pattern.register", obj, m->reg_no, err);
	}
	/* last, so that a failure above leaves no index record behind */
	if (!rc)
		rc = fz_img_index_add(ix, *id, d, loc, err);
	fz_img_index_close(ix);
	return rc;
}

int fz_pattern_register(struct fz_store *db, const struct fz_pattern_actor *a,
			int64_t upload_id, const struct fz_pattern_meta *m,
			int64_t *id, struct fz_err *err)
{
	int rc = check_meta(m, err);
	if (rc)
		return rc;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = register_in_tx(db, a, upload_id, m, id, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

/* ---- manifest import ---------------------------------------------------- */

#define NCOLS 8
static const char *const manifest_cols[NCOLS] = {
	"file", "reg_no", "title", "registrant", "created_on", "published_on",
	"registered_on", "source"
};

/* Split one CSV line (RFC 4180 quoting, no embedded newlines) in place
 * into at most max fields; returns the count, or -1 for a bad quote. */
static int csv_split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		char *out = p, *start = p;
		if (n == max)
			return max + 1;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p)
					return -1;
				if (*p == '"' && p[1] == '"') {
					*out++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*out++ = *p++;
				}
			}
			if (*p && *p != ',')
				return -1;
		} else {
			while (*p && *p != ',')
				*out++ = *p++;
		}
		f[n++] = start;
		if (!*p) {
			*out = '\0';
			return n;
		}
		*out = '\0';
		p++;
	}
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static int read_file(const char *path, uint8_t **out, size_t *n, struct fz_err *err)
{
	FILE *f = fopen(path, "rb");
	long len;
	*out = NULL;
	if (!f)
		return fz_err_set(err, FZ_ENOTFOUND, "file", "无法打开图片文件 %s", path);
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return fz_err_set(err, FZ_EIO, "file", "无法读取图片文件 %s", path);
	}
	if ((size_t)len > FZ_IMG_MAX_BYTES) {
		fclose(f);
		return fz_err_set(err, FZ_ETOOBIG, "file", "图片文件过大 %s", path);
	}
	*out = malloc((size_t)len + 1);
	if (!*out || fread(*out, 1, (size_t)len, f) != (size_t)len) {
		free(*out);
		*out = NULL;
		fclose(f);
		return fz_err_set(err, FZ_EIO, "file", "无法读取图片文件 %s", path);
	}
	fclose(f);
	*n = (size_t)len;
	return 0;
}

/* Keep the image bytes and register them under m, in one transaction. */
static int register_bytes(struct fz_store *db, const struct fz_pattern_actor *a,
			  const uint8_t *data, size_t n, const struct fz_pattern_meta *m,
			  int64_t *id, struct fz_err *err)
{
	int64_t img;
	int rc = fz_store_begin(db, err);
	if (rc)
		return rc;
	rc = insert_image(db, a, data, n, &img, err);
	if (!rc)
		rc = register_in_tx(db, a, img, m, id, err);
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

static int import_row(struct fz_store *db, const struct fz_pattern_actor *a,
		      const char *base, char **f, struct fz_err *err)
{
	struct fz_pattern_meta m = { f[1], f[2], f[3], f[4], f[5], f[6], f[7] };
	char path[8200];
	uint8_t *data;
	size_t n = 0;
	int64_t id;
	int rc = check_meta(&m, err);
	if (rc)
		return rc;
	if (!*f[0] || strstr(f[0], ".."))
		return fz_err_set(err, FZ_EINVAL, "file", "图片文件名无效");
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", f[0][0] == '/' ? "" : base,
			     f[0]) >= sizeof(path))
		return fz_err_set(err, FZ_EINVAL, "file", "图片文件路径过长");
	if ((rc = read_file(path, &data, &n, err)))
		return rc;
	rc = register_bytes(db, a, data, n, &m, &id, err);
	free(data);
	return rc;
}

int fz_pattern_add_file(struct fz_store *db, const struct fz_pattern_actor *a,
			const char *path, const char *meta, int64_t *id, struct fz_err *err)
{
	char row[8192], *f[NCOLS];
	uint8_t *data;
	size_t n = 0;
	int rc;
	if (snprintf(row, sizeof(row), "%s", meta) >= (int)sizeof(row))
		return fz_err_set(err, FZ_EINVAL, "meta", "登记信息过长");
	int nf = csv_split(row, f, NCOLS - 1);
	if (nf != NCOLS - 1)
		return fz_err_set(err, FZ_EINVAL, "meta",
				  "登记信息应为 7 项：reg_no,title,registrant,created_on,"
				  "published_on,registered_on,source");
	struct fz_pattern_meta m = { f[0], f[1], f[2], f[3], f[4], f[5], f[6] };
	if ((rc = check_meta(&m, err)) || (rc = read_file(path, &data, &n, err)))
		return rc;
	rc = register_bytes(db, a, data, n, &m, id, err);
	free(data);
	return rc;
}

int fz_pattern_import(struct fz_store *db, const struct fz_pattern_actor *a,
		      const char *manifest, FILE *report, int *ok, int *bad,
		      struct fz_err *err)
{
	char base[4096], line[8192], *f[NCOLS + 1];
	const char *slash = strrchr(manifest, '/');
	FILE *in = fopen(manifest, "r");
	int lineno = 1, nf;
	*ok = *bad = 0;
	if (!in)
		return fz_err_set(err, FZ_ENOTFOUND, "manifest", "无法打开清单文件 %s", manifest);
	if (slash)
		snprintf(base, sizeof(base), "%.*s", (int)(slash - manifest), manifest);
	else
		snprintf(base, sizeof(base), ".");
	if (!fgets(line, sizeof(line), in)) {
		fclose(in);
		return fz_err_set(err, FZ_EINVAL, "manifest", "清单文件为空");
	}
	chomp(line);
	/* a UTF-8 byte-order mark from spreadsheet programs */
	nf = csv_split(line + (!strncmp(line, "\xef\xbb\xbf", 3) ? 3 : 0), f, NCOLS);
	for (int i = 0; i < NCOLS; i++)
		if (nf != NCOLS || strcmp(f[i], manifest_cols[i])) {
			fclose(in);
			return fz_err_set(err, FZ_EINVAL, "manifest",
					  "清单表头应为 file,reg_no,title,registrant,created_on,"
					  "published_on,registered_on,source");
		}
	while (fgets(line, sizeof(line), in)) {
		struct fz_err e = FZ_ERR_INIT;
		lineno++;
		if (!strchr(line, '\n') && !feof(in)) {
			int c;
			while ((c = fgetc(in)) != EOF && c != '\n')
				;
			fprintf(report, "第 %d 行：行过长，已跳过\n", lineno);
			(*bad)++;
			continue;
		}
		chomp(line);
		if (!line[0])
			continue;
		nf = csv_split(line, f, NCOLS);
		if (nf != NCOLS) {
			fprintf(report, "第 %d 行：应有 %d 列，实有 %d 列，已跳过\n", lineno, NCOLS,
				nf < 0 ? 0 : nf);
			(*bad)++;
			continue;
		}
		if (import_row(db, a, base, f, &e)) {
			fprintf(report, "第 %d 行：%s（%s），已跳过\n", lineno, e.msg,
				e.field[0] ? e.field : "-");
			(*bad)++;
		} else {
			(*ok)++;
		}
	}
	fclose(in);
	return 0;
}

/* ---- references, trace, compare ------------------------------------------ */

/* "u12" / "r5" -> kind and id. */
static int parse_ref(const char *ref, char *kind, int64_t *id, struct fz_err *err)
{
	char *end;
	long long v;
	if (!ref || (ref[0] != 'u' && ref[0] != 'r'))
		return fz_err_set(err, FZ_EINVAL, "ref", "图片编号应为 u<上传号> 或 r<登记号>");
	v = strtoll(ref + 1, &end, 10);
	if (end == ref + 1 || *end || v <= 0)
		return fz_err_set(err, FZ_EINVAL, "ref", "图片编号应为 u<上传号> 或 r<登记号>");
	*kind = ref[0];
	*id = v;
	return 0;
}

/* The image row behind ref. */
static int ref_image(struct fz_store *db, const char *ref, int64_t *image_id,
		     struct fz_err *err)
{
	char kind = 0;
	int64_t id = 0;
	int rc = parse_ref(ref, &kind, &id, err);
	if (rc)
		return rc;
	if (kind == 'u') {
		rc = fz_store_int(db, image_id, err, "SELECT id FROM pattern_images WHERE id = ?",
				  "I", id);
	} else {
		rc = fz_store_int(db, image_id, err,
				  "SELECT image_id FROM pattern_regs WHERE id = ?", "I", id);
	}
	if (rc == 0)
		return fz_err_set(err, FZ_ENOTFOUND, "ref", "图片 %s 不存在", ref);
	return rc < 0 ? rc : 0;
}

int fz_pattern_reg_query(struct fz_store *db, int64_t id, struct fz_img_query *q,
			 struct fz_err *err)
{
	char ref[32];
	int64_t img;
	int rc;
	snprintf(ref, sizeof(ref), "r%" PRId64, id);
	if ((rc = ref_image(db, ref, &img, err)))
		return rc;
	return load_query(db, img, q, err);
}

/* Rebuild the index from the registrations (their first readings), in
 * registration order; the caller holds the write transaction. */
static int reindex_in_tx(struct fz_store *db, size_t *count, struct fz_err *err)
{
	struct fz_stmt *st;
	struct fz_img_query *q = malloc(sizeof(*q));
	struct fz_img_desc *d = NULL;
	struct fz_img_local *loc = NULL;
	int64_t *ids = NULL, *imgs = NULL;
	size_t n = 0, cap = 0;
	char dir[4096];
	int rc;
	*count = 0;
	if (!q)
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	if ((rc = refresh_images(db, q, err)) ||
	    (rc = fz_store_query(db, &st, err, "SELECT id, image_id FROM pattern_regs ORDER BY id",
				 ""))) {
		free(q);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			int64_t *a = realloc(ids, cap * sizeof(*a)), *b = a ? realloc(imgs, cap * sizeof(*b)) : NULL;
			if (a)
				ids = a;
			if (b)
				imgs = b;
			if (!a || !b) {
				rc = fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
				break;
			}
		}
		ids[n] = fz_stmt_int(st, 0);
		imgs[n++] = fz_stmt_int(st, 1);
	}
	fz_stmt_finish(st);
	if (rc >= 0 && n && (!(d = malloc(n * sizeof(*d))) || !(loc = malloc(n * sizeof(*loc)))))
		rc = fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		if ((rc = load_query(db, imgs[i], q, err)) ||
		    (rc = load_local(db, imgs[i], &loc[i], err)))
			break;
		d[i] = q->v[0];
	}
	if (rc >= 0) {
		fz_pattern_index_dir(db, dir, sizeof(dir));
		rc = fz_img_index_rebuild(dir, ids, d, loc, n, err);
	}
	if (!rc)
		*count = n;
	free(q);
	free(d);
	free(loc);
	free(ids);
	free(imgs);
	return rc < 0 ? rc : 0;
}

int fz_pattern_reindex(struct fz_store *db, const struct fz_pattern_actor *a,
		       size_t *count, struct fz_err *err)
{
	char detail[32];
	int rc;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	rc = reindex_in_tx(db, count, err);
	if (!rc) {
		snprintf(detail, sizeof(detail), "%zu", *count);
		rc = audit(db, a, "pattern.reindex", "pattern_index", detail, err);
	}
	if (!rc)
		rc = fz_store_commit(db, err);
	if (rc)
		fz_store_rollback(db);
	return rc;
}

int fz_pattern_index_open(struct fz_store *db, int in_tx, struct fz_img_index **ix,
			  struct fz_err *err)
{
	char dir[4096];
	int64_t regs = 0;
	size_t n;
	fz_pattern_index_dir(db, dir, sizeof(dir));
	int rc = fz_img_index_open(dir, in_tx, ix, err);
	if (rc != FZ_EINVAL && rc != FZ_ENOTFOUND)
		return rc;
	/* missing (a database restored without its index) or of an older
	 * descriptor version: rebuild it from the kept images */
	if (rc == FZ_ENOTFOUND &&
	    (fz_store_int(db, &regs, err, "SELECT count(*) FROM pattern_regs", "") != 1 || !regs))
		return fz_err_set(err, FZ_ENOTFOUND, "index", "尚无登记图样");
	fz_log(FZ_LOG_INFO, "pattern", "event=reindex dir=%s", dir);
	rc = in_tx ? reindex_in_tx(db, &n, err) : fz_pattern_reindex(db, NULL, &n, err);
	if (rc)
		return rc;
	return fz_img_index_open(dir, in_tx, ix, err);
}


/* One reader's handle per process, shared by every trace and flag list:
 * opening one copies the first-stage vectors (26 MB at 100,000 designs),
 * which a search must not pay each time.  The handle is replaced when
 * the file changes (a registration appends, a rebuild renames); one being
 * searched is closed by its last user. */
struct reader {
	struct fz_img_index *ix;
	char dir[4096];
	dev_t dev;
	ino_t ino;
	off_t size;
	int refs, retired;
};

static pthread_mutex_t reader_mu = PTHREAD_MUTEX_INITIALIZER;
static struct reader *reader_cur;

static void reader_drop(struct reader *r)
{
	if (r && --r->refs == 0 && r->retired) {
		fz_img_index_close(r->ix);
		free(r);
	}
}

int fz_pattern_reader(struct fz_store *db, struct fz_img_index **ix, void **token,
		      struct fz_err *err)
{
	char dir[4096], path[4200];
	struct stat st;
	struct fz_img_index *tmp;
	int rc;
	*ix = NULL;
	*token = NULL;
	fz_pattern_index_dir(db, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, FZ_IMG_INDEX_FILE);
	pthread_mutex_lock(&reader_mu);
	struct reader *r = reader_cur;
	if (r && !strcmp(r->dir, dir) && !stat(path, &st) && st.st_dev == r->dev &&
	    st.st_ino == r->ino && st.st_size == r->size) {
		r->refs++;
		pthread_mutex_unlock(&reader_mu);
		*ix = r->ix;
		*token = r;
		return 0;
	}
	if (!(r = calloc(1, sizeof(*r)))) {
		rc = fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
		goto out;
	}
	/* stat before open: a record appended in between makes the next
	 * call see another size and open again, never miss the record */
	rc = stat(path, &st) ? FZ_ENOTFOUND : fz_img_index_open(dir, 0, &r->ix, err);
	if (rc == FZ_ENOTFOUND || rc == FZ_EINVAL) {
		/* missing or old: rebuilt from the registry, then opened */
		if (!(rc = fz_pattern_index_open(db, 0, &tmp, err))) {
			fz_img_index_close(tmp);
			rc = stat(path, &st) ? fz_err_set(err, FZ_EIO, "index", "无法打开图样索引 %s", path)
					     : fz_img_index_open(dir, 0, &r->ix, err);
		}
	}
	if (rc) {
		free(r);
		goto out;
	}
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->size = st.st_size;
	r->refs = 2; /* the cache's and the caller's */
	if (reader_cur) {
		reader_cur->retired = 1;
		reader_drop(reader_cur);
	}
	reader_cur = r;
	*ix = r->ix;
	*token = r;
out:
	pthread_mutex_unlock(&reader_mu);
	return rc;
}

void fz_pattern_reader_done(void *token)
{
	pthread_mutex_lock(&reader_mu);
	reader_drop(token);
	pthread_mutex_unlock(&reader_mu);
}

static int load_png(struct fz_store *db, int64_t image_id, struct fz_img *im,
		    struct fz_buf *raw, struct fz_err *err)
{
	struct fz_stmt *st;
	size_t len = 0;
	int rc = fz_store_query(db, &st, err, "SELECT png FROM pattern_images WHERE id = ?",
				"I", image_id);
	if (rc)
		return rc;
	rc = fz_stmt_step(st, err);
	if (rc == 1) {
		const void *b = fz_stmt_blob(st, 0, &len);
		rc = 0;
		if (raw) {
			fz_buf_add(raw, b, len);
			rc = raw->err;
		}
		if (!rc && im)
			rc = fz_img_decode(b, len, im, err);
	} else if (rc == 0) {
		rc = fz_err_set(err, FZ_ENOTFOUND, "image", "图片不存在");
	}
	fz_stmt_finish(st);
	return rc;
}

int fz_pattern_image(struct fz_store *db, const char *ref, struct fz_buf *png,
		     struct fz_err *err)
{
	int64_t img;
	int rc = ref_image(db, ref, &img, err);
	if (!rc)
		rc = load_png(db, img, NULL, png, err);
	return rc;
}

json_t *fz_pattern_reg_json(struct fz_store *db, int64_t id)
{
	struct fz_stmt *st;
	struct fz_err err = FZ_ERR_INIT;
	json_t *o = NULL;
	if (fz_store_query(db, &st, &err,
			   "SELECT reg_no, title, registrant, created_on, published_on,"
			   " registered_on, source, image_sm3, added_at FROM pattern_regs"
			   " WHERE id = ?", "I", id))
		return NULL;
	if (fz_stmt_step(st, &err) == 1) {
		const char *pub = fz_stmt_text(st, 4), *cre = fz_stmt_text(st, 3);
		char ref[32];
		snprintf(ref, sizeof(ref), "r%" PRId64, id);
		o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
			      "id", (json_int_t)id, "ref", ref,
			      "reg_no", fz_stmt_text(st, 0), "title", fz_stmt_text(st, 1),
			      "registrant", fz_stmt_text(st, 2), "created_on", cre,
			      "published_on", pub, "registered_on", fz_stmt_text(st, 5),
			      "source", fz_stmt_text(st, 6), "image_sm3", fz_stmt_text(st, 7),
			      "added_at", fz_stmt_text(st, 8),
			      /* the earliest date the registry knows the design by */
			      "earliest", (*pub && strcmp(pub, cre) < 0) ? pub : cre);
	}
	fz_stmt_finish(st);
	return o;
}

static json_t *thresholds(void)
{
	return json_pack("{s:f,s:f}", "same", (double)fz_img_match_same,
			 "similar", (double)fz_img_match_similar);
}

/* What verification found, for a judge: the agreeing points, the regions
 * they lie in and the share of the query they cover, the transform
 * (scale, rotation, mirror), how well the aligned overlap agrees, and
 * the repeat's own score. */
static json_t *verdict_json(const struct fz_img_verdict *v, float global)
{
	int ok = v->inliers >= FZ_IMG_LOCAL_MIN_INLIERS;
	return json_pack("{s:b,s:i,s:i,s:f,s:f,s:f,s:b,s:f,s:f}", "verified", ok,
			 "points", ok ? v->inliers : 0, "regions", ok ? v->regions : 0,
			 "cover", ok ? (double)v->cover : 0.0, "scale", ok ? (double)v->scale : 0.0,
			 "rotation", ok ? (double)v->angle : 0.0, "mirror", ok && v->mirror,
			 "agreement", ok ? (double)v->dense : 0.0, "repeat", (double)global);
}

static int cmp_match(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	const char *da = json_string_value(json_object_get(json_object_get(a, "registration"), "earliest"));
	const char *dbb = json_string_value(json_object_get(json_object_get(b, "registration"), "earliest"));
	int c = strcmp(da ? da : "", dbb ? dbb : "");
	if (c)
		return c;
	double sa = json_real_value(json_object_get(a, "score"));
	double sb = json_real_value(json_object_get(b, "score"));
	return (sa < sb) - (sa > sb);
}

int fz_pattern_trace(struct fz_store *db, const char *ref, int top, json_t **out,
		     struct fz_err *err)
{
	struct fz_img_query *q;
	struct fz_img_index *ix;
	struct fz_img_hit *hits;
	int64_t img;
	int n = 0, nm = 0, rc;
	*out = NULL;
	if (top < 1 || top > FZ_PATTERN_MAX_TOP)
		return fz_err_set(err, FZ_EINVAL, "top", "返回条数须在 1 到 %d 之间",
				  FZ_PATTERN_MAX_TOP);
	if (!(q = malloc(sizeof(*q))))
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	struct fz_img_lquery *lq = NULL;
	if ((rc = ref_image(db, ref, &img, err)) || (rc = load_query(db, img, q, err)) ||
	    (rc = load_lquery(db, img, &lq, err))) {
		free(q);
		return rc;
	}
	void *token;
	rc = fz_pattern_reader(db, &ix, &token, err);
	if (rc == FZ_ENOTFOUND) { /* nothing registered yet */
		free(q);
		fz_img_lquery_free(lq);
		free(lq);
		*out = json_pack("{s:s,s:[],s:[],s:o}", "query", ref, "matches", "others",
				 "thresholds", thresholds());
		return 0;
	}
	hits = rc ? NULL : calloc((size_t)top, sizeof(*hits));
	if (!rc && !hits)
		rc = fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	if (!rc)
		rc = fz_img_index_search_local(ix, q, lq, top, hits, &n, err);
	if (token)
		fz_pattern_reader_done(token);
	free(q);
	fz_img_lquery_free(lq);
	free(lq);
	if (rc) {
		free(hits);
		return rc;
	}
	json_t **m = calloc((size_t)(n ? n : 1), sizeof(*m));
	json_t *others = json_array();
	for (int i = 0; !rc && m && i < n; i++) {
		json_t *reg = fz_pattern_reg_json(db, hits[i].id);
		char self[32];
		if (!reg) /* an index record whose registration was rolled back */
			continue;
		snprintf(self, sizeof(self), "r%" PRId64, hits[i].id);
		if (!strcmp(self, ref)) {
			json_decref(reg);
			continue;
		}
		json_t *item = json_pack("{s:o,s:f,s:s,s:o}", "registration", reg,
					 "score", (double)hits[i].score, "decision",
					 fz_img_decision_name(hits[i].decision), "evidence",
					 verdict_json(&hits[i].verdict, hits[i].global));
		if (hits[i].decision != FZ_IMG_DIFFERENT)
			m[nm++] = item;
		else if (json_array_size(others) < 5)
			json_array_append_new(others, item);
		else
			json_decref(item);
	}
	free(hits);
	if (!m) {
		json_decref(others);
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	}
	qsort(m, (size_t)nm, sizeof(*m), cmp_match);
	json_t *matches = json_array();
	for (int i = 0; i < nm; i++)
		json_array_append_new(matches, m[i]);
	free(m);
	if (rc) {
		json_decref(matches);
		json_decref(others);
		return rc;
	}
	*out = json_pack("{s:s,s:o,s:o,s:o}", "query", ref, "matches", matches,
			 "others", others, "thresholds", thresholds());
	return 0;
}

static int encode_into(const struct fz_img *im, struct fz_buf *b, struct fz_err *err)
{
	uint8_t *png;
	size_t n;
	int rc = fz_img_encode_png(im, &png, &n, err);
	if (rc)
		return rc;
	fz_buf_add(b, png, n);
	rc = b->err;
	free(png);
	return rc ? fz_err_set(err, rc, NULL, "证据图片过大") : 0;
}

/* Both sides of a comparison: descriptors and pixels (keypoints and
 * evidence are taken from the pixels). */
struct side {
	int64_t image;
	struct fz_img_query *q;
	struct fz_img im;
};

static int load_side(struct fz_store *db, const char *ref, struct side *s,
		     struct fz_err *err)
{
	int rc;
	s->im = (struct fz_img){ 0, 0, NULL };
	if (!(s->q = malloc(sizeof(*s->q))))
		return fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	if ((rc = ref_image(db, ref, &s->image, err)) || (rc = load_query(db, s->image, s->q, err)))
		return rc;
	return load_png(db, s->image, &s->im, NULL, err);
}

static json_t *ref_json(struct fz_store *db, const char *ref)
{
	if (ref[0] == 'r')
		return fz_pattern_reg_json(db, strtoll(ref + 1, NULL, 10));
	return json_pack("{s:s}", "ref", ref);
}

int fz_pattern_compare(struct fz_store *db, const char *a, const char *b,
		       json_t **out, struct fz_buf *side, struct fz_buf *overlay,
		       struct fz_err *err)
{
	struct side sa, sb;
	struct fz_img_match mt;
	struct fz_img ev;
	int rc;
	*out = NULL;
	sa.im = sb.im = (struct fz_img){ 0, 0, NULL };
	sa.q = sb.q = NULL;
	if ((rc = load_side(db, a, &sa, err)) || (rc = load_side(db, b, &sb, err)))
		goto out;
	fz_img_compare(sa.q, sb.q, &mt);
	/* the readings that matched: the evidence outlines those repeats */
	const struct fz_img_desc *da = &sa.q->v[mt.va], *db_ = &sb.q->v[mt.vb];
	const struct fz_img_align al = mt.al;
	struct fz_img_verdict vd;
	int q_is_a = 1;
	if ((rc = fz_img_local_compare(&sa.im, &sb.im, &vd, &q_is_a, err)))
		goto out;
	float s = fz_img_fuse(mt.score, &vd);
	if (side) {
		if ((rc = fz_img_evidence_side(&sa.im, da, &sb.im, db_, &al, &ev, err)))
			goto out;
		fz_img_evidence_mark(&ev, &sa.im, &sb.im, &vd, q_is_a);
		rc = encode_into(&ev, side, err);
		fz_img_free(&ev);
		if (rc)
			goto out;
	}
	if (overlay) {
		if ((rc = fz_img_evidence_overlay(da, db_, &al, &ev, err)))
			goto out;
		rc = encode_into(&ev, overlay, err);
		fz_img_free(&ev);
		if (rc)
			goto out;
	}
	*out = json_pack("{s:f,s:s,s:o*,s:o*,s:{s:i,s:i,s:i,s:i,s:i},s:o,s:o}", "score", (double)s,
			 "decision", fz_img_decision_name(fz_img_match_decide(s)),
			 "a", ref_json(db, a), "b", ref_json(db, b),
			 "align", "symmetry", al.sym, "di", al.di, "dj", al.dj,
			 "reading_a", mt.va, "reading_b", mt.vb,
			 "evidence", verdict_json(&vd, mt.score), "thresholds", thresholds());
out:
	fz_img_free(&sa.im);
	fz_img_free(&sb.im);
	free(sa.q);
	free(sb.q);
	return rc;
}

static const char *jtext(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : "—";
}

static void describe_party(struct fz_doc *d, const char *label, json_t *o)
{
	if (json_object_get(o, "reg_no"))
		fz_doc_paraf(d, "%s：登记图样 %s《%s》，登记人 %s，创作完成日期 %s，首次发表日期 %s，"
			     "登记日期 %s，来源 %s，原始文件 SM3 %s。", label, jtext(o, "reg_no"),
			     jtext(o, "title"), jtext(o, "registrant"), jtext(o, "created_on"),
			     jtext(o, "published_on"), jtext(o, "registered_on"),
			     jtext(o, "source"), jtext(o, "image_sm3"));
	else
		fz_doc_paraf(d, "%s：送检图片 %s。", label, jtext(o, "ref"));
}

int fz_pattern_report(struct fz_store *db, const char *a, const char *b,
		      struct fz_buf *pdf, struct fz_err *err)
{
	json_t *res;
	struct fz_doc *d;
	char sc[32], st[32], ss[32];
	int rc = fz_pattern_compare(db, a, b, &res, NULL, NULL, err);
	if (rc)
		return rc;
	snprintf(sc, sizeof(sc), "%.4f", json_real_value(json_object_get(res, "score")));
	snprintf(st, sizeof(st), "%.2f", (double)fz_img_match_same);
	snprintf(ss, sizeof(ss), "%.2f", (double)fz_img_match_similar);
	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_organ(d, "版权AI智审");
	fz_doc_title(d, "图样比对报告");
	fz_doc_heading(d, 1, "比对对象");
	describe_party(d, "图样甲", json_object_get(res, "a"));
	describe_party(d, "图样乙", json_object_get(res, "b"));
	fz_doc_heading(d, 1, "比对结论");
	fz_doc_paraf(d, "相似度得分 %s，结论：%s。", sc,
		     json_string_value(json_object_get(res, "decision")));
	json_t *ev = json_object_get(res, "evidence");
	char pts[48], cov[32], tf[96], rep[32], agr[32];
	int verified = json_is_true(json_object_get(ev, "verified"));
	snprintf(pts, sizeof(pts), "%d 处，分布于 %d 个区域",
		 (int)json_integer_value(json_object_get(ev, "points")),
		 (int)json_integer_value(json_object_get(ev, "regions")));
	snprintf(cov, sizeof(cov), "%.0f%%", 100 * json_real_value(json_object_get(ev, "cover")));
	snprintf(agr, sizeof(agr), "%.2f", json_real_value(json_object_get(ev, "agreement")));
	snprintf(rep, sizeof(rep), "%.4f", json_real_value(json_object_get(ev, "repeat")));
	if (verified)
		snprintf(tf, sizeof(tf), "缩放 %.2f 倍，旋转 %.0f 度%s",
			 json_real_value(json_object_get(ev, "scale")),
			 json_real_value(json_object_get(ev, "rotation")),
			 json_is_true(json_object_get(ev, "mirror")) ? "，镜像" : "");
	const char *cells[] = { "项目", "数值", "相似度得分", sc,
				"相互印证的特征点", verified ? pts : "未发现",
				"印证区域覆盖比例", verified ? cov : "—",
				"几何变换", verified ? tf : "—",
				"对齐后重叠区域一致度", verified ? agr : "—",
				"循环单元相似度", rep,
				"“相同”阈值", st, "“近似”阈值", ss };
	fz_doc_table(d, 2, 9, cells, NULL);
	fz_doc_heading(d, 1, "方法说明");
	fz_doc_para(d, "系统先比对两幅图样的局部特征点（花样细节处的角点及其周边纹理，分别取自明暗"
		       "与配色边缘），只有许多特征点对按同一几何变换（缩放、旋转、镜像、平移）相互"
		       "印证时才构成局部证据；再按该变换将两幅图样逐点对齐，检验整个重叠区域的配色"
		       "结构能否相互解释（与具体颜色无关，换色不影响），从而区分真正的复制与仅共用"
		       "同一循环格局的不同设计。没有局部证据的，无论循环单元多么相似，都不判为相同"
		       "或近似。循环单元相似度：找出花样的循环单元，重采样为标准单元后对边缘结构作"
		       "互相关（考虑平移、镜像与四向旋转），以一半权重计入得分。得分不低于“相同”"
		       "阈值判为相同，不低于“近似”阈值判为近似，否则判为不同；阈值在独立生成的图样"
		       "数据上标定，不是复制品的图样达到“近似”的占 1% 至 3%，达到“相同”的为零。"
		       "并排对照图与叠合图可通过系统下载，作为本报告附件。");
	fz_doc_note(d, "本报告由系统自动生成，供审判参考，不替代专业鉴定意见");
	rc = fz_doc_pdf(d, pdf, NULL, err);
	fz_doc_free(d);
	json_decref(res);
	return rc;
}

/* ---- audit words (engine/audit.h) ---- */

static int pattern_text(struct fz_store *db, const char *sql, int64_t id,
			char *out, size_t n)
{
	struct fz_stmt *st;
	int rc = fz_store_query(db, &st, NULL, sql, "I", id);

	if (rc)
		return -1;
	if ((rc = fz_stmt_step(st, NULL)) == 1)
		snprintf(out, n, "%s", fz_stmt_text(st, 0));
	fz_stmt_finish(st);
	return rc == 1 ? 0 : -1;
}

int fz_pattern_audit_name_reg(struct fz_store *db, int64_t id,
			      const char *action, char *obj, char *act, size_t n)
{
	char reg[128];

	if (pattern_text(db, "SELECT reg_no FROM pattern_regs WHERE id = ?", id,
			 reg, sizeof(reg)))
		return -1;
	snprintf(obj, n, "图样登记 %s", reg);
	return 0;
}

int fz_pattern_audit_name_case(struct fz_store *db, int64_t id,
			       const char *action, char *obj, char *act, size_t n)
{
	return pattern_text(db, "SELECT case_no FROM pattern_cases WHERE id = ?",
			    id, obj, n);
}

int fz_pattern_audit_name_upload(struct fz_store *db, int64_t id,
				 const char *action, char *obj, char *act,
				 size_t n)
{
	char at[64];

	if (pattern_text(db, "SELECT substr(uploaded_at, 1, 10) FROM pattern_images"
			 " WHERE id = ?", id, at, sizeof(at)))
		return -1;
	if (strlen(at) == 10)   /* "2026-12-07" as 2026年12月7日 */
		snprintf(obj, n, "%.4s年%d月%d日上传的图样", at, atoi(at + 5),
			 atoi(at + 8));
	else
		snprintf(obj, n, "上传的图样");
	return 0;
}
