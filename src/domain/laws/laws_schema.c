/* laws_schema.c - migrations of module "laws": the corpus tables and the
 * full-text index over articles. */
#include "domain/laws/laws_schema.h"

#include <string.h>

int fz_laws_class_of(const char *level, const char *region,
		     const char *status)
{
	int in_force = !strcmp(status, "有效");
	int local = region || !strcmp(level, "地方性法规");

	if (!in_force)
		return local ? 6 : 5;
	if (local)
		return region && !strcmp(region, FZ_LAWS_HOME_REGION) ? 3 : 4;
	if (!strcmp(level, "宪法") || !strcmp(level, "法律"))
		return 0;
	if (!strcmp(level, "行政法规"))
		return 1;
	return 2;
}

/* One row per law version (a corpus record).  history is the record's
 * JSON array kept as text; digest is a hash of the whole record, so a
 * re-import can tell "same content" from "changed" without comparing
 * every article.  rank_class is fz_laws_class_of() (laws_schema.h).
 * laws_names covers what finding a law by name and title suggestions
 * read, so their LIKE scans read that index, not rows whose history and
 * appendix spill over into overflow pages (2 ms -> 0.6 ms). */
#define LAWS_V1 \
	"CREATE TABLE laws (" \
	" id TEXT PRIMARY KEY," \
	" title TEXT NOT NULL," \
	" short_title TEXT NOT NULL," \
	" subtitle TEXT," \
	" category TEXT NOT NULL," \
	" level TEXT NOT NULL," \
	" region TEXT," \
	" issuer TEXT," \
	" promulgated TEXT," \
	" effective TEXT," \
	" status TEXT NOT NULL," \
	" superseded_by TEXT," \
	" structure TEXT NOT NULL," \
	" source TEXT NOT NULL," \
	" history TEXT NOT NULL," \
	" preamble TEXT," \
	" appendix TEXT," \
	" articles INTEGER NOT NULL," \
	" in_force INTEGER NOT NULL," \
	" national INTEGER NOT NULL," \
	" rank_class INTEGER NOT NULL," \
	" digest TEXT NOT NULL);" \
	"CREATE INDEX laws_names ON laws(short_title, title, in_force," \
	" national, promulgated, status, level, region, id);" \
	"CREATE TABLE law_articles (" \
	" id INTEGER PRIMARY KEY," \
	" law_id TEXT NOT NULL REFERENCES laws(id)," \
	" seq INTEGER NOT NULL," \
	" no TEXT NOT NULL," \
	" n INTEGER NOT NULL," \
	" sub INTEGER NOT NULL," \
	" part TEXT," \
	" chapter TEXT," \
	" section TEXT," \
	" text TEXT NOT NULL," \
	" UNIQUE (law_id, seq));" \
	"CREATE INDEX law_articles_n ON law_articles(law_id, n, sub);"

/* The words a row is found by: the law's title, the article's headings
 * and label (编 章 节 and 第X条), and the text.  One expression, used by
 * the view and both triggers, so what is indexed is what is deleted. */
#define HEADING(a) \
	"trim(coalesce(" a ".part,'')||' '||coalesce(" a ".chapter,'')||' '||" \
	"coalesce(" a ".section,'')||' '||" a ".no)"

/* SQLite only: FTS5 with external content.  prefix='1' keeps an index of
 * every token's first character (FTS5 counts prefixes in characters): a
 * one-character query runs as a prefix query ("法"*, see tok.h), and
 * without that index FTS5 merges every bigram's list that starts with the
 * character (30-70 ms for 法; about 3 ms with it; docs/lawsearch.md).  The index keeps no copy of
 * the text (law_fts_src is a view over the two tables); triggers feed it.
 * An article row is never updated in place, but the update trigger keeps
 * the index right if one ever is.  The law row must still hold its old
 * title when its articles are deleted (laws_import.c keeps that order). */
#define LAWS_V2 \
	"CREATE VIEW law_fts_src AS SELECT a.id AS id, l.title AS title, " \
	HEADING("a") " AS heading, a.text AS body " \
	"FROM law_articles a JOIN laws l ON l.id = a.law_id;" \
	"CREATE VIRTUAL TABLE law_fts USING fts5(title, heading, body," \
	" content='law_fts_src', content_rowid='id', tokenize='fazhi'," \
	" prefix='1');" \
	"CREATE TRIGGER law_articles_ai AFTER INSERT ON law_articles BEGIN" \
	" INSERT INTO law_fts(rowid, title, heading, body)" \
	" SELECT new.id, l.title, " HEADING("new") ", new.text" \
	" FROM laws l WHERE l.id = new.law_id; END;" \
	"CREATE TRIGGER law_articles_ad AFTER DELETE ON law_articles BEGIN" \
	" INSERT INTO law_fts(law_fts, rowid, title, heading, body)" \
	" SELECT 'delete', old.id, l.title, " HEADING("old") ", old.text" \
	" FROM laws l WHERE l.id = old.law_id; END;" \
	"CREATE TRIGGER law_articles_au AFTER UPDATE ON law_articles BEGIN" \
	" INSERT INTO law_fts(law_fts, rowid, title, heading, body)" \
	" SELECT 'delete', old.id, l.title, " HEADING("old") ", old.text" \
	" FROM laws l WHERE l.id = old.law_id;" \
	" INSERT INTO law_fts(rowid, title, heading, body)" \
	" SELECT new.id, l.title, " HEADING("new") ", new.text" \
	" FROM laws l WHERE l.id = new.law_id; END;"

/* Version 3, portable SQL: what import derives for the search besides the
 * articles.  law_thesaurus holds data/laws/thesaurus.tsv (thesaurus.h;
 * law_id, n, sub filled for 条文 rows); law_related the word pairs learned
 * from the corpus (weight: PMI); law_places the article rowid ranges of
 * each region's local texts (consecutive, laws_schema.h), so a query
 * naming a place can lift its regulations without a join; law_meta small
 * facts such as the corpus date. */
#define LAWS_V3 \
	"CREATE TABLE law_thesaurus (" \
	" id INTEGER PRIMARY KEY," \
	" term TEXT NOT NULL," \
	" kind TEXT NOT NULL," \
	" target TEXT NOT NULL," \
	" source TEXT NOT NULL," \
	" law_id TEXT," \
	" n INTEGER," \
	" sub INTEGER);" \
	"CREATE TABLE law_related (" \
	" tok TEXT NOT NULL," \
	" rel TEXT NOT NULL," \
	" weight REAL NOT NULL," \
	" PRIMARY KEY (tok, rel));" \
	"CREATE TABLE law_places (" \
	" region TEXT NOT NULL," \
	" lo INTEGER NOT NULL," \
	" hi INTEGER NOT NULL," \
	" PRIMARY KEY (region, lo));" \
	"CREATE TABLE law_meta (" \
	" key TEXT PRIMARY KEY," \
	" value TEXT NOT NULL);"

const struct fz_migration fz_laws_migrations[] = {
	{ "laws", 1, LAWS_V1 },
	{ "laws", 2, LAWS_V2 },
	{ "laws", 3, LAWS_V3 },
	{ NULL, 0, NULL },
};
