/* ident.c - identifier validators (see ident.h; algorithms and vectors in
 * identifiers.md, each cited beside the code that encodes it). */
#include "core/ident.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/utf8.h"

/* Copy in to buf without ASCII spaces and tabs, optionally uppercasing
 * ASCII letters.  Returns the length, or -1 when more than bufsz - 1
 * characters remain (buf then holds a prefix). */
static int squeeze(const char *in, char *buf, size_t bufsz, int upper)
{
	size_t n = 0;
	for (; *in; in++) {
		char c = *in;
		if (c == ' ' || c == '\t')
			continue;
		if (n + 1 >= bufsz) {
			buf[n] = '\0';
			return -1;
		}
		if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf[n++] = c;
	}
	buf[n] = '\0';
	return (int)n;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int fail(char *out, struct fz_err *err, const char *field,
		const char *msg)
{
	if (out)
		out[0] = '\0';
	return fz_err_set(err, FZ_EINVAL, field, "%s", msg);
}

static void put(char *out, const char *norm)
{
	if (out)
		strcpy(out, norm); /* caller's buffer is FZ_*_LEN by contract */
}

/* --- 统一社会信用代码, GB 32100-2015 --- */

/* Value of a character in the GB 32100 set (31 characters: 0-9 and A-Z
 * without I, O, Z, S, V), or -1 (GB 32100-2015 §4.2, table in
 * identifiers.md §1). */
static int uscc_value(char c)
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	const char *p;
	if (!c)
		return -1;
	p = strchr(set, c);
	return p ? (int)(p - set) : -1;
}

/* GB 11714-1997 check of the 组织机构代码 (positions 9-17): weights 3 7 9 10
 * 5 8 4 2 over the 8 body characters, letter values A = 10 ... Z = 35 (not
 * the GB 32100 values), C9 = 11 - S mod 11, 10 -> X, 11 -> 0. */
static int org_check_ok(const char *code9)
{
	static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int s = 0, c;
	char want;
	for (int i = 0; i < 8; i++) {
		char ch = code9[i];
		int v = is_digit(ch) ? ch - '0' : ch - 'A' + 10;
		s += v * w[i];
	}
	c = 11 - s % 11;
	want = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	return code9[8] == want;
}

int fz_ident_uscc(const char *in, char out[FZ_USCC_LEN], struct fz_err *err)
{
	/* W_i = 3^(i-1) mod 31, GB 32100-2015 §5 (identifiers.md §1) */
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20,
				   29, 25, 13, 8, 24, 10, 30, 28 };
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char code[FZ_USCC_LEN];
	int n = squeeze(in ? in : "", code, sizeof(code), 1), s = 0;

	if (n != 18)
		return fail(out, err, "uscc", "统一社会信用代码应为18位");
	for (int i = 0; i < 18; i++) {
		if (uscc_value(code[i]) < 0) {
			unsigned char c = (unsigned char)code[i];
			if (c > 0x20 && c < 0x7f)
				fz_err_set(err, FZ_EINVAL, "uscc",
					   "统一社会信用代码第%d位“%c”不是有效字符"
					   "（不使用 I、O、Z、S、V）", i + 1, c);
			else
				fz_err_set(err, FZ_EINVAL, "uscc",
					   "统一社会信用代码第%d位不是有效字符",
					   i + 1);
			if (out)
				out[0] = '\0';
			return FZ_EINVAL;
		}
	}
	for (int i = 2; i < 8; i++)
		if (!is_digit(code[i]))
			return fail(out, err, "uscc",
				    "统一社会信用代码第3至8位（登记管理机关行政"
				    "区划码）应为数字");
	if (!org_check_ok(code + 8))
		return fail(out, err, "uscc",
			    "统一社会信用代码第9至17位（组织机构代码）校验不通过");
	for (int i = 0; i < 17; i++)
		s += uscc_value(code[i]) * w[i];
	/* C18 = 31 - S mod 31, and 31 -> 0 */
	if (code[17] != set[(31 - s % 31) % 31])
		return fail(out, err, "uscc",
			    "统一社会信用代码校验码（第18位）不正确");
	put(out, code);
	return 0;
}

