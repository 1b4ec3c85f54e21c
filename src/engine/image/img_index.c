/* img_index.c - append-only, memory-mapped descriptor index (see
 * img_index.h). */
#include "engine/image/img_index.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "FZIMGIX1"
#define HEADER 64
#define BOM 0x01020304u

struct record {
	int64_t id;
	struct fz_img_desc d;
};

struct header {
	char magic[8];
	uint32_t bom, recsize, tile, gdim;
};

struct fz_img_index {
	int fd, writable;
	char path[PATH_MAX];
	const uint8_t *map;
	size_t maplen, count;
};

static int remap(struct fz_img_index *ix, struct fz_err *err)
{
	struct stat st;
	if (ix->map)
		munmap((void *)ix->map, ix->maplen);
	ix->map = NULL;
	ix->maplen = 0;
	ix->count = 0;
	if (fstat(ix->fd, &st))
		return fz_err_set(err, FZ_EIO, "index", "无法读取图样索引 %s", ix->path);
	if ((size_t)st.st_size < HEADER)
		return fz_err_set(err, FZ_EINVAL, "index", "图样索引文件不完整 %s", ix->path);
	ix->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, ix->fd, 0);
	if (ix->map == MAP_FAILED) {
		ix->map = NULL;
		return fz_err_set(err, FZ_EIO, "index", "无法映射图样索引 %s", ix->path);
	}
	ix->maplen = (size_t)st.st_size;
	ix->count = (ix->maplen - HEADER) / sizeof(struct record);
	return 0;
}

static int check_header(const uint8_t *p)
{
	struct header h;
	memcpy(&h, p, sizeof(h));
	return !memcmp(h.magic, MAGIC, 8) && h.bom == BOM &&
	       h.recsize == sizeof(struct record) && h.tile == FZ_IMG_TILE &&
	       h.gdim == FZ_IMG_GDIM;
}

int fz_img_index_open(const char *dir, int writable, struct fz_img_index **out,
		      struct fz_err *err)
{
	struct fz_img_index *ix;
	struct stat st;
	int rc;
	*out = NULL;
	ix = calloc(1, sizeof(*ix));
	if (!ix)
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	ix->fd = -1;
	ix->writable = writable;
	if (snprintf(ix->path, sizeof(ix->path), "%s/%s", dir, FZ_IMG_INDEX_FILE) >=
	    (int)sizeof(ix->path)) {
		free(ix);
		return fz_err_set(err, FZ_EINVAL, "index", "索引路径过长");
	}
	if (writable && mkdir(dir, 0755) && errno != EEXIST) {
		rc = fz_err_set(err, FZ_EIO, "index", "无法创建索引目录 %s", dir);
		goto fail;
	}
	ix->fd = open(ix->path, writable ? O_RDWR | O_CREAT : O_RDONLY, 0644);
	if (ix->fd < 0) {
		rc = fz_err_set(err, writable ? FZ_EIO : FZ_ENOTFOUND, "index",
				"无法打开图样索引 %s", ix->path);
		goto fail;
	}
	if (writable && flock(ix->fd, LOCK_EX | LOCK_NB)) {
		rc = fz_err_set(err, FZ_ECONFLICT, "index", "图样索引正被另一进程写入");
		goto fail;
	}
	if (fstat(ix->fd, &st)) {
		rc = fz_err_set(err, FZ_EIO, "index", "无法读取图样索引 %s", ix->path);
		goto fail;
	}
	if (st.st_size == 0 && writable) {
		uint8_t hb[HEADER];
		struct header h = { MAGIC, BOM, sizeof(struct record), FZ_IMG_TILE,
				    FZ_IMG_GDIM };
		memset(hb, 0, sizeof(hb));
		memcpy(hb, &h, sizeof(h));
		if (pwrite(ix->fd, hb, HEADER, 0) != HEADER || fsync(ix->fd)) {
			rc = fz_err_set(err, FZ_EIO, "index", "无法写入图样索引 %s", ix->path);
			goto fail;
		}
	}
	if ((rc = remap(ix, err)))
		goto fail;
	if (!check_header(ix->map)) {
		rc = fz_err_set(err, FZ_EINVAL, "index",
				"%s 不是本版本的图样索引", ix->path);
		goto fail;
	}
	/* cut a torn tail left by a crash in the middle of an append */
	if (writable && ix->maplen != HEADER + ix->count * sizeof(struct record)) {
		if (ftruncate(ix->fd, (off_t)(HEADER + ix->count * sizeof(struct record))) ||
		    (rc = remap(ix, err))) {
			rc = fz_err_set(err, FZ_EIO, "index", "无法修复图样索引 %s", ix->path);
			goto fail;
		}
	}
	*out = ix;
	return 0;
fail:
	fz_img_index_close(ix);
	return rc;
}

