/* doc_penalty.c - the 行政处罚决定书 skeleton (行政处罚法 2021 Art. 59). */
#include "engine/docs/doc_penalty.h"

#include <stdio.h>
#include <string.h>

static int blank(const char *s)
{
	return !s || !*s;
}

/* The Art. 59 elements the struct must carry, in the law's order. */
static int check(const struct fz_doc_penalty *p, struct fz_err *err)
{
	const char *need = NULL, *msg = NULL;

	if (blank(p->party_name))
		need = "party_name", msg = "当事人姓名或者名称";
	else if (blank(p->party_address))
		need = "party_address", msg = "当事人地址";
	else if (blank(p->facts))
		need = "facts", msg = "违法事实";
	else if (p->nevidence < 1 || !p->evidence)
		need = "evidence", msg = "证据";
	else if (blank(p->violated) || blank(p->basis))
		need = "basis", msg = "违反的规定和处罚依据";
	else if (!p->fine_cents && !p->confiscate_cents &&
		 blank(p->penalty_other))
		need = "penalty", msg = "行政处罚的种类";
	else if ((p->fine_cents || p->confiscate_cents) && blank(p->payment))
		need = "payment", msg = "履行方式";
	else if (blank(p->review_organ) || blank(p->court))
		need = "remedy", msg = "申请行政复议、提起行政诉讼的途径";
	else if (blank(p->organ))
		need = "organ", msg = "作出决定的行政机关名称";
	else if (!fz_date_valid(p->date))
		need = "date", msg = "作出决定的日期";
	if (need)
		return fz_err_set(err, FZ_EINVAL, need,
				  "行政处罚决定书缺少%s（《中华人民共和国行政处罚法》第五十九条）",
				  msg);
	for (int i = 0; i < p->nevidence; i++)
		if (blank(p->evidence[i]))
			return fz_err_set(err, FZ_EINVAL, "evidence",
					  "第%d项证据为空", i + 1);
	return 0;
}

static int money(struct fz_doc *d, int n, const char *what, int64_t cents,
		 const char *end, struct fz_err *err)
{
	struct fz_buf b = FZ_BUF_INIT;
	int rc;

	fz_buf_addf(&b, "%d．%s", n, what);
	rc = fz_doc_money_text(cents, &b, err);
	fz_buf_adds(&b, end);
	if (!rc)
		fz_doc_para(d, b.data);
	fz_buf_release(&b);
	return rc;
}

/* (3): the penalties, one numbered line each, the last one ending 。 */
static int penalties(struct fz_doc *d, const struct fz_doc_penalty *p,
		     struct fz_err *err)
{
	int total = !blank(p->penalty_other) + !!p->fine_cents +
		    !!p->confiscate_cents, n = 0, rc = 0;

	if (!blank(p->penalty_other)) {
		n++;
		fz_doc_paraf(d, "%d．%s%s", n, p->penalty_other,
			     n == total ? "。" : "；");
	}
	if (p->fine_cents && !rc) {
		n++;
		rc = money(d, n, "罚款", p->fine_cents, n == total ? "。" : "；",
			   err);
	}
	if (p->confiscate_cents && !rc) {
		n++;
		rc = money(d, n, "没收违法所得", p->confiscate_cents,
			   n == total ? "。" : "；", err);
	}
	return rc;
}

/* Does s end with a full stop or a comma (。，；) already? */
static int ends_with_stop(const char *s)
{
	size_t n = strlen(s);

	return n >= 3 && (!strcmp(s + n - 3, "。") || !strcmp(s + n - 3, "，") ||
			  !strcmp(s + n - 3, "；"));
}

int fz_doc_penalty(struct fz_doc **out, const struct fz_doc_penalty *p,
		   struct fz_err *err)
{
	struct fz_doc *d;
	int rc = check(p, err);

	*out = NULL;
	if (rc)
		return rc;
	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_organ(d, p->organ);
	fz_doc_title(d, "行政处罚决定书");
	if (!blank(p->number))
		fz_doc_number(d, p->number);

	/* Art. 59(1): the party */
	fz_doc_paraf(d, "当事人：%s", p->party_name);
	if (!blank(p->party_id))
		fz_doc_paraf(d, "%s：%s", blank(p->party_id_label) ?
			     "证件号码" : p->party_id_label, p->party_id);
	if (!blank(p->party_rep))
		fz_doc_paraf(d, "法定代表人（负责人）：%s", p->party_rep);
	fz_doc_paraf(d, "地址：%s", p->party_address);
	if (!blank(p->procedure))
		fz_doc_para(d, p->procedure);

	/* Art. 59(2): facts and evidence */
	fz_doc_paraf(d, "经查，%s%s", p->facts, ends_with_stop(p->facts) ? "" : "。");
	fz_doc_para(d, "以上事实有下列证据证明：");
	for (int i = 0; i < p->nevidence; i++)
		fz_doc_paraf(d, "%d．%s%s", i + 1, p->evidence[i],
			     i + 1 == p->nevidence ? "。" : "；");

	/* Art. 59(3): kind of penalty and legal basis */
	fz_doc_paraf(d, "本机关认为，当事人的上述行为违反了%s的规定。"
		     "依据%s的规定，%s%s本机关决定对当事人作出如下行政处罚：",
		     p->violated, p->basis,
		     blank(p->discretion) ? "" : p->discretion,
		     blank(p->discretion) || ends_with_stop(p->discretion) ? "" : "。");
	if ((rc = penalties(d, p, err))) {
		fz_doc_free(d);
		return rc;
	}

	/* Art. 59(4): how and by when; Art. 67(3) 15 days; Art. 72(1)(一)
	 * 3 % a day, capped at the fine */
	if (p->fine_cents || p->confiscate_cents) {
		fz_doc_paraf(d, "当事人应当自收到本决定书之日起十五日内，"
			     "将罚没款缴至%s。", p->payment);
		if (p->fine_cents)
			fz_doc_para(d, "到期不缴纳罚款的，本机关可以每日按罚款数额的"
				    "百分之三加处罚款，加处罚款的数额不超过罚款的数额，"
				    "并可以依法申请人民法院强制执行。");
	}

	/* Art. 59(5): 行政复议法 Art. 20 (60 days), 行政诉讼法 Art. 46
	 * (6 months); 行政处罚法 Art. 73(1): no stay while they run */
	fz_doc_paraf(d, "当事人如不服本决定，可以在收到本决定书之日起六十日内"
		     "向%s申请行政复议，也可以在收到本决定书之日起六个月内"
		     "依法向%s提起行政诉讼。当事人对行政处罚决定不服，"
		     "申请行政复议或者提起行政诉讼的，行政处罚不停止执行，"
		     "法律另有规定的除外。", p->review_organ, p->court);

	/* Art. 59(6) and the seal */
	fz_doc_sign(d, p->organ, p->date, 1);
	if (!blank(p->qr_url))
		fz_doc_qr(d, p->qr_url, "扫码核验行政行为码");
	if ((rc = fz_doc_error(d, err))) {
		fz_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
