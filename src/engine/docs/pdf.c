/* pdf.c - render a document to PDF with cairo and pango, in the layout of
 * GB/T 9704-2012 《党政机关公文格式》 (numbers from documents.md §1; the
 * clause is cited next to each).
 *
 * Text is laid out per paragraph with pango (line breaking, CJK 禁则,
 * justification); the lines are then placed one by one on a fixed grid of
 * 22 rows per page, so a paragraph splits across pages at any line. */
#include "engine/docs/doc_int.h"

#include "engine/docs/qr.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#define MM (72.0 / 25.4)                /* points per millimetre */
#define PAGE_W (210 * MM)               /* A4, 5.1 */
#define PAGE_H (297 * MM)
#define TOP (37 * MM)                   /* 天头 37 mm, 5.2.1 */
#define LEFT (28 * MM)                  /* 订口 28 mm, 5.2.1 */
#define BODY_W (156 * MM)               /* 版心 156 x 225 mm, 5.2.1 */
#define BODY_H (225 * MM)
#define RIGHT (LEFT + BODY_W)
#define BOTTOM (TOP + BODY_H)
#define PITCH (BODY_H / 22)             /* 22 lines per page, 5.2.3 */
#define CHAR_W (BODY_W / 28)            /* 28 characters per line, 5.2.3 */

#define PT_1 26.0   /* 一号 */
#define PT_2 22.0   /* 二号: title, 7.3.1 */
#define PT_3 16.0   /* 三号: every element by default, 5.2.2 */
#define PT_4 14.0   /* 四号: page numbers 7.5; tables */
#define PT_SMALL5 9.0 /* 小五: QR caption */

/* Font substitution (doc.h, docs/documents.md): the standard's 仿宋,
 * 小标宋, 黑体 and 楷体 are proprietary; Debian ships Noto CJK. */
#define F_FANGSONG "Noto Serif CJK SC"
#define F_XBS "Noto Serif CJK SC Bold"
#define F_HEI "Noto Sans CJK SC Bold"
#define F_KAI "Noto Serif CJK SC"
#define F_SONG "Noto Serif CJK SC"

#define QR_SIDE (25 * MM)
#define SEAL_R (21 * MM)   /* a 42 mm organ seal */

struct pen {
	cairo_t *cr;
	const struct fz_doc *d;
	double y;            /* top of the next free row on this page */
	int page;            /* 1-based */
	double full_bottom;  /* lowest full-width content on this page */
	double right_bottom; /* lowest right-hand content (落款, seal) */
};

/* Red: documents.md §1.1, GB/T 9704-2012 6.2, red ink Y80 % M80 %. */
static void set_red(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 1.0, 0.2, 0.2);
}

static PangoLayout *layout(cairo_t *cr, const char *font, double size,
			   double width, double letter, const char *text)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	PangoAttrList *al = pango_attr_list_new();

	/* zh-CN picks the Simplified Chinese glyph forms and punctuation
	 * placement of the CJK fonts */
	pango_context_set_language(pango_layout_get_context(l),
				   pango_language_from_string("zh-cn"));
	pango_layout_context_changed(l);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (letter != 0) {
		pango_attr_list_insert(al, pango_attr_letter_spacing_new(
					   (int)(letter * PANGO_SCALE)));
		pango_layout_set_attributes(l, al);
	}
	pango_attr_list_unref(al);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, text, -1);
	return l;
}

/* Body text: 三号 with the letter spacing that puts exactly 28 characters
 * on a 156 mm line (5.2.3; word processors call it the document grid).
 * The width gets half a point of slack against rounding. */
static PangoLayout *body_layout(cairo_t *cr, const char *font,
				const char *text, int indent)
{
	PangoLayout *l = layout(cr, font, PT_3, BODY_W + 0.5, CHAR_W - PT_3,
				text);
	pango_layout_set_justify(l, TRUE);
	if (indent)  /* first line two characters in, 7.3.3 */
		pango_layout_set_indent(l, (int)(2 * CHAR_W * PANGO_SCALE));
	return l;
}

