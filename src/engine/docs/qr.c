/* qr.c - QR matrices with libqrencode, PNG with libpng, SVG by hand. */
#include "engine/docs/qr.h"

#include "core/mem.h"

#include <png.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

int fz_qr_encode(struct fz_qr **out, const char *text, enum fz_qr_ecc ecc,
		 struct fz_err *err)
{
	static const QRecLevel levels[] = {
		QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H
	};
	size_t len = text ? strlen(text) : 0;
	struct fz_qr *q;
	QRcode *c;

	*out = NULL;
	if (len == 0 || len > FZ_QR_TEXT_MAX)
		return fz_err_set(err, FZ_EINVAL, "text",
				  "二维码内容须为1至%d字节", FZ_QR_TEXT_MAX);
	if ((unsigned)ecc > FZ_QR_H)
		return fz_err_set(err, FZ_EINVAL, "ecc", "二维码纠错等级无效");
	/* QR_MODE_8: never Kanji mode, so UTF-8 Chinese stays bytes. */
	c = QRcode_encodeString(text, 0, levels[ecc], QR_MODE_8, 1);
	if (!c)
		return fz_err_set(err, FZ_ENOMEM, NULL, "二维码生成失败");
	q = fz_xmalloc(sizeof(*q));
	q->version = c->version;
	q->width = c->width;
	q->modules = fz_xmalloc((size_t)c->width * (size_t)c->width);
	for (int i = 0; i < c->width * c->width; i++)
		q->modules[i] = c->data[i] & 1;  /* bit 0: dark (qrencode.h) */
	QRcode_free(c);
	*out = q;
	return 0;
}

void fz_qr_free(struct fz_qr *q)
{
	if (!q)
		return;
	free(q->modules);
	free(q);
}

int fz_qr_dark(const struct fz_qr *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->modules[y * q->width + x];
}

static void png_write_buf(png_structp p, png_bytep data, png_size_t n)
{
	fz_buf_add(png_get_io_ptr(p), data, n);
}

static void png_flush_none(png_structp p)
{
}

int fz_qr_png(const struct fz_qr *q, int scale, struct fz_buf *out,
	      struct fz_err *err)
{
	volatile int rc = 0;  /* set after setjmp: must survive longjmp */
	int side;
	png_structp p;
	png_infop info;
	unsigned char *row;

	if (scale < 1 || scale > 64)
		return fz_err_set(err, FZ_EINVAL, "scale", "二维码缩放倍数无效");
	side = (q->width + 2 * FZ_QR_QUIET) * scale;
	p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = p ? png_create_info_struct(p) : NULL;
	if (!info) {
		png_destroy_write_struct(&p, NULL);
		return fz_err_set(err, FZ_EINTERNAL, NULL, "PNG 初始化失败");
	}
	row = fz_xmalloc((size_t)side);
	if (setjmp(png_jmpbuf(p))) {
		rc = fz_err_set(err, FZ_EINTERNAL, NULL, "PNG 编码失败");
		goto out;
	}
	png_set_write_fn(p, out, png_write_buf, png_flush_none);
	png_set_IHDR(p, info, (png_uint_32)side, (png_uint_32)side, 8,
		     PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(p, info);
	for (int y = 0; y < side; y++) {
		int my = y / scale - FZ_QR_QUIET;
		for (int x = 0; x < side; x++)
			row[x] = fz_qr_dark(q, x / scale - FZ_QR_QUIET, my)
					 ? 0 : 255;
		png_write_row(p, row);
	}
	png_write_end(p, NULL);
	if (out->err)
		rc = fz_err_set(err, out->err, NULL, NULL);
out:
	png_destroy_write_struct(&p, &info);
	free(row);
	return rc;
}

int fz_qr_svg(const struct fz_qr *q, int size_mm, struct fz_buf *out,
	      struct fz_err *err)
{
	int side = q->width + 2 * FZ_QR_QUIET;

	fz_buf_adds(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
	if (size_mm > 0)
		fz_buf_addf(out, " width=\"%dmm\" height=\"%dmm\"", size_mm,
			    size_mm);
	fz_buf_addf(out, " viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		    "<path fill=\"#000\" d=\"", side, side, side, side);
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width;) {
			int n = 0;
			while (fz_qr_dark(q, x + n, y))
				n++;
			if (n) {
				fz_buf_addf(out, "M%d %dh%dv1h-%dz",
					    x + FZ_QR_QUIET, y + FZ_QR_QUIET,
					    n, n);
				x += n;
			} else {
				x++;
			}
		}
	}
	fz_buf_adds(out, "\"/></svg>");
	if (out->err)
		return fz_err_set(err, out->err, NULL, NULL);
	return 0;
}
