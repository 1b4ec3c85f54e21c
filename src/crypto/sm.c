/* sm.c - SM3, SM4 and SM2 over OpenSSL 3's default provider (see sm.h). */
#include "crypto/sm.h"

#include "core/mem.h"
#include "crypto/key_int.h"
#include "crypto/pw.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Longest plaintext fz_sm4_seal takes: fields are short, and this keeps
 * every length inside OpenSSL's int. */
#define SEAL_MAX ((size_t)1 << 30)
#define SEAL_IV_LEN 16
#define SEAL_HDR_LEN (1 + SEAL_IV_LEN)
#define PEM_MAX 16384  /* an SM2 key in PEM is a few hundred bytes */

_Static_assert(FZ_SEAL_OVERHEAD == SEAL_HDR_LEN + FZ_SM3_LEN,
	       "token layout in sm.h");

struct fz_sm2_key {
	EVP_PKEY *pkey;  /* type SM2, owned */
	int priv;        /* 1 when pkey holds the private scalar */
};

/* Turn OpenSSL's error queue into an FZ_EINTERNAL error and empty it, so a
 * stale entry never confuses a later caller on this thread. */
static int ossl_fail(struct fz_err *err, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	const char *why = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return fz_err_set(err, FZ_EINTERNAL, NULL, "密码运算失败：%s（%s）",
			  what, why ? why : "unknown");
}

static void to_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* ---- SM3 (GB/T 32905-2016) ---------------------------------------------- */

int fz_sm3(const void *data, size_t len, unsigned char out[FZ_SM3_LEN])
{
	unsigned int n = 0;

	if (!EVP_Digest(len ? data : "", len, out, &n, EVP_sm3(), NULL) ||
	    n != FZ_SM3_LEN)
		return ossl_fail(NULL, "SM3");
	return 0;
}

int fz_sm3_hex(const void *data, size_t len, char out[FZ_SM3_HEX_LEN + 1])
{
	unsigned char d[FZ_SM3_LEN];
	int rc = fz_sm3(data, len, d);

	if (rc) {
		out[0] = '\0';
		return rc;
	}
	to_hex(d, sizeof(d), out);
	return 0;
}

int fz_sm3_init(struct fz_sm3_ctx *c)
{
	c->err = 0;
	c->md = EVP_MD_CTX_new();
	if (!c->md)
		return c->err = FZ_ENOMEM;
	if (!EVP_DigestInit_ex(c->md, EVP_sm3(), NULL)) {
		fz_sm3_release(c);
		return c->err = ossl_fail(NULL, "SM3");
	}
	return 0;
}

void fz_sm3_update(struct fz_sm3_ctx *c, const void *data, size_t len)
{
	if (c->err || !len)
		return;
	if (!c->md)
		c->err = FZ_EINTERNAL;
	else if (!EVP_DigestUpdate(c->md, data, len))
		c->err = ossl_fail(NULL, "SM3");
}

int fz_sm3_final(struct fz_sm3_ctx *c, unsigned char out[FZ_SM3_LEN])
{
	unsigned int n = 0;
	int rc = c->err;

	if (!rc && !c->md)
		rc = FZ_EINTERNAL;  /* final twice, or never initialised */
	if (!rc && (!EVP_DigestFinal_ex(c->md, out, &n) || n != FZ_SM3_LEN))
		rc = ossl_fail(NULL, "SM3");
	fz_sm3_release(c);
	c->err = rc;
	return rc;
}

void fz_sm3_release(struct fz_sm3_ctx *c)
{
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

/* HMAC (RFC 2104) with SM3 as the hash, through OpenSSL's EVP_MAC. */
int fz_hmac_sm3(const void *key, size_t keylen, const void *data, size_t len,
		unsigned char out[FZ_SM3_LEN])
{
	size_t n = 0;

	if (!keylen)
		return FZ_EINVAL;
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SM3", NULL, key, keylen,
		       len ? data : (const void *)"", len, out, FZ_SM3_LEN,
		       &n) || n != FZ_SM3_LEN)
		return ossl_fail(NULL, "HMAC-SM3");
	return 0;
}

