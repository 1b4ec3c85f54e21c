/* sm.h - the Chinese commercial algorithms SM3, SM4 and SM2 (OpenSSL 3).
 *
 * GB/T 39786-2021 8.4 e) and GB/T 22239-2019 8.1.4.7/8.1.4.8 ask a level-3
 * system to keep important data confidential and intact with cryptography;
 * this module is where fazhi does that.  Hashes are SM3 (GB/T 32905-2016),
 * the block cipher is SM4 (GB/T 32907-2016), signatures are SM2
 * (GB/T 32918.1-.5, usage rules GB/T 35276-2017).
 *
 * Field encryption token (fz_sm4_seal), version 1.  Personal data at rest
 * (ID numbers, phone numbers) is stored as one token per value:
 *
 *     offset  size  content
 *     0       1     version, 0x01
 *     1       16    IV: random, fresh for every seal; SM4-CTR initial counter
 *     17      n     SM4-CTR ciphertext of the n plaintext bytes (enc key)
 *     17+n    32    HMAC-SM3 tag over bytes 0 .. 17+n-1 (mac key)
 *
 * OpenSSL 3.0 has no SM4-GCM, so the token is encrypt-then-MAC with
 * SM4-CTR and HMAC-SM3, the combination crypto.md section 2 allows ("CBC/CTR
 * with HMAC-SM3").  The enc and mac keys are separate keys derived from the
 * master secret of the key file (key.h).  fz_sm4_seal writes the token as
 * standard base64 (RFC 4648 section 4, with padding, no line breaks) so it fits
 * a TEXT column; the _raw variants read and write the bytes themselves.
 * A token whose tag does not verify is refused whole: nothing is decrypted.
 *
 * Blind index (fz_blind_index): HMAC-SM3 under a third derived key, as 64
 * lowercase hex digits.  It is deterministic, so a column of blind indexes
 * lets the database find a row by ID number without decrypting anything,
 * and it reveals nothing about the value to someone without the key.
 *
 * Thread safety: every function may be called from several threads at once;
 * a struct fz_sm3_ctx or struct fz_sm2_key is not shared while in use
 * (verifying and signing with one key from many threads is fine). */
#ifndef FZ_CRYPTO_SM_H
#define FZ_CRYPTO_SM_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct fz_keys;

#define FZ_SM3_LEN 32          /* SM3 digest, bytes (GB/T 32905-2016) */
#define FZ_SM3_HEX_LEN 64      /* the digest as lowercase hex, without NUL */
#define FZ_SM4_KEY_LEN 16      /* SM4 key and block, bytes (GB/T 32907-2016) */
#define FZ_SM4_BLOCK_LEN 16
#define FZ_SEAL_VERSION 1      /* first byte of every field token */
#define FZ_SEAL_OVERHEAD 49    /* version + IV + tag, bytes */
#define FZ_SM2_PUB_LEN 65      /* uncompressed point 04 || X || Y */
#define FZ_SM2_PUB_HEX_LEN 130 /* ... as hex, without NUL */
#define FZ_SM2_RAW_SIG_LEN 64  /* r || s, 32 bytes each, big-endian */

/* The default signer ID of GB/T 35276-2017 (16 bytes, ENTL = 0x0080). */
#define FZ_SM2_DEFAULT_ID "1234567812345678"

/* ---- SM3 ---------------------------------------------------------------- */

/* out = SM3(data).  0, or FZ_EINTERNAL when the OpenSSL provider lacks SM3. */
int fz_sm3(const void *data, size_t len, unsigned char out[FZ_SM3_LEN]);

/* out = SM3(data) as 64 lowercase hex digits and a NUL.  0 or FZ_EINTERNAL. */
int fz_sm3_hex(const void *data, size_t len, char out[FZ_SM3_HEX_LEN + 1]);

