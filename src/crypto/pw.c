/* pw.c - argon2id password hashes, the password policy, random tokens. */
#include "crypto/pw.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/utf8.h"

/* data/passwords/common.txt, compiled in (Makefile, scripts/embed.sh). */
extern const struct fz_embedded fz_pwlist_files[];

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

/* ---- weak passwords ------------------------------------------------------
 *
 * Length and classes let Password1 and Aaaaaaa1 through; these rules catch
 * what guessers try first (8.1.4.1 a): common passwords, pinyin phrases and
 * names, repeats, sequences and keyboard walks.  Each refusal names its
 * rule.  The list is data (data/passwords/README.md); the rules are here. */

static char **common;   /* sorted base words of data/passwords/common.txt */
static size_t ncommon;
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Split the embedded list into lines once; it lives as long as the
 * process, like the binary it came from. */
static void load_common(void)
{
	const char *data = NULL;
	char *copy, *line, *save = NULL;
	size_t n = 1;

	for (const struct fz_embedded *f = fz_pwlist_files; f->name; f++)
		if (!strcmp(f->name, "common.txt"))
			data = f->data;
	if (!data || !(copy = strdup(data)))
		return;
	for (const char *p = copy; *p; p++)
		n += *p == '\n';
	if (!(common = calloc(n, sizeof(*common)))) {
		free(copy);
		return;
	}
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		common[ncommon++] = line;
	qsort(common, ncommon, sizeof(*common), cmp_str);
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The letters of pw, lower-cased, reading @, $ and 0 inside a word as
 * a, s and o (P@ssw0rd is password): the base word. */
static void base_word(const char *pw, char *out, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; pw[i] && o + 1 < n; i++) {
		char c = pw[i];
		/* only inside a word: in "Zhangwei@1987" the @ is a separator */
		int inside = is_letter(pw[i + 1]) && (i == 0 || is_letter(pw[i - 1]));
		if (c == '@' && inside)
			c = 'a';
		else if (c == '$' && inside)
			c = 's';
		else if (c == '0' && inside && i > 0)
			c = 'o';
		if (is_letter(c))
			out[o++] = fold(c);
	}
	out[o] = '\0';
}

static int is_common(const char *word)
{
	pthread_once(&common_once, load_common);
	return *word && common &&
	       bsearch(&word, common, ncommon, sizeof(*common), cmp_str);
}

/* Pinyin and number phrases for "I love you" and the like, refused
 * anywhere in a password. */
static int has_phrase(const char *pw)
{
	static const char *const phrases[] = {
		"woaini", "iloveyou", "5201314", "1314520", "7758521",
		"woaiwojia", "wodemima", NULL
	};
	for (int i = 0; phrases[i]; i++)
		if (contains_nocase(pw, phrases[i]))
			return 1;
	return 0;
}

