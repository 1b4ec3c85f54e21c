/* grid_demo.c - the demo district's 77,000 market entities (the 2023
 * report: "全区7.7万余家市场主体全部纳入141基层综合智治平台") with a
 * year of inspections, penalties and accidents, graded by the rules. */
#include "domain/grid/grid.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "domain/org/org.h"
#include "engine/audit.h"

#define DEMO_ENTITIES 77000

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int pick(uint64_t *s, int n)
{
	return (int)(next(s) % (uint64_t)n);
}

/* A valid 统一社会信用代码 for an enterprise registered in 柯桥 (GB 32100,
 * identifiers.md §1): 9 1 330603, an 8-digit organisation code with its
 * GB 11714 check, and the GB 32100 check. */
static void make_uscc(uint64_t n, char out[FZ_USCC_LEN])
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w11714[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0, c;

	snprintf(out, FZ_USCC_LEN, "91330603%08" PRIu64, n % 100000000u);
	for (int i = 0; i < 8; i++)
		sum += (out[8 + i] - '0') * w11714[i];
	c = 11 - sum % 11;
	out[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	sum = 0;
	for (int i = 0, w = 1; i < 17; i++, w = w * 3 % 31)
		sum += (int)(strchr(set, out[i]) - set) * w;
	out[17] = set[(31 - sum % 31) % 31];
	out[18] = 0;
}

/* Industries of a textile district, with weights (GB/T 4754-2017 codes). */
static const struct {
	const char *code, *word;
	int weight, hazards; /* hazards: the likely FZ_GRID_* bits */
} trades[] = {
	{ "C1713", "印染", 6, FZ_GRID_HAZCHEM | FZ_GRID_CONFINED },
	{ "C1752", "化纤织造", 8, FZ_GRID_DUST },
	{ "C1711", "纺纱", 6, FZ_GRID_DUST },
	{ "C1819", "服饰", 8, 0 },
	{ "C2669", "化工", 1, FZ_GRID_HAZCHEM },
	{ "F5132", "纺织品", 22, 0 },
	{ "F5291", "商贸", 12, 0 },
	{ "H6210", "餐饮", 14, FZ_GRID_GAS },
	{ "H6110", "酒店", 2, FZ_GRID_GAS },
	{ "G5430", "物流", 5, 0 },
	{ "E4710", "建设", 3, FZ_GRID_CONFINED },
	{ "C1391", "冷链食品", 1, FZ_GRID_AMMONIA },
	{ "O8011", "家政服务", 6, 0 },
	{ "L7212", "商务咨询", 6, 0 },
};
#define NTRADES (sizeof(trades) / sizeof(trades[0]))

static const char *const firsts[] = { "鉴湖", "兰亭", "柯岩", "华舍", "齐贤", "安昌",
	"钱清", "杨汛", "福全", "漓渚", "平水", "王坛", "稽东", "夏履", "湖塘", "马鞍",
	"轻纺", "越韵", "瓜渚", "大渔" };
static const char *const seconds[] = { "恒", "盛", "达", "兴", "丰", "利", "锦", "华",
	"顺", "昌", "泰", "源", "美", "雅" };

struct demo {
	struct fz_store *db;
	uint64_t seed;
	int64_t towns[32];
	struct fz_unit_info info[32];
	size_t ntowns;
	struct fz_date today;
};

static int trade_of(struct demo *d)
{
	int total = 0, r;
	for (size_t i = 0; i < NTRADES; i++)
		total += trades[i].weight;
	r = pick(&d->seed, total);
	for (size_t i = 0; i < NTRADES; i++)
		if ((r -= trades[i].weight) < 0)
			return (int)i;
	return 0;
}

#define INS_ENTITY "INSERT INTO grid_entities (uscc, name, unit_id, unit_path, grid," \
	" industry, size, employees, hazards, address, created_at, updated_at)" \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', ?10, ?10)"
#define INS_RECORD "INSERT INTO grid_records (entity_id, kind, on_date, hazards," \
	" major, open_major, note, created_at) VALUES (?, ?, ?, ?, ?, ?, '演示数据', ?)"

static int add_entity(struct demo *d, long i, int *trade, int64_t *id,
		      struct fz_err *err)
{
	static const char *const sizes[] = { "micro", "micro", "micro", "small", "small",
					     "medium", "large" };
	static const int staff[] = { 6, 8, 12, 40, 60, 180, 420 };
	char uscc[FZ_USCC_LEN], name[160], grid[64], now[FZ_ISO_LEN];
	int t = trade_of(d), sz = pick(&d->seed, 7), rc;
	size_t town = (size_t)pick(&d->seed, (int)d->ntowns);
	int hz = trades[t].hazards && pick(&d->seed, 3) ? trades[t].hazards : 0;
	struct fz_stmt *st;

	if ((rc = fz_stmt_prepare(d->db, &st, INS_ENTITY, err)))
		return rc;
	if (!pick(&d->seed, 40))
		hz |= FZ_GRID_CONFINED;
	make_uscc(10000000u + (uint64_t)i * 7919u, uscc);
	snprintf(name, sizeof(name), "绍兴柯桥%s%s%s%s有限公司",
		 firsts[pick(&d->seed, 20)], seconds[pick(&d->seed, 14)],
		 seconds[pick(&d->seed, 14)], trades[t].word);
	snprintf(grid, sizeof(grid), "第%d网格", 1 + pick(&d->seed, 40));
	fz_now_iso(now);
	fz_stmt_bind_text(st, 1, uscc);
	fz_stmt_bind_text(st, 2, name);
	fz_stmt_bind_int(st, 3, d->info[town].id);
	fz_stmt_bind_text(st, 4, d->info[town].path);
	fz_stmt_bind_text(st, 5, grid);
	fz_stmt_bind_text(st, 6, trades[t].code);
	fz_stmt_bind_text(st, 7, sizes[sz]);
	fz_stmt_bind_int(st, 8, staff[sz] / 2 + pick(&d->seed, staff[sz]));
	fz_stmt_bind_int(st, 9, hz);
	fz_stmt_bind_text(st, 10, now);
	rc = fz_stmt_step(st, err);
	fz_stmt_finish(st);
	*trade = hz;
	*id = fz_store_last_id(d->db);
	return rc < 0 ? rc : 0;
}

static int add_record(struct demo *d, int64_t id, const char *kind, int hazards,
		      int major, int open, struct fz_err *err)
{
	char day[FZ_DATE_STRLEN], now[FZ_ISO_LEN];
	int ago = open ? pick(&d->seed, 60) : 1 + pick(&d->seed, 364);
	struct fz_stmt *st;
	int rc = fz_stmt_prepare(d->db, &st, INS_RECORD, err);

	if (rc)
		return rc;
	fz_now_iso(now);
	fz_stmt_bind_int(st, 1, id);
	fz_stmt_bind_text(st, 2, kind);
	fz_stmt_bind_text(st, 3, fz_date_format(fz_date_add_days(d->today, -ago), day));
	fz_stmt_bind_int(st, 4, hazards);
	fz_stmt_bind_int(st, 5, major);
	fz_stmt_bind_int(st, 6, open);
	fz_stmt_bind_text(st, 7, now);
	rc = fz_stmt_step(st, err);
	fz_stmt_finish(st);
	return rc < 0 ? rc : 0;
}

/* A year of one entity's records: more inspections where the risks are. */
static int records_of(struct demo *d, int64_t id, int hz,
		      long *n, struct fz_err *err)
{
	int high = hz & (FZ_GRID_HAZCHEM | FZ_GRID_DUST | FZ_GRID_AMMONIA);
	int visits = high ? 1 + pick(&d->seed, 3) : pick(&d->seed, 4) == 0;
	int rc = 0;

	for (int v = 0; !rc && v < visits; v++, (*n)++) {
		int major = pick(&d->seed, high ? 60 : 400) == 0;
		int open = major && pick(&d->seed, 4) == 0;
		rc = add_record(d, id, "inspection", pick(&d->seed, high ? 5 : 3),
				major, open, err);
	}
	if (!rc && pick(&d->seed, 50) == 0) {
		rc = add_record(d, id, "penalty", 0, pick(&d->seed, 5) == 0, 0, err);
		(*n)++;
	}
	if (!rc && pick(&d->seed, 1500) == 0) {
		rc = add_record(d, id, "accident", 0, 0, 0, err);
		(*n)++;
	}
	return rc;
}

static int fill(struct demo *d, long *nrec, struct fz_err *err)
{
	int rc = 0;
	for (long i = 0; !rc && i < DEMO_ENTITIES; i++) {
		int64_t id = 0;
		int hz = 0;
		rc = add_entity(d, i, &hz, &id, err);
		if (!rc)
			rc = records_of(d, id, hz, nrec, err);
	}
	return rc;
}

static int plan_row(struct demo *d, int64_t entity, const struct fz_unit_info *u,
		    const char *month, const char *items, struct fz_err *err)
{
	char now[FZ_ISO_LEN];
	fz_now_iso(now);
	return fz_store_run(d->db, err, "INSERT INTO grid_plans (entity_id, unit_id,"
			    " unit_path, month, reason, items, created_at, created_by)"
			    " VALUES (?, ?, ?, ?, 'routine', ?, ?, 'demo')", "IItttt",
			    entity, u->id, u->path, month, items, now);
}

/* This month's and the next two months' visits: the 应急管理局 to every
 * D and one C in eight; the 市场监管局 or the 生态环境分局 often to the
 * same entity, in the same month (one joint inspection) or the next. */
static int plans(struct demo *d, long *n, struct fz_err *err)
{
	static const char *const names[] = { "应急管理局", "市场监督管理局", "生态环境局柯桥分局" };
	static const char *const items[] = { "安全生产责任制、双重预防机制和隐患整改落实情况",
		"特种设备、危险化学品经营和产品质量", "危险废物贮存、污染防治设施运行" };
	struct fz_unit_info u[3];
	struct fz_stmt *st;
	int64_t ids[4096];
	int k = 0, rc;

	for (int i = 0; i < 3; i++)
		if ((rc = fz_org_unit_first(d->db, "department", NULL, names[i], &u[i], err)))
			return rc == FZ_ENOTFOUND ? 0 : rc;
	rc = fz_store_query(d->db, &st, err, "SELECT id FROM grid_entities WHERE grade = 'D'"
			    " OR (grade = 'C' AND id % 8 = 0) ORDER BY id", "");
	while (!rc && k < 4096 && (rc = fz_stmt_step(st, err)) == 1) {
		ids[k++] = fz_stmt_int(st, 0);
		rc = 0;
	}
	fz_stmt_finish(st);
	for (int i = 0; rc >= 0 && i < k; i++) {
		char month[FZ_DATE_STRLEN];
		int by = pick(&d->seed, 3), other = 1 + pick(&d->seed, 2), how = pick(&d->seed, 3);

		fz_date_format(fz_date_add_months(d->today, by), month);
		month[7] = 0;
		rc = plan_row(d, ids[i], &u[0], month, items[0], err);
		(*n)++;
		if (rc || how == 2)
			continue;
		/* the other agency: the same month (merged), or the next */
		if (how == 1) {
			fz_date_format(fz_date_add_months(d->today, by + 1), month);
			month[7] = 0;
		}
		rc = plan_row(d, ids[i], &u[other], month, items[other], err);
		(*n)++;
	}
	return rc < 0 ? rc : 0;
}

int fz_grid_demo(struct fz_store *db, const struct fz_keys *keys, uint64_t seed,
		 FILE *out, struct fz_err *err)
{
	static const struct fz_case_actor sys = { 0, "demo", 0, "/", 0, "", 1 };
	struct demo d = { db, seed ^ 0x3134314772696400ULL, { 0 }, { { 0 } }, 0,
			  fz_date_today_cn() };
	struct fz_grid_regrade r;
	struct timespec t0, t1, t2;
	long nrec = 0, nplans = 0;
	int rc;
	(void)keys;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = fz_org_unit_ids(db, "town", d.towns, 32, &d.ntowns, err)) || !d.ntowns)
		return rc;
	for (size_t i = 0; !rc && i < d.ntowns; i++)
		rc = fz_org_unit_get(db, d.towns[i], &d.info[i], err);
	if (rc || (rc = fz_store_begin(db, err)))
		return rc;
	rc = fill(&d, &nrec, err);
	if (rc) {
		fz_store_rollback(db);
		return rc;
	}
	if ((rc = fz_store_commit(db, err)))
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((rc = fz_grid_regrade_all(db, &sys, d.today, &r, err)))
		return rc;
	if ((rc = fz_store_begin(db, err)))
		return rc;
	if ((rc = plans(&d, &nplans, err))) {
		fz_store_rollback(db);
		return rc;
	}
	if ((rc = fz_store_commit(db, err)))
		return rc;
	/* statistics for the planner: a town's path range over the grade
	 * index (17 ms to 1.5 ms for a filtered count, bench/grassroots) */
	if ((rc = fz_store_exec(db, "ANALYZE grid_entities; ANALYZE grid_records", err)))
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t2);
	fprintf(out, "grid: %d market entities, %ld records (%.1f s); graded and %ld visits"
		" planned in %.1f s: A %ld, B %ld, C %ld, D %ld\n", DEMO_ENTITIES, nrec,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		nplans, (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9,
		r.by[0], r.by[1], r.by[2], r.by[3]);
	return 0;
}
