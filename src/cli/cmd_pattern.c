/* cmd_pattern.c - `fazhi pattern add|trace|compare|import|reindex`: the textile-pattern
 * engine (src/engine/image) from the command line, no server needed. */
#include "cli/cli.h"

#include "engine/image/img_decode.h"
#include "engine/image/img_desc.h"
#include "engine/image/img_evidence.h"
#include "engine/image/img_index.h"
#include "engine/image/img_local.h"
#include "app.h"
#include "domain/pattern/pattern.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char pattern_help[] =
	"usage: fazhi pattern add     IMAGE [--index DIR]\n"
	"       fazhi pattern add     IMAGE --db DB --meta \"REG_NO,TITLE,REGISTRANT,CREATED,PUBLISHED,REGISTERED,SOURCE\"\n"
	"       fazhi pattern trace   IMAGE [--index DIR] [--top K] [--json] [--repeat]\n"
	"       fazhi pattern trace   --batch LIST_OR_DIR [--index DIR] [--top K] [--json] [--repeat]\n"
	"       fazhi pattern compare A B [--evidence OUT.png] [--overlay OUT.png] [--json]\n"
	"       fazhi pattern import  MANIFEST.csv --db DB\n"
	"       fazhi pattern reindex --db DB\n"
	"  The index of registered designs lives in DIR (default: ./patterns,\n"
	"  or DB.patterns next to the database given with --db).  add prints\n"
	"  the new record number; with --meta (one manifest row without its\n"
	"  file column; PUBLISHED may be empty) it registers the design in the\n"
	"  database's registry and prints the registration id; trace lists the best matches with score and\n"
	"  decision (相同/近似/不同); compare scores two images and can write\n"
	"  the side-by-side evidence and the aligned overlay as PNG.  import\n"
	"  registers every row of a manifest (file,reg_no,title,registrant,\n"
	"  created_on,published_on,registered_on,source) in the database's\n"
	"  registry; bad rows are reported with their line and skipped.\n"
	"  reindex rebuilds DB.patterns from the registered images kept in the\n"
	"  database (after restoring a database alone, or an engine upgrade;\n"
	"  the server also does it by itself when it finds the index missing\n"
	"  or of an older version).\n";

/* `fazhi pattern import`: the registry in DB (its index is DB.patterns). */
static int cmd_import(const char *db_path, const char *manifest)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *db;
	int ok = 0, bad = 0;
	if (!db_path) {
		fprintf(stderr, "fazhi: pattern import needs --db DB\n");
		return FZ_EXIT_USAGE;
	}
	if (fz_cli_open_keyed(db_path, NULL, &db, &err))
		return fz_cli_fail(&err);
	int rc = fz_pattern_import(db, NULL, manifest, stderr, &ok, &bad, &err);
	fz_store_close(db);
	if (rc)
		return fz_cli_fail(&err);
	printf("imported %d, skipped %d\n", ok, bad);
	return bad ? FZ_EXIT_CHECK : FZ_EXIT_OK;
}

/* Load path and describe it with all its readings (the first is what an
 * index stores).  q is large: the caller allocates it. */
/* `fazhi pattern reindex`: DB.patterns rebuilt from the kept images. */
static int cmd_reindex(const char *db_path)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *db;
	size_t n = 0;
	if (!db_path) {
		fprintf(stderr, "fazhi: pattern reindex needs --db DB\n");
		return FZ_EXIT_USAGE;
	}
	if (fz_cli_open_keyed(db_path, NULL, &db, &err))
		return fz_cli_fail(&err);
	int rc = fz_pattern_reindex(db, NULL, &n, &err);
	fz_store_close(db);
	if (rc)
		return fz_cli_fail(&err);
	printf("indexed %zu\n", n);
	return FZ_EXIT_OK;
}

