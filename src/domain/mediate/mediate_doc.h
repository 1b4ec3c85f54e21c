/* mediate_doc.h - the 人民调解协议书 built with engine/docs.
 *
 * 人民调解法 Art. 28-29 (K: the reference checks Art. 29(2), 30, 31 for
 * when it takes effect): the agreement states (1) the parties; (2) the main
 * facts, the matters in dispute and each party's responsibility; (3) what
 * the parties agreed, and how and by when it is performed; it takes effect
 * when every party signs, seals or fingerprints it, the mediator signs and
 * the committee seals it (Art. 29(2)).  The document leaves the lines for
 * those signatures and the seal, and tells the parties they may apply for
 * 司法确认 together within 30 days (Art. 33). */
#ifndef FZ_DOMAIN_MEDIATE_DOC_H
#define FZ_DOMAIN_MEDIATE_DOC_H

#include <stdint.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "engine/docs/doc.h"
#include "store/store.h"

struct fz_mediate_agreement {
	const char *committee;   /* 人民调解委员会 (the organisation), required */
	const char *number;      /* required */
	const char *party_a, *party_b; /* required */
	const char *facts;       /* (2) facts and matters in dispute, required */
	const char *agreement;   /* (3) what was agreed, required */
	const char *performance; /* (3) how and by when, required */
	int64_t amount_cents;    /* 0 = no sum of money */
	const char *mediator;    /* required */
	struct fz_date date;     /* required */
};

/* FZ_EINVAL naming the first missing element. */
int fz_mediate_agreement_doc(struct fz_doc **out,
			     const struct fz_mediate_agreement *p,
			     struct fz_err *err);

/* The agreement of a mediated dispute as PDF (appended to out).
 * FZ_ENOTFOUND, FZ_ESTATE (no agreement yet). */
int fz_mediate_agreement_pdf(struct fz_store *db,
			     const struct fz_case_actor *a, int64_t case_id,
			     struct fz_buf *out, struct fz_err *err);

#endif
