/* cmd_report.c - `fazhi report build`: the 法治政府建设年度报告 of a year
 * computed from the records (domain/report), written as PDF, HTML preview
 * or JSON; `fazhi report check FILE`: a template's problems, line by line. */
#include "cli/cli.h"

#include "app.h"
#include "core/buf.h"
#include "domain/org/org.h"
#include "domain/report/report.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char report_help[] =
	"usage: fazhi report build --db PATH --year YYYY [--unit ID]\n"
	"                          [--pdf OUT.pdf] [--html OUT.html] [--json OUT.json]\n"
	"       fazhi report check FILE\n"
	"  build computes every figure of the year's report over the district\n"
	"  (or the unit's subtree) and writes what is asked; without an output\n"
	"  it prints the text.  check reads a report template and prints each\n"
	"  problem as FILE:LINE: reason.  Exit 0 done, 1 failed, 2 usage.\n";

static int report_usage(int rc)
{
	fputs(report_help, rc == -1 ? stdout : stderr);
	return rc == -1 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

static int write_file(const char *path, const void *p, size_t n, struct fz_err *err)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(p, 1, n, f) == n;
	if (f && fclose(f))
		ok = 0;
	return ok ? 0 : fz_err_set(err, FZ_EIO, "file", "无法写入文件 %s", path);
}

static int outputs(const json_t *r, const char *pdf, const char *html,
		   const char *js, struct fz_err *err)
{
	struct fz_buf b = FZ_BUF_INIT;
	int rc = 0;

	if (pdf && !(rc = fz_report_pdf(r, &b, NULL, err)))
		rc = write_file(pdf, b.data, b.len, err);
	fz_buf_reset(&b);
	if (!rc && html && !(rc = fz_report_html(r, &b, err)))
		rc = write_file(html, b.data, b.len, err);
	if (!rc && js) {
		char *s = json_dumps(r, JSON_INDENT(1));
		rc = s ? write_file(js, s, strlen(s), err) : fz_err_set(err, FZ_ENOMEM, NULL, NULL);
		free(s);
	}
	if (!rc && !pdf && !html && !js) {
		const json_t *blk;
		size_t i;
		printf("%s\n\n", json_string_value(json_object_get(r, "title")));
		json_array_foreach(json_object_get(r, "blocks"), i, blk)
			printf("%s\n", json_string_value(json_object_get(blk, "text")));
	}
	fz_buf_release(&b);
	return rc;
}

static int report_build(int argc, char **argv)
{
	const char *db = NULL, *year = NULL, *unit = NULL, *pdf = NULL, *html = NULL,
		   *js = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--year", 0, &year }, { "--unit", 0, &unit },
		{ "--pdf", 0, &pdf }, { "--html", 0, &html }, { "--json", 0, &js },
		{ NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_store *s;
	char path[256] = "/", name[128] = "";
	json_t *r = NULL;
	int got, rc = fz_cli_parse(argc, argv, 3, opts, NULL, 0, &got);

	if (rc || !db || !year)
		return report_usage(rc);
	if ((rc = fz_app_open(&s, db, 0, &err)))
		return fz_cli_fail(&err);
	if (unit) {
		rc = fz_org_unit_path(s, strtoll(unit, NULL, 10), path, sizeof(path), &err);
		rc = rc < 0 ? rc : rc == 0 ? fz_err_set(&err, FZ_ENOTFOUND, "unit", "单位不存在") : 0;
		fz_org_unit_name(s, strtoll(unit, NULL, 10), name, sizeof(name));
	} else {
		struct fz_unit_info root;
		if (!fz_org_unit_first(s, "district", NULL, NULL, &root, &err))
			snprintf(name, sizeof(name), "%s", root.name);
	}
	if (!rc)
		rc = fz_report_build(s, &fz_app_metrics, atoi(year), path, name, &r, &err);
	fz_store_close(s);
	if (!rc)
		rc = outputs(r, pdf, html, js, &err);
	json_decref(r);
	return rc ? fz_cli_fail(&err) : FZ_EXIT_OK;
}

static int report_check(int argc, char **argv)
{
	struct fz_err err = FZ_ERR_INIT;
	const char *file = NULL;
	struct fz_buf b = FZ_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;
	int got, rc = fz_cli_parse(argc, argv, 3, NULL, &file, 1, &got);

	if (rc || got != 1)
		return report_usage(rc);
	if (!(f = fopen(file, "rb"))) {
		fz_err_set(&err, FZ_ENOTFOUND, "file", "无法打开文件 %s", file);
		return fz_cli_fail(&err);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fz_buf_add(&b, chunk, n);
	fclose(f);
	rc = fz_report_check(file, b.data ? b.data : "", &fz_app_metrics, &err);
	fz_buf_release(&b);
	if (rc)
		return fz_cli_fail(&err);
	printf("%s: 模板无误\n", file);
	return FZ_EXIT_OK;
}

int fz_cmd_report(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[2], "build"))
		return report_build(argc, argv);
	if (argc >= 3 && !strcmp(argv[2], "check"))
		return report_check(argc, argv);
	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return report_usage(-1);
	return report_usage(FZ_EXIT_USAGE);
}