/* GB 32100-2015 Annex, as listed in identifiers.md §1 ('*' = any). */
static const struct {
	char pos1, pos2;
	const char *name;
} uscc_categories[] = {
	{ '1', '1', "机构编制：机关" },
	{ '1', '2', "机构编制：事业单位" },
	{ '1', '3', "机构编制：中央编办直接管理机构编制的群众团体" },
	{ '1', '9', "机构编制：其他" },
	{ '2', '1', "外交：外国常驻新闻机构" },
	{ '2', '9', "外交：其他" },
	{ '3', '1', "司法行政：律师执业机构" },
	{ '3', '2', "司法行政：公证处" },
	{ '3', '3', "司法行政：基层法律服务所" },
	{ '3', '4', "司法行政：司法鉴定机构" },
	{ '3', '5', "司法行政：仲裁委员会" },
	{ '3', '9', "司法行政：其他" },
	{ '4', '1', "文化：外国在华文化中心" },
	{ '4', '9', "文化：其他" },
	{ '5', '1', "民政：社会团体" },
	{ '5', '2', "民政：民办非企业单位" },
	{ '5', '3', "民政：基金会" },
	{ '5', '9', "民政：其他" },
	{ '6', '1', "旅游：外国旅游部门常驻代表机构" },
	{ '6', '2', "旅游：港澳台地区旅游部门常驻内地代表机构" },
	{ '6', '9', "旅游：其他" },
	{ '7', '1', "宗教：宗教活动场所" },
	{ '7', '2', "宗教：宗教院校" },
	{ '7', '9', "宗教：其他" },
	{ '8', '1', "工会：基层工会" },
	{ '8', '9', "工会：其他" },
	{ '9', '1', "工商：企业" },
	{ '9', '2', "工商：个体工商户" },
	{ '9', '3', "工商：农民专业合作社" },
	{ 'A', '1', "中央军委改革和编制办公室：军队事业单位" },
	{ 'A', '9', "中央军委改革和编制办公室：其他" },
	{ 'N', '1', "农业：组级农村集体经济组织" },
	{ 'N', '2', "农业：村级农村集体经济组织" },
	{ 'N', '3', "农业：乡镇级农村集体经济组织" },
	{ 'N', '9', "农业：其他" },
	{ 'Y', '*', "其他" },
};

const char *fz_ident_uscc_category(const char *code)
{
	if (!code || !code[0] || !code[1])
		return NULL;
	for (size_t i = 0;
	     i < sizeof(uscc_categories) / sizeof(uscc_categories[0]); i++)
		if (uscc_categories[i].pos1 == code[0] &&
		    (uscc_categories[i].pos2 == '*' ||
		     uscc_categories[i].pos2 == code[1]))
			return uscc_categories[i].name;
	return NULL;
}

/* --- 居民身份证号码, GB 11643-1999 --- */

static int days_in_month(int y, int m)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : md[m - 1];
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Today in China as YYYYMMDD (UTC+8, no daylight saving since 1991). */
static long today_cn(void)
{
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	if (!gmtime_r(&now, &tm))
		return 99991231;
	return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 +
	       tm.tm_mday;
}

/* Birth date code YYYYMMDD (GB/T 7408): a real date, 1800 to today. */
static int birth_ok(const char *p, struct fz_err *err)
{
	int y = num(p, 4), m = num(p + 4, 2), d = num(p + 6, 2);

	if (y < 1800 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return fz_err_set(err, FZ_EINVAL, "id_number",
				  "身份证号中的出生日期 %.4s-%.2s-%.2s 不存在",
				  p, p + 4, p + 6);
	if (y * 10000L + m * 100 + d > today_cn())
		return fz_err_set(err, FZ_EINVAL, "id_number",
				  "身份证号中的出生日期晚于今天");
	return 0;
}

/* ISO 7064 MOD 11-2 over positions 1-17: W_i = 2^(18-i) mod 11, check =
 * (12 - S mod 11) mod 11 with 10 written X (GB 11643-1999 §6.2). */
static char idcard_check(const char *p)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6,
				   3, 7, 9, 10, 5, 8, 4, 2 };
	static const char map[] = "10X98765432"; /* indexed by S mod 11 */
	int s = 0;
	for (int i = 0; i < 17; i++)
		s += (p[i] - '0') * w[i];
	return map[s % 11];
}

