/* rules.h - a small rule language for early warnings and grading
 * (两法衔接 transfer thresholds, risk grades, anomaly checks), compiled once
 * and evaluated over rows of named, typed fields (ARCHITECTURE.md,
 * engine/rules).  The full grammar and the unit table are in
 * docs/engines.md; in short:
 *
 *   # a comment runs to the end of the line
 *   field 销售金额 分;            # a number field; rows give it in 分
 *   field 危险废物数量 吨;        # rows give tonnes (decimals allowed)
 *   field 罪名 text;              # also: bool, number (no unit)
 *
 *   rule T140.a {
 *       name    "生产、销售伪劣产品罪：销售金额";
 *       cite    "追诉标准（一） Art. 16";
 *       message "涉嫌犯罪，应当移送";
 *       from    "2008-06-25";      # optional: in force from (inclusive)
 *       until   "2025-04-25";      # optional: last day in force
 *       when    罪名 == "生产、销售伪劣产品罪" and 销售金额 >= 5万元;
 *   }
 *
 * Expressions: or, and, not (also ||, &&, !); == != < <= > >= (also ≥ ≤ ≠);
 * x in [a, b] and x not in [...]; + - * / (also ×); parentheses; literals
 * 5万元, 3 吨, 1.5, 10%, "text", true, false.
 *
 * Numbers are exact: every value is an int64 count of 1/10000 of its
 * dimension's base unit (分 for money, 克 for mass, ...), so money never
 * meets a float.  Units convert within a dimension (5万元 == 5000000 分);
 * mixing dimensions (元 with 吨), comparing text with numbers and the like
 * are type errors found at compile time.
 *
 * A field missing from a row is unknown, and logic is three-valued
 * (Kleene): unknown and false = false, unknown or true = true; a rule fires
 * only when its condition is true.
 *
 * Thread-safety: a compiled struct fz_rules is never modified after
 * compilation, so threads share it; each thread uses its own rows. */
#ifndef FZ_ENGINE_RULES_RULES_H
#define FZ_ENGINE_RULES_RULES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/cal.h"
#include "core/embed.h"
#include "core/err.h"

/* Every data/rules/NAME.rules file, embedded by the Makefile (scripts/embed.sh), ended by
 * a { NULL, NULL } row.  Defined in build/gen/rules_data.c. */
extern const struct fz_embedded fz_rules_files[];

struct fz_rules;     /* a compiled rule set */
struct fz_rules_row; /* one row of field values for a given rule set */

/* Where a compile error is: 1-based line and column (columns count
 * characters, not bytes), and the file's name as given. */
struct fz_rules_loc {
	char file[64];
	int line;
	int col;
};

/* What a rule says about itself.  Strings live as long as the set. */
struct fz_rule_info {
	const char *id;      /* "T140.a": stable, for records and tests */
	const char *name;    /* Chinese title */
	const char *cite;    /* legal source, exactly as the reference gives it */
	const char *message; /* what to tell people when the rule fires */
	const char *from;    /* "YYYY-MM-DD" in force from, or "" */
	const char *until;   /* "YYYY-MM-DD" last day in force, or "" */
};

/* Field types, as declared in a rule file. */
enum fz_rules_type {
	FZ_RULES_NUMBER = 1, /* with or without a unit */
	FZ_RULES_TEXT = 2,
	FZ_RULES_BOOL = 3,
};

/* Compile one rule file (text is NUL-terminated UTF-8; name is used in
 * messages).  On success *out is a new set the caller frees with
 * fz_rules_free().  On any error (syntax, unknown field or unit, type
 * error, duplicate rule) *out is NULL, nothing is kept, the result is
 * FZ_EINVAL, err->msg reads "name:line:col: 中文说明" and loc (may be NULL)
 * gets the position. */
int fz_rules_compile(struct fz_rules **out, const char *name,
		     const char *text, struct fz_rules_loc *loc,
		     struct fz_err *err);

