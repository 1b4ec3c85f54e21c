/* totp.c - RFC 6238 TOTP and RFC 4648 base32 (see totp.h). */
#include "crypto/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string.h>

static const int32_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000,
				 10000000, 100000000 };

int32_t fz_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
		int digits)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	uint32_t bin;
	int off;

	if (digits < 6 || digits > 8)
		return -1;
	/* The counter is 8 bytes, big-endian (RFC 4226 §5.1). */
	for (int i = 7; i >= 0; i--, counter >>= 8)
		msg[i] = (unsigned char)(counter & 0xff);
	if (!HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof(msg), mac, &maclen) ||
	    maclen != 20)
		return -1;
	/* Dynamic truncation (RFC 4226 §5.3): the low nibble of the last
	 * byte picks four bytes; the top bit is dropped. */
	off = mac[19] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
	      ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	return (int32_t)(bin % (uint32_t)pow10[digits]);
}

uint64_t fz_totp_step(int64_t t)
{
	return t < 0 ? 0 : (uint64_t)t / FZ_TOTP_STEP;
}

int fz_totp_check(const unsigned char *key, size_t keylen, const char *code,
		  int64_t now, uint64_t last_step, uint64_t *step)
{
	uint64_t cur = fz_totp_step(now);
	int32_t want = 0;
	int found = 0;

	if (!code || strlen(code) != FZ_TOTP_DIGITS ||
	    strspn(code, "0123456789") != FZ_TOTP_DIGITS)
		return 0;
	for (int i = 0; i < FZ_TOTP_DIGITS; i++)
		want = want * 10 + (code[i] - '0');
	/* Every candidate is computed, so the time taken does not tell
	 * which step matched. */
	for (uint64_t s = cur ? cur - 1 : 0; s <= cur + 1; s++) {
		int32_t v = fz_hotp(key, keylen, s, FZ_TOTP_DIGITS);
		if (v == want && s > last_step && !found) {
			*step = s;
			found = 1;
		}
	}
	return found;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int fz_base32_encode(const unsigned char *p, size_t len, char *out, size_t n)
{
	size_t o = 0;
	unsigned int acc = 0;
	int bits = 0;

	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			if (o + 1 >= n)
				return -1;
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) {
		if (o + 1 >= n)
			return -1;
		out[o++] = b32[(acc << (5 - bits)) & 31];
	}
	if (o >= n)
		return -1;
	out[o] = '\0';
	return 0;
}

static int b32_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

int fz_base32_decode(const char *s, unsigned char *out, size_t n, size_t *len)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t o = 0;

	for (; *s; s++) {
		int v;
		if (*s == ' ' || *s == '=')
			continue;
		if ((v = b32_value(*s)) < 0)
			return -1;
		acc = (acc << 5) | (unsigned int)v;
		bits += 5;
		if (bits >= 8) {
			if (o >= n)
				return -1;
			out[o++] = (unsigned char)((acc >> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	*len = o;
	return 0;
}
