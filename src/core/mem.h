/* mem.h - allocation wrappers for small internal allocations.
 *
 * fz_xmalloc() and friends abort on failure: use them only for sizes the
 * program chooses.  Sizes that come from users go through plain malloc and
 * an FZ_ENOMEM / FZ_ETOOBIG error instead (STYLE.md, memory). */
#ifndef FZ_CORE_MEM_H
#define FZ_CORE_MEM_H

#include <stddef.h>

void *fz_xmalloc(size_t n);
void *fz_xcalloc(size_t nmemb, size_t size);
void *fz_xrealloc(void *p, size_t n);
char *fz_xstrdup(const char *s);
char *fz_xstrndup(const char *s, size_t n);

/* Overwrite n bytes with zeros in a way the compiler keeps (keys, passwords). */
void fz_memzero(void *p, size_t n);

#endif
