/* csv.h - a reader of comma-separated values (RFC 4180): one record at a
 * time from a buffer, fields in double quotes may hold commas, doubled
 * quotes and line breaks; records end at LF, CRLF or CR.  No allocation:
 * the caller gives the field buffer.  Used by the bulk imports. */
#ifndef FZ_CORE_CSV_H
#define FZ_CORE_CSV_H

#include <stddef.h>

#include "core/err.h"

/* Read one record from *p (up to end) and advance *p past it.  Fields go
 * into f (at most max), each NUL-terminated inside buf (n bytes); *nf is
 * their number (an empty line is one empty field) and *lines the lines the
 * record spanned.  Returns 1 for a record, 0 at the end of the input, or
 * FZ_EINVAL with a Chinese message for an unterminated quote, too many
 * fields or a record longer than buf. */
int fz_csv_next(const char **p, const char *end, char *buf, size_t n,
		const char **f, size_t max, size_t *nf, int *lines,
		struct fz_err *err);

#endif
