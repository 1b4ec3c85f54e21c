/* test_cooc.c - word pairs learned by PMI (src/engine/search/cooc.c):
 * a pair that keeps standing together scores, overlapping neighbours and
 * pairs across a sentence end do not, a full table drops rare pairs and
 * keeps frequent ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/search/cooc.h"

struct got {
	char rows[64][64];
	int n;
};

static void keep(void *ctx, const char *tok, const char *rel, double pmi)
{
	struct got *g = ctx;

	(void)pmi;
	if (g->n < 64)
		snprintf(g->rows[g->n++], sizeof(g->rows[0]), "%s>%s", tok, rel);
}

static int has(const struct got *g, const char *row)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->rows[i], row))
			return 1;
	return 0;
}

static void feed(struct fz_cooc *c, const char *words)
{
	char buf[256];
	char *save = NULL;

	snprintf(buf, sizeof(buf), "%s", words);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (!strcmp(t, "|"))
			fz_cooc_stop(c);
		else
			fz_cooc_add(c, t, strlen(t));
	}
	fz_cooc_stop(c);
}

static void pairs_that_stand_together_score(void **state)
{
	struct fz_cooc *c = fz_cooc_new(1 << 12);
	struct got g = { .n = 0 };
	char filler[64];

	(void)state;
	/* 解除 two tokens before 合同 (bigrams overlap: 解除 除劳 劳动 动合 合同) */
	for (int i = 0; i < 30; i++) {
		feed(c, "解除 除劳 劳动 动合 合同");
		/* 解除 and 赔偿 in different sentences: never a pair */
		feed(c, "解除 | 赔偿");
		snprintf(filler, sizeof(filler), "f%d g%d h%d i%d", i, i, i, i);
		feed(c, filler);
	}
	assert_true(fz_cooc_each(c, 20, 0.5, 3, keep, &g) > 0);
	assert_true(has(&g, "解除>劳动"));
	assert_true(has(&g, "劳动>解除"));
	/* right-beside (overlapping) tokens are not pairs */
	assert_false(has(&g, "解除>除劳"));
	assert_false(has(&g, "解除>赔偿"));
	/* the once-seen filler pairs fall under the minimum count */
	assert_false(has(&g, "f1>h1"));
	fz_cooc_free(c);
}

static void a_full_table_keeps_frequent_pairs(void **state)
{
	struct fz_cooc *c = fz_cooc_new(1024);
	struct got g = { .n = 0 };
	char words[128];

	(void)state;
	for (int i = 0; i < 5000; i++) {
		snprintf(words, sizeof(words), "a%d b%d c%d d%d", i, i, i, i);
		feed(c, words);
		if (i % 10 == 0)
			feed(c, "甲 x 乙");
	}
	fz_cooc_each(c, 100, 0.0, 2, keep, &g);
	assert_true(has(&g, "甲>乙"));
	/* per_tok bounds what one token gets */
	fz_cooc_free(c);
	fz_cooc_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pairs_that_stand_together_score),
		cmocka_unit_test(a_full_table_keeps_frequent_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
