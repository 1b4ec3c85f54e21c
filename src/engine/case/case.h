/* case.h - the case engine every case-handling domain shares
 * (ARCHITECTURE.md, engine/case): 行政处罚, 行政复议, mediation, court
 * execution ... each describe their procedure as one static table and let
 * the engine keep the timeline, the deadlines, the lights and the numbers.
 *
 * What a domain writes: a `static const struct fz_case_type` with
 *  - states: the stable keys stored in the database and their Chinese names;
 *  - transitions: from, to, who may take them (enum fz_role bits, see
 *    http/route.h), which facts they need, which flags block them;
 *  - deadlines: N natural days, N 工作日 or N months from a named event,
 *    paused while the case is in named states, stopped by named events,
 *    extendable up to a limit with a recorded reason and approver;
 *  - hooks: facts_changed (run a rules engine when facts change: this is how
 *    engine/rules plugs in without engine/case including it), guard (any
 *    other condition on a transition, in one function) and a table of
 *    per-transition hooks (struct fz_case_hook): what the domain does
 *    around one step - complete its data, refuse it, write its own record
 *    - inside the step's transaction, so the domain never branches on
 *    transition names around fz_case_apply.
 *
 * What the engine does: every change (creation, transition, facts update,
 * extension, flag) is one transaction that writes an event on the case's
 * timeline (table case_events) and an audit entry (engine/audit), or
 * nothing at all.  A refused change - wrong state (FZ_ESTATE), wrong role or
 * scope (FZ_EFORBID), missing required fact (FZ_EINVAL), an open blocking
 * flag (FZ_ESTATE) - changes nothing and says why in Chinese.
 *
 * Deadlines are recomputed from the timeline after each change and kept in
 * case_deadlines, so lists can filter by light in SQL.  The light is
 * computed at read time from "today" (see enum fz_case_light).
 *
 * Counting rules (shared/reference/deadlines.md §0), applied by
 * fz_case_due():
 *  - the day of the event is not counted (民事诉讼法 2023 Art. 85(2), applied by
 *    行政复议法 2023 Art. 88(1) and 行政诉讼法 Art. 101);
 *  - a natural-day or month period whose last day is a rest day ends on the
 *    next working day (民事诉讼法 Art. 85(3)), FZ_CASE_DAYS and FZ_CASE_MONTHS;
 *    FZ_CASE_DAYS_STRICT opts out for periods outside that rule;
 *  - 工作日 periods skip weekends and holidays and count 调休 workdays
 *    (行政复议法 Art. 88(2), 行政处罚法 Art. 85, 行政强制法 Art. 69); which
 *    periods are 工作日 is the case type's choice, citing those articles.
 *
 * Case numbers (fz_case_create): "{prefix}〔{year}〕{seq}号" style, one counter
 * per (prefix, year) in case_numbers, advanced in the same transaction as
 * the creation: a committed number is never issued again, and a rolled-back
 * creation rolls its number back too, so numbers are dense (no gaps) in
 * practice; cases are never deleted (a void case keeps its number).
 *
 * Data scope: a case belongs to a unit (unit_id and its materialised
 * unit_path "/1/4/17/"); an actor sees and acts on a case only when the
 * case's path starts with the actor's scope path. */
#ifndef FZ_ENGINE_CASE_CASE_H
#define FZ_ENGINE_CASE_CASE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/err.h"
#include "store/store.h"

/* --- the case-type table --- */

/* State flags. */
enum fz_case_state_flags {
	FZ_CASE_FINAL = 1 << 0, /* the case is closed here: deadlines stop,
				   no transition leaves it, facts are frozen */
};

struct fz_case_state {
	const char *key;  /* stable, stored: "filed" */
	const char *name; /* Chinese: "已立案" */
	int flags;        /* enum fz_case_state_flags */
};

struct fz_case_type;

/* Extra condition on a transition (e.g. "法制审核 is needed when Art. 58
 * applies").  facts is the case's facts merged with the transition's data.
 * Return 0 to allow, or a negative code with err filled (Chinese) to
 * refuse; nothing is written then. */
typedef int (*fz_case_guard_fn)(const struct fz_case_type *type,
				const char *transition, const json_t *facts,
				struct fz_err *err);