void fz_img_index_close(struct fz_img_index *ix)
{
	if (!ix)
		return;
	if (ix->map)
		munmap((void *)ix->map, ix->maplen);
	if (ix->fd >= 0)
		close(ix->fd);
	free(ix);
}

int fz_img_index_add(struct fz_img_index *ix, int64_t id,
		     const struct fz_img_desc *d, struct fz_err *err)
{
	struct record r;
	off_t at;
	if (!ix->writable)
		return fz_err_set(err, FZ_ESTATE, "index", "图样索引以只读方式打开");
	memset(&r, 0, sizeof(r));
	r.id = id;
	r.d = *d;
	at = (off_t)(HEADER + ix->count * sizeof(r));
	if (pwrite(ix->fd, &r, sizeof(r), at) != (ssize_t)sizeof(r) || fsync(ix->fd)) {
		if (ftruncate(ix->fd, at)) {
			/* the torn tail is ignored on the next open */
		}
		return fz_err_set(err, FZ_EIO, "index", "写入图样索引失败");
	}
	return remap(ix, err);
}

size_t fz_img_index_count(const struct fz_img_index *ix)
{
	return ix ? ix->count : 0;
}

static const struct record *rec(const struct fz_img_index *ix, size_t i)
{
	return (const struct record *)(ix->map + HEADER + i * sizeof(struct record));
}

const struct fz_img_desc *fz_img_index_get(const struct fz_img_index *ix,
					   size_t slot, int64_t *id)
{
	const struct record *r;
	if (!ix || slot >= ix->count)
		return NULL;
	r = rec(ix, slot);
	if (id)
		*id = r->id;
	return &r->d;
}

struct cand {
	float g;
	size_t slot;
};

/* min-heap on g of the best first-stage candidates */
static void heap_push(struct cand *h, int *n, int cap, struct cand c)
{
	int i;
	if (*n == cap) {
		if (c.g <= h[0].g)
			return;
		i = 0;
		for (;;) { /* sift c down from the root */
			int l = 2 * i + 1, r = l + 1, m = i;
			float mg = c.g;
			if (l < cap && h[l].g < mg) { m = l; mg = h[l].g; }
			if (r < cap && h[r].g < mg) m = r;
			if (m == i)
				break;
			h[i] = h[m];
			i = m;
		}
		h[i] = c;
		return;
	}
	i = (*n)++;
	while (i > 0 && h[(i - 1) / 2].g > c.g) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = c;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct fz_img_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->slot > y->slot) - (x->slot < y->slot);
}

int fz_img_index_search(const struct fz_img_index *ix, const struct fz_img_desc *q,
			int k, int cand, struct fz_img_hit *hits, int *n,
			struct fz_err *err)
{
	struct cand *h;
	struct fz_img_hit *all;
	struct fz_img_prep *prep;
	int nh = 0;
	*n = 0;
	if (k < 1 || k > FZ_IMG_INDEX_MAX_K)
		return fz_err_set(err, FZ_EINVAL, "top", "返回条数须在 1 到 %d 之间",
				  FZ_IMG_INDEX_MAX_K);
	if (cand <= 0)
		cand = k * 4 > 64 ? k * 4 : 64;
	if (cand < k)
		cand = k;
	h = malloc(sizeof(*h) * (size_t)cand);
	all = malloc(sizeof(*all) * (size_t)cand);
	prep = malloc(sizeof(*prep));
	if (!h || !all || !prep) {
		free(h); free(all); free(prep);
		return fz_err_set(err, FZ_ENOMEM, "index", "内存不足");
	}
	for (size_t i = 0; i < ix->count; i++) {
		struct cand c = { fz_img_glob_sim(q, &rec(ix, i)->d), i };
		heap_push(h, &nh, cand, c);
	}
	fz_img_prepare(q, prep);
	for (int i = 0; i < nh; i++) {
		const struct record *r = rec(ix, h[i].slot);
		all[i].id = r->id;
		all[i].slot = h[i].slot;
		all[i].score = fz_img_score_prep(prep, &r->d, &all[i].align);
		all[i].decision = fz_img_decide(all[i].score);
	}
	qsort(all, (size_t)nh, sizeof(*all), cmp_hit);
	*n = nh < k ? nh : k;
	memcpy(hits, all, sizeof(*all) * (size_t)*n);
	free(h); free(all); free(prep);
	return 0;
}
