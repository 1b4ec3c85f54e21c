#!/usr/bin/env python3
"""grassroots.py - the data and the measurements of bench/grassroots
(README.md there).  Standard library only: csv, sqlite3, http.client.

  grassroots.py entities DB N SEED OUT.csv
      N market entities as a `fazhi grid import` CSV (the header 统一社会信用代码,
      名称,镇街,网格,行业代码,规模,从业人数,风险因素,地址), valid GB 32100 codes, the
      towns of DB (units.kind = 'town') by name.
  grassroots.py records DB R SEED ASOF
      R inspection / penalty / accident rows straight into DB's grid_records
      (one transaction), for the entities in DB, dated over the 3 years up
      to ASOF.  Prints the mix.
  grassroots.py table < ROWS.tsv
      Tab-separated rows as aligned columns (CJK characters count two).
  grassroots.py dash URL DB N
      The dashboard requests, N each (after a warm-up), over HTTP as the
      town user and the district user (logins and passwords from the
      environment: TOWN_LOGIN, TOWN_PASSWORD, DISTRICT_LOGIN,
      DISTRICT_PASSWORD), and the same SQL run through the sqlite3 module
      on DB, N each.  One tab-separated line a kind:
      kind, label, fazhi p50, fazhi p99, peer p50, peer p99, requests,
      total (fazhi's answer), total (the SQL), non-200 answers.

Deterministic from the seed (and ASOF for the records)."""
import csv
import datetime
import http.client
import json
import os
import random
import sqlite3
import sys
import time
import urllib.parse

# ---- 统一社会信用代码 (GB 32100-2015; GB 11714-1997 for positions 9-17) ----

USCC_SET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W11714 = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc(area, body8):
    """18 characters: '91' (enterprise), the 6-digit area, the 8-digit
    organisation body with its GB 11714 check, the GB 32100 check."""
    code = "91" + area + body8
    s = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w
            for ch, w in zip(body8, W11714))
    c = 11 - s % 11
    code += "X" if c == 10 else "0" if c == 11 else str(c)
    s = sum(USCC_SET.index(ch) * pow(3, i, 31) for i, ch in enumerate(code))
    return code + USCC_SET[(31 - s % 31) % 31]


# ---- entities ----------------------------------------------------------------

# (GB/T 4754-2017 code, word, weight, hazards): a textile district's trades
TRADES = [
    ("C1713", "印染", 6, ("危险化学品", "有限空间")),
    ("C1752", "化纤织造", 8, ("粉尘涉爆",)),
    ("C1711", "纺纱", 6, ("粉尘涉爆",)),
    ("C1819", "服饰", 8, ()),
    ("C2669", "化工", 1, ("危险化学品",)),
    ("F5132", "纺织品", 22, ()),
    ("F5291", "商贸", 12, ()),
    ("H6210", "餐饮", 14, ("使用燃气",)),
    ("H6110", "酒店", 2, ("使用燃气",)),
    ("G5430", "物流", 5, ()),
    ("E4710", "建设", 3, ("有限空间",)),
    ("C1391", "冷链食品", 1, ("涉氨制冷",)),
    ("O8011", "家政服务", 6, ()),
    ("L7212", "商务咨询", 6, ()),
]
FIRSTS = "鉴湖 兰亭 柯岩 华舍 齐贤 安昌 钱清 杨汛 福全 漓渚 平水 王坛 稽东 夏履 湖塘 马鞍 轻纺 越韵 瓜渚 大渔".split()
SECONDS = "恒 盛 达 兴 丰 利 锦 华 顺 昌 泰 源 美 雅".split()
# (规模, employees low, high; None: left blank)
SIZES = [("微型", 1, 9), ("微型", 1, 9), ("微型", 2, 19), ("小型", 10, 99),
         ("小型", 20, 99), ("中型", 100, 299), ("大型", 200, 1200)]
ROADS = "笛扬路 湖西路 金柯桥大道 群贤路 柯北大道 钱陶公路 鉴湖路 兴越路".split()


def towns_of(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT id, name FROM units WHERE kind = 'town'"
                       " ORDER BY id").fetchall()
    con.close()
    if not rows:
        sys.exit(f"grassroots: no town units in {db}")
    return rows


