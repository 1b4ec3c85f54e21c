/* grid.h - 141 基层综合智治: the registry of the district's market entities
 * and their safety-risk grades (docs/grid.md).
 *
 * An entity is keyed by its 统一社会信用代码 and belongs to a 镇街 (a town
 * unit, whose staff see and keep it; the 依法治区办 and the departments with
 * safety duties see every town's).  Its grade, A 低风险 to D 重大风险, is
 * computed by the rules of data/grid/risk.rules from its attributes and
 * its inspection, penalty and accident records; every change of grade is
 * kept with the rules that fired, and an officer may override the grade
 * with a reason (audited). */
#ifndef FZ_GRID_H
#define FZ_GRID_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/ident.h"
#include "engine/case/case.h"
#include "engine/metrics/metrics.h"
#include "store/store.h"

struct fz_keys;
struct fz_rules;

extern const struct fz_migration fz_grid_migrations[];
extern const struct fz_metric fz_grid_metric_set[];
/* the rule files of data/grid, embedded by the Makefile */
extern const struct fz_embedded fz_grid_files[];

/* Hazards an entity may carry, as bits of struct fz_grid_entity.hazards. */
enum {
	FZ_GRID_HAZCHEM = 1 << 0,  /* 危险化学品 */
	FZ_GRID_DUST = 1 << 1,     /* 粉尘涉爆 */
	FZ_GRID_AMMONIA = 1 << 2,  /* 涉氨制冷 */
	FZ_GRID_CONFINED = 1 << 3, /* 有限空间 */
	FZ_GRID_GAS = 1 << 4,      /* 使用燃气 */
};
#define FZ_GRID_NHAZARDS 5

/* Key ("hazchem") and name ("危险化学品") of hazard i (0..NHAZARDS-1). */
const char *fz_grid_hazard_key(int i);
const char *fz_grid_hazard_name(int i);
/* The bit of a key or a name, 0 when unknown. */
int fz_grid_hazard_bit(const char *key_or_name);

/* Size keys large/medium/small/micro <-> 大型/中型/小型/微型. */
const char *fz_grid_size_name(const char *key); /* NULL when unknown */
const char *fz_grid_size_key(const char *key_or_name);

/* 国民经济行业分类 (GB/T 4754-2017): a section letter and 2-4 digits whose
 * division lies in the section ("C1711", "C17", "H62").  1 valid, 0 not;
 * *section gets the section's name ("制造业") when valid. */
int fz_grid_industry_ok(const char *code, const char **section);

/* "低风险", "一般风险", "较大风险", "重大风险" for 'A'..'D', else NULL. */
const char *fz_grid_grade_name(int grade);

/* One entity as given (create, import).  Strings are borrowed. */
struct fz_grid_entity {
	const char *uscc;     /* validated and normalised by fz_grid_upsert */
	const char *name;     /* 1-100 characters */
	int64_t unit_id;      /* the 镇街 */
	const char *grid;     /* 网格, 0-50 characters */
	const char *industry; /* GB/T 4754 code */
	const char *size;     /* key or name */
	int64_t employees;    /* -1 unknown */
	int hazards;          /* FZ_GRID_* bits */
	const char *address;  /* 0-200 characters */
};

/* Outcome of one upsert. */
enum { FZ_GRID_ADDED = 1, FZ_GRID_UPDATED = 2, FZ_GRID_SAME = 3 };

/* Register or update (by 统一社会信用代码) one entity and grade it, in the
 * caller's transaction or its own, audited.  The town must be a town
 * within a's scope, and an existing entity must be too.  *id and *what
 * (FZ_GRID_*) may be NULL.  FZ_EINVAL with the field; FZ_EFORBID out of
 * scope. */
int fz_grid_upsert(struct fz_store *db, const struct fz_case_actor *a,
		   const struct fz_grid_entity *e, int flags, int64_t *id,
		   int *what, struct fz_err *err);
/* flags: the caller audits the whole batch (an import), not each entity */
#define FZ_GRID_BATCH 1

/* A record that grading reads. */
struct fz_grid_record {
	const char *kind;   /* "inspection", "penalty", "accident" */
	struct fz_date on;  /* {0}: today */
	int64_t hazards;    /* inspection: 一般隐患 found */
	int64_t major;      /* inspection: 重大事故隐患 found; penalty: 1 if
			       it concerned a 重大事故隐患 */
	int64_t open_major; /* inspection: of those, not yet removed */
	const char *note;   /* 0-500 characters */
};

/* Add a record to entity id and grade it again (own transaction or the
 * caller's, audited).  *rid may be NULL. */
int fz_grid_record_add(struct fz_store *db, const struct fz_case_actor *a,
		       int64_t id, const struct fz_grid_record *r,
		       int64_t *rid, struct fz_err *err);

/* The open 重大事故隐患 of inspection record rid of entity id (rid 0: of
 * all its inspections) are removed (整改完毕, 复查通过) on `on`, and the
 * entity is graded again.  FZ_ENOTFOUND for no such record, FZ_ESTATE
 * when none is open. */
int fz_grid_record_rectified(struct fz_store *db,
			     const struct fz_case_actor *a, int64_t id,
			     int64_t rid, struct fz_date on,
			     struct fz_err *err);

