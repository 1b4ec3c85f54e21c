// metrics.test.mjs - engine/metrics through a real server on the demo
// district: the list of figures, one figure for the demo year, the records
// behind it adding up to it, the data scope of a town user, and bad input.
// Sources driven here: src/engine/metrics/metrics_http.c, metrics.c and
// the domains' metric rows (review_metrics.c, mediate_metrics.c,
// enforce_metrics.c).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, expectError, sqliteInt,
	sqliteRows, hasHan } from './lib.mjs';

const YEAR = 'from=2025-01-01&to=2025-12-31';

describe('metrics', () => {
	let dir, db, srv, users, office, justice, town, townId;

	before(async () => {
		dir = await tempDir(null, 'fazhi-metrics-');
		db = dbPath(dir);
		users = await demo(dir, 4);
		srv = await startServer(db, { rate: 100000 });
		office = new Client(srv.url);
		assert.equal((await office.login('office1', users.office1.password)).status, 200);
		justice = new Client(srv.url);
		assert.equal((await justice.login('justice1', users.justice1.password)).status, 200);
		town = new Client(srv.url);
		assert.equal((await town.login('town1', users.town1.password)).status, 200);
		townId = await sqliteInt(db, "SELECT id FROM units WHERE name = '柯桥街道'");
	}, { timeout: 60000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	test('every figure is listed with its definition and source', async () => {
		const r = await office.get('/api/v1/metrics');
		assert.equal(r.status, 200, r.text);
		const ids = r.json.items.map((m) => m.id);
		for (const id of ['review.tiaoche', 'review.jiucuo', 'review.lost', 'review.appearance',
			'mediate.mediated', 'mediate.success', 'enforce.transfers',
			'enforce.transfer_rate', 'enforce.satisfaction', 'enforce.outside_range'])
			assert.ok(ids.includes(id), id);
		for (const m of r.json.items) {
			assert.ok(hasHan(m.name) && hasHan(m.definition) && hasHan(m.source), m.id);
			assert.ok(['rate', 'count', 'sum'].includes(m.unit));
			for (const b of m.breakdowns) assert.ok(hasHan(b.name), `${m.id} ${b.key}`);
		}
		expectError(await new Client(srv.url).get('/api/v1/metrics'), 401, 'unauthenticated');
	});

	test('a figure for the demo year agrees with the review page and its records', async () => {
		let r = await office.get(`/api/v1/metrics/review.tiaoche?${YEAR}&by=station`);
		assert.equal(r.status, 200, r.text);
		const f = r.json;
		assert.ok(f.den > 0);
		assert.equal(f.value, Math.floor(f.num * 10000 / f.den) / 10000);
		assert.match(f.provenance, /^[0-9a-f]{64}$/);
		assert.deepEqual(f.parameters, { from: '2025-01-01', to: '2025-12-31', unit: null, by: 'station' });
		assert.ok(f.groups.length >= 10);
		assert.equal(f.groups.reduce((s, g) => s + g.den, 0), f.den);
		for (const g of f.groups) assert.ok(hasHan(g.label), g.label);
		// the review page's figure is the same one
		r = await justice.get(`/api/v1/review/metrics?${YEAR}&by=organ`);
		assert.equal(r.status, 200, r.text);
		const t = r.json.metrics.find((m) => m.key === 'tiaoche');
		assert.equal(t.num, f.num);
		assert.equal(t.den, f.den);
		assert.equal(t.provenance, f.provenance);
		// recomputed on the same data: the same hash
		r = await office.get(`/api/v1/metrics/review.tiaoche?${YEAR}`);
		assert.equal(r.json.provenance, f.provenance);
		// the records add up to the figure
		r = await office.get(`/api/v1/metrics/review.tiaoche/records?${YEAR}&part=denominator&per_page=500`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.total, f.den);
		assert.equal(r.json.items.length, Math.min(500, f.den));
		assert.equal(r.json.items.filter((x) => x.in_numerator).length, f.num);
		assert.ok(r.json.items.every((x) => x.in_denominator && hasHan(x.number)));
		r = await office.get(`/api/v1/metrics/review.tiaoche/records?${YEAR}&part=numerator&per_page=3&page=2`);
		assert.equal(r.json.total, f.num);
		assert.ok(r.json.items.length <= 3);
	});

	test('a town user gets figures over its own subtree only', async () => {
		const all = (await office.get(`/api/v1/metrics/review.tiaoche?${YEAR}`)).json;
		const mine = (await town.get(`/api/v1/metrics/review.tiaoche?${YEAR}`)).json;
		const asked = (await office.get(`/api/v1/metrics/review.tiaoche?${YEAR}&unit=${townId}`)).json;
		assert.ok(mine.den > 0 && mine.den < all.den, `${mine.den} of ${all.den}`);
		assert.equal(mine.den, asked.den);
		assert.equal(mine.num, asked.num);
		assert.equal(mine.provenance, asked.provenance);
		const path = (await sqliteRows(db, `SELECT path FROM units WHERE id = ${townId}`))[0].path;
		assert.equal(mine.parameters.unit, path);
		const r = await town.get(`/api/v1/metrics/review.tiaoche/records?${YEAR}&part=denominator&per_page=500`);
		assert.equal(r.json.total, mine.den);
		const inside = new Set((await sqliteRows(db,
			`SELECT id FROM units WHERE path >= '${path}' AND path < '${path.slice(0, -1)}0'`)).map((u) => u.id));
		assert.ok(r.json.items.every((x) => inside.has(x.unit_id)));
		// another town is outside the scope
		const other = await sqliteInt(db, "SELECT id FROM units WHERE name = '柯岩街道'");
		expectError(await town.get(`/api/v1/metrics/review.tiaoche?${YEAR}&unit=${other}`), 404, 'not_found');
		expectError(await town.get(`/api/v1/metrics/review.tiaoche/records?unit=/1/`), 404, 'not_found');
	});

	test('mediation and enforcement figures answer too', async () => {
		for (const id of ['mediate.success', 'mediate.amount', 'enforce.transfers',
			'enforce.satisfaction', 'enforce.outside_range']) {
			const r = await office.get(`/api/v1/metrics/${id}?from=2020-01-01&by=${id.startsWith('mediate') ? 'town' : 'agency'}`);
			assert.equal(r.status, 200, `${id}: ${r.text}`);
			const l = await office.get(`/api/v1/metrics/${id}/records?from=2020-01-01&per_page=500`);
			assert.equal(l.json.total, r.json.num, id);
		}
		expectError(await office.get('/api/v1/metrics/enforce.transfers/records?part=denominator'), 400, 'invalid');
	});

	test('bad parameters and unknown figures', async () => {
		let e = expectError(await office.get('/api/v1/metrics/review.tiaoche?from=2025-13-01'), 400, 'invalid');
		assert.equal(e.field, 'from');
		e = expectError(await office.get('/api/v1/metrics/review.tiaoche?from=2025-06-01&to=2025-01-01'), 400, 'invalid');
		assert.equal(e.field, 'from');
		e = expectError(await office.get('/api/v1/metrics/review.tiaoche?by=colour'), 400, 'invalid');
		assert.equal(e.field, 'by');
		e = expectError(await office.get('/api/v1/metrics/review.tiaoche?unit=abc'), 400, 'invalid');
		assert.equal(e.field, 'unit');
		expectError(await office.get('/api/v1/metrics/review.tiaoche/records?per_page=0'), 400, 'invalid');
		expectError(await office.get('/api/v1/metrics/review.tiaoche/records?part=all'), 400, 'invalid');
		expectError(await office.get('/api/v1/metrics/review.nothing'), 404, 'not_found');
		expectError(await office.get('/api/v1/metrics/review.nothing/records'), 404, 'not_found');
		expectError(await office.get('/api/v1/metrics/review.tiaoche?unit=999999'), 404, 'not_found');
	});
});
