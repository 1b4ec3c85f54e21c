/* mediate_doc.c - the 人民调解协议书 (see mediate_doc.h). */
#include "domain/mediate/mediate_doc.h"

#include <stdio.h>
#include <string.h>

#include "domain/mediate/mediate.h"

static int blank(const char *s)
{
	return !s || !*s;
}

int fz_mediate_agreement_doc(struct fz_doc **out,
			     const struct fz_mediate_agreement *p,
			     struct fz_err *err)
{
	const char *need = NULL, *msg = NULL;
	struct fz_doc *d;
	int rc = 0;

	*out = NULL;
	if (blank(p->committee))
		need = "committee", msg = "人民调解委员会名称";
	else if (blank(p->number))
		need = "number", msg = "编号";
	else if (blank(p->party_a) || blank(p->party_b))
		need = "parties", msg = "当事人的基本情况";
	else if (blank(p->facts))
		need = "facts", msg = "纠纷的主要事实和争议事项";
	else if (blank(p->agreement))
		need = "agreement", msg = "调解协议的内容";
	else if (blank(p->performance))
		need = "performance", msg = "履行的方式和期限";
	else if (blank(p->mediator))
		need = "mediator", msg = "人民调解员";
	else if (!fz_date_valid(p->date))
		need = "date", msg = "日期";
	if (need)
		return fz_err_set(err, FZ_EINVAL, need,
				  "人民调解协议书缺少%s（《中华人民共和国人民调解法》第二十九条）", msg);
	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_organ(d, p->committee);
	fz_doc_title(d, "人民调解协议书");
	fz_doc_number(d, p->number);
	/* (1) */
	fz_doc_paraf(d, "当事人（甲方）：%s", p->party_a);
	fz_doc_paraf(d, "当事人（乙方）：%s", p->party_b);
	/* (2) */
	fz_doc_paraf(d, "纠纷主要事实、争议事项：%s", p->facts);
	/* (3) */
	fz_doc_paraf(d, "经人民调解委员会调解，双方当事人自愿达成如下协议：%s", p->agreement);
	if (p->amount_cents > 0) {
		struct fz_buf b = FZ_BUF_INIT;
		fz_buf_adds(&b, "协议涉及金额：");
		rc = fz_doc_money_text(p->amount_cents, &b, err);
		if (!rc)
			fz_doc_para(d, b.data);
		fz_buf_release(&b);
	}
	fz_doc_paraf(d, "履行方式、时限：%s", p->performance);
	fz_doc_para(d, "本协议一式三份，双方当事人、人民调解委员会各持一份。本协议自双方当事人签名、"
		    "盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"
		    "（《中华人民共和国人民调解法》第二十九条第二款）。");
	/* Art. 33 */
	fz_doc_para(d, "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。");
	fz_doc_para(d, "当事人（签名、盖章或按指印）：甲方________  乙方________");
	fz_doc_paraf(d, "人民调解员（签名）：%s", p->mediator);
	fz_doc_sign(d, p->committee, p->date, 1);
	if (!rc)
		rc = fz_doc_error(d, err);
	if (rc) {
		fz_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int fz_mediate_agreement_pdf(struct fz_store *db,
			     const struct fz_case_actor *a, int64_t case_id,
			     struct fz_buf *out, struct fz_err *err)
{
	const struct fz_case_type *t = fz_mediate_type_of(db, case_id);
	struct fz_mediate_agreement p = { 0 };
	struct fz_doc *d = NULL;
	struct fz_stmt *st;
	json_t *c = NULL, *f;
	int rc, have;

	if (!t)
		return fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	rc = fz_case_get_json(db, t, a, case_id, (struct fz_date){ 0, 0, 0 }, &c, err);
	if (rc)
		return rc;
	f = json_object_get(c, "facts");
	rc = fz_store_query(db, &st, err,
		"SELECT o.name, d.applicant, d.respondent, d.summary,"
		" d.agreed_cents, COALESCE(m.name, ''), COALESCE(d.mediated_on, ''),"
		" d.outcome FROM mediate_disputes d JOIN mediate_orgs o ON"
		" o.id = d.org_id LEFT JOIN mediate_mediators m ON m.id ="
		" d.mediator_id WHERE d.case_id = ?", "I", case_id);
	have = !rc;
	if (!rc && fz_stmt_step(st, err) == 1) {
		if (strcmp(fz_stmt_text(st, 7), "success")) {
			rc = fz_err_set(err, FZ_ESTATE, "state", "尚未达成调解协议");
		} else {
			p.committee = fz_stmt_text(st, 0);
			p.number = json_string_value(json_object_get(c, "number"));
			p.party_a = fz_stmt_text(st, 1);
			p.party_b = fz_stmt_text(st, 2);
			p.facts = fz_stmt_text(st, 3);
			p.amount_cents = fz_stmt_int(st, 4);
			p.mediator = fz_stmt_text(st, 5);
			fz_date_parse(&p.date, fz_stmt_text(st, 6), NULL);
			p.agreement = json_string_value(json_object_get(f, "协议内容"));
			p.performance = json_string_value(json_object_get(f, "履行方式"));
			if (blank(p.performance))
				p.performance = "按上述协议内容约定的方式和期限履行";
			rc = fz_mediate_agreement_doc(&d, &p, err);
		}
	}
	if (have)
		fz_stmt_finish(st);
	if (!rc && d)
		rc = fz_doc_pdf(d, out, NULL, err);
	fz_doc_free(d);
	json_decref(c);
	return rc;
}
