/* cmd_code.c - `fazhi code verify|pubkey|sign`: 行政行为码 offline, with the
 * district's public key (engine/actcode). */
#include "cli/cli.h"

#include "core/buf.h"
#include "crypto/key.h"
#include "crypto/sm.h"
#include "engine/actcode/actcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char code_help[] =
	"usage: fazhi code verify TOKEN|URL (--pub FILE | --db PATH [--key PATH])\n"
	"       fazhi code pubkey --db PATH [--key PATH]\n"
	"       fazhi code sign   --db PATH [--key PATH] --type T --agency A\n"
	"                         --act ID --date YYYY-MM-DD\n"
	"  verify checks a 行政行为码 offline against the district's public key:\n"
	"  a PEM file (--pub, as `pubkey` prints or the server publishes at\n"
	"  /.well-known/fazhi-district-key.pem) or the key file beside a\n"
	"  database.  A URL ending in /v/TOKEN is accepted.  Exit 0 valid (the\n"
	"  fields are printed), 3 invalid (the reason is printed), 2 usage.\n"
	"  Types: inspection penalty no_penalty coercion review other.\n"
	"  Revocation is checked by the server, not offline.\n";

static int usage(int rc)
{
	fputs(code_help, rc == -1 ? stdout : stderr);
	return rc == -1 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

static int load_keys(struct fz_keys **k, const char *db, const char *key,
		     struct fz_err *err)
{
	char path[4096];
	fz_cli_key_path(db, key, path, sizeof(path));
	return fz_keys_load(k, path, err);
}

static int read_pub(struct fz_sm2_key **out, const char *file,
		    struct fz_err *err)
{
	char pem[FZ_KEYS_FILE_MAX];
	size_t n;
	FILE *f = fopen(file, "rb");

	if (!f)
		return fz_err_set(err, FZ_ENOTFOUND, "pub", "无法打开公钥文件 %s",
				  file);
	n = fread(pem, 1, sizeof(pem), f);
	fclose(f);
	if (n == sizeof(pem))
		return fz_err_set(err, FZ_EINVAL, "pub", "公钥文件过大");
	return fz_sm2_pub_from_pem(out, pem, n, err);
}

static int print_code(const struct fz_actcode *c)
{
	char date[FZ_DATE_STRLEN];
	printf("valid: 行政行为码有效\n"
	       "version: %d\n"
	       "key_id: %02x%02x%02x%02x\n"
	       "type: %s (%s)\n"
	       "agency: %s\n"
	       "act_id: %lld\n"
	       "date: %s\n",
	       c->version, c->key_id[0], c->key_id[1], c->key_id[2],
	       c->key_id[3], fz_actcode_type_key(c->type),
	       fz_actcode_type_name(c->type), c->agency, (long long)c->act_id,
	       fz_date_format(c->date, date));
	return FZ_EXIT_OK;
}

static int verify(const char *token, const char *pub, const char *db,
		  const char *key)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_sm2_key *owned = NULL;
	struct fz_keys *k = NULL;
	const struct fz_sm2_key *use;
	struct fz_actcode c;
	const char *v = strstr(token, "/v/");
	int rc;

	while (v) {  /* a scanned URL: the token follows the last /v/ */
		token = v + 3;
		v = strstr(token, "/v/");
	}
	rc = pub ? read_pub(&owned, pub, &err) : load_keys(&k, db, key, &err);
	if (rc)
		return fz_cli_fail(&err);
	use = pub ? owned : fz_keys_sm2(k);
	rc = fz_actcode_verify(use, token, strlen(token), &c, &err);
	fz_sm2_free(owned);
	fz_keys_free(k);
	if (rc == FZ_EINVAL) {
		printf("invalid: %s (%s)\n", err.msg, err.field);
		return FZ_EXIT_CHECK;
	}
	if (rc)
		return fz_cli_fail(&err);
	return print_code(&c);
}

static int pubkey(const char *db, const char *key)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_keys *k = NULL;
	struct fz_buf pem = FZ_BUF_INIT;
	int rc = load_keys(&k, db, key, &err);

	if (!rc && fz_sm2_pub_pem(fz_keys_sm2(k), &pem))
		rc = fz_err_set(&err, FZ_ENOMEM, NULL, NULL);
	fz_keys_free(k);
	if (rc)
		return fz_cli_fail(&err);
	fputs(pem.data, stdout);
	fz_buf_release(&pem);
	return FZ_EXIT_OK;
}

static int type_from_key(const char *s)
{
	for (int t = 1; t <= FZ_ACT_TYPE_MAX; t++)
		if (!strcmp(s, fz_actcode_type_key(t)))
			return t;
	return 0;
}

static int sign(const char *db, const char *key, const char *type,
		const char *agency, const char *act, const char *date)
{
	struct fz_err err = FZ_ERR_INIT;
	struct fz_keys *k = NULL;
	struct fz_buf out = FZ_BUF_INIT;
	struct fz_actcode c;
	char *end;
	int rc;

	memset(&c, 0, sizeof(c));
	c.type = type_from_key(type);
	snprintf(c.agency, sizeof(c.agency), "%s", agency);
	c.act_id = (int64_t)strtoll(act, &end, 10);
	if (*end || end == act || strlen(agency) >= sizeof(c.agency))
		return usage(FZ_EXIT_USAGE);
	if ((rc = fz_date_parse(&c.date, date, &err)))
		return fz_cli_fail(&err);
	rc = load_keys(&k, db, key, &err);
	if (!rc)
		rc = fz_actcode_sign(fz_keys_sm2(k), &c, &out, &err);
	fz_keys_free(k);
	if (rc)
		return fz_cli_fail(&err);
	printf("%s\n", out.data);
	fz_buf_release(&out);
	return FZ_EXIT_OK;
}

int fz_cmd_code(int argc, char **argv)
{
	const char *pub = NULL, *db = NULL, *key = NULL, *type = NULL;
	const char *agency = NULL, *act = NULL, *date = NULL, *pos[2];
	const struct fz_opt opts[] = {
		{ "--pub", 0, &pub }, { "--db", 0, &db }, { "--key", 0, &key },
		{ "--type", 0, &type }, { "--agency", 0, &agency },
		{ "--act", 0, &act }, { "--date", 0, &date },
		{ NULL, 0, NULL }
	};
	int got, rc = fz_cli_parse(argc, argv, 2, opts, pos, 2, &got);

	if (rc || got < 1)
		return usage(rc ? rc : FZ_EXIT_USAGE);
	if (!strcmp(pos[0], "verify") && got == 2 && (!pub != !db) &&
	    !(pub && key))
		return verify(pos[1], pub, db, key);
	if (!strcmp(pos[0], "pubkey") && got == 1 && db && !pub)
		return pubkey(db, key);
	if (!strcmp(pos[0], "sign") && got == 1 && db && type && agency &&
	    act && date)
		return sign(db, key, type, agency, act, date);
	return usage(FZ_EXIT_USAGE);
}