struct fz_case_transition {
	const char *key;   /* stable event name: "decide" (also the audit verb) */
	const char *name;  /* Chinese: "作出处罚决定" */
	const char *from;  /* state key, or "*" for any state that is not final */
	const char *to;    /* state key; may equal from (an event that stays) */
	int roles;         /* enum fz_role bits allowed to take it */
	const char *const *required; /* facts that must be present and not
					empty after merging the data; NULL-ended
					list, or NULL for none */
	const char *const *blocked_by; /* flag names: any unresolved one
					  refuses the transition; NULL-ended or NULL */
	const char *const *resolves;   /* flag names this transition resolves
					  (e.g. 移送 resolves 两法衔接); NULL-ended or NULL */
};

/* How a period counts. */
enum fz_case_unit {
	FZ_CASE_DAYS = 1,        /* natural days; a last day on a rest day moves
				    to the next working day (民事诉讼法 Art. 85(3)) */
	FZ_CASE_WORKDAYS = 2,    /* 工作日 */
	FZ_CASE_MONTHS = 3,      /* months (民法典 Art. 202), moved like DAYS */
	FZ_CASE_DAYS_STRICT = 4, /* natural days, never moved */
};

/* Does a deadline apply to this case (e.g. only under 简易程序)?  facts is
 * the current facts. */
typedef int (*fz_case_applies_fn)(const json_t *facts);

struct fz_case_deadline {
	const char *key;      /* stable: "decide" */
	const char *name;     /* Chinese: "作出处罚决定期限" */
	const char *cite;     /* legal source: "行政处罚法 Art. 60" */
	const char *const *start_on; /* events (transition keys, or "create")
					that start it; the last one counts */
	int n;                /* length of the period, in unit */
	enum fz_case_unit unit;
	const char *const *pause_in; /* states during which the clock stops
					(中止, 听证); NULL-ended or NULL */
	const char *const *stop_on;  /* events after which it is met; "~ev":
					ev ends it unmet ("stopped": a party's
					window closed by the agency's later
					step); reaching a final state stops
					every deadline */
	int max_ext;          /* total extension allowed, in unit; 0 = none */
	int ext_roles;        /* enum fz_role bits that may record one */
	fz_case_applies_fn applies; /* NULL: always */
};

/* Runs inside the write transaction after the facts of a case changed (at
 * creation, by fz_case_set_facts, or by a transition's data).  It may raise
 * flags with fz_case_flag_raise(); a failure rolls the whole change back. */
typedef int (*fz_case_facts_fn)(struct fz_store *db,
				const struct fz_case_type *type,
				int64_t case_id, const json_t *facts,
				struct fz_err *err);

/* What a per-transition hook is told about the step it runs for. */
struct fz_case_hook_ctx {
	struct fz_store *db;          /* inside the step's transaction */
	const struct fz_cal *cal;     /* the calendar the step was given */
	const struct fz_case_type *type;
	const struct fz_case_actor *actor;
	int64_t case_id;
	const char *number;           /* the case's number; "" when none */
	const char *transition;       /* the step's key */
	const char *from;             /* the case's state before the step */
	const char *to;               /* the state it reaches; NULL in prepare
					 (the state check has not run yet) */
	struct fz_date on;            /* the step's legal date */
	const json_t *facts;          /* the case's facts merged with data
					 (as prepared so far, in prepare) */
	json_t *data;                 /* the step's data (an object, never NULL):
					 prepare may add, change or null members
					 - the timeline and the facts get them;
					 before and after must not change it */
	const char *note;             /* may be NULL */
	int imported;                 /* 1 under fz_case_import: the case row
					 (state, facts) is written once after the
					 last step, so read the step from here,
					 not from the cases table */
	void *arg;                    /* the caller's (fz_case_act.arg,
					 fz_case_step.arg); may be NULL */
};

/* A per-transition hook: 0 to go on, or a negative code with err filled
 * (field and a Chinese reason) to refuse the step.  Any refusal or
 * failure leaves the step untaken: in its own transaction the engine
 * rolls everything back, the hook's own writes included; inside the
 * caller's transaction the caller must roll back (as for any writer). */
