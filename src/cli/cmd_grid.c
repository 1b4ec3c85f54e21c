/* cmd_grid.c - `fazhi grid import|regrade`: the 141 registry of market
 * entities from files, and the district's re-grading (domain/grid). */
#include "cli/cli.h"

#include "core/cal.h"
#include "domain/grid/grid.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char grid_help[] =
	"usage: fazhi grid import FILE --db PATH [--key PATH]\n"
	"       fazhi grid regrade --db PATH [--key PATH] [--asof YYYY-MM-DD]\n"
	"  import reads market entities from CSV (a header row of 统一社会信用代码,\n"
	"  名称, 镇街, 网格, 行业代码, 规模, 从业人数, 风险因素, 地址) or JSON (an array\n"
	"  of objects, or one object a line), registers new ones, updates changed\n"
	"  ones and grades them, in one audited transaction.  Any bad row and\n"
	"  nothing is stored: every bad row is printed as FILE:LINE: reason.\n"
	"  Importing the same file twice changes nothing.\n"
	"  regrade grades every entity by the rules (data/grid/risk.rules) as of\n"
	"  today or --asof, prints the count per grade and the time taken, and\n"
	"  refreshes the query planner's statistics of the grid tables (run it\n"
	"  nightly: penalties and inspections age out of their windows).\n"
	"  Exit 0 done, 1 failed, 2 usage.\n";

static int usage(int rc)
{
	fputs(grid_help, rc == -1 ? stdout : stderr);
	return rc == -1 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

static const struct fz_case_actor cli_actor = { 0, "", 0, "/", 0, "", 1 };

static char *slurp(const char *path, size_t *len, struct fz_err *err)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f) {
		fz_err_set(err, FZ_ENOTFOUND, "file", "无法打开文件 %s", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (256L << 20) &&
	    fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1))) {
		*len = fread(s, 1, (size_t)n, f);
		s[*len] = 0;
	} else
		fz_err_set(err, FZ_ETOOBIG, "file", "文件无法读取或超过256MB：%s", path);
	fclose(f);
	return s;
}

static int grid_import(int argc, char **argv)
{
	const char *db = NULL, *key = NULL, *file = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--key", 0, &key }, { NULL, 0, NULL }
	};
	struct fz_grid_import res;
	struct fz_err err = { 0 };
	struct fz_store *s = NULL;
	const char *base;
	size_t len = 0;
	char *text;
	int got, rc = fz_cli_parse(argc, argv, 3, opts, &file, 1, &got);

	if (rc)
		return rc < 0 ? usage(-1) : rc;
	if (!db || got != 1)
		return usage(FZ_EXIT_USAGE);
	if (!(text = slurp(file, &len, &err)))
		return fz_cli_fail(&err);
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if ((rc = fz_cli_open_keyed(db, key, &s, &err))) {
		free(text);
		return fz_cli_fail(&err);
	}
	rc = fz_grid_import_text(s, &cli_actor, base, text, len, &res, &err);
	free(text);
	fz_store_close(s);
	if (rc) {
		size_t i;
		json_t *e;
		json_array_foreach(res.errors, i, e)
			fprintf(stderr, "%s\n", json_string_value(e));
		json_decref(res.errors);
		return fz_cli_fail(&err);
	}
	json_decref(res.errors);
	printf("imported %s: %ld added, %ld updated, %ld unchanged\n", base,
	       res.added, res.updated, res.same);
	return FZ_EXIT_OK;
}

static int grid_regrade(int argc, char **argv)
{
	const char *db = NULL, *key = NULL, *asof_s = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--key", 0, &key }, { "--asof", 0, &asof_s },
		{ NULL, 0, NULL }
	};
	struct fz_grid_regrade r;
	struct fz_err err = { 0 };
	struct fz_store *s = NULL;
	struct fz_date asof = { 0 };
	struct timespec t0, t1;
	int got, rc = fz_cli_parse(argc, argv, 3, opts, NULL, 0, &got);

	if (rc)
		return rc < 0 ? usage(-1) : rc;
	if (!db)
		return usage(FZ_EXIT_USAGE);
	if (asof_s && fz_date_parse(&asof, asof_s, &err))
		return fz_cli_fail(&err);
	if ((rc = fz_cli_open_keyed(db, key, &s, &err)))
		return fz_cli_fail(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = fz_grid_regrade_all(s, &cli_actor, asof, &r, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* the nightly run keeps the planner's statistics current */
	if (!rc)
		rc = fz_store_exec(s, "ANALYZE grid_entities; ANALYZE grid_records", &err);
	fz_store_close(s);
	if (rc)
		return fz_cli_fail(&err);
	printf("graded %ld entities in %.3f s, %ld changed; A %ld, B %ld, C %ld, D %ld\n",
	       r.entities, (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, r.changed,
	       r.by[0], r.by[1], r.by[2], r.by[3]);
	return FZ_EXIT_OK;
}

int fz_cmd_grid(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[2], "import"))
		return grid_import(argc, argv);
	if (argc >= 3 && !strcmp(argv[2], "regrade"))
		return grid_regrade(argc, argv);
	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return usage(-1);
	return usage(FZ_EXIT_USAGE);
}
