/* buf.h - a growable byte string with a ceiling and a sticky error.
 *
 * Invariants (after git's strbuf):
 *  - b->data is never NULL and always NUL-terminated; start from FZ_BUF_INIT
 *    or fz_buf_init().
 *  - b->len bytes are valid; the NUL at data[len] is not counted.
 *  - if an append would pass b->max (0 = no ceiling) or memory runs out,
 *    the buffer records the first error in b->err (FZ_ETOOBIG or FZ_ENOMEM),
 *    keeps what it had, and ignores later appends; check once at the end.
 *  - fz_buf_release() frees the memory and leaves an empty, reusable buffer;
 *    fz_buf_detach() hands the string to the caller (free() it). */
#ifndef FZ_CORE_BUF_H
#define FZ_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct fz_buf {
	char *data;
	size_t len;
	size_t alloc; /* 0 while data points at the static empty string */
	size_t max;   /* ceiling on len, 0 = none */
	int err;      /* first error, 0 when none */
};

extern char fz_buf_empty[];
#define FZ_BUF_INIT { fz_buf_empty, 0, 0, 0, 0 }

void fz_buf_init(struct fz_buf *b, size_t max);
void fz_buf_release(struct fz_buf *b);
char *fz_buf_detach(struct fz_buf *b, size_t *len);
void fz_buf_reset(struct fz_buf *b); /* len = 0, keeps memory and error */

void fz_buf_add(struct fz_buf *b, const void *p, size_t n);
void fz_buf_adds(struct fz_buf *b, const char *s);
void fz_buf_addch(struct fz_buf *b, char c);
void fz_buf_addf(struct fz_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fz_buf_vaddf(struct fz_buf *b, const char *fmt, va_list ap);
/* Append s with JSON string escaping, without the surrounding quotes. */
void fz_buf_add_json_escaped(struct fz_buf *b, const char *s);

#endif
