/* enforce_metrics.c - the enforcement figures (see enforce_metrics.h).
 * Only enforcement's tables are read; agencies are unit ids. */
#include "domain/enforce/enforce_metrics.h"

#include <stddef.h>

static const struct fz_metrics_breakdown agency_by[] = {
	{ "agency", "执法机关", "e.unit_id", 1, "未填写", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

static const struct fz_metrics_breakdown act_by[] = {
	{ "agency", "执法机关", "a.unit_id", 1, "未填写", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

#define TRANSFERS "enf_transfers t JOIN enf_cases e ON e.case_id = t.case_id"
#define TRANSFER_MARKER "t.kind || '|' || t.on_date || '|' || t.doc_no ||" \
			" '|' || t.police || '|' || e.unit_id"
#define TRANSFER_SOURCE "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第三条、第五条"

const struct fz_metric fz_enforce_metric_set[] = {
	{ "enforce.transfers", "两法衔接移送件数", FZ_METRICS_COUNT, "件",
	  "决定移送公安机关的涉嫌犯罪案件数，按移送日期计",
	  TRANSFER_SOURCE, TRANSFERS, "t.on_date", "t.kind = 'transfer'", NULL,
	  NULL, "t.id", "CASE WHEN t.doc_no <> '' THEN t.doc_no ELSE '移送' END",
	  "t.case_id", "e.unit_id", NULL, TRANSFER_MARKER, agency_by },
	{ "enforce.transfer_rate", "两法衔接移送率", FZ_METRICS_RATE, NULL,
	  "决定移送的案件数 ÷ 作出移送或不移送决定的案件数，按决定日期计",
	  TRANSFER_SOURCE, TRANSFERS, "t.on_date", "t.kind = 'transfer'",
	  "t.kind IN ('transfer', 'no_transfer')", NULL, "t.id",
	  "CASE WHEN t.kind = 'transfer' THEN '移送' ELSE '不移送' END",
	  "t.case_id", "e.unit_id", NULL, TRANSFER_MARKER, agency_by },
	{ "enforce.satisfaction", "行政行为码评价满意率", FZ_METRICS_RATE, NULL,
	  "当事人扫行政行为码评价为“满意”的次数 ÷ 评价次数，按评价时间计",
	  "行政行为码群众评价（本区做法，无全国统一法定口径）",
	  "enf_ratings g JOIN enf_acts a ON a.id = g.act_id", "g.rated_at",
	  "g.rating = '满意'", "1 = 1", NULL, "a.id", "g.rating", "a.case_id",
	  "a.unit_id", NULL, "g.rating || '|' || g.rated_at || '|' || a.unit_id",
	  act_by },
	{ "enforce.outside_range", "裁量越档率", FZ_METRICS_RATE, NULL,
	  "罚款超出裁量基准幅度的处罚决定数 ÷ 作出罚款决定的处罚案件数，按决定日期计",
	  "《中华人民共和国行政处罚法》（2021年修订）第三十四条（行政处罚裁量基准）",
	  "enf_cases e", "e.decided_on", "e.outside_range = 1",
	  "e.kind = 'penalty' AND e.decided_on IS NOT NULL AND e.fine > 0", NULL,
	  "e.case_id", "e.violation", "e.case_id", "e.unit_id", NULL,
	  "e.outside_range || '|' || COALESCE(e.fine, '') || '|' ||"
	  " COALESCE(e.decided_on, '') || '|' || e.unit_id", agency_by },
	{ NULL }
};
