/* key.c - create, load and free the key file (format in key.h). */
#include "crypto/key.h"

#include "core/buf.h"
#include "core/mem.h"
#include "crypto/key_int.h"
#include "crypto/pw.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VERSION_LINE "fazhi-keys 1"
#define VERSION_WORD "fazhi-keys "
#define MASTER_WORD "master "

/* Labels of the derived keys, HMAC-SM3(master, label).  Changing one makes
 * every existing token unreadable: a new derivation needs a new label and
 * a new token version, never an edit. */
#define LABEL_ENC "fazhi/field-enc/sm4/v1"
#define LABEL_MAC "fazhi/field-mac/hmac-sm3/v1"
#define LABEL_IDX "fazhi/blind-index/hmac-sm3/v1"
#define LABEL_ID "fazhi/key-id/v1"
#define LABEL_APP "fazhi/app/"

static int derive(const unsigned char master[FZ_KEYS_MASTER_LEN],
		  const char *label, unsigned char out[FZ_SM3_LEN])
{
	return fz_hmac_sm3(master, FZ_KEYS_MASTER_LEN, label, strlen(label),
			   out);
}

/* A struct fz_keys owning sm2, with every field key derived from master. */
static int assemble(struct fz_keys **out,
		    const unsigned char master[FZ_KEYS_MASTER_LEN],
		    struct fz_sm2_key *sm2, struct fz_err *err)
{
	struct fz_keys *k = fz_xcalloc(1, sizeof(*k));
	unsigned char enc[FZ_SM3_LEN];

	memcpy(k->master, master, FZ_KEYS_MASTER_LEN);
	k->sm2 = sm2;
	/* SM4 takes a 128-bit key: the first half of the HMAC output. */
	if (derive(master, LABEL_ENC, enc) || derive(master, LABEL_MAC, k->mac) ||
	    derive(master, LABEL_IDX, k->idx)) {
		fz_memzero(enc, sizeof(enc));
		fz_keys_free(k);
		*out = NULL;
		return fz_err_set(err, FZ_EINTERNAL, NULL,
				  "密钥派生失败（HMAC-SM3 不可用）");
	}
	memcpy(k->enc, enc, FZ_SM4_KEY_LEN);
	fz_memzero(enc, sizeof(enc));
	*out = k;
	return 0;
}

void fz_keys_free(struct fz_keys *k)
{
	if (!k)
		return;
	fz_sm2_free(k->sm2);
	fz_memzero(k, sizeof(*k));
	free(k);
}

const struct fz_sm2_key *fz_keys_sm2(const struct fz_keys *k)
{
	return k->sm2;
}

int fz_keys_derive(const struct fz_keys *k, const char *label,
		   unsigned char out[FZ_SM3_LEN])
{
	char full[256];
	int n;

	if (!label || !*label)
		return FZ_EINVAL;
	n = snprintf(full, sizeof(full), "%s%s", LABEL_APP, label);
	if (n < 0 || (size_t)n >= sizeof(full))
		return FZ_EINVAL;
	return derive(k->master, full, out);
}

int fz_keys_id(const struct fz_keys *k, char out[FZ_KEYS_ID_HEX_LEN + 1])
{
	unsigned char d[FZ_SM3_LEN];

	out[0] = '\0';
	if (derive(k->master, LABEL_ID, d))
		return FZ_EINTERNAL;
	sodium_bin2hex(out, FZ_KEYS_ID_HEX_LEN + 1, d, FZ_KEYS_ID_HEX_LEN / 2);
	return 0;
}

int fz_keys_new_ephemeral(struct fz_keys **out, struct fz_err *err)
{
	unsigned char master[FZ_KEYS_MASTER_LEN];
	struct fz_sm2_key *sm2;
	int rc;

	*out = NULL;
	rc = fz_sm2_generate(&sm2, err);
	if (rc)
		return rc;
	fz_random_bytes(master, sizeof(master));
	rc = assemble(out, master, sm2, err);
	fz_memzero(master, sizeof(master));
	return rc;
}

/* ---- writing ------------------------------------------------------------ */

