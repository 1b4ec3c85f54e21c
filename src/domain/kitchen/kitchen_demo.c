/* kitchen_demo.c - the demo district's 阳光厨房: 190 school canteens and
 * 11 elderly homes (the figures of the district's 2025 report), each with
 * its camera system, and a year of alerts, most handled in time, some
 * late, the last hours' still open. */
#include "domain/kitchen/kitchen.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "domain/org/org.h"

#define SCHOOLS 190
#define HOMES 11

/* A small PNG standing for the photo of a corrected kitchen. */
static const unsigned char photo[] =
	"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x10"
	"\x00\x00\x00\x0c\x08\x02\x00\x00\x00\xe4\x85\xaa\xd6\x00\x00\x00\x1d\x49\x44\x41"
	"\x54\x78\xda\x63\xb0\xe9\x89\x22\x09\x31\xd0\x5e\xc3\xb3\x67\x77\x48\x42\x74\xd0"
	"\x30\x1a\x4a\x44\x20\x00\xd1\xe5\x6b\xd0\x45\x06\x46\xa6\x00\x00\x00\x00\x49\x45"
	"\x4e\x44\xae\x42\x60\x82";

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int64_t below(uint64_t *s, int64_t n)
{
	return (int64_t)(next(s) % (uint64_t)n);
}

/* how often each type is raised, in the order of fz_kitchen_types */
static const int weight[] = { 30, 25, 12, 6, 10, 8, 5, 2, 2 };

static const struct fz_kitchen_type *pick_type(uint64_t *s)
{
	int total = 0, r, i = 0;
	for (int k = 0; fz_kitchen_types[k].key; k++)
		total += weight[k];
	r = (int)below(s, total);
	while (r >= weight[i])
		r -= weight[i++];
	return &fz_kitchen_types[i];
}

static const char *const schools[] = {
	"中心小学", "实验小学", "第二小学", "中学", "初级中学", "中心幼儿园",
	"实验幼儿园", "第三小学", "职业技术学校", "双语学校", "育才小学", "明德学校",
	"新城小学", "东方幼儿园", "启明学校", "阳光小学",
};

struct demo {
	struct fz_store *db;
	const struct fz_keys *keys;
	uint64_t s;
	int64_t now;
	struct fz_unit_info town[32];
	size_t ntowns;
	long alerts, open, late;
};

/* "柯桥街道" -> "柯桥", "钱清镇" -> "钱清": the place in a school's name */
static void place(const char *town, char *out, size_t n)
{
	size_t len = strnlen(town, n - 1);
	static const char *const tails[] = { "街道", "镇", "乡" };
	memcpy(out, town, len);
	out[len] = '\0';
	for (size_t i = 0; i < 3; i++) {
		size_t t = strlen(tails[i]);
		if (len > t && !strcmp(out + len - t, tails[i])) {
			out[len - t] = '\0';
			break;
		}
	}
}

static int add_site(struct demo *d, int i, int64_t *site, int64_t *source,
		    struct fz_err *err)
{
	const struct fz_unit_info *t = &d->town[i % d->ntowns];
	int home = i >= SCHOOLS, k = i / (int)d->ntowns;
	int nsch = (int)(sizeof(schools) / sizeof(schools[0]));
	char name[160], where[128], addr[200], hash[FZ_SM3_HEX_LEN + 1], now[FZ_ISO_LEN];
	unsigned char raw[32];
	int rc;

	place(t->name, where, sizeof(where));
	if (home)
		snprintf(name, sizeof(name), "%s%s颐养院食堂", where,
			 i - SCHOOLS >= (int)d->ntowns ? "第二" : "");
	else if (k < nsch)
		snprintf(name, sizeof(name), "柯桥区%s%s食堂", where, schools[k]);
	else
		snprintf(name, sizeof(name), "柯桥区%s第%d小学食堂", where, k - nsch + 4);
	snprintf(addr, sizeof(addr), "%s%s路%d号", t->name, where, (int)below(&d->s, 300) + 1);
	fz_now_iso(now);
	rc = fz_store_run(d->db, err, "INSERT INTO kitchen_sites (name, kind, unit_id, unit_path,"
			  " address, diners, cameras, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			  "ttIttIIt", name, home ? "elderly" : k % 7 == 5 ? "nursery" : "school",
			  t->id, t->path, addr, home ? 60 + below(&d->s, 200) : 300 + below(&d->s, 2200),
			  2 + below(&d->s, 6), now);
	if (rc)
		return rc;
	*site = fz_store_last_id(d->db);
	/* a token nobody knows: the demo's cameras post nothing */
	fz_random_bytes(raw, sizeof(raw));
	fz_sm3_hex(raw, sizeof(raw), hash);
	rc = fz_store_run(d->db, err, "INSERT INTO kitchen_sources (site_id, name, token_hash,"
			  " created_at) VALUES (?, ?, ?, ?)", "Ittt", *site, "后厨智能摄像系统",
			  hash, now);
	*source = fz_store_last_id(d->db);
	return rc;
}

