/* actcode.c - sign, parse and verify 行政行为码 tokens (format in actcode.h). */
#include "engine/actcode/actcode.h"

#include "crypto/sm.h"

#include <string.h>

#define SIG_LEN FZ_SM2_RAW_SIG_LEN
#define HEAD_LEN 9           /* version, key id, type, date, agency length */
#define LEB_MAX 9            /* 63 bits in 7-bit groups */
#define BIN_MAX (HEAD_LEN + FZ_ACTCODE_AGENCY_MAX + LEB_MAX + SIG_LEN)
#define BIN_MIN (HEAD_LEN + 1 + 1 + SIG_LEN)
#define CTX_LEN (sizeof(FZ_ACTCODE_CONTEXT) - 1)

static const struct {
	const char *key;
	const char *name;
} types[] = {
	[FZ_ACT_INSPECTION] = { "inspection", "行政检查" },
	[FZ_ACT_PENALTY] = { "penalty", "行政处罚决定" },
	[FZ_ACT_NO_PENALTY] = { "no_penalty", "不予行政处罚决定" },
	[FZ_ACT_COERCION] = { "coercion", "行政强制措施" },
	[FZ_ACT_REVIEW] = { "review", "行政复议决定" },
	[FZ_ACT_OTHER] = { "other", "其他行政行为" },
};

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int valid_type(int t)
{
	return t >= 1 && t <= FZ_ACT_TYPE_MAX;
}

const char *fz_actcode_type_name(int type)
{
	return valid_type(type) ? types[type].name : "未知";
}

const char *fz_actcode_type_key(int type)
{
	return valid_type(type) ? types[type].key : "unknown";
}

static long epoch_days(void)
{
	return fz_date_to_days((struct fz_date){ 2000, 1, 1 });
}

/* ---- base64url, RFC 4648 section 5, no padding -------------------------- */

static void b64_encode(const unsigned char *p, size_t n, struct fz_buf *out)
{
	char q[4];
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16 | p[i + 1] << 8 |
				  p[i + 2];
		q[0] = b64url[v >> 18 & 63];
		q[1] = b64url[v >> 12 & 63];
		q[2] = b64url[v >> 6 & 63];
		q[3] = b64url[v & 63];
		fz_buf_add(out, q, 4);
	}
	if (n - i == 1) {
		q[0] = b64url[p[i] >> 2];
		q[1] = b64url[(p[i] & 3) << 4];
		fz_buf_add(out, q, 2);
	} else if (n - i == 2) {
		unsigned v = (unsigned)p[i] << 8 | p[i + 1];
		q[0] = b64url[v >> 10 & 63];
		q[1] = b64url[v >> 4 & 63];
		q[2] = b64url[(v & 15) << 2];
		fz_buf_add(out, q, 3);
	}
}

static int b64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* Decode strictly: only the alphabet, no padding, a length that is not
 * 1 mod 4, and zero bits in the unused tail (so each byte string has
 * exactly one text).  Returns the byte count or -1. */
