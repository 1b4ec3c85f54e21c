// report.test.mjs - the 法治政府建设年度报告 over a real server on the demo
// district: every figure equals its metric over the year, a breakdown adds
// up to its figure, a 镇街 gets its own unit's report and no other, only
// the office (or a 镇街 for its own) publishes, a refused publication
// changes no table, the public reads only what was published, and the CLI
// builds the same report as a PDF.
// Sources driven here: src/domain/report/report.c, report_api.c, src/cli/cmd_report.c.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { tempDir, dbPath, demo, startServer, Client, expectError, sqlite, fazhi, tableHashes } from './lib.mjs';

const tables = (db) => tableHashes(db, ['sessions']);

describe('annual report', () => {
	let dir, db, srv, users, office, justice, town, pub;
	const YEAR = 2025;

	before(async () => {
		dir = await tempDir(null, 'fazhi-report-');
		db = dbPath(dir);
		users = await demo(dir, 3);
		srv = await startServer(db, { rate: 100000 });
		office = new Client(srv.url);
		justice = new Client(srv.url);
		town = new Client(srv.url);
		pub = new Client(srv.url);
		for (const [c, u] of [[office, 'office1'], [justice, 'justice1'], [town, 'town1']])
			assert.equal((await c.login(u, users[u].password)).status, 200);
	}, { timeout: 60000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	test('every figure is its metric over the year; a breakdown adds up to its figure', async () => {
		const r = await office.get(`/api/v1/reports/${YEAR}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.title, `柯桥区${YEAR}年法治政府建设年度报告`);
		assert.ok(r.json.figures.length >= 10);
		for (const f of r.json.figures) {
			const m = await office.get(`/api/v1/metrics/${f.metric}?from=${YEAR}-01-01&to=${YEAR}-12-31`);
			assert.equal(m.status, 200, m.text);
			assert.equal(f.num, m.json.num, f.metric);
			assert.equal(f.den, m.json.den, f.metric);
			assert.equal(f.provenance, m.json.provenance, f.metric);
			if (f.den === null && f.style !== 'yoy' && f.groups.length)
				assert.equal(f.groups.reduce((s, g) => s + g.num, 0), f.num, `${f.metric} breakdown`);
		}
		// the words printed: 2.37万-style for the disputes, a rate to one decimal
		const med = r.json.figures.find((f) => f.metric === 'mediate.mediated' && f.style === 'wan');
		assert.equal(med.text, med.num >= 10000 ? `${Math.round(med.num / 100) / 100}万` : String(med.num));
		const tc = r.json.figures.find((f) => f.metric === 'review.tiaoche');
		assert.equal(tc.text, `${Math.round(tc.num * 1000 / tc.den) / 10}%`);
		// a paragraph's text is its parts with the figures' words
		for (const b of r.json.blocks.filter((x) => x.kind === 'para'))
			assert.equal(b.parts.map((p) => typeof p === 'string' ? p : r.json.figures[p.f].text).join(''), b.text);
	});

	test('a 镇街 gets its own unit\'s report and reaches no other unit', async () => {
		const mine = await town.get(`/api/v1/reports/${YEAR}`);
		assert.equal(mine.status, 200, mine.text);
		assert.equal(mine.json.unit_name, '柯桥街道');
		const whole = await office.get(`/api/v1/reports/${YEAR}`);
		const f = (r) => r.json.figures.find((x) => x.metric === 'mediate.mediated' && x.style === 'wan').num;
		assert.ok(f(mine) < f(whole), 'the town\'s figure is a part of the district\'s');
		const root = await sqlite(db, 'SELECT id FROM units WHERE parent_id IS NULL');
		expectError(await town.get(`/api/v1/reports/${YEAR}?unit=${root.trim()}`), 404, 'not_found');
		expectError(await office.get('/api/v1/reports/1999'), 400, 'invalid');
	});

	test('only the office publishes the district\'s report; a refusal changes nothing; the public reads what was published', async () => {
		expectError(await pub.get(`/api/v1/public/reports/${YEAR}`), 404, 'not_found');
		const before = await tables(db);
		expectError(await justice.post('/api/v1/reports/publish', { year: YEAR }), 403, 'forbidden');
		expectError(await pub.post('/api/v1/reports/publish', { year: YEAR }), 401, 'unauthenticated');
		assert.equal(await tables(db), before);

		const p = await office.post('/api/v1/reports/publish', { year: YEAR });
		assert.equal(p.status, 201, p.text);
		assert.equal(p.json.published.version, 1);
		assert.match(p.json.published.index_no, /^00258207-5\/\d{4}-\d{5}$/);
		assert.ok(p.json.figures.every((f) => f.changed === false));

		const list = await pub.get('/api/v1/public/reports');
		assert.deepEqual(list.json.items.map((i) => i.year), [YEAR]);
		const got = await pub.get(`/api/v1/public/reports/${YEAR}`);
		assert.equal(got.status, 200);
		assert.equal(got.json.published.index_no, p.json.published.index_no);
		assert.equal(got.json.figures.length, p.json.figures.length);
		// no record behind a figure: labels and words only
		assert.ok(!/\b(case_id|phone|id_number)\b/.test(got.text));
		const pdf = await fetch(`${srv.url}/api/v1/public/reports/${YEAR}/report.pdf`);
		assert.equal(pdf.headers.get('content-type'), 'application/pdf');
		assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');

		// a 镇街 publishes its own report; the district's list stays the district's
		// not the district's, nor another unit's: the body names a unit in scope only
		const root = (await sqlite(db, 'SELECT id FROM units WHERE parent_id IS NULL')).trim();
		const beforeTown = await tables(db);
		expectError(await town.post('/api/v1/reports/publish', { year: YEAR, unit: +root }), 404, 'not_found');
		expectError(await town.post('/api/v1/reports/publish', { year: 1999 }), 400, 'invalid');
		assert.equal(await tables(db), beforeTown);
		assert.equal((await town.post('/api/v1/reports/publish', { year: YEAR })).status, 201);
		assert.deepEqual((await pub.get('/api/v1/public/reports')).json.items.map((i) => i.year), [YEAR]);
		assert.equal(await sqlite(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'report.publish'").then((s) => +s.trim()), 2);
	});

	test('fazhi report build writes the same report as a PDF; check names the line of a bad template', async () => {
		const out = join(dir, 'r.pdf'), js = join(dir, 'r.json');
		const r = await fazhi(['report', 'build', '--db', db, '--year', String(YEAR), '--pdf', out, '--json', js]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal((await readFile(out)).subarray(0, 5).toString(), '%PDF-');
		const built = JSON.parse(await readFile(js, 'utf8'));
		const api = await office.get(`/api/v1/reports/${YEAR}`);
		assert.deepEqual(built.blocks.map((b) => b.text), api.json.blocks.map((b) => b.text));
		const bad = join(dir, 'bad.tpl');
		await (await import('node:fs/promises')).writeFile(bad, '@title x\n全年{review.none}件\n');
		const c = await fazhi(['report', 'check', bad]);
		assert.equal(c.code, 1);
		assert.match(c.stderr, /bad\.tpl:2: 指标不存在/);
	});
});