static double text_width(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return pango_units_to_double(r.width);
}

/* 7.5: 四号 half-width Arabic numerals between 一字线, 7 mm below the type
 * area; odd pages right, even pages left, one character in. */
static void page_number(struct pen *p)
{
	char s[32];
	PangoLayout *l;
	PangoRectangle r;
	double x;

	snprintf(s, sizeof(s), "— %d —", p->page);
	l = layout(p->cr, F_SONG, PT_4, 0, 0, s);
	pango_layout_get_extents(l, NULL, &r);
	x = p->page % 2 ? RIGHT - PT_4 - pango_units_to_double(r.width)
			: LEFT + PT_4;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	/* the dashes sit at mid-height of the line: centre it on 7 mm */
	cairo_move_to(p->cr, x, BOTTOM + 7 * MM -
		      pango_units_to_double(r.height) / 2);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

static void next_page(struct pen *p)
{
	page_number(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	p->full_bottom = p->right_bottom = TOP;
}

/* Place every line of l on the grid from the cursor, starting a page when
 * the type area is full.  x is the layout's left edge; pitch the row
 * height (PITCH, or more for large type).  full: the lines span the
 * width (else they count as right-hand content). */
static void flow(struct pen *p, PangoLayout *l, double x, double pitch,
		 int full)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);

	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle at, own;
		double h, top, base, row;

		pango_layout_iter_get_line_extents(it, NULL, &at);
		pango_layout_line_get_extents(line, NULL, &own);
		h = pango_units_to_double(at.height);
		row = h > pitch ? h : pitch;
		if (p->y + row > BOTTOM + 0.01)
			next_page(p);
		top = p->y + (row - h) / 2;
		base = top + pango_units_to_double(
				     pango_layout_iter_get_baseline(it) - at.y);
		cairo_move_to(p->cr, x + pango_units_to_double(at.x - own.x),
			      base);
		pango_cairo_show_layout_line(p->cr, line);
		p->y += row;
		if (full)
			p->full_bottom = p->y;
		else if (p->y > p->right_bottom)
			p->right_bottom = p->y;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void centred(struct pen *p, const char *font, double size,
		    double letter, const char *text)
{
	PangoLayout *l = layout(p->cr, font, size, BODY_W, letter, text);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	flow(p, l, LEFT, PITCH, 1);
	g_object_unref(l);
}

/* 版头 of the 文件 format, 7.2.4, 7.2.5, 7.2.7, 7.3.1. */
static void head_red(struct pen *p)
{
	const struct fz_doc *d = p->d;
	double size, rule;

	if (d->organ) {
		long n = g_utf8_strlen(d->organ, -1);
		PangoLayout *l;
		PangoRectangle ink;

		/* no size in the standard: as large as fits, 小初 at most */
		size = n > 0 && BODY_W * 0.96 / (double)n < 36 ?
			       BODY_W * 0.96 / (double)n : 36;
		l = layout(p->cr, F_XBS, size, BODY_W, 0, d->organ);
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
		pango_layout_get_extents(l, &ink, NULL);
		set_red(p->cr);
		/* its top edge 35 mm below the top of the type area, 7.2.4 */
		cairo_move_to(p->cr, LEFT, TOP + 35 * MM -
			      pango_units_to_double(ink.y));
		pango_cairo_show_layout(p->cr, l);
		p->y = TOP + 35 * MM + pango_units_to_double(ink.height);
		g_object_unref(l);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	p->y += 2 * PITCH;  /* 发文字号 two blank lines below, 7.2.5 */
	if (d->number)
		centred(p, F_FANGSONG, PT_3, 0, d->number);
	else
		p->y += PITCH;
	/* red rule as wide as the type area, 4 mm below the number, 7.2.7;
	 * the number's glyphs end about (PITCH - 三号) / 2 above the row end */
	rule = p->y - (PITCH - PT_3) / 2 + 4 * MM;
	set_red(p->cr);
	cairo_set_line_width(p->cr, 0.7 * MM);
	cairo_move_to(p->cr, LEFT, rule);
	cairo_line_to(p->cr, RIGHT, rule);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->y = rule + 2 * PITCH;  /* title two blank lines below, 7.3.1 */
	p->full_bottom = p->y;
	centred(p, F_XBS, PT_2, 0, d->title);
	p->y += PITCH;  /* 主送机关 one blank line below the title, 7.3.2 */
}

/* 执法文书: agency and title centred, the number right-aligned. */
static void head_plain(struct pen *p)
{
	const struct fz_doc *d = p->d;

	p->y = TOP;
	if (d->organ)
		centred(p, F_XBS, PT_2, 0, d->organ);
	centred(p, F_XBS, PT_1, PT_1 * 0.3, d->title);
	if (d->number) {
		PangoLayout *l = layout(p->cr, F_FANGSONG, PT_3, BODY_W - CHAR_W,
					0, d->number);
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		flow(p, l, LEFT, PITCH, 1);
		g_object_unref(l);
	}
	p->y += PITCH / 2;
}

static void para(struct pen *p, const char *font, const char *text,
		 int indent)
{
	PangoLayout *l = body_layout(p->cr, font, text, indent);
	flow(p, l, LEFT, PITCH, 1);
	g_object_unref(l);
}

static void table(struct pen *p, const struct doc_block *b)
{
	const double pad = 1.5 * MM;
	double x[FZ_DOC_MAX_COLS + 1], total = 0;

	for (int c = 0; c < b->ncols; c++)
		total += b->widths[c];
	x[0] = LEFT;
	for (int c = 0; c < b->ncols; c++)
		x[c + 1] = x[c] + BODY_W * b->widths[c] / total;
	cairo_set_line_width(p->cr, 0.5);
	for (int r = 0; r < b->nrows; r++) {
		PangoLayout *cell[FZ_DOC_MAX_COLS];
		double h = 0;

		for (int c = 0; c < b->ncols; c++) {
			PangoRectangle e;
			cell[c] = layout(p->cr, r ? F_FANGSONG : F_HEI, PT_4,
					 x[c + 1] - x[c] - 2 * pad, 0,
					 b->cells[r * b->ncols + c]);
			if (r == 0)
				pango_layout_set_alignment(cell[c],
							   PANGO_ALIGN_CENTER);
			pango_layout_get_extents(cell[c], NULL, &e);
			if (pango_units_to_double(e.height) > h)
				h = pango_units_to_double(e.height);
		}
		h += 2 * pad;
		if (h < PITCH)
			h = PITCH;
		if (p->y + h > BOTTOM + 0.01 && p->y > TOP)
			next_page(p);
		for (int c = 0; c < b->ncols; c++) {
			PangoRectangle e;
			pango_layout_get_extents(cell[c], NULL, &e);
			cairo_rectangle(p->cr, x[c], p->y, x[c + 1] - x[c], h);
			cairo_stroke(p->cr);
			cairo_move_to(p->cr, x[c] + pad, p->y +
				      (h - pango_units_to_double(e.height)) / 2);
			pango_cairo_show_layout(p->cr, cell[c]);
			g_object_unref(cell[c]);
		}
		p->y += h;
		p->full_bottom = p->y;
	}
}

static void one_line_at(struct pen *p, double x, double row_top,
			PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	cairo_move_to(p->cr, x, row_top + (PITCH -
		      pango_units_to_double(r.height)) / 2);
	pango_cairo_show_layout(p->cr, l);
}

/* A dashed circle where the seal goes.  Deliberately not a seal image. */
static void seal_place(struct pen *p, double cx, double cy)
{
	static const double dash[] = { 2 * MM, 1.5 * MM };
	PangoLayout *l = layout(p->cr, F_SONG, PT_SMALL5, 0, 0, "印章位置");

	cairo_save(p->cr);
	set_red(p->cr);
	cairo_set_line_width(p->cr, 0.6);
	cairo_set_dash(p->cr, dash, 2, 0);
	cairo_new_sub_path(p->cr);
	cairo_arc(p->cr, cx, cy, SEAL_R, 0, 2 * G_PI);
	cairo_stroke(p->cr);
	cairo_move_to(p->cr, cx - text_width(l) / 2, cy - SEAL_R + 4 * MM);
	pango_cairo_show_layout(p->cr, l);
	cairo_restore(p->cr);
	g_object_unref(l);
}

/* 落款, 7.3.5.1 (sealed) and 7.3.5.2 (unsealed). */
static void signature(struct pen *p)
{
	const struct fz_doc *d = p->d;
	char date[FZ_DOC_DATE_LEN];
	PangoLayout *nl, *dl;
	double nw, dw, nx, dx, blank = d->seal ? 2 : 1;

	fz_doc_date_text(d->sign_date, d->datefmt, date);
	nl = layout(p->cr, F_FANGSONG, PT_3, 0, CHAR_W - PT_3,
		    d->sign_organ ? d->sign_organ : "");
	dl = layout(p->cr, F_FANGSONG, PT_3, 0, CHAR_W - PT_3, date);
	nw = text_width(nl);
	dw = text_width(dl);
	if (d->seal) {
		/* date four characters from the right; name centred over it */
		dx = RIGHT - 4 * CHAR_W - dw;
		nx = dx + dw / 2 - nw / 2;
		if (nx + nw > RIGHT - CHAR_W)
			nx = RIGHT - CHAR_W - nw;
	} else {
		/* name two characters from the right; the date starts two
		 * characters right of the name's first character */
		nx = RIGHT - 2 * CHAR_W - nw;
		dx = nx + 2 * CHAR_W;
		if (dx + dw > RIGHT)
			dx = RIGHT - dw;
	}
	/* 7.3.5.5: no room: tighten the spacing before moving on, never a
	 * page without text */
	if (p->y + (blank + 2) * PITCH > BOTTOM + 0.01)
		blank = 0;
	if (p->y + (blank + 2) * PITCH > BOTTOM + 0.01)
		next_page(p);
	p->y += blank * PITCH;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	one_line_at(p, nx, p->y, nl);
	one_line_at(p, dx, p->y + PITCH, dl);
	if (d->seal) {
		/* name and date just below the seal's centre, its top within
		 * a line of the body */
		double cy = p->y + PITCH * 0.8;
		seal_place(p, dx + dw / 2, cy);
		if (cy + SEAL_R > p->right_bottom)
			p->right_bottom = cy + SEAL_R;
	}
	p->y += 2 * PITCH;
	if (p->y > p->right_bottom)
		p->right_bottom = p->y;
	g_object_unref(nl);
	g_object_unref(dl);
}

static void qr_draw(struct pen *p, const struct fz_qr *q, double x, double y)
{
	int side = q->width + 2 * FZ_QR_QUIET;
	double m = QR_SIDE / side;

	cairo_set_source_rgb(p->cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (fz_qr_dark(q, c, r))
				cairo_rectangle(p->cr, x + (c + FZ_QR_QUIET) * m,
						y + (r + FZ_QR_QUIET) * m, m, m);
	cairo_fill(p->cr);
}

/* The QR at the bottom right of the last page's type area, or bottom
 * left when the 落款 reaches down there, or on a new page. */
static int qr_place(struct pen *p, struct fz_err *err)
{
	const struct fz_doc *d = p->d;
	struct fz_qr *q;
	PangoLayout *cap;
	double cap_h, top, x;
	int rc = fz_qr_encode(&q, d->qr_payload, FZ_QR_M, err);

	if (rc)
		return rc;
	cap = layout(p->cr, F_SONG, PT_SMALL5, QR_SIDE + 10 * MM, 0,
		     d->qr_caption);
	pango_layout_set_alignment(cap, PANGO_ALIGN_CENTER);
	cap_h = d->qr_caption[0] ? PT_SMALL5 * 1.6 : 0;
	top = BOTTOM - QR_SIDE - cap_h;
	if (p->full_bottom <= top && p->right_bottom <= top) {
		x = RIGHT - QR_SIDE;
	} else if (p->full_bottom <= top) {
		x = LEFT;
	} else {
		next_page(p);
		x = RIGHT - QR_SIDE;
	}
	qr_draw(p, q, x, top);
	cairo_move_to(p->cr, x - 5 * MM, top + QR_SIDE);
	pango_cairo_show_layout(p->cr, cap);
	g_object_unref(cap);
	fz_qr_free(q);
	return 0;
}

static int render(const struct fz_doc *d, cairo_surface_t *s, int *pages,
		  struct fz_err *err)
{
	struct pen p = { NULL, d, TOP, 1, TOP, TOP };
	int rc = 0;

	p.cr = cairo_create(s);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	if (d->head == FZ_DOC_HEAD_RED)
		head_red(&p);
	else
		head_plain(&p);
	if (d->recipient) {
		char *t = g_strconcat(d->recipient, "：", NULL);
		para(&p, F_FANGSONG, t, 0);  /* flush left, 7.3.2 */
		g_free(t);
	}
	for (int i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		if (b->kind == DOC_TABLE)
			table(&p, b);
		else if (b->kind == DOC_HEADING)
			/* 7.3.3: level 1 黑体, level 2 楷体, 3 and 4 仿宋 */
			para(&p, b->level == 1 ? F_HEI : b->level == 2 ?
				 F_KAI : F_FANGSONG, b->text, 1);
		else
			para(&p, F_FANGSONG, b->text, 1);
	}
	if (d->has_sign)
		signature(&p);
	if (d->note) {
		char *t = g_strconcat("（", d->note, "）", NULL);
		para(&p, F_FANGSONG, t, 1);  /* 附注, 7.3.6 */
		g_free(t);
	}
	if (d->qr_payload)
		rc = qr_place(&p, err);
	page_number(&p);
	cairo_show_page(p.cr);
	if (!rc && cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		rc = fz_err_set(err, FZ_EINTERNAL, NULL, "PDF 绘制失败：%s",
				cairo_status_to_string(cairo_status(p.cr)));
	cairo_destroy(p.cr);
	if (pages)
		*pages = p.page;
	return rc;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data,
			     unsigned int len)
{
	struct fz_buf *b = closure;
	fz_buf_add(b, data, len);
	return b->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static int check(const struct fz_doc *d, struct fz_err *err)
{
	int rc = fz_doc_error(d, err);
	if (rc)
		return rc;
	if (!d->title || !d->title[0])
		return fz_err_set(err, FZ_EINVAL, "title", "文书缺少标题");
	return 0;
}

static int finish(const struct fz_doc *d, cairo_surface_t *s, int *pages,
		  struct fz_err *err)
{
	int rc;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		rc = fz_err_set(err, FZ_EIO, NULL, "PDF 无法写出：%s",
				cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return rc;
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "fazhi");
	rc = render(d, s, pages, err);
	cairo_surface_finish(s);
	if (!rc && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = fz_err_set(err, FZ_EIO, NULL, "PDF 写出失败：%s",
				cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_destroy(s);
	return rc;
}

int fz_doc_pdf(const struct fz_doc *d, struct fz_buf *out, int *pages,
	       struct fz_err *err)
{
	size_t before = out->len;
	int rc = check(d, err);

	if (rc)
		return rc;
	rc = finish(d, cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W,
							   PAGE_H),
		    pages, err);
	if (!rc && out->err)
		rc = fz_err_set(err, out->err, NULL, NULL);
	if (rc && !out->err) {
		out->len = before;
		out->data[before] = '\0';
	}
	return rc;
}

int fz_doc_pdf_file(const struct fz_doc *d, const char *path, int *pages,
		    struct fz_err *err)
{
	int rc = check(d, err);

	if (rc)
		return rc;
	return finish(d, cairo_pdf_surface_create(path, PAGE_W, PAGE_H), pages,
		      err);
}
