/* fuzz_rules.c - the rule-file compiler of engine/rules, and evaluation of
 * whatever compiles over a few rows.  Invariants: no crash or leak; a
 * refused file gives FZ_EINVAL, a NULL set, a UTF-8 message of the form
 * "fuzz.rules:LINE:COL: ..." and a position inside the input; a compiled
 * set evaluates without crashing (run-time errors allowed). */
// fuzz-sources: src/engine/rules/rules.c src/core/err.c src/core/mem.c
// fuzz-sources: src/core/cal.c build/gen/calendar_data.c
// fuzz-sources: src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/rules/rules.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct fz_rules *set = (struct fz_rules *)1;
	struct fz_rules_loc loc = { "", 0, 0 };
	struct fz_err err = FZ_ERR_INIT;
	int rc = fz_rules_compile(&set, "fuzz.rules", s, &loc, &err);

	if (rc) {
		char prefix[48];
		long lines = 1;
		for (const char *p = s; *p; p++)
			lines += *p == '\n';
		FUZZ_ASSERT(rc == FZ_EINVAL && set == NULL);
		FUZZ_ASSERT(fuzz_utf8_ok(err.msg));
		FUZZ_ASSERT(loc.line >= 1 && loc.line <= lines && loc.col >= 1);
		snprintf(prefix, sizeof(prefix), "fuzz.rules:%d:%d: ", loc.line,
			 loc.col);
		FUZZ_ASSERT(!strncmp(err.msg, prefix, strlen(prefix)));
	} else {
		struct fz_rules_row *row = fz_rules_row_new(set);
		struct fz_date asof = { 2025, 6, 1 };
		size_t fired[8], n, nf = fz_rules_field_count(set);
		FUZZ_ASSERT(row != NULL);
		for (int pass = 0; pass < 3; pass++) {
			for (size_t f = 0; f < nf; f++) {
				switch (fz_rules_field_type(set, f)) {
				case FZ_RULES_NUMBER:
					fz_rules_row_set_int(row, f,
						pass == 0 ? 0 : pass == 1 ? 50000 : -7, NULL);
					break;
				case FZ_RULES_TEXT:
					fz_rules_row_set_text(row, f, "x", NULL);
					break;
				case FZ_RULES_BOOL:
					fz_rules_row_set_bool(row, f, pass & 1, NULL);
					break;
				}
				if (pass == 2 && (f & 1))
					fz_rules_row_unset(row, f);
			}
			if (fz_rules_eval(set, row, asof, fired, 8, &n, &err) == 0)
				for (size_t i = 0; i < n && i < 8; i++)
					FUZZ_ASSERT(fired[i] < fz_rules_count(set));
			else
				FUZZ_ASSERT(fuzz_utf8_ok(err.msg));
		}
		fz_rules_row_free(row);
		fz_rules_free(set);
	}
	free(s);
	return 0;
}