typedef int (*fz_case_hook_fn)(const struct fz_case_hook_ctx *step,
			       struct fz_err *err);

/* What a domain does around the steps of one transition key, run in the
 * table's order (several rows may match one step):
 *  - prepare: once the case is loaded and the key is known to the type,
 *    before any of the engine's checks (state, date, role, required facts,
 *    blocking flags, guard).  Completes the step's data (a default derived
 *    from the facts, a computed amount: the checks and the timeline see
 *    it) or refuses early (a step only a dedicated function may take);
 *  - before: after the engine's checks and the guard, before anything is
 *    written: the domain's own conditions on the step (facts merged);
 *  - after: after the state, the event, the facts hook, the deadlines and
 *    the audit entry are written: the domain's own record of the step (an
 *    outcome, a decision's code); a failure rolls the whole step back.
 * Each may be NULL. */
struct fz_case_hook {
	const char *transition;  /* a transition key of the type, or "*" for
				    every step; NULL ends the table */
	fz_case_hook_fn prepare;
	fz_case_hook_fn before;
	fz_case_hook_fn after;
};

struct fz_case_type {
	const char *key;     /* stable, stored: "enforce.penalty" */
	const char *name;    /* Chinese: "行政处罚案件" */
	const char *number_format; /* "{prefix}〔{year}〕{seq}号"; NULL: no number */
	const struct fz_case_state *states; /* ended by key == NULL; the first
					       is the initial state */
	const struct fz_case_transition *transitions; /* ended by key == NULL */
	const struct fz_case_deadline *deadlines;     /* ended by key == NULL;
							 may be NULL */
	int create_roles;    /* who may open a case */
	int facts_roles;     /* who may edit facts outside a transition */
	int flag_roles;      /* who may resolve a flag by a reasoned decision */
	fz_case_facts_fn facts_changed; /* may be NULL */
	fz_case_guard_fn guard;         /* may be NULL */
	const struct fz_case_hook *hooks; /* ended by transition == NULL;
					     may be NULL */
};

/* Check a type table once (tests, start-up): every from/to names a state,
 * keys are unique, every deadline's events exist, every hook names a
 * transition (or "*") and has a function, and so on.  FZ_EINTERNAL
 * with a message naming the defect. */
int fz_case_type_check(const struct fz_case_type *type, struct fz_err *err);

const struct fz_case_state *fz_case_state_find(const struct fz_case_type *type,
					       const char *key);
const struct fz_case_transition *
fz_case_transition_find(const struct fz_case_type *type, const char *key);

/* --- who acts --- */

struct fz_case_actor {
	int64_t user_id;      /* 0 for the system */
	const char *login;    /* for the timeline and audit ("" system) */
	int role;             /* one enum fz_role bit; 0 with system = 1 */
	const char *scope;    /* unit path prefix the actor may act in; "/" or
				 "" = everywhere */
	int64_t unit_id;      /* for audit */
	const char *ip;       /* "" for the CLI */
	int system;           /* 1: CLI, import, demo: role checks skipped */
};

/* --- migrations --- */

extern const struct fz_migration fz_case_migrations[];

/* --- writing --- */

struct fz_case_new {
	int64_t unit_id;
	const char *unit_path;  /* "/1/4/17/", must lie in the actor's scope */
	const char *title;      /* 1-200 characters */
	const char *prefix;     /* number prefix "柯综执罚"; needed when the type
				   numbers its cases */
	struct fz_date opened;  /* the creating event's legal date (立案日,
				   收到申请之日); {0} = today */
	const json_t *facts;    /* initial facts (an object) or NULL */
	const char *note;       /* for the timeline; may be NULL */
	/* The domain's own record of the case (its row in its table), written
	 * by the engine's writer in the same transaction right after the
	 * case row and its "create" event and before anything else - the
	 * facts hook, the deadlines and, under fz_case_import, the first
	 * step: so the steps' hooks find that row whether the case is opened
	 * live or imported, and one function writes it in both.  db is inside
	 * the transaction; case_id and number (FZ_CASE_NUMBER_LEN, "" when
	 * the type has no number_format) are the new case's.  0 to go on, or
	 * a negative code with err filled: the call then fails and (in its
	 * own transaction) writes nothing.  NULL: no record. */
	int (*created)(struct fz_store *db, int64_t case_id, const char *number,
		       void *arg, struct fz_err *err);
	void *arg;              /* handed to created; may be NULL */
};

