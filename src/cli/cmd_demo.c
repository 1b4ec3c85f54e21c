/* cmd_demo.c - `fazhi demo`: the demo district, built deterministically
 * from a seed: 柯桥区 with its departments, its 16 streets and towns
 * (GB/T 2260 and NBS 统计用区划代码, shared/reference/identifiers.md §3),
 * the 18 grassroots 行政复议 workstations, and one user per role. */
#include "cli/cli.h"

#include "app.h"
#include "core/ident.h"
#include "crypto/key.h"
#include "domain/laws/laws_import.h"
#include "domain/org/mfa.h"
#include "domain/org/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The corpus shipped with the source tree, as `make demo` runs it. */
#define DEMO_LAWS "data/laws/laws.jsonl.gz"

static const char demo_help[] =
	"usage: fazhi demo --db PATH [--seed N] [--key PATH] [--force]\n"
	"                  [--laws FILE | --no-laws]\n"
	"  Create PATH holding the demo district and print the demo users and\n"
	"  their passwords as lines 'demo-user<TAB>login<TAB>password<TAB>role<TAB>unit<TAB>totp',\n"
	"  totp being the base32 TOTP secret of a user whose role needs a second factor.\n"
	"  The same seed gives the same district and passwords.  --force\n"
	"  replaces an existing PATH and its key file.  The law corpus for\n"
	"  一键找法 is loaded from FILE (default " DEMO_LAWS ", about a\n"
	"  minute); --no-laws leaves the law search empty.\n";

/* splitmix64: small, fast, and the same on every machine. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void demo_password(uint64_t *s, char *out, size_t n)
{
	static const char up[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char lo[] = "abcdefghijkmnpqrstuvwxyz";
	snprintf(out, n, "%c%c%c%04u#%c%c", up[next(s) % 24], lo[next(s) % 24],
		 lo[next(s) % 24], (unsigned)(next(s) % 10000), lo[next(s) % 24],
		 up[next(s) % 24]);
}

static const struct {
	const char *name;
	const char *short_name;
} departments[] = {
	{ "中共绍兴市柯桥区委全面依法治区委员会办公室", "依法治区办" },
	{ "绍兴市柯桥区司法局", "司法局" },
	{ "绍兴市柯桥区综合行政执法局", "综合行政执法局" },
	{ "绍兴市柯桥区市场监督管理局", "市场监管局" },
	{ "绍兴市生态环境局柯桥分局", "生态环境分局" },
	{ "绍兴市柯桥区应急管理局", "应急管理局" },
	{ "绍兴市柯桥区人力资源和社会保障局", "人社局" },
	{ "绍兴市医疗保障局柯桥分局", "医保分局" },
	{ "绍兴市柯桥区教育体育局", "教育局" },
	{ "绍兴市柯桥区卫生健康局", "卫生健康局" },
	{ "绍兴市柯桥区住房和城乡建设局", "住建局" },
	{ "绍兴市公安局柯桥区分局", "公安分局" },
	{ "绍兴市柯桥区人民法院", "区法院" },
	{ "绍兴市柯桥区人民检察院", "区检察院" },
};
#define NDEPTS (sizeof(departments) / sizeof(departments[0]))

static const struct {
	const char *login;
	const char *role;
	const char *unit; /* short name of a department, or a town */
} demo_users[] = {
	{ "office1", "office", "依法治区办" },
	{ "justice1", "justice", "司法局" },
	{ "officer1", "officer", "综合行政执法局" },
	{ "officer2", "officer", "市场监管局" },
	{ "town1", "town", "柯桥街道" },
	{ "court1", "court", "区法院" },
	{ "procurator1", "procurator", "区检察院" },
	/* 三员分立: the security and the audit administrator beside admin */
	{ "secadmin1", "secadmin", "依法治区办" },
	{ "auditor1", "auditor", "依法治区办" },
};

static const char *surnames[] = { "王", "陈", "张", "李", "金", "沈", "徐",
				  "钱", "孙", "周", "吴", "俞", "冯", "傅" };
static const char *given[] = { "建国", "丽华", "志强", "晓燕", "伟", "敏",
			       "海峰", "雪梅", "国平", "佳怡", "立新", "静" };

struct demo_ctx {
	struct fz_store *db;
	struct fz_keys *keys;
	struct fz_actor sys;
	uint64_t seed;
	int64_t root, dept[NDEPTS], town[FZ_IDENT_KEQIAO_NTOWNS];
};

static int add_units(struct demo_ctx *c, struct fz_err *err)
{
	int64_t id;
	char name[128];
	int rc = 0;

	for (size_t i = 0; !rc && i < NDEPTS; i++)
		rc = fz_org_unit_add(c->db, &c->sys, c->root, departments[i].name,
				     "department", "", &c->dept[i], err);
	for (int i = 0; !rc && i < FZ_IDENT_KEQIAO_NTOWNS; i++) {
		const struct fz_ident_town *t = &fz_ident_keqiao_towns[i];
		rc = fz_org_unit_add(c->db, &c->sys, c->root, t->name, "town",
				     t->code, &c->town[i], err);
		/* 16 town stations plus two below: 18 workstations in all. */
		snprintf(name, sizeof(name), "%s行政复议基层服务站", t->name);
		if (!rc)
			rc = fz_org_unit_add(c->db, &c->sys, c->town[i], name,
					     "station", "", &id, err);
	}
	if (!rc)
		rc = fz_org_unit_add(c->db, &c->sys, c->dept[1],
				     "中国轻纺城行政复议服务站", "station", "", &id, err);
	if (!rc)
		rc = fz_org_unit_add(c->db, &c->sys, c->dept[1],
				     "区公共法律服务中心行政复议服务站", "station", "",
				     &id, err);
	return rc;
}