/* ---- SM4 (GB/T 32907-2016) ---------------------------------------------- */

int fz_sm4_block_encrypt(const unsigned char key[FZ_SM4_KEY_LEN],
			 const unsigned char in[FZ_SM4_BLOCK_LEN],
			 unsigned char out[FZ_SM4_BLOCK_LEN],
			 unsigned long iterations)
{
	unsigned char blk[FZ_SM4_BLOCK_LEN];
	EVP_CIPHER_CTX *c;
	int n, rc = 0;

	if (!iterations)
		return FZ_EINVAL;
	c = EVP_CIPHER_CTX_new();
	if (!c)
		return FZ_ENOMEM;
	memcpy(blk, in, sizeof(blk));
	/* ECB on a single block with no padding is the bare cipher. */
	if (!EVP_EncryptInit_ex(c, EVP_sm4_ecb(), NULL, key, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(c, 0))
		rc = ossl_fail(NULL, "SM4");
	for (unsigned long i = 0; !rc && i < iterations; i++)
		if (!EVP_EncryptUpdate(c, blk, &n, blk, sizeof(blk)) ||
		    n != (int)sizeof(blk))
			rc = ossl_fail(NULL, "SM4");
	EVP_CIPHER_CTX_free(c);
	if (!rc)
		memcpy(out, blk, sizeof(blk));
	return rc;
}

/* SM4-CTR over len bytes; encryption and decryption are the same. */
static int sm4_ctr(const unsigned char key[FZ_SM4_KEY_LEN],
		   const unsigned char iv[SEAL_IV_LEN],
		   const unsigned char *in, size_t len, unsigned char *out,
		   struct fz_err *err)
{
	EVP_CIPHER_CTX *c;
	int n1 = 0, n2 = 0, ok;

	if (!len)
		return 0;
	c = EVP_CIPHER_CTX_new();
	if (!c)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	ok = EVP_EncryptInit_ex(c, EVP_sm4_ctr(), NULL, key, iv) &&
	     EVP_EncryptUpdate(c, out, &n1, in, (int)len) &&
	     EVP_EncryptFinal_ex(c, out + n1, &n2) &&
	     (size_t)n1 + (size_t)n2 == len;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : ossl_fail(err, "SM4-CTR");
}

/* Build the binary token (sm.h) into *tok (malloc'ed, the caller's). */
static int seal_bytes(const struct fz_keys *k, const void *pt, size_t len,
		      unsigned char **tok, size_t *toklen, struct fz_err *err)
{
	unsigned char *t;
	size_t n = len + FZ_SEAL_OVERHEAD;
	int rc;

	*tok = NULL;
	if (len > SEAL_MAX)
		return fz_err_set(err, FZ_ETOOBIG, NULL,
				  "待加密的数据过大");
	t = malloc(n);
	if (!t)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	t[0] = FZ_SEAL_VERSION;
	fz_random_bytes(t + 1, SEAL_IV_LEN);
	rc = sm4_ctr(k->enc, t + 1, pt, len, t + SEAL_HDR_LEN, err);
	/* Encrypt-then-MAC: the tag covers version, IV and ciphertext. */
	if (!rc && fz_hmac_sm3(k->mac, sizeof(k->mac), t, SEAL_HDR_LEN + len,
			       t + SEAL_HDR_LEN + len))
		rc = ossl_fail(err, "HMAC-SM3");
	if (rc) {
		free(t);
		return rc;
	}
	*tok = t;
	*toklen = n;
	return 0;
}

/* fz_buf keeps its first error; report it as ours. */
static int buf_result(const struct fz_buf *b, struct fz_err *err)
{
	return b->err ? fz_err_set(err, b->err, NULL, NULL) : 0;
}

int fz_sm4_seal_raw(const struct fz_keys *k, const void *plaintext,
		    size_t len, struct fz_buf *out, struct fz_err *err)
{
	unsigned char *tok;
	size_t n;
	int rc = seal_bytes(k, plaintext, len, &tok, &n, err);

	if (rc)
		return rc;
	fz_buf_add(out, tok, n);
	free(tok);
	return buf_result(out, err);
}

int fz_sm4_seal(const struct fz_keys *k, const void *plaintext, size_t len,
		struct fz_buf *out, struct fz_err *err)
{
	unsigned char *tok;
	char *b64;
	size_t n, bn;
	int rc = seal_bytes(k, plaintext, len, &tok, &n, err);

	if (rc)
		return rc;
	bn = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	b64 = malloc(bn);
	if (!b64) {
		free(tok);
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	}
	sodium_bin2base64(b64, bn, tok, n, sodium_base64_VARIANT_ORIGINAL);
	fz_buf_add(out, b64, strlen(b64));
	free(b64);
	free(tok);
	return buf_result(out, err);
}

int fz_sm4_open_raw(const struct fz_keys *k, const void *token, size_t len,
		    struct fz_buf *out, struct fz_err *err)
{
	const unsigned char *t = token;
	unsigned char tag[FZ_SM3_LEN], *pt;
	size_t n;
	int rc;

	if (len < FZ_SEAL_OVERHEAD || len - FZ_SEAL_OVERHEAD > SEAL_MAX)
		return fz_err_set(err, FZ_EINVAL, NULL, "加密数据格式不正确");
	if (t[0] != FZ_SEAL_VERSION)
		return fz_err_set(err, FZ_EINVAL, NULL,
				  "加密数据的版本（%u）不受支持", t[0]);
	n = len - FZ_SEAL_OVERHEAD;
	if (fz_hmac_sm3(k->mac, sizeof(k->mac), t, SEAL_HDR_LEN + n, tag))
		return ossl_fail(err, "HMAC-SM3");
	/* Check the tag before decrypting anything, in constant time. */
	if (CRYPTO_memcmp(tag, t + SEAL_HDR_LEN + n, FZ_SM3_LEN) != 0)
		return fz_err_set(err, FZ_EINVAL, NULL,
				  "加密数据校验失败：数据已被篡改，或不是用本系统的密钥文件加密的");
	pt = malloc(n ? n : 1);
	if (!pt)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	rc = sm4_ctr(k->enc, t + 1, t + SEAL_HDR_LEN, n, pt, err);
	if (!rc) {
		fz_buf_add(out, pt, n);
		rc = buf_result(out, err);
	}
	fz_memzero(pt, n);
	free(pt);
	return rc;
}

int fz_sm4_open(const struct fz_keys *k, const char *token, size_t len,
		struct fz_buf *out, struct fz_err *err)
{
	unsigned char *raw;
	size_t max = len / 4 * 3 + 3, n = 0;
	int rc;

	if (len > (SEAL_MAX + FZ_SEAL_OVERHEAD) / 3 * 4 + 4)
		return fz_err_set(err, FZ_EINVAL, NULL, "加密数据格式不正确");
	raw = malloc(max);
	if (!raw)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	/* No ignore set and no end pointer: any stray character, missing
	 * padding or non-zero spare bits makes the whole token invalid. */
	if (sodium_base642bin(raw, max, token, len, NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		rc = fz_err_set(err, FZ_EINVAL, NULL, "加密数据格式不正确");
	else
		rc = fz_sm4_open_raw(k, raw, n, out, err);
	free(raw);
	return rc;
}

int fz_blind_index(const struct fz_keys *k, const char *value,
		   char out[FZ_SM3_HEX_LEN + 1])
{
	unsigned char d[FZ_SM3_LEN];
	int rc = fz_hmac_sm3(k->idx, sizeof(k->idx), value, strlen(value), d);

	if (rc) {
		out[0] = '\0';
		return rc;
	}
	to_hex(d, sizeof(d), out);
	return 0;
}

/* ---- SM2 (GB/T 32918-2016, GB/T 35276-2017) ----------------------------- */

static int pkey_has_priv(const EVP_PKEY *pk)
{
	BIGNUM *d = NULL;
	int ok = EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1;

	BN_clear_free(d);
	ERR_clear_error();
	return ok;
}

/* Wrap pk (taking it) after checking it is an SM2 key; need_priv asks for
 * a key pair.  The SM2 curve's OID in the key makes OpenSSL 3 type it SM2;
 * an EC key on another curve is refused here. */
static int wrap(struct fz_sm2_key **out, EVP_PKEY *pk, int need_priv,
		struct fz_err *err)
{
	struct fz_sm2_key *k;

	*out = NULL;
	if (!EVP_PKEY_is_a(pk, "SM2")) {
		EVP_PKEY_free(pk);
		return fz_err_set(err, FZ_EINVAL, "key", "不是 SM2 密钥");
	}
	k = fz_xcalloc(1, sizeof(*k));
	k->pkey = pk;
	k->priv = pkey_has_priv(pk);
	if (need_priv && !k->priv) {
		fz_sm2_free(k);
		return fz_err_set(err, FZ_EINVAL, "key", "缺少 SM2 私钥");
	}
	*out = k;
	return 0;
}

int fz_sm2_generate(struct fz_sm2_key **out, struct fz_err *err)
{
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");

	*out = NULL;
	if (!pk)
		return ossl_fail(err, "生成 SM2 密钥");
	return wrap(out, pk, 1, err);
}

void fz_sm2_free(struct fz_sm2_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

int fz_sm2_has_private(const struct fz_sm2_key *k)
{
	return k->priv;
}

/* A digest context for signing or verifying with signer ID id.  The ID
 * enters Z_A = SM3(ENTL || ID || a || b || Gx || Gy || Px || Py)
 * (GB/T 32918.2-2016 5.5); both sides must use the same one.  Always set
 * it: OpenSSL 3.0 hashes an empty ID when none is given, and the published
 * vector then fails.  On success the caller frees *md and then *pctx. */
static int sm2_ctx(const struct fz_sm2_key *k, const char *id, int sign,
		   EVP_MD_CTX **md, EVP_PKEY_CTX **pctx)
{
	int ok;

	if (!id)
		id = FZ_SM2_DEFAULT_ID;  /* GB/T 35276-2017 */
	*md = EVP_MD_CTX_new();
	*pctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	ok = *md && *pctx &&
	     EVP_PKEY_CTX_set1_id(*pctx, id, strlen(id)) > 0;
	if (ok) {
		EVP_MD_CTX_set_pkey_ctx(*md, *pctx);
		ok = sign ? EVP_DigestSignInit_ex(*md, NULL, "SM3", NULL,
						  NULL, k->pkey, NULL)
			  : EVP_DigestVerifyInit_ex(*md, NULL, "SM3", NULL,
						    NULL, k->pkey, NULL);
	}
	if (!ok) {
		EVP_MD_CTX_free(*md);
		EVP_PKEY_CTX_free(*pctx);
		*md = NULL;
		*pctx = NULL;
	}
	return ok ? 0 : FZ_EINTERNAL;
}

int fz_sm2_sign(const struct fz_sm2_key *k, const char *id, const void *msg,
		size_t len, struct fz_buf *sig, struct fz_err *err)
{
	unsigned char s[128];
	size_t n = sizeof(s);
	EVP_MD_CTX *md;
	EVP_PKEY_CTX *pctx;
	int ok;

	if (!k->priv)
		return fz_err_set(err, FZ_EINVAL, "key",
				  "该 SM2 密钥只有公钥，不能签名");
	if (EVP_PKEY_get_size(k->pkey) > (int)sizeof(s) ||
	    sm2_ctx(k, id, 1, &md, &pctx))
		return ossl_fail(err, "SM2 签名");
	ok = EVP_DigestSign(md, s, &n, len ? msg : (const void *)"", len);
	EVP_MD_CTX_free(md);
	EVP_PKEY_CTX_free(pctx);
	if (!ok)
		return ossl_fail(err, "SM2 签名");
	fz_buf_add(sig, s, n);
	return buf_result(sig, err);
}

int fz_sm2_verify(const struct fz_sm2_key *k, const char *id, const void *msg,
		  size_t len, const void *sig, size_t siglen,
		  struct fz_err *err)
{
	EVP_MD_CTX *md;
	EVP_PKEY_CTX *pctx;
	int r;

	if (sm2_ctx(k, id, 0, &md, &pctx))
		return ossl_fail(err, "SM2 验签");
	/* OpenSSL re-encodes the parsed signature and compares, so only
	 * canonical DER verifies. */
	r = EVP_DigestVerify(md, sig, siglen, len ? msg : (const void *)"",
			     len);
	EVP_MD_CTX_free(md);
	EVP_PKEY_CTX_free(pctx);
	ERR_clear_error();
	if (r != 1)
		return fz_err_set(err, FZ_EINVAL, "signature", "签名验证失败");
	return 0;
}

int fz_sm2_sig_der_from_raw(const unsigned char rs[FZ_SM2_RAW_SIG_LEN],
			    struct fz_buf *der)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(rs, 32, NULL), *sv = BN_bin2bn(rs + 32, 32, NULL);
	unsigned char *p = NULL;
	int n = -1;

	if (s && r && sv && ECDSA_SIG_set0(s, r, sv)) {
		r = sv = NULL;  /* s owns them now */
		n = i2d_ECDSA_SIG(s, &p);
	}
	BN_free(r);
	BN_free(sv);
	ECDSA_SIG_free(s);
	if (n <= 0)
		return ossl_fail(NULL, "SM2 签名编码");
	fz_buf_add(der, p, (size_t)n);
	OPENSSL_free(p);
	return der->err;
}

int fz_sm2_sig_raw_from_der(const void *der, size_t len,
			    unsigned char rs[FZ_SM2_RAW_SIG_LEN])
{
	const unsigned char *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *sv;
	int rc = FZ_EINVAL;

	if (s && p == (const unsigned char *)der + len) {
		ECDSA_SIG_get0(s, &r, &sv);
		if (BN_bn2binpad(r, rs, 32) == 32 &&
		    BN_bn2binpad(sv, rs + 32, 32) == 32)
			rc = 0;
	}
	ECDSA_SIG_free(s);
	ERR_clear_error();
	return rc;
}

/* Append k as PEM to out: the private key when priv, else the public key.
 * Private keys go through a secure-memory BIO, which OpenSSL clears when it
 * frees it. */
static int pem_out(const struct fz_sm2_key *k, int priv, struct fz_buf *out)
{
	BIO *b = BIO_new(priv ? BIO_s_secmem() : BIO_s_mem());
	char *p;
	long n;
	int ok;

	if (!b)
		return FZ_ENOMEM;
	ok = priv ? PEM_write_bio_PrivateKey(b, k->pkey, NULL, NULL, 0, NULL,
					     NULL)
		  : PEM_write_bio_PUBKEY(b, k->pkey);
	n = BIO_get_mem_data(b, &p);
	if (ok && n > 0)
		fz_buf_add(out, p, (size_t)n);
	BIO_free(b);
	if (!ok || n <= 0)
		return ossl_fail(NULL, "PEM 编码");
	return out->err;
}

int fz_sm2_pub_pem(const struct fz_sm2_key *k, struct fz_buf *out)
{
	return pem_out(k, 0, out);
}

int fz_sm2_priv_pem(const struct fz_sm2_key *k, struct fz_buf *out)
{
	if (!k->priv)
		return FZ_EINVAL;
	return pem_out(k, 1, out);
}

int fz_sm2_pub_hex(const struct fz_sm2_key *k,
		   char out[FZ_SM2_PUB_HEX_LEN + 1])
{
	unsigned char pt[FZ_SM2_PUB_LEN];
	BIGNUM *x = NULL, *y = NULL;
	int ok;

	/* X and Y separately, so the answer is 04 || X || Y whatever point
	 * form the key was read in. */
	pt[0] = 0x04;
	ok = EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_EC_PUB_X, &x) &&
	     EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &y) &&
	     BN_bn2binpad(x, pt + 1, 32) == 32 &&
	     BN_bn2binpad(y, pt + 33, 32) == 32;
	BN_free(x);
	BN_free(y);
	if (!ok) {
		out[0] = '\0';
		return ossl_fail(NULL, "导出 SM2 公钥");
	}
	to_hex(pt, sizeof(pt), out);
	return 0;
}

int fz_sm2_pub_from_hex(struct fz_sm2_key **out, const char *hex,
			struct fz_err *err)
{
	unsigned char pt[FZ_SM2_PUB_LEN];
	size_t n = 0;
	EVP_PKEY_CTX *c = NULL, *chk = NULL;
	EVP_PKEY *pk = NULL;
	OSSL_PARAM params[3];
	int ok;

	*out = NULL;
	if (strlen(hex) != FZ_SM2_PUB_HEX_LEN ||
	    sodium_hex2bin(pt, sizeof(pt), hex, FZ_SM2_PUB_HEX_LEN, NULL, &n,
			   NULL) != 0 ||
	    n != sizeof(pt) || pt[0] != 0x04)
		return fz_err_set(err, FZ_EINVAL, "public_key",
				  "SM2 公钥应为 130 位十六进制数（04 开头的未压缩点）");
	params[0] = OSSL_PARAM_construct_utf8_string(
		OSSL_PKEY_PARAM_GROUP_NAME, (char *)"SM2", 0);
	params[1] = OSSL_PARAM_construct_octet_string(
		OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt));
	params[2] = OSSL_PARAM_construct_end();
	c = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
	ok = c && EVP_PKEY_fromdata_init(c) > 0 &&
	     EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, params) > 0;
	/* The point must lie on the curve and not be the point at infinity. */
	if (ok) {
		chk = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
		ok = chk && EVP_PKEY_public_check(chk) > 0;
	}
	EVP_PKEY_CTX_free(chk);
	EVP_PKEY_CTX_free(c);
	ERR_clear_error();
	if (!ok) {
		EVP_PKEY_free(pk);
		return fz_err_set(err, FZ_EINVAL, "public_key",
				  "SM2 公钥无效：该点不在 SM2 曲线上");
	}
	return wrap(out, pk, 0, err);
}

