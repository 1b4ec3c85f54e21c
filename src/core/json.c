/* json.c - strict body parsing and validated field getters over jansson
 * (see json.h). */
#include "core/json.h"

#include <string.h>

#include "core/utf8.h"

/* Line and column (1-based, in bytes) of offset i in s. */
static void position(const char *s, size_t i, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t k = 0; k < i; k++) {
		if (s[k] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Refuse nesting deeper than FZ_JSON_MAX_DEPTH before jansson recurses.
 * Brackets inside strings do not count; anything malformed is left for
 * jansson to report. */
static int check_depth(const char *s, size_t len, struct fz_err *err)
{
	int depth = 0, in_str = 0, esc = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > FZ_JSON_MAX_DEPTH) {
				int line, col;
				position(s, i, &line, &col);
				return fz_err_set(err, FZ_EBADJSON, NULL,
						  "JSON 嵌套超过 %d 层（第%d行第%d列）",
						  FZ_JSON_MAX_DEPTH, line, col);
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

/* A Chinese description of a jansson load error.  jansson's own text is
 * not echoed: it may quote the input. */
static const char *load_error(const json_error_t *je)
{
	switch (json_error_code(je)) {
	case json_error_invalid_utf8:
		return "内容不是有效的 UTF-8 编码";
	case json_error_premature_end_of_input:
		return "内容不完整";
	case json_error_end_of_input_expected:
		return "JSON 对象之后还有多余内容";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "字符串中不允许出现 \\u0000";
	case json_error_duplicate_key:
		return "对象中有重复的键";
	case json_error_numeric_overflow:
		return "数值超出范围";
	case json_error_stack_overflow:
		return "嵌套层数过多";
	case json_error_out_of_memory:
		return "服务器内存不足";
	default:
		return "语法错误";
	}
}

int fz_json_parse_body(const char *body, size_t len, json_t **out,
		       struct fz_err *err)
{
	json_error_t je;
	json_t *v;
	int rc;

	*out = NULL;
	if (!body || len == 0)
		return fz_err_set(err, FZ_EBADJSON, NULL, "请求内容为空");
	if ((rc = check_depth(body, len, err)))
		return rc;
	v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!v)
		return fz_err_set(err, FZ_EBADJSON, NULL,
				  "请求内容不是有效的 JSON：%s（第%d行第%d列）",
				  load_error(&je), je.line, je.column);
	if (!json_is_object(v)) {
		json_decref(v);
		return fz_err_set(err, FZ_EBADJSON, NULL,
				  "请求内容必须是 JSON 对象");
	}
	*out = v;
	return 0;
}

/* Copy key into buf (bufsz bytes) cut at a UTF-8 boundary, so err->field
 * and err->msg stay valid UTF-8 whatever the key. */
static const char *short_key(const char *key, char *buf, size_t bufsz)
{
	size_t n = strlen(key);
	if (n >= bufsz) {
		n = bufsz - 1;
		while (n && ((unsigned char)key[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, key, n);
	buf[n] = '\0';
	return buf;
}

#define KEYBUF 48

/* The value under key, or NULL when absent or null; FZ_EINVAL through
 * *rc when absent but required.  k gets the key cut to size (err->field). */
static json_t *get(const json_t *obj, const char *key, const char *label,
		   int required, char k[KEYBUF], int *rc, struct fz_err *err)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	*rc = 0;
	short_key(key, k, KEYBUF);
	if (v && !json_is_null(v))
		return v;
	if (required)
		*rc = fz_err_set(err, FZ_EINVAL, k, "请填写“%s”", label);
	return NULL;
}

int fz_json_str(const json_t *obj, const char *key, const char *label,
		size_t minlen, size_t maxlen, int required, const char **out,
		struct fz_err *err)
{
	char k[KEYBUF];
	int rc;
	json_t *v = get(obj, key, label, required, k, &rc, err);
	size_t n;

	if (!v)
		return rc;
	if (!json_is_string(v))
		return fz_err_set(err, FZ_EINVAL, k, "“%s”应为文字", label);
	n = fz_utf8_count(json_string_value(v), json_string_length(v));
	if (n < minlen && minlen == 1)
		return fz_err_set(err, FZ_EINVAL, k, "“%s”不能为空", label);
	if (n < minlen)
		return fz_err_set(err, FZ_EINVAL, k, "“%s”至少需要 %zu 个字",
				  label, minlen);
	if (n > maxlen)
		return fz_err_set(err, FZ_EINVAL, k, "“%s”最多 %zu 个字",
				  label, maxlen);
	*out = json_string_value(v);
	return 0;
}

int fz_json_int(const json_t *obj, const char *key, const char *label,
		int64_t min, int64_t max, int required, int64_t *out,
		struct fz_err *err)
{
	char k[KEYBUF];
	int rc;
	json_t *v = get(obj, key, label, required, k, &rc, err);
	json_int_t i;

	if (!v)
		return rc;
	if (!json_is_integer(v))
		return fz_err_set(err, FZ_EINVAL, k, "“%s”应为整数", label);
	i = json_integer_value(v);
	if (i < min || i > max)
		return fz_err_set(err, FZ_EINVAL, k, "“%s”应在 %lld 到 %lld 之间",
				  label, (long long)min, (long long)max);
	*out = (int64_t)i;
	return 0;
}

int fz_json_bool(const json_t *obj, const char *key, const char *label,
		 int required, int *out, struct fz_err *err)
{
	char k[KEYBUF];
	int rc;
	json_t *v = get(obj, key, label, required, k, &rc, err);

	if (!v)
		return rc;
	if (!json_is_boolean(v))
		return fz_err_set(err, FZ_EINVAL, k, "“%s”应为“是”或“否”", label);
	*out = json_is_true(v);
	return 0;
}

int fz_json_check_keys(const json_t *obj, const char *const allowed[],
		       struct fz_err *err)
{
	const char *key;
	json_t *v;
	char k[KEYBUF];

	json_object_foreach((json_t *)obj, key, v) {
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], key))
			i++;
		if (!allowed[i])
			return fz_err_set(err, FZ_EINVAL,
					  short_key(key, k, sizeof(k)),
					  "不支持的字段 %s", k);
	}
	return 0;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	struct fz_buf *b = data;
	fz_buf_add(b, buffer, size);
	return b->err ? -1 : 0;
}

int fz_json_dumpb(const json_t *v, struct fz_buf *b, size_t flags)
{
	int rc;

	if (b->err)
		return b->err;
	rc = json_dump_callback(v, dump_cb, b, flags ? flags : JSON_COMPACT);
	if (b->err)
		return b->err;
	return rc ? FZ_EINTERNAL : 0;
}