/* As fz_rules_compile() over several files that form one set (fields
 * declared in one file are visible in the files after it; a field may be
 * declared again only with the same type).  files ends with { NULL, NULL }.
 * All or nothing. */
int fz_rules_compile_files(struct fz_rules **out,
			   const struct fz_embedded *files,
			   struct fz_rules_loc *loc, struct fz_err *err);

void fz_rules_free(struct fz_rules *set);

/* The rules, in file order: 0 <= i < fz_rules_count(). */
size_t fz_rules_count(const struct fz_rules *set);
const struct fz_rule_info *fz_rules_info(const struct fz_rules *set,
					 size_t i);
/* Index of the rule with this id, or -1. */
long fz_rules_find(const struct fz_rules *set, const char *id);

/* The declared fields: count, index by name (-1 when unknown), name, type
 * and declared unit ("分", "吨", "" for none) of field i. */
size_t fz_rules_field_count(const struct fz_rules *set);
long fz_rules_field_index(const struct fz_rules *set, const char *name);
const char *fz_rules_field_name(const struct fz_rules *set, size_t i);
enum fz_rules_type fz_rules_field_type(const struct fz_rules *set, size_t i);
const char *fz_rules_field_unit(const struct fz_rules *set, size_t i);

/* Rows.  A row belongs to one set and holds a value or nothing for each of
 * its fields; strings are borrowed (they must outlive the evaluation).
 * fz_rules_row_new() returns NULL only when memory runs out. */
struct fz_rules_row *fz_rules_row_new(const struct fz_rules *set);
void fz_rules_row_free(struct fz_rules_row *row);
void fz_rules_row_clear(struct fz_rules_row *row); /* every field unknown */

/* Setters by field index.  A number is given in the field's declared unit:
 * set_int(销售金额 declared in 分, 5000000) is 5万元; set_dec takes a decimal
 * string such as "2.5" or "-0.125" (no exponent; precise to 1/10000 of the
 * base unit).  FZ_EINVAL for a wrong type, a bad index, a decimal that is
 * malformed or too precise, or a value out of range; the field is then
 * unknown. */
int fz_rules_row_set_int(struct fz_rules_row *row, size_t field, int64_t v,
			 struct fz_err *err);
int fz_rules_row_set_dec(struct fz_rules_row *row, size_t field,
			 const char *dec, struct fz_err *err);
int fz_rules_row_set_text(struct fz_rules_row *row, size_t field,
			  const char *s, struct fz_err *err);
int fz_rules_row_set_bool(struct fz_rules_row *row, size_t field, int v,
			  struct fz_err *err);
void fz_rules_row_unset(struct fz_rules_row *row, size_t field);

/* Fill a row from a JSON object (e.g. a case's facts): every declared field
 * present in obj is set, other keys are ignored, null means unknown.  A
 * number field takes a JSON integer, or a decimal string ("2.5"), or - for
 * fields that are not money - a JSON real (read to 4 decimals).  Text takes
 * a string, bool takes true/false.  The row borrows strings from obj.
 * FZ_EINVAL with err->field = the key on the first value of the wrong
 * type; fields set before it stay set. */
int fz_rules_row_from_json(struct fz_rules_row *row, const json_t *obj,
			   struct fz_err *err);

/* Evaluate every rule in force on asof (asof.y == 0: ignore from/until)
 * over row.  The indices of the rules that fire are written to fired (at
 * most max of them, in file order) and their number to *nfired (which may
 * exceed max: the rest were not written).  FZ_EINVAL on a run-time error
 * (division by zero, overflow), naming the rule. */
int fz_rules_eval(const struct fz_rules *set, const struct fz_rules_row *row,
		  struct fz_date asof, size_t *fired, size_t max,
		  size_t *nfired, struct fz_err *err);

/* Evaluate rule i alone, whatever its dates: *result is 1 (true), 0
 * (false) or -1 (unknown: a field it needs is missing). */
int fz_rules_eval_one(const struct fz_rules *set, size_t i,
		      const struct fz_rules_row *row, int *result,
		      struct fz_err *err);

#endif