/* Writers below run in their own transaction, or join the caller's when
 * one is open (fz_store_in_tx): a domain can then write its own record
 * (a 移送 record, say) and take the transition atomically; on failure the
 * caller must roll back.
 *
 * Open a case of type (own transaction).  *id gets its id and number (may
 * be NULL; FZ_CASE_NUMBER_LEN bytes) its number ("" when the type has no
 * number_format).  FZ_EFORBID (role, scope), FZ_EINVAL (title, prefix,
 * date, facts), FZ_EIO. */
#define FZ_CASE_NUMBER_LEN 128
int fz_case_create(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_type *type,
		   const struct fz_case_actor *actor,
		   const struct fz_case_new *nc, int64_t *id, char *number,
		   struct fz_err *err);

struct fz_case_act {
	const char *transition; /* key */
	struct fz_date on;      /* the event's legal date; {0} = today.  Not in
				   the future, not before the previous event */
	const json_t *data;     /* facts this step records (merged into the
				   case's facts; a null value removes a key);
				   may be NULL */
	const char *note;       /* may be NULL */
	void *arg;              /* handed to the type's hooks
				   (fz_case_hook_ctx.arg); may be NULL */
};

/* One step of a case recorded after the fact (fz_case_import). */
struct fz_case_step {
	const char *transition; /* key */
	struct fz_date on;      /* its legal date; not before the previous one */
	const json_t *data;     /* facts it records, as in fz_case_act; may be NULL */
	const char *note;       /* may be NULL */
	void *arg;              /* handed to the type's hooks; may be NULL */
};

/* Record a case that has already happened - a demo year, historic files
 * carried over from an older system - in one call: created as
 * fz_case_create would (number, timeline event), then each step taken in
 * order with the same checks as fz_case_apply (state, required facts,
 * dates in order and not in the future, the guard) and the same
 * per-transition hooks (prepare, before, after, with imported = 1, so
 * the domain records an imported step as it records a live one), the
 * facts hook run once at the end and the deadlines computed once.  Not
 * checked: roles (the actor is the system) and blocking flags (they are
 * raised by the facts hook, which runs at the end).  The domain writes
 * its own row in nc->created, which runs before the first step, so the
 * steps' hooks find it and record each step on it as they do live: an
 * importer builds the initial facts and that row and passes the steps
 * with the arg its hooks expect, and does by hand nothing a hook does.
 * The deadlines are stored once at the end, so a hook that needs one
 * while the steps run computes it from the timeline
 * (fz_case_deadline_due).  Only for a system actor
 * (FZ_EFORBID otherwise), and only inside the caller's transaction
 * (FZ_ESTATE otherwise): a bulk import is one transaction, and it writes
 * no audit entry per case - the caller writes one summary entry for the
 * whole import in that transaction.  On any failure the caller must roll
 * back. */
int fz_case_import(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_type *type,
		   const struct fz_case_actor *actor,
		   const struct fz_case_new *nc,
		   const struct fz_case_step *steps, size_t nsteps,
		   int64_t *id, char *number, struct fz_err *err);

/* Take a transition (own transaction).  Refused, changing nothing:
 * FZ_ENOTFOUND (no such case, or outside the actor's scope),
 * FZ_EINVAL (unknown transition, bad date, missing required fact: field =
 * the fact), FZ_ESTATE (not allowed from the current state; a blocking flag
 * is open; another writer changed the case first), FZ_EFORBID (role), or
 * whatever the guard, a per-transition hook or the facts hook returns.
 * Order: the case (scope, type), the prepare hooks, the state, the date,
 * the role, the required facts, the blocking flags, the guard, the before
 * hooks; then the writes and the after hooks. */
int fz_case_apply(struct fz_store *db, const struct fz_cal *cal,
		  const struct fz_case_type *type,
		  const struct fz_case_actor *actor, int64_t case_id,
		  const struct fz_case_act *act, struct fz_err *err);

/* Merge patch into the case's facts (own transaction): an event "facts",
 * the facts hook, deadlines recomputed.  FZ_ESTATE in a final state,
 * FZ_EFORBID unless the role is in facts_roles. */
