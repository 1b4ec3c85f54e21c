/* totp.h - time-based one-time passwords (RFC 6238 over RFC 4226 HOTP),
 * the cryptographic second factor GB/T 22239-2019 8.1.4.1 d) asks for
 * ("two or more authentication techniques, at least one cryptographic").
 *
 * Parameters are those every authenticator app uses by default: HMAC-SHA1,
 * 6 digits, a 30-second step counted from the Unix epoch (RFC 6238 §4).
 * SHA-1 stays because the apps on staff phones know no other; HMAC-SHA1
 * is not weakened by SHA-1 collisions (RFC 6238 §5.1 asks for a shared
 * secret of at least the hash's size, which FZ_TOTP_SECRET_LEN meets).
 * Secrets travel to the app as RFC 4648 base32 (upper case, no padding)
 * inside an otpauth:// URI (the Key Uri Format of Google Authenticator). */
#ifndef FZ_CRYPTO_TOTP_H
#define FZ_CRYPTO_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define FZ_TOTP_SECRET_LEN 20   /* bytes: 160 bits, the SHA-1 output size */
#define FZ_TOTP_B32_MAX 64      /* base32 text of a secret, with the NUL */
#define FZ_TOTP_STEP 30         /* seconds (RFC 6238 §4, X = 30) */
#define FZ_TOTP_DIGITS 6

/* HOTP value (RFC 4226 §5.3) of counter under key: the dynamically
 * truncated HMAC-SHA1 modulo 10^digits (digits 6..8).  -1 when OpenSSL
 * fails or digits is out of range. */
int32_t fz_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
		int digits);

/* The RFC 6238 time step of Unix time t: floor(t / 30). */
uint64_t fz_totp_step(int64_t t);

/* Check a typed code against the steps around now (one step either side
 * for clock drift, RFC 6238 §5.2).  Only steps greater than last_step are
 * tried, so a code once accepted is not accepted again (RFC 6238 §5.2:
 * the verifier must not accept the second attempt of the same OTP).
 * 1 and *step set to the matching step; 0 when it matches none (also for
 * anything but exactly FZ_TOTP_DIGITS digits). */
int fz_totp_check(const unsigned char *key, size_t keylen, const char *code,
		  int64_t now, uint64_t last_step, uint64_t *step);

/* RFC 4648 base32 without padding into out (n bytes).  0, or -1 when out
 * is too small. */
int fz_base32_encode(const unsigned char *p, size_t len, char *out, size_t n);

/* Decode base32 (upper or lower case, spaces and '=' ignored) into out (n
 * bytes); *len the number written.  0, or -1 for a bad character or an
 * out too small. */
int fz_base32_decode(const char *s, unsigned char *out, size_t n, size_t *len);

#endif
