/* doc.c - the document builder and the text helpers (see doc.h). */
#include "engine/docs/doc_int.h"

#include "core/mem.h"
#include "core/money.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fz_doc_new(struct fz_doc **out, enum fz_doc_head head)
{
	struct fz_doc *d = fz_xcalloc(1, sizeof(*d));
	d->head = head;
	d->datefmt = FZ_DOC_DATE_ARABIC;
	*out = d;
}

void fz_doc_free(struct fz_doc *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nblocks; i++) {
		struct doc_block *b = &d->blocks[i];
		free(b->text);
		for (int c = 0; c < b->nrows * b->ncols; c++)
			free(b->cells[c]);
		free(b->cells);
	}
	free(d->blocks);
	free(d->organ);
	free(d->number);
	free(d->title);
	free(d->recipient);
	free(d->sign_organ);
	free(d->note);
	free(d->qr_payload);
	free(d->qr_caption);
	free(d);
}

static void fail(struct fz_doc *d, int code, const char *field)
{
	if (d->err)
		return;
	d->err = code;
	snprintf(d->err_field, sizeof(d->err_field), "%s", field);
}

/* A checked copy of s: NULL (and a sticky error) unless s is valid UTF-8
 * of at most FZ_DOC_MAX_TEXT bytes.  Pango draws only valid UTF-8, and
 * HTML escaping assumes it. */
static char *text_dup(struct fz_doc *d, const char *s, const char *field)
{
	size_t n = s ? strlen(s) : 0;

	if (!s || n > FZ_DOC_MAX_TEXT || !g_utf8_validate(s, (gssize)n, NULL)) {
		fail(d, FZ_EINVAL, field);
		return NULL;
	}
	return fz_xstrdup(s);
}

static void set_text(struct fz_doc *d, char **slot, const char *s,
		     const char *field)
{
	char *t = text_dup(d, s, field);
	if (!t)
		return;
	free(*slot);
	*slot = t;
}

void fz_doc_organ(struct fz_doc *d, const char *organ)
{
	set_text(d, &d->organ, organ, "organ");
}

void fz_doc_number(struct fz_doc *d, const char *number)
{
	set_text(d, &d->number, number, "number");
}

void fz_doc_title(struct fz_doc *d, const char *title)
{
	set_text(d, &d->title, title, "title");
}

void fz_doc_recipient(struct fz_doc *d, const char *recipient)
{
	set_text(d, &d->recipient, recipient, "recipient");
}

void fz_doc_datefmt(struct fz_doc *d, enum fz_doc_datefmt f)
{
	d->datefmt = f == FZ_DOC_DATE_HANZI ? f : FZ_DOC_DATE_ARABIC;
}

static struct doc_block *add_block(struct fz_doc *d, int kind)
{
	struct doc_block *b;

