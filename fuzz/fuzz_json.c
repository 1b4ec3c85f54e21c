/* fuzz_json.c - the request-body parser and the field getters.
 * Invariants: no crash or leak; a parsed body is an object whose dump
 * parses again; every error is FZ_EBADJSON / FZ_EINVAL with a valid UTF-8
 * message and field. */
// fuzz-sources: src/core/json.c src/core/buf.c src/core/err.c
// fuzz-sources: src/core/utf8.c
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/json.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void getters(const json_t *o)
{
	static const char *const keys[] = { "name", "a", "n", "b", "" };
	static const char *const allowed[] = { "name", "n", NULL };
	struct fz_err err = FZ_ERR_INIT;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *s = NULL;
		int64_t n = 0;
		int b = 0, rc;

		rc = fz_json_str(o, keys[i], "测试项", 1, 8, (int)(i & 1), &s, &err);
		FUZZ_ASSERT(rc == 0 || rc == FZ_EINVAL);
		if (rc == 0 && s)
			FUZZ_ASSERT(fuzz_utf8_ok(s));
		rc = fz_json_int(o, keys[i], "测试项", -100, 100, 1, &n, &err);
		FUZZ_ASSERT(rc == 0 || rc == FZ_EINVAL);
		if (rc == 0)
			FUZZ_ASSERT(n >= -100 && n <= 100);
		rc = fz_json_bool(o, keys[i], "测试项", 0, &b, &err);
		FUZZ_ASSERT(rc == 0 || rc == FZ_EINVAL);
	}
	if (fz_json_check_keys(o, allowed, &err))
		FUZZ_ASSERT(fuzz_utf8_ok(err.field) && fuzz_utf8_ok(err.msg));
	FUZZ_ASSERT(fuzz_utf8_ok(err.msg) && fuzz_utf8_ok(err.field));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = NULL, *again = NULL;
	struct fz_err err = FZ_ERR_INIT;
	struct fz_buf b;

	if (fz_json_parse_body((const char *)data, size, &v, &err)) {
		FUZZ_ASSERT(v == NULL && err.code == FZ_EBADJSON);
		FUZZ_ASSERT(fuzz_utf8_ok(err.msg));
		return 0;
	}
	FUZZ_ASSERT(json_is_object(v));
	getters(v);

	fz_buf_init(&b, 1 << 20);
	if (fz_json_dumpb(v, &b, 0) == 0) {
		FUZZ_ASSERT(fz_json_parse_body(b.data, b.len, &again,
					       &err) == 0);
		FUZZ_ASSERT(json_equal(v, again));
		json_decref(again);
	}
	fz_buf_release(&b);
	json_decref(v);
	return 0;
}
