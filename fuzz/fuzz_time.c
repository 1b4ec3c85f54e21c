/* fuzz_time.c - the RFC 3339 reader (fz_time_parse, src/core/clock.c)
 * that takes the instants cameras post to 阳光厨房.  Invariants: no crash
 * or read past the string; an accepted time lies in 2000-2999 (give or
 * take its zone) and written back as UTC ISO 8601 reads as the same
 * second; a time without a zone is never accepted. */
// fuzz-sources: src/core/clock.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/clock.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), iso[FZ_ISO_LEN];
	int64_t t, back;

	if (fz_time_parse(s, &t) == 0) {
		size_t n = strlen(s);
		FUZZ_ASSERT(n >= 20);
		FUZZ_ASSERT(s[n - 1] == 'Z' || s[n - 1] == 'z' || s[n - 3] == ':');
		FUZZ_ASSERT(t >= 946684800 - 15 * 3600 && t < 32503680000 + 15 * 3600);
		fz_time_iso(t, iso);
		if (t >= 946684800 && t < 32503680000)
			FUZZ_ASSERT(fz_time_parse(iso, &back) == 0 && back == t);
	}
	free(s);
	return 0;
}