int fz_ident_idcard(const char *in, char out[FZ_IDCARD_LEN],
		    struct fz_err *err)
{
	char id[FZ_IDCARD_LEN];
	int n = squeeze(in ? in : "", id, sizeof(id), 0);

	if (n == 15)
		return fail(out, err, "id_number",
			    "这是15位旧身份证号，请换用18位号码");
	if (n != 18)
		return fail(out, err, "id_number", "身份证号应为18位");
	for (int i = 0; i < 17; i++)
		if (!is_digit(id[i]))
			return fail(out, err, "id_number",
				    "身份证号前17位应为数字");
	if (id[17] == 'x')
		id[17] = 'X'; /* accept lowercase x, store X (identifiers.md §2) */
	if (!is_digit(id[17]) && id[17] != 'X')
		return fail(out, err, "id_number",
			    "身份证号最后一位应为数字或X");
	if (id[0] == '9')
		return fail(out, err, "id_number",
			    "9开头的号码是外国人永久居留身份证号，不是居民身份证号");
	if (id[0] == '0')
		return fail(out, err, "id_number",
			    "身份证号地址码不正确（不能以0开头）");
	if (birth_ok(id + 6, err)) {
		if (out)
			out[0] = '\0';
		return FZ_EINVAL;
	}
	if (idcard_check(id) != id[17])
		return fail(out, err, "id_number",
			    "身份证号校验码（最后一位）不正确");
	put(out, id);
	return 0;
}

int fz_ident_idcard15_to18(const char *in, char out[FZ_IDCARD_LEN],
			   struct fz_err *err)
{
	char old[16], id[FZ_IDCARD_LEN];
	int n = squeeze(in ? in : "", old, sizeof(old), 0);

	if (n != 15)
		return fail(out, err, "id_number", "旧身份证号应为15位数字");
	for (int i = 0; i < 15; i++)
		if (!is_digit(old[i]))
			return fail(out, err, "id_number",
				    "旧身份证号应为15位数字");
	if (old[0] == '0' || old[0] == '9')
		return fail(out, err, "id_number", "身份证号地址码不正确");
	/* 6 address + "19" + YYMMDD + 3 sequence, then the check digit. */
	memcpy(id, old, 6);
	memcpy(id + 6, "19", 2);
	memcpy(id + 8, old + 6, 9);
	if (birth_ok(id + 6, err)) {
		if (out)
			out[0] = '\0';
		return FZ_EINVAL;
	}
	id[17] = idcard_check(id);
	id[18] = '\0';
	put(out, id);
	return 0;
}

struct fz_date fz_ident_idcard_birth(const char *id)
{
	struct fz_date d = { num(id + 6, 4), num(id + 10, 2), num(id + 12, 2) };
	return d;
}

int fz_ident_idcard_sex(const char *id)
{
	return (id[16] - '0') % 2 ? 1 : 2;
}

/* --- 行政区划代码, GB/T 2260 --- */

int fz_ident_region(const char *in, char out[FZ_REGION_LEN],
		    struct fz_err *err)
{
	char code[FZ_REGION_LEN];
	int n = squeeze(in ? in : "", code, sizeof(code), 0);

	if (n != 6)
		return fail(out, err, "region_code", "行政区划代码应为6位数字");
	for (int i = 0; i < 6; i++)
		if (!is_digit(code[i]))
			return fail(out, err, "region_code",
				    "行政区划代码应为6位数字");
	if (code[0] < '1' || code[0] > '8')
		return fail(out, err, "region_code",
			    "行政区划代码的省级部分不正确");
	put(out, code);
	return 0;
}

/* identifiers.md §3 (GB/T 2260). */
static const struct {
	const char *code, *name;
} regions[] = {
	{ "330000", "浙江省" },
	{ "330600", "绍兴市" },
	{ "330602", "越城区" },
	{ "330603", "柯桥区" },
	{ "330604", "上虞区" },
	{ "330621", "绍兴县（2013年撤销，今柯桥区）" },
	{ "330624", "新昌县" },
	{ "330681", "诸暨市" },
	{ "330683", "嵊州市" },
};

