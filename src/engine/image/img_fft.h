/* img_fft.h - small radix-2 complex FFT used by the image descriptors. */
#ifndef FZ_ENGINE_IMAGE_IMG_FFT_H
#define FZ_ENGINE_IMAGE_IMG_FFT_H

/* In-place 2-D FFT of an n x n array (n a power of two, <= 1024) held as
 * separate real and imaginary planes.  inv != 0 computes the inverse,
 * scaled by 1 / (n * n), so forward then inverse is the identity.  tmp
 * must hold 2 * n floats. */
void fz_img_fft2(float *re, float *im, int n, int inv, float *tmp);

#endif
