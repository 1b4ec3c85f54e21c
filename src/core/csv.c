/* csv.c - one RFC 4180 record at a time (csv.h). */
#include "core/csv.h"

int fz_csv_next(const char **pp, const char *end, char *buf, size_t n,
		const char **f, size_t max, size_t *nf, int *lines,
		struct fz_err *err)
{
	const char *p = *pp;
	size_t len = 0;
	int quoted = 0, at_start = 1;

	*nf = 0;
	*lines = 1;
	if (p >= end)
		return 0;
	if (max == 0 || n == 0)
		return fz_err_set(err, FZ_EINVAL, NULL, "内部错误：缓冲区为空");
	f[(*nf)++] = buf;
	for (; p < end; p++) {
		char c = *p;
		if (quoted) {
			if (c == '"' && p + 1 < end && p[1] == '"')
				p++;
			else if (c == '"') {
				quoted = 0;
				continue;
			} else if (c == '\n')
				(*lines)++;
		} else if (c == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		} else if (c == ',') {
			if (len + 1 >= n || *nf >= max)
				return fz_err_set(err, FZ_EINVAL, NULL, "列数过多或行过长");
			buf[len++] = 0;
			f[(*nf)++] = buf + len;
			at_start = 1;
			continue;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r' && p + 1 < end && p[1] == '\n')
				p++;
			p++;
			break;
		}
		at_start = 0;
		if (len + 1 >= n)
			return fz_err_set(err, FZ_EINVAL, NULL, "行过长");
		buf[len++] = c;
	}
	if (quoted)
		return fz_err_set(err, FZ_EINVAL, NULL, "引号没有闭合");
	buf[len] = 0;
	*pp = p;
	return 1;
}
