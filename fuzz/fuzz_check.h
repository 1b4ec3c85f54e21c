/* fuzz_check.h - small helpers shared by the fuzz targets (not a target:
 * build.sh builds only fuzz_*.c). */
#ifndef FZ_FUZZ_CHECK_H
#define FZ_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stop the run loudly: libFuzzer records the input as a crash. */
#define FUZZ_ASSERT(cond)                                                  \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: assertion failed: %s\n",   \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* 1 when s is valid UTF-8 (shortest form, no surrogates).  Error messages
 * and fields end up in JSON answers, so they must always be. */
static inline int fuzz_utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned long c;
		int n;
		if (p[0] < 0x80) {
			p++;
			continue;
		}
		if (p[0] >= 0xc2 && p[0] <= 0xdf)
			n = 1;
		else if ((p[0] & 0xf0) == 0xe0)
			n = 2;
		else if (p[0] >= 0xf0 && p[0] <= 0xf4)
			n = 3;
		else
			return 0;
		c = p[0] & (0x3f >> n);
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
		    (n == 3 && (c < 0x10000 || c > 0x10ffff)))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* A NUL-terminated copy of the fuzz input (free() it). */
static inline char *fuzz_cstr(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