static long b64_decode(const char *s, size_t n, unsigned char *out,
		       size_t outmax)
{
	unsigned long acc = 0;
	int bits = 0;
	size_t o = 0;

	if (n % 4 == 1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int v = b64_val((unsigned char)s[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6 | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == outmax)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (acc & ((1ul << bits) - 1))
		return -1;
	return (long)o;
}

/* ---- building blocks ---------------------------------------------------- */

int fz_actcode_key_id(const struct fz_sm2_key *k,
		      unsigned char id[FZ_ACTCODE_KEYID_LEN],
		      char hex[FZ_ACTCODE_KEYID_HEX_LEN + 1])
{
	char pub[FZ_SM2_PUB_HEX_LEN + 1];
	unsigned char point[FZ_SM2_PUB_LEN], d[FZ_SM3_LEN];
	static const char digits[] = "0123456789abcdef";

	if (fz_sm2_pub_hex(k, pub))
		return FZ_EINTERNAL;
	for (int i = 0; i < FZ_SM2_PUB_LEN; i++) {
		const char *h = strchr(digits, pub[2 * i]);
		const char *l = strchr(digits, pub[2 * i + 1]);
		if (!h || !l)
			return FZ_EINTERNAL;
		point[i] = (unsigned char)((h - digits) << 4 | (l - digits));
	}
	if (fz_sm3(point, sizeof(point), d))
		return FZ_EINTERNAL;
	memcpy(id, d, FZ_ACTCODE_KEYID_LEN);
	if (hex) {
		for (int i = 0; i < FZ_ACTCODE_KEYID_LEN; i++) {
			hex[2 * i] = digits[d[i] >> 4];
			hex[2 * i + 1] = digits[d[i] & 15];
		}
		hex[FZ_ACTCODE_KEYID_HEX_LEN] = '\0';
	}
	return 0;
}

static int agency_ok(const char *a, size_t n)
{
	if (n < 1 || n > FZ_ACTCODE_AGENCY_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((a[i] >= 'A' && a[i] <= 'Z') || (a[i] >= '0' && a[i] <= '9')))
			return 0;
	return 1;
}

static int check_content(const struct fz_actcode *c, long *day,
			 struct fz_err *err)
{
	if (!valid_type(c->type))
		return fz_err_set(err, FZ_EINVAL, "type", "行为类型未知");
	if (!fz_date_valid(c->date))
		return fz_err_set(err, FZ_EINVAL, "date", "日期无效");
	*day = fz_date_to_days(c->date) - epoch_days();
	if (*day < 0 || *day > 0xffff)
		return fz_err_set(err, FZ_EINVAL, "date",
				  "日期须在2000年1月1日至2179年6月6日之间");
	if (!agency_ok(c->agency, strnlen(c->agency, sizeof(c->agency))) ||
	    c->agency[strnlen(c->agency, sizeof(c->agency) - 1)] != '\0')
		return fz_err_set(err, FZ_EINVAL, "agency",
				  "机关代码须为1至%d位大写字母或数字",
				  FZ_ACTCODE_AGENCY_MAX);
	if (c->act_id < 1)
		return fz_err_set(err, FZ_EINVAL, "act_id", "行为编号须为正整数");
	return 0;
}

/* Write the signed part (everything but the signature) into b; returns its
 * length.  b must hold BIN_MAX bytes. */
static size_t put_body(unsigned char *b, const struct fz_actcode *c,
		       const unsigned char id[FZ_ACTCODE_KEYID_LEN], long day)
{
	size_t n = strlen(c->agency), o = 0;
	uint64_t v = (uint64_t)c->act_id;

	b[o++] = FZ_ACTCODE_VERSION;
	memcpy(b + o, id, FZ_ACTCODE_KEYID_LEN);
	o += FZ_ACTCODE_KEYID_LEN;
	b[o++] = (unsigned char)c->type;
	b[o++] = (unsigned char)(day >> 8);
	b[o++] = (unsigned char)day;
	b[o++] = (unsigned char)n;
	memcpy(b + o, c->agency, n);
	o += n;
	do {
		unsigned char g = v & 0x7f;
		v >>= 7;
		b[o++] = v ? (g | 0x80) : g;
	} while (v);
	return o;
}

static size_t signed_msg(unsigned char *m, const unsigned char *body,
			 size_t n)
{
	memcpy(m, FZ_ACTCODE_CONTEXT, CTX_LEN);
	memcpy(m + CTX_LEN, body, n);
	return CTX_LEN + n;
}

int fz_actcode_sign(const struct fz_sm2_key *key, const struct fz_actcode *c,
		    struct fz_buf *out, struct fz_err *err)
{
	unsigned char bin[BIN_MAX], msg[CTX_LEN + BIN_MAX];
	unsigned char id[FZ_ACTCODE_KEYID_LEN];
	struct fz_buf der = FZ_BUF_INIT;
	size_t n;
	long day = 0;
	int rc;

	if ((rc = check_content(c, &day, err)))
		return rc;
	if (!fz_sm2_has_private(key))
		return fz_err_set(err, FZ_EINVAL, "key", "签名需要私钥");
	if (fz_actcode_key_id(key, id, NULL))
		return fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	n = put_body(bin, c, id, day);
	rc = fz_sm2_sign(key, NULL, msg, signed_msg(msg, bin, n), &der, err);
	if (!rc && fz_sm2_sig_raw_from_der(der.data, der.len, bin + n))
		rc = fz_err_set(err, FZ_EINTERNAL, NULL, "签名格式转换失败");
	fz_buf_release(&der);
	if (rc)
		return rc;
	b64_encode(bin, n + SIG_LEN, out);
	if (out->err)
		return fz_err_set(err, out->err, NULL, NULL);
	return 0;
}

static int bad(struct fz_err *err, const char *why)
{
	return fz_err_set(err, FZ_EINVAL, "token", "行政行为码格式不正确：%s", why);
}

/* Parse bin[0..n) into *c; *body_len gets the signed part's length. */
static int parse_bin(const unsigned char *b, size_t n, struct fz_actcode *c,
		     size_t *body_len, struct fz_err *err)
{
	size_t o = HEAD_LEN, alen;
	uint64_t v = 0;
	int shift = 0;
	long day = 0;

	if (n < BIN_MIN)
		return bad(err, "长度不足");
	if (b[0] != FZ_ACTCODE_VERSION)
		return bad(err, "版本未知");
	memset(c, 0, sizeof(*c));
	c->version = b[0];
	memcpy(c->key_id, b + 1, FZ_ACTCODE_KEYID_LEN);
	c->type = b[5];
	if (!valid_type(c->type))
		return bad(err, "行为类型未知");
	day = (long)b[6] << 8 | b[7];
	c->date = fz_date_from_days(epoch_days() + day);
	alen = b[8];
	if (alen < 1 || alen > FZ_ACTCODE_AGENCY_MAX || o + alen > n - SIG_LEN)
		return bad(err, "机关代码长度不正确");
	if (!agency_ok((const char *)b + o, alen))
		return bad(err, "机关代码含非法字符");
	memcpy(c->agency, b + o, alen);
	o += alen;
	for (int i = 0;; i++) {
		unsigned char g;
		if (i == LEB_MAX || o >= n - SIG_LEN)
			return bad(err, "行为编号不正确");
		g = b[o++];
		if (i == LEB_MAX - 1 && g > 0x7f)
			return bad(err, "行为编号超出范围");
		v |= (uint64_t)(g & 0x7f) << shift;
		shift += 7;
		if (!(g & 0x80)) {
			/* minimal: a last group of 0 is only allowed alone */
			if (g == 0 && i > 0)
				return bad(err, "行为编号编码不规范");
			break;
		}
	}
	if (v < 1 || v > INT64_MAX)
		return bad(err, "行为编号超出范围");
	c->act_id = (int64_t)v;
	if (n - o != SIG_LEN)
		return bad(err, "长度不正确");
	memcpy(c->sig, b + o, SIG_LEN);
	*body_len = o;
	return 0;
}

static int decode(const char *text, size_t len, unsigned char *bin,
		  size_t *n, struct fz_err *err)
{
	long got;

	if (!text || len == 0)
		return bad(err, "为空");
	if (len > FZ_ACTCODE_TEXT_MAX)
		return bad(err, "过长");
	got = b64_decode(text, len, bin, BIN_MAX);
	if (got < 0)
		return bad(err, "含非法字符或编码不规范");
	*n = (size_t)got;
	return 0;
}

int fz_actcode_parse(const char *text, size_t len, struct fz_actcode *out,
		     struct fz_err *err)
{
	unsigned char bin[BIN_MAX];
	struct fz_actcode c;
	size_t n, body;
	int rc = decode(text, len, bin, &n, err);

	if (!rc)
		rc = parse_bin(bin, n, &c, &body, err);
	if (!rc)
		*out = c;
	return rc;
}

int fz_actcode_verify(const struct fz_sm2_key *pub, const char *text,
		      size_t len, struct fz_actcode *out, struct fz_err *err)
{
	unsigned char bin[BIN_MAX], msg[CTX_LEN + BIN_MAX];
	unsigned char id[FZ_ACTCODE_KEYID_LEN];
	struct fz_buf der = FZ_BUF_INIT;
	struct fz_actcode c;
	size_t n, body;
	int rc = decode(text, len, bin, &n, err);

	if (!rc)
		rc = parse_bin(bin, n, &c, &body, err);
	if (rc)
		return rc;
	if (fz_actcode_key_id(pub, id, NULL))
		return fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	if (memcmp(id, c.key_id, sizeof(id)))
		return fz_err_set(err, FZ_EINVAL, "key_id",
				  "行政行为码不是由本区密钥签发的（可能伪造）");
	if (fz_sm2_sig_der_from_raw(c.sig, &der))
		rc = fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	if (!rc)
		rc = fz_sm2_verify(pub, NULL, msg, signed_msg(msg, bin, body),
				   der.data, der.len, err);
	if (rc == FZ_EINVAL)
		rc = fz_err_set(err, FZ_EINVAL, "signature",
				"行政行为码签名无效（可能被篡改或伪造）");
	fz_buf_release(&der);
	if (!rc && out)
		*out = c;
	return rc;
}

int fz_actcode_verify_ex(const struct fz_sm2_key *pub, const char *text,
			 size_t len, fz_actcode_revoked_fn revoked, void *ctx,
			 struct fz_actcode *out, struct fz_err *err)
{
	struct fz_actcode c;
	int rc = fz_actcode_verify(pub, text, len, &c, err);

	if (rc)
		return rc;
	if (out)
		*out = c;
	if (!revoked)
		return 0;
	rc = revoked(ctx, text, &c, err);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return fz_err_set(err, FZ_ESTATE, "revoked",
				  "行政行为码已被撤销");
	return 0;
}
