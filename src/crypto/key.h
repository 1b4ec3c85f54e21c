/* key.h - the district's key file: master secret and SM2 signing key.
 *
 * One small text file holds every long-lived secret fazhi needs:
 *
 *     fazhi-keys 1
 *     # comment lines (starting with '#') may appear before the PEM block
 *     master <64 hex digits: 32 random bytes>
 *     -----BEGIN PRIVATE KEY-----
 *     <the district's SM2 private key, PKCS#8, unencrypted>
 *     -----END PRIVATE KEY-----
 *
 * The first line is the format version.  The master secret never encrypts
 * anything itself; each use gets its own key derived as
 * HMAC-SM3(master, label), so a weakness in one use does not spread to the
 * others.  The SM2 key signs 行政行为码 and documents (GB/T 39786-2021 8.4 h):
 * non-repudiation of origin).
 *
 * The file must be mode 0600 (owner only): fz_keys_load refuses anything
 * group or others may read or write.  Losing the file loses every sealed
 * field; back it up apart from the database (GB/T 22239-2019 8.1.4.9), and
 * never keep both in one place an attacker can reach.
 *
 * GB/T 22239-2019 8.1.4.10 (residual information): fz_keys_free clears the
 * memory that held keys, and the loaders clear their read buffers. */
#ifndef FZ_CRYPTO_KEY_H
#define FZ_CRYPTO_KEY_H

#include "core/err.h"
#include "crypto/sm.h"

#define FZ_KEYS_MASTER_LEN 32
#define FZ_KEYS_ID_HEX_LEN 16
#define FZ_KEYS_FILE_MAX 16384  /* a key file is a few hundred bytes */

struct fz_keys;

/* Create a new key file at path: random master secret, fresh SM2 key pair.
 * The file is created with O_CREAT|O_EXCL and mode 0600, written, fsynced,
 * and its directory fsynced.  Never overwrites: FZ_ECONFLICT when path
 * exists (overwriting would make every sealed field unreadable).  FZ_EIO
 * for other file-system failures (a half-written file is removed). */
int fz_keys_create(const char *path, struct fz_err *err);

/* Load the key file at path into *out (the caller's; fz_keys_free).
 * FZ_ENOTFOUND when there is no such file; FZ_EFORBID when group or
 * others have any permission on it (the message names the path and says
 * to run chmod 600); FZ_EINVAL when it is not a key file of a version this
 * build reads; FZ_EIO when it cannot be read. */
int fz_keys_load(struct fz_keys **out, const char *path, struct fz_err *err);

/* Keys that live in memory only: random master and SM2 key, no file.  For
 * tests and throw-away demo databases; data sealed under them is lost when
 * they are freed.  0 or FZ_EINTERNAL. */
int fz_keys_new_ephemeral(struct fz_keys **out, struct fz_err *err);

/* Clear every secret in k and free it.  NULL is fine. */
void fz_keys_free(struct fz_keys *k);

/* The district's SM2 key pair, borrowed: valid until fz_keys_free(k). */
const struct fz_sm2_key *fz_keys_sm2(const struct fz_keys *k);

/* out = HMAC-SM3(master, "fazhi/app/" label): a 32-byte key for another
 * module's own use (the audit chain MAC, for example).  Each label gives
 * an independent key; the prefix keeps these apart from the field keys.
 * label must be non-empty.  0, FZ_EINVAL or FZ_EINTERNAL. */
int fz_keys_derive(const struct fz_keys *k, const char *label,
		   unsigned char out[FZ_SM3_LEN]);

/* A short public fingerprint of the master secret, 16 hex digits and NUL.
 * Store it beside the data: a later run with another key file then fails
 * clearly at startup instead of failing on every field.  It reveals
 * nothing about the secret.  0 or FZ_EINTERNAL. */
int fz_keys_id(const struct fz_keys *k, char out[FZ_KEYS_ID_HEX_LEN + 1]);

#endif
