/* fuzz_cite.c - machine citations to the readable form (core/cite.c).
 * Invariants: valid UTF-8 in gives valid UTF-8 out (a citation ends up in
 * JSON answers and documents); the output stays within a small multiple of
 * the input. */
// fuzz-sources: src/core/cite.c src/core/buf.c src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/cite.h"
#include "core/utf8.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char *out = fz_cite_dup(s);
	size_t n = strlen(s);

	FUZZ_ASSERT(out != NULL);
	FUZZ_ASSERT(strlen(out) <= 200 + 40 * n);
	if (fz_utf8_valid(s, n))
		FUZZ_ASSERT(fuzz_utf8_ok(out));
	free(out);
	free(s);
	return 0;
}