const char *fz_ident_region_name(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (!strcmp(regions[i].code, code))
			return regions[i].name;
	return NULL;
}

/* 统计用区划代码, NBS editions 2019-2022 (identifiers.md §3).  001-099 are
 * 街道, 100-199 镇. */
const struct fz_ident_town fz_ident_keqiao_towns[] = {
	{ "330603001000", "柯桥街道", "街道" },
	{ "330603002000", "柯岩街道", "街道" },
	{ "330603003000", "华舍街道", "街道" },
	{ "330603004000", "湖塘街道", "街道" },
	{ "330603005000", "齐贤街道", "街道" },
	{ "330603006000", "福全街道", "街道" },
	{ "330603007000", "安昌街道", "街道" },
	{ "330603008000", "兰亭街道", "街道" },
	{ "330603009000", "钱清街道", "街道" },
	{ "330603010000", "杨汛桥街道", "街道" },
	{ "330603011000", "马鞍街道", "街道" },
	{ "330603105000", "平水镇", "镇" },
	{ "330603107000", "王坛镇", "镇" },
	{ "330603109000", "稽东镇", "镇" },
	{ "330603111000", "漓渚镇", "镇" },
	{ "330603114000", "夏履镇", "镇" },
	{ NULL, NULL, NULL },
};

const struct fz_ident_town_rename fz_ident_keqiao_town_renames[] = {
	{ "330603101000", "钱清镇", "330603009000" },
	{ "330603110000", "杨汛桥镇", "330603010000" },
	{ "330603104000", "马鞍镇", "330603011000" },
	{ NULL, NULL, NULL },
};

const struct fz_ident_town *fz_ident_keqiao_town(const char *code12)
{
	if (!code12)
		return NULL;
	for (const struct fz_ident_town_rename *r =
		     fz_ident_keqiao_town_renames; r->old_code; r++)
		if (!strcmp(r->old_code, code12)) {
			code12 = r->new_code;
			break;
		}
	for (const struct fz_ident_town *t = fz_ident_keqiao_towns; t->code;
	     t++)
		if (!strcmp(t->code, code12))
			return t;
	return NULL;
}

/* --- mobile numbers --- */

int fz_ident_mobile(const char *in, char out[FZ_MOBILE_LEN],
		    struct fz_err *err)
{
	char buf[24], *p = buf;
	size_t n = 0;

	for (const char *s = in ? in : ""; *s; s++) {
		if (*s == ' ' || *s == '-' || *s == '\t')
			continue;
		if (n + 1 >= sizeof(buf))
			return fail(out, err, "phone", "手机号位数不正确");
		buf[n++] = *s;
	}
	buf[n] = '\0';
	/* identifiers.md §5: +86, 0086, or 86 before 11 digits */
	if (!strncmp(p, "+86", 3))
		p += 3;
	else if (!strncmp(p, "0086", 4))
		p += 4;
	else if (n == 13 && !strncmp(p, "86", 2))
		p += 2;
	if (strlen(p) != 11)
		return fail(out, err, "phone", "手机号应为11位数字");
	for (int i = 0; i < 11; i++)
		if (!is_digit(p[i]))
			return fail(out, err, "phone", "手机号应为11位数字");
	/* ^1[3-9]\d{9}$; prefixes are not whitelisted (they change). */
	if (p[0] != '1' || p[1] < '3')
		return fail(out, err, "phone",
			    "手机号格式不正确（应以13至19开头）");
	put(out, p);
	return 0;
}

/* --- court case numbers (案号) --- */

/* Decode one UTF-8 character at *s (advancing it); returns the code
 * point, or -1 for an invalid, overlong or truncated sequence or a
 * surrogate.  Never reads past a NUL (see core/utf8.h). */
static long next_char(const unsigned char **s)
{
	uint32_t cp;
	size_t n = fz_utf8_next(*s, FZ_UTF8_MAX, &cp);

	if (!n)
		return -1;
	*s += n;
	return (long)cp;
}

static int is_han(long c)
{
	return c >= 0x4e00 && c <= 0x9fa5; /* the regex's [\u4e00-\u9fa5] */
}

