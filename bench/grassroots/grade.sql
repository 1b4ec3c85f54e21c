-- grade.sql - the peer of `fazhi grid regrade`: data/grid/risk.rules as one
-- plain SQL statement (bench/grassroots/README.md).  Run by the sqlite3
-- shell on the benchmark's database with the parameter :asof set
-- (.parameter set :asof "'YYYY-MM-DD'") and a scratch database attached
-- as "peer"; writes peer.grades(id, grade, rules) for every entity.
--
-- The windows, as src/domain/grid/grid_grade.c computes them (window_of;
-- fz_date_add_months keeps the day and clamps it to the month's last day,
-- which date(x, '-12 months') does not: 2024-02-29 - 12 months is
-- 2023-02-28, not 2023-03-01, hence the min()):
--   近一年  on_date > y1   = asof - 12 months
--   近180日 on_date > d180 = asof - 180 days
--   近三年  on_date > y3   = asof - 36 months
-- every record with on_date <= asof; 未整改重大事故隐患数 counts open_major over
-- all of an entity's inspections up to asof, whatever their age.
-- The rules, in the file's order (the order fazhi lists the fired ones):
--   D1 近180日重大隐患处罚次数 >= 3 or 近一年重大隐患处罚次数 >= 4
--   D2 未整改重大事故隐患数 >= 1
--   D3 近三年生产安全事故数 >= 1 and (危险化学品 or 粉尘涉爆 or 涉氨制冷)
--   C1 危险化学品 or 粉尘涉爆 or 涉氨制冷          hazards bits 1, 2, 4
--   C2 近一年重大事故隐患数 >= 1
--   C3 近一年处罚次数 >= 2
--   C4 近三年生产安全事故数 >= 1
--   B1 有限空间 or 使用燃气                        hazards bits 8, 16
--   B2 近一年一般隐患数 >= 3
--   B3 近一年处罚次数 >= 1
--   B4 从业人数 >= 300                             (unknown: does not fire)
-- grade: the highest letter fired, A when none.
CREATE TABLE peer.grades AS
WITH w(asof, y1, d180, y3) AS (
	SELECT :asof,
	       min(date(:asof, '-12 months'), date(:asof, 'start of month', '-11 months', '-1 day')),
	       date(:asof, '-180 days'),
	       min(date(:asof, '-36 months'), date(:asof, 'start of month', '-35 months', '-1 day'))
),
agg AS (
	SELECT r.entity_id,
	       sum(CASE WHEN r.kind = 'inspection' AND r.on_date > (SELECT y1 FROM w) THEN r.hazards ELSE 0 END) AS h1,
	       sum(CASE WHEN r.kind = 'inspection' AND r.on_date > (SELECT y1 FROM w) THEN r.major ELSE 0 END) AS m1,
	       sum(CASE WHEN r.kind = 'inspection' THEN r.open_major ELSE 0 END) AS om,
	       sum(r.kind = 'penalty' AND r.on_date > (SELECT y1 FROM w)) AS p1,
	       sum(r.kind = 'penalty' AND r.major > 0 AND r.on_date > (SELECT y1 FROM w)) AS pm1,
	       sum(r.kind = 'penalty' AND r.major > 0 AND r.on_date > (SELECT d180 FROM w)) AS pm180,
	       sum(r.kind = 'accident' AND r.on_date > (SELECT y3 FROM w)) AS a3
	FROM grid_records r
	WHERE r.on_date <= :asof
	GROUP BY r.entity_id
),
f AS (
	SELECT e.id,
	       pm180 >= 3 OR pm1 >= 4 AS d1,
	       coalesce(om, 0) >= 1 AS d2,
	       coalesce(a3, 0) >= 1 AND (e.hazards & 7) <> 0 AS d3,
	       (e.hazards & 7) <> 0 AS c1,
	       coalesce(m1, 0) >= 1 AS c2,
	       coalesce(p1, 0) >= 2 AS c3,
	       coalesce(a3, 0) >= 1 AS c4,
	       (e.hazards & 24) <> 0 AS b1,
	       coalesce(h1, 0) >= 3 AS b2,
	       coalesce(p1, 0) >= 1 AS b3,
	       coalesce(e.employees >= 300, 0) AS b4
	FROM grid_entities e LEFT JOIN agg a ON a.entity_id = e.id
)
SELECT id,
       CASE WHEN coalesce(d1, 0) OR d2 OR d3 THEN 'D'
            WHEN c1 OR c2 OR c3 OR c4 THEN 'C'
            WHEN b1 OR b2 OR b3 OR b4 THEN 'B'
            ELSE 'A' END AS grade,
       rtrim(iif(coalesce(d1, 0), 'D1 ', '') || iif(d2, 'D2 ', '') || iif(d3, 'D3 ', '') ||
             iif(c1, 'C1 ', '') || iif(c2, 'C2 ', '') || iif(c3, 'C3 ', '') ||
             iif(c4, 'C4 ', '') || iif(b1, 'B1 ', '') || iif(b2, 'B2 ', '') ||
             iif(b3, 'B3 ', '') || iif(b4, 'B4 ', '')) AS rules
FROM f;
