/* policy.c - the one access policy; see policy.h. */
#include "domain/policy/policy.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "domain/org/auth.h"
#include "engine/audit.h"
#include "http/handler.h"

const struct fz_policy fz_policy = {
	.session = fz_auth_from_session,
	.bearer = fz_auth_from_bearer,
	.record = fz_policy_record,
};

const char *fz_policy_scope(const struct fz_user *u, int wide_roles)
{
	return u->role & (FZ_ROLES_DISTRICT | wide_roles) ? "/" : u->unit_path;
}

int fz_policy_reaches(const struct fz_user *u, int wide_roles,
		      const char *path)
{
	const char *scope;

	if (!u || !path || !*path)
		return 0;
	scope = fz_policy_scope(u, wide_roles);
	return !strncmp(path, scope, strlen(scope));
}

/* A refused write is audited (ok = 0) in its own transaction: the one
 * trace a refusal may leave.  A failure to audit does not change the
 * answer. */
static void audit_refusal(struct fz_req *req, const struct fz_route *r,
			  int64_t id)
{
	struct fz_err e = FZ_ERR_INIT;
	char object[96];
	struct fz_audit_entry a = {
		.actor_id = req->user ? req->user->id : 0,
		.actor = req->user ? req->user->login : "",
		.unit_id = req->user ? req->user->unit_id : 0,
		.action = "policy.refuse", .object = object,
		.detail = r->pattern, .ip = req->ip, .ok = 0,
	};

	snprintf(object, sizeof(object), "%s:%" PRId64, r->record->key, id);
	if (fz_store_begin(req->db, &e))
		return;
	if (fz_audit_append(req->db, &a, &e) || fz_store_commit(req->db, &e))
		fz_store_rollback(req->db);
}

int fz_policy_record(struct fz_req *req, const struct fz_route *r,
		     struct fz_err *err)
{
	const struct fz_record_kind *k = r->record;
	char path[256] = "";
	int64_t id = 0;
	int rc;

	if (!k)
		return 0;
	if (req->nparams < 1 || fz_req_id(req, 0, &id, err))
		return fz_err_set(err, FZ_ENOTFOUND, "id", "%s", k->not_found);
	rc = k->unit_path(req->db, id, path, sizeof(path), err);
	if (rc < 0)
		return rc;
	if (rc == 1 && fz_policy_reaches(req->user, k->wide_roles, path))
		return 0;
	if (rc == 1 && (r->flags & FZ_ROUTE_WRITE))
		audit_refusal(req, r, id);
	return fz_err_set(err, FZ_ENOTFOUND, "id", "%s", k->not_found);
}

void fz_policy_actor(struct fz_req *req, int wide_roles,
		     struct fz_case_actor *a)
{
	const struct fz_user *u = req->user;
	a->user_id = u->id;
	a->login = u->login;
	a->role = u->role;
	a->scope = fz_policy_scope(u, wide_roles);
	a->unit_id = u->unit_id;
	a->ip = req->ip;
	a->system = 0;
}
