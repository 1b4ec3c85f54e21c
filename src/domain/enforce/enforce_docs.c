/* enforce_docs.c - the penalty document set of a case (documents.md §2,
 * §3): the 行政处罚决定书 (engine/docs/doc_penalty, every Art. 59 element)
 * and the notices served with it ("多书同达"): 守法建议书, 学法积分建议书,
 * 信用修复告知书 and, when granted, the 延期（分期）缴纳罚款告知书.  Each
 * carries the act's 行政行为码 as a QR code and money in figures and 大写. */
#include "domain/enforce/enforce.h"

#include "core/buf.h"
#include "core/money.h"
#include "domain/org/org.h"
#include "engine/actcode/actcode.h"
#include "engine/docs/doc.h"
#include "engine/docs/doc_penalty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the documents need of a case. */
struct dcase {
	json_t *cj;          /* fz_case_get_json */
	char number[FZ_CASE_NUMBER_LEN];
	char organ[128];
	char party_kind[8], party[256], party_id[64], address[400], rep[64];
	char token[FZ_ACTCODE_TEXT_MAX + 1];
	char decided_on[FZ_DATE_STRLEN];
	int64_t fine;
};

static const char *fstr(const struct dcase *c, const char *key, const char *def)
{
	json_t *v = json_object_get(json_object_get(c->cj, "facts"), key);
	return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : def;
}

static int dcase_load(struct fz_store *db, const struct fz_case_actor *actor,
		      int64_t id, struct dcase *c, struct fz_err *err)
{
	struct fz_stmt *st;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = fz_case_get_json(db, &fz_enforce_penalty_type, actor, id,
			      fz_date_today_cn(), &c->cj, err);
	if (rc)
		return rc;
	snprintf(c->number, sizeof(c->number), "%s",
		 json_string_value(json_object_get(c->cj, "number")));
	rc = fz_store_query(db, &st, err,
		"SELECT e.unit_id, p.kind, p.name, p.id_masked, p.address, p.rep,"
		" COALESCE(e.decided_on,''), COALESCE(e.fine,0),"
		" COALESCE((SELECT token FROM enf_acts a WHERE a.case_id = e.case_id"
		"  AND a.type IN (2,3) ORDER BY a.id DESC LIMIT 1),'')"
		" FROM enf_cases e"
		" LEFT JOIN enf_parties p ON p.id = e.party_id WHERE e.case_id = ?",
		"I", id);
	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		fz_org_unit_name(db, fz_stmt_int(st, 0), c->organ, sizeof(c->organ));
		snprintf(c->party_kind, sizeof(c->party_kind), "%s", fz_stmt_text(st, 1));
		snprintf(c->party, sizeof(c->party), "%s", fz_stmt_text(st, 2));
		snprintf(c->party_id, sizeof(c->party_id), "%s", fz_stmt_text(st, 3));
		snprintf(c->address, sizeof(c->address), "%s", fz_stmt_text(st, 4));
		snprintf(c->rep, sizeof(c->rep), "%s", fz_stmt_text(st, 5));
		snprintf(c->decided_on, sizeof(c->decided_on), "%s", fz_stmt_text(st, 6));
		c->fine = fz_stmt_int(st, 7);
		snprintf(c->token, sizeof(c->token), "%s", fz_stmt_text(st, 8));
		rc = 0;
	} else if (rc == 0) {
		rc = fz_err_set(err, FZ_ENOTFOUND, "id", "案件不存在");
	}
	fz_stmt_finish(st);
	if (!rc && !c->decided_on[0])
		rc = fz_err_set(err, FZ_ESTATE, "id", "案件尚未作出决定，不能生成处罚文书");
	return rc;
}

/* 柯市监罚〔2024〕12号 → 柯市监罚决〔2024〕12号 (the decision's 文号). */
static void decision_no(const char *number, char *out, size_t n)
{
	const char *p = strstr(number, "〔");
	if (!p) {
		snprintf(out, n, "%s", number);
		return;
	}
	snprintf(out, n, "%.*s决%s", (int)(p - number), number, p);
}

static int build_decision(const struct dcase *c, const char *qr,
			  struct fz_doc **out, struct fz_err *err)
{
	struct fz_doc_penalty p = { 0 };
	const char *evidence[16];
	char no[FZ_CASE_NUMBER_LEN + 8], proc[600], evbuf[2048];
	const char *ev = fstr(c, "证据", NULL), *facts = fstr(c, "违法事实", NULL);
	int n = 0;

