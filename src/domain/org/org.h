/* org.h - the organisation: units (district → departments, 镇街,
 * workstations), users and roles; and the HTTP routes that manage them. */
#ifndef FZ_DOMAIN_ORG_ORG_H
#define FZ_DOMAIN_ORG_ORG_H

#include <stdint.h>

#include "core/err.h"
#include "http/route.h"
#include "store/store.h"

struct fz_keys;

extern const struct fz_migration fz_org_migrations[];
extern const struct fz_route fz_org_routes[];

/* Roles: key ("admin") ⇄ bit ⇄ Chinese name. */
int fz_role_from_key(const char *key);      /* 0 when unknown */
const char *fz_role_key(int role);          /* "" when unknown */
const char *fz_role_name(int role);         /* "系统管理员" */

/* Unit kinds: district, department, town, station. */
int fz_unit_kind_valid(const char *kind);
const char *fz_unit_kind_name(const char *kind);

/* Who does a change: the user for audit, or the CLI (actor NULL). */
struct fz_actor {
	const struct fz_user *user; /* NULL = system / CLI */
	const char *ip;             /* "" for the CLI */
};

/* Add a unit under parent_id (0 = a root).  Validates name (1–64 chars),
 * kind and code (up to 12 digits, empty allowed).  *id gets the new id.
 * Runs its own transaction and audits.  FZ_EINVAL, FZ_ENOTFOUND (parent),
 * FZ_ECONFLICT (same name under the parent). */
int fz_org_unit_add(struct fz_store *db, const struct fz_actor *a,
		    int64_t parent_id, const char *name, const char *kind,
		    const char *code, int64_t *id, struct fz_err *err);

/* Find a unit by id, code or exact name; FZ_ENOTFOUND. */
int fz_org_unit_find(struct fz_store *db, const char *ref, int64_t *id,
		     struct fz_err *err);

/* One unit as other modules may see it.  Every module outside org reads
 * units only through the lookups below, never the units table itself
 * (docs/architecture.md, "Who reads which table"). */
struct fz_unit_info {
	int64_t id;
	int64_t parent_id;   /* 0 for a root */
	char name[128];
	char kind[16];       /* district, department, town, station */
	char code[16];       /* 12-digit region code or "" */
	char path[256];      /* materialised path "/1/4/17/" */
};

/* The unit id into *out.  FZ_ENOTFOUND when there is none. */
int fz_org_unit_get(struct fz_store *db, int64_t id, struct fz_unit_info *out,
		    struct fz_err *err);

/* The unit's materialised path into path (n bytes): 1 found, 0 no such
 * unit, negative on error - the shape of struct fz_record_kind.unit_path,
 * so a record that lies at a unit (a unit, a lawsuit's defendant, an
 * organisation's unit) tells the access policy where it lives. */
int fz_org_unit_path(struct fz_store *db, int64_t id, char *path, size_t n,
		     struct fz_err *err);

/* The unit's name into buf ("" when id is 0 or unknown); returns buf. */
const char *fz_org_unit_name(struct fz_store *db, int64_t id, char *buf,
			     size_t n);

/* Audit namers (engine/audit.h) of "user:<id>" (the user's name),
 * "unit:<id>" (the unit's name) and "token:<id>" (接口令牌“name”). */
int fz_org_audit_name_user(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n);
int fz_org_audit_name_unit(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n);
int fz_org_audit_name_token(struct fz_store *db, int64_t id, const char *action,
			    char *obj, char *act, size_t n);

/* Who an audit entry's or a timeline's actor login is, in words: the
 * user's name; 系统, 演示数据, 公众 for the system's own actors; the
 * login as typed, said to be unknown, for a failed login of no account. */
void fz_org_actor_name(struct fz_store *db, const char *login, char *out,
		       size_t n);

/* Call fn for each unit of kind (NULL: every unit) in id order, or for
 * each whose name contains like (NULL: any).  fn returns 0 to go on, or a
 * value that stops the walk and is returned. */
int fz_org_units_each(struct fz_store *db, const char *kind, const char *like,
		      int (*fn)(const struct fz_unit_info *u, void *arg),
		      void *arg, struct fz_err *err);

/* The first unit in id order of kind (NULL: any) whose code is code (NULL:
 * any) and whose name ends with suffix (NULL: any), into *out: the demos'
 * and the 复议机构's "the unit called …司法局".  FZ_ENOTFOUND. */
int fz_org_unit_first(struct fz_store *db, const char *kind, const char *code,
		      const char *suffix, struct fz_unit_info *out,
		      struct fz_err *err);

/* The ids of the units of kind (NULL: every unit) in id order: up to max
 * into ids, *n the number written. */
int fz_org_unit_ids(struct fz_store *db, const char *kind, int64_t *ids,
		    size_t max, size_t *n, struct fz_err *err);

struct fz_user_new {
	const char *login;    /* 3–32 of [a-z0-9_.-] */
	const char *name;     /* 1–32 characters */
	const char *role;     /* role key */
	int64_t unit_id;
	const char *phone;    /* optional mobile, stored SM4-sealed */
	const char *password; /* checked against the policy */
	int must_change;      /* 1: change at first login */
};

/* Add a user (own transaction, audited).  FZ_EINVAL with the field,
 * FZ_ECONFLICT (login taken), FZ_ENOTFOUND (unit). */
int fz_org_user_add(struct fz_store *db, const struct fz_keys *keys,
		    const struct fz_actor *a, const struct fz_user_new *nu,
		    int64_t *id, struct fz_err *err);

/* Set a user's password (policy-checked; must_change as given), end the
 * user's sessions.  Own transaction, audited. */
int fz_org_user_set_password(struct fz_store *db, const struct fz_actor *a,
			     int64_t user_id, const char *password,
			     int must_change, struct fz_err *err);

/* Lock (1) or unlock (0) an account by an administrator; unlocking also
 * clears the failed-login counts of its login name (auth.h).  Own
 * transaction, audited. */
int fz_org_user_set_locked(struct fz_store *db, const struct fz_actor *a,
			   int64_t user_id, int locked, struct fz_err *err);

int fz_org_user_find(struct fz_store *db, const char *login, int64_t *id,
		     struct fz_err *err);

/* Password history: a new password may not be any of the user's last
 * FZ_ORG_PW_HISTORY (the current one included).  A practice value of
 * 等保 assessments for 8.1.4.1 a) 定期更换, which a change back to the old
 * password would defeat. */
#define FZ_ORG_PW_HISTORY 5

/* 1 when password matches the user's current password or one of the
 * FZ_ORG_PW_HISTORY - 1 before it (argon2id checks, so this is slow by
 * design), 0 when it is new; a negative code on a store error. */
int fz_org_pw_reused(struct fz_store *db, int64_t user_id,
		     const char *password, struct fz_err *err);

/* Keep the user's current hash in the history and forget all but the
 * newest FZ_ORG_PW_HISTORY - 1; call inside the transaction that
 * replaces the password, before it does. */
int fz_org_pw_remember(struct fz_store *db, int64_t user_id,
		       struct fz_err *err);

/* Write an audit entry for actor a inside the caller's transaction. */
int fz_org_audit(struct fz_store *db, const struct fz_actor *a,
		 const char *action, const char *object, const char *detail,
		 int ok, struct fz_err *err);

#endif
