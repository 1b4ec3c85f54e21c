// supervise.test.mjs - 法治督察 over a real server on the demo district:
// the office issues an 整改提醒函 to a 镇街; that 镇街, and no other unit,
// sees it and reports its rectification; only the office accepts it; every
// refused step or issue changes no table; the demo year's 30 通报 and 62
// 提醒函 are the report's figures.
// Sources driven here: src/domain/supervise/supervise.c, supervise_api.c.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, expectError, sqlite, tableHashes } from './lib.mjs';

const tables = (db) => tableHashes(db, ['sessions']);

describe('法治督察', () => {
	let dir, db, srv, users, office, justice, town, officer, unit, id;

	before(async () => {
		dir = await tempDir(null, 'fazhi-supervise-');
		db = dbPath(dir);
		users = await demo(dir, 5);
		srv = await startServer(db, { rate: 100000 });
		[office, justice, town, officer] = [new Client(srv.url), new Client(srv.url), new Client(srv.url), new Client(srv.url)];
		for (const [c, u] of [[office, 'office1'], [justice, 'justice1'], [town, 'town1'], [officer, 'officer1']])
			assert.equal((await c.login(u, users[u].password)).status, 200);
		unit = +(await sqlite(db, "SELECT id FROM units WHERE name = '柯桥街道'")).trim();
	}, { timeout: 60000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	const ITEM = () => ({ kind: 'reminder', unit_id: unit, problem: '行政处罚决定书未说明裁量理由',
		demand: '限期整改并报送整改情况', days: 30 });

	test('only the office issues, with a period the district uses; a refusal changes nothing', async () => {
		const before = await tables(db);
		expectError(await town.post('/api/v1/supervise/items', ITEM()), 403, 'forbidden');
		expectError(await justice.post('/api/v1/supervise/items', ITEM()), 403, 'forbidden');
		let e = expectError(await office.post('/api/v1/supervise/items', { ...ITEM(), days: 20 }), 400, 'invalid');
		assert.equal(e.field, 'days');
		e = expectError(await office.post('/api/v1/supervise/items', { ...ITEM(), problem: '' }), 400, 'invalid');
		assert.equal(e.field, 'problem');
		assert.equal(await tables(db), before);
		const r = await office.post('/api/v1/supervise/items', ITEM());
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.number, /^柯法督函〔\d{4}〕\d+号$/);
		id = r.json.id;
	});

	test('the unit addressed sees it and answers; another unit does not reach it; only the office accepts', async () => {
		const list = await town.get('/api/v1/supervise/items?per_page=100');
		assert.equal(list.status, 200);
		assert.ok(list.json.items.some((x) => x.id === id));
		assert.ok(list.json.items.every((x) => x.unit === '柯桥街道'), 'a town sees its own findings only');
		const item = await town.get(`/api/v1/supervise/items/${id}`);
		assert.equal(item.json.state, 'rectifying');
		assert.ok(item.json.deadlines.some((d) => d.key === 'rectify30' && d.status === 'running'));

		let before = await tables(db);
		expectError(await officer.get(`/api/v1/supervise/items/${id}`), 404, 'not_found');
		expectError(await officer.post(`/api/v1/supervise/items/${id}/actions`,
			{ transition: 'submit', data: { 整改情况: '已整改' } }), 404, 'not_found');
		expectError(await town.post(`/api/v1/supervise/items/${id}/actions`,
			{ transition: 'accept', data: { 验收意见: '同意' } }), 409, 'bad_state');
		expectError(await town.post(`/api/v1/supervise/items/${id}/actions`, { transition: 'submit' }), 400, 'invalid');
		assert.equal(await tables(db), before);

		const s = await town.post(`/api/v1/supervise/items/${id}/actions`,
			{ transition: 'submit', data: { 整改情况: '已逐项整改，修订了裁量说理模板' } });
		assert.equal(s.status, 200, s.text);
		assert.equal(s.json.state, 'submitted');

		before = await tables(db);
		expectError(await town.post(`/api/v1/supervise/items/${id}/actions`,
			{ transition: 'accept', data: { 验收意见: '同意' } }), 403, 'forbidden');
		expectError(await justice.post(`/api/v1/supervise/items/${id}/actions`,
			{ transition: 'accept', data: { 验收意见: '同意' } }), 403, 'forbidden');
		assert.equal(await tables(db), before);
		const a = await office.post(`/api/v1/supervise/items/${id}/actions`,
			{ transition: 'accept', data: { 验收意见: '整改到位，同意销号' } });
		assert.equal(a.status, 200, a.text);
		assert.equal(a.json.state, 'closed');
		assert.equal((await sqlite(db, `SELECT closed_on IS NOT NULL FROM supervise_items WHERE case_id = ${id}`)).trim(), '1');
	});

	test('the demo year\'s 30 通报 and 62 提醒函 are the report\'s figures', async () => {
		const n = await office.get('/api/v1/metrics/supervise.notices?from=2025-01-01&to=2025-12-31');
		const m = await office.get('/api/v1/metrics/supervise.reminders?from=2025-01-01&to=2025-12-31');
		assert.equal(n.json.num, 30);
		assert.equal(m.json.num, 62);
		const r = await office.get('/api/v1/reports/2025');
		assert.ok(r.json.blocks.some((b) => b.text.includes('全年印发法治督察通报30份、整改提醒函62份')),
			r.json.blocks.map((b) => b.text).join('\n'));
	});
});
