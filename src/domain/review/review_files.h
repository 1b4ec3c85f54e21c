/* review_files.h - the materials an online 行政复议 application carries
 * (行政复议法 Art. 17, 22): identity papers, the contested decision, the
 * 授权委托书 of an agent, evidence.
 *
 * An applicant uploads each file first (no login: the public route is rate
 * limited) and gets a one-time ticket; the application names its tickets
 * and claims the files inside its own transaction.  A file is PDF, JPEG or
 * PNG (checked by its first bytes, not by a name or a header the client
 * chose), at most FZ_REVIEW_FILE_MAX bytes, sealed with SM4 at rest
 * (crypto/sm.h) and kept with the SM3 hash of its content.  Only the hash
 * of a ticket is stored, so a copy of the database cannot claim a file.
 * Files no application claimed within a day are deleted at the next
 * upload. */
#ifndef FZ_REVIEW_FILES_H
#define FZ_REVIEW_FILES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct fz_store;
struct fz_keys;

#define FZ_REVIEW_FILE_MAX (5u << 20)   /* bytes a file */
#define FZ_REVIEW_FILES_MAX 10          /* files an application */
#define FZ_REVIEW_TICKET_LEN 33         /* 32 hex digits and a NUL */

/* The Chinese name of an API kind code (identity, decision, power,
 * agent_identity, evidence), or NULL for an unknown one. */
const char *fz_review_file_kind_name(const char *kind);

/* Stage one upload (own transaction).  FZ_EINVAL on field "file" for an
 * unknown kind, an empty or oversized file or one that is not PDF, JPEG or
 * PNG.  ticket gets the one-time ticket. */
int fz_review_file_stage(struct fz_store *db, const struct fz_keys *keys,
			 const char *kind, const void *data, size_t len,
			 char ticket[FZ_REVIEW_TICKET_LEN], struct fz_err *err);

/* Inside the caller's transaction: attach the staged files of tickets (a
 * JSON array of strings, or NULL) to case_id.  FZ_EINVAL on field "files"
 * when there are too many, a ticket is unknown, used or expired, or when
 * agents is set and no 授权委托书 is among them (行政复议法 Art. 17(2)). */
int fz_review_files_claim(struct fz_store *db, int64_t case_id,
			  const json_t *tickets, int agents, struct fz_err *err);

/* The case's files as a new JSON array of {id, kind, kind_name, type,
 * size} in upload order. */
int fz_review_files_list(struct fz_store *db, int64_t case_id, json_t **out,
			 struct fz_err *err);

/* One file of case_id opened into out; *mime and *ext name its type.
 * FZ_ENOTFOUND when the case has no such file; FZ_EINTERNAL when the
 * seal or the stored hash does not check. */
int fz_review_file_get(struct fz_store *db, const struct fz_keys *keys,
		       int64_t case_id, int64_t file_id, struct fz_buf *out,
		       const char **mime, const char **ext, char *kind_name,
		       size_t n, struct fz_err *err);

#endif