static int add_alert(struct demo *d, int64_t site, int64_t source, const char *path,
		     int n, struct fz_err *err)
{
	const struct fz_kitchen_type *t = pick_type(&d->s);
	/* over the last year, kitchen hours 06:00-19:00 Beijing time */
	int64_t day = d->now / 86400 - below(&d->s, 365);
	int64_t at = day * 86400 - 8 * 3600 + 6 * 3600 + below(&d->s, 13 * 3600);
	int64_t period = (int64_t)t->hours * 3600, done = 0;
	char event[64], occurred[FZ_ISO_LEN], due[FZ_ISO_LEN], handled[FZ_ISO_LEN],
		received[FZ_ISO_LEN], digest[FZ_SM3_HEX_LEN + 1];
	const char *state = "open";
	struct fz_kitchen_event e = { event, t->key, NULL, "后厨1号摄像头" };
	int r = (int)below(&d->s, 100), rc;

	/* one site in six has an alert of the last day and a half */
	if (n == 0 && below(&d->s, 6) == 0)
		at = d->now - 120 - below(&d->s, 36 * 3600);
	if (at > d->now - 60)
		at = d->now - 60 - below(&d->s, 3600);
	if (at + period < d->now) {
		/* past its period: mostly handled in time */
		if (r < 93)
			done = at + 300 + below(&d->s, period - 300);
		else if (r < 97 || at < d->now - 3 * 86400)
			done = at + period + 600 + below(&d->s, period);
		/* of the last two days', half still wait */
		if (done > d->now || (at > d->now - 2 * 86400 && r >= 50))
			done = 0;
		if (done)
			state = r % 17 == 0 ? "false" : "handled";
	} else if (r < 40) {
		done = at + below(&d->s, d->now - at);
		state = "handled";
	}
	snprintf(event, sizeof(event), "DEMO-%" PRId64 "-%d", site, n);
	fz_time_iso(at, occurred);
	fz_time_iso(at + period, due);
	fz_time_iso(at + 2, received);
	fz_kitchen_digest(&e, at, digest);
	if (done)
		fz_time_iso(done, handled);
	rc = fz_store_run(d->db, err, "INSERT INTO kitchen_alerts (site_id, unit_path, source_id,"
			  " event_id, type, camera, occurred_at, due_at, digest, received_at, state,"
			  " handled_at, handled_by, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			  " ?, ?)", "ItIttttttttttt", site, path, source, event, t->key, e.camera,
			  occurred, due, digest, received, state, done ? handled : NULL,
			  done ? "demo" : NULL, done ? (!strcmp(state, "false") ?
			  "现场核实为误报，画面中为送货人员" : "已当场纠正，并对从业人员进行了提醒教育") : NULL);
	d->alerts++;
	if (!rc && !done) {
		d->open++;
		d->late += at + period < d->now;
	}
	if (!rc && done) {
		struct fz_buf enc = FZ_BUF_INIT;
		char sum[FZ_SM3_HEX_LEN + 1];
		int64_t id = fz_store_last_id(d->db);
		fz_sm3_hex(photo, sizeof(photo) - 1, sum);
		rc = fz_sm4_seal_raw(d->keys, photo, sizeof(photo) - 1, &enc, err);
		if (!rc)
			rc = fz_store_run(d->db, err, "INSERT INTO kitchen_photos (alert_id, mime,"
					  " size, sm3, data, taken_at) VALUES (?, 'image/png', ?, ?,"
					  " ?, ?)", "IItbt", id, (int64_t)(sizeof(photo) - 1), sum,
					  enc.data, enc.len, handled);
		fz_buf_release(&enc);
	}
	return rc;
}

static int fill(struct demo *d, long *nsites, struct fz_err *err)
{
	int rc = 0;
	for (int i = 0; !rc && i < SCHOOLS + HOMES; i++) {
		int64_t site, source;
		int n = 10 + (int)below(&d->s, 30);
		if ((rc = add_site(d, i, &site, &source, err)))
			break;
		(*nsites)++;
		for (int k = 0; !rc && k < n; k++)
			rc = add_alert(d, site, source, d->town[i % d->ntowns].path, k, err);
	}
	return rc;
}

int fz_kitchen_demo(struct fz_store *db, const struct fz_keys *keys,
		    uint64_t seed, FILE *out, struct fz_err *err)
{
	struct demo d = { db, keys, seed ^ 0x6b69746368656eULL, fz_now(), { { 0 } }, 0, 0, 0, 0 };
	int64_t ids[32];
	long nsites = 0;
	int rc;

	if ((rc = fz_org_unit_ids(db, "town", ids, 32, &d.ntowns, err)) || !d.ntowns)
		return rc;
	for (size_t i = 0; !rc && i < d.ntowns; i++)
		rc = fz_org_unit_get(db, ids[i], &d.town[i], err);
	if (rc || (rc = fz_store_begin(db, err)))
		return rc;
	if ((rc = fill(&d, &nsites, err)) || (rc = fz_kitchen_recount(db, NULL, err))) {
		fz_store_rollback(db);
		return rc;
	}
	if ((rc = fz_store_commit(db, err)) ||
	    (rc = fz_store_exec(db, "ANALYZE kitchen_alerts; ANALYZE kitchen_daily", err)))
		return rc;
	fprintf(out, "kitchen: %ld canteens and homes, %ld alerts (%ld open, %ld of them late)\n",
		nsites, d.alerts, d.open, d.late);
	return 0;
}
