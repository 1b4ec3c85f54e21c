/* pw.h - password hashing and policy, random bytes and session tokens.
 *
 * Passwords are stored as argon2id strings made by libsodium
 * (crypto_pwhash_str): "$argon2id$v=19$m=...,t=...,p=1$salt$hash".  The
 * string records its own salt and cost parameters, so a hash made under
 * one setting verifies under any other, and fz_pw_needs_rehash tells the
 * login code when to store a new hash with today's parameters.  GB/T
 * 22239-2019 8.1.4.8 asks for confidentiality of authentication data; a
 * salted, slow hash is what assessors expect (crypto.md section 5).
 *
 * Cost: OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (64 MiB, about 0.1 s).
 * The environment variable FAZHI_PW_FAST=1 drops the cost to libsodium's
 * minimum so the test suites can hash thousands of passwords.  It exists
 * for tests only and must never be set in production: hashes made under it
 * are cheap to brute-force.  Should it leak into production anyway, every
 * hash made there says so in its parameters, and fz_pw_needs_rehash
 * reports it once the variable is gone, so the next login repairs it. */
#ifndef FZ_CRYPTO_PW_H
#define FZ_CRYPTO_PW_H

#include <stddef.h>

#include "core/err.h"

#define FZ_PW_HASH_MAX 128     /* crypto_pwhash_STRBYTES, NUL included */
#define FZ_PW_MIN_CHARS 8      /* policy: UTF-8 characters, not bytes */
#define FZ_PW_MAX_BYTES 128    /* policy: longest accepted password */
#define FZ_TOKEN_BYTES 32      /* 256 random bits per token */
#define FZ_TOKEN_HEX_LEN 64

/* Hash password (a NUL-terminated string) into out, a NUL-terminated
 * argon2id string of fewer than FZ_PW_HASH_MAX bytes.  Does not apply the
 * policy; call fz_pw_policy first when the user chooses a password.
 * 0; FZ_EINVAL for a password over FZ_PW_MAX_BYTES; FZ_ENOMEM when
 * argon2id cannot get its memory. */
int fz_pw_hash(const char *password, char out[FZ_PW_HASH_MAX],
	       struct fz_err *err);

/* Check password against a stored hash, in time that does not depend on
 * where they differ (libsodium).  0 when it matches; FZ_EAUTH when it does
 * not, when the stored string is malformed, or when password is longer
 * than FZ_PW_MAX_BYTES (no stored password can be). */
int fz_pw_verify(const char *stored, const char *password);

/* 1 when stored was made with other parameters than fz_pw_hash uses now
 * (or is not a valid argon2id string), so the caller should re-hash the
 * password it has just verified; 0 when it is current. */
int fz_pw_needs_rehash(const char *stored);

/* Check a new password against the complexity policy.  GB/T 22239-2019
 * 8.1.4.1 a) asks that credentials meet complexity rules; the figures are
 * the common assessment practice, not text of the standard (crypto.md
 * section 5): at least FZ_PW_MIN_CHARS characters counted in UTF-8, at
 * least 3 of the 4 classes upper-case letter, lower-case letter, digit,
 * other character (every non-ASCII-alphanumeric character, Chinese
 * included, counts as "other"), at most FZ_PW_MAX_BYTES bytes, valid UTF-8
 * without control characters, and not containing the login name (ASCII
 * letters compared without case).  login may be NULL or "".
 * 0, or FZ_EINVAL with field "password" and a Chinese message. */
int fz_pw_policy(const char *password, const char *login, struct fz_err *err);

/* Fill p with n bytes from the operating system's CSPRNG (libsodium).
 * Cannot fail: libsodium aborts the process if no randomness exists. */
void fz_random_bytes(void *p, size_t n);

/* A new token of FZ_TOKEN_BYTES random bytes as lowercase hex and NUL:
 * session IDs, CSRF tokens, bearer tokens. */
void fz_token_new(char out[FZ_TOKEN_HEX_LEN + 1]);

/* 1 when the strings a and b are equal, 0 otherwise.  The time taken
 * depends on the lengths only, never on the content, so comparing a
 * presented token with a stored one leaks nothing.  NULL is unequal. */
int fz_token_equal(const char *a, const char *b);

#endif
