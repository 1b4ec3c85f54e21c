/* media.c - the Content-Type of a request body, read exactly (RFC 9110
 * §8.3): the one place that decides what counts as JSON. */
#include "http/media.h"

#include <string.h>
#include <strings.h>

/* One media-type parameter at *pp ("name=value" or "name=\"value\"", or
 * nothing between two semicolons); moves *pp past it.  0 when it is
 * malformed, or is a charset other than UTF-8 (RFC 8259 §8.1: JSON between
 * systems is UTF-8, and we decode nothing else). */
static int media_param_ok(const char **pp)
{
	const char *p = *pp, *name = p, *val;
	size_t nlen = strcspn(p, "=;\" \t"), vlen;

	if (nlen == 0)
		return *p == ';' || *p == '\0';
	if (p[nlen] != '=')
		return 0;
	val = p + nlen + 1;
	if (*val == '"') {
		const char *end = strchr(++val, '"');
		if (!end)
			return 0;
		vlen = (size_t)(end - val);
		p = end + 1;
	} else {
		vlen = strcspn(val, "; \t");
		if (vlen == 0)
			return 0;
		p = val + vlen;
	}
	if (nlen == 7 && !strncasecmp(name, "charset", 7) &&
	    !(vlen == 5 && !strncasecmp(val, "utf-8", 5)))
		return 0;
	*pp = p + strspn(p, " \t");
	return **pp == ';' || **pp == '\0';
}

/* 1 when ct is exactly application/json (case-insensitive, RFC 9110
 * §8.3.1) with nothing after it but parameters: application/jsonx and
 * application/json-patch+json are other types, and a prefix test let
 * them through. */
int fz_media_is_json(const char *ct)
{
	static const char type[] = "application/json";
	const char *p;

	if (!ct)
		return 0;
	p = ct + strspn(ct, " \t");
	if (strncasecmp(p, type, sizeof(type) - 1))
		return 0;
	p += sizeof(type) - 1;
	p += strspn(p, " \t");
	while (*p == ';') {
		p++;
		p += strspn(p, " \t");
		if (!media_param_ok(&p))
			return 0;
	}
	return *p == '\0';
}