/* The whole file for master and sm2 into text[size], NUL-terminated.
 * Fixed buffers, cleared by the caller, rather than a growing fz_buf: a
 * realloc would leave copies of the secret in freed memory
 * (GB/T 22239-2019 8.1.4.10). */
static int render(char *text, size_t size,
		  const unsigned char master[FZ_KEYS_MASTER_LEN],
		  const struct fz_sm2_key *sm2)
{
	char hex[2 * FZ_KEYS_MASTER_LEN + 1];
	struct fz_buf pem = FZ_BUF_INIT;
	int rc, n = -1;

	/* One append into an empty buffer: a single allocation. */
	rc = fz_sm2_priv_pem(sm2, &pem);
	if (!rc) {
		sodium_bin2hex(hex, sizeof(hex), master, FZ_KEYS_MASTER_LEN);
		n = snprintf(text, size, "%s\n%s\n%s%s\n%s", VERSION_LINE,
			     "# fazhi 密钥文件：权限必须为 600；丢失后已加密的"
			     "数据无法恢复，请与数据库分开备份。",
			     MASTER_WORD, hex, pem.data);
		fz_memzero(hex, sizeof(hex));
	}
	fz_memzero(pem.data, pem.len);
	fz_buf_release(&pem);
	if (!rc && (n < 0 || (size_t)n >= size))
		rc = FZ_EINTERNAL;
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync the directory holding path, so the new name survives a crash.
 * Best effort: some file systems refuse fsync on a directory. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash)
		dir = fz_xstrdup(".");
	else if (slash == path)
		dir = fz_xstrdup("/");
	else
		dir = fz_xstrndup(path, (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Create path with O_EXCL, write text, fsync.  Removes the file again if
 * anything after creating it fails. */
static int write_new(const char *path, const char *text, struct fz_err *err)
{
	int fd, ok;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return fz_err_set(err, FZ_ECONFLICT, "key_file",
				  "密钥文件 %s 已存在；为免已加密的数据无法解密，不会覆盖",
				  path);
	if (fd < 0)
		return fz_err_set(err, FZ_EIO, "key_file",
				  "无法创建密钥文件 %s：%s", path,
				  strerror(errno));
	/* Exactly 0600 whatever the umask: owner read and write only. */
	ok = fchmod(fd, 0600) == 0 &&
	     write_all(fd, text, strlen(text)) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok) {
		int e = errno;
		unlink(path);
		return fz_err_set(err, FZ_EIO, "key_file",
				  "写入密钥文件 %s 失败：%s", path, strerror(e));
	}
	sync_dir(path);
	return 0;
}

int fz_keys_create(const char *path, struct fz_err *err)
{
	unsigned char master[FZ_KEYS_MASTER_LEN];
	struct fz_sm2_key *sm2;
	char text[4096];
	int rc;

	rc = fz_sm2_generate(&sm2, err);
	if (rc)
		return rc;
	fz_random_bytes(master, sizeof(master));
	rc = render(text, sizeof(text), master, sm2);
	fz_memzero(master, sizeof(master));
	fz_sm2_free(sm2);
	if (rc)
		rc = fz_err_set(err, rc, NULL, "无法生成密钥文件内容");
	else
		rc = write_new(path, text, err);
	fz_memzero(text, sizeof(text));
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

/* Read the whole file (at most FZ_KEYS_FILE_MAX bytes) from fd into a
 * NUL-terminated *out; the caller clears and frees it. */
static int read_file(int fd, const char *path, char **out, size_t *len,
		     struct fz_err *err)
{
	char *buf = fz_xmalloc(FZ_KEYS_FILE_MAX + 2);
	size_t n = 0;

	for (;;) {
		ssize_t r = read(fd, buf + n, FZ_KEYS_FILE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			fz_memzero(buf, n);
			free(buf);
			return fz_err_set(err, FZ_EIO, "key_file",
					  "读取密钥文件 %s 失败：%s", path,
					  strerror(e));
		}
		if (r == 0 || (n += (size_t)r) > FZ_KEYS_FILE_MAX)
			break;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int bad_file(struct fz_err *err, const char *path, const char *why)
{
	return fz_err_set(err, FZ_EINVAL, "key_file",
			  "密钥文件 %s 格式不正确：%s", path, why);
}

/* Parse the master line's hex digits (hl of them) into master. */
static int parse_master(unsigned char master[FZ_KEYS_MASTER_LEN],
			const char *hex, size_t hl)
{
	size_t got = 0;

	return hl == 2 * FZ_KEYS_MASTER_LEN &&
	       sodium_hex2bin(master, FZ_KEYS_MASTER_LEN, hex, hl, NULL, &got,
			      NULL) == 0 &&
	       got == FZ_KEYS_MASTER_LEN;
}

/* Parse text (len bytes, NUL-terminated) as the format of key.h. */
static int parse(struct fz_keys **out, const char *path, const char *text,
		 size_t len, struct fz_err *err)
{
	unsigned char master[FZ_KEYS_MASTER_LEN];
	struct fz_sm2_key *sm2;
	const char *line, *pem = NULL;
	size_t vl = strlen(VERSION_LINE), mw = strlen(MASTER_WORD);
	int have_master = 0, rc;

	if (strlen(text) != len)
		return bad_file(err, path, "含有二进制内容");
	if (len > FZ_KEYS_FILE_MAX)
		return bad_file(err, path, "文件过大");
	if (strncmp(text, VERSION_WORD, strlen(VERSION_WORD)) != 0)
		return bad_file(err, path, "第一行应为 \"" VERSION_LINE "\"");
	if (strncmp(text, VERSION_LINE, vl) != 0 || text[vl] != '\n')
		return fz_err_set(err, FZ_EINVAL, "key_file",
				  "密钥文件 %s 的版本不受本程序支持（本程序读取 \""
				  VERSION_LINE "\"）", path);
	for (line = text + vl + 1; *line && !pem;) {
		const char *end = strchr(line, '\n');
		size_t ll = end ? (size_t)(end - line) : strlen(line);

		if (strncmp(line, "-----BEGIN ", 11) == 0) {
			pem = line;
		} else if (ll >= mw && strncmp(line, MASTER_WORD, mw) == 0) {
			if (have_master ||
			    !parse_master(master, line + mw, ll - mw)) {
				rc = bad_file(err, path,
					      "master 行应为 64 位十六进制数");
				goto out;
			}
			have_master = 1;
		} else if (ll && line[0] != '#') {
			rc = bad_file(err, path, "有无法识别的行");
			goto out;
		}
		line += ll + (end != NULL);
	}
	if (!have_master || !pem) {
		rc = bad_file(err, path, "缺少 master 行或 SM2 私钥");
		goto out;
	}
	rc = fz_sm2_priv_from_pem(&sm2, pem, len - (size_t)(pem - text), err);
	if (rc)
		rc = bad_file(err, path, "SM2 私钥无效");
	else
		rc = assemble(out, master, sm2, err);
out:
	fz_memzero(master, sizeof(master));
	return rc;
}

int fz_keys_load(struct fz_keys **out, const char *path, struct fz_err *err)
{
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return fz_err_set(err, FZ_ENOTFOUND, "key_file",
				  "找不到密钥文件 %s", path);
	if (fd < 0)
		return fz_err_set(err, FZ_EIO, "key_file",
				  "无法打开密钥文件 %s：%s", path,
				  strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return bad_file(err, path, "不是普通文件");
	}
	/* GB/T 22239-2019 8.1.4.8: key material readable by other accounts
	 * is no longer confidential, so refuse to use it at all. */
	if (st.st_mode & 077) {
		close(fd);
		return fz_err_set(err, FZ_EFORBID, "key_file",
				  "密钥文件 %s 的权限为 %03o，同组或其他用户也能访问；请执行 chmod 600 %s 后重试",
				  path, (unsigned)(st.st_mode & 0777), path);
	}
	rc = read_file(fd, path, &text, &len, err);
	close(fd);
	if (rc)
		return rc;
	rc = parse(out, path, text, len, err);
	fz_memzero(text, len);
	free(text);
	return rc;
}