int fz_case_set_facts(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_case_type *type,
		      const struct fz_case_actor *actor, int64_t case_id,
		      const json_t *patch, struct fz_err *err);

/* Extend a running deadline by n units of its own kind (own transaction):
 * recorded with reason (required), approver (who approved, required) and
 * the approval date.  FZ_EINVAL (n < 1, empty reason or approver, over the
 * type's max_ext in total), FZ_ESTATE (the deadline is not running),
 * FZ_EFORBID (role not in ext_roles). */
int fz_case_extend(struct fz_store *db, const struct fz_cal *cal,
		   const struct fz_case_type *type,
		   const struct fz_case_actor *actor, int64_t case_id,
		   const char *deadline, int n, const char *reason,
		   const char *approver, struct fz_date approved_on,
		   struct fz_err *err);

/* Raise flag name on a case, inside the caller's transaction (FZ_ESTATE
 * outside one): meant for facts hooks.  key tells one cause from another
 * (a rule id); raising a (name, key) the case already has - open or
 * resolved - does nothing, so a handled warning stays handled while the
 * same rule keeps firing, and a new cause (another key) raises a new flag.
 * reason is shown to people ("涉嫌犯罪，应当移送"); source is who set it
 * ("rules:T140.a").  The "flag.raise" event on the timeline is dated like
 * the case's latest event (the one whose facts fired the hook; today when
 * there is none).  *raised (may be NULL) = 1 when a new flag was added. */
int fz_case_flag_raise(struct fz_store *db, int64_t case_id,
		       const char *name, const char *key, const char *reason,
		       const char *source, int *raised, struct fz_err *err);

/* Resolve every open flag `name` of a case with a reasoned decision (own
 * transaction, an event "flag.resolve", audited): e.g. a decision not to
 * transfer.  FZ_EFORBID unless the role is in flag_roles, FZ_EINVAL for an
 * empty resolution, FZ_ESTATE when no such flag is open. */
int fz_case_flag_resolve(struct fz_store *db, const struct fz_case_type *type,
			 const struct fz_case_actor *actor, int64_t case_id,
			 const char *name, const char *resolution,
			 struct fz_err *err);

/* --- deadlines, computed --- */

/* The traffic light.  Ordered by urgency so the worst of several deadlines
 * is the largest. */
enum fz_case_light {
	FZ_CASE_LIGHT_NONE = 0,    /* closed, or no deadline running */
	FZ_CASE_LIGHT_UNKNOWN = 1, /* due date not computable (calendar year
				      not yet published) */
	FZ_CASE_LIGHT_PAUSED = 2,  /* every running clock is stopped (中止) */
	FZ_CASE_LIGHT_GREEN = 3,
	FZ_CASE_LIGHT_YELLOW = 4,  /* ≤ 20% of the period left, or ≤ 3 工作日
				      left, whichever is larger */
	FZ_CASE_LIGHT_RED = 5,     /* due today or tomorrow */
	FZ_CASE_LIGHT_OVERDUE = 6, /* today is after the due date */
};

const char *fz_case_light_key(enum fz_case_light l); /* "green", ... */
const char *fz_case_light_name(enum fz_case_light l); /* "绿灯", ... */
/* -1 when unknown */
int fz_case_light_from_key(const char *key);

/* Last day of a period of n units starting after the event on start,
 * lengthened by ext units and by paused (natural days for DAYS/MONTHS,
 * working days for WORKDAYS) - the rules in the header comment.  FZ_EINVAL
 * when the calendar does not cover a day it must examine. */
int fz_case_due(const struct fz_cal *cal, struct fz_date start, int n,
		enum fz_case_unit unit, int ext, int paused,
		struct fz_date *due, struct fz_err *err);

/* The first days from which the light turns yellow and red for a period
 * of length units (n plus extensions) that started after start and ends on
 * due (see enum fz_case_light). */
int fz_case_thresholds(const struct fz_cal *cal, struct fz_date start,
		       struct fz_date due, int length, enum fz_case_unit unit,
		       struct fz_date *yellow_from, struct fz_date *red_from,
		       struct fz_err *err);

