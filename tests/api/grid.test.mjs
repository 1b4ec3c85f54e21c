// grid.test.mjs - 141 市场主体风险分级 over a real server on the demo
// district (77,000 entities): a 镇街 sees, lists, exports and keeps only its
// own entities; a department officer registers and records anywhere; the
// grade follows the rules and cites them; overrides need a reason and are
// audited; the import is all or nothing with FILE:LINE; only the office
// re-grades the district; every refused write leaves every table as it
// was; the figures are in the metrics registry.
// Sources driven here: src/domain/grid/grid.c, grid_grade.c, grid_import.c,
// grid_plan.c, grid_api.c, grid_demo.c (the demo district), data/grid/risk.rules,
// src/cli/cmd_grid.c (`fazhi grid import|regrade`).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { tempDir, dbPath, demo, fazhi, startServer, Client, expectError, readXlsx, sqlite, tableHashes } from './lib.mjs';

const tables = (db) => tableHashes(db, ['sessions']);

const int = async (db, sql) => Number((await sqlite(db, sql)).trim());

/* A valid 统一社会信用代码 numbered n (GB 32100, GB 11714 checks). */
function uscc(n) {
	const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	const w = [3, 7, 9, 10, 5, 8, 4, 2];
	const body = String(30000000 + n).padStart(8, '0');
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += Number(body[i]) * w[i];
	const c = 11 - (sum % 11);
	let s = `91330603${body}${c === 10 ? 'X' : c === 11 ? '0' : String(c)}`;
	sum = 0;
	for (let i = 0, k = 1; i < 17; i++, k = (k * 3) % 31) sum += set.indexOf(s[i]) * k;
	return s + set[(31 - (sum % 31)) % 31];
}

