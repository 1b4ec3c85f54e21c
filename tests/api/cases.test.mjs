// cases.test.mjs - the one HTTP layer for case domains (src/domain/casehttp):
// enforcement, 复议 and mediation answer the same list parameters, limits
// and shapes; keyset paging walks the same cases as page numbers; bad
// parameters are refused in Chinese and change nothing.
// Sources driven here: src/domain/casehttp/casehttp.c, src/engine/case/case.c
// (fz_case_list), the three domains' route tables.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, expectError, sqliteInt } from './lib.mjs';

const LISTS = ['/api/v1/enforce/cases', '/api/v1/review/cases', '/api/v1/mediate/disputes'];

describe('case lists', () => {
	let dir, srv, users, office, town;

	before(async () => {
		dir = await tempDir(null, 'fazhi-cases-');
		users = await demo(dir, 4);
		srv = await startServer(dbPath(dir));
		office = new Client(srv.url);
		assert.equal((await office.login('office1', users.office1.password)).status, 200);
		town = new Client(srv.url);
		assert.equal((await town.login('town1', users.town1.password)).status, 200);
	});
	after(async () => { if (srv) await srv.stop(); });

	test('every case domain answers the same shape', async () => {
		for (const base of LISTS) {
			const r = await office.get(`${base}?per_page=5`);
			assert.equal(r.status, 200, `${base}: ${r.text}`);
			for (const k of ['items', 'total', 'total_exact', 'page', 'per_page', 'next'])
				assert.ok(k in r.json, `${base}: ${k}`);
			assert.equal(r.json.per_page, 5);
			assert.ok(r.json.items.length > 0, base);
			for (const it of r.json.items) {
				for (const k of ['id', 'type', 'number', 'state', 'state_name', 'title', 'opened_on',
					'light', 'next_due', 'open_flags'])
					assert.ok(k in it, `${base}: item.${k}`);
				assert.match(it.state_name, /[\u4e00-\u9fff]/, `${base}: state name in Chinese`);
			}
		}
	});

	test('keyset paging walks the same cases as page numbers', async () => {
		const base = '/api/v1/enforce/cases?type=penalty&per_page=7';
		let r = await office.get(base);
		const byPage = [], byKey = [];
		for (let p = 1; p <= 3; p++) {
			r = await office.get(`${base}&page=${p}`);
			byPage.push(...r.json.items.map((x) => x.id));
		}
		let after = 0;
		for (let p = 1; p <= 3; p++) {
			r = await office.get(after ? `${base}&after=${after}` : base);
			byKey.push(...r.json.items.map((x) => x.id));
			after = r.json.next;
		}
		assert.deepEqual(byKey, byPage);
		assert.deepEqual([...byPage].sort((a, b) => b - a), byPage, 'newest first');
		// 500 rows a page at most, and a page of 500 is served
		r = await office.get('/api/v1/enforce/cases?per_page=500');
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.items.length <= 500);
	});

	test('filters narrow, and a unit outside the scope is refused', async () => {
		const all = await office.get('/api/v1/enforce/cases?type=penalty&per_page=1');
		const open = await office.get('/api/v1/enforce/cases?type=penalty&per_page=1&open=1');
		assert.ok(open.json.total < all.json.total);
		const unit = await sqliteInt(dbPath(dir), "SELECT id FROM units WHERE name LIKE '%市场监督管理局'");
		const one = await office.get(`/api/v1/enforce/cases?type=penalty&per_page=50&unit=${unit}`);
		assert.equal(one.status, 200, one.text);
		assert.ok(one.json.total > 0 && one.json.total < all.json.total);
		assert.ok(one.json.items.every((x) => x.unit_id === unit));
		// a 镇街 user may not look into a department
		expectError(await town.get(`/api/v1/mediate/disputes?unit=${unit}`), 400, 'invalid');
	});

	test('bad parameters: a clear Chinese error, nothing else', async () => {
		for (const q of ['per_page=501', 'per_page=0', 'page=-1', 'light=purple', 'from=2025-13-01',
			'open=yes', 'after=x', 'type=nosuch', 'unit=abc'])
			for (const base of LISTS) {
				const e = expectError(await office.get(`${base}?${q}`), 400, 'invalid');
				assert.doesNotMatch(e.message, /per_page|after|page|light|open/, `${base}?${q}: ${e.message}`);
			}
		// a date filter orders by date and pages by number: no keyset then
		expectError(await office.get('/api/v1/enforce/cases?from=2025-01-01&after=5'), 400, 'invalid');
	});

	test('documents by kind; an unknown kind is not found', async () => {
		const r = await office.get('/api/v1/review/cases?per_page=1');
		const id = r.json.items[0].id;
		expectError(await office.get(`/api/v1/review/cases/${id}/documents/nosuch`), 404, 'not_found');
		expectError(await office.get(`/api/v1/review/cases/${id}/documents/decision?format=doc`), 400, 'invalid');
	});
});
