/* thesaurus.c - load the search thesaurus (thesaurus.h has the format). */
#include "engine/search/thesaurus.h"

#include "core/mem.h"
#include "engine/search/tok.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = { NULL, "俗称", "简称", "条文" };

const char *fz_thesaurus_kind_name(int kind)
{
	return kind >= FZ_THES_COLLOQ && kind <= FZ_THES_ARTICLE
		? kind_names[kind] : NULL;
}

int fz_thesaurus_kind_of(const char *name)
{
	for (int k = FZ_THES_COLLOQ; k <= FZ_THES_ARTICLE; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return 0;
}

void fz_thesaurus_each_target(const char *target,
			      void (*fn)(void *ctx, const char *s, size_t n),
			      void *ctx)
{
	const char *p = target;

	while (*p) {
		size_t n = strcspn(p, "|");
		if (n)
			fn(ctx, p, n);
		p += n;
		if (*p == '|')
			p++;
	}
}

void fz_thesaurus_release(struct fz_thesaurus *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].term);
		free(t->v[i].target);
		free(t->v[i].source);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* Spaces around a cell are a typing slip, not meaning: trim them. */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\r'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int valid_utf8(const char *s, size_t n)
{
	unsigned cp;

	for (int i = 0; i < (int)n;) {
		i += fz_search_utf8_next(s, (int)n, i, &cp);
		if (cp == 0xFFFFFFFF || cp == 0)
			return 0;
	}
	return 1;
}

