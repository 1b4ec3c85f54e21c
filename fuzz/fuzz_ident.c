/* fuzz_ident.c - every identifier validator and every masker on one input.
 * Invariants: no crash; a success yields a normalised form that validates
 * again to itself; messages are valid UTF-8; fz_mask_text keeps the length
 * and is idempotent. */
// fuzz-sources: src/core/ident.c src/core/mask.c src/core/buf.c src/core/err.c
// fuzz-sources: src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/ident.h"
#include "core/mask.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*validator)(const char *, char *, struct fz_err *);

static void check(validator v, const char *s, size_t want_len)
{
	char out[32], again[32];
	struct fz_err err = FZ_ERR_INIT;

	if (v(s, out, &err) == 0) {
		FUZZ_ASSERT(strlen(out) == want_len);
		FUZZ_ASSERT(v(out, again, NULL) == 0);
		FUZZ_ASSERT(!strcmp(out, again));
	} else {
		FUZZ_ASSERT(err.code == FZ_EINVAL);
		FUZZ_ASSERT(out[0] == '\0');
		FUZZ_ASSERT(err.msg[0] && fuzz_utf8_ok(err.msg));
	}
}

static void check_case(const char *s)
{
	struct fz_case_no c, c2;
	struct fz_err err = FZ_ERR_INIT;

	if (fz_ident_case_no(s, &c, &err) == 0) {
		FUZZ_ASSERT(fuzz_utf8_ok(c.norm));
		FUZZ_ASSERT(fz_ident_case_no(c.norm, &c2, NULL) == 0);
		FUZZ_ASSERT(!strcmp(c.norm, c2.norm));
		FUZZ_ASSERT(c.level >= FZ_COURT_SUPREME &&
			    c.level <= FZ_COURT_BASIC);
	} else {
		FUZZ_ASSERT(fuzz_utf8_ok(err.msg));
	}
}

static void check_masks(const uint8_t *data, size_t size, const char *s)
{
	struct fz_buf a = FZ_BUF_INIT, b = FZ_BUF_INIT;
	char out[64];

	fz_mask_text((const char *)data, size, &a);
	FUZZ_ASSERT(a.err == 0 && a.len == size);
	fz_mask_text(a.data, a.len, &b);
	FUZZ_ASSERT(b.len == a.len && !memcmp(a.data, b.data, a.len));
	fz_buf_release(&a);
	fz_buf_release(&b);

	/* fixed-size maskers: bounded, and valid UTF-8 whatever came in */
	fz_mask_id_staff(s, out, sizeof(out));
	FUZZ_ASSERT(strlen(out) < sizeof(out) && fuzz_utf8_ok(out));
	fz_mask_id_public(s, out, sizeof(out));
	FUZZ_ASSERT(fuzz_utf8_ok(out));
	fz_mask_phone(s, out, sizeof(out));
	FUZZ_ASSERT(fuzz_utf8_ok(out));
	fz_mask_name(s, out, sizeof(out));
	FUZZ_ASSERT(fuzz_utf8_ok(out));
	fz_mask_name(s, out, 5);
	FUZZ_ASSERT(strlen(out) < 5);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char out[32];

	check(fz_ident_uscc, s, 18);
	check(fz_ident_idcard, s, 18);
	check(fz_ident_region, s, 6);
	check(fz_ident_mobile, s, 11);
	check_case(s);
	if (fz_ident_idcard15_to18(s, out, NULL) == 0)
		FUZZ_ASSERT(fz_ident_idcard(out, NULL, NULL) == 0);
	if (fz_ident_uscc(s, out, NULL) == 0)
		(void)fz_ident_uscc_category(out);
	if (fz_ident_idcard(s, out, NULL) == 0) {
		struct fz_date d = fz_ident_idcard_birth(out);
		FUZZ_ASSERT(d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= 31);
		FUZZ_ASSERT(fz_ident_idcard_sex(out) == 1 ||
			    fz_ident_idcard_sex(out) == 2);
	}
	(void)fz_ident_region_name(s);
	(void)fz_ident_keqiao_town(s);
	check_masks(data, size, s);
	free(s);
	return 0;
}
