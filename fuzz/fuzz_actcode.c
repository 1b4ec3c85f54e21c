/* fuzz_actcode.c - the 行政行为码 token parser and verifier.  Invariants: no
 * crash or leak; every error is FZ_EINVAL with field "token" (parse) or
 * "key_id"/"signature" (verify) and a valid UTF-8 message; a parsed token
 * has a known type, a 1..12 character A-Z0-9 agency, an act id >= 1 and
 * a date from 2000-01-01 on; parse and verify agree on well-formedness. */
// fuzz-sources: src/engine/actcode/actcode.c src/crypto/sm.c src/crypto/key.c
// fuzz-sources: src/crypto/pw.c src/core/buf.c src/core/err.c src/core/mem.c
// fuzz-sources: src/core/cal.c build/gen/calendar_data.c
// fuzz-sources: src/core/utf8.c build/gen/pwlist_data.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/sm.h"
#include "engine/actcode/actcode.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The public key of the SM2 signature vector in crypto.md section 3. */
static const char pub_hex[] =
	"04"
	"09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
	"CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_sm2_key *pub;
	struct fz_err err = FZ_ERR_INIT, verr = FZ_ERR_INIT;
	struct fz_actcode c;
	int rc, vrc;

	if (!pub && fz_sm2_pub_from_hex(&pub, pub_hex, &err))
		abort();
	rc = fz_actcode_parse((const char *)data, size, &c, &err);
	vrc = fz_actcode_verify(pub, (const char *)data, size, NULL, &verr);
	if (rc) {
		FUZZ_ASSERT(rc == FZ_EINVAL);
		FUZZ_ASSERT(!strcmp(err.field, "token"));
		FUZZ_ASSERT(fuzz_utf8_ok(err.msg));
		FUZZ_ASSERT(vrc == FZ_EINVAL && !strcmp(verr.field, "token"));
		return 0;
	}
	FUZZ_ASSERT(c.version == FZ_ACTCODE_VERSION);
	FUZZ_ASSERT(c.type >= 1 && c.type <= FZ_ACT_TYPE_MAX);
	FUZZ_ASSERT(c.act_id >= 1);
	FUZZ_ASSERT(fz_date_valid(c.date) && c.date.y >= 2000);
	FUZZ_ASSERT(c.agency[0] && strlen(c.agency) <= FZ_ACTCODE_AGENCY_MAX);
	for (const char *a = c.agency; *a; a++)
		FUZZ_ASSERT((*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9'));
	FUZZ_ASSERT(size <= FZ_ACTCODE_TEXT_MAX);
	/* well formed: verify fails only on the key or the signature */
	FUZZ_ASSERT(vrc == 0 || (vrc == FZ_EINVAL &&
		    (!strcmp(verr.field, "key_id") ||
		     !strcmp(verr.field, "signature"))));
	FUZZ_ASSERT(fuzz_utf8_ok(verr.msg));
	return 0;
}
