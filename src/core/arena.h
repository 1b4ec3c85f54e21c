/* arena.h - a per-request memory arena: many small allocations, freed
 * together when the request completes (h2o's request pool).
 *
 *   struct fz_arena a;
 *   fz_arena_init(&a, 1 << 20);            // ceiling: 1 MiB in all
 *   char *s = fz_arena_strdup(&a, name);    // NULL on failure, a.err set
 *   ...
 *   fz_arena_release(&a);                   // frees everything
 *
 * Sizes may come from users, so allocation never aborts: past the ceiling
 * it returns NULL and records FZ_ETOOBIG, out of memory FZ_ENOMEM.  The
 * first error sticks in a->err and later allocations fail fast, so a
 * handler may check once.  Blocks are aligned for any type.
 *
 * Built with -DFZ_ARENA_DEBUG each allocation is its own malloc() block
 * (libgit2's GIT_DEBUG_POOL), so ASan and valgrind see overruns between
 * allocations and use after release.
 *
 * Not thread-safe: one arena belongs to one request on one thread. */
#ifndef FZ_CORE_ARENA_H
#define FZ_CORE_ARENA_H

#include <stddef.h>

struct fz_arena_chunk;

struct fz_arena {
	struct fz_arena_chunk *head; /* newest chunk first */
	size_t used;                 /* bytes handed out, for the ceiling */
	size_t max;                  /* ceiling on used, 0 = none */
	int err;                     /* first error, 0 when none */
};

#define FZ_ARENA_INIT { NULL, 0, 0, 0 }

void fz_arena_init(struct fz_arena *a, size_t max);

/* Free every block; the arena is empty and reusable (max kept, err
 * cleared).  Pointers it handed out are invalid afterwards. */
void fz_arena_release(struct fz_arena *a);

/* n bytes, uninitialised, aligned for any type; n = 0 gives a unique
 * pointer.  NULL on failure (see above). */
void *fz_arena_alloc(struct fz_arena *a, size_t n);

/* nmemb * size zeroed bytes; NULL also when the product overflows. */
void *fz_arena_calloc(struct fz_arena *a, size_t nmemb, size_t size);

/* Copies of s, of the first n bytes of s (plus a NUL), and a formatted
 * string; NULL on failure. */
char *fz_arena_strdup(struct fz_arena *a, const char *s);
char *fz_arena_strndup(struct fz_arena *a, const char *s, size_t n);
char *fz_arena_printf(struct fz_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