/* law_id#n or law_id#n-sub. */
static int parse_article(const char *s, struct fz_thesaurus_entry *e)
{
	char *end;

	if (strlen(s) < 18 || s[16] != '#')
		return -1;
	for (int i = 0; i < 16; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	if (s[17] < '0' || s[17] > '9')
		return -1;
	e->n = strtol(s + 17, &end, 10);
	e->sub = 0;
	if (*end == '-') {
		if (end[1] < '0' || end[1] > '9')
			return -1;
		e->sub = strtol(end + 1, &end, 10);
		if (e->sub < 1 || e->sub > 999)
			return -1;
	}
	if (*end || e->n < 1 || e->n > 99999)
		return -1;
	memcpy(e->law_id, s, 16);
	e->law_id[16] = '\0';
	return 0;
}

struct count_parts {
	int n;
	size_t longest;
};

static void count_part(void *ctx, const char *s, size_t n)
{
	struct count_parts *c = ctx;

	c->n++;
	if (n > c->longest)
		c->longest = n;
	(void)s;
}

/* Check one line's cells and fill *e; NULL when good, else the reason. */
static const char *check_line(const char *cell[4], size_t len[4],
			      struct fz_thesaurus_entry *e)
{
	char kind[32];

	if (!len[0])
		return "词条为空";
	if (len[0] > FZ_THESAURUS_TERM_MAX)
		return "词条过长";
	if (!len[1] || len[1] >= sizeof(kind))
		return "类别为空或不是 俗称/简称/条文";
	memcpy(kind, cell[1], len[1]);
	kind[len[1]] = '\0';
	if (!(e->kind = fz_thesaurus_kind_of(kind)))
		return "类别不是 俗称/简称/条文";
	if (!len[2])
		return "目标为空";
	if (len[2] > 4 * FZ_THESAURUS_TERM_MAX)
		return "目标过长";
	for (int i = 0; i < 4; i++)
		if (!valid_utf8(cell[i], len[i]))
			return "含有无效的 UTF-8 字符";
	e->term = fz_xstrndup(cell[0], len[0]);
	e->target = fz_xstrndup(cell[2], len[2]);
	e->source = fz_xstrndup(cell[3], len[3]);
	if (e->kind == FZ_THES_COLLOQ) {
		struct count_parts c = { 0, 0 };
		/* a|b|c with no empty part: count the separators too */
		size_t bars = 0;
		for (size_t i = 0; i < len[2]; i++)
			bars += cell[2][i] == '|';
		fz_thesaurus_each_target(e->target, count_part, &c);
		if ((size_t)c.n != bars + 1)
			return "目标中有空词（俗称的目标写作 词一|词二）";
		if (c.n > FZ_THESAURUS_TARGETS_MAX)
			return "目标词过多";
		if (c.longest > FZ_THESAURUS_TERM_MAX)
			return "目标词过长";
	} else if (e->kind == FZ_THES_ARTICLE &&
		   parse_article(e->target, e)) {
		return "条文的目标应写作 法规编号#条号 或 法规编号#条号-之几"
		       "（法规编号为 16 位十六进制数）";
	}
	return NULL;
}

static void entry_free(struct fz_thesaurus_entry *e)
{
	free(e->term);
	free(e->target);
	free(e->source);
	memset(e, 0, sizeof(*e));
}

int fz_thesaurus_parse(struct fz_thesaurus *t, const char *name,
		       const char *text, size_t len, FILE *report,
		       struct fz_err *err)
{
	size_t pos = 0;
	long line = 0, nbad = 0;

	/* a UTF-8 byte-order mark is what some editors write first */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		pos = 3;
	while (pos < len) {
		const char *s = text + pos, *cell[4];
		size_t n = 0, clen[4];
		const char *why = NULL;
		int ncell = 0;
		struct fz_thesaurus_entry e;

		while (pos + n < len && text[pos + n] != '\n')
			n++;
		pos += n + (pos + n < len);
		line++;
		{
			const char *ls = s;
			size_t ln = n;
			trim(&ls, &ln);
			if (!ln || ls[0] == '#')
				continue;
		}
		memset(&e, 0, sizeof(e));
		/* cells: up to four; extra tabs belong to the source note */
		for (size_t i = 0, start = 0; ncell < 4 && i <= n; i++) {
			if (i == n || (s[i] == '\t' && ncell < 3)) {
				cell[ncell] = s + start;
				clen[ncell] = i - start;
				trim(&cell[ncell], &clen[ncell]);
				ncell++;
				start = i + 1;
			}
		}
		if (memchr(s, '\0', n))
			why = "含有 NUL 字符";
		else if (ncell < 4)
			why = "列数不足：应为 词条、类别、目标、出处 四列，以制表符分隔";
		else
			why = check_line(cell, clen, &e);
		if (why) {
			entry_free(&e);
			if (report)
				fprintf(report, "%s:%ld: %s\n", name, line, why);
			if (!nbad++)
				fz_err_set(err, FZ_EINVAL, "thesaurus",
					   "%s:%ld: %s", name, line, why);
			continue;
		}
		e.line = line;
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->v = fz_xrealloc(t->v, t->cap * sizeof(*t->v));
		}
		t->v[t->n++] = e;
	}
	return nbad ? FZ_EINVAL : 0;
}

/* The file is small (a few thousand lines); a ceiling keeps a wrong path
 * (a corpus, a device) from being read whole. */
#define FILE_MAX_BYTES (16 << 20)

int fz_thesaurus_load(struct fz_thesaurus *t, const char *path, FILE *report,
		      struct fz_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n = 0, cap = 1 << 16;
	int rc;

	if (!f)
		return fz_err_set(err, FZ_EIO, "thesaurus", "无法打开 %s：%s",
				  path, strerror(errno));
	buf = fz_xmalloc(cap);
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		if (cap >= FILE_MAX_BYTES) {
			fclose(f);
			free(buf);
			return fz_err_set(err, FZ_EIO, "thesaurus",
					  "%s 过大（超过 16 MB）", path);
		}
		cap *= 2;
		buf = fz_xrealloc(buf, cap);
	}
	rc = ferror(f);
	fclose(f);
	if (rc) {
		free(buf);
		return fz_err_set(err, FZ_EIO, "thesaurus", "读取 %s 失败", path);
	}
	rc = fz_thesaurus_parse(t, path, buf, n, report, err);
	free(buf);
	return rc;
}
