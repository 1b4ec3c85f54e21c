/* actcode.h - the 行政行为码: a short token, signed with the district's SM2
 * key, that names one administrative act so a business can check offline
 * or by scanning a QR code that the act is genuine.
 *
 * Token, version 1: base64url (RFC 4648 section 5) without padding of
 *
 *     offset  size  content
 *     0       1     version, 0x01
 *     1       4     key id: the first 4 bytes of SM3(04 || X || Y) of the
 *                   signing public key, so a verifier can tell which key
 *                   (before or after a rotation) signed the token
 *     5       1     act type (enum fz_act_type)
 *     6       2     date of the act: days since 2000-01-01, big-endian
 *                   (2000-01-01 .. 2179-06-06)
 *     8       1     n = length of the agency code, 1..FZ_ACTCODE_AGENCY_MAX
 *     9       n     agency code: A-Z 0-9 only (a short code the district
 *                   assigns, e.g. "KQZF"; not a name, not a 信用代码)
 *     9+n     v     act id: unsigned LEB128, minimal (no redundant 0x80
 *                   groups), 1..2^63-1, at most 9 bytes
 *     9+n+v   64    SM2 signature r || s, 32 bytes each, big-endian
 *
 * The signed message is the ASCII context "fazhi/actcode/1" followed by the
 * bytes 0 .. 9+n+v-1 (everything but the signature), with the default
 * signer ID of GB/T 35276-2017.  The context keeps a token signature from
 * ever being valid for another kind of message the district key signs
 * (documents, audit exports).  The raw r || s form, not DER, keeps the
 * token short: with a 4-letter agency code and a 6-digit act id it is 80
 * bytes, 107 characters, and https://<host>/v/<token> fits a version 7 or 8
 * QR code at error-correction level M.
 *
 * Parsing is strict: one act gives exactly one token text for a given
 * signature (no padding, no whitespace, canonical base64 tail bits,
 * minimal LEB128, no trailing bytes), so the text can key a table of
 * revoked codes and of ratings.
 *
 * Revocation is the domain's business: after fz_actcode_verify succeeds,
 * look the token (or act id) up in the domain's revoked-codes table;
 * fz_actcode_verify_ex takes that check as a callback so the public page
 * and the CLI give one answer. */
#ifndef FZ_ENGINE_ACTCODE_H
#define FZ_ENGINE_ACTCODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/err.h"

struct fz_sm2_key;

#define FZ_ACTCODE_VERSION 1
#define FZ_ACTCODE_AGENCY_MAX 12
#define FZ_ACTCODE_KEYID_LEN 4
#define FZ_ACTCODE_KEYID_HEX_LEN 8
/* Longest token text: 1+4+1+2+1+12+9+64 = 94 bytes -> 126 characters. */
#define FZ_ACTCODE_TEXT_MAX 126
#define FZ_ACTCODE_CONTEXT "fazhi/actcode/1"

/* Kinds of act that carry a code.  Numbers are forever: append only. */
enum fz_act_type {
	FZ_ACT_INSPECTION = 1,   /* 行政检查 */
	FZ_ACT_PENALTY = 2,      /* 行政处罚决定 */
	FZ_ACT_NO_PENALTY = 3,   /* 不予行政处罚决定 (行政处罚法 Art. 33) */
	FZ_ACT_COERCION = 4,     /* 行政强制措施 */
	FZ_ACT_REVIEW = 5,       /* 行政复议决定 */
	FZ_ACT_OTHER = 6,        /* other documents the district issues */
	FZ_ACT_TYPE_MAX = 6
};

/* The decoded content of a token. */
struct fz_actcode {
	int version;                            /* FZ_ACTCODE_VERSION */
	unsigned char key_id[FZ_ACTCODE_KEYID_LEN];
	int type;                               /* enum fz_act_type */
	struct fz_date date;                    /* day of the act */
	char agency[FZ_ACTCODE_AGENCY_MAX + 1]; /* A-Z 0-9, NUL-terminated */
	int64_t act_id;                         /* >= 1 */
	unsigned char sig[64];                  /* r || s */
};

/* Chinese name of an act type ("行政检查"), or "未知" for anything else. */
const char *fz_actcode_type_name(int type);

/* Stable English key of an act type ("inspection"), or "unknown". */
const char *fz_actcode_type_key(int type);

/* The key id of a public key: first 4 bytes of SM3 of the uncompressed
 * point, and the same as 8 lowercase hex digits and a NUL (hex may be
 * NULL).  0 or FZ_EINTERNAL. */
int fz_actcode_key_id(const struct fz_sm2_key *k,
		      unsigned char id[FZ_ACTCODE_KEYID_LEN],
		      char hex[FZ_ACTCODE_KEYID_HEX_LEN + 1]);

/* Sign a code for the act (c->type, c->date, c->agency, c->act_id; other
 * fields are ignored) with key (which must hold the private half, e.g.
 * fz_keys_sm2(keys)) and append the token text to out (at most
 * FZ_ACTCODE_TEXT_MAX characters).  FZ_EINVAL (field named) for an
 * unknown type, a date outside 2000-01-01..2179-06-06, an agency code that
 * is empty, too long or not A-Z 0-9, or an act id below 1; FZ_EINVAL for a
 * public-only key; FZ_ENOMEM/FZ_EINTERNAL.  out is unchanged on failure
 * (except its own sticky error). */
int fz_actcode_sign(const struct fz_sm2_key *key, const struct fz_actcode *c,
		    struct fz_buf *out, struct fz_err *err);

/* Decode a token text of len bytes without checking the signature (the
 * fuzz target's door; use fz_actcode_verify for anything a person will
 * trust).  0 and *out filled, or FZ_EINVAL with a Chinese message for
 * anything not a well-formed version-1 token. */
int fz_actcode_parse(const char *text, size_t len, struct fz_actcode *out,
		     struct fz_err *err);

/* Parse and verify a token against the district's public key pub.
 * 0 when the token is well formed, names pub's key id and carries a valid
 * signature; *out (may be NULL) then holds the content.  FZ_EINVAL
 * otherwise, with err->field "token" (malformed), "key_id" (signed by
 * another key: forged, or a key this verifier does not have) or
 * "signature" (altered or forged); FZ_EINTERNAL when OpenSSL fails. */
int fz_actcode_verify(const struct fz_sm2_key *pub, const char *text,
		      size_t len, struct fz_actcode *out, struct fz_err *err);

/* The revocation hook: return 1 when the act's code is revoked, 0 when
 * not, or a negative FZ_E* code (filling err) when the lookup failed. */
typedef int (*fz_actcode_revoked_fn)(void *ctx, const char *text,
				     const struct fz_actcode *c,
				     struct fz_err *err);

/* fz_actcode_verify, then, for a valid token, revoked(ctx, ...) when it is
 * not NULL.  A revoked code gives FZ_ESTATE with field "revoked" and *out
 * still filled (the page may say which act was revoked, never show it as
 * valid). */
int fz_actcode_verify_ex(const struct fz_sm2_key *pub, const char *text,
			 size_t len, fz_actcode_revoked_fn revoked, void *ctx,
			 struct fz_actcode *out, struct fz_err *err);

#endif
