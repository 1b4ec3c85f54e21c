/* review_doc.c - the 行政复议决定书 (see review_doc.h). */
#include "domain/review/review_doc.h"

#include <stdio.h>
#include <string.h>

#include "domain/review/review.h"

static int blank(const char *s)
{
	return !s || !*s;
}

static int check(const struct fz_review_doc *p, struct fz_err *err)
{
	static const struct {
		size_t off;
		const char *field, *label;
	} req[] = {
#define R(f, l) { offsetof(struct fz_review_doc, f), #f, l }
		R(organ, "行政复议机关名称"), R(number, "文号"),
		R(applicant, "申请人"), R(respondent, "被申请人"),
		R(act, "被申请的行政行为"), R(procedure, "审理程序"),
		R(request, "申请人请求及理由"), R(reply, "被申请人答复"),
		R(findings, "经审理查明的事实"), R(reasoning, "本机关认为"),
		R(decision, "决定类型"), R(ruling, "决定内容"),
		R(court, "起诉的人民法院"),
#undef R
	};
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (blank(*(const char *const *)((const char *)p + req[i].off)))
			return fz_err_set(err, FZ_EINVAL, req[i].field,
					  "行政复议决定书缺少%s", req[i].label);
	if (!fz_date_valid(p->received) || !fz_date_valid(p->accepted))
		return fz_err_set(err, FZ_EINVAL, "accepted", "行政复议决定书缺少收到和受理申请的日期");
	if (!fz_date_valid(p->date))
		return fz_err_set(err, FZ_EINVAL, "date", "行政复议决定书缺少决定日期");
	if (!fz_review_decision_find(p->decision))
		return fz_err_set(err, FZ_EINVAL, "decision", "决定类型不是行政复议法规定的类型");
	return 0;
}

int fz_review_doc(struct fz_doc **out, const struct fz_review_doc *p,
		  struct fz_err *err)
{
	const struct fz_review_decision *dt;
	char r[FZ_DOC_DATE_LEN], a[FZ_DOC_DATE_LEN];
	struct fz_doc *d;
	int rc = check(p, err);

