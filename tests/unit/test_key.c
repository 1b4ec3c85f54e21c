/* test_key.c - the key file: creation mode 0600, loading, refusals
 * (permissions, garbage, other versions), and that keys from two files
 * cannot read each other's data.  Each test works in its own temporary
 * directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "crypto/key.h"
#include "crypto/sm.h"

static char dir[512];
static char *paths[32];
static int npaths;

static int sandbox_up(void **state)
{
	const char *tmp = getenv("TMPDIR");
	(void)state;
	if (!tmp || !*tmp)
		tmp = P_tmpdir;
	snprintf(dir, sizeof(dir), "%s/fazhi-test-key-XXXXXX", tmp);
	return mkdtemp(dir) ? 0 : -1;
}

static int sandbox_down(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[1024];
	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	while (npaths)
		free(paths[--npaths]);
	return rmdir(dir);
}

/* The path of name in this test's directory, as a fresh string the
 * teardown frees (each test needs only a handful). */
static const char *path_of(const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(p);
	assert_true(npaths < 32);
	sprintf(p, "%s/%s", dir, name);
	return paths[npaths++] = p;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static char *read_all(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_key__create_makes_0600_file(void **state)
{
	const char *p = path_of("district.key");
	struct stat st;
	char *text;
	(void)state;
	/* a permissive umask must not widen the file */
	mode_t old = umask(0);
	assert_int_equal(fz_keys_create(p, NULL), 0);
	umask(old);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	text = read_all(p);
	assert_int_equal(strncmp(text, "fazhi-keys 1\n", 13), 0);
	assert_non_null(strstr(text, "\nmaster "));
	assert_non_null(strstr(text, "-----BEGIN PRIVATE KEY-----"));
}

static void test_key__create_never_overwrites(void **state)
{
	const char *p = path_of("district.key");
	struct fz_err err = FZ_ERR_INIT;
	char before[8192];
	(void)state;
	assert_int_equal(fz_keys_create(p, NULL), 0);
	strcpy(before, read_all(p));
	assert_int_equal(fz_keys_create(p, &err), FZ_ECONFLICT);
	assert_non_null(strstr(err.msg, p));
	assert_string_equal(read_all(p), before);
}

static void test_key__create_in_missing_dir_fails(void **state)
{
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_keys_create(path_of("no/such.key"), &err), FZ_EIO);
	assert_string_equal(err.field, "key_file");
}

static void test_key__load_roundtrip(void **state)
{
	const char *p = path_of("district.key");
	struct fz_keys *k1, *k2;
	struct fz_buf tok = FZ_BUF_INIT, out = FZ_BUF_INIT, sig = FZ_BUF_INIT;
	char i1[FZ_SM3_HEX_LEN + 1], i2[FZ_SM3_HEX_LEN + 1];
	char h1[FZ_SM2_PUB_HEX_LEN + 1], h2[FZ_SM2_PUB_HEX_LEN + 1];
	char id1[FZ_KEYS_ID_HEX_LEN + 1], id2[FZ_KEYS_ID_HEX_LEN + 1];
	(void)state;
	assert_int_equal(fz_keys_create(p, NULL), 0);
	assert_int_equal(fz_keys_load(&k1, p, NULL), 0);
	assert_int_equal(fz_keys_load(&k2, p, NULL), 0);
	/* data sealed with one load opens with the other */
	assert_int_equal(fz_sm4_seal(k1, "13800138000", 11, &tok, NULL), 0);
	assert_int_equal(fz_sm4_open(k2, tok.data, tok.len, &out, NULL), 0);
	assert_string_equal(out.data, "13800138000");
	/* derivations are deterministic */
	assert_int_equal(fz_blind_index(k1, "13800138000", i1), 0);
	assert_int_equal(fz_blind_index(k2, "13800138000", i2), 0);
	assert_string_equal(i1, i2);
	assert_int_equal(fz_keys_id(k1, id1), 0);
	assert_int_equal(fz_keys_id(k2, id2), 0);
	assert_int_equal(strlen(id1), FZ_KEYS_ID_HEX_LEN);
	assert_string_equal(id1, id2);
	/* the SM2 key survives the file */
	assert_true(fz_sm2_has_private(fz_keys_sm2(k1)));
	assert_int_equal(fz_sm2_pub_hex(fz_keys_sm2(k1), h1), 0);
	assert_int_equal(fz_sm2_pub_hex(fz_keys_sm2(k2), h2), 0);
	assert_string_equal(h1, h2);
	assert_int_equal(fz_sm2_sign(fz_keys_sm2(k1), NULL, "码", 3, &sig,
				     NULL), 0);
	assert_int_equal(fz_sm2_verify(fz_keys_sm2(k2), NULL, "码", 3,
				       sig.data, sig.len, NULL), 0);
	fz_buf_release(&tok);
	fz_buf_release(&out);
	fz_buf_release(&sig);
	fz_keys_free(k1);
	fz_keys_free(k2);
}

static void test_key__two_files_cannot_read_each_other(void **state)
{
	const char *pa = path_of("a.key"), *pb = path_of("b.key");
	struct fz_keys *a, *b;
	struct fz_buf ta = FZ_BUF_INIT, tb = FZ_BUF_INIT, out = FZ_BUF_INIT;
	struct fz_buf sig = FZ_BUF_INIT;
	char ia[FZ_SM3_HEX_LEN + 1], ib[FZ_SM3_HEX_LEN + 1];
	char ka[FZ_KEYS_ID_HEX_LEN + 1], kb[FZ_KEYS_ID_HEX_LEN + 1];
	(void)state;
	assert_int_equal(fz_keys_create(pa, NULL), 0);
	assert_int_equal(fz_keys_create(pb, NULL), 0);
	assert_int_equal(fz_keys_load(&a, pa, NULL), 0);
	assert_int_equal(fz_keys_load(&b, pb, NULL), 0);
	assert_int_equal(fz_sm4_seal(a, "330603199001011234", 18, &ta, NULL),
			 0);
	assert_int_equal(fz_sm4_seal(b, "330603199001011234", 18, &tb, NULL),
			 0);
	assert_int_equal(fz_sm4_open(b, ta.data, ta.len, &out, NULL),
			 FZ_EINVAL);
	assert_int_equal(fz_sm4_open(a, tb.data, tb.len, &out, NULL),
			 FZ_EINVAL);
	assert_int_equal(out.len, 0);
	assert_int_equal(fz_blind_index(a, "330603199001011234", ia), 0);
	assert_int_equal(fz_blind_index(b, "330603199001011234", ib), 0);
	assert_string_not_equal(ia, ib);
	assert_int_equal(fz_keys_id(a, ka), 0);
	assert_int_equal(fz_keys_id(b, kb), 0);
	assert_string_not_equal(ka, kb);
	assert_int_equal(fz_sm2_sign(fz_keys_sm2(a), NULL, "x", 1, &sig, NULL),
			 0);
	assert_int_equal(fz_sm2_verify(fz_keys_sm2(b), NULL, "x", 1, sig.data,
				       sig.len, NULL), FZ_EINVAL);
	fz_buf_release(&ta);
	fz_buf_release(&tb);
	fz_buf_release(&sig);
	fz_keys_free(a);
	fz_keys_free(b);
}

static void test_key__load_refuses_group_or_other_access(void **state)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0620, 0602, 0610 };
	const char *p = path_of("district.key");
	struct fz_keys *k = (struct fz_keys *)&k;
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_keys_create(p, NULL), 0);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		assert_int_equal(chmod(p, modes[i]), 0);
		assert_int_equal(fz_keys_load(&k, p, &err), FZ_EFORBID);
		assert_null(k);
	}
	/* the message names the file and the fix */
	assert_non_null(strstr(err.msg, p));
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_string_equal(err.field, "key_file");
	/* owner-only modes are fine */
	assert_int_equal(chmod(p, 0400), 0);
	assert_int_equal(fz_keys_load(&k, p, NULL), 0);
	fz_keys_free(k);
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(fz_keys_load(&k, p, NULL), 0);
	fz_keys_free(k);
}

