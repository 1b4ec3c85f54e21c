/* pw.c - argon2id password hashes, the password policy, random tokens. */
#include "crypto/pw.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

_Static_assert(FZ_PW_HASH_MAX == crypto_pwhash_STRBYTES,
	       "FZ_PW_HASH_MAX must match libsodium");

/* sodium_init is idempotent and thread-safe; it fails only when the OS
 * offers no randomness at all, and then nothing here can be made safe. */
static void need_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

/* The cost parameters fz_pw_hash uses now.  FAZHI_PW_FAST=1 is for test
 * suites only (see pw.h): it must never be set in production. */
static void limits(unsigned long long *ops, size_t *mem)
{
	const char *fast = getenv("FAZHI_PW_FAST");

	if (fast && strcmp(fast, "1") == 0) {
		*ops = crypto_pwhash_argon2id_OPSLIMIT_MIN;
		*mem = crypto_pwhash_argon2id_MEMLIMIT_MIN;
	} else {
		*ops = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
	}
}

int fz_pw_hash(const char *password, char out[FZ_PW_HASH_MAX],
	       struct fz_err *err)
{
	unsigned long long ops;
	size_t mem, len = strlen(password);

	out[0] = '\0';
	if (len > FZ_PW_MAX_BYTES)
		return fz_err_set(err, FZ_EINVAL, "password",
				  "密码不能超过 %d 字节", FZ_PW_MAX_BYTES);
	need_sodium();
	limits(&ops, &mem);
	if (crypto_pwhash_argon2id_str(out, password, len, ops, mem) != 0) {
		out[0] = '\0';
		return fz_err_set(err, FZ_ENOMEM, NULL,
				  "服务器内存不足，无法计算密码摘要");
	}
	return 0;
}

/* A stored hash must be a NUL-terminated string that fits libsodium's
 * fixed-size buffer, or libsodium could read past it. */
static int stored_ok(const char *stored)
{
	return stored && memchr(stored, '\0', FZ_PW_HASH_MAX) != NULL;
}

int fz_pw_verify(const char *stored, const char *password)
{
	size_t len;

	if (!stored_ok(stored) || !password)
		return FZ_EAUTH;
	len = strlen(password);
	if (len > FZ_PW_MAX_BYTES)
		return FZ_EAUTH;
	need_sodium();
	if (crypto_pwhash_argon2id_str_verify(stored, password, len) != 0)
		return FZ_EAUTH;
	return 0;
}

int fz_pw_needs_rehash(const char *stored)
{
	unsigned long long ops;
	size_t mem;

	if (!stored_ok(stored))
		return 1;
	need_sodium();
	limits(&ops, &mem);
	/* -1 (not an argon2id string) also means: hash it again. */
	return crypto_pwhash_argon2id_str_needs_rehash(stored, ops, mem) != 0;
}

/* ---- policy ------------------------------------------------------------- */

enum { CL_UPPER = 1, CL_LOWER = 2, CL_DIGIT = 4, CL_OTHER = 8 };

static int char_class(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return CL_UPPER;
	if (c >= 'a' && c <= 'z')
		return CL_LOWER;
	if (c >= '0' && c <= '9')
		return CL_DIGIT;
	return CL_OTHER;
}

static int is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

static char fold(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* 1 when hay contains needle, ASCII letters compared without case.  Bytes
 * of multi-byte UTF-8 characters are never in A-Z, so they compare as
 * they are. */
static int contains_nocase(const char *hay, const char *needle)
{
	size_t hn = strlen(hay), nn = strlen(needle);

	for (size_t i = 0; nn <= hn && i <= hn - nn; i++) {
		size_t j = 0;
		while (j < nn && fold(hay[i + j]) == fold(needle[j]))
			j++;
		if (j == nn)
			return 1;
	}
	return 0;
}

static int count_bits(int v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* GB/T 22239-2019 8.1.4.1 a): credentials meet complexity rules.  The
 * figures (8 characters, 3 of 4 classes) are assessment practice, not
 * the standard's text (crypto.md section 5). */
int fz_pw_policy(const char *password, const char *login, struct fz_err *err)
{
	const unsigned char *s = (const unsigned char *)password;
	size_t n, chars = 0;
	int classes = 0;

	if (!password || !*password)
		return fz_err_set(err, FZ_EINVAL, "password", "请输入密码");
	n = strlen(password);
	if (n > FZ_PW_MAX_BYTES)
		return fz_err_set(err, FZ_EINVAL, "password",
				  "密码过长，不能超过 %d 字节",
				  FZ_PW_MAX_BYTES);
	for (size_t i = 0; i < n; chars++) {
		uint32_t c;
		size_t l = fz_utf8_next(s + i, n - i, &c);

		if (!l)
			return fz_err_set(err, FZ_EINVAL, "password",
					  "密码包含无效字符");
		if (is_control(c))
			return fz_err_set(err, FZ_EINVAL, "password",
					  "密码不能包含控制字符");
		classes |= char_class(c);
		i += l;
	}
	if (chars < FZ_PW_MIN_CHARS)
		return fz_err_set(err, FZ_EINVAL, "password",
				  "密码至少需要 %d 个字符", FZ_PW_MIN_CHARS);
	if (count_bits(classes) < 3)
		return fz_err_set(err, FZ_EINVAL, "password",
				  "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类");
	if (login && *login && contains_nocase(password, login))
		return fz_err_set(err, FZ_EINVAL, "password",
				  "密码不能包含登录名");
	return 0;
}

/* ---- random ------------------------------------------------------------- */

void fz_random_bytes(void *p, size_t n)
{
	need_sodium();
	randombytes_buf(p, n);
}

void fz_token_new(char out[FZ_TOKEN_HEX_LEN + 1])
{
	unsigned char raw[FZ_TOKEN_BYTES];

	fz_random_bytes(raw, sizeof(raw));
	sodium_bin2hex(out, FZ_TOKEN_HEX_LEN + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

int fz_token_equal(const char *a, const char *b)
{
	size_t n;

	if (!a || !b)
		return 0;
	n = strlen(a);
	if (strlen(b) != n)
		return 0;
	need_sodium();
	return n == 0 || sodium_memcmp(a, b, n) == 0;
}
