/* fuzz_media.c - the Content-Type reader of src/http/media.c.
 * Invariant: whatever it takes starts, after blanks, with application/json
 * in some case and goes on with nothing but blanks and ';' parameters. */
// fuzz-sources: src/http/media.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "http/media.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	const char *p = s + strspn(s, " \t");

	if (fz_media_is_json(s)) {
		FUZZ_ASSERT(!strncasecmp(p, "application/json", 16));
		p += 16;
		p += strspn(p, " \t");
		FUZZ_ASSERT(*p == '\0' || *p == ';');
	}
	free(s);
	return 0;
}
