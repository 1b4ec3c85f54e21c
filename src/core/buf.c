/* buf.c - growable string with a ceiling and a sticky error (see buf.h). */
#include "core/buf.h"

#include "core/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char fz_buf_empty[1];

void fz_buf_init(struct fz_buf *b, size_t max)
{
	b->data = fz_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
	b->err = 0;
}

void fz_buf_release(struct fz_buf *b)
{
	size_t max = b->max;
	if (b->alloc)
		free(b->data);
	fz_buf_init(b, max);
}

char *fz_buf_detach(struct fz_buf *b, size_t *len)
{
	char *s;
	if (len)
		*len = b->len;
	if (!b->alloc) {
		s = malloc(1);
		if (s)
			s[0] = '\0';
	} else {
		s = b->data;
	}
	fz_buf_init(b, b->max);
	return s;
}

void fz_buf_reset(struct fz_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

/* Make room for n more bytes plus the NUL; 0 on success. */
static int grow(struct fz_buf *b, size_t n)
{
	size_t want, cap;
	char *p;

	if (b->err)
		return -1;
	if (n > (size_t)-1 / 2 - b->len ||
	    (b->max && b->len + n > b->max)) {
		b->err = FZ_ETOOBIG;
		return -1;
	}
	want = b->len + n + 1;
	if (want <= b->alloc)
		return 0;
	cap = b->alloc ? b->alloc : 64;
	while (cap < want)
		cap *= 2;
	p = realloc(b->alloc ? b->data : NULL, cap);
	if (!p) {
		b->err = FZ_ENOMEM;
		return -1;
	}
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = cap;
	return 0;
}

void fz_buf_add(struct fz_buf *b, const void *p, size_t n)
{
	if (grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void fz_buf_adds(struct fz_buf *b, const char *s)
{
	fz_buf_add(b, s, strlen(s));
}

void fz_buf_addch(struct fz_buf *b, char c)
{
	fz_buf_add(b, &c, 1);
}

void fz_buf_vaddf(struct fz_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->err = FZ_EINTERNAL;
		return;
	}
	if (grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void fz_buf_addf(struct fz_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fz_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void fz_buf_add_json_escaped(struct fz_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fz_buf_add(b, "\\\"", 2); break;
		case '\\': fz_buf_add(b, "\\\\", 2); break;
		case '\n': fz_buf_add(b, "\\n", 2); break;
		case '\r': fz_buf_add(b, "\\r", 2); break;
		case '\t': fz_buf_add(b, "\\t", 2); break;
		default:
			if (*p < 0x20)
				fz_buf_addf(b, "\\u%04x", *p);
			else
				fz_buf_addch(b, (char)*p);
		}
	}
}