/* `fazhi pattern add IMAGE --db DB --meta ROW`: a registration. */
static int cmd_register(const char *db_path, const char *path, const char *meta)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *db;
	int64_t id = 0;
	if (!db_path) {
		fprintf(stderr, "fazhi: pattern add --meta needs --db DB\n");
		return FZ_EXIT_USAGE;
	}
	if (fz_cli_open_keyed(db_path, NULL, &db, &err))
		return fz_cli_fail(&err);
	int rc = fz_pattern_add_file(db, NULL, path, meta, &id, &err);
	fz_store_close(db);
	if (rc)
		return fz_cli_fail(&err);
	printf("r%lld\n", (long long)id);
	return FZ_EXIT_OK;
}

static int describe_file(const char *path, struct fz_img *im, struct fz_img_query *q,
			 struct fz_err *err)
{
	int rc = fz_img_load(path, im, err);
	if (!rc)
		rc = fz_img_describe_query(im, q, err);
	return rc;
}

static void index_dir(const char *index, const char *db, char *out, size_t n)
{
	if (index)
		snprintf(out, n, "%s", index);
	else if (db)
		snprintf(out, n, "%s.patterns", db);
	else
		snprintf(out, n, "patterns");
}

static int cmd_add(const char *dir, const char *path)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img im;
	struct fz_img_desc d;
	struct fz_img_local *loc = malloc(sizeof(*loc));
	struct fz_img_index *ix;
	int rc = loc ? fz_img_load(path, &im, &err) : fz_err_set(&err, FZ_ENOMEM, NULL, "内存不足");
	if (!rc) {
		rc = fz_img_describe(&im, &d, &err);
		if (!rc)
			rc = fz_img_local_describe(&im, loc, &err);
		fz_img_free(&im);
	}
	if (rc || (rc = fz_img_index_open(dir, 1, &ix, &err))) {
		free(loc);
		return fz_cli_fail(&err);
	}
	int64_t id = (int64_t)fz_img_index_count(ix) + 1;
	rc = fz_img_index_add(ix, id, &d, loc, &err);
	fz_img_index_close(ix);
	free(loc);
	if (rc)
		return fz_cli_fail(&err);
	printf("%lld\n", (long long)id);
	return FZ_EXIT_OK;
}

/* One query through an open index: its hits, printed as one line (JSON
 * or tab-separated rows).  name is the query as given. */
