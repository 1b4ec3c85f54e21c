/* doc_int.h - the document model, shared by doc.c (builder), pdf.c and
 * html.c only. */
#ifndef FZ_ENGINE_DOC_INT_H
#define FZ_ENGINE_DOC_INT_H

#include "engine/docs/doc.h"

enum doc_block_kind { DOC_PARA, DOC_HEADING, DOC_TABLE };

struct doc_block {
	int kind;           /* enum doc_block_kind */
	int level;          /* headings: 1..4 */
	char *text;         /* paragraph or heading, numbering included */
	int ncols, nrows;   /* tables */
	char **cells;       /* nrows * ncols strings */
	int widths[FZ_DOC_MAX_COLS];
};

struct fz_doc {
	enum fz_doc_head head;
	enum fz_doc_datefmt datefmt;
	char *organ, *number, *title, *recipient;
	struct doc_block *blocks;
	int nblocks, ablocks;
	int counters[4];    /* heading numbers per level */
	int has_sign, seal;
	char *sign_organ;
	struct fz_date sign_date;
	char *note;
	char *qr_payload, *qr_caption;
	int err;            /* first builder error (FZ_E*), 0 when none */
	char err_field[32];
};

#endif
