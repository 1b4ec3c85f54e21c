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

/* Replace the stored thesaurus (table law_thesaurus) with the entries of
 * the file at path (engine/search/thesaurus.h), in one transaction.
 * Bad lines go to report as "FILE:LINE: reason" and nothing is replaced
 * (FZ_EINVAL, err holding the first); targets the corpus does not hold
 * (an unknown article or title) are reported as warnings and kept, so a
 * thesaurus written for the full corpus loads beside a sample.  *n_out
 * (may be NULL) is the number of entries stored.  FZ_EIO when the file
 * cannot be read. */
int fz_laws_import_thesaurus(struct fz_store *db, const char *path,
			     FILE *report, long *n_out, struct fz_err *err);

/* Recompute what the search derives from the stored corpus: the rowid
 * ranges of each region's local texts (law_places) and the corpus date
 * (law_meta corpus_date: the latest promulgation).  One transaction. */
int fz_laws_derive(struct fz_store *db, struct fz_err *err);

/* Learn word pairs from the articles in force (engine/search/cooc.h) and
 * replace law_related with them: for each Han bigram, the bigrams that
 * stand near it (same clause, 2 to 4 tokens on) at least
 * FZ_LAWS_LEARN_MIN_COUNT times with PMI at least FZ_LAWS_LEARN_MIN_PMI,
 * the best FZ_LAWS_LEARN_PER_TOK.  One transaction; *n_out (may be
 * NULL) is the number of pairs stored. */
#define FZ_LAWS_LEARN_MIN_COUNT 20
#define FZ_LAWS_LEARN_MIN_PMI 3.0
#define FZ_LAWS_LEARN_PER_TOK 3
int fz_laws_learn(struct fz_store *db, long *n_out, struct fz_err *err);

/* Write to out, in Chinese, the laws new, revised and repealed since
 * date (YYYY-MM-DD), one per line under a heading per kind, and a count
 * line.  New: promulgated on or after date, no earlier version; revised:
 * the same with an earlier version pointing to it (superseded_by);
 * repealed: 失效, with the last dated event of its history on or after
 * date (the corpus records no repeal date).  FZ_EINVAL for a bad date. */
int fz_laws_changes_since(struct fz_store *db, const char *date, FILE *out,
			  struct fz_err *err);

/* The subcommand `fazhi import laws FILE [--db PATH] [--thesaurus TSV]
 * [--since YYYY-MM-DD] [--no-learn]`: argv[0] is "laws".  Registers the search
 * tokenizer, opens the database (which must exist: `fazhi init` makes
 * it), applies the laws migrations if missing, imports, loads the
 * thesaurus (thesaurus.tsv beside FILE when not named, skipped when
 * there is none), derives the search tables, learns word pairs when the
 * corpus changed (or none are stored; --no-learn skips it), prints the counts and, with
 * --since, what changed since that date.  Returns the process
 * exit status: 0 done (malformed lines are reported, not fatal), 1 error,
 * 2 usage. */
int fz_laws_cmd_import(int argc, char **argv);

#endif