static void test_key__load_missing_file(void **state)
{
	struct fz_keys *k;
	struct fz_err err = FZ_ERR_INIT;
	(void)state;
	assert_int_equal(fz_keys_load(&k, path_of("none.key"), &err),
			 FZ_ENOTFOUND);
	assert_null(k);
	assert_non_null(strstr(err.msg, "none.key"));
	assert_int_equal(fz_keys_load(&k, dir, &err), FZ_EINVAL);
}

static void expect_garbage(const char *text, const char *msg_part)
{
	const char *p = path_of("bad.key");
	struct fz_keys *k = (struct fz_keys *)&k;
	struct fz_err err = FZ_ERR_INIT;

	unlink(p);
	write_file(p, text, 0600);
	assert_int_equal(fz_keys_load(&k, p, &err), FZ_EINVAL);
	assert_null(k);
	assert_string_equal(err.field, "key_file");
	if (!strstr(err.msg, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
}

static void test_key__load_refuses_garbage(void **state)
{
	const char *good = path_of("good.key");
	char text[8192], *m, *pem;
	(void)state;
	expect_garbage("", "第一行");
	expect_garbage("hello world\n", "第一行");
	expect_garbage("fazhi-keys 2\nmaster 00\n", "版本");
	expect_garbage("fazhi-keys 1\n", "缺少");

	/* take a good file apart */
	assert_int_equal(fz_keys_create(good, NULL), 0);
	strcpy(text, read_all(good));
	m = strstr(text, "\nmaster ") + 8;
	pem = strstr(text, "-----BEGIN");
	/* master with a non-hex digit, then one digit short */
	m[5] = 'z';
	expect_garbage(text, "master");
	strcpy(text, read_all(good));
	m = strstr(text, "\nmaster ") + 8;
	memmove(m + 63, m + 64, strlen(m + 64) + 1);
	expect_garbage(text, "master");
	/* no PEM */
	strcpy(text, read_all(good));
	*strstr(text, "-----BEGIN") = '\0';
	expect_garbage(text, "缺少");
	/* corrupted PEM body */
	strcpy(text, read_all(good));
	pem = strstr(text, "-----BEGIN");
	pem[40] = pem[40] == 'A' ? 'B' : 'A';
	pem[41] = '*';
	expect_garbage(text, "私钥");
	/* an unknown line */
	strcpy(text, read_all(good));
	pem = strstr(text, "-----BEGIN");
	memmove(pem + 6, pem, strlen(pem) + 1);
	memcpy(pem, "extra\n", 6);
	expect_garbage(text, "无法识别");
	/* binary content */
	strcpy(text, read_all(good));
	{
		const char *p = path_of("bin.key");
		FILE *f = fopen(p, "w");
		struct fz_keys *k;
		assert_non_null(f);
		fwrite(text, 1, 20, f);
		fputc('\0', f);
		fputs(text + 20, f);
		fclose(f);
		chmod(p, 0600);
		assert_int_equal(fz_keys_load(&k, p, NULL), FZ_EINVAL);
	}
}

/* Comment lines and a missing final newline are accepted. */
static void test_key__load_accepts_comments(void **state)
{
	const char *good = path_of("good.key"), *p = path_of("c.key");
	char text[8192], out[8400], *pem;
	struct fz_keys *a, *b;
	char ia[FZ_SM3_HEX_LEN + 1], ib[FZ_SM3_HEX_LEN + 1];
	(void)state;
	assert_int_equal(fz_keys_create(good, NULL), 0);
	strcpy(text, read_all(good));
	pem = strstr(text, "-----BEGIN");
	pem[-1] = '\0';
	snprintf(out, sizeof(out), "%s\n# 备份于 2024-05-01\n\n%s", text,
		 pem);
	out[strlen(out) - 1] = '\0'; /* drop the final newline */
	write_file(p, out, 0600);
	assert_int_equal(fz_keys_load(&a, good, NULL), 0);
	assert_int_equal(fz_keys_load(&b, p, NULL), 0);
	assert_int_equal(fz_blind_index(a, "v", ia), 0);
	assert_int_equal(fz_blind_index(b, "v", ib), 0);
	assert_string_equal(ia, ib);
	fz_keys_free(a);
	fz_keys_free(b);
}

static void test_key__derive_labels(void **state)
{
	struct fz_keys *k, *other;
	unsigned char a1[FZ_SM3_LEN], a2[FZ_SM3_LEN], b[FZ_SM3_LEN];
	unsigned char o[FZ_SM3_LEN];
	char big[300];
	(void)state;
	assert_int_equal(fz_keys_new_ephemeral(&k, NULL), 0);
	assert_int_equal(fz_keys_new_ephemeral(&other, NULL), 0);
	assert_int_equal(fz_keys_derive(k, "audit-chain", a1), 0);
	assert_int_equal(fz_keys_derive(k, "audit-chain", a2), 0);
	assert_int_equal(fz_keys_derive(k, "session", b), 0);
	assert_int_equal(fz_keys_derive(other, "audit-chain", o), 0);
	assert_memory_equal(a1, a2, sizeof(a1));
	assert_memory_not_equal(a1, b, sizeof(a1));
	assert_memory_not_equal(a1, o, sizeof(a1));
	assert_int_equal(fz_keys_derive(k, "", a1), FZ_EINVAL);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(fz_keys_derive(k, big, a1), FZ_EINVAL);
	fz_keys_free(k);
	fz_keys_free(other);
	fz_keys_free(NULL);
}

#define SANDBOXED(t) cmocka_unit_test_setup_teardown(t, sandbox_up, sandbox_down)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SANDBOXED(test_key__create_makes_0600_file),
		SANDBOXED(test_key__create_never_overwrites),
		SANDBOXED(test_key__create_in_missing_dir_fails),
		SANDBOXED(test_key__load_roundtrip),
		SANDBOXED(test_key__two_files_cannot_read_each_other),
		SANDBOXED(test_key__load_refuses_group_or_other_access),
		SANDBOXED(test_key__load_missing_file),
		SANDBOXED(test_key__load_refuses_garbage),
		SANDBOXED(test_key__load_accepts_comments),
		cmocka_unit_test(test_key__derive_labels),
	};
	return cmocka_run_group_tests_name("key", tests, NULL, NULL);
}