	/* Art. 59(1)(二): the facts and the evidence are the decision's own,
	 * as recorded; never the case's title or a list made up here */
	if (!facts || !ev)
		return fz_err_set(err, FZ_ESTATE, facts ? "证据" : "违法事实",
			"决定书须写明违法事实和证据（《中华人民共和国行政处罚法》"
			"第五十九条第一款第（二）项）：请先在“作出处罚决定”时填写%s",
			facts ? "证据" : "违法事实");
	decision_no(c->number, no, sizeof(no));
	/* one piece of evidence a line (or separated by ；) */
	snprintf(evbuf, sizeof(evbuf), "%s", ev);
	for (char *save = NULL, *t = strtok_r(evbuf, "\n", &save); t && n < 16;
	     t = strtok_r(NULL, "\n", &save)) {
		t += strspn(t, " \t");
		size_t len = strlen(t);
		while (len && (t[len - 1] == ' ' || t[len - 1] == '\r'))
			t[--len] = '\0';
		/* a trailing ；or 。 is the document's to write */
		if (len >= 3 && (!strcmp(t + len - 3, "；") || !strcmp(t + len - 3, "。")))
			t[len - 3] = '\0';
		if (*t)
			evidence[n++] = t;
	}
	if (!n)
		return fz_err_set(err, FZ_ESTATE, "证据",
			"决定书须写明证据（《中华人民共和国行政处罚法》第五十九条第一款"
			"第（二）项）：请先在“作出处罚决定”时填写证据");
	snprintf(proc, sizeof(proc),
		 "本机关于立案后依法调查取证，并告知当事人拟作出的行政处罚内容及事实、理由、依据，"
		 "以及依法享有的陈述、申辩%s权利。%s",
		 fstr(c, "听证笔录", NULL) ? "、要求听证" : "和要求听证的",
		 fstr(c, "法制审核意见", NULL) ? "本案经法制审核。" : "");
	p.organ = c->organ;
	p.number = no;
	p.party_name = c->party;
	p.party_id_label = !strcmp(c->party_kind, "org") ? "统一社会信用代码" : "身份证号码";
	p.party_id = c->party_id;
	p.party_rep = c->rep[0] ? c->rep : NULL;
	p.party_address = c->address;
	p.procedure = proc;
	p.facts = facts;
	p.evidence = evidence;
	p.nevidence = n;
	p.violated = fstr(c, "违反条款", "《中华人民共和国行政处罚法》相关规定");
	p.basis = fstr(c, "处罚依据", NULL);
	p.discretion = fstr(c, "裁量结果", NULL);
	p.penalty_other = strcmp(fstr(c, "处罚种类", "罚款"), "罚款") ?
		fstr(c, "处罚种类", NULL) : NULL;
	p.fine_cents = c->fine;
	p.payment = "浙江政务服务网“浙里办”统一公共支付平台或者指定代收银行";
	p.review_organ = "绍兴市柯桥区人民政府";
	p.court = "绍兴市越城区人民法院";
	fz_date_parse(&p.date, c->decided_on, NULL);
	p.qr_url = qr;
	return fz_doc_penalty(out, &p, err);
}

static void notice_head(struct fz_doc *d, const struct dcase *c,
			const char *title, const char *suffix)
{
	char no[FZ_CASE_NUMBER_LEN + 16];
	const char *p = strstr(c->number, "〔");
	if (p)
		snprintf(no, sizeof(no), "%.*s%s%s", (int)(p - c->number), c->number,
			 suffix, p);
	else
		snprintf(no, sizeof(no), "%s", c->number);
	fz_doc_organ(d, c->organ);
	fz_doc_title(d, title);
	fz_doc_number(d, no);
	fz_doc_recipient(d, c->party);
}

static void notice_tail(struct fz_doc *d, const struct dcase *c, const char *qr)
{
	struct fz_date on;
	if (fz_date_parse(&on, c->decided_on, NULL))
		on = fz_date_today_cn();
	fz_doc_sign(d, c->organ, on, 1);
	if (qr)
		fz_doc_qr(d, qr, "扫码核验行政行为码并评价");
}

