/* img_decode.c - PNG (libpng), JPEG (libjpeg) and WebP (libwebp) decoding
 * with limits, PNG/JPEG encoding (see img_decode.h).
 *
 * libpng and libjpeg report fatal errors by calling an error routine that
 * must not return; both are given one that longjmps back here, and every
 * object that must be freed on that path lives in a struct the handler's
 * caller owns, so nothing leaks and no local changed after setjmp is read
 * after the jump. */
#include "engine/image/img_decode.h"

#include <png.h>
#include <jpeglib.h>
#include <webp/decode.h>

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fz_img_format fz_img_sniff(const void *data, size_t n)
{
	const uint8_t *p = data;
	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return FZ_IMG_PNG;
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return FZ_IMG_JPEG;
	if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
		return FZ_IMG_WEBP;
	return FZ_IMG_UNKNOWN;
}

static int check_dims(long w, long h, struct fz_err *err)
{
	if (w <= 0 || h <= 0)
		return fz_err_set(err, FZ_EINVAL, "image", "图像尺寸无效");
	if (w > FZ_IMG_MAX_SIDE || h > FZ_IMG_MAX_SIDE ||
	    (size_t)w * (size_t)h > FZ_IMG_MAX_PIXELS)
		return fz_err_set(err, FZ_EINVAL, "image",
				  "图像过大：%ld×%ld，上限为边长 %d 像素、共 %zu 像素",
				  w, h, FZ_IMG_MAX_SIDE, FZ_IMG_MAX_PIXELS);
	return 0;
}

int fz_img_alloc(struct fz_img *im, int w, int h, struct fz_err *err)
{
	int rc;
	im->w = im->h = 0;
	im->px = NULL;
	if ((rc = check_dims(w, h, err)))
		return rc;
	im->px = calloc((size_t)w * (size_t)h, 3);
	if (!im->px)
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	im->w = w;
	im->h = h;
	return 0;
}

void fz_img_free(struct fz_img *im)
{
	if (!im)
		return;
	free(im->px);
	im->px = NULL;
	im->w = im->h = 0;
}

/* ---- PNG ---- */

struct png_ctx {
	const uint8_t *data;
	size_t n, pos;
	png_structp png;
	png_infop info;
	png_bytep *rows;
	struct fz_img img;
};

static void png_read_mem(png_structp png, png_bytep dst, png_size_t len)
{
	struct png_ctx *c = png_get_io_ptr(png);
	if (len > c->n - c->pos)
		png_error(png, "truncated");
	memcpy(dst, c->data + c->pos, len);
	c->pos += len;
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void png_cleanup(struct png_ctx *c)
{
	free(c->rows);
	c->rows = NULL;
	if (c->png)
		png_destroy_read_struct(&c->png, c->info ? &c->info : NULL, NULL);
	c->png = NULL;
	c->info = NULL;
}

/* The part that may longjmp; returns 0, a negative code before pixels
 * are allocated, or 1 when libpng failed. */
static int png_run(struct png_ctx *c, struct fz_err *err)
{
	png_uint_32 w, h;
	int depth, ctype, rc;
	if (setjmp(png_jmpbuf(c->png)))
		return 1;
	png_set_read_fn(c->png, c, png_read_mem);
	png_set_user_limits(c->png, FZ_IMG_MAX_SIDE, FZ_IMG_MAX_SIDE);
	png_set_chunk_malloc_max(c->png, 8u << 20);
	png_read_info(c->png, c->info);
	png_get_IHDR(c->png, c->info, &w, &h, &depth, &ctype, NULL, NULL, NULL);
	if ((rc = check_dims((long)w, (long)h, err)))
		return rc;
	png_set_expand(c->png);
	png_set_strip_16(c->png);
	png_set_strip_alpha(c->png);
	png_set_gray_to_rgb(c->png);
	png_set_interlace_handling(c->png);
	png_read_update_info(c->png, c->info);
	if (png_get_rowbytes(c->png, c->info) != (size_t)w * 3)
		return fz_err_set(err, FZ_EINVAL, "image", "不支持的 PNG 像素格式");
	if ((rc = fz_img_alloc(&c->img, (int)w, (int)h, err)))
		return rc;
	c->rows = malloc(sizeof(*c->rows) * h);
	if (!c->rows)
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	for (png_uint_32 y = 0; y < h; y++)
		c->rows[y] = c->img.px + (size_t)y * w * 3;
	png_read_image(c->png, c->rows);
	png_read_end(c->png, NULL);
	return 0;
}

static int decode_png(const void *data, size_t n, struct fz_img *out,
		      struct fz_err *err)
{
	struct png_ctx c;
	int rc;
	memset(&c, 0, sizeof(c));
	c.data = data;
	c.n = n;
	c.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail,
				       png_quiet);
	if (c.png)
		c.info = png_create_info_struct(c.png);
	if (!c.png || !c.info) {
		png_cleanup(&c);
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	}
	rc = png_run(&c, err);
	png_cleanup(&c);
	if (rc) {
		fz_img_free(&c.img);
		if (rc > 0)
			rc = fz_err_set(err, FZ_EINVAL, "image",
					"PNG 文件已损坏或不完整");
		return rc;
	}
	*out = c.img;
	return 0;
}

