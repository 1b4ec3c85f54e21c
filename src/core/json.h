/* json.h - jansson helpers for HTTP handlers: parse a request body under
 * strict rules, read fields with validation, dump into a struct fz_buf.
 *
 * Field getters share one contract:
 *  - a missing key, or a JSON null, is "absent": FZ_EINVAL (message
 *    "请填写“<label>”") when required, else return 0 and leave *out
 *    unchanged (so the caller sets the default before the call);
 *  - a present value of the wrong type or out of range is FZ_EINVAL;
 *  - on FZ_EINVAL err->field is the key (for programs) and err->msg is
 *    Chinese and names the field by label, what a person reads ("受理站点"),
 *    never by its key. */
#ifndef FZ_CORE_JSON_H
#define FZ_CORE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

#define FZ_JSON_MAX_DEPTH 32

/* Parse a request body.  It must be one JSON object, valid UTF-8, nested
 * at most FZ_JSON_MAX_DEPTH levels of objects and arrays, with no
 * duplicate keys and no \u0000 in strings.  On success *out is a new
 * reference the caller releases with json_decref().  Otherwise *out is
 * NULL and the result is FZ_EBADJSON with a Chinese message that names the
 * line and column jansson reports. */
int fz_json_parse_body(const char *body, size_t len, json_t **out,
		       struct fz_err *err);

/* A string of minlen..maxlen characters (Unicode code points, not bytes).
 * *out borrows from obj: it lives as long as obj holds the value. */
int fz_json_str(const json_t *obj, const char *key, const char *label,
		size_t minlen, size_t maxlen, int required, const char **out,
		struct fz_err *err);

/* An integer (a JSON number without fraction or exponent) in min..max. */
int fz_json_int(const json_t *obj, const char *key, const char *label,
		int64_t min, int64_t max, int required, int64_t *out,
		struct fz_err *err);

/* true or false; *out becomes 1 or 0. */
int fz_json_bool(const json_t *obj, const char *key, const char *label,
		 int required, int *out, struct fz_err *err);

/* Allow-list the keys of obj (Kore's validators, STYLE.md): FZ_EINVAL with
 * field = the first key not in allowed (a NULL-ended array). */
int fz_json_check_keys(const json_t *obj, const char *const allowed[],
		       struct fz_err *err);

/* Append the JSON text of v to b (flags as json_dumps(); 0 means
 * JSON_COMPACT).  Returns 0, the buffer's error (FZ_ETOOBIG, FZ_ENOMEM)
 * or FZ_EINTERNAL when jansson fails. */
int fz_json_dumpb(const json_t *v, struct fz_buf *b, size_t flags);

#endif
