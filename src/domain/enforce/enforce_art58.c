/* enforce_art58.c - 法制审核 before a penalty decision (行政处罚法 2021
 * Art. 58): the four cases of Art. 58(1) as facts the officer sets, and
 * each agency system's 重大执法决定法制审核目录 (data/enforce/
 * art58_catalogue.csv, 国办发〔2018〕118号) over the decision's penalty
 * kinds and amount.  Art. 58(2): 未经法制审核或者审核未通过的，不得作出
 * 决定 - enforce.c refuses the decision when fz_enforce_art58_reason()
 * says a review is due and no passing opinion is recorded. */
#include "domain/enforce/enforce.h"

#include "core/money.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The data/enforce CSV files, embedded by the Makefile (scripts/embed.sh). */
extern const struct fz_embedded fz_enforce_data_files[];

#define CAT_FILE "art58_catalogue.csv"
#define CAT_MAX 64

struct cat_row {
	char system[32];  /* 执法系统 or "*" */
	char item[96];    /* 审核事项 */
	char kind[64];    /* word in 处罚种类, "" = any */
	char party[8];    /* "org", "person", "" = both */
	int64_t min;      /* 罚没 amount in 分; -1 = no amount condition */
	char basis[512];  /* 依据 */
};

const char *const fz_enforce_systems[] = { "市场监管", "生态环境", "应急管理",
					   "综合执法", NULL };

static struct cat_row cat[CAT_MAX];
static size_t ncat;
static pthread_once_t cat_once = PTHREAD_ONCE_INIT;
static struct fz_err cat_err;
static int cat_rc;

/* Copy the next comma-separated cell of *p into out (n bytes). */
static void cell(const char **p, char *out, size_t n)
{
	size_t len = strcspn(*p, ",\n\r");
	snprintf(out, n, "%.*s", (int)len, *p);
	*p += len;
	if (**p == ',')
		(*p)++;
}

static int known_system(const char *s)
{
	for (size_t i = 0; fz_enforce_systems[i]; i++)
		if (!strcmp(fz_enforce_systems[i], s))
			return 1;
	return !strcmp(s, "*");
}

static int parse_row(const char *line, int lineno, struct cat_row *r)
{
	char min[32];
	const char *p = line;
	int64_t yuan;

	cell(&p, r->system, sizeof(r->system));
	cell(&p, r->item, sizeof(r->item));
	cell(&p, r->kind, sizeof(r->kind));
	cell(&p, r->party, sizeof(r->party));
	cell(&p, min, sizeof(min));
	cell(&p, r->basis, sizeof(r->basis));
	if (!r->system[0] || !r->item[0] || !r->basis[0])
		return fz_err_set(&cat_err, FZ_EINVAL, "catalogue",
				  "%s:%d: 执法系统、审核事项、依据不能为空", CAT_FILE, lineno);
	if (!known_system(r->system))
		return fz_err_set(&cat_err, FZ_EINVAL, "catalogue",
				  "%s:%d: 执法系统「%s」未知", CAT_FILE, lineno, r->system);
	if (r->party[0] && strcmp(r->party, "org") && strcmp(r->party, "person"))
		return fz_err_set(&cat_err, FZ_EINVAL, "catalogue",
				  "%s:%d: 当事人类型须为 org、person 或空", CAT_FILE, lineno);
	r->min = -1;
	if (min[0]) {
		char *end;
		yuan = strtoll(min, &end, 10);
		if (*end || yuan < 0 || yuan > FZ_MONEY_MAX / 100)
			return fz_err_set(&cat_err, FZ_EINVAL, "catalogue",
					  "%s:%d: 罚没金额下限须为整数元", CAT_FILE, lineno);
		r->min = yuan * 100;
	}
	if (!r->kind[0] && r->min < 0)
		return fz_err_set(&cat_err, FZ_EINVAL, "catalogue",
				  "%s:%d: 处罚种类与金额下限至少填一项", CAT_FILE, lineno);
	return 0;
}

static void cat_load(void)
{
	const char *text = NULL, *p;
	int lineno = 1;

	for (const struct fz_embedded *f = fz_enforce_data_files; f->name; f++)
		if (!strcmp(f->name, CAT_FILE))
			text = f->data;
	if (!text) {
		cat_rc = fz_err_set(&cat_err, FZ_EINTERNAL, "catalogue",
				    "缺少法制审核目录 %s", CAT_FILE);
		return;
	}
	p = strchr(text, '\n'); /* the header */
	while (p && *++p && !cat_rc) {
		lineno++;
		if (*p == '\n' || *p == '\r')
			continue;
		if (ncat == CAT_MAX) {
			cat_rc = fz_err_set(&cat_err, FZ_EINVAL, "catalogue",
					    "%s: 超过 %d 行", CAT_FILE, CAT_MAX);
			break;
		}
		cat_rc = parse_row(p, lineno, &cat[ncat]);
		ncat += !cat_rc;
		p = strchr(p, '\n');
	}
}

