/* fuzz_csv.c - the CSV record reader (src/core/csv.c) the bulk imports
 * use.  Invariants: no crash or overflow; every record moves forward and
 * spans at least one line; fields lie inside the caller's buffer and are
 * never longer than the input; a refusal is FZ_EINVAL with a UTF-8
 * message; records written back with quotes read again as the same
 * fields. */
// fuzz-sources: src/core/csv.c src/core/err.c src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/csv.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Field f quoted into out (doubled quotes); returns the bytes written. */
static size_t quote(const char *f, char *out)
{
	size_t n = 0;
	out[n++] = '"';
	for (; *f; f++) {
		if (*f == '"')
			out[n++] = '"';
		out[n++] = *f;
	}
	out[n++] = '"';
	return n;
}

static void round_trip(const char *const *f, size_t nf)
{
	static char text[2 * 4096 + 64], buf[4096];
	const char *g[16], *p = text;
	size_t n = 0, ng;
	int lines;
	struct fz_err err = FZ_ERR_INIT;

	for (size_t i = 0; i < nf; i++) {
		if (i)
			text[n++] = ',';
		n += quote(f[i], text + n);
	}
	FUZZ_ASSERT(fz_csv_next(&p, text + n, buf, sizeof(buf), g, 16, &ng, &lines, &err) == 1);
	FUZZ_ASSERT(ng == nf);
	for (size_t i = 0; i < nf; i++)
		FUZZ_ASSERT(!strcmp(f[i], g[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *f[16];
	static char buf[1024];
	struct fz_err err = FZ_ERR_INIT;
	size_t nf;
	int lines, rc;

	while ((rc = fz_csv_next(&p, end, buf, sizeof(buf), f, 16, &nf, &lines, &err)) == 1) {
		size_t total = 0;
		FUZZ_ASSERT(nf >= 1 && nf <= 16 && lines >= 1);
		FUZZ_ASSERT(p > (const char *)data && p <= end);
		for (size_t i = 0; i < nf; i++) {
			FUZZ_ASSERT(f[i] >= buf && f[i] + strlen(f[i]) < buf + sizeof(buf));
			total += strlen(f[i]);
		}
		FUZZ_ASSERT(total <= size);
		/* a NUL inside a field cuts it short for C; write back only clean ones */
		if (!memchr(data, 0, size))
			round_trip(f, nf);
	}
	FUZZ_ASSERT(rc == 0 || (rc == FZ_EINVAL && fuzz_utf8_ok(err.msg)));
	return 0;
}
