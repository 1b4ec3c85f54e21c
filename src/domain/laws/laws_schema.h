/* laws_schema.h - the tables of the law corpus (module "laws"). */
#ifndef FZ_DOMAIN_LAWS_SCHEMA_H
#define FZ_DOMAIN_LAWS_SCHEMA_H

#include "store/store.h"

/* Migrations of module "laws", ended by a row with module == NULL.
 * Version 1 is portable SQL (laws, law_articles); version 2 is the SQLite
 * FTS5 index law_fts with the "fazhi" tokenizer and the triggers that keep
 * it in step with law_articles.  A PostgreSQL backend needs its own search
 * in place of version 2 (docs/lawsearch.md). */
extern const struct fz_migration fz_laws_migrations[];

#endif
