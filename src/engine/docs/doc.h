/* doc.h - official documents built from parts and rendered to PDF (cairo +
 * pango, GB/T 9704-2012 《党政机关公文格式》 layout) and to an HTML preview.
 *
 * A domain builds a document in order: header parts, body blocks
 * (paragraphs, numbered headings, tables), the 落款 (signature, date,
 * seal place), 附注 and a QR code; then renders it.  Builder calls never
 * fail on their own: bad input (text that is not UTF-8, a heading level
 * out of range, too many blocks) is remembered as the document's first
 * error (sticky, after fz_buf) and reported by the render calls, which
 * then produce nothing.  One fz_doc can be rendered any number of times.
 *
 * Layout (documents.md §1, GB/T 9704-2012 clause in brackets): A4 paper
 * [5.1], 天头 37 mm, 订口 28 mm, 版心 156 x 225 mm [5.2.1], 22 lines of 28
 * characters [5.2.3], body 三号 (16 pt) [5.2.2], title 二号 (22 pt) [7.3.1],
 * heading levels 一、（一）1.（1） [7.3.3], page numbers "— 1 —" in 四号,
 * 7 mm below the type area, odd pages right and even pages left with a
 * one-character gap [7.5].  Fonts: 仿宋, 小标宋, 楷体 and 黑体 are not free;
 * we map 仿宋 and 楷体 to Noto Serif CJK SC, 小标宋 to Noto Serif CJK SC
 * Bold and 黑体 to Noto Sans CJK SC (Debian fonts-noto-cjk).  See
 * docs/documents.md. */
#ifndef FZ_ENGINE_DOC_H
#define FZ_ENGINE_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/err.h"

struct fz_doc;

/* How the first page opens. */
enum fz_doc_head {
	/* 红头 文件格式 (GB/T 9704-2012 7.2): the 发文机关标志 in red, its top
	 * 35 mm below the type area, the 发文字号 two lines below, a red rule
	 * 4 mm below that, and the title two lines below the rule. */
	FZ_DOC_HEAD_RED,
	/* 执法文书 (行政处罚决定书 and the notices served with it): the
	 * agency's name and the title centred at the top of the type area,
	 * the 文号 right-aligned one line below. */
	FZ_DOC_HEAD_PLAIN,
};

/* How dates print.  GB/T 9704-2012 7.3.5.4 requires Arabic numerals
 * ("2024年5月6日"); the 汉字 form ("二〇二四年五月六日") of the 1999 edition
 * is still asked for by some agencies' templates. */
enum fz_doc_datefmt { FZ_DOC_DATE_ARABIC, FZ_DOC_DATE_HANZI };

#define FZ_DOC_DATE_LEN 64      /* "二〇二四年十二月三十一日" and NUL fit */
#define FZ_DOC_MAX_BLOCKS 4096
#define FZ_DOC_MAX_TEXT 65536   /* bytes per part */
#define FZ_DOC_MAX_COLS 8

/* A new empty document with the given header style; *out is the
 * caller's (fz_doc_free).  Never fails. */
void fz_doc_new(struct fz_doc **out, enum fz_doc_head head);
void fz_doc_free(struct fz_doc *d);

/* Header parts; each copies its text.  organ: the 发文机关标志 ("…局文件")
 * or, for FZ_DOC_HEAD_PLAIN, the agency's full name.  number: the 发文字号
 * as the agency writes it; GB/T 9704-2012 7.2.5 wants 〔year〕 in 六角括号,
 * no 第 and no leading zeros (柯综执罚〔2024〕123号): the caller builds it
 * (engine/case numbers cases).  recipient: 主送机关 or the party, printed
 * flush left with a full-width colon added [7.3.2]. */
void fz_doc_organ(struct fz_doc *d, const char *organ);
void fz_doc_number(struct fz_doc *d, const char *number);
void fz_doc_title(struct fz_doc *d, const char *title);
void fz_doc_recipient(struct fz_doc *d, const char *recipient);
/* Date style for the 落款 (default FZ_DOC_DATE_ARABIC). */
void fz_doc_datefmt(struct fz_doc *d, enum fz_doc_datefmt f);

