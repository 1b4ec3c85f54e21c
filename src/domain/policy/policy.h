/* policy.h - the one access policy (ARCHITECTURE.md, "HTTP and UI"): the
 * role sets the route tables use, who sees the whole district, the data
 * scope of a user, and the record check the server runs before every
 * handler whose route names a record.
 *
 * The rule, defined here and nowhere else:
 *  - 依法治区办 (OFFICE) and 系统管理员 (ADMIN) reach every record;
 *  - a record kind may widen that to more roles (struct fz_record_kind
 *    wide_roles: the 司法局 over every mediation organisation, the
 *    procuratorate and the 司法局 over every enforcement case they
 *    supervise);
 *  - everyone else reaches the records of their own unit and the units
 *    below it: the record's unit path starts with the user's.
 * A record out of reach is answered exactly like a record that does not
 * exist (404 with the kind's message), so a refusal reveals nothing, and
 * it is refused before the handler reads, validates or writes anything.
 * A refused write leaves an audit entry (ok = 0) and nothing else. */
#ifndef FZ_DOMAIN_POLICY_POLICY_H
#define FZ_DOMAIN_POLICY_POLICY_H

#include "engine/case/case.h"
#include "http/route.h"

/* Role sets the route tables share. */
#define FZ_ROLES_DISTRICT (FZ_ROLE_ADMIN | FZ_ROLE_OFFICE) /* see everything */
#define FZ_ROLES_STAFF FZ_ROLE_ANY                          /* any staff login */

/* The installed policy (app.c puts it in the server's configuration). */
extern const struct fz_policy fz_policy;

/* The unit path prefix u reaches for records of a kind with wide_roles:
 * "/" for the whole district, else u->unit_path.  u must not be NULL. */
const char *fz_policy_scope(const struct fz_user *u, int wide_roles);

/* Does u reach a record whose unit path is path?  1 yes, 0 no (also for
 * u == NULL or an empty path). */
int fz_policy_reaches(const struct fz_user *u, int wide_roles,
		      const char *path);

/* The record check the server calls (struct fz_policy.record). */
int fz_policy_record(struct fz_req *req, const struct fz_route *r,
		     struct fz_err *err);

/* The request's user as a case actor for records of a kind with
 * wide_roles: scope from fz_policy_scope.  a points into req. */
void fz_policy_actor(struct fz_req *req, int wide_roles,
		     struct fz_case_actor *a);

#endif
