/* fuzz_money.c - amount parsing, formatting and 大写金额.
 * Invariants: a parsed amount formats and parses back to itself, stays
 * within FZ_MONEY_MAX, and always has a 大写 form that starts 人民币 and is
 * valid UTF-8. */
// fuzz-sources: src/core/money.c src/core/err.c
// fuzz-sources: src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/money.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char fmt[FZ_MONEY_STRLEN], dx[FZ_MONEY_DAXIE_LEN];
	struct fz_err err = FZ_ERR_INIT;
	int64_t v, back;

	if (fz_money_parse(&v, s, FZ_MONEY_NEGATIVE, &err) == 0) {
		FUZZ_ASSERT(v >= -FZ_MONEY_MAX && v <= FZ_MONEY_MAX);
		fz_money_format(v, fmt);
		FUZZ_ASSERT(fz_money_parse(&back, fmt, FZ_MONEY_NEGATIVE,
					   NULL) == 0 && back == v);
		if (v >= 0) {
			FUZZ_ASSERT(fz_money_daxie(v, dx, sizeof(dx), NULL) == 0);
			FUZZ_ASSERT(!strncmp(dx, "人民币", strlen("人民币")));
			FUZZ_ASSERT(fuzz_utf8_ok(dx));
		}
	} else {
		FUZZ_ASSERT(err.code == FZ_EINVAL && fuzz_utf8_ok(err.msg));
	}
	/* the raw bytes as an amount in 分, too */
	if (size >= 8) {
		memcpy(&v, data, 8);
		fz_money_format(v, fmt);
		FUZZ_ASSERT(strlen(fmt) < FZ_MONEY_STRLEN);
		if (fz_money_daxie(v, dx, (size_t)data[0] % 64, NULL) == 0)
			FUZZ_ASSERT(fuzz_utf8_ok(dx));
	}
	free(s);
	return 0;
}
