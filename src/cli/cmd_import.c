/* cmd_import.c - `fazhi import KIND FILE --db PATH`: a table of import
 * kinds, one row per module that loads files (laws, wage-arrears leads …). */
#include "cli/cli.h"

#include "domain/laws/laws_import.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *kind;
	int (*fn)(int argc, char **argv); /* argv[0] is the kind */
	const char *summary;
} kinds[] = {
	{ "laws", fz_laws_cmd_import, "the law corpus (JSON Lines, .gz accepted) for 一键找法" },
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
