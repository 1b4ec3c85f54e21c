/* laws_schema.c - migrations of module "laws": the corpus tables and the
 * full-text index over articles. */
#include "domain/laws/laws_schema.h"

/* One row per law version (a corpus record).  history is the record's
 * JSON array kept as text; digest is a hash of the whole record, so a
 * re-import can tell "same content" from "changed" without comparing
 * every article.  weight is the ranking factor set at import from status
 * and level (laws_import.c, rank_weight()). */
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
	" weight INTEGER NOT NULL," \
	" digest TEXT NOT NULL);" \
	"CREATE INDEX laws_short_title ON laws(short_title);" \
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

/* SQLite only: FTS5 with external content.  The index keeps no copy of
 * the text (law_fts_src is a view over the two tables); triggers feed it.
 * An article row is never updated in place, but the update trigger keeps
 * the index right if one ever is.  The law row must still hold its old
 * title when its articles are deleted (laws_import.c keeps that order). */
#define LAWS_V2 \
	"CREATE VIEW law_fts_src AS SELECT a.id AS id, l.title AS title, " \
	HEADING("a") " AS heading, a.text AS body " \
	"FROM law_articles a JOIN laws l ON l.id = a.law_id;" \
	"CREATE VIRTUAL TABLE law_fts USING fts5(title, heading, body," \
	" content='law_fts_src', content_rowid='id', tokenize='fazhi');" \
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

const struct fz_migration fz_laws_migrations[] = {
	{ "laws", 1, LAWS_V1 },
	{ "laws", 2, LAWS_V2 },
	{ NULL, 0, NULL },
};
