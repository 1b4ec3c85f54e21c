/* xlsx.c - one-sheet workbooks of list rows (see xlsx.h). */
#include "engine/docs/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>


/* Display width of s in Excel's character units: a CJK character takes
 * about two. */
static double text_width(const char *s)
{
	double w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			w += 1;
		else if ((*p & 0xc0) != 0x80)
			w += 2;
	return w;
}

static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			    const struct fz_xlsx_col *col, const json_t *v,
			    lxw_format *money, double *width)
{
	char num[32];

	if (col->kind == 'm') {
		double yuan;
		char *end = NULL;
		/* cents as an integer, or as the digits a text column holds */
		if (json_is_integer(v))
			yuan = (double)json_integer_value(v) / 100.0;
		else if (json_is_string(v) && json_string_value(v)[0] &&
			 (yuan = strtod(json_string_value(v), &end) / 100.0, !*end))
			;
		else
			return LXW_NO_ERROR;
		snprintf(num, sizeof(num), "%.2f", yuan);
		if (text_width(num) + 4 > *width)
			*width = text_width(num) + 4;
		return worksheet_write_number(ws, r, c, yuan, money);
	}
	if (col->kind == 'n') {
		if (!json_is_integer(v))
			return LXW_NO_ERROR;
		return worksheet_write_number(ws, r, c,
			(double)json_integer_value(v), NULL);
	}
	if (!json_is_string(v) || !json_string_value(v)[0])
		return LXW_NO_ERROR;
	if (text_width(json_string_value(v)) > *width)
		*width = text_width(json_string_value(v));
	return worksheet_write_string(ws, r, c, json_string_value(v), NULL);
}

/* The sheet: headers, rows, widths, frozen header, filter. */
static lxw_error fill(lxw_workbook *wb, const struct fz_xlsx_col *cols,
		      const json_t *rows, const char *sheet)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *head = workbook_add_format(wb);
	lxw_format *money = workbook_add_format(wb);
	double width[64] = { 0 };
	lxw_col_t nc = 0;
	lxw_error e = LXW_NO_ERROR;
	size_t i;
	const json_t *row;

	if (!ws || !head || !money)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	format_set_bold(head);
	format_set_bg_color(head, 0xDDE6F4);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_num_format(money, "#,##0.00");
	for (; cols[nc].key && nc < 64; nc++) {
		width[nc] = text_width(cols[nc].header) + 2;
		if (!e)
			e = worksheet_write_string(ws, 0, nc, cols[nc].header, head);
	}
	json_array_foreach(rows, i, row) {
		for (lxw_col_t c = 0; !e && c < nc; c++)
			e = write_cell(ws, (lxw_row_t)i + 1, c, &cols[c],
				       json_object_get(row, cols[c].key), money,
				       &width[c]);
	}
	for (lxw_col_t c = 0; !e && c < nc; c++)
		e = worksheet_set_column(ws, c, c, width[c] > 60 ? 60 : width[c] + 1,
					 NULL);
	if (!e)
		worksheet_freeze_panes(ws, 1, 0);
	if (!e && nc)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)json_array_size(rows),
					 nc - 1);
	return e;
}

/* Read the file at path onto out. */
static int slurp(const char *path, struct fz_buf *out, struct fz_err *err)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return fz_err_set(err, FZ_EIO, NULL, "无法读取生成的表格");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fz_buf_add(out, chunk, n);
	fclose(f);
	return out->err ? fz_err_set(err, out->err, NULL, "表格过大") : 0;
}

int fz_xlsx_table(const struct fz_xlsx_col *cols, const json_t *rows,
		  const char *sheet, struct fz_buf *out, struct fz_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb;
	lxw_error e;
	int fd, rc;

	if (!json_is_array(rows) || json_array_size(rows) > FZ_XLSX_ROWS_MAX)
		return fz_err_set(err, FZ_EINVAL, NULL,
				  "一次最多导出 %d 行，请缩小查询范围",
				  FZ_XLSX_ROWS_MAX);
	snprintf(path, sizeof(path), "%s/fazhi-xlsx-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return fz_err_set(err, FZ_EIO, NULL, "无法创建临时文件：%s",
				  strerror(errno));
	close(fd);
	if (!(wb = workbook_new_opt(path, &opts))) {
		unlink(path);
		return fz_err_set(err, FZ_EIO, NULL, "无法创建表格");
	}
	e = fill(wb, cols, rows, sheet);
	/* workbook_close writes the file and frees the workbook, always */
	if (workbook_close(wb) != LXW_NO_ERROR && !e)
		e = LXW_ERROR_CREATING_XLSX_FILE;
	rc = e ? fz_err_set(err, FZ_EIO, NULL, "生成表格失败：%s",
			    lxw_strerror(e))
	       : slurp(path, out, err);
	unlink(path);
	return rc;
}
