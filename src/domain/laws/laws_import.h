/* laws_import.h - `fazhi import laws FILE`: load the law corpus (JSON
 * lines, plain or gzip) into the laws tables, idempotently. */
#ifndef FZ_DOMAIN_LAWS_IMPORT_H
#define FZ_DOMAIN_LAWS_IMPORT_H

#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

/* How many malformed line numbers the stats keep (all go to the report). */
#define FZ_LAWS_BAD_MAX 32

struct fz_laws_import_stats {
	long lines;      /* lines read, blank ones included */
	long inserted;   /* laws new to the database */
	long unchanged;  /* same id and same content: nothing written */
	long updated;    /* same id, new content: law and articles replaced */
	long malformed;  /* lines skipped (not JSON, or not a valid record) */
	long articles;   /* article rows written */
	long bad_lines[FZ_LAWS_BAD_MAX]; /* first malformed line numbers */
	int nbad;
};

/* Import the corpus file at path (.jsonl, or gzip-compressed, told by its
 * first bytes) into db, whose "laws" migrations must be applied.  Each
 * record is checked against the corpus format (data/laws/README.md); a
 * malformed line is counted, reported to `report` (may be NULL) as
 * "第 N 行：reason", and skipped.  A record whose id is known with the same
 * content is left alone, so a second run writes nothing.  Writes go in
 * batches, one transaction each.  *st is zeroed, then filled.
 * Fails with FZ_EIO when the file cannot be read or decompressed, or with
 * the store's error when a write fails (the batch in progress is rolled
 * back; earlier batches stay). */
int fz_laws_import_file(struct fz_store *db, const char *path,
			struct fz_laws_import_stats *st, FILE *report,
			struct fz_err *err);

/* The subcommand `fazhi import laws FILE [--db PATH]`: argv[0] is "laws".
 * Registers the search tokenizer, opens the database (which must exist:
 * `fazhi init` makes it), applies the laws migrations if missing, imports,
 * prints the counts.  Returns the process
 * exit status: 0 done (malformed lines are reported, not fatal), 1 error,
 * 2 usage. */
int fz_laws_cmd_import(int argc, char **argv);

#endif