/* Incremental SM3 (the audit chain hashes entries field by field).
 * fz_sm3_init prepares c (0, FZ_ENOMEM or FZ_EINTERNAL); fz_sm3_update
 * never fails on its own but remembers a failure (sticky) for fz_sm3_final,
 * which writes the digest, returns 0 or the first error, and releases c.
 * Call fz_sm3_release instead of final to abandon a context; it is also
 * harmless after final, so one cleanup path can always call it. */
struct fz_sm3_ctx {
	void *md;  /* EVP_MD_CTX, owned */
	int err;   /* first error, 0 when none */
};

int fz_sm3_init(struct fz_sm3_ctx *c);
void fz_sm3_update(struct fz_sm3_ctx *c, const void *data, size_t len);
int fz_sm3_final(struct fz_sm3_ctx *c, unsigned char out[FZ_SM3_LEN]);
void fz_sm3_release(struct fz_sm3_ctx *c);

/* out = HMAC-SM3(key, data): HMAC (RFC 2104) over SM3, 64-byte block.
 * keylen must be at least 1.  0, or FZ_EINVAL for an empty key, or
 * FZ_EINTERNAL. */
int fz_hmac_sm3(const void *key, size_t keylen, const void *data, size_t len,
		unsigned char out[FZ_SM3_LEN]);

/* ---- SM4 ---------------------------------------------------------------- */

/* Encrypt one 16-byte block `iterations` times in a row under key (ECB, no
 * padding); iterations 1 is one encryption.  This exists for the
 * known-answer tests of GB/T 32907-2016 Annex A (Example 2 is 1,000,000
 * iterations); never use it on data: use fz_sm4_seal.  in and out may be
 * the same.  0, FZ_EINVAL for iterations 0, FZ_ENOMEM or FZ_EINTERNAL. */
int fz_sm4_block_encrypt(const unsigned char key[FZ_SM4_KEY_LEN],
			 const unsigned char in[FZ_SM4_BLOCK_LEN],
			 unsigned char out[FZ_SM4_BLOCK_LEN],
			 unsigned long iterations);

/* Encrypt len bytes of plaintext under the field keys of k and append the
 * base64 text token (format above) to out.  Each call draws a fresh IV, so
 * sealing one value twice gives two different tokens; use fz_blind_index
 * to look values up.  0; FZ_ETOOBIG when len is over 1 GiB or out's
 * ceiling is reached, FZ_ENOMEM, FZ_EINTERNAL; out keeps what it had
 * before the call on failure (except for out's own sticky error). */
int fz_sm4_seal(const struct fz_keys *k, const void *plaintext, size_t len,
		struct fz_buf *out, struct fz_err *err);

/* Check and decrypt a base64 token made by fz_sm4_seal and append the
 * plaintext to out (NUL-terminated by fz_buf; the plaintext may itself
 * hold NULs).  Fails with FZ_EINVAL when the token is not valid base64,
 * is too short, has an unknown version, or its tag does not verify
 * (tampered, truncated, or sealed under another key file); nothing is
 * appended then.  Otherwise FZ_ENOMEM, FZ_ETOOBIG or FZ_EINTERNAL. */
int fz_sm4_open(const struct fz_keys *k, const char *token, size_t len,
		struct fz_buf *out, struct fz_err *err);

/* As fz_sm4_seal and fz_sm4_open, for the binary token (a BLOB column). */
int fz_sm4_seal_raw(const struct fz_keys *k, const void *plaintext,
		    size_t len, struct fz_buf *out, struct fz_err *err);
int fz_sm4_open_raw(const struct fz_keys *k, const void *token, size_t len,
		    struct fz_buf *out, struct fz_err *err);

/* out = hex(HMAC-SM3(index key of k, value)), 64 lowercase hex digits and a
 * NUL.  The caller normalises value first (for 身份证号: upper-case X, no
 * spaces) so that one person always gives one index.  0 or FZ_EINTERNAL. */
int fz_blind_index(const struct fz_keys *k, const char *value,
		   char out[FZ_SM3_HEX_LEN + 1]);

/* ---- SM2 ---------------------------------------------------------------- */

