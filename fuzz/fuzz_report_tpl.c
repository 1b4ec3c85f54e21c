/* fuzz_report_tpl.c - the annual report's template grammar
 * (src/domain/report/report_tpl.c).  Invariants: no crash or leak; a
 * template either passes or fails with "NAME:LINE: reason" where LINE is a
 * line of the input; every slot handed out names a known metric (or a
 * word of the report's) with a style the figure can take; the runs and
 * slots of a line come out in order without overlap. */
// fuzz-sources: src/domain/report/report_tpl.c src/domain/report/report_fmt.c
// fuzz-sources: src/core/buf.c src/core/err.c src/core/mem.c src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report/report_fmt.h"
#include "domain/report/report_tpl.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* two metrics: a rate and a count */
static int kind(void *arg, const char *m)
{
	(void)arg;
	return !strcmp(m, "a.rate") ? 1 : !strcmp(m, "a.count") ? 0 : -1;
}

static int part(void *arg, const char *t, size_t n, const struct fz_report_slot *sl)
{
	(void)arg;
	if (!sl) {
		FUZZ_ASSERT(t && n > 0);
		return 0;
	}
	FUZZ_ASSERT(sl->word || kind(NULL, sl->metric) >= 0);
	if (!sl->word && strcmp(sl->style, "yoy")) {
		int st = fz_report_style(sl->style);
		FUZZ_ASSERT(st >= 0);
		FUZZ_ASSERT((st == FZ_REPORT_PCT || st == FZ_REPORT_PCT2) == (kind(NULL, sl->metric) == 1));
	}
	return 0;
}

static int line(void *arg, char k, int level, const char *key, const char *text, size_t n)
{
	const char *why = NULL;
	(void)arg;
	FUZZ_ASSERT(k == '@' || k == 'h' || k == 'p');
	FUZZ_ASSERT(k != 'h' || level == 1 || level == 2);
	FUZZ_ASSERT(k != '@' || key);
	/* a line that was accepted splits again without complaint */
	FUZZ_ASSERT(fz_report_tpl_parts(text, n, kind, NULL, part, NULL, &why) == 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_err err = FZ_ERR_INIT;
	char *text = malloc(size + 1);
	size_t lines = 1;
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i < size && text[i]; i++)
		lines += text[i] == '\n';
	rc = fz_report_tpl_lines("f", text, kind, NULL, line, NULL, &err);
	if (rc) {
		long at;
		FUZZ_ASSERT(rc == FZ_EINVAL && !strncmp(err.msg, "f:", 2));
		at = strtol(err.msg + 2, NULL, 10);
		FUZZ_ASSERT(at >= 1 && (size_t)at <= lines);
	}
	free(text);
	return 0;
}
