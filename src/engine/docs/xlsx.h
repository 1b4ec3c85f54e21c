/* xlsx.h - one-sheet Excel workbooks (Office Open XML, .xlsx) of list rows,
 * with Debian's libxlsxwriter: Chinese headers in a bold frozen first row,
 * amounts as numbers in a 元 format (so Excel sums them), dates as text
 * in the ISO form the records keep, widths that fit Chinese text. */
#ifndef FZ_ENGINE_XLSX_H
#define FZ_ENGINE_XLSX_H

#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* One column: the member of each row object and its header. */
struct fz_xlsx_col {
	const char *key;     /* "number" */
	const char *header;  /* "案号" */
	char kind;           /* 't' text (a string, or "" for null), 'n' an
				integer, 'm' money in cents shown as 元 with two
				decimals: an integer or its digits as text (an
				empty cell for null) */
};

#define FZ_XLSX_ROWS_MAX 100000   /* rows a sheet may take here */

/* Append to out the .xlsx of rows (an array of objects) under cols
 * (ended by key == NULL), the sheet named sheet (at most 31 characters,
 * Excel's limit).  FZ_EINVAL for more than FZ_XLSX_ROWS_MAX rows;
 * FZ_EIO when the workbook cannot be written (a temporary file is used:
 * libxlsxwriter 1.1 writes to files only). */
int fz_xlsx_table(const struct fz_xlsx_col *cols, const json_t *rows,
		  const char *sheet, struct fz_buf *out, struct fz_err *err);

#endif