/* Refuse encrypted PEM instead of letting OpenSSL prompt on a terminal. */
static int no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf; (void)size; (void)rwflag; (void)u;
	return -1;
}

static int pem_in(struct fz_sm2_key **out, const char *pem, size_t len,
		  int priv, struct fz_err *err)
{
	BIO *b;
	EVP_PKEY *pk = NULL;

	*out = NULL;
	if (len > PEM_MAX)
		return fz_err_set(err, FZ_EINVAL, "key", "PEM 数据过长");
	b = BIO_new_mem_buf(pem, (int)len);
	if (!b)
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	pk = priv ? PEM_read_bio_PrivateKey(b, NULL, no_password, NULL)
		  : PEM_read_bio_PUBKEY(b, NULL, no_password, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (!pk)
		return fz_err_set(err, FZ_EINVAL, "key", priv ?
				  "无法读取 SM2 私钥（应为未加密的 PKCS#8 PEM）" :
				  "无法读取 SM2 公钥（应为 PEM 格式）");
	return wrap(out, pk, priv, err);
}

int fz_sm2_pub_from_pem(struct fz_sm2_key **out, const char *pem, size_t len,
			struct fz_err *err)
{
	return pem_in(out, pem, len, 0, err);
}

int fz_sm2_priv_from_pem(struct fz_sm2_key **out, const char *pem,
			 size_t len, struct fz_err *err)
{
	return pem_in(out, pem, len, 1, err);
}
