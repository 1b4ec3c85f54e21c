/* mediate_award.c - is a labour arbitration award final (终局裁决)?
 *
 * 劳动争议调解仲裁法 Art. 47: "下列劳动争议，除本法另有规定的外，仲裁裁决为
 * 终局裁决，裁决书自作出之日起发生法律效力：（一）追索劳动报酬、工伤医疗费、
 * 经济补偿或者赔偿金，不超过当地月最低工资标准十二个月金额的争议；（二）因执行
 * 国家的劳动标准在工作时间、休息休假、社会保险等方面发生的争议。"
 * 最高人民法院关于审理劳动争议案件适用法律问题的解释（一） (2020) Art. 19:
 * with several items, each item's amount is compared on its own; Art. 20
 * and 浙江省劳动人事争议调解仲裁条例 (2020) Art. 37(4): an award with final
 * and non-final items is non-final as a whole.  浙江条例 Art. 37(1): awards
 * on 社会保险费补缴 and 工伤保险待遇赔付 are final.
 *
 * The local monthly minimum wage is data (fz_mediate_min_wages below). */
#include "domain/mediate/mediate.h"

#include <stdio.h>
#include <string.h>

/* 柯桥区's monthly minimum wage (the province's first tier), by the day it
 * took effect, newest last.  Sources: 浙江省人民政府《关于调整全省最低工资
 * 标准的通知》, in force 2021-08-01 (一档 2280 元) and 2025-01-01 (一档
 * 2490 元; 二档 2260, 三档 2010), as reported from the provincial
 * government's site (confidence S: secondary sources; the notices' numbers
 * were not checked).  That 柯桥区 is in the first tier (绍兴市 sets each
 * county's tier) is K/?: not verified against a 绍兴 notice.  A step may
 * give the figure itself (fact 当地月最低工资标准, 分) to override. */
const struct fz_mediate_min_wage fz_mediate_min_wages[] = {
	{ { 2021, 8, 1 }, 228000, "浙江省人民政府关于调整全省最低工资标准的通知（2021年8月1日起执行，第一档）" },
	{ { 2025, 1, 1 }, 249000, "浙江省人民政府关于调整全省最低工资标准的通知（2025年1月1日起执行，第一档）" },
	{ { 0, 0, 0 }, 0, NULL }
};

const struct fz_mediate_min_wage *fz_mediate_min_wage_on(struct fz_date on)
{
	const struct fz_mediate_min_wage *w = NULL;
	for (const struct fz_mediate_min_wage *x = fz_mediate_min_wages; x->source; x++)
		if (fz_date_cmp(x->from, on) <= 0)
			w = x;
	return w;
}

enum item_kind { ITEM_MONEY, ITEM_STANDARD, ITEM_ZJ_FINAL, ITEM_OTHER };

/* Art. 47(1) money claims, Art. 47(2) labour standards, 浙江条例 Art. 37(1). */
static const struct {
	const char *name;
	enum item_kind kind;
} kinds[] = {
	{ "劳动报酬", ITEM_MONEY }, { "工伤医疗费", ITEM_MONEY },
	{ "经济补偿", ITEM_MONEY }, { "赔偿金", ITEM_MONEY },
	{ "工作时间", ITEM_STANDARD }, { "休息休假", ITEM_STANDARD },
	{ "社会保险", ITEM_STANDARD },
	{ "社会保险费补缴", ITEM_ZJ_FINAL }, { "工伤保险待遇", ITEM_ZJ_FINAL },
};

static enum item_kind kind_of(const char *name)
{
	for (size_t i = 0; name && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, name))
			return kinds[i].kind;
	return ITEM_OTHER;
}

/* One item: 1 final, 0 not (why says which rule), FZ_EINVAL when bad. */
static int item_final(const json_t *it, size_t i, int64_t cap, char *why,
		      size_t n, struct fz_err *err)
{
	const char *name = json_string_value(json_object_get(it, "类别"));
	const json_t *amt = json_object_get(it, "金额");
	enum item_kind k = kind_of(name);

	if (!json_is_object(it) || !name || !name[0])
		return fz_err_set(err, FZ_EINVAL, "裁决事项",
				  "第%zu项裁决事项应写明类别", i + 1);
	if (amt && (!json_is_integer(amt) || json_integer_value(amt) < 0))
		return fz_err_set(err, FZ_EINVAL, "裁决事项",
				  "第%zu项的金额应为非负整数（分）", i + 1);
	if (k == ITEM_STANDARD || k == ITEM_ZJ_FINAL)
		return 1;
	if (k == ITEM_OTHER) {
		snprintf(why, n, "第%zu项「%s」不属于《中华人民共和国劳动争议调解仲裁法》"
			 "第四十七条规定的终局裁决事项", i + 1, name);
		return 0;
	}
	if (!amt)
		return fz_err_set(err, FZ_EINVAL, "裁决事项",
				  "第%zu项「%s」须填写裁决金额（分），以判断是否超过当地月最低"
				  "工资标准十二个月金额", i + 1, name);
	if (json_integer_value(amt) > cap) {
		snprintf(why, n, "第%zu项「%s」金额超过当地月最低工资标准十二个月金额"
			 "（%lld.%02lld元），不属于《中华人民共和国劳动争议调解仲裁法》"
			 "第四十七条第一项", i + 1, name, (long long)(cap / 100),
			 (long long)(cap % 100));
		return 0;
	}
	return 1;
}

int fz_mediate_award_kind(const json_t *items, struct fz_date on,
			  int64_t min_wage, struct fz_mediate_award *out,
			  struct fz_err *err)
{
	const struct fz_mediate_min_wage *w = fz_mediate_min_wage_on(on);
	size_t i;
	const json_t *it;

	memset(out, 0, sizeof(*out));
	if (!json_is_array(items) || !json_array_size(items))
		return fz_err_set(err, FZ_EINVAL, "裁决事项",
				  "裁决事项应为列表，每项写明类别和金额");
	out->min_wage = min_wage > 0 ? min_wage : w ? w->cents : 0;
	if (out->min_wage <= 0)
		return fz_err_set(err, FZ_EINVAL, "当地月最低工资标准",
				  "没有该日适用的当地月最低工资标准，请填写（分）");
	out->final = 1;
	json_array_foreach(items, i, it) {
		int rc = item_final(it, i, 12 * out->min_wage, out->reason,
				    sizeof(out->reason), err);
		if (rc < 0)
			return rc;
		if (!rc) {
			/* 浙江条例 Art. 37(4): one non-final item decides */
			out->final = 0;
			break;
		}
	}
	if (out->final)
		snprintf(out->reason, sizeof(out->reason),
			 "各项均属《中华人民共和国劳动争议调解仲裁法》第四十七条规定的事项"
			 "（金额各不超过当地月最低工资标准十二个月金额%lld元），为终局裁决",
			 (long long)(12 * out->min_wage / 100));
	else
		snprintf(out->reason + strlen(out->reason),
			 sizeof(out->reason) - strlen(out->reason),
			 "；同一裁决包含非终局事项的，按非终局裁决处理（《浙江省劳动人事"
			 "争议调解仲裁条例》第三十七条第四款）");
	return 0;
}