def cmd_entities(db, n, seed, out):
    rnd = random.Random(f"entities-{seed}")
    towns = [name for _, name in towns_of(db)]
    total = sum(t[2] for t in TRADES)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["统一社会信用代码", "名称", "镇街", "网格", "行业代码", "规模",
                    "从业人数", "风险因素", "地址"])
        for i in range(n):
            r = rnd.randrange(total)
            for code, word, weight, hz in TRADES:
                r -= weight
                if r < 0:
                    break
            hazards = list(hz) if hz and rnd.randrange(3) else []
            if rnd.randrange(40) == 0 and "有限空间" not in hazards:
                hazards.append("有限空间")
            size, lo, hi = SIZES[rnd.randrange(len(SIZES))]
            employees = "" if rnd.randrange(25) == 0 else str(rnd.randint(lo, hi))
            town = towns[rnd.randrange(len(towns))]
            body = "%08d" % ((31000000 + i * 7919) % 100000000)
            name = "绍兴柯桥%s%s%s%s有限公司" % (
                FIRSTS[rnd.randrange(20)], SECONDS[rnd.randrange(14)],
                SECONDS[rnd.randrange(14)], word)
            # a name may repeat; the code never does
            w.writerow([uscc("330603", body), name, town,
                        "第%d网格" % rnd.randint(1, 40), code, size, employees,
                        "、".join(hazards),
                        "%s%s%d号" % (town, ROADS[rnd.randrange(len(ROADS))],
                                      rnd.randint(1, 999))])


# ---- records -----------------------------------------------------------------

