/* utf8.c - UTF-8 helpers (rules in utf8.h). */
#include "core/utf8.h"

#include <string.h>

size_t fz_utf8_next(const void *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = s;
	size_t len;
	uint32_t c, min;

	*cp = FZ_UTF8_BAD;
	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	/* C0, C1 and F5–FF can only start overlong or out-of-range forms;
	 * the min and max checks below reject those too, but refusing the
	 * lead byte early keeps the loop from reading continuation bytes. */
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2; c = p[0] & 0x1f; min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3; c = p[0] & 0x0f; min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4; c = p[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if (i >= n || (p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t fz_utf8_step(const void *s, size_t n, uint32_t *cp)
{
	size_t len = fz_utf8_next(s, n, cp);

	return len ? len : n ? 1 : 0;
}

size_t fz_utf8_put(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t fz_utf8_count(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

size_t fz_utf8_chars(const char *s)
{
	return fz_utf8_count(s, strlen(s));
}

long fz_utf8_check(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		size_t l = fz_utf8_next(s + i, n - i, &cp);
		if (!l)
			return (long)i;
		i += l;
	}
	return -1;
}

int fz_utf8_valid(const char *s, size_t n)
{
	return fz_utf8_check(s, n) < 0;
}

void fz_utf8_trim(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}