/* An SM2 key: a key pair, or a public key only.  Opaque. */
struct fz_sm2_key;

/* Generate a fresh key pair on the SM2 curve (GB/T 32918.5-2017).
 * *out is the caller's; free it with fz_sm2_free.  0 or FZ_EINTERNAL. */
int fz_sm2_generate(struct fz_sm2_key **out, struct fz_err *err);

/* Free k (NULL is fine); OpenSSL clears the private scalar. */
void fz_sm2_free(struct fz_sm2_key *k);

/* 1 when k holds a private key (can sign), 0 when public only. */
int fz_sm2_has_private(const struct fz_sm2_key *k);

/* Sign msg with the private key of k and append the DER signature
 * SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276-2017) to sig.  The digest
 * is SM3(Z_A || msg), Z_A computed with signer ID id (NULL: the default
 * FZ_SM2_DEFAULT_ID).  k is random (OpenSSL), so signing one message twice
 * gives two different, equally valid signatures.  0; FZ_EINVAL when k has
 * no private key; FZ_ENOMEM or FZ_EINTERNAL. */
int fz_sm2_sign(const struct fz_sm2_key *k, const char *id, const void *msg,
		size_t len, struct fz_buf *sig, struct fz_err *err);

/* Check a DER signature of msg by key k with signer ID id (NULL: default).
 * 0 when valid; FZ_EINVAL when not valid for any reason (other message,
 * other key, other ID, malformed DER); FZ_EINTERNAL when OpenSSL fails. */
int fz_sm2_verify(const struct fz_sm2_key *k, const char *id, const void *msg,
		  size_t len, const void *sig, size_t siglen,
		  struct fz_err *err);

/* Convert between the DER signature and the raw r || s form some Chinese
 * systems (GM/T 0009 style) exchange.  _der_from_raw appends the DER to
 * der; 0 or FZ_EINTERNAL.  _raw_from_der: 0 or FZ_EINVAL for bad DER or
 * an r or s wider than 32 bytes. */
int fz_sm2_sig_der_from_raw(const unsigned char rs[FZ_SM2_RAW_SIG_LEN],
			    struct fz_buf *der);
int fz_sm2_sig_raw_from_der(const void *der, size_t len,
			    unsigned char rs[FZ_SM2_RAW_SIG_LEN]);

/* Public key as PEM SubjectPublicKeyInfo, appended to out.  0, FZ_ENOMEM. */
int fz_sm2_pub_pem(const struct fz_sm2_key *k, struct fz_buf *out);

/* Public key as hex of the uncompressed point 04 || X || Y, lowercase,
 * 130 digits and a NUL.  0 or FZ_EINTERNAL. */
int fz_sm2_pub_hex(const struct fz_sm2_key *k,
		   char out[FZ_SM2_PUB_HEX_LEN + 1]);

/* Read a public key from PEM (len bytes) or from hex 04 || X || Y (either
 * case).  The point must lie on the SM2 curve.  *out is the caller's.
 * 0 or FZ_EINVAL (with a Chinese message) for anything else. */
int fz_sm2_pub_from_pem(struct fz_sm2_key **out, const char *pem, size_t len,
			struct fz_err *err);
int fz_sm2_pub_from_hex(struct fz_sm2_key **out, const char *hex,
			struct fz_err *err);

/* Private key as unencrypted PKCS#8 PEM, appended to out: for the key file
 * only (key.c), which is mode 0600.  The caller clears out's memory with
 * fz_memzero before releasing it.  0, FZ_EINVAL for a public-only key,
 * FZ_ENOMEM. */
int fz_sm2_priv_pem(const struct fz_sm2_key *k, struct fz_buf *out);

/* Read an SM2 private key from PKCS#8 PEM.  0 or FZ_EINVAL (not PEM, not a
 * private key, not on the SM2 curve, or encrypted). */
int fz_sm2_priv_from_pem(struct fz_sm2_key **out, const char *pem,
			 size_t len, struct fz_err *err);

#endif