static const char *const pinyin[] = {
	"a", "ai", "an", "ang", "ao", "ba", "bai", "ban", "bang", "bao", "bei",
	"ben", "beng", "bi", "bian", "biao", "bie", "bin", "bing", "bo", "bu",
	"ca", "cai", "can", "cang", "cao", "ce", "cen", "ceng", "cha", "chai",
	"chan", "chang", "chao", "che", "chen", "cheng", "chi", "chong", "chou",
	"chu", "chua", "chuai", "chuan", "chuang", "chui", "chun", "chuo", "ci",
	"cong", "cou", "cu", "cuan", "cui", "cun", "cuo", "da", "dai", "dan",
	"dang", "dao", "de", "dei", "den", "deng", "di", "dia", "dian", "diao",
	"die", "ding", "diu", "dong", "dou", "du", "duan", "dui", "dun", "duo",
	"e", "ei", "en", "eng", "er", "fa", "fan", "fang", "fei", "fen", "feng",
	"fo", "fou", "fu", "ga", "gai", "gan", "gang", "gao", "ge", "gei", "gen",
	"geng", "gong", "gou", "gu", "gua", "guai", "guan", "guang", "gui",
	"gun", "guo", "ha", "hai", "han", "hang", "hao", "he", "hei", "hen",
	"heng", "hong", "hou", "hu", "hua", "huai", "huan", "huang", "hui",
	"hun", "huo", "ji", "jia", "jian", "jiang", "jiao", "jie", "jin", "jing",
	"jiong", "jiu", "ju", "juan", "jue", "jun", "ka", "kai", "kan", "kang",
	"kao", "ke", "kei", "ken", "keng", "kong", "kou", "ku", "kua", "kuai",
	"kuan", "kuang", "kui", "kun", "kuo", "la", "lai", "lan", "lang", "lao",
	"le", "lei", "leng", "li", "lia", "lian", "liang", "liao", "lie", "lin",
	"ling", "liu", "long", "lou", "lu", "lv", "luan", "lue", "lve", "lun",
	"luo", "ma", "mai", "man", "mang", "mao", "me", "mei", "men", "meng",
	"mi", "mian", "miao", "mie", "min", "ming", "miu", "mo", "mou", "mu",
	"na", "nai", "nan", "nang", "nao", "ne", "nei", "nen", "neng", "ni",
	"nian", "niang", "niao", "nie", "nin", "ning", "niu", "nong", "nou",
	"nu", "nv", "nuan", "nue", "nve", "nuo", "o", "ou", "pa", "pai", "pan",
	"pang", "pao", "pei", "pen", "peng", "pi", "pian", "piao", "pie", "pin",
	"ping", "po", "pou", "pu", "qi", "qia", "qian", "qiang", "qiao", "qie",
	"qin", "qing", "qiong", "qiu", "qu", "quan", "que", "qun", "ran",
	"rang", "rao", "re", "ren", "reng", "ri", "rong", "rou", "ru", "ruan",
	"rui", "run", "ruo", "sa", "sai", "san", "sang", "sao", "se", "sen",
	"seng", "sha", "shai", "shan", "shang", "shao", "she", "shei", "shen",
	"sheng", "shi", "shou", "shu", "shua", "shuai", "shuan", "shuang",
	"shui", "shun", "shuo", "si", "song", "sou", "su", "suan", "sui", "sun",
	"suo", "ta", "tai", "tan", "tang", "tao", "te", "teng", "ti", "tian",
	"tiao", "tie", "ting", "tong", "tou", "tu", "tuan", "tui", "tun", "tuo",
	"wa", "wai", "wan", "wang", "wei", "wen", "weng", "wo", "wu", "xi",
	"xia", "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xiu",
	"xu", "xuan", "xue", "xun", "ya", "yan", "yang", "yao", "ye", "yi",
	"yin", "ying", "yo", "yong", "you", "yu", "yuan", "yue", "yun", "za",
	"zai", "zan", "zang", "zao", "ze", "zei", "zen", "zeng", "zha", "zhai",
	"zhan", "zhang", "zhao", "zhe", "zhei", "zhen", "zheng", "zhi", "zhong",
	"zhou", "zhu", "zhua", "zhuai", "zhuan", "zhuang", "zhui", "zhun",
	"zhuo", "zi", "zong", "zou", "zu", "zuan", "zui", "zun", "zuo", NULL
};

/* The most common surnames (百家姓 by frequency), in pinyin. */
static const char *const surnames[] = {
	"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu",
	"zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin",
	"luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng",
	"cao", "peng", "zeng", "xiao", "tian", "dong", "yuan", "pan", "cai",
	"jiang", "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren",
	"shen", "yao", "jin", "fan", "fang", "shi", "tan", "jia", "xia", "fu",
	"zou", "xiong", "qian", "qin", "hou", "meng", "bai", "cui", "kang",
	"mao", "qiu", NULL
};

static int is_syllable(const char *s, size_t n)
{
	for (int i = 0; pinyin[i]; i++)
		if (strlen(pinyin[i]) == n && !strncmp(pinyin[i], s, n))
			return 1;
	return 0;
}

