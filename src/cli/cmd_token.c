/* cmd_token.c - `fazhi token list|revoke` for operators: see and end the
 * bearer tokens of integrations without a browser (domain/org/token.h). */
#include "cli/cli.h"

#include "app.h"
#include "core/clock.h"
#include "crypto/key.h"
#include "domain/org/org.h"
#include "domain/org/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char token_help[] =
	"usage: fazhi token list   --db PATH [--key PATH]\n"
	"       fazhi token revoke --db PATH --id N [--key PATH]\n"
	"  list prints every token: id, state, owner, roles, expiry, last use.\n"
	"  revoke ends token N at once (audited as token.revoke).\n";

static const char *state_of(const struct fz_token_info *t)
{
	if (t->revoked)
		return "已撤销";
	return fz_now() >= t->expires_at ? "已过期" : "有效";
}

static int print_row(const struct fz_token_info *t, void *arg)
{
	char exp[FZ_ISO_LEN], used[FZ_ISO_LEN] = "-";

	fz_time_iso(t->expires_at, exp);
	if (t->last_used_at)
		fz_time_iso(t->last_used_at, used);
	printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s %s\n", t->id, state_of(t),
	       t->name, t->login, fz_role_name(t->roles & -t->roles), exp, used,
	       t->last_used_at ? t->last_used_ip : "");
	return 0;
}

static int list(struct fz_store *s, struct fz_err *err)
{
	int64_t total = 0;

	printf("id\t状态\t用途\t所属用户\t角色\t到期\t最近使用\n");
	return fz_token_each(s, 0, 0, INT64_MAX, &total, print_row, NULL, err);
}

int fz_cmd_token(int argc, char **argv)
{
	const char *db = NULL, *key = NULL, *id = NULL, *pos[1];
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--key", 0, &key }, { "--id", 0, &id },
		{ NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct fz_actor sys = { NULL, "" };
	struct fz_store *s = NULL;
	struct fz_keys *k = NULL;
	char keypath[4096];
	int got, rc = fz_cli_parse(argc, argv, 2, opts, pos, 1, &got);
	int revoke = got == 1 && !strcmp(pos[0], "revoke");

	if (rc || !db || got != 1 || (!revoke && strcmp(pos[0], "list")) ||
	    (revoke && (!id || atoll(id) <= 0))) {
		fputs(token_help, rc < 0 ? stdout : stderr);
		return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
	}
	/* A revoke is audited, and the audit chain is keyed from the key file. */
	fz_cli_key_path(db, key, keypath, sizeof(keypath));
	if ((rc = fz_keys_load(&k, keypath, &err)) ||
	    (rc = fz_app_open_keyed(&s, db, 0, k, &err))) {
		fz_keys_free(k);
		return fz_cli_fail(&err);
	}
	rc = revoke ? fz_token_revoke(s, &sys, atoll(id), 0, &err) : list(s, &err);
	fz_store_close(s);
	fz_keys_free(k);
	if (rc)
		return fz_cli_fail(&err);
	if (revoke)
		printf("令牌 %s 已撤销\n", id);
	return FZ_EXIT_OK;
}