	if (d->nblocks == FZ_DOC_MAX_BLOCKS) {
		fail(d, FZ_ETOOBIG, "blocks");
		return NULL;
	}
	if (d->nblocks == d->ablocks) {
		d->ablocks = d->ablocks ? 2 * d->ablocks : 16;
		d->blocks = fz_xrealloc(d->blocks,
					(size_t)d->ablocks * sizeof(*b));
	}
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void fz_doc_para(struct fz_doc *d, const char *text)
{
	char *t = text_dup(d, text, "para");
	struct doc_block *b = t ? add_block(d, DOC_PARA) : NULL;

	if (b)
		b->text = t;
	else
		free(t);
}

void fz_doc_paraf(struct fz_doc *d, const char *fmt, ...)
{
	struct fz_buf s = FZ_BUF_INIT;
	va_list ap;

	fz_buf_init(&s, FZ_DOC_MAX_TEXT);
	va_start(ap, fmt);
	fz_buf_vaddf(&s, fmt, ap);
	va_end(ap);
	if (s.err)
		fail(d, s.err, "para");
	else
		fz_doc_para(d, s.data);
	fz_buf_release(&s);
}

char *fz_doc_cn_number(int n, char out[16])
{
	static const char *const dg[] = { "", "一", "二", "三", "四", "五",
					  "六", "七", "八", "九" };
	out[0] = '\0';
	if (n < 1 || n > 99)
		return out;
	if (n < 10)
		snprintf(out, 16, "%s", dg[n]);
	else
		snprintf(out, 16, "%s十%s", n < 20 ? "" : dg[n / 10], dg[n % 10]);
	return out;
}

/* GB/T 9704-2012 7.3.3: 一、 → （一） → 1. → （1）. */
void fz_doc_heading(struct fz_doc *d, int level, const char *text)
{
	char num[16], *t;
	struct doc_block *b;
	struct fz_buf s = FZ_BUF_INIT;
	int n;

	if (level < 1 || level > 4) {
		fail(d, FZ_EINVAL, "level");
		return;
	}
	if (!(t = text_dup(d, text, "heading")))
		return;
	n = ++d->counters[level - 1];
	for (int i = level; i < 4; i++)
		d->counters[i] = 0;
	if (level <= 2 && n > 99) {
		fail(d, FZ_EINVAL, "level");
		free(t);
		return;
	}
	if (level == 1)
		fz_buf_addf(&s, "%s、%s", fz_doc_cn_number(n, num), t);
	else if (level == 2)
		fz_buf_addf(&s, "（%s）%s", fz_doc_cn_number(n, num), t);
	else if (level == 3)
		fz_buf_addf(&s, "%d．%s", n, t);
	else
		fz_buf_addf(&s, "（%d）%s", n, t);
	free(t);
	if (s.err)
		fail(d, s.err, "heading");
	else if ((b = add_block(d, DOC_HEADING))) {
		b->level = level;
		b->text = fz_xstrdup(s.data);
	}
	fz_buf_release(&s);
}

void fz_doc_table(struct fz_doc *d, int ncols, int nrows,
		  const char *const *cells, const int *widths)
{
	struct doc_block *b;
	int n = ncols * nrows;

	if (ncols < 1 || ncols > FZ_DOC_MAX_COLS || nrows < 1 ||
	    nrows > FZ_DOC_MAX_BLOCKS || !cells) {
		fail(d, FZ_EINVAL, "table");
		return;
	}
	for (int i = 0; i < n; i++)
		if (!cells[i] || strlen(cells[i]) > FZ_DOC_MAX_TEXT ||
		    !g_utf8_validate(cells[i], -1, NULL)) {
			fail(d, FZ_EINVAL, "table");
			return;
		}
	for (int c = 0; widths && c < ncols; c++)
		if (widths[c] < 1 || widths[c] > 1000) {
			fail(d, FZ_EINVAL, "table");
			return;
		}
	if (!(b = add_block(d, DOC_TABLE)))
		return;
	b->ncols = ncols;
	b->nrows = nrows;
	b->cells = fz_xmalloc((size_t)n * sizeof(char *));
	for (int i = 0; i < n; i++)
		b->cells[i] = fz_xstrdup(cells[i]);
	for (int c = 0; c < ncols; c++)
		b->widths[c] = widths ? widths[c] : 1;
}

void fz_doc_sign(struct fz_doc *d, const char *organ, struct fz_date date,
		 int seal)
{
	if (!fz_date_valid(date)) {
		fail(d, FZ_EINVAL, "date");
		return;
	}
	set_text(d, &d->sign_organ, organ, "sign_organ");
	d->sign_date = date;
	d->seal = !!seal;
	d->has_sign = 1;
}

void fz_doc_note(struct fz_doc *d, const char *note)
{
	set_text(d, &d->note, note, "note");
}

void fz_doc_qr(struct fz_doc *d, const char *payload, const char *caption)
{
	if (!payload || !*payload || strlen(payload) > 1024) {
		fail(d, FZ_EINVAL, "qr");
		return;
	}
	set_text(d, &d->qr_payload, payload, "qr");
	set_text(d, &d->qr_caption, caption ? caption : "", "qr_caption");
}

int fz_doc_error(const struct fz_doc *d, struct fz_err *err)
{
	if (!d->err)
		return 0;
	if (d->err == FZ_ETOOBIG)
		return fz_err_set(err, d->err, d->err_field, "文书内容过多");
	return fz_err_set(err, d->err, d->err_field,
			  "文书内容无效（须为 UTF-8 文本，且不超过长度上限）");
}

char *fz_doc_date_text(struct fz_date d, enum fz_doc_datefmt f,
		       char out[FZ_DOC_DATE_LEN])
{
	static const char *const zero_nine[] = { "〇", "一", "二", "三", "四",
						  "五", "六", "七", "八", "九" };
	char m[16], dd[16];
	int y = d.y;

	out[0] = '\0';
	if (!fz_date_valid(d))
		return out;
	if (f != FZ_DOC_DATE_HANZI) {
		/* GB/T 9704-2012 7.3.5.4: Arabic numerals, no leading zeros */
		snprintf(out, FZ_DOC_DATE_LEN, "%d年%d月%d日", d.y, d.m, d.d);
		return out;
	}
	snprintf(out, FZ_DOC_DATE_LEN, "%s%s%s%s年%s月%s日",
		 zero_nine[y / 1000], zero_nine[y / 100 % 10],
		 zero_nine[y / 10 % 10], zero_nine[y % 10],
		 fz_doc_cn_number(d.m, m), fz_doc_cn_number(d.d, dd));
	return out;
}

int fz_doc_money_text(int64_t cents, struct fz_buf *out, struct fz_err *err)
{
	char fig[FZ_MONEY_STRLEN], dx[FZ_MONEY_DAXIE_LEN];
	int rc = fz_money_daxie(cents, dx, sizeof(dx), err);

	if (rc)
		return rc;
	fz_buf_addf(out, "人民币%s元（大写：%s）", fz_money_format(cents, fig),
		    dx);
	return out->err ? fz_err_set(err, out->err, NULL, NULL) : 0;
}
