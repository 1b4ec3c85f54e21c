/* cmd_import.c - `fazhi import KIND FILE --db PATH`: a table of import
 * kinds, one row per module that loads files (laws, wage-arrears leads …). */
#include "cli/cli.h"

#include "app.h"
#include "domain/laws/laws_import.h"
#include "domain/mediate/wage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- wage-leads: 欠薪线索 (domain/mediate/wage.h) ---- */

static const char wage_help[] =
	"usage: fazhi import wage-leads FILE --db PATH [--source national|provincial]\n"
	"  欠薪线索 from the national or provincial platform, CSV or JSON\n"
	"  (docs/mediate.md).  A bad row is reported as FILE:LINE: reason and\n"
	"  skipped; the rest is imported in one transaction; a lead imported\n"
	"  before is not added again.  --source is for rows without one.\n"
	"  Exit 0 every row fine, 3 some rows skipped, 1 failed.\n";

/* Read the whole file at path into a new NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len, struct fz_err *err)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		fz_err_set(err, FZ_ENOTFOUND, "file", "无法打开文件 %s", path);
		return NULL;
	}
	do {
		if (cap - n < 65536) {
			char *t = cap > ((size_t)256 << 20) ? NULL
				  : realloc(s, (cap = cap ? 2 * cap : 131072) + 1);
			if (!t) {
				fz_err_set(err, FZ_ETOOBIG, "file", "文件过大（上限 256 MiB）");
				free(s);
				fclose(f);
				return NULL;
			}
			s = t;
		}
		got = fread(s + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

static int import_wage_leads(int argc, char **argv)
{
	static const struct fz_case_actor sys = { 0, "cli", 0, "/", 0, "", 1 };
	const char *db = NULL, *source = NULL, *file = NULL, *name;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--source", 0, &source }, { NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_wage_report r;
	struct fz_store *s;
	size_t len = 0;
	char *text;
	int got, rc = fz_cli_parse(argc, argv, 1, opts, &file, 1, &got);

	if (rc || !db || got != 1) {
		fputs(wage_help, rc < 0 ? stdout : stderr);
		return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
	}
	name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if (!(text = slurp(file, &len, &err)))
		return fz_cli_fail(&err);
	/* The import is audited; the audit chain is keyed from DB.key. */
	if ((rc = fz_cli_open_keyed(db, NULL, &s, &err))) {
		free(text);
		return fz_cli_fail(&err);
	}
	rc = fz_wage_import(s, &sys, name, text, len,
			    source ? source : "national", &r, &err);
	fz_store_close(s);
	free(text);
	if (rc) {
		json_decref(r.errors);
		return fz_cli_fail(&err);
	}
	for (size_t i = 0; i < json_array_size(r.errors); i++) {
		json_t *e = json_array_get(r.errors, i);
		fprintf(stderr, "%s:%" JSON_INTEGER_FORMAT ": %s\n", name,
			json_integer_value(json_object_get(e, "line")),
			json_string_value(json_object_get(e, "message")));
	}
	printf("%s: %" PRId64 " rows, %" PRId64 " added, %" PRId64
	       " already known, %" PRId64 " skipped\n", name, r.rows, r.added,
	       r.duplicates, r.bad);
	json_decref(r.errors);
	/* the good rows are in; the exit status says some were not */
	return r.bad ? FZ_EXIT_CHECK : FZ_EXIT_OK;
}

/* ---- the table ---- */

static const struct {
	const char *kind;
	int (*fn)(int argc, char **argv); /* argv[0] is the kind */
	const char *summary;
} kinds[] = {
	{ "laws", fz_laws_cmd_import, "the law corpus (JSON Lines, .gz accepted) for 一键找法" },
	{ "wage-leads", import_wage_leads, "欠薪线索 from the national or provincial platform (CSV or JSON)" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static int usage(FILE *f)
{
	fprintf(f, "usage: fazhi import KIND FILE --db PATH   (fazhi import KIND --help)\n\n");
	for (size_t i = 0; i < NKINDS; i++)
		fprintf(f, "  %-11s %s\n", kinds[i].kind, kinds[i].summary);
	return f == stdout ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

int fz_cmd_import(int argc, char **argv)
{
	if (argc < 3)
		return usage(stderr);
	if (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))
		return usage(stdout);
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(argv[2], kinds[i].kind))
			return kinds[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "fazhi import: unknown kind '%s'\n", argv[2]);
	return usage(stderr);
}