/* --- reading --- */

/* One deadline of a case as last computed. */
struct fz_case_deadline_view {
	char key[48];
	char status[12];     /* "running", "paused", "met", "stopped" */
	char start[FZ_DATE_STRLEN];
	char due[FZ_DATE_STRLEN];      /* "" when paused or not computable */
	int ext;             /* extension granted so far */
	int paused;          /* units excluded by pauses so far */
	enum fz_case_light light; /* for running ones, given today */
	int provisional;     /* 1: due counted through a year with no holiday
				notice yet (core/cal.h), shown as 暂定 */
	const struct fz_case_deadline *spec; /* NULL if the type lost it */
};

/* The deadlines of a case (at most max, *n the number written) with their
 * lights for today.  FZ_ENOTFOUND. */
int fz_case_deadlines(struct fz_store *db, const struct fz_case_type *type,
		      int64_t case_id, struct fz_date today,
		      struct fz_case_deadline_view *out, size_t max,
		      size_t *n, struct fz_err *err);

/* Recompute the stored deadlines (and the case's list columns) of every
 * case with a provisional deadline (running or already met: its date is
 * shown either way), or a running or paused one that has no due date or is
 * due on or after from - what a newly imported holiday notice may change
 * (engine/calendar).  types lists every case type (NULL-ended);
 * a case of a type not listed is left as stored.  Runs in the caller's
 * transaction; *count is the number of cases recomputed. */
int fz_case_recompute(struct fz_store *db, const struct fz_cal *cal,
		      const struct fz_case_type *const *types,
		      struct fz_date from, long *count, struct fz_err *err);

/* Recompute the cases with a running deadline stored without a due date:
 * those computed by an older version that could not count past the last
 * holiday notice, or before a calendar gap was filled.  The server runs it
 * once at start-up (fz_app_catch_up) so no case keeps a 待定 date the
 * current calendar can count.  Same transaction rules as above. */
int fz_case_recompute_unknown(struct fz_store *db, const struct fz_cal *cal,
			      const struct fz_case_type *const *types,
			      long *count, struct fz_err *err);

/* The due date of deadline key of the case as the engine computes it from
 * the timeline written so far (events, extensions, pauses), given the
 * case's facts (for the deadline's applies): {0} in *due when the
 * deadline does not apply, has not started, is paused or its due date is
 * not computable.  The same value fz_case_deadlines reads once the
 * deadlines are stored, but also inside fz_case_import, which stores them
 * only after the last step: a hook that needs a due date (a payment's
 * surcharge) reads it here.  FZ_EINVAL for a key the type lacks. */
int fz_case_deadline_due(struct fz_store *db, const struct fz_cal *cal,
			 const struct fz_case_type *type, int64_t case_id,
			 const char *key, const json_t *facts,
			 struct fz_date *due, struct fz_err *err);

/* The case's light for today: the worst over its running deadlines. */
int fz_case_light(struct fz_store *db, int64_t case_id, struct fz_date today,
		  enum fz_case_light *light, struct fz_err *err);

/* The case as a new JSON object (caller decrefs): id, type, number, state,
 * state_name, title, unit_id, unit_path, opened_on, closed_on, facts,
 * light, deadlines[], flags[], events[] (the timeline, oldest first) and
 * actions[] (the transitions actor may take now, with their names).
 * FZ_ENOTFOUND also when the case is outside the actor's scope. */
int fz_case_get_json(struct fz_store *db, const struct fz_case_type *type,
		     const struct fz_case_actor *actor, int64_t case_id,
		     struct fz_date today, json_t **out, struct fz_err *err);

/* The unit path of case id into path (n bytes) when the case's type key
 * starts with type_prefix ("enforce."): 1 found, 0 no such case of those
 * types, negative on error.  This is how a module tells the access policy
 * where one of its cases lives (struct fz_record_kind). */
int fz_case_unit_path(struct fz_store *db, int64_t id, const char *type_prefix,
		      char *path, size_t n, struct fz_err *err);

/* The type key of case id into key (n bytes): 1 found, 0 no such case,
 * negative on error. */
int fz_case_type_key(struct fz_store *db, int64_t id, char *key, size_t n,
		     struct fz_err *err);

