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

/* Article rowids carry their law's ranking class in the bits from
 * FZ_LAWS_CLASS_SHIFT up (laws_import.c assigns them, laws_search.c ranks
 * by them): rowid order is then "best placed first", which lets a broad
 * query rank only its first matches (engine/search/search.h).  A law's
 * articles get consecutive rowids, so "inside one law" is a rowid range.
 * Classes, best first:
 *   0 宪法 and 法律 in force          1 行政法规 in force
 *   2 司法解释, 部门规章, 其他 in force
 *   3 浙江 local regulations in force (the district's own province)
 *   4 other local regulations in force
 *   5 national texts no longer in force (已被修订, 失效)
 *   6 local texts no longer in force */
#define FZ_LAWS_CLASS_SHIFT 24
#define FZ_LAWS_CLASSES 7

/* The deployment's own province as the corpus writes regions: its local
 * regulations rank right after national texts (class 3), and its place
 * names (浙江省, 绍兴市, 柯桥区 …, laws_search.c) count as naming it.  The
 * district is 柯桥区, 绍兴 (region code 330603, province 33 = 浙江; see
 * ARCHITECTURE.md); another province's deployment changes this line and
 * re-imports. */
#define FZ_LAWS_HOME_REGION "浙江"

/* A token in more articles than this is "common": a relaxed search
 * leaves it out (it weighs almost nothing in BM25 and costs the most to
 * rank: 行政, 人民, 规定).  Import lists them once (law_meta
 * common_tokens) so a query needs no probe of the index. */
#define FZ_LAWS_COMMON_DF 8000

/* Class of a law from its corpus fields (status 有效/已被修订/失效). */
int fz_laws_class_of(const char *level, const char *region,
		     const char *status);

#endif