/* Remove ASCII spaces and U+3000; map （ ） to ( ).  Returns 0, or -1 when
 * too long or not UTF-8. */
static int case_squeeze(const char *in, char *buf, size_t bufsz)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0;

	while (*s) {
		const unsigned char *start = s;
		long c = next_char(&s);
		size_t len = (size_t)(s - start);
		if (c < 0)
			return -1;
		if (c == ' ' || c == '\t' || c == 0x3000)
			continue;
		if (c == 0xff08 || c == 0xff09) {
			start = (const unsigned char *)(c == 0xff08 ? "(" : ")");
			len = 1;
		}
		if (n + len + 1 > bufsz)
			return -1;
		memcpy(buf + n, start, len);
		n += len;
	}
	buf[n] = '\0';
	return 0;
}

int fz_ident_case_no(const char *in, struct fz_case_no *out,
		     struct fz_err *err)
{
	char buf[96];
	const unsigned char *s, *t;
	struct fz_case_no r;
	int digits = 0;
	size_t tl = 0, han = 0;

	memset(&r, 0, sizeof(r));
	if (out)
		memset(out, 0, sizeof(*out));
	if (case_squeeze(in ? in : "", buf, sizeof(buf)))
		goto bad;
	s = (const unsigned char *)buf;
	/* （收案年度） */
	if (s[0] != '(' || !is_digit((char)s[1]) || !is_digit((char)s[2]) ||
	    !is_digit((char)s[3]) || !is_digit((char)s[4]) || s[5] != ')')
		return fail(NULL, err, "case_no",
			    "案号应以（收案年度）开头，如（2024）浙0603民初611号");
	r.year = num((const char *)s + 1, 4);
	if (r.year < 1949 || r.year > 2999)
		return fail(NULL, err, "case_no", "案号中的收案年度不正确");
	s += 6;
	/* 法院代字: 最高法, or a province abbreviation + 0/2/4 digits */
	t = s;
	if (!strncmp((const char *)s, "最高法", strlen("最高法"))) {
		s += strlen("最高法");
		r.level = FZ_COURT_SUPREME;
	} else {
		if (!is_han(next_char(&s)))
			goto bad;
		while (is_digit((char)*s) && digits < 5) {
			s++;
			digits++;
		}
		if (digits != 0 && digits != 2 && digits != 4)
			return fail(NULL, err, "case_no",
				    "案号中的法院代字不正确（数字应为0、2或4位）");
		r.level = digits == 0 ? FZ_COURT_HIGH :
			  digits == 2 ? FZ_COURT_INTERMEDIATE : FZ_COURT_BASIC;
	}
	memcpy(r.court, t, (size_t)(s - t));
	/* [专门审判代字] + 类型代字: 1-6 Han characters */
	t = s;
	for (;;) {
		const unsigned char *before = s;
		long c = next_char(&s);
		if (!is_han(c)) {
			s = before;
			break;
		}
		han++;
	}
	tl = (size_t)(s - t);
	if (han < 1 || han > 6)
		return fail(NULL, err, "case_no", "案号中的案件类型代字不正确");
	memcpy(r.type, t, tl);
	/* 案件编号 + 号 */
	for (digits = 0; is_digit((char)*s); s++) {
		if (++digits > 9)
			return fail(NULL, err, "case_no", "案号中的案件编号过长");
		r.number = r.number * 10 + (*s - '0');
	}
	if (digits == 0 || r.number == 0)
		return fail(NULL, err, "case_no", "案号中缺少案件编号");
	if (strcmp((const char *)s, "号"))
		return fail(NULL, err, "case_no", "案号应以“号”结尾");
	/* The court is at most 最高法 (9 bytes) or 3 + 4 bytes; the type at
	 * most 18 bytes: both fit, and so does norm. */
	snprintf(r.norm, sizeof(r.norm), "（%d）%s%s%ld号", r.year, r.court,
		 r.type, r.number);
	if (out)
		*out = r;
	return 0;
bad:
	return fail(NULL, err, "case_no",
		    "案号格式不正确，应如（2024）浙0603民初611号");
}
