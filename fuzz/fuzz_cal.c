/* fuzz_cal.c - the date parser and the holiday-data parser (the input is
 * loaded as 2024.txt).  Invariants: no crash or leak; a parsed date
 * formats back to the same text; a loaded calendar answers queries. */
// fuzz-sources: src/core/cal.c src/core/err.c build/gen/calendar_data.c
// fuzz-sources: src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/cal.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct fz_embedded files[] = { { "2024.txt", s }, { NULL, NULL } };
	struct fz_cal *cal;
	struct fz_date d, out;
	struct fz_err err = FZ_ERR_INIT;
	char buf[FZ_DATE_STRLEN];

	if (fz_date_parse(&d, s, &err) == 0) {
		FUZZ_ASSERT(fz_date_valid(d));
		FUZZ_ASSERT(!strcmp(fz_date_format(d, buf), s));
	} else {
		FUZZ_ASSERT(fuzz_utf8_ok(err.msg));
	}
	if (fz_cal_load_files(&cal, files, &err) == 0) {
		struct fz_date start = { 2024, 1, 1 };
		long n;
		int w;
		FUZZ_ASSERT(fz_cal_covers(cal, start));
		for (int k = 0; k < 366; k += 7) {
			struct fz_date day = fz_date_add_days(start, k);
			FUZZ_ASSERT(fz_cal_is_workday(cal, day, &w, NULL) == 0);
			(void)fz_cal_label(cal, day);
		}
		if (fz_cal_add_workdays(cal, start, (int)(size % 300), &out,
					NULL) == 0)
			FUZZ_ASSERT(fz_cal_count_workdays(cal, start, out, &n,
							  NULL) == 0 &&
				    n == (long)(size % 300));
		fz_cal_free(cal);
	} else {
		FUZZ_ASSERT(cal == NULL && fuzz_utf8_ok(err.msg));
	}
	free(s);
	return 0;
}
