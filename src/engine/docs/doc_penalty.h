/* doc_penalty.h - the 行政处罚决定书 (ordinary procedure) as a document
 * skeleton the enforcement domain fills from its case.
 *
 * 行政处罚法 (2021) Art. 59 requires the decision to state (documents.md
 * §2): (1) the party's name and address; (2) the facts and evidence of the
 * violation; (3) the kind of penalty and its legal basis; (4) how and by
 * when it is to be performed; (5) the route and time limit for 行政复议 and
 * 行政诉讼; (6) the deciding agency and the date; and it bears the agency's
 * seal.  fz_doc_penalty refuses a struct that leaves any of these out. */
#ifndef FZ_ENGINE_DOC_PENALTY_H
#define FZ_ENGINE_DOC_PENALTY_H

#include <stdint.h>

#include "core/cal.h"
#include "core/err.h"
#include "engine/docs/doc.h"

/* Every string is borrowed for the call only; NULL means absent. */
struct fz_doc_penalty {
	const char *organ;          /* deciding agency, full name (6) */
	const char *number;         /* 文号, e.g. 柯综执罚决〔2024〕123号 */
	/* (1) the party */
	const char *party_name;     /* required */
	const char *party_id_label; /* "统一社会信用代码" or "身份证号码" */
	const char *party_id;       /* printed as given: mask it first if the
				     * copy is not the party's own */
	const char *party_rep;      /* 法定代表人 / 负责人, organisations */
	const char *party_address;  /* required: 住所 or 住址 */
	/* procedure so far (告知, 陈述申辩, 听证, 法制审核): practical, optional */
	const char *procedure;
	/* (2) facts and evidence */
	const char *facts;          /* required: "经查，…" without the 经查 */
	const char *const *evidence;/* required, nevidence >= 1 items */
	int nevidence;
	/* (3) kind of penalty and its basis */
	const char *violated;       /* the provisions broken, required */
	const char *basis;          /* the provisions that set the penalty */
	const char *discretion;     /* 裁量 reasoning (benchmark row), optional */
	const char *penalty_other;  /* non-money penalties ("警告"), optional */
	int64_t fine_cents;         /* 罚款, 0 = none */
	int64_t confiscate_cents;   /* 没收违法所得, 0 = none */
	/* (4) performance */
	const char *payment;        /* bank or e-payment channel, required
				     * when an amount is due */
	/* (5) remedies */
	const char *review_organ;   /* 行政复议机关, required */
	const char *court;          /* 人民法院 for 行政诉讼, required */
	/* (6) date, and the code */
	struct fz_date date;        /* decision date, required */
	const char *qr_url;         /* https://<host>/v/<行政行为码>, optional */
};

/* Build the decision into a new document (*out is the caller's,
 * fz_doc_free).  0, or FZ_EINVAL naming the first missing Art. 59 element
 * (field "party_name", "evidence", ...), or a money error for an
 * amount fz_money_daxie refuses. */
int fz_doc_penalty(struct fz_doc **out, const struct fz_doc_penalty *p,
		   struct fz_err *err);

#endif