static int64_t unit_for(struct demo_ctx *c, const char *short_name)
{
	for (size_t i = 0; i < NDEPTS; i++)
		if (!strcmp(departments[i].short_name, short_name))
			return c->dept[i];
	for (int i = 0; i < FZ_IDENT_KEQIAO_NTOWNS; i++)
		if (!strcmp(fz_ident_keqiao_towns[i].name, short_name))
			return c->town[i];
	return c->root;
}

/* A demo user whose role needs a second factor is enrolled at once, and
 * the secret printed, so the demonstration (and the tests) can log in
 * with an authenticator app or a computed code.  secret is "" otherwise. */
static int demo_totp(struct demo_ctx *c, int64_t id, int role, char *secret,
		     struct fz_err *err)
{
	secret[0] = '\0';
	if (!fz_mfa_required(role))
		return 0;
	return fz_mfa_enrol_direct(c->db, c->keys, id, secret, err);
}

static int add_users(struct demo_ctx *c, struct fz_err *err)
{
	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		char pw[32], name[32], phone[16], secret[64];
		int64_t id;
		struct fz_user_new nu = {
			.login = demo_users[i].login, .name = name,
			.role = demo_users[i].role,
			.unit_id = unit_for(c, demo_users[i].unit),
			.phone = phone, .password = pw, .must_change = 0,
		};
		int rc;

		demo_password(&c->seed, pw, sizeof(pw));
		snprintf(name, sizeof(name), "%s%s",
			 surnames[next(&c->seed) % (sizeof(surnames) / sizeof(*surnames))],
			 given[next(&c->seed) % (sizeof(given) / sizeof(*given))]);
		snprintf(phone, sizeof(phone), "13%u%08u",
			 (unsigned)(next(&c->seed) % 10),
			 (unsigned)(next(&c->seed) % 100000000));
		if ((rc = fz_org_user_add(c->db, c->keys, &c->sys, &nu, &id, err)) ||
		    (rc = demo_totp(c, id, fz_role_from_key(nu.role), secret, err)))
			return rc;
		printf("demo-user\t%s\t%s\t%s\t%s\t%s\n", nu.login, pw, nu.role,
		       demo_users[i].unit, secret);
	}
	return 0;
}

/* The law corpus for 一键找法: FILE when given (it must load), else the
 * shipped one when this runs in the source tree (else a note: the demo
 * is whole without it, and `fazhi import laws` adds it later). */
static int demo_laws(struct fz_store *db, const char *file, struct fz_err *err)
{
	struct fz_laws_import_stats st;
	const char *path = file ? file : DEMO_LAWS;
	int rc;

	if (!file && access(path, R_OK)) {
		printf("law corpus: %s not found here; the law search stays empty"
		       " until `fazhi import laws FILE --db DB`\n", path);
		return 0;
	}
	printf("law corpus: loading %s ...\n", path);
	fflush(stdout);
	if ((rc = fz_laws_import_file(db, path, &st, stderr, err)))
		return rc;
	printf("law corpus: %ld laws, %ld articles\n", st.inserted + st.updated +
	       st.unchanged, st.articles);
	return 0;
}

int fz_cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *seed = "1", *key = NULL, *force = NULL;
	const char *laws = NULL, *no_laws = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--seed", 0, &seed }, { "--key", 0, &key },
		{ "--force", 1, &force }, { "--laws", 0, &laws },
		{ "--no-laws", 1, &no_laws }, { NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	struct demo_ctx c;
	char keypath[4096], pw[32], side[4200], secret[64] = "";
	int64_t admin_id = 0;
	int got, rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);

	if (rc || !db || (laws && no_laws)) {
		fputs(demo_help, rc < 0 ? stdout : stderr);
		return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
	}
	memset(&c, 0, sizeof(c));
	c.seed = strtoull(seed, NULL, 10);
	fz_cli_key_path(db, key, keypath, sizeof(keypath));
	if (force) {
		unlink(db);
		unlink(keypath);
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}
	demo_password(&c.seed, pw, sizeof(pw));
	if ((rc = fz_cli_create(db, keypath, pw, pw, sizeof(pw), &err)))
		return fz_cli_fail(&err);
	if ((rc = fz_keys_load(&c.keys, keypath, &err)) ||
	    (rc = fz_app_open_keyed(&c.db, db, 0, c.keys, &err)))
		goto out;
	rc = fz_org_unit_find(c.db, "330603", &c.root, &err);
	printf("demo district 柯桥区 created in %s (seed %s)\n", db, seed);
	if (!rc)
		rc = fz_org_user_find(c.db, "admin", &admin_id, &err);
	if (!rc)
		rc = demo_totp(&c, admin_id, FZ_ROLE_ADMIN, secret, &err);
	printf("demo-user\tadmin\t%s\tadmin\t柯桥区\t%s\n", pw, secret);
	if (!rc)
		rc = add_units(&c, &err);
	if (!rc)
		rc = add_users(&c, &err);
	/* Each module adds its year of records (src/app.c, fz_app_demo). */
	for (const struct fz_demo_step *d = fz_app_demo; !rc && d->module; d++)
		rc = d->fn(c.db, c.keys, strtoull(seed, NULL, 10), stdout, &err);
	if (!rc && !no_laws)
		rc = demo_laws(c.db, laws, &err);
	if (!rc)
		printf("admin must change the password at first login.\n");
out:
	fz_store_close(c.db);
	fz_keys_free(c.keys);
	return rc ? fz_cli_fail(&err) : FZ_EXIT_OK;
}
