/* test_img_fft.c - the 2-D FFT the descriptors stand on
 * (src/engine/image/img_fft.c): a known transform, the round trip, and
 * the shift theorem the cyclic correlation relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "engine/image/img_fft.h"

#define N 32

/* A cosine of frequency (u, v) = (3, 5) puts N*N/2 at (3, 5) and at
 * (-3, -5), nothing elsewhere. */
static void test_img_fft__known_transform(void **state)
{
	static float re[N * N], im[N * N], tmp[2 * N];
	(void)state;
	for (int y = 0; y < N; y++)
		for (int x = 0; x < N; x++) {
			re[y * N + x] = (float)cos(2 * M_PI * (3.0 * x + 5.0 * y) / N);
			im[y * N + x] = 0;
		}
	fz_img_fft2(re, im, N, 0, tmp);
	for (int y = 0; y < N; y++)
		for (int x = 0; x < N; x++) {
			float want = ((x == 3 && y == 5) || (x == N - 3 && y == N - 5)) ? N * N / 2.0f : 0;
			float mag = hypotf(re[y * N + x], im[y * N + x]);
			if (fabsf(mag - want) > 1e-2f)
				fail_msg("bin (%d, %d): %.4f, want %.4f", x, y, mag, want);
		}
}

/* Forward then inverse gives the input back, for every size the engine
 * uses (16 for the coarse score, 32 for tiles, 256 for the lattice). */
static void test_img_fft__round_trip(void **state)
{
	static float re[256 * 256], im[256 * 256], orig[256 * 256], tmp[512];
	(void)state;
	for (int n = 2; n <= 256; n *= 2) {
		uint32_t s = 12345u + (uint32_t)n;
		for (int i = 0; i < n * n; i++) {
			s = s * 1664525u + 1013904223u;
			orig[i] = re[i] = (float)(s >> 8) / (1 << 24) - 0.5f;
			im[i] = 0;
		}
		fz_img_fft2(re, im, n, 0, tmp);
		fz_img_fft2(re, im, n, 1, tmp);
		for (int i = 0; i < n * n; i++)
			if (fabsf(re[i] - orig[i]) > 1e-4f || fabsf(im[i]) > 1e-4f)
				fail_msg("n=%d sample %d: %.6f+%.6fi, want %.6f", n, i, re[i],
					 im[i], orig[i]);
	}
}

/* IFFT(conj(F a) * F b) is the cyclic cross-correlation: for b = a
 * shifted by (dx, dy) its peak sits at (dx, dy) and equals sum a^2. */
static void test_img_fft__correlation_peak(void **state)
{
	static float ar[N * N], ai[N * N], br[N * N], bi[N * N], tmp[2 * N];
	double energy = 0;
	int dx = 7, dy = 19;
	(void)state;
	uint32_t s = 99;
	for (int i = 0; i < N * N; i++) {
		s = s * 1664525u + 1013904223u;
		ar[i] = (float)(s >> 8) / (1 << 24) - 0.5f;
		energy += (double)ar[i] * ar[i];
	}
	for (int y = 0; y < N; y++)
		for (int x = 0; x < N; x++)
			br[((y + dy) % N) * N + (x + dx) % N] = ar[y * N + x];
	memset(ai, 0, sizeof(ai));
	memset(bi, 0, sizeof(bi));
	fz_img_fft2(ar, ai, N, 0, tmp);
	fz_img_fft2(br, bi, N, 0, tmp);
	for (int i = 0; i < N * N; i++) {
		float r = ar[i] * br[i] + ai[i] * bi[i], m = ar[i] * bi[i] - ai[i] * br[i];
		ar[i] = r;
		ai[i] = m;
	}
	fz_img_fft2(ar, ai, N, 1, tmp);
	int best = 0;
	for (int i = 1; i < N * N; i++)
		if (ar[i] > ar[best])
			best = i;
	assert_int_equal(best, dy * N + dx);
	assert_true(fabs(ar[best] - energy) < 1e-3 * energy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_img_fft__known_transform),
		cmocka_unit_test(test_img_fft__round_trip),
		cmocka_unit_test(test_img_fft__correlation_peak),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