/* ---- JPEG ---- */

struct jpeg_ctx {
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr jerr;
	jmp_buf jmp;
	int warnings;
	struct fz_img img;
};

static void jpeg_fail(j_common_ptr cinfo)
{
	struct jpeg_ctx *c = (struct jpeg_ctx *)cinfo->client_data;
	longjmp(c->jmp, 1);
}

/* Warnings (level -1) mean corrupt or truncated data: libjpeg would fill
 * the rest with grey, so they are counted and turn into an error. */
static void jpeg_note(j_common_ptr cinfo, int level)
{
	struct jpeg_ctx *c = (struct jpeg_ctx *)cinfo->client_data;
	if (level < 0)
		c->warnings++;
}

static int jpeg_run(struct jpeg_ctx *c, const void *data, size_t n,
		    struct fz_err *err)
{
	int rc;
	if (setjmp(c->jmp))
		return 1;
	jpeg_create_decompress(&c->d);
	jpeg_mem_src(&c->d, (const unsigned char *)data, (unsigned long)n);
	if (jpeg_read_header(&c->d, TRUE) != JPEG_HEADER_OK)
		return 1;
	if ((rc = check_dims((long)c->d.image_width, (long)c->d.image_height, err)))
		return rc;
	if (c->d.jpeg_color_space == JCS_CMYK || c->d.jpeg_color_space == JCS_YCCK)
		return fz_err_set(err, FZ_EINVAL, "image", "不支持 CMYK 色彩的 JPEG");
	c->d.out_color_space = JCS_RGB;
	jpeg_start_decompress(&c->d);
	if (c->d.output_components != 3)
		return fz_err_set(err, FZ_EINVAL, "image", "不支持的 JPEG 像素格式");
	if ((rc = fz_img_alloc(&c->img, (int)c->d.output_width,
			       (int)c->d.output_height, err)))
		return rc;
	while (c->d.output_scanline < c->d.output_height) {
		JSAMPROW row = c->img.px +
			(size_t)c->d.output_scanline * (size_t)c->img.w * 3;
		jpeg_read_scanlines(&c->d, &row, 1);
	}
	jpeg_finish_decompress(&c->d);
	return c->warnings ? 1 : 0;
}

static int decode_jpeg(const void *data, size_t n, struct fz_img *out,
		       struct fz_err *err)
{
	struct jpeg_ctx *c = calloc(1, sizeof(*c));
	int rc;
	if (!c)
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	c->d.err = jpeg_std_error(&c->jerr);
	c->jerr.error_exit = jpeg_fail;
	c->jerr.emit_message = jpeg_note;
	c->d.client_data = c;
	rc = jpeg_run(c, data, n, err);
	jpeg_destroy_decompress(&c->d);
	if (rc) {
		fz_img_free(&c->img);
		if (rc > 0)
			rc = fz_err_set(err, FZ_EINVAL, "image",
					"JPEG 文件已损坏或不完整");
	} else {
		*out = c->img;
	}
	free(c);
	return rc;
}

/* ---- WebP ---- */

static int decode_webp(const void *data, size_t n, struct fz_img *out,
		       struct fz_err *err)
{
	int w = 0, h = 0, rc;
	struct fz_img im;
	if (!WebPGetInfo(data, n, &w, &h))
		return fz_err_set(err, FZ_EINVAL, "image", "WebP 文件已损坏或不完整");
	if ((rc = fz_img_alloc(&im, w, h, err)))
		return rc;
	if (!WebPDecodeRGBInto(data, n, im.px, (size_t)w * h * 3, w * 3)) {
		fz_img_free(&im);
		return fz_err_set(err, FZ_EINVAL, "image", "WebP 文件已损坏或不完整");
	}
	*out = im;
	return 0;
}

