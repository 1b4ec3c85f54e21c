/* err.c - the one table that maps error codes to HTTP, keys and messages. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

static const struct {
	int code;
	int http;
	const char *key;
	const char *msg;
} err_table[] = {
	{ FZ_OK, 200, "ok", "成功" },
	{ FZ_EINVAL, 400, "invalid", "输入不符合要求" },
	{ FZ_EBADJSON, 400, "bad_json", "请求内容不是有效的 JSON" },
	{ FZ_ENOTFOUND, 404, "not_found", "未找到" },
	{ FZ_EAUTH, 401, "unauthenticated", "请先登录" },
	{ FZ_EFORBID, 403, "forbidden", "无权执行此操作" },
	{ FZ_ECSRF, 403, "csrf", "请求缺少有效的防伪令牌，请刷新页面后重试" },
	{ FZ_ECONFLICT, 409, "conflict", "数据已存在或与现有数据冲突" },
	{ FZ_ETOOBIG, 413, "too_large", "提交的内容过大" },
	{ FZ_ELOCKED, 423, "locked", "账号已被锁定，请稍后再试" },
	{ FZ_ERATE, 429, "rate_limited", "请求过于频繁，请稍后再试" },
	{ FZ_EMETHOD, 405, "method_not_allowed", "不支持该请求方法" },
	{ FZ_ESTATE, 409, "bad_state", "当前状态下不能执行此操作" },
	{ FZ_EPWCHANGE, 403, "password_change_required", "请先修改初始密码" },
	{ FZ_ENOMEM, 500, "no_memory", "服务器内存不足" },
	{ FZ_EIO, 500, "io", "服务器存储故障" },
	{ FZ_EINTERNAL, 500, "internal", "服务器内部错误" },
	{ FZ_EQUERY, 400, "bad_query", "查询语句有误" },
	{ FZ_ETOKEN, 403, "token_not_allowed", "接口令牌不能执行此操作，请登录后操作" },
	{ FZ_EUNAVAIL, 503, "unavailable", "服务暂时无法记录此操作，请稍后再试" },
	{ FZ_EMEDIA, 415, "unsupported_media_type", "请求内容类型必须是 application/json" },
};

static int find(int code)
{
	for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].code == code)
			return (int)i;
	return -1;
}

const char *fz_err_key(int code)
{
	int i = find(code);
	return i < 0 ? "internal" : err_table[i].key;
}

int fz_err_http_status(int code)
{
	int i = find(code);
	return i < 0 ? 500 : err_table[i].http;
}

const char *fz_err_default_msg(int code)
{
	int i = find(code);
	return i < 0 ? "服务器内部错误" : err_table[i].msg;
}

int fz_err_set(struct fz_err *err, int code, const char *field,
	       const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	} else {
		snprintf(err->msg, sizeof(err->msg), "%s",
			 fz_err_default_msg(code));
	}
	fz_utf8_trim(err->field);
	fz_utf8_trim(err->msg);
	return code;
}

void fz_err_clear(struct fz_err *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}
