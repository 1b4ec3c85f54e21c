/* review_doc.h - the 行政复议决定书 (行政复议法 2023) built with engine/docs.
 *
 * The law lists no contents (Art. 75 asks for a written decision under
 * the review organ's seal, effective on service; Art. 61 the organ's
 * name); documents.md §4 gives the typical structure from the official
 * templates, and fz_review_doc refuses a struct that leaves out any of
 * its parts: number, parties, the act and the procedure, the claims and
 * the reply, the findings, the reasoning, the decision with its article,
 * the remedy notice (行政诉讼法 Art. 45: 15 days), the organ and the date
 * with room for the seal. */
#ifndef FZ_DOMAIN_REVIEW_DOC_H
#define FZ_DOMAIN_REVIEW_DOC_H

#include "core/buf.h"
#include "core/cal.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "engine/docs/doc.h"
#include "store/store.h"

/* Strings are borrowed for the call; NULL means absent. */
struct fz_review_doc {
	const char *organ;        /* 行政复议机关 (Art. 61), required */
	const char *number;       /* 文号, required */
	const char *applicant;    /* required */
	const char *applicant_id; /* masked unless the copy is the party's */
	const char *address;
	const char *respondent;   /* 被申请人, required */
	const char *act;          /* the act challenged, required */
	struct fz_date received, accepted; /* required */
	const char *procedure;    /* "普通" or "简易", required */
	const char *steps;        /* hearing, committee, suspension, extension */
	const char *request;      /* 申请人请求及理由, required */
	const char *reply;        /* 被申请人答复, required ("未在法定期限内答复") */
	const char *findings;     /* 经审理查明, required */
	const char *reasoning;    /* 本机关认为, required */
	const char *decision;     /* decision type name (fz_review_decisions) */
	const char *ruling;       /* 决定内容, required */
	const char *court;        /* 人民法院 for the remedy notice, required */
	struct fz_date date;      /* required */
};

/* Build the decision (*out is the caller's).  FZ_EINVAL naming the first
 * missing part (field "findings", ...). */
int fz_review_doc(struct fz_doc **out, const struct fz_review_doc *p,
		  struct fz_err *err);

/* The decision of a decided case as PDF, appended to out: facts 查明事实,
 * 本机关认为, 决定内容 (and 被申请人答复) must have been recorded.
 * FZ_ENOTFOUND (no such case or outside the actor's scope), FZ_ESTATE
 * (not decided), FZ_EINVAL (a part missing). */
int fz_review_decision_pdf(struct fz_store *db, const struct fz_case_actor *a,
			   int64_t case_id, struct fz_buf *out,
			   struct fz_err *err);

#endif
