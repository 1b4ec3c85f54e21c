/* money.h - amounts of money as an integer number of 分 (int64_t), never a
 * float (ARCHITECTURE.md): parse, format with thousands separators, and
 * write 大写金额 for documents. */
#ifndef FZ_CORE_MONEY_H
#define FZ_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Largest amount fz_money_parse() accepts and fz_money_daxie() writes:
 * 999,999,999,999.99 元 (just under 一万亿元).  Far above any amount a
 * district handles, and it keeps the 大写 unit table to 亿. */
#define FZ_MONEY_MAX INT64_C(99999999999999)

#define FZ_MONEY_STRLEN 32   /* "-92,233,720,368,547,758.08" and the NUL */
#define FZ_MONEY_DAXIE_LEN 256

/* Flags for fz_money_parse(). */
enum {
	FZ_MONEY_NEGATIVE = 1 << 0, /* accept a leading '-' (refunds, balances) */
};

/* Parse a decimal amount in 元 into *out 分: "1234.5", "1,234.50", "0.05",
 * "12".  Surrounding ASCII spaces are ignored; thousands separators must
 * group exactly three digits.  Rejected with FZ_EINVAL: empty input, a sign
 * other than '-' with FZ_MONEY_NEGATIVE, more than two decimals, a bare
 * point ("1.", ".5"), any other character, and amounts above FZ_MONEY_MAX.
 * No floating point is involved.  *out is written only on success. */
int fz_money_parse(int64_t *out, const char *s, int flags,
		   struct fz_err *err);

/* Write cents as "1,234.50" ("-0.05" for -5) into out; returns out.  Works
 * for every int64_t. */
char *fz_money_format(int64_t cents, char out[FZ_MONEY_STRLEN]);

/* Write the 大写金额 of cents into out (outsz bytes, FZ_MONEY_DAXIE_LEN is
 * always enough), with the 人民币 prefix, in the project's canonical form
 * (identifiers.md §4): one 零 per zero run followed by a non-zero digit, also
 * across 万/亿; no optional 零 between 元 and 角; the mandatory 零 when 角 = 0
 * and 分 != 0; 整 only when 角 = 分 = 0; 壹拾 for a leading ten; no 元 part
 * below one yuan.  FZ_EINVAL for negative amounts, amounts above FZ_MONEY_MAX
 * or a buffer that is too small (out then holds ""). */
int fz_money_daxie(int64_t cents, char *out, size_t outsz,
		   struct fz_err *err);

#endif
