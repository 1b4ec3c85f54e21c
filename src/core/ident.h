/* ident.h - validators for the identifiers fazhi meets at its edge:
 * 统一社会信用代码 (GB 32100-2015), 居民身份证号码 (GB 11643-1999), 行政区划代码
 * (GB/T 2260), mainland mobile numbers, and court 案号 (法〔2015〕137号).
 *
 * Every validator returns 0 or FZ_EINVAL.  On failure it fills err with a
 * Chinese message naming the problem and a default field name ("uscc",
 * "id_number", "region_code", "phone", "case_no"); a caller that reads the
 * value from another field overwrites err->field.  On success it writes the
 * normalised form to out (which may be NULL); on failure out is "" when
 * given.  Inputs are NUL-terminated strings of any length and content. */
#ifndef FZ_CORE_IDENT_H
#define FZ_CORE_IDENT_H

#include <stddef.h>

#include "core/cal.h"
#include "core/err.h"

#define FZ_USCC_LEN 19     /* 18 characters and the NUL */
#define FZ_IDCARD_LEN 19   /* 18 characters and the NUL */
#define FZ_REGION_LEN 7    /* 6 digits and the NUL */
#define FZ_MOBILE_LEN 12   /* 11 digits and the NUL */

/* 统一社会信用代码.  Normalises (uppercase, spaces removed), then requires 18
 * characters from the GB 32100 set (0-9, A-Z without I O Z S V), digits in
 * positions 3-8, the embedded 组织机构代码 check (GB 11714, position 17) and
 * the position-18 check.  An unknown position-1/2 category is not an error
 * (identifiers.md §1 policy); see fz_ident_uscc_category(). */
int fz_ident_uscc(const char *in, char out[FZ_USCC_LEN], struct fz_err *err);

/* For a valid, normalised code: the registration authority and category
 * of positions 1-2, e.g. "工商：企业", or NULL when the combination is not in
 * GB 32100's table (a warning for the caller, not an error). */
const char *fz_ident_uscc_category(const char *code);

/* 居民身份证号码 (18 digits).  Spaces are removed and a final lowercase x
 * becomes X.  Requires digits, a real birth date (positions 7-14) not after
 * today (China time) and not before 1800, and the ISO 7064 MOD 11-2 check
 * digit.  The address code is not looked up (abolished codes such as 330621
 * remain valid: GB 11643 §2 note in identifiers.md).  A number starting with
 * 9 is a foreigner's permanent residence card, not a 居民身份证: refused. */
int fz_ident_idcard(const char *in, char out[FZ_IDCARD_LEN],
		    struct fz_err *err);

/* Convert a 15-digit first-generation number (6 address + YYMMDD + 3
 * sequence) to 18 digits: insert "19" before YY and append the check digit.
 * Validates the date as fz_ident_idcard() does. */
int fz_ident_idcard15_to18(const char *in, char out[FZ_IDCARD_LEN],
			   struct fz_err *err);

/* From a valid, normalised 18-digit number: birth date, and sex from the
 * sequence code (odd = male 1, even = female 2). */
struct fz_date fz_ident_idcard_birth(const char *id);
int fz_ident_idcard_sex(const char *id);

/* 6-digit GB/T 2260 code: digits only, first digit 1-8 (province codes run
 * 11-82).  Not looked up, since abolished codes stay in old records: use
 * fz_ident_region_name() for a name. */
int fz_ident_region(const char *in, char out[FZ_REGION_LEN],
		    struct fz_err *err);

/* Name of a 6-digit code from the small built-in table (Zhejiang, Shaoxing
 * and its districts, the former 绍兴县), or NULL when unknown. */
const char *fz_ident_region_name(const char *code);

/* Keqiao's 16 township-level units, 12-digit 统计用区划代码 (NBS 2019-2022
 * editions, identifiers.md §3).  fz_ident_keqiao_towns has
 * FZ_IDENT_KEQIAO_NTOWNS rows then a { NULL, NULL, NULL } row. */
struct fz_ident_town {
	const char *code;   /* "330603001000" */
	const char *name;   /* "柯桥街道" */
	const char *type;   /* "街道" or "镇" */
};
#define FZ_IDENT_KEQIAO_NTOWNS 16
extern const struct fz_ident_town fz_ident_keqiao_towns[];

/* Codes retired when three 镇 became 街道 (between the NBS 2018 and 2019
 * editions); old records may still carry them.  Ended by a NULL row. */
struct fz_ident_town_rename {
	const char *old_code, *old_name, *new_code;
};
extern const struct fz_ident_town_rename fz_ident_keqiao_town_renames[];

/* The town with this 12-digit code (current or retired), or NULL. */
const struct fz_ident_town *fz_ident_keqiao_town(const char *code12);

/* Mainland mobile number.  Strips spaces and hyphens, then a leading +86,
 * 0086, or 86 in front of 11 digits; the rest must match ^1[3-9]\d{9}$
 * (identifiers.md §5; prefixes are not whitelisted). */
int fz_ident_mobile(const char *in, char out[FZ_MOBILE_LEN],
		    struct fz_err *err);

/* A new-style (2016+) court case number, parsed loosely after
 * ^[（(]\d{4}[）)](最高法|[\u4e00-\u9fa5]\d{0,4})[\u4e00-\u9fa5]{1,6}\d+号$
 * (identifiers.md §6; 法〔2015〕137号 Art. 3 as amended by 法〔2018〕335号). */
enum fz_court_level {
	FZ_COURT_SUPREME = 1,      /* 最高法 */
	FZ_COURT_HIGH = 2,         /* province abbreviation only: 浙 */
	FZ_COURT_INTERMEDIATE = 3, /* abbreviation + 2 digits: 浙06 */
	FZ_COURT_BASIC = 4,        /* abbreviation + 4 digits: 浙0603 */
};

struct fz_case_no {
	int year;                  /* 收案年度 */
	char court[16];            /* 法院代字: "浙0603", "最高法" */
	int level;                 /* enum fz_court_level */
	char type[32];             /* [专门审判代字] + 类型代字: "民初", "知民终" */
	long number;               /* 案件编号 */
	char norm[96];             /* normalised: full-width （）, no spaces */
};

/* Parse a case number; half-width () are accepted and normalised to the
 * full-width （） of official documents; spaces are removed.  Old-style
 * numbers ("…字第…号") fail: store those as opaque strings. */
int fz_ident_case_no(const char *in, struct fz_case_no *out,
		     struct fz_err *err);

#endif
