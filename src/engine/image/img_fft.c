/* img_fft.c - iterative radix-2 FFT (Cooley-Tukey, bit-reversed input). */
#include "engine/image/img_fft.h"

#include <math.h>

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
	for (int len = 2; len <= n; len <<= 1) {
		double ang = 2 * M_PI / len * (inv ? 1 : -1);
		double wr = cos(ang), wi = sin(ang);
		for (int i = 0; i < n; i += len) {
			double cr = 1, ci = 0;
			for (int k = 0; k < len / 2; k++) {
				int a = i + k, b = i + k + len / 2;
				float xr = (float)(re[b] * cr - im[b] * ci);
				float xi = (float)(re[b] * ci + im[b] * cr);
				re[b] = re[a] - xr;
				im[b] = im[a] - xi;
				re[a] += xr;
				im[a] += xi;
				double t = cr * wr - ci * wi;
				ci = cr * wi + ci * wr;
				cr = t;
			}
		}
	}
}

void fz_img_fft2(float *re, float *im, int n, int inv, float *tmp)
{
	float *tr = tmp, *ti = tmp + n;
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