/* The case's number into buf ("" when it has none or there is no such
 * case); returns buf.  For modules that list cases by id but must not
 * read the cases table themselves (engine/metrics). */
const char *fz_case_number(struct fz_store *db, int64_t case_id, char *buf,
			   size_t n);

/* Is flag name open on the case?  1 yes, 0 no, negative on error. */
int fz_case_flag_open(struct fz_store *db, int64_t case_id, const char *name,
		      struct fz_err *err);

/* What a domain adds to a case list: its own table joined on the case
 * (alias c), the columns it shows and the filters it offers.  Everything
 * is one statement: no query per row. */
struct fz_case_column {
	const char *expr;  /* SQL over the join, "e.violation" */
	const char *name;  /* JSON member, "violation" */
	char kind;         /* 't' text, 'i' integer, 'n' text or null, 'u' a
			      unit id the HTTP layer shows by name */
	const char *none;  /* 'u': the name shown when there is no unit */
};

struct fz_case_join {
	const char *sql;   /* " JOIN enf_cases e ON e.case_id = c.id" */
	const struct fz_case_column *columns; /* ended by expr == NULL */
};

#define FZ_CASE_LIST_TYPES 4
#define FZ_CASE_LIST_WHERE 4
#define FZ_CASE_LIST_MAX 500     /* rows a page may hold */
#define FZ_CASE_COUNT_CAP 10000  /* totals are exact up to here */
#define FZ_CASE_WALK_MIN 2000    /* more matches: walk the cases in order */

/* A list filter (all fields optional: NULL / 0 / -1 mean "any"). */
struct fz_case_query {
	const char *types[FZ_CASE_LIST_TYPES]; /* case type keys (any of);
						  NULL-ended or all NULL */
	const char *state;       /* state key */
	const char *q;           /* words in the 案号 or the title (案由,
				    parties as the title names them); a 案号
				    given whole is found through its index */
	const char *scope;       /* unit path prefix (data scope, or a unit
				    the caller chose inside it) */
	int light;               /* enum fz_case_light, or -1 */
	struct fz_date from, to; /* opened_on within [from, to]; y == 0: open */
	int open_only;           /* 1: not in a final state */
	struct fz_date today;    /* for lights; y == 0: today in China */
	int page;                /* 1-based; 0 = 1 */
	int per_page;            /* 1..FZ_CASE_LIST_MAX; 0 = 20 */
	int64_t after;           /* > 0: keyset paging, the cases with an id
				    below after (page is then ignored) */
	int walk_min;            /* matches above which the list walks in
				    order: 0 = FZ_CASE_WALK_MIN; tests set 1
				    (walk when anything matches) or -1 (sort
				    whenever the count is exact) to check both
				    plans give the same pages */
	const struct fz_case_join *join; /* the domain's table, or NULL */
	/* the domain's filters over its join: SQL with one ? each, and the
	 * text bound to it; NULL-ended */
	const char *where[FZ_CASE_LIST_WHERE];
	const char *args[FZ_CASE_LIST_WHERE];
};

/* One page of a list. */
struct fz_case_page {
	json_t *items;     /* new array (caller decrefs) of {id, type, number,
			      state, state_name is the domain's, title, unit_id,
			      unit_path, opened_on, closed_on, light, next_due,
			      open_flags} plus the join's columns */
	int64_t total;     /* matches, exact when exact = 1, else at least
			      FZ_CASE_COUNT_CAP + 1 */
	int exact;
	int64_t next;      /* the after= of the next page, 0 at the end */
};

/* Matching cases, newest first (id descending).  The cost is that of the
 * page, not of the table: filters and the scope run on indexes, lights
 * come from the columns store_light() keeps, the total is counted up to
 * FZ_CASE_COUNT_CAP (an exact count of a million rows costs more than
 * the page it describes), and the count decides the plan - few matches:
 * read them through the filter's index and sort; many: walk the cases
 * newest first and stop when the page is full.  FZ_EINVAL for per_page
 * over the limit or an unknown light. */
int fz_case_list(struct fz_store *db, const struct fz_case_query *q,
		 struct fz_case_page *out, struct fz_err *err);

