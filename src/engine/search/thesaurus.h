/* thesaurus.h - the search thesaurus as data (data/laws/thesaurus.tsv):
 * the words people use, mapped to the words the statute uses.
 *
 * One entry a line, UTF-8, tab-separated, `#` starts a comment line:
 *
 *   term<TAB>kind<TAB>target<TAB>source
 *
 *   kind 俗称  an everyday word -> statute terms, target "a|b|c"
 *        简称  a short name -> the law's full title in the corpus
 *        条文  a nickname of one rule -> "law_id#n" or "law_id#n-sub"
 *              (law_id: the corpus record id, 16 hex digits)
 *
 * source says where the mapping comes from (a citation or a note); it is
 * required so that every entry can be checked by a person.  Plain C with
 * no database: the laws import stores what this loads, and the search
 * reads it back from there. */
#ifndef FZ_ENGINE_SEARCH_THESAURUS_H
#define FZ_ENGINE_SEARCH_THESAURUS_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

enum fz_thesaurus_kind {
	FZ_THES_COLLOQ = 1,  /* 俗称 */
	FZ_THES_SHORT = 2,   /* 简称 */
	FZ_THES_ARTICLE = 3, /* 条文 */
};

#define FZ_THESAURUS_TERM_MAX 120   /* bytes: 40 Han characters */
#define FZ_THESAURUS_TARGETS_MAX 8  /* terms of one 俗称 entry */

struct fz_thesaurus_entry {
	char *term;       /* what people type, as written */
	int kind;         /* enum fz_thesaurus_kind */
	char *target;     /* as written in the file */
	char *source;
	long line;        /* line in the file, for messages */
	/* 条文 only: the article named by target */
	char law_id[17];
	long n, sub;
};

struct fz_thesaurus {
	struct fz_thesaurus_entry *v; /* owned, n of them, file order */
	size_t n, cap;
};

#define FZ_THESAURUS_INIT { NULL, 0, 0 }

/* Parse text[0..len) (the file's bytes; name is used in messages only)
 * and append its entries to *t.  Every bad line is written to report
 * (may be NULL) as "NAME:LINE: reason"; the entries of good lines are
 * kept either way.  Returns 0, or FZ_EINVAL with err holding the first
 * bad line's message when any line was bad.  Bad: not valid UTF-8, fewer
 * than four columns, an empty or over-long term or target, an unknown
 * kind, a 俗称 target with an empty or too many parts, a 条文 target
 * that is not law_id#n[-sub]. */
int fz_thesaurus_parse(struct fz_thesaurus *t, const char *name,
		       const char *text, size_t len, FILE *report,
		       struct fz_err *err);

/* Read the file at path and parse it as above.  FZ_EIO when it cannot be
 * read (ENOENT included: the caller decides whether a missing thesaurus
 * matters). */
int fz_thesaurus_load(struct fz_thesaurus *t, const char *path, FILE *report,
		      struct fz_err *err);

/* Free the entries; *t is empty and reusable afterwards. */
void fz_thesaurus_release(struct fz_thesaurus *t);

/* The Chinese name of a kind (俗称 …), or NULL for an unknown one; and
 * back: the kind of a name, 0 when unknown. */
const char *fz_thesaurus_kind_name(int kind);
int fz_thesaurus_kind_of(const char *name);

/* Split a 俗称 target "a|b|c" into its parts: calls fn(ctx, part, len)
 * for each non-empty part in order. */
void fz_thesaurus_each_target(const char *target,
			      void (*fn)(void *ctx, const char *s, size_t n),
			      void *ctx);

#endif