def cmd_records(db, n, seed, asof):
    rnd = random.Random(f"records-{seed}")
    day0 = datetime.date.fromisoformat(asof)
    con = sqlite3.connect(db, isolation_level=None)
    # the connection settings fazhi uses (src/store/store_sqlite.c)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA cache_size=-262144")  # only for loading: 256 MB of pages
    ids = [r[0] for r in con.execute("SELECT id FROM grid_entities ORDER BY id")]
    if not ids:
        sys.exit("grassroots: no entities to add records to")
    officers = [r[0] for r in con.execute(
        "SELECT id FROM units WHERE kind IN ('department', 'town') ORDER BY id")] or [None]
    rnd.shuffle(ids)  # who gets many records: random, not the first imported
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ne = len(ids)
    counts = {"inspection": 0, "penalty": 0, "accident": 0}
    major_insp = open_insp = major_pen = 0

    def rows():
        nonlocal major_insp, open_insp, major_pen
        for _ in range(n):
            # skewed: a few entities are visited often (density ~ x^-0.375)
            eid = ids[int(ne * rnd.random() ** 1.6)]
            ago = rnd.randrange(1096)  # 3 years of days up to asof
            on = day0 - datetime.timedelta(days=ago)
            k = rnd.random()
            hazards = major = open_major = 0
            rect = None
            if k < 0.0005:
                kind = "accident"
            elif k < 0.0205:
                kind = "penalty"
                if rnd.random() < 0.25:
                    major = 1
                    major_pen += 1
            else:
                kind = "inspection"
                h = rnd.random()
                hazards = 0 if h < .50 else 1 if h < .70 else 2 if h < .82 else \
                    3 if h < .90 else 4 if h < .96 else 5
                if rnd.random() < 0.01:
                    major = 1 if rnd.random() < 0.8 else 2
                    major_insp += 1
                    # recent ones are often still open, old ones rarely
                    if rnd.random() < (0.5 if ago < 120 else 0.04):
                        open_major = major if rnd.random() < 0.8 else 1
                        open_insp += 1
                    else:
                        rect = (on + datetime.timedelta(days=min(ago, rnd.randint(7, 60)))
                                ).isoformat()
            counts[kind] += 1
            yield (eid, kind, on.isoformat(), hazards, major, open_major, rect,
                   "", officers[rnd.randrange(len(officers))], now)

    t0 = time.perf_counter()
    con.execute("BEGIN")
    con.executemany("INSERT INTO grid_records (entity_id, kind, on_date, hazards,"
                    " major, open_major, rectified_on, note, unit_id, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    con.execute("COMMIT")
    con.close()
    print(f"records: {n} added in {time.perf_counter() - t0:.1f} s: "
          f"{counts['inspection']} inspections ({major_insp} with 重大事故隐患, "
          f"{open_insp} still open), {counts['penalty']} penalties ({major_pen} "
          f"concerning 重大事故隐患), {counts['accident']} accidents; "
          f"{asof} back 1,095 days")


# ---- dashboards ---------------------------------------------------------------

LIST_COLS = ("id, uscc, name, unit_id, grid, industry, size, grade, hazards,"
             " override, COALESCE(graded_on, '')")


class Session:
    """One logged-in user over one keep-alive connection."""

    def __init__(self, url, login, password):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        body = json.dumps({"login": login, "password": password})
        st, data, hdrs = self.request("POST", "/api/v1/login", body,
                                      {"Content-Type": "application/json"})
        if st != 200:
            sys.exit(f"grassroots: login {login}: {st} {data[:200]!r}")
        ans = json.loads(data)
        if ans.get("second_factor") or ans.get("user", {}).get("must_change_password"):
            sys.exit(f"grassroots: login {login} asks for more than a password: {data[:200]!r}")
        self.cookie = None
        for k, v in hdrs:
            if k.lower() == "set-cookie" and v.startswith("fz_session="):
                self.cookie = v.split(";")[0]
        if not self.cookie:
            sys.exit(f"grassroots: login {login}: no session cookie")
        self.user = ans.get("user", {})

    def request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                return r.status, data, r.getheaders()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()  # the server closed a kept-alive connection
                if attempt:
                    raise
        raise AssertionError

    def get(self, path):
        t0 = time.perf_counter()
        st, data, _ = self.request("GET", path, headers={"Cookie": self.cookie})
        return (time.perf_counter() - t0) * 1000, st, data


def pct(ms, p):
    """Nearest rank."""
    a = sorted(ms)
    if not a:
        return float("nan")
    k = max(1, -(-len(a) * p // 100))
    return a[int(k) - 1]


def scope_args(scope):
    """fazhi's scope filter (grid_api.c build_filter): path >= s and < s+1."""
    if not scope or scope == "/":
        return "", []
    hi = scope[:-1] + chr(ord(scope[-1]) + 1)
    return " AND unit_path >= ? AND unit_path < ?", [scope, hi]


def cmd_dash(url, db, n):
    env = os.environ
    town = Session(url, env["TOWN_LOGIN"], env["TOWN_PASSWORD"])
    dist = Session(url, env["DISTRICT_LOGIN"], env["DISTRICT_PASSWORD"])
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA query_only=1")  # what `fazhi serve` readers set
    # the town user's unit and path, as fazhi scopes it
    tunit, tpath = con.execute(
        "SELECT u.id, u.path FROM users s JOIN units u ON u.id = s.unit_id"
        " WHERE s.login = ?", (env["TOWN_LOGIN"],)).fetchone()
    towns = con.execute("SELECT id, path FROM units WHERE kind = 'town' ORDER BY id").fetchall()
    tw, targs = scope_args(tpath)

    def summary_sql(where, args):
        return [("SELECT unit_path, grade, count(*) FROM grid_entities WHERE 1" + where +
                 " GROUP BY unit_path, grade ORDER BY length(unit_path), unit_path, grade", args)]

    def list_sql(where, args, page=1, per=20):
        return [("SELECT count(*) FROM grid_entities WHERE 1" + where, args),
                ("SELECT " + LIST_COLS + " FROM grid_entities WHERE 1" + where +
                 f" ORDER BY grade DESC, id LIMIT {per} OFFSET {(page - 1) * per}", args)]

    # kind -> (label, session, [(path, [(sql, args)...])...]): URL and SQL
    # rotate together
    kinds = [
        ("town_summary", "镇街 dashboard: summary", town,
         [("/api/v1/grid/summary", summary_sql(tw, targs))]),
        ("town_d", "镇街: grade=D, 20 a page", town,
         [("/api/v1/grid/entities?grade=D&per_page=20", list_sql(tw + " AND grade = ?", targs + ["D"]))]),
        ("town_filter", "镇街: C + 危化品, pages 1-3", town,
         [(f"/api/v1/grid/entities?grade=C&hazard=hazchem&per_page=20&page={p}",
           list_sql(tw + " AND grade = ? AND (hazards & 1) <> 0", targs + ["C"], p))
          for p in (1, 2, 3)]),
        ("dist_summary", "区 dashboard: summary", dist,
         [("/api/v1/grid/summary", summary_sql("", []))]),
        ("dist_d", "区: grade=D, 20 a page", dist,
         [("/api/v1/grid/entities?grade=D&per_page=20", list_sql(" AND grade = ?", ["D"]))]),
        ("dist_town", "区: one 镇街, grade=C", dist,
         [(f"/api/v1/grid/entities?town={t}&grade=C&per_page=20",
           list_sql(" AND grade = ?" + scope_args(p)[0], ["C"] + scope_args(p)[1]))
          for t, p in towns]),
        ("dist_q", "区: name search q=", dist,
         [(f"/api/v1/grid/entities?q={urllib.parse.quote(w)}&per_page=20",
           list_sql(" AND (instr(name, ?) > 0 OR uscc = upper(?))", [w, w]))
          for w in ("鉴湖恒", "兰亭", "华舍盛", "轻纺")]),
    ]
    # the town user must see one town only, the district user all
    st, data = town.get("/api/v1/grid/summary")[1:]
    tt = len(json.loads(data)["towns"]) if st == 200 else -1
    st, data = dist.get("/api/v1/grid/summary")[1:]
    dt = len(json.loads(data)["towns"]) if st == 200 else -1
    print(f"scope\t{tt}\t{dt}\t{tunit}")
    warm = 10
    for kind, label, sess, items in kinds:
        ms, bad, total = [], 0, "-"
        for i in range(warm + n):
            path, _ = items[i % len(items)]
            t, st, data = sess.get(path)
            if st != 200:
                bad += 1
            if i == 0 and st == 200:
                j = json.loads(data)
                total = j.get("total", "-")
            if i >= warm:
                ms.append(t)
        pms, ptotal = [], "-"
        for i in range(warm + n):
            _, sqls = items[i % len(items)]
            t0 = time.perf_counter()
            res = [con.execute(sql, args).fetchall() for sql, args in sqls]
            t = (time.perf_counter() - t0) * 1000
            if i == 0:
                ptotal = sum(r[2] for r in res[0]) if kind.endswith("summary") else res[0][0][0]
            if i >= warm:
                pms.append(t)
        print("\t".join([kind, label, f"{pct(ms, 50):.2f}", f"{pct(ms, 99):.2f}",
                         f"{pct(pms, 50):.3f}", f"{pct(pms, 99):.3f}", str(n),
                         str(total), str(ptotal), str(bad)]))
        sys.stdout.flush()


# ---- the table ------------------------------------------------------------------

def width(text):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cmd_table():
    """Tab-separated rows on stdin (the first the header) as columns
    aligned by display width (a CJK character takes two); the last column
    is left unpadded, numbers are right-aligned."""
    rows = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip()]
    n = max(len(r) for r in rows)
    w = [max(width(r[i]) for r in rows if i < len(r)) for i in range(n)]
    for r in rows:
        out = []
        for i, cell in enumerate(r):
            pad = " " * (w[i] - width(cell))
            if i == len(r) - 1:
                out.append(cell)
            elif i == 0:
                out.append(cell + pad)
            else:
                out.append(pad + cell)
        print("  ".join(out).rstrip())


def main(argv):
    if len(argv) >= 6 and argv[1] == "entities":
        cmd_entities(argv[2], int(argv[3]), argv[4], argv[5])
    elif len(argv) >= 6 and argv[1] == "records":
        cmd_records(argv[2], int(argv[3]), argv[4], argv[5])
    elif len(argv) >= 2 and argv[1] == "table":
        cmd_table()
    elif len(argv) >= 5 and argv[1] == "dash":
        cmd_dash(argv[2], argv[3], int(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
