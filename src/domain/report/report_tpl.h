/* report_tpl.h - the grammar of a report template (docs/report.md "The
 * template"): lines of @particulars, = and == headings and paragraphs, and
 * in their text {year}, {prev}, {next} and {metric[:style]}.  Pure text
 * work: what a metric is comes from the caller's callback, so the parser
 * links without the store (and is fuzzed alone: fuzz/fuzz_report_tpl.c). */
#ifndef FZ_REPORT_TPL_H
#define FZ_REPORT_TPL_H

#include <stddef.h>

#include "core/err.h"

/* One {…}: a word of the report's (word 1 year, 2 prev, 3 next) or a
 * figure (word 0) with its style, defaulted to "pct" for a rate and
 * "exact" otherwise; "yoy" is the change against the year before. */
struct fz_report_slot {
	char metric[64], style[16];
	int word;
};

/* What metric is: 1 a rate, 0 a count or a sum, -1 none such. */
typedef int (*fz_report_kind_fn)(void *arg, const char *metric);

/* A run of a line's text (sl NULL) or a slot (text NULL); nonzero stops. */
typedef int (*fz_report_part_fn)(void *arg, const char *text, size_t n,
				 const struct fz_report_slot *sl);

/* A line: kind '@' (key: title, organ, publisher, index or category),
 * 'h' (a heading of level 1 or 2) or 'p' (a paragraph); text without its
 * marker.  Nonzero stops. */
typedef int (*fz_report_line_fn)(void *arg, char kind, int level,
				 const char *key, const char *text, size_t n);

/* Split one line's text into runs and slots for fn.  -1 with *why (a
 * Chinese reason) for a stray }, an unclosed {, an unknown metric or a
 * style it cannot take; else 0 or fn's nonzero answer. */
int fz_report_tpl_parts(const char *line, size_t len, fz_report_kind_fn kind,
			void *karg, fz_report_part_fn fn, void *arg,
			const char **why);

/* Check every line of text and hand each meaningful one to fn (NULL:
 * check only).  FZ_EINVAL on field "template" with "NAME:LINE: reason" at
 * the first bad line; else 0 or fn's nonzero answer. */
int fz_report_tpl_lines(const char *name, const char *text,
			fz_report_kind_fn kind, void *karg,
			fz_report_line_fn fn, void *arg, struct fz_err *err);

#endif
