/* test_arena.c - the per-request arena (src/core/arena.c).  Passes both in
 * the default build and with -DFZ_ARENA_DEBUG. */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"

static void test_arena__alloc_aligned_and_distinct(void **state)
{
	struct fz_arena a = FZ_ARENA_INIT;
	unsigned char *prev = NULL;
	(void)state;
	for (size_t n = 0; n < 300; n++) {
		unsigned char *p = fz_arena_alloc(&a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		assert_true(p != prev);
		memset(p, (int)(n & 0xff), n); /* all n bytes are ours */
		prev = p;
	}
	assert_int_equal(a.err, 0);
	assert_int_equal(a.used, 299 * 300 / 2);
	fz_arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
}

/* Earlier blocks keep their contents while later ones are handed out,
 * across chunk boundaries and big blocks. */
static void test_arena__blocks_do_not_overlap(void **state)
{
	struct fz_arena a;
	char *p[500];
	(void)state;
	fz_arena_init(&a, 0);
	for (int i = 0; i < 500; i++) {
		size_t n = i % 50 == 0 ? 10000 : (size_t)(i % 97) + 1;
		p[i] = fz_arena_alloc(&a, n);
		assert_non_null(p[i]);
		memset(p[i], i & 0x7f, n);
	}
	for (int i = 0; i < 500; i++) {
		size_t n = i % 50 == 0 ? 10000 : (size_t)(i % 97) + 1;
		for (size_t k = 0; k < n; k++)
			if (p[i][k] != (char)(i & 0x7f))
				fail_msg("block %d byte %zu overwritten", i, k);
	}
	fz_arena_release(&a);
}

static void test_arena__strings(void **state)
{
	struct fz_arena a = FZ_ARENA_INIT;
	char src[] = "柯桥区司法局";
	char *s;
	(void)state;
	s = fz_arena_strdup(&a, src);
	assert_string_equal(s, "柯桥区司法局");
	assert_ptr_not_equal(s, src);
	src[0] = 'x';
	assert_string_equal(s, "柯桥区司法局");
	assert_string_equal(fz_arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(fz_arena_strndup(&a, "ab", 10), "ab");
	assert_string_equal(fz_arena_printf(&a, "%s-%04d", "case", 42),
			    "case-0042");
	assert_string_equal(fz_arena_strdup(&a, ""), "");
	char *z = fz_arena_calloc(&a, 10, 8);
	for (int i = 0; i < 80; i++)
		assert_int_equal(z[i], 0);
	fz_arena_release(&a);
}

static void test_arena__ceiling_is_sticky(void **state)
{
	struct fz_arena a;
	(void)state;
	fz_arena_init(&a, 100);
	assert_non_null(fz_arena_alloc(&a, 60));
	assert_non_null(fz_arena_alloc(&a, 40));
	assert_null(fz_arena_alloc(&a, 1));
	assert_int_equal(a.err, FZ_ETOOBIG);
	/* sticky: even a zero-byte request now fails */
	assert_null(fz_arena_alloc(&a, 0));
	assert_null(fz_arena_strdup(&a, "x"));
	assert_null(fz_arena_printf(&a, "%d", 1));
	/* release clears the error and keeps the ceiling */
	fz_arena_release(&a);
	assert_int_equal(a.err, 0);
	assert_int_equal(a.max, 100);
	assert_non_null(fz_arena_alloc(&a, 100));
	assert_null(fz_arena_alloc(&a, 1));
	fz_arena_release(&a);
}

static void test_arena__huge_requests_fail_cleanly(void **state)
{
	struct fz_arena a = FZ_ARENA_INIT;
	(void)state;
	assert_null(fz_arena_alloc(&a, SIZE_MAX));
	assert_int_equal(a.err, FZ_ETOOBIG);
	fz_arena_release(&a);
	assert_null(fz_arena_calloc(&a, SIZE_MAX / 2, 4));
	assert_int_equal(a.err, FZ_ETOOBIG);
	fz_arena_release(&a);
}

/* Allocation-failure loop (SQLite/curl torture, by ceiling): for every
 * ceiling the workload either completes or fails with FZ_ETOOBIG, never
 * anything else, and the bytes handed out stay within the ceiling. */
static void test_arena__every_ceiling(void **state)
{
	(void)state;
	for (size_t max = 1; max <= 400; max++) {
		struct fz_arena a;
		int ok = 1;
		fz_arena_init(&a, max);
		for (int i = 0; i < 20 && ok; i++) {
			char *s = fz_arena_printf(&a, "item %d", i);
			ok = s && fz_arena_alloc(&a, (size_t)i) != NULL;
		}
		if (ok)
			assert_int_equal(a.err, 0);
		else
			assert_int_equal(a.err, FZ_ETOOBIG);
		assert_true(a.used <= max);
		fz_arena_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena__alloc_aligned_and_distinct),
		cmocka_unit_test(test_arena__blocks_do_not_overlap),
		cmocka_unit_test(test_arena__strings),
		cmocka_unit_test(test_arena__ceiling_is_sticky),
		cmocka_unit_test(test_arena__huge_requests_fail_cleanly),
		cmocka_unit_test(test_arena__every_ceiling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
