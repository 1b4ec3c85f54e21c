/* utf8.h - UTF-8 decoding, encoding, counting and validation: the one copy
 * every module uses (it replaced a dozen private ones).
 *
 * "Valid" means RFC 3629: shortest form only, no surrogates (U+D800–DFFF),
 * nothing above U+10FFFF.  Functions that take a length never read past
 * it; they also stop at a NUL inside a sequence (NUL is never a
 * continuation byte), so a NUL-terminated string may be passed with any
 * n >= the bytes left, e.g. FZ_UTF8_MAX. */
#ifndef FZ_CORE_UTF8_H
#define FZ_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define FZ_UTF8_MAX 4                /* bytes in the longest character */
#define FZ_UTF8_BAD UINT32_C(0xFFFFFFFF) /* fz_utf8_step's invalid byte */

/* Decode the character at s (n bytes available) into *cp.  Returns its
 * length 1–4, or 0 when the bytes are invalid or truncated or n is 0
 * (*cp is then FZ_UTF8_BAD). */
size_t fz_utf8_next(const void *s, size_t n, uint32_t *cp);

/* Like fz_utf8_next, but an invalid byte is a one-byte step with *cp =
 * FZ_UTF8_BAD, so a scanner always moves on (the tokenizer treats it as a
 * separator).  Returns 0 only when n is 0. */
size_t fz_utf8_step(const void *s, size_t n, uint32_t *cp);

/* Encode cp into out (room for FZ_UTF8_MAX bytes); returns the length, or
 * 0 for a surrogate or a value above U+10FFFF (nothing is written). */
size_t fz_utf8_put(unsigned char *out, uint32_t cp);

/* Characters in s[0..n): bytes that are not continuation bytes.  Lenient
 * on purpose: it counts for length limits on text already known to be
 * UTF-8 (jansson validates JSON strings), and never fails. */
size_t fz_utf8_count(const char *s, size_t n);

/* fz_utf8_count of a NUL-terminated string. */
size_t fz_utf8_chars(const char *s);

/* Byte offset of the first invalid or truncated sequence in s[0..n), or
 * -1 when all of it is valid. */
long fz_utf8_check(const char *s, size_t n);

/* 1 when s[0..n) is valid UTF-8, else 0. */
int fz_utf8_valid(const char *s, size_t n);

/* Cut a NUL-terminated s before a last character that is missing
 * continuation bytes (what strncpy-style truncation leaves), so a cut
 * message stays valid for JSON.  Only the tail is looked at. */
void fz_utf8_trim(char *s);

#endif