/* 待办: what in q's types and scope needs someone, counted and listed.
 * A case is 待办 while open and its light is yellow or worse, a period
 * falls due within FZ_CASE_TODO_DAYS of today, or a flag is open
 * (两法衔接, a discretion out of range, …). */
#define FZ_CASE_TODO_DAYS 7
struct fz_case_todo {
	int64_t overdue, red, yellow; /* by light, today */
	int64_t due_today;            /* a period due today */
	int64_t due_week;             /* due from today to today + 7 days */
	int64_t flagged;              /* with an open flag */
	int64_t total;                /* 待办 cases in all */
	json_t *items;                /* the most urgent first (overdue, red,
					 yellow, by due date), up to limit,
					 rows as fz_case_list's without the
					 join's columns; caller decrefs */
};

/* Fill out for q (types, scope and today are read; other filters are
 * ignored).  limit 1..FZ_CASE_LIST_MAX rows, else FZ_EINVAL. */
int fz_case_todo(struct fz_store *db, const struct fz_case_query *q,
		 int limit, struct fz_case_todo *out, struct fz_err *err);

/* EXPLAIN QUERY PLAN of the statements fz_case_list would run for q,
 * appended to out, one plan line per row (tests check index use). */
int fz_case_list_explain(struct fz_store *db, const struct fz_case_query *q,
			 struct fz_buf *out, struct fz_err *err);

/* --- lookups for domains ---
 *
 * The tables cases, case_events, case_deadlines, case_flags and
 * case_numbers belong to this module: a domain reads a case through the
 * functions below, never with its own SQL (docs/architecture.md, "Who
 * reads which table").  Each is a primary-key read. */

/* The columns of one case that domains use. */
struct fz_case_info {
	int64_t id;
	char type[48];                      /* case type key */
	char number[FZ_CASE_NUMBER_LEN];    /* "" when the type has none */
	char state[32];                     /* state key */
	char title[808];                    /* up to 200 characters */
	int64_t unit_id;
	char unit_path[256];                /* "/1/4/17/" */
	char opened_on[FZ_DATE_STRLEN];
	char closed_on[FZ_DATE_STRLEN];     /* "" while open */
	char last_on[FZ_DATE_STRLEN];       /* date of the latest event */
};

/* Case case_id into *out.  FZ_ENOTFOUND when there is none.  No scope
 * check: the caller applies its own (unit_path is there for it). */
int fz_case_info_get(struct fz_store *db, int64_t case_id,
		     struct fz_case_info *out, struct fz_err *err);

/* The case's facts as a new JSON object (caller decrefs).  FZ_ENOTFOUND
 * when there is no such case or, type given (non-NULL), when the case is
 * of another type. */
int fz_case_facts_get(struct fz_store *db, int64_t case_id, const char *type,
		      json_t **facts, struct fz_err *err);

/* The id of the case numbered number into *id: 1 found, 0 no such case
 * (*id 0), negative on error.  Numbers are unique (case_numbers), so a
 * module that answers the public by number (tracking an application)
 * finds its case here and then checks its own row. */
int fz_case_find_number(struct fz_store *db, const char *number, int64_t *id,
			struct fz_err *err);

/* One flag with the columns of its case that a supervision list shows.
 * The strings live only during the callback. */
struct fz_case_flag_view {
	int64_t case_id;
	const char *number;      /* "" when the case has none */
	const char *title;
	const char *state;       /* state key */
	const char *key;         /* the rule that raised it */
	const char *reason;
	const char *raised_at;
	const char *resolved_at; /* "" while open */
	const char *resolution;  /* "" while open */
};

/* The flags called name on cases whose type key starts with type_prefix
 * (NULL or "": any type), only the unresolved ones when open_only, open
 * ones first and then the most recently raised, at most max of them: fn
 * is called for each and returns 0 to go on, or a value that stops the
 * walk and is returned.  A list across many cases ("every 两法衔接
 * warning") reads case_flags here, in one statement, instead of one
 * lookup per case.  fn may call other lookups (a different statement). */
int fz_case_flags_each(struct fz_store *db, const char *name,
		       const char *type_prefix, int open_only, int max,
		       int (*fn)(const struct fz_case_flag_view *f, void *arg),
		       void *arg, struct fz_err *err);

#endif