static int money(int64_t cents, struct fz_buf *b, struct fz_err *err)
{
	fz_buf_reset(b);
	return fz_doc_money_text(cents, b, err);
}

static void build_advice(struct fz_doc *d, const struct dcase *c, const char *qr)
{
	char no[FZ_CASE_NUMBER_LEN + 8];
	decision_no(c->number, no, sizeof(no));
	notice_head(d, c, "守法建议书", "建");
	/* 行政处罚法 Art. 6: 处罚与教育相结合; Art. 28: 责令改正 */
	fz_doc_paraf(d, "本机关在办理你（单位）%s一案（%s）中发现，你（单位）存在%s的行为，违反了%s。",
		     json_string_value(json_object_get(c->cj, "title")), no,
		     fstr(c, "违法事实", "违法"), fstr(c, "违反条款", "相关法律规定"));
	fz_doc_para(d, "为帮助你（单位）依法合规经营，避免再次发生同类违法行为，根据《中华人民共和国行政处罚法》第六条“坚持处罚与教育相结合”的规定，提出如下建议：");
	fz_doc_heading(d, 1, "立即改正违法行为");
	fz_doc_para(d, fstr(c, "整改要求", "立即停止违法行为，对照法律规定全面自查，消除违法状态及其危害后果。"));
	fz_doc_heading(d, 1, "建立健全合规制度");
	fz_doc_para(d, "明确合规责任人，建立进货查验、台账记录、定期自查等制度，组织从业人员学习相关法律法规。");
	fz_doc_heading(d, 1, "接受跟踪回访");
	fz_doc_para(d, "本机关将在三十日内进行回访检查。如有疑问，可向本机关咨询。");
	notice_tail(d, c, qr);
}

static void build_study(struct fz_doc *d, const struct dcase *c, const char *qr)
{
	char no[FZ_CASE_NUMBER_LEN + 8];
	decision_no(c->number, no, sizeof(no));
	notice_head(d, c, "学法积分建议书", "学");
	/* Local policy only (documents.md §3, "?"): not the traffic scheme */
	fz_doc_paraf(d, "鉴于你（单位）在%s一案（%s）中存在违法行为，为增强法治意识，建议你（单位）的负责人及相关从业人员参加学法积分活动。",
		     json_string_value(json_object_get(c->cj, "title")), no);
	fz_doc_heading(d, 1, "学习内容");
	fz_doc_paraf(d, "%s及其配套规定；《中华人民共和国行政处罚法》。", fstr(c, "处罚依据", "相关法律法规"));
	fz_doc_heading(d, 1, "积分方式");
	fz_doc_para(d, "通过“浙里办”学法平台完成课程学习和在线测试，每完成一门课程并测试合格记10分，累计满30分视为完成。");
	fz_doc_heading(d, 1, "积分用途");
	fz_doc_para(d, "完成学法积分的，可作为信用修复中主动纠正、积极整改的参考材料，并可作为本机关确定监管频次的参考。");
	fz_doc_heading(d, 1, "完成期限");
	fz_doc_para(d, "请于收到本建议书之日起六十日内完成。");
	notice_tail(d, c, qr);
}

static int build_credit(struct fz_doc *d, const struct dcase *c, const char *qr,
			struct fz_err *err)
{
	char no[FZ_CASE_NUMBER_LEN + 8];
	struct fz_buf m = FZ_BUF_INIT;
	int serious = c->fine >= 10000000;
	int rc = money(c->fine, &m, err);

	decision_no(c->number, no, sizeof(no));
	notice_head(d, c, "信用修复告知书", "信");
	fz_doc_paraf(d, "本机关对你（单位）作出的行政处罚决定（%s，罚款%s）将依法在“信用中国”“信用浙江”网站公示。",
		     no, rc ? "" : m.data);
	/* 《信用修复管理办法》 (in force 2026-04-01, documents.md §3, S):
	 * 一般 3 months..1 year, 严重 1..3 years; older regimes similar */
	fz_doc_paraf(d, "该信息属于%s失信信息，最短公示期为%s，最长公示期为%s，自行政处罚决定作出之日起计算；最长公示期届满后自动停止公示。",
		     serious ? "严重" : "一般", serious ? "一年" : "三个月",
		     serious ? "三年" : "一年");
	fz_doc_para(d, "你（单位）在最短公示期届满后，同时符合下列条件的，可以申请信用修复：（一）已履行行政处罚决定规定的义务；（二）已纠正违法行为，消除不良影响；（三）作出信用承诺。");
	fz_doc_para(d, "申请方式：通过“信用中国”网站或者“信用浙江”网站在线提交信用修复申请，附行政处罚决定书、罚款缴纳凭证、整改情况说明和信用承诺书。");
	notice_tail(d, c, qr);
	fz_buf_release(&m);
	return rc;
}

