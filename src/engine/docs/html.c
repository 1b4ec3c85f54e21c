/* html.c - an HTML preview of a document: the same parts as the PDF, every
 * text escaped, the layout approximated with CSS (A4 width, 三号 body with
 * a two-character indent, centred title, right-hand 落款). */
#include "engine/docs/doc_int.h"

#include "engine/docs/qr.h"

#include <string.h>

/* Escape text for an HTML text node or a quoted attribute; '\n' becomes
 * <br>. */
static void esc(struct fz_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fz_buf_adds(b, "&amp;"); break;
		case '<': fz_buf_adds(b, "&lt;"); break;
		case '>': fz_buf_adds(b, "&gt;"); break;
		case '"': fz_buf_adds(b, "&quot;"); break;
		case '\'': fz_buf_adds(b, "&#39;"); break;
		case '\n': fz_buf_adds(b, "<br>"); break;
		default: fz_buf_addch(b, *s);
		}
	}
}

static void tag(struct fz_buf *b, const char *open, const char *text,
		const char *close)
{
	fz_buf_adds(b, open);
	esc(b, text);
	fz_buf_adds(b, close);
}

static const char style[] =
	"<style>"
	"body{background:#eee;margin:0}"
	".page{box-sizing:border-box;width:210mm;min-height:297mm;margin:8mm auto;"
	"padding:37mm 26mm 35mm 28mm;background:#fff;color:#000;"
	"font:16pt/28.9pt 'FangSong','仿宋','Noto Serif CJK SC',serif}"
	"p{margin:0;text-indent:2em;text-align:justify}"
	".organ{color:#f33;text-align:center;font:bold 30pt/1.4 'Noto Serif CJK SC',serif;text-indent:0}"
	".number{text-align:center;text-indent:0;margin:1em 0}"
	".plain .number{text-align:right;padding-right:1em}"
	".rule{border-top:2px solid #f33;margin:0 0 2em}"
	"h1{font:bold 22pt/1.4 'Noto Serif CJK SC',serif;text-align:center;margin:0 0 1em}"
	".plain h1{font-size:26pt;letter-spacing:.3em}"
	".plain .organ{color:#000;font-size:22pt}"
	".to{text-indent:0}"
	".h1{font-family:'Noto Sans CJK SC',sans-serif;font-weight:bold}"
	"table{border-collapse:collapse;width:100%;font-size:14pt;line-height:1.5}"
	"td,th{border:1px solid #000;padding:1mm 1.5mm;vertical-align:middle}"
	".sign{text-align:right;margin-top:2em;padding-right:4em;text-indent:0}"
	".seal{color:#f33;font-size:9pt}"
	".qr{float:right;width:25mm;text-align:center;font-size:9pt;line-height:1.3;margin-top:2em}"
	"</style>";

static int svg_qr(struct fz_buf *b, const char *payload, struct fz_err *err)
{
	struct fz_qr *q;
	int rc = fz_qr_encode(&q, payload, FZ_QR_M, err);
	if (rc)
		return rc;
	rc = fz_qr_svg(q, 25, b, err);
	fz_qr_free(q);
	return rc;
}

static void blocks(const struct fz_doc *d, struct fz_buf *b)
{
	for (int i = 0; i < d->nblocks; i++) {
		const struct doc_block *k = &d->blocks[i];
		if (k->kind == DOC_PARA) {
			tag(b, "<p>", k->text, "</p>\n");
		} else if (k->kind == DOC_HEADING) {
			fz_buf_addf(b, "<p class=\"h%d\">", k->level);
			esc(b, k->text);
			fz_buf_adds(b, "</p>\n");
		} else {
			fz_buf_adds(b, "<table>\n");
			for (int r = 0; r < k->nrows; r++) {
				fz_buf_adds(b, "<tr>");
				for (int c = 0; c < k->ncols; c++)
					tag(b, r ? "<td>" : "<th>",
					    k->cells[r * k->ncols + c],
					    r ? "</td>" : "</th>");
				fz_buf_adds(b, "</tr>\n");
			}
			fz_buf_adds(b, "</table>\n");
		}
	}
}

int fz_doc_html(const struct fz_doc *d, struct fz_buf *out,
		struct fz_err *err)
{
	char date[FZ_DOC_DATE_LEN];
	int rc = fz_doc_error(d, err);

	if (rc)
		return rc;
	if (!d->title || !d->title[0])
		return fz_err_set(err, FZ_EINVAL, "title", "文书缺少标题");
	fz_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head>"
		    "<meta charset=\"utf-8\"><title>");
	esc(out, d->title);
	fz_buf_addf(out, "</title>%s</head>\n<body><div class=\"page %s\">\n",
		    style, d->head == FZ_DOC_HEAD_RED ? "red" : "plain");
	if (d->organ)
		tag(out, "<div class=\"organ\">", d->organ, "</div>\n");
	if (d->head == FZ_DOC_HEAD_PLAIN)
		tag(out, "<h1>", d->title, "</h1>\n");
	if (d->number)
		tag(out, "<p class=\"number\">", d->number, "</p>\n");
	if (d->head == FZ_DOC_HEAD_RED) {
		fz_buf_adds(out, "<div class=\"rule\"></div>\n");
		tag(out, "<h1>", d->title, "</h1>\n");
	}
	if (d->recipient)
		tag(out, "<p class=\"to\">", d->recipient, "：</p>\n");
	blocks(d, out);
	if (d->has_sign) {
		fz_buf_adds(out, "<p class=\"sign\">");
		if (d->seal)
			fz_buf_adds(out, "<span class=\"seal\">（印章位置）</span><br>");
		esc(out, d->sign_organ ? d->sign_organ : "");
		fz_buf_adds(out, "<br>");
		esc(out, fz_doc_date_text(d->sign_date, d->datefmt, date));
		fz_buf_adds(out, "</p>\n");
	}
	if (d->note)
		tag(out, "<p>（", d->note, "）</p>\n");
	if (d->qr_payload) {
		fz_buf_adds(out, "<div class=\"qr\">");
		if ((rc = svg_qr(out, d->qr_payload, err)))
			return rc;
		fz_buf_adds(out, "<br>");
		esc(out, d->qr_caption);
		fz_buf_adds(out, "</div>\n");
	}
	fz_buf_adds(out, "</div></body></html>\n");
	if (out->err)
		return fz_err_set(err, out->err, NULL, NULL);
	return 0;
}