/* A body paragraph: first line indented two characters, continuation
 * lines flush left [7.3.3].  The text may hold '\n' for a forced break. */
void fz_doc_para(struct fz_doc *d, const char *text);
void fz_doc_paraf(struct fz_doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A numbered heading of level 1..4, numbered automatically 一、 （一）
 * 1. （1） [7.3.3]; a heading resets the numbers of deeper levels.
 * Levels 1 and 2 stand on their own line; text may continue after the
 * heading in the same paragraph (as the standard allows). */
void fz_doc_heading(struct fz_doc *d, int level, const char *text);

/* A table of nrows x ncols cells (row-major, cells[r * ncols + c]); the
 * first row is the header.  widths: ncols relative column widths, or
 * NULL for equal ones.  Text is 四号 (14 pt); a row that does not fit on
 * the page moves to the next one whole. */
void fz_doc_table(struct fz_doc *d, int ncols, int nrows,
		  const char *const *cells, const int *widths);

/* The 落款 [7.3.5]: the signing organ's name centred over the date, the
 * date four characters from the right edge; seal = 1 leaves the room
 * for the organ's seal (a dashed red circle marked 印章位置: the seal
 * itself is applied at issue, on paper or as a GB/T 38540 e-seal). */
void fz_doc_sign(struct fz_doc *d, const char *organ, struct fz_date date,
		 int seal);

/* 附注 [7.3.6]: in parentheses (added), indented, below the date. */
void fz_doc_note(struct fz_doc *d, const char *note);

/* A QR code of payload (a 行政行为码 URL) with a caption under it, printed
 * 25 mm wide at the bottom right of the type area on the last page (at
 * the bottom left when the 落款 is in the way); documents.md sets no
 * place for it. */
void fz_doc_qr(struct fz_doc *d, const char *payload, const char *caption);

/* The first error recorded by the builder calls, or 0 (err may be NULL). */
int fz_doc_error(const struct fz_doc *d, struct fz_err *err);

/* Render to PDF and append it to out; *pages (may be NULL) gets the page
 * count.  0; the sticky builder error; FZ_EINVAL for a document without a
 * title; FZ_ENOMEM/FZ_ETOOBIG from out; FZ_EINTERNAL when cairo fails. */
int fz_doc_pdf(const struct fz_doc *d, struct fz_buf *out, int *pages,
	       struct fz_err *err);

/* As fz_doc_pdf, into the file at path (created or truncated).  FZ_EIO
 * when it cannot be written. */
int fz_doc_pdf_file(const struct fz_doc *d, const char *path, int *pages,
		    struct fz_err *err);

/* Append a standalone HTML page previewing the document (same text, every
 * part escaped, the QR as inline SVG).  0, the sticky builder error, or
 * FZ_EINVAL without a title, or out's error. */
int fz_doc_html(const struct fz_doc *d, struct fz_buf *out,
		struct fz_err *err);

/* ---- text helpers the domains need on documents ------------------------- */

/* Write d as "2024年5月6日" or "二〇二四年五月六日" into out; returns out
 * ("" for an invalid date). */
char *fz_doc_date_text(struct fz_date d, enum fz_doc_datefmt f,
		       char out[FZ_DOC_DATE_LEN]);

/* Append an amount in figures and in 大写 as documents print it:
 * "人民币5,000.00元（大写：人民币伍仟元整）".  0, or FZ_EINVAL for a
 * negative or too large amount (money.h), or out's error. */
int fz_doc_money_text(int64_t cents, struct fz_buf *out, struct fz_err *err);

/* The Chinese number for 1..99 ("一", "十二", "九十九"), as headings use
 * it; "" outside that range.  Returns a static string's copy in out. */
char *fz_doc_cn_number(int n, char out[16]);

#endif