int fz_img_decode(const void *data, size_t n, struct fz_img *out,
		  struct fz_err *err)
{
	out->w = out->h = 0;
	out->px = NULL;
	if (!data || n == 0)
		return fz_err_set(err, FZ_EINVAL, "image", "图像为空");
	if (n > FZ_IMG_MAX_BYTES)
		return fz_err_set(err, FZ_ETOOBIG, "image",
				  "图像文件超过 %zu 字节上限", FZ_IMG_MAX_BYTES);
	switch (fz_img_sniff(data, n)) {
	case FZ_IMG_PNG:
		return decode_png(data, n, out, err);
	case FZ_IMG_JPEG:
		return decode_jpeg(data, n, out, err);
	case FZ_IMG_WEBP:
		return decode_webp(data, n, out, err);
	default:
		return fz_err_set(err, FZ_EINVAL, "image",
				  "不支持的图像格式（仅限 PNG、JPEG、WebP）");
	}
}

int fz_img_load(const char *path, struct fz_img *out, struct fz_err *err)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	size_t n;
	int rc;
	out->w = out->h = 0;
	out->px = NULL;
	if (!f)
		return fz_err_set(err, FZ_EINVAL, "image", "无法打开图像文件 %s", path);
	data = malloc(FZ_IMG_MAX_BYTES + 1);
	if (!data) {
		fclose(f);
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	}
	n = fread(data, 1, FZ_IMG_MAX_BYTES + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(data);
		return fz_err_set(err, FZ_EIO, "image", "读取图像文件失败 %s", path);
	}
	fclose(f);
	rc = fz_img_decode(data, n, out, err);
	free(data);
	return rc;
}

/* ---- encoders ---- */

struct mem_out {
	uint8_t *p;
	size_t n, cap;
	int oom;
};

static void mem_put(struct mem_out *m, const void *src, size_t len)
{
	if (m->oom)
		return;
	if (m->n + len > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 65536;
		uint8_t *np;
		while (cap < m->n + len)
			cap *= 2;
		np = realloc(m->p, cap);
		if (!np) {
			m->oom = 1;
			return;
		}
		m->p = np;
		m->cap = cap;
	}
	memcpy(m->p + m->n, src, len);
	m->n += len;
}

static void png_write_mem(png_structp png, png_bytep src, png_size_t len)
{
	mem_put(png_get_io_ptr(png), src, len);
}

static void png_flush_mem(png_structp png)
{
	(void)png;
}

struct png_wctx {
	png_structp png;
	png_infop info;
	struct mem_out m;
};

static int png_wrun(struct png_wctx *c, const struct fz_img *im)
{
	if (setjmp(png_jmpbuf(c->png)))
		return 1;
	png_set_write_fn(c->png, &c->m, png_write_mem, png_flush_mem);
	png_set_IHDR(c->png, c->info, (png_uint_32)im->w, (png_uint_32)im->h, 8,
		     PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(c->png, c->info);
	for (int y = 0; y < im->h; y++)
		png_write_row(c->png, im->px + (size_t)y * im->w * 3);
	png_write_end(c->png, NULL);
	return 0;
}

int fz_img_encode_png(const struct fz_img *im, uint8_t **out, size_t *n,
		      struct fz_err *err)
{
	struct png_wctx c;
	int rc;
	*out = NULL;
	*n = 0;
	if (!im || !im->px || im->w <= 0 || im->h <= 0)
		return fz_err_set(err, FZ_EINVAL, "image", "图像为空");
	memset(&c, 0, sizeof(c));
	c.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail,
					png_quiet);
	if (c.png)
		c.info = png_create_info_struct(c.png);
	if (!c.png || !c.info) {
		png_destroy_write_struct(&c.png, NULL);
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	}
	rc = png_wrun(&c, im);
	png_destroy_write_struct(&c.png, &c.info);
	if (rc || c.m.oom) {
		free(c.m.p);
		return fz_err_set(err, c.m.oom ? FZ_ENOMEM : FZ_EINTERNAL, "image",
				  "PNG 编码失败");
	}
	*out = c.m.p;
	*n = c.m.n;
	return 0;
}