int fz_enforce_art58_catalogue_ok(struct fz_err *err)
{
	pthread_once(&cat_once, cat_load);
	if (cat_rc && err)
		*err = cat_err;
	return cat_rc;
}

static int fact_true(const json_t *facts, const char *key)
{
	return json_is_true(json_object_get(facts, key));
}

static const char *fact_str(const json_t *facts, const char *key)
{
	const char *s = json_string_value(json_object_get(facts, key));
	return s ? s : "";
}

static int64_t fact_int(const json_t *facts, const char *key)
{
	json_t *v = json_object_get(facts, key);
	return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* 较大数额 for a hearing (Art. 63(1)) is set by department rules, not the
 * law (deadlines.md §2, "较大数额"): the market-regulation figures
 * (natural person ≥ 1万元, organisation ≥ 10万元, 《市场监督管理行政处罚
 * 听证办法》 Art. 5); the reference marks Zhejiang's own figure unknown. */
static int large_amount(const json_t *facts)
{
	int64_t v = fact_int(facts, "罚款金额");
	if (!v)
		v = fact_int(facts, "拟罚款金额");
	return v >= (!strcmp(fact_str(facts, "当事人类型"), "org") ? 10000000 : 1000000);
}

/* Does the system's own catalogue have an item called item? */
static int overridden(const char *system, const char *item)
{
	for (size_t i = 0; i < ncat; i++)
		if (!strcmp(cat[i].system, system) && !strcmp(cat[i].item, item))
			return 1;
	return 0;
}

static int row_matches(const struct cat_row *r, const json_t *facts)
{
	const char *kinds = fact_str(facts, "处罚种类");
	int64_t amount = fact_int(facts, "罚款金额") + fact_int(facts, "没收金额");

	if (r->party[0] && strcmp(r->party, fact_str(facts, "当事人类型")))
		return 0;
	if (r->kind[0] && !strstr(kinds, r->kind))
		return 0;
	return r->min < 0 || amount >= r->min;
}

/* The catalogue row the decision falls in, or NULL. */
static const struct cat_row *catalogue_hit(const json_t *facts)
{
	const char *system = fact_str(facts, "执法系统");

	for (size_t i = 0; i < ncat; i++) {
		const struct cat_row *r = &cat[i];
		if (strcmp(r->system, "*") && strcmp(r->system, system))
			continue;
		if (!strcmp(r->system, "*") && system[0] && overridden(system, r->item))
			continue;
		if (row_matches(r, facts))
			return r;
	}
	return NULL;
}

int fz_enforce_art58_reason(const json_t *facts, char *why, size_t n,
			    struct fz_err *err)
{
	const struct cat_row *r;
	int rc = fz_enforce_art58_catalogue_ok(err);

	if (rc)
		return rc;
	why[0] = '\0';
	/* Art. 58(1): (一) 涉及重大公共利益的; (二) 直接关系当事人或者第三人
	 * 重大权益，经过听证程序的; (三) 案件情况疑难复杂、涉及多个法律关系
	 * 的; (四) 法律、法规规定应当进行法制审核的其他情形. */
	if (fact_true(facts, "已听证") &&
	    (fact_true(facts, "重大权益") || large_amount(facts))) {
		/* first: it also says when the review must come (after the
		 * hearing), which enforce.c checks */
		snprintf(why, n, "直接关系当事人或者第三人重大权益且经过听证（第一款第（二）项）");
		return FZ_ENFORCE_ART58_HEARD;
	}
	if (fact_true(facts, "重大公共利益"))
		snprintf(why, n, "涉及重大公共利益（第一款第（一）项）");
	else if (fact_true(facts, "疑难复杂"))
		snprintf(why, n, "案件情况疑难复杂、涉及多个法律关系（第一款第（三）项）");
	else if (fact_true(facts, "法律法规规定审核"))
		snprintf(why, n, "属于法律、法规规定应当法制审核的情形（第一款第（四）项）");
	else if ((r = catalogue_hit(facts)))
		snprintf(why, n, "属于法制审核目录所列“%s”", r->item);
	return why[0] != '\0';
}

int fz_enforce_art58(const json_t *facts)
{
	char why[768];
	return fz_enforce_art58_reason(facts, why, sizeof(why), NULL) > 0;
}
