/* test_qr.c - QR symbols, PNG and SVG (src/engine/docs/qr.c).  Versions
 * are checked against the byte-mode capacities of ISO/IEC 18004:2015
 * Table 7 (1-M: 14 bytes, 2-M: 26, 5-M: 84, 6-M: 106). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/docs/qr.h"

static struct fz_qr *enc(const char *s, enum fz_qr_ecc ecc)
{
	struct fz_qr *q;
	struct fz_err err = FZ_ERR_INIT;
	if (fz_qr_encode(&q, s, ecc, &err))
		fail_msg("encode: %s", err.msg);
	return q;
}

static int version_of_as(size_t n)
{
	char *s = malloc(n + 1);
	struct fz_qr *q;
	int v;
	memset(s, 'a', n);
	s[n] = '\0';
	q = enc(s, FZ_QR_M);
	v = q->version;
	assert_int_equal(q->width, 17 + 4 * v);
	fz_qr_free(q);
	free(s);
	return v;
}

static void test_qr__versions_follow_capacity_table(void **state)
{
	(void)state;
	assert_int_equal(version_of_as(14), 1);
	assert_int_equal(version_of_as(15), 2);
	assert_int_equal(version_of_as(26), 2);
	assert_int_equal(version_of_as(27), 3);
	assert_int_equal(version_of_as(84), 5);
	assert_int_equal(version_of_as(100), 6);
	assert_int_equal(version_of_as(106), 6);
	assert_int_equal(version_of_as(107), 7);
}

/* The three finder patterns (ISO/IEC 18004 6.3.3): a 7x7 dark ring, a
 * light ring, a 3x3 dark core, at three corners. */
static void test_qr__finder_patterns(void **state)
{
	struct fz_qr *q = enc("https://fazhi.example/v/abc", FZ_QR_M);
	int w = q->width;
	const int ox[] = { 0, w - 7, 0 }, oy[] = { 0, 0, w - 7 };

	(void)state;
	for (int f = 0; f < 3; f++)
		for (int y = 0; y < 7; y++)
			for (int x = 0; x < 7; x++) {
				int ring = x == 0 || y == 0 || x == 6 || y == 6;
				int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
				assert_int_equal(fz_qr_dark(q, ox[f] + x, oy[f] + y),
						 ring || core);
			}
	assert_int_equal(fz_qr_dark(q, -1, 0), 0);
	assert_int_equal(fz_qr_dark(q, w, 0), 0);
	fz_qr_free(q);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | p[2] << 8 | p[3];
}

static void test_qr__png_is_well_formed(void **state)
{
	struct fz_qr *q = enc("行政行为码 ABC", FZ_QR_M);
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	const unsigned char *p;
	uint32_t side = (uint32_t)(q->width + 2 * FZ_QR_QUIET) * 4;

	(void)state;
	assert_int_equal(fz_qr_png(q, 4, &b, &err), 0);
	p = (const unsigned char *)b.data;
	assert_true(b.len > 33 + 12);
	assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(p + 12, "IHDR", 4);
	assert_int_equal(be32(p + 16), side);
	assert_int_equal(be32(p + 20), side);
	assert_int_equal(p[24], 8);  /* bit depth */
	assert_int_equal(p[25], 0);  /* greyscale */
	assert_memory_equal(p + b.len - 8, "IEND", 4);
	assert_int_equal(fz_qr_png(q, 0, &b, &err), FZ_EINVAL);
	fz_buf_release(&b);
	fz_qr_free(q);
}

static void test_qr__svg_runs_cover_dark_modules(void **state)
{
	struct fz_qr *q = enc("https://fazhi.example/v/AQID", FZ_QR_Q);
	struct fz_buf b = FZ_BUF_INIT;
	struct fz_err err = FZ_ERR_INIT;
	long dark = 0, covered = 0, runs = 0;
	const char *d;

	(void)state;
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			dark += fz_qr_dark(q, x, y);
	assert_int_equal(fz_qr_svg(q, 25, &b, &err), 0);
	assert_true(!strncmp(b.data, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
			     39));
	assert_non_null(strstr(b.data, "width=\"25mm\""));
	assert_true(b.len > 6 && !strcmp(b.data + b.len - 6, "</svg>"));
	d = strstr(b.data, " d=\"");
	assert_non_null(d);
	d += 4;
	while (*d == 'M') {
		int x, y, n, m, used;
		assert_int_equal(sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &m,
					&used), 4);
		assert_int_equal(n, m);
		for (int i = 0; i < n; i++)
			assert_true(fz_qr_dark(q, x - FZ_QR_QUIET + i,
					       y - FZ_QR_QUIET));
		covered += n;
		runs++;
		d += used;
	}
	assert_string_equal(d, "\"/></svg>");
	assert_int_equal(covered, dark);
	assert_true(runs > 0 && runs < dark);
	fz_buf_release(&b);
	fz_qr_free(q);
}

static void test_qr__rejects_bad_input(void **state)
{
	struct fz_qr *q = (struct fz_qr *)1;
	struct fz_err err = FZ_ERR_INIT;
	char *big = malloc(FZ_QR_TEXT_MAX + 2);

	(void)state;
	assert_int_equal(fz_qr_encode(&q, "", FZ_QR_M, &err), FZ_EINVAL);
	assert_null(q);
	assert_int_equal(fz_qr_encode(&q, NULL, FZ_QR_M, &err), FZ_EINVAL);
	assert_int_equal(fz_qr_encode(&q, "x", (enum fz_qr_ecc)7, &err),
			 FZ_EINVAL);
	memset(big, 'a', FZ_QR_TEXT_MAX + 1);
	big[FZ_QR_TEXT_MAX + 1] = '\0';
	assert_int_equal(fz_qr_encode(&q, big, FZ_QR_L, &err), FZ_EINVAL);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qr__versions_follow_capacity_table),
		cmocka_unit_test(test_qr__finder_patterns),
		cmocka_unit_test(test_qr__png_is_well_formed),
		cmocka_unit_test(test_qr__svg_runs_cover_dark_modules),
		cmocka_unit_test(test_qr__rejects_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