struct jpeg_wctx {
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr jerr;
	jmp_buf jmp;
	unsigned char *buf;
	unsigned long len;
};

static void jpeg_wfail(j_common_ptr cinfo)
{
	struct jpeg_wctx *c = (struct jpeg_wctx *)cinfo->client_data;
	longjmp(c->jmp, 1);
}

static int jpeg_wrun(struct jpeg_wctx *c, const struct fz_img *im, int q)
{
	if (setjmp(c->jmp))
		return 1;
	jpeg_create_compress(&c->c);
	jpeg_mem_dest(&c->c, &c->buf, &c->len);
	c->c.image_width = (JDIMENSION)im->w;
	c->c.image_height = (JDIMENSION)im->h;
	c->c.input_components = 3;
	c->c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c->c);
	jpeg_set_quality(&c->c, q, TRUE);
	jpeg_start_compress(&c->c, TRUE);
	while (c->c.next_scanline < c->c.image_height) {
		JSAMPROW row = im->px + (size_t)c->c.next_scanline * im->w * 3;
		jpeg_write_scanlines(&c->c, &row, 1);
	}
	jpeg_finish_compress(&c->c);
	return 0;
}

int fz_img_encode_jpeg(const struct fz_img *im, int quality, uint8_t **out,
		       size_t *n, struct fz_err *err)
{
	struct jpeg_wctx *c;
	int rc;
	*out = NULL;
	*n = 0;
	if (!im || !im->px || im->w <= 0 || im->h <= 0 || quality < 1 ||
	    quality > 100)
		return fz_err_set(err, FZ_EINVAL, "image", "图像为空或质量参数无效");
	c = calloc(1, sizeof(*c));
	if (!c)
		return fz_err_set(err, FZ_ENOMEM, "image", "内存不足");
	c->c.err = jpeg_std_error(&c->jerr);
	c->jerr.error_exit = jpeg_wfail;
	c->c.client_data = c;
	rc = jpeg_wrun(c, im, quality);
	jpeg_destroy_compress(&c->c);
	if (rc) {
		free(c->buf);
		free(c);
		return fz_err_set(err, FZ_EINTERNAL, "image", "JPEG 编码失败");
	}
	*out = c->buf;
	*n = c->len;
	free(c);
	return 0;
}

int fz_img_write_file(const char *path, const void *data, size_t n,
		      struct fz_err *err)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return fz_err_set(err, FZ_EIO, "path", "无法写入文件 %s", path);
	if (fwrite(data, 1, n, f) != n) {
		fclose(f);
		return fz_err_set(err, FZ_EIO, "path", "写入文件失败 %s", path);
	}
	if (fclose(f))
		return fz_err_set(err, FZ_EIO, "path", "写入文件失败 %s", path);
	return 0;
}

int fz_img_fit(const struct fz_img *im, int side, struct fz_img *out,
	       struct fz_err *err)
{
	int w = im->w, h = im->h, rc;
	if (side < 1)
		side = 1;
	if (w > side || h > side) {
		double s = (double)side / (w > h ? w : h);
		w = (int)(im->w * s + 0.5);
		h = (int)(im->h * s + 0.5);
		if (w < 1) w = 1;
		if (h < 1) h = 1;
	}
	if ((rc = fz_img_alloc(out, w, h, err)))
		return rc;
	for (int y = 0; y < h; y++) {
		int y0 = (int)((long)y * im->h / h), y1 = (int)((long)(y + 1) * im->h / h);
		if (y1 <= y0)
			y1 = y0 + 1;
		for (int x = 0; x < w; x++) {
			int x0 = (int)((long)x * im->w / w), x1 = (int)((long)(x + 1) * im->w / w);
			unsigned long acc[3] = { 0, 0, 0 }, n;
			if (x1 <= x0)
				x1 = x0 + 1;
			for (int sy = y0; sy < y1; sy++)
				for (int sx = x0; sx < x1; sx++) {
					const uint8_t *p = im->px + ((size_t)sy * im->w + sx) * 3;
					acc[0] += p[0];
					acc[1] += p[1];
					acc[2] += p[2];
				}
			n = (unsigned long)(x1 - x0) * (unsigned long)(y1 - y0);
			uint8_t *q = out->px + ((size_t)y * w + x) * 3;
			for (int c = 0; c < 3; c++)
				q[c] = (uint8_t)((acc[c] + n / 2) / n);
		}
	}
	return 0;
}
