/* img_fft.c - iterative radix-2 FFT (Cooley-Tukey, bit-reversed input)
 * with one shared twiddle table.  The table is built once (pthread_once):
 * computing the twiddles by recurrence in every call cost as much as the
 * butterflies when thousands of 32 x 32 transforms are scored per query. */
#include "engine/image/img_fft.h"

#include <math.h>
#include <pthread.h>

#define MAXN 1024

static float tw_re[MAXN / 2], tw_im[MAXN / 2]; /* exp(-2 pi i k / MAXN) */
static pthread_once_t tw_once = PTHREAD_ONCE_INIT;

static void tw_init(void)
{
	for (int k = 0; k < MAXN / 2; k++) {
		tw_re[k] = (float)cos(2 * M_PI * k / MAXN);
		tw_im[k] = (float)-sin(2 * M_PI * k / MAXN);
	}
}

static void fft1(float *re, float *im, int n, int inv)
{
	for (int i = 1, j = 0; i < n; i++) {
		int bit = n >> 1;
		for (; j & bit; bit >>= 1)
			j ^= bit;
		j ^= bit;
		if (i < j) {
			float t = re[i]; re[i] = re[j]; re[j] = t;
			t = im[i]; im[i] = im[j]; im[j] = t;
		}
	}
	float sg = inv ? -1.0f : 1.0f;
	for (int len = 2; len <= n; len <<= 1) {
		int half = len / 2, step = MAXN / len;
		for (int i = 0; i < n; i += len)
			for (int k = 0; k < half; k++) {
				int a = i + k, b = a + half;
				float cr = tw_re[k * step], ci = sg * tw_im[k * step];
				float xr = re[b] * cr - im[b] * ci;
				float xi = re[b] * ci + im[b] * cr;
				re[b] = re[a] - xr;
				im[b] = im[a] - xi;
				re[a] += xr;
				im[a] += xi;
			}
	}
}

void fz_img_fft2(float *re, float *im, int n, int inv, float *tmp)
{
	float *tr = tmp, *ti = tmp + n;
	pthread_once(&tw_once, tw_init);
	for (int y = 0; y < n; y++)
		fft1(re + (long)y * n, im + (long)y * n, n, inv);
	for (int x = 0; x < n; x++) {
		for (int y = 0; y < n; y++) {
			tr[y] = re[(long)y * n + x];
			ti[y] = im[(long)y * n + x];
		}
		fft1(tr, ti, n, inv);
		for (int y = 0; y < n; y++) {
			re[(long)y * n + x] = tr[y];
			im[(long)y * n + x] = ti[y];
		}
	}
	if (inv) {
		float s = 1.0f / ((float)n * (float)n);
		for (long i = 0; i < (long)n * n; i++) {
			re[i] *= s;
			im[i] *= s;
		}
	}
}