static int trace_one(struct fz_img_index *ix, const char *path, int top, int json,
		     int batch, int verify, struct fz_err *err)
{
	struct fz_img im;
	struct fz_img_query *q = malloc(sizeof(*q));
	struct fz_img_lquery *lq = calloc(1, sizeof(*lq));
	struct fz_img_hit *hits = calloc((size_t)top, sizeof(*hits));
	int n = 0, rc = q && lq && hits ? 0 : fz_err_set(err, FZ_ENOMEM, NULL, "内存不足");
	if (!rc)
		rc = describe_file(path, &im, q, err);
	if (!rc) {
		if (verify)
			rc = fz_img_local_query(&im, lq, err);
		fz_img_free(&im);
	}
	if (!rc)
		rc = verify ? fz_img_index_search_local(ix, q, lq, top, hits, &n, err)
			    : fz_img_index_search_query(ix, q, top, 0, hits, &n, err);
	if (!rc && json) {
		json_t *o = json_object(), *m = json_array();
		if (batch)
			json_object_set_new(o, "query", json_string(path));
		for (int i = 0; i < n; i++) {
			const struct fz_img_verdict *v = &hits[i].verdict;
			json_t *h = json_pack("{s:I,s:f,s:s}", "id", (json_int_t)hits[i].id,
					      "score", (double)hits[i].score,
					      "decision", fz_img_decision_name(hits[i].decision));
			if (verify)
				json_object_update_new(h, json_pack("{s:i,s:i,s:f,s:f,s:f,s:b,s:f}",
					"points", v->inliers, "regions", v->regions,
					"cover", (double)v->cover, "scale", (double)v->scale,
					"rotation", (double)v->angle, "mirror", v->mirror,
					"repeat", (double)hits[i].global));
			json_array_append_new(m, h);
		}
		json_object_set_new(o, "matches", m);
		char *txt = json_dumps(o, JSON_COMPACT);
		if (txt)
			puts(txt);
		free(txt);
		json_decref(o);
	} else if (!rc) {
		for (int i = 0; i < n; i++)
			printf("%s%s%lld\t%.4f\t%s\n", batch ? path : "", batch ? "\t" : "",
			       (long long)hits[i].id, hits[i].score,
			       fz_img_decision_name(hits[i].decision));
	}
	if (lq)
		fz_img_lquery_free(lq);
	free(lq);
	free(q);
	free(hits);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The queries of --batch: the image files of a folder (by name), or the
 * lines of a list file. */
static int batch_list(const char *src, char ***out, size_t *n, struct fz_err *err)
{
	struct stat st;
	char **v = NULL, line[4096];
	size_t cap = 0;
	*n = 0;
	if (stat(src, &st))
		return fz_err_set(err, FZ_ENOTFOUND, "batch", "找不到 %s", src);
	DIR *d = S_ISDIR(st.st_mode) ? opendir(src) : NULL;
	FILE *f = d ? NULL : fopen(src, "r");
	if (!d && !f)
		return fz_err_set(err, FZ_EIO, "batch", "无法读取 %s", src);
	for (;;) {
		struct dirent *e = NULL;
		if (d) {
			if (!(e = readdir(d)))
				break;
			if (e->d_name[0] == '.')
				continue;
			snprintf(line, sizeof(line), "%s/%s", src, e->d_name);
		} else {
			if (!fgets(line, sizeof(line), f))
				break;
			line[strcspn(line, "\r\n")] = '\0';
			if (!line[0])
				continue;
		}
		if (*n == cap) {
			char **nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		if (!(v[*n] = strdup(line)))
			break;
		(*n)++;
	}
	if (d)
		closedir(d);
	else
		fclose(f);
	if (d)
		qsort(v, *n, sizeof(*v), by_name);
	*out = v;
	return 0;
}

static int cmd_trace(const char *dir, const char *path, const char *batch, int top, int json,
		     int verify)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img_index *ix;
	char **list = NULL;
	size_t nl = 0;
	int rc = fz_img_index_open(dir, 0, &ix, &err), bad = 0;
	if (rc)
		return fz_cli_fail(&err);
	if (!batch) {
		rc = trace_one(ix, path, top, json, 0, verify, &err);
		fz_img_index_close(ix);
		return rc ? fz_cli_fail(&err) : FZ_EXIT_OK;
	}
	if ((rc = batch_list(batch, &list, &nl, &err))) {
		fz_img_index_close(ix);
		return fz_cli_fail(&err);
	}
	/* one bad image does not stop the batch: it is named on stderr */
	for (size_t i = 0; i < nl; i++) {
		struct fz_err e = FZ_ERR_INIT;
		if (trace_one(ix, list[i], top, json, 1, verify, &e)) {
			fprintf(stderr, "%s: %s\n", list[i], e.msg);
			bad++;
		}
		free(list[i]);
	}
	free(list);
	fz_img_index_close(ix);
	return bad ? FZ_EXIT_FAIL : FZ_EXIT_OK;
}

static int write_png(const struct fz_img *im, const char *path, struct fz_err *err)
{
	uint8_t *buf;
	size_t n;
	int rc = fz_img_encode_png(im, &buf, &n, err);
	if (rc)
		return rc;
	rc = fz_img_write_file(path, buf, n, err);
	free(buf);
	return rc;
}

static int cmd_compare(const char *pa, const char *pb, const char *evidence,
		       const char *overlay, int json)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_img a = { 0, 0, NULL }, b = { 0, 0, NULL }, ev;
	struct fz_img_query *qa = malloc(sizeof(*qa)), *qb = malloc(sizeof(*qb));
	struct fz_img_match m;
	int rc = 0;
	if (!qa || !qb)
		rc = fz_err_set(&err, FZ_ENOMEM, NULL, "内存不足");
	if (!rc)
		rc = describe_file(pa, &a, qa, &err);
	if (!rc)
		rc = describe_file(pb, &b, qb, &err);
	if (rc)
		goto out;
	fz_img_compare(qa, qb, &m);
	const struct fz_img_desc *da = &qa->v[m.va], *db = &qb->v[m.vb];
	struct fz_img_verdict vd;
	int q_is_a = 1;
	if ((rc = fz_img_local_compare(&a, &b, &vd, &q_is_a, &err)))
		goto out;
	float s = fz_img_fuse(m.score, &vd);
	if (evidence) {
		if ((rc = fz_img_evidence_side(&a, da, &b, db, &m.al, &ev, &err)))
			goto out;
		fz_img_evidence_mark(&ev, &a, &b, &vd, q_is_a);
		rc = write_png(&ev, evidence, &err);
		fz_img_free(&ev);
		if (rc)
			goto out;
	}
	if (overlay) {
		if ((rc = fz_img_evidence_overlay(da, db, &m.al, &ev, &err)))
			goto out;
		rc = write_png(&ev, overlay, &err);
		fz_img_free(&ev);
		if (rc)
			goto out;
	}
	if (json)
		printf("{\"score\":%.4f,\"decision\":\"%s\",\"same_threshold\":%.2f,"
		       "\"similar_threshold\":%.2f,\"points\":%d,\"repeat\":%.4f}\n", s,
		       fz_img_decision_name(fz_img_match_decide(s)), fz_img_match_same,
		       fz_img_match_similar, vd.inliers >= FZ_IMG_LOCAL_MIN_INLIERS ? vd.inliers : 0,
		       m.score);
	else
		printf("%.4f\t%s\n", s, fz_img_decision_name(fz_img_match_decide(s)));
out:
	fz_img_free(&a);
	fz_img_free(&b);
	free(qa);
	free(qb);
	return rc ? fz_cli_fail(&err) : FZ_EXIT_OK;
}