/* 1 when s is exactly one or two pinyin syllables. */
static int one_or_two_syllables(const char *s)
{
	size_t n = strlen(s);

	if (is_syllable(s, n))
		return 1;
	for (size_t k = 1; k < n; k++)
		if (is_syllable(s, k) && is_syllable(s + k, n - k))
			return 1;
	return 0;
}

/* A surname and a given name of one or two syllables (zhangsan,
 * wangxiaoming): the base word of a name plus digits. */
static int is_pinyin_name(const char *word)
{
	for (int i = 0; surnames[i]; i++) {
		size_t k = strlen(surnames[i]);
		if (!strncmp(word, surnames[i], k) && word[k] &&
		    one_or_two_syllables(word + k))
			return 1;
	}
	return 0;
}

/* Rows and columns of the keyboard, the alphabet and the digits. */
static const char *const walks[] = {
	"abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop",
	"asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	"qazwsxedcrfvtgbyhnujmikolp", "!qaz@wsx#edc$rfv%tgb^yhn&ujm*ik(ol)p",
	"!@#$%^&*()", NULL
};

/* 1 when the n bytes at s, lower-cased, run along a walk either way. */
static int on_walk(const char *s, size_t n)
{
	for (int w = 0; walks[w]; w++) {
		size_t wl = strlen(walks[w]);
		for (size_t i = 0; i + n <= wl; i++) {
			size_t j = 0, r = 0;
			while (j < n && fold(s[j]) == walks[w][i + j])
				j++;
			while (r < n && fold(s[r]) == walks[w][i + n - 1 - r])
				r++;
			if (j == n || r == n)
				return 1;
		}
	}
	return 0;
}

/* How many characters of pw are left once runs of three or more equal
 * characters and sequences of four or more along a walk are taken out. */
static size_t pattern_rest(const char *pw)
{
	size_t n = strlen(pw), left = 0;
	unsigned char gone[FZ_PW_MAX_BYTES + 1] = { 0 };

	for (size_t i = 0; i < n; i++) {
		size_t k = 1, best = 0;
		while (i + k < n && fold(pw[i + k]) == fold(pw[i]))
			k++;
		if (k >= 3)
			best = k;
		/* a longer run along a walk holds every shorter one */
		for (k = 4; i + k <= n && on_walk(pw + i, k); k++)
			if (k > best)
				best = k;
		for (k = 0; k < best; k++)
			gone[i + k] = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (!gone[i] && ((unsigned char)pw[i] & 0xc0) != 0x80)
			left++;
	return left;
}

/* Distinct characters, letters folded: Aa1!Aa1! has three. */
static int distinct(const char *pw)
{
	unsigned char seen[256] = { 0 };
	int n = 0;

	for (const char *p = pw; *p; p++) {
		unsigned char c = (unsigned char)fold(*p);
		n += !seen[c];
		seen[c] = 1;
	}
	return n;
}

static int weak_password(const char *pw, struct fz_err *err)
{
	char word[FZ_PW_MAX_BYTES + 1];

	base_word(pw, word, sizeof(word));
	if (is_common(word))
		return fz_err_set(err, FZ_EINVAL, "password",
			"密码过于常见（属于常见弱密码，如 Password1、woaini1314），请换一个");
	if (has_phrase(pw))
		return fz_err_set(err, FZ_EINVAL, "password",
			"密码不能包含常见拼音短语或数字谐音（如 woaini、5201314）");
	if (is_pinyin_name(word))
		return fz_err_set(err, FZ_EINVAL, "password",
			"密码不能是姓名拼音加数字或符号（如 Zhangsan2024!）");
	if (pattern_rest(pw) < 4)
		return fz_err_set(err, FZ_EINVAL, "password",
			"密码不能主要由重复字符、连续字母数字或键盘序列组成"
			"（如 aaaa、1234、abcd、qwer、1qaz）");
	if (distinct(pw) < 5)
		return fz_err_set(err, FZ_EINVAL, "password",
			"密码中不同的字符太少，至少需要 5 种");
	return 0;
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
	return weak_password(password, err);
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