/* Override the computed grade ('A'..'D') or clear the override (grade 0),
 * with a reason of 5-500 characters; kept in the grade history and the
 * audit log. */
int fz_grid_override(struct fz_store *db, const struct fz_case_actor *a,
		     int64_t id, int grade, const char *reason,
		     struct fz_err *err);

/* The compiled grading rules, built once per process. */
const struct fz_rules *fz_grid_rules(struct fz_err *err);

/* Grade entity id as of asof ({0}: today) in the caller's transaction;
 * history and the entity row change only when the result changes. */
int fz_grid_grade_one(struct fz_store *db, int64_t id, struct fz_date asof,
		      const char *actor, struct fz_err *err);

struct fz_grid_regrade {
	long entities; /* graded */
	long changed;  /* whose computed grade or rules changed */
	long by[4];    /* effective grade counts A..D after the run */
};

/* Grade every entity (own transaction, audited): one pass over the
 * records, the rules in C, writes only where something changed. */
int fz_grid_regrade_all(struct fz_store *db, const struct fz_case_actor *a,
			struct fz_date asof, struct fz_grid_regrade *out,
			struct fz_err *err);

/* The entity's page: attributes, grade with the rules that fired (name,
 * citation, message), override, history and latest records.  FZ_ENOTFOUND. */
int fz_grid_entity_json(struct fz_store *db, int64_t id, json_t **out,
			struct fz_err *err);

/* The unit path of entity id (struct fz_record_kind.unit_path shape). */
int fz_grid_entity_path(struct fz_store *db, int64_t id, char *path, size_t n,
			struct fz_err *err);

/* ---- 综合查一次: inspection planning (grid_plan.c) ---- */

/* Routine visits a year for a grade ('A'..'D'), and into *cap (may be
 * NULL) the most visits of all agencies together in a year (a joint
 * inspection is one visit; targeted checks are not capped). */
int fz_grid_frequency(int grade, int *cap);

/* "计划检查", "投诉举报", "转办交办", "事故调查" for routine, complaint,
 * referral, accident; else NULL. */
const char *fz_grid_reason_name(const char *key);

/* One agency's planned visit (the agency is the actor's unit). */
struct fz_grid_plan {
	int64_t entity_id;
	const char *month;  /* "YYYY-MM" */
	const char *reason; /* routine, complaint, referral, accident */
	const char *items;  /* 检查事项, 2-500 characters */
};

/* What planning tells the planner. */
struct fz_grid_plan_note {
	char joint[256];  /* other agencies visiting that month (、-joined):
			     one joint inspection (综合查一次) with them */
	char suggest[8];  /* else a month next to it another agency plans */
	int visits;       /* visits planned in the year (joint = one) */
	int routine;      /* of those, with a routine plan: the capped ones */
	int per_year;     /* routine visits the grade asks for */
	int cap;          /* routine visits the grade allows */
};

/* Plan a visit (own transaction or the caller's, audited): one per
 * agency, entity and month (FZ_ECONFLICT).  note (may be NULL) gets the
 * merge and the counts, the new visit included. */
int fz_grid_plan_add(struct fz_store *db, const struct fz_case_actor *a,
		     const struct fz_grid_plan *p, int64_t *id,
		     struct fz_grid_plan_note *note, struct fz_err *err);

/* The note of entity's month as seen by agency unit. */
int fz_grid_plan_note(struct fz_store *db, int64_t entity, int64_t unit,
		      const char *month, struct fz_grid_plan_note *note,
		      struct fz_err *err);

/* Cancel plan id (audited).  FZ_ENOTFOUND. */
int fz_grid_plan_cancel(struct fz_store *db, const struct fz_case_actor *a,
			int64_t id, struct fz_err *err);

/* The planning agency's unit path of plan id (record kind shape). */
int fz_grid_plan_path(struct fz_store *db, int64_t id, char *path, size_t n,
		      struct fz_err *err);

/* The 审计日志's name of a grid_entity:ID object (engine/audit.h namer). */
int fz_grid_audit_name(struct fz_store *db, int64_t id, const char *action,
		       char *obj, char *act, size_t n);

/* ---- bulk import (grid_import.c) ---- */

struct fz_grid_import {
	long added, updated, same;
	json_t *errors; /* array of "FILE:LINE: 原因" strings; caller decrefs */
};

/* Import CSV (a header row, then one entity a line; RFC 4180 quoting) or
 * JSON (an array of objects, or one object a line), told apart by the
 * first non-blank character.  Columns / keys, in Chinese or as keys:
 * 统一社会信用代码 uscc, 名称 name, 镇街 town (name or region code), 网格 grid,
 * 行业代码 industry, 规模 size, 从业人数 employees, 风险因素 hazards
 * ("危险化学品、有限空间"; a JSON array too), 地址 address.
 * All or nothing: any bad row and nothing is written, FZ_EINVAL, and
 * res->errors lists every bad row (up to 200) as "file:line: reason".
 * Importing the same file again changes nothing (res->same). */
int fz_grid_import_text(struct fz_store *db, const struct fz_case_actor *a,
			const char *file, const char *text, size_t len,
			struct fz_grid_import *res, struct fz_err *err);

/* The demo district's 77,000 entities with a year of records, graded. */
int fz_grid_demo(struct fz_store *db, const struct fz_keys *keys,
		 uint64_t seed, FILE *out, struct fz_err *err);

#endif