int fz_cmd_pattern(int argc, char **argv)
{
	const char *index = NULL, *db = NULL, *top = NULL, *json = NULL;
	const char *evidence = NULL, *overlay = NULL, *meta = NULL, *batch = NULL, *pos[3];
	const char *repeat = NULL;
	const struct fz_opt opts[] = {
		{ "--index", 0, &index }, { "--db", 0, &db }, { "--top", 0, &top },
		{ "--meta", 0, &meta }, { "--batch", 0, &batch }, { "--repeat", 1, &repeat },
		{ "--json", 1, &json }, { "--evidence", 0, &evidence },
		{ "--overlay", 0, &overlay }, { NULL, 0, NULL }
	};
	char dir[4096];
	int got, rc = fz_cli_parse(argc, argv, 2, opts, pos, 3, &got);
	if (rc || got < 1)
		goto usage;
	index_dir(index, db, dir, sizeof(dir));
	if (!strcmp(pos[0], "import") && got == 2)
		return cmd_import(db, pos[1]);
	if (!strcmp(pos[0], "reindex") && got == 1)
		return cmd_reindex(db);
	if (!strcmp(pos[0], "add") && got == 2 && meta)
		return cmd_register(db, pos[1], meta);
	if (!strcmp(pos[0], "add") && got == 2)
		return cmd_add(dir, pos[1]);
	if (!strcmp(pos[0], "trace") && (got == 2) != (batch != NULL)) {
		char *end = NULL;
		long k = top ? strtol(top, &end, 10) : 10;
		if ((top && (*end || end == top)) || k < 1 || k > FZ_IMG_INDEX_MAX_K) {
			fprintf(stderr, "fazhi: --top must be 1..%d\n", FZ_IMG_INDEX_MAX_K);
			return FZ_EXIT_USAGE;
		}
		return cmd_trace(dir, batch ? NULL : pos[1], batch, (int)k, json != NULL,
				 repeat == NULL);
	}
	if (!strcmp(pos[0], "compare") && got == 3)
		return cmd_compare(pos[1], pos[2], evidence, overlay, json != NULL);
usage:
	fputs(pattern_help, rc < 0 ? stdout : stderr);
	return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}