describe('141 市场主体风险分级', () => {
	let dir, db, srv, users, office, town, officer, justice, kq, hs, id;

	before(async () => {
		dir = await tempDir(null, 'fazhi-grid-');
		db = dbPath(dir);
		users = await demo(dir, 7);
		srv = await startServer(db, { rate: 100000 });
		[office, town, officer, justice] = [new Client(srv.url), new Client(srv.url), new Client(srv.url), new Client(srv.url)];
		for (const [c, u] of [[office, 'office1'], [town, 'town1'], [officer, 'officer1'], [justice, 'justice1']])
			assert.equal((await c.login(u, users[u].password)).status, 200);
		kq = await int(db, "SELECT id FROM units WHERE name = '柯桥街道'");
		hs = await int(db, "SELECT id FROM units WHERE name = '华舍街道'");
	}, { timeout: 120000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	const ENTITY = (n, unit) => ({ uscc: uscc(n), name: '绍兴柯桥测试印染有限公司', unit_id: unit, grid: '第5网格',
		industry: 'C1713', size: 'medium', employees: 120, hazards: ['危险化学品'], address: '柯桥街道测试路8号' });

	test('the demo district: 77,000 entities, graded, each town its own', async () => {
		const all = await officer.get('/api/v1/grid/summary');
		assert.equal(all.status, 200, all.text);
		assert.equal(all.json.total, 77000);
		const g = all.json.by_grade;
		assert.equal(g.A + g.B + g.C + g.D, 77000);
		assert.ok(g.D > 0 && g.C > 0 && g.B > 0 && g.A > 0, JSON.stringify(g));
		assert.equal(all.json.towns.length, 16);
		const mine = await town.get('/api/v1/grid/summary');
		assert.equal(mine.json.towns.length, 1);
		assert.equal(mine.json.towns[0].town, '柯桥街道');
		assert.equal(mine.json.total, await int(db, `SELECT count(*) FROM grid_entities WHERE unit_id = ${kq}`));
		const list = await town.get('/api/v1/grid/entities?per_page=100&grade=C');
		assert.equal(list.status, 200);
		assert.ok(list.json.items.length > 0);
		assert.ok(list.json.items.every((x) => x.town === '柯桥街道' && x.grade === 'C' && x.grade_name === '较大风险'));
		// the 司法局 has no business here
		expectError(await justice.get('/api/v1/grid/entities'), 403, 'forbidden');
	});

	test('registering validates every field; a refusal changes nothing', async () => {
		const before = await tables(db);
		let e = expectError(await officer.post('/api/v1/grid/entities', { ...ENTITY(1, kq), uscc: '91330603MA2BAD' }), 400, 'invalid');
		assert.equal(e.field, 'uscc');
		e = expectError(await officer.post('/api/v1/grid/entities', { ...ENTITY(1, kq), industry: 'C12' }), 400, 'invalid');
		assert.equal(e.field, 'industry');
		e = expectError(await officer.post('/api/v1/grid/entities', { ...ENTITY(1, kq), hazards: ['核电'] }), 400, 'invalid');
		assert.equal(e.field, 'hazards');
		e = expectError(await officer.post('/api/v1/grid/entities', { ...ENTITY(1, kq), size: 'huge' }), 400, 'invalid');
		assert.equal(e.field, 'size');
		expectError(await officer.post('/api/v1/grid/entities', { ...ENTITY(1, kq), tax_no: '1' }), 400, 'invalid');
		// a 镇街 registers in its own town only
		expectError(await town.post('/api/v1/grid/entities', ENTITY(1, hs)), 403, 'forbidden');
		expectError(await justice.post('/api/v1/grid/entities', ENTITY(1, kq)), 403, 'forbidden');
		assert.equal(await tables(db), before);

		let r = await town.post('/api/v1/grid/entities', ENTITY(1, kq));
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.outcome, 'added');
		assert.equal(r.json.grade, 'C');
		assert.deepEqual(r.json.rules.map((x) => x.rule), ['C1']);
		assert.match(r.json.rules[0].cite, /^《中华人民共和国安全生产法》第六十二条/);
		assert.equal(r.json.town, '柯桥街道');
		r = await town.post('/api/v1/grid/entities', ENTITY(1, kq));
		assert.equal(r.status, 200);
		assert.equal(r.json.outcome, 'same');
	});

	test('another town\'s entity does not exist for a 镇街: read or write', async () => {
		const r = await officer.post('/api/v1/grid/entities', { ...ENTITY(2, hs), name: '华舍测试化纤有限公司', hazards: [] });
		assert.equal(r.status, 201, r.text);
		id = r.json.id;
		const before = await tables(db);
		const refusals = await int(db, "SELECT count(*) FROM audit_log WHERE action = 'policy.refuse'");
		expectError(await town.get(`/api/v1/grid/entities/${id}`), 404, 'not_found');
		expectError(await town.post(`/api/v1/grid/entities/${id}/records`, { kind: 'inspection', hazards: 1 }), 404, 'not_found');
		expectError(await town.post(`/api/v1/grid/entities/${id}/override`, { grade: 'A', reason: '越权调整的理由' }), 404, 'not_found');
		expectError(await town.post(`/api/v1/grid/entities/${id}/rectified`, {}), 404, 'not_found');
		// moving it into one's own town by registering the same code
		expectError(await town.post('/api/v1/grid/entities', { ...ENTITY(2, kq), hazards: [] }), 403, 'forbidden');
		const list = await town.get(`/api/v1/grid/entities?q=${encodeURIComponent('华舍测试化纤')}`);
		assert.equal(list.json.total, 0);
		assert.equal(await tables(db), before);
		// the three refused writes are in the audit log, and only there
		assert.equal(await int(db, "SELECT count(*) FROM audit_log WHERE action = 'policy.refuse'"), refusals + 3);
	});

	test('records move the grade by the rules, with their citations and history', async () => {
		let r = await officer.post(`/api/v1/grid/entities/${id}/records`, { kind: 'inspection', hazards: 2, major: 1, open_major: 1, note: '配电房堆放易燃物' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.grade, 'D');
		assert.deepEqual(r.json.rules.map((x) => x.rule), ['D2', 'C2']);
		assert.equal(r.json.rules[0].name, '重大事故隐患尚未整改');
		assert.equal(r.json.history[0].kind_name, '按规则评定');
		const before = await tables(db);
		let e = expectError(await officer.post(`/api/v1/grid/entities/${id}/records`, { kind: 'inspection', major: 1, open_major: 2 }), 400, 'invalid');
		assert.equal(e.field, 'open_major');
		e = expectError(await officer.post(`/api/v1/grid/entities/${id}/records`, { kind: 'penalty', hazards: 3 }), 400, 'invalid');
		assert.equal(e.field, 'hazards');
		e = expectError(await officer.post(`/api/v1/grid/entities/${id}/records`, { kind: 'visit' }), 400, 'invalid');
		assert.equal(e.field, 'kind');
		e = expectError(await officer.post(`/api/v1/grid/entities/${id}/records`, { kind: 'inspection', on: '2999-01-01' }), 400, 'invalid');
		assert.equal(e.field, 'on');
		expectError(await officer.post(`/api/v1/grid/entities/${id}/rectified`, { record_id: 999999999 }), 404, 'not_found');
		assert.equal(await tables(db), before);
		r = await officer.post(`/api/v1/grid/entities/${id}/rectified`, {});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.grade, 'C');
		assert.equal(r.json.records[0].open_major, 0);
		assert.ok(r.json.records[0].rectified_on);
		expectError(await officer.post(`/api/v1/grid/entities/${id}/rectified`, {}), 409, 'bad_state');
	});

	test('an override needs a reason, keeps the computed grade and is audited', async () => {
		const mine = (await town.get('/api/v1/grid/entities?grade=C&per_page=1')).json.items[0];
		const before = await tables(db);
		let e = expectError(await town.post(`/api/v1/grid/entities/${mine.id}/override`, { grade: 'B', reason: '短' }), 400, 'invalid');
		assert.equal(e.field, 'reason');
		e = expectError(await town.post(`/api/v1/grid/entities/${mine.id}/override`, { grade: 'E', reason: '现场复核整改到位' }), 400, 'invalid');
		assert.equal(e.field, 'grade');
		expectError(await town.post(`/api/v1/grid/entities/${mine.id}/override`, { grade: null, reason: '未调整过也撤销' }), 409, 'bad_state');
		assert.equal(await tables(db), before);
		let r = await town.post(`/api/v1/grid/entities/${mine.id}/override`, { grade: 'B', reason: '除尘设施已改造并经第三方检测合格' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.grade, 'B');
		assert.equal(r.json.computed, 'C');
		assert.equal(r.json.override, 'B');
		assert.equal(r.json.history[0].kind_name, '人工调整');
		assert.equal(r.json.history[0].reason, '除尘设施已改造并经第三方检测合格');
		assert.ok(!/[a-z]/.test(r.json.history[0].actor), r.json.history[0].actor);
		const audit = await sqlite(db, `SELECT detail FROM audit_log WHERE action = 'grid.override' AND object = 'grid_entity:${mine.id}'`);
		assert.match(audit, /风险等级调整为B（一般风险）：除尘设施已改造/);
		const list = await town.get('/api/v1/grid/entities?overridden=1');
		assert.ok(list.json.items.some((x) => x.id === mine.id && x.overridden));
		r = await town.post(`/api/v1/grid/entities/${mine.id}/override`, { grade: null, reason: '待下次检查确认后再定' });
		assert.equal(r.json.grade, 'C');
		assert.equal(r.json.override, null);
	});

	test('the import is all or nothing, every bad row named by file and line, and idempotent', async () => {
		const good = ['统一社会信用代码,名称,镇街,网格,行业代码,规模,从业人数,风险因素,地址',
			`${uscc(10)},绍兴柯桥导入一号有限公司,柯桥街道,第1网格,F5132,小型,12,,`,
			`${uscc(11)},"绍兴柯桥导入二号,有限公司",柯桥街道,第2网格,H6210,微型,6,使用燃气,`];
		const bad = [...good, `${uscc(12)},绍兴柯桥导入三号有限公司,华舍街道,,C1713,小型,,,`,
			`${uscc(13)},绍兴柯桥导入四号有限公司,柯桥街道,,C1713,特大型,,,`, `${uscc(10)},重复,柯桥街道,,F5132,小型,,,`];
		const before = await tables(db);
		const r = await town.post('/api/v1/grid/import', { file: '企业名单.csv', text: bad.join('\n') });
		const e = expectError(r, 400, 'invalid');
		assert.deepEqual(e.rows.map((x) => x.replace(/: .*/, '')), ['企业名单.csv:4', '企业名单.csv:5', '企业名单.csv:6']);
		assert.match(e.rows[0], /镇街不在本单位管辖范围内/);
		assert.match(e.rows[1], /规模/);
		assert.match(e.rows[2], /与第2行重复/);
		expectError(await town.post('/api/v1/grid/import', { file: 'x.csv' }), 400, 'invalid');
		expectError(await justice.post('/api/v1/grid/import', { file: 'x.csv', text: good.join('\n') }), 403, 'forbidden');
		assert.equal(await tables(db), before);
		let ok = await town.post('/api/v1/grid/import', { file: '企业名单.csv', text: good.join('\n') });
		assert.equal(ok.status, 200, ok.text);
		assert.deepEqual(ok.json, { added: 2, updated: 0, same: 0 });
		const after1 = await tables(db);
		ok = await town.post('/api/v1/grid/import', { file: '企业名单.csv', text: good.join('\r\n') });
		assert.deepEqual(ok.json, { added: 0, updated: 0, same: 2 });
		assert.equal(await tables(db), after1, 'the same file again changes nothing');
		const two = await town.get(`/api/v1/grid/entities?q=${encodeURIComponent('导入二号')}`);
		assert.equal(two.json.items[0].name, '绍兴柯桥导入二号,有限公司');
		assert.equal(two.json.items[0].grade, 'B');
	});

	test('the export is the list, in Chinese, in the caller\'s scope', async () => {
		const r = await town.get('/api/v1/grid/entities?grade=D&format=xlsx');
		assert.equal(r.status, 200, r.text.slice(0, 200));
		const disp = decodeURIComponent(r.headers.get('content-disposition').split("UTF-8''")[1]);
		assert.match(disp, /^市场主体风险分级_\d{4}-\d{2}-\d{2}\.xlsx$/);
		const sheet = readXlsx(r.bytes);
		assert.deepEqual(sheet[0], ['名称', '统一社会信用代码', '镇街', '网格', '行业代码', '规模', '风险等级',
			'风险等级名称', '风险因素', '评定日期']);
		const n = await int(db, `SELECT count(*) FROM grid_entities WHERE unit_id = ${kq} AND grade = 'D'`);
		assert.equal(sheet.length - 1, n);
		assert.ok(sheet.slice(1).every((row) => row[2] === '柯桥街道' && row[7] === '重大风险'));
		assert.ok(sheet.slice(1).every((row) => !/[a-z]/.test(row[8] || '')), 'hazards in words');
	});

	test('only the office re-grades the district, and nothing changes twice', async () => {
		const before = await tables(db);
		expectError(await town.post('/api/v1/grid/regrade', {}), 403, 'forbidden');
		expectError(await officer.post('/api/v1/grid/regrade', {}), 403, 'forbidden');
		assert.equal(await tables(db), before);
		const r = await office.post('/api/v1/grid/regrade', {});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.entities, await int(db, 'SELECT count(*) FROM grid_entities'));
		assert.equal(r.json.changed, 0, 'every entity was graded when it changed');
		const rules = await office.get('/api/v1/grid/rules');
		assert.equal(rules.json.items.length, 11);
		assert.ok(rules.json.items.every((x) => /^《中华人民共和国安全生产法》/.test(x.cite) && /[\u4e00-\u9fff]/.test(x.message)));
	});

	test('综合查一次: agencies visiting one entity in one month are one joint inspection; caps warn', async () => {
		const officer2 = new Client(srv.url);
		assert.equal((await officer2.login('officer2', users.officer2.password)).status, 200);
		const ent = await int(db, `SELECT id FROM grid_entities WHERE unit_id = ${kq} AND grade = 'A'
			AND id NOT IN (SELECT entity_id FROM grid_plans) ORDER BY id LIMIT 1`);
		const far = await int(db, `SELECT id FROM grid_entities WHERE unit_id = ${hs} ORDER BY id LIMIT 1`);
		const y = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() + 1;
		const PLAN = { entity_id: ent, month: `${y}-03`, reason: 'routine', items: '消防安全和用电安全' };
		const before = await tables(db);
		let e = expectError(await officer.post('/api/v1/grid/plans', { ...PLAN, month: `${y}-13` }), 400, 'invalid');
		assert.equal(e.field, 'month');
		e = expectError(await officer.post('/api/v1/grid/plans', { ...PLAN, reason: 'whim' }), 400, 'invalid');
		assert.equal(e.field, 'reason');
		e = expectError(await town.post('/api/v1/grid/plans', { ...PLAN, entity_id: far }), 400, 'invalid');
		assert.equal(e.field, 'entity_id');
		expectError(await justice.post('/api/v1/grid/plans', PLAN), 403, 'forbidden');
		assert.equal(await tables(db), before);

		let r = await officer.post('/api/v1/grid/plans', PLAN);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.joint_with, '');
		assert.deepEqual([r.json.per_year, r.json.cap, r.json.visits, r.json.over_cap], [0, 1, 1, false]);
		expectError(await officer.post('/api/v1/grid/plans', PLAN), 409, 'conflict');
		r = await officer2.post('/api/v1/grid/plans', { ...PLAN, items: '特种设备和产品质量' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.joint_with, '绍兴市柯桥区综合行政执法局');
		assert.equal(r.json.visits, 1, 'a joint inspection is one visit');
		const cancel = r.json.id;
		// another month next to it: suggested; a second routine visit of an A entity is over its cap
		r = await officer2.post('/api/v1/grid/plans', { ...PLAN, month: `${y}-04` });
		assert.equal(r.json.suggest_month, `${y}-03`);
		assert.equal(r.json.visits, 2);
		assert.equal(r.json.over_cap, true);
		// a complaint is a targeted check: not capped
		r = await town.post('/api/v1/grid/plans', { ...PLAN, month: `${y}-06`, reason: 'complaint', items: '群众投诉噪声扰民' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.visits, 3);
		assert.equal(r.json.routine, 2);

		const list = await town.get(`/api/v1/grid/plans?month=${y}-03&joint=1`);
		assert.equal(list.status, 200, list.text);
		const g = list.json.items.find((x) => x.entity_id === ent);
		assert.ok(g && g.joint && g.agencies.length === 2, list.text);
		assert.deepEqual(g.agencies.map((x) => x.reason_name), ['计划检查', '计划检查']);
		assert.ok(list.json.items.every((x) => x.town === '柯桥街道'));
		assert.equal(list.json.saved, list.json.plans - list.json.visits);
		const page = await officer.get(`/api/v1/grid/entities/${ent}`);
		assert.equal(page.json.plan.cap, 1);

		// only the planning agency (or the office) cancels its own plan
		const before2 = await tables(db);
		expectError(await town.del(`/api/v1/grid/plans/${cancel}`), 404, 'not_found');
		expectError(await officer.del(`/api/v1/grid/plans/${cancel}`), 404, 'not_found');
		assert.equal(await tables(db), before2);
		r = await officer2.del(`/api/v1/grid/plans/${cancel}`);
		assert.equal(r.status, 200, r.text);
		const again = await town.get(`/api/v1/grid/plans?month=${y}-03`);
		assert.ok(!again.json.items.find((x) => x.entity_id === ent && x.joint));
	});

	test('fazhi grid import names every bad line and stores nothing; regrade grades the district', async () => {
		const file = join(dir, '名单.csv');
		const head = '统一社会信用代码,名称,镇街,行业代码,规模';
		await writeFile(file, [head, `${uscc(40)},命令行导入有限公司,柯桥街道,F5132,小型`,
			'91330603MA2BAD,坏行,柯桥街道,F5132,小型'].join('\n'));
		const before = await tables(db);
		let r = await fazhi(['grid', 'import', file, '--db', db]);
		assert.equal(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stderr, /名单\.csv:3: 统一社会信用代码/);
		assert.equal(await tables(db), before);
		await writeFile(file, [head, `${uscc(40)},命令行导入有限公司,柯桥街道,F5132,小型`].join('\n'));
		r = await fazhi(['grid', 'import', file, '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /1 added, 0 updated, 0 unchanged/);
		r = await fazhi(['grid', 'regrade', '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^graded \d+ entities in [\d.]+ s, 0 changed; A \d+, B \d+, C \d+, D \d+$/m);
		assert.equal((await fazhi(['grid', 'import', '--db', db])).code, 2);
	});

	test('the figures are in the metrics registry, by town', async () => {
		const y = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
		const m = await office.get(`/api/v1/metrics/grid.inspections?from=${y - 1}-01-01&to=${y}-12-31`);
		assert.equal(m.status, 200, m.text);
		assert.equal(m.json.num, await int(db, "SELECT count(*) FROM grid_records WHERE kind = 'inspection'"));
		const mine = await town.get(`/api/v1/metrics/grid.inspections?from=${y - 1}-01-01&to=${y}-12-31`);
		assert.equal(mine.json.num, await int(db, `SELECT count(*) FROM grid_records r JOIN grid_entities e
			ON e.id = r.entity_id WHERE r.kind = 'inspection' AND e.unit_id = ${kq}`));
		const rate = await office.get(`/api/v1/metrics/grid.rectified?from=${y - 1}-01-01&to=${y}-12-31`);
		assert.ok(rate.json.value > 0 && rate.json.value <= 1, rate.text);
	});
});