	*out = NULL;
	if (rc)
		return rc;
	dt = fz_review_decision_find(p->decision);
	fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
	fz_doc_organ(d, p->organ);
	fz_doc_title(d, "行政复议决定书");
	fz_doc_number(d, p->number);
	/* parties */
	fz_doc_paraf(d, "申请人：%s", p->applicant);
	if (!blank(p->applicant_id))
		fz_doc_paraf(d, "证件号码：%s", p->applicant_id);
	if (!blank(p->address))
		fz_doc_paraf(d, "住址（住所）：%s", p->address);
	fz_doc_paraf(d, "被申请人：%s", p->respondent);
	/* the act and the procedure */
	fz_doc_paraf(d, "申请人不服被申请人%s，于%s向本机关申请行政复议，本机关于%s依法受理，"
		     "适用%s程序审理%s%s。本案现已审理终结。", p->act,
		     fz_doc_date_text(p->received, FZ_DOC_DATE_ARABIC, r),
		     fz_doc_date_text(p->accepted, FZ_DOC_DATE_ARABIC, a),
		     p->procedure, blank(p->steps) ? "" : "，", blank(p->steps) ? "" : p->steps);
	/* claims and arguments */
	fz_doc_paraf(d, "申请人请求：%s", p->request);
	fz_doc_paraf(d, "被申请人答复称：%s", p->reply);
	/* findings and reasoning */
	fz_doc_paraf(d, "经审理查明：%s", p->findings);
	fz_doc_paraf(d, "本机关认为：%s", p->reasoning);
	/* the decision, with its article (Art. 33, 63-72) */
	fz_doc_paraf(d, "根据%s之规定，本机关决定：%s", dt->cite,
		     p->ruling);
	/* remedy: 行政诉讼法 Art. 45, 15 days from receipt */
	fz_doc_paraf(d, "申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向%s提起行政诉讼。",
		     p->court);
	/* Art. 75: in writing, under the organ's seal, effective on service */
	fz_doc_para(d, "本决定书自送达之日起发生法律效力。");
	fz_doc_sign(d, p->organ, p->date, 1);
	if ((rc = fz_doc_error(d, err))) {
		fz_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

static const char *fact(const json_t *f, const char *k)
{
	return json_string_value(json_object_get(f, k));
}

int fz_review_decision_pdf(struct fz_store *db, const struct fz_case_actor *a,
			   int64_t case_id, struct fz_buf *out,
			   struct fz_err *err)
{
	struct fz_review_doc p = { 0 };
	struct fz_stmt *st;
	struct fz_doc *d = NULL;
	json_t *c = NULL, *f;
	char accepted[FZ_DATE_STRLEN] = "";
	int have, rc = fz_case_get_json(db, &fz_review_case, a, case_id,
				  (struct fz_date){ 0, 0, 0 }, &c, err);

	if (rc)
		return rc == FZ_EINVAL ? fz_err_set(err, FZ_ENOTFOUND, "id",
						    "复议案件不存在") : rc;
	if (strcmp(json_string_value(json_object_get(c, "state")), "decided")) {
		json_decref(c);
		return fz_err_set(err, FZ_ESTATE, "state", "案件尚未作出复议决定");
	}
	/* the acceptance date from the timeline */
	{
		json_t *ev;
		size_t i;
		json_array_foreach(json_object_get(c, "events"), i, ev)
			/* the acceptance the periods count from: recorded, or
			 * deemed at the end of the review period (行政复议法
			 * Art. 30(3)) */
			if (!strcmp(json_string_value(json_object_get(ev, "name")), "accept") ||
			    !strcmp(json_string_value(json_object_get(ev, "name")), "deemed_accept"))
				snprintf(accepted, sizeof(accepted), "%s",
					 json_string_value(json_object_get(ev, "on")));
	}
	f = json_object_get(c, "facts");
	p.organ = fact(f, "复议机关");
	p.number = json_string_value(json_object_get(c, "number"));
	p.procedure = fact(f, "程序");
	p.reply = fact(f, "被申请人答复");
	if (blank(p.reply) && !strcmp(fact(f, "答复情况") ? fact(f, "答复情况") : "", "逾期未答复"))
		p.reply = "被申请人未在法定期限内提出书面答复、提交证据和依据（《中华人民共和国行政复议法》第七十条）。";
	p.findings = fact(f, "查明事实");
	p.reasoning = fact(f, "本机关认为");
	p.decision = fact(f, "决定类型");
	p.ruling = fact(f, "决定内容");
	p.steps = fact(f, "审理经过");
	p.court = fact(f, "管辖法院") ? fact(f, "管辖法院") : "绍兴市柯桥区人民法院";
	fz_date_parse(&p.accepted, accepted, NULL);
	fz_date_parse(&p.date, json_string_value(json_object_get(c, "closed_on")), NULL);
	rc = fz_store_query(db, &st, err,
		"SELECT applicant, COALESCE(applicant_id_masked, ''), address,"
		" respondent, act, request, received_on FROM review_cases WHERE"
		" case_id = ?", "I", case_id);
	have = !rc;
	if (!rc && fz_stmt_step(st, err) == 1) {
		p.applicant = fz_stmt_text(st, 0);
		p.applicant_id = fz_stmt_text(st, 1);
		p.address = fz_stmt_text(st, 2);
		p.respondent = fz_stmt_text(st, 3);
		p.act = fz_stmt_text(st, 4);
		p.request = fz_stmt_text(st, 5);
		fz_date_parse(&p.received, fz_stmt_text(st, 6), NULL);
		rc = fz_review_doc(&d, &p, err);
	}
	if (have)
		fz_stmt_finish(st);
	if (!rc && d)
		rc = fz_doc_pdf(d, out, NULL, err);
	fz_doc_free(d);
	json_decref(c);
	return rc;
}
