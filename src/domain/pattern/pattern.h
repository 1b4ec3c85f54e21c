/* pattern.h - 版权AI智审: the registry of textile designs (登记), single-image
 * tracing (单图溯源), comparison of two designs (图样比对) and the uploads
 * they work on.  The descriptors and the on-disk index are engine/image's;
 * this module owns the tables, the dates and the people, and keeps the
 * index in the directory "<database>.patterns" next to the database.
 *
 * Images are referred to by a short reference: "u<id>" an upload (a query
 * photo, a scan), "r<id>" a registered design.  Every write is one
 * transaction with its audit entry; the index record of a registration is
 * appended inside that transaction (the database write lock serialises
 * writers), and an index record whose row was rolled back is ignored. */
#ifndef FZ_DOMAIN_PATTERN_PATTERN_H
#define FZ_DOMAIN_PATTERN_PATTERN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "engine/image/img_desc.h"
#include "http/route.h"
#include "store/store.h"

struct fz_keys;

/* Who writes: user NULL = the CLI or the system; ip "" for the CLI. */
struct fz_pattern_actor {
	const struct fz_user *user;
	const char *ip;
};

/* What a registration records.  Dates are ISO YYYY-MM-DD; published_on
 * may be NULL or "" (not yet published). */
struct fz_pattern_meta {
	const char *reg_no;        /* 作品登记号, 1-64 characters, unique */
	const char *title;         /* 作品名称 */
	const char *registrant;    /* 登记人 (著作权人) */
	const char *created_on;    /* 创作完成日期 */
	const char *published_on;  /* 首次发表日期 */
	const char *registered_on; /* 登记日期 */
	const char *source;        /* 来源: 版权登记, 在先发表证据, 电商上架 ... */
};

/* Longest side of the copy of an image kept for evidence. */
#define FZ_PATTERN_KEEP_SIDE 1024
#define FZ_PATTERN_MAX_TOP 100

extern const struct fz_migration fz_pattern_migrations[];
extern const struct fz_route fz_pattern_routes[];

/* Audit namers (engine/audit.h): "pattern_reg:<id>" (图样登记 <登记号>),
 * "pattern_case:<id>" (the case number), "pattern_upload:<id>" (the day
 * it was uploaded). */
int fz_pattern_audit_name_reg(struct fz_store *db, int64_t id,
			      const char *action, char *obj, char *act, size_t n);
int fz_pattern_audit_name_case(struct fz_store *db, int64_t id,
			       const char *action, char *obj, char *act, size_t n);
int fz_pattern_audit_name_upload(struct fz_store *db, int64_t id,
				 const char *action, char *obj, char *act,
				 size_t n);

/* The index directory of db: "<path>.patterns" (out of n bytes). */
void fz_pattern_index_dir(struct fz_store *db, char *out, size_t n);

/* Decode, check and describe an uploaded image (n bytes) and keep it as
 * upload "u<id>".  FZ_EINVAL/FZ_ETOOBIG for a file that is not a usable
 * PNG/JPEG/WebP image.  Audited ("pattern.upload"). */
int fz_pattern_upload(struct fz_store *db, const struct fz_pattern_actor *a,
		      const void *data, size_t n, int64_t *id, struct fz_err *err);

/* Register the design of upload upload_id with meta: validates every
 * field (FZ_EINVAL naming it), refuses a registration number already
 * used (FZ_ECONFLICT), appends the descriptor to the index.  *id gets
 * the registration's id.  Audited ("pattern.register"). */
int fz_pattern_register(struct fz_store *db, const struct fz_pattern_actor *a,
			int64_t upload_id, const struct fz_pattern_meta *m,
			int64_t *id, struct fz_err *err);

/* Bulk import: manifest is a CSV file with the header
 *   file,reg_no,title,registrant,created_on,published_on,registered_on,source
 * (file relative to the manifest's folder).  Each good row is registered
 * in its own transaction; a bad row (unreadable image, bad field,
 * duplicate number, wrong column count) is reported to report as
 * "第 N 行：reason" and skipped.  *ok and *bad count them.  Fails only
 * when the manifest cannot be read or its header is wrong. */
int fz_pattern_import(struct fz_store *db, const struct fz_pattern_actor *a,
		      const char *manifest, FILE *report, int *ok, int *bad,
		      struct fz_err *err);

/* Register the image file path with meta, one manifest row without its
 * file column ("reg_no,title,registrant,created_on,published_on,
 * registered_on,source", CSV quoting): `fazhi pattern add --meta`.
 * Audited like a registration through the API. */
int fz_pattern_add_file(struct fz_store *db, const struct fz_pattern_actor *a,
			const char *path, const char *meta, int64_t *id, struct fz_err *err);

/* 单图溯源 of image ref (an upload or a registration): the top registered
 * designs.  *out = {"query":ref, "matches":[…], "others":[…],
 * "thresholds":{…}}: matches (相同 and 近似) ordered by earliest date
 * (creation or first publication), then score; others (不同, best
 * first, at most 5).  Each item carries the registration, its dates,
 * who registered it, the score, the decision and the evidence links. */
int fz_pattern_trace(struct fz_store *db, const char *ref, int top,
		     json_t **out, struct fz_err *err);

/* 图样比对 of a and b (references): *out = {score, decision, a, b, align,
 * thresholds}.  side and overlay (either may be NULL) receive the
 * evidence PNGs (img_evidence.h). */
int fz_pattern_compare(struct fz_store *db, const char *a, const char *b,
		       json_t **out, struct fz_buf *side, struct fz_buf *overlay,
		       struct fz_err *err);

/* The comparison report (PDF through engine/docs) of a and b. */
int fz_pattern_report(struct fz_store *db, const char *a, const char *b,
		      struct fz_buf *pdf, struct fz_err *err);

/* The PNG kept for ref. */
int fz_pattern_image(struct fz_store *db, const char *ref, struct fz_buf *png,
		     struct fz_err *err);

/* A registration as JSON (NULL when missing). */
json_t *fz_pattern_reg_json(struct fz_store *db, int64_t id);

/* The registered design's readings, by registration id (from the
 * database copy kept with its image; described again from the kept PNG
 * when stored by an older engine). */
int fz_pattern_reg_query(struct fz_store *db, int64_t id, struct fz_img_query *q,
			 struct fz_err *err);

/* Open the index (writable: in_tx, inside the caller's write
 * transaction); a missing index while registrations exist, or one of an
 * older descriptor version, is rebuilt from the kept images first.
 * FZ_ENOTFOUND: nothing registered. */
struct fz_img_index;
int fz_pattern_index_open(struct fz_store *db, int in_tx, struct fz_img_index **ix,
			  struct fz_err *err);

/* The process's shared reader of the index (rebuilt first when missing
 * or old, reopened when the file changed); give it back with
 * fz_pattern_reader_done(token).  FZ_ENOTFOUND: nothing registered. */
int fz_pattern_reader(struct fz_store *db, struct fz_img_index **ix, void **token,
		      struct fz_err *err);
void fz_pattern_reader_done(void *token);

/* Rebuild the index from the registrations (`fazhi pattern reindex`):
 * *count receives how many; audited. */
int fz_pattern_reindex(struct fz_store *db, const struct fz_pattern_actor *a,
		       size_t *count, struct fz_err *err);

/* The `fazhi demo` step (pattern_demo.c). */
int fz_pattern_demo(struct fz_store *db, const struct fz_keys *keys,
		    uint64_t seed, FILE *out, struct fz_err *err);

#endif