static int build_deferral(struct fz_doc *d, const struct dcase *c, const char *qr,
			  struct fz_err *err)
{
	char no[FZ_CASE_NUMBER_LEN + 8];
	struct fz_buf m = FZ_BUF_INIT;
	const char *plan = fstr(c, "分期计划", NULL);
	const char *until = fstr(c, "延期至", NULL);
	int rc;

	if (!plan && !until)
		return fz_err_set(err, FZ_ESTATE, "kind",
				  "本案未批准延期或者分期缴纳罚款（《中华人民共和国行政处罚法》第六十六条）");
	rc = money(c->fine, &m, err);
	decision_no(c->number, no, sizeof(no));
	notice_head(d, c, "延期（分期）缴纳罚款告知书", "延");
	fz_doc_paraf(d, "你（单位）因确有经济困难，申请延期（分期）缴纳本机关%s行政处罚决定书所确定的罚款%s。",
		     no, rc ? "" : m.data);
	/* Art. 66(2): 经当事人申请和行政机关批准，可以暂缓或者分期缴纳 */
	if (until)
		fz_doc_paraf(d, "根据《中华人民共和国行政处罚法》第六十六条第二款的规定，经审查，本机关同意你（单位）延期缴纳罚款，缴纳期限延至%s。", until);
	if (plan)
		fz_doc_paraf(d, "根据《中华人民共和国行政处罚法》第六十六条第二款的规定，经审查，本机关同意你（单位）分期缴纳罚款，分期计划为：%s。", plan);
	fz_doc_para(d, "请按期通过“浙里办”统一公共支付平台或者指定代收银行缴纳。");
	/* Art. 72(1)(一), (2): 3 % a day capped at the fine; the period for
	 * applying to the court runs from the end of the deferral */
	fz_doc_para(d, "逾期不缴纳的，本机关将依照《中华人民共和国行政处罚法》第七十二条的规定，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额，并依法申请人民法院强制执行；申请人民法院强制执行的期限，自暂缓或者分期缴纳罚款期限结束之日起计算。");
	notice_tail(d, c, qr);
	fz_buf_release(&m);
	return rc;
}

int fz_enforce_doc(struct fz_store *db, const struct fz_keys *keys,
		   const struct fz_case_actor *actor, int64_t id,
		   const char *kind, int html, const char *base_url,
		   struct fz_buf *out, struct fz_err *err)
{
	struct dcase c;
	struct fz_doc *d = NULL;
	char qr[512];
	int rc;

	if (!kind || (strcmp(kind, "decision") && strcmp(kind, "advice") &&
		      strcmp(kind, "study") && strcmp(kind, "credit") &&
		      strcmp(kind, "deferral")))
		return fz_err_set(err, FZ_ENOTFOUND, "kind", "没有这种文书");
	rc = dcase_load(db, actor, id, &c, err);
	if (!rc) {
		snprintf(qr, sizeof(qr), "%s/v/%s", base_url ? base_url : "", c.token);
		if (!strcmp(kind, "decision")) {
			rc = build_decision(&c, c.token[0] ? qr : NULL, &d, err);
		} else {
			fz_doc_new(&d, FZ_DOC_HEAD_PLAIN);
			if (!strcmp(kind, "advice"))
				build_advice(d, &c, c.token[0] ? qr : NULL);
			else if (!strcmp(kind, "study"))
				build_study(d, &c, c.token[0] ? qr : NULL);
			else if (!strcmp(kind, "credit"))
				rc = build_credit(d, &c, c.token[0] ? qr : NULL, err);
			else
				rc = build_deferral(d, &c, c.token[0] ? qr : NULL, err);
		}
	}
	if (!rc)
		rc = html ? fz_doc_html(d, out, err) : fz_doc_pdf(d, out, NULL, err);
	fz_doc_free(d);
	json_decref(c.cj);
	return rc;
}
