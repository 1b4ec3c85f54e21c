// pattern.test.mjs - 版权AI智审 through a real server on the demo district
// (docs/pattern.md): upload and register a design, 单图溯源 ordered by the
// earliest date, 图样比对 with its evidence images and report PDF, the
// manifest import and `pattern add --meta` (CLI only: the API has no
// import route) with their bad rows, a 16 MiB+ upload refused with 413, a corrupt or truncated image
// refused with a Chinese message and nothing stored, roles without access
// refused with 403, and the procuratorate's false-litigation flags.
// Sources driven here: src/domain/pattern/pattern_api.c, pattern_lit.c, pattern_demo.c,
// src/cli/cmd_pattern.c (import, add --meta).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { tempDir, dbPath, demo, fazhi, startServer, Client, expectError, hasHan, sqliteInt } from './lib.mjs';
import { design } from './pattern_png.mjs';

const PNG_MAGIC = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

const meta = (over = {}) => ({
	reg_no: '浙作登字-2026-F-90000001', title: '测试花样甲', registrant: '柯桥测试设计工作室',
	created_on: '2025-06-01', published_on: '2025-06-15', registered_on: '2025-07-01',
	source: '版权登记', ...over,
});

describe('pattern', () => {
	let dir, db, srv, users, court, proc, officer;
	const counts = async () => ({
		images: await sqliteInt(db, 'SELECT count(*) FROM pattern_images'),
		regs: await sqliteInt(db, 'SELECT count(*) FROM pattern_regs'),
	});
	const upload = (c, bytes, type = 'image/png') =>
		c.request('POST', '/api/v1/pattern/uploads', { raw: bytes, type });

	before(async () => {
		dir = await tempDir(null, 'fazhi-pattern-');
		db = dbPath(dir);
		users = await demo(dir, 3);
		srv = await startServer(db, { rate: 100000 });
		court = new Client(srv.url);
		assert.equal((await court.login('court1', users.court1.password)).status, 200);
		proc = new Client(srv.url);
		assert.equal((await proc.login('procurator1', users.procurator1.password)).status, 200);
		officer = new Client(srv.url);
		assert.equal((await officer.login('officer1', users.officer1.password)).status, 200);
	}, { timeout: 60000 });

	after(async () => {
		if (srv) await srv.stop();
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	test('the court uploads and registers a design; bad facts are refused', async () => {
		const me = await court.get('/api/v1/me');
		assert.ok(me.json.nav.some((n) => n.key === 'pattern' && n.path === '#/pattern'), me.text);
		let r = await upload(court, design(101));
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.ref, /^u\d+$/);
		const up = r.json.id;
		const before = await counts();
		// each bad field: 400 with its field and a Chinese message, nothing stored
		for (const [over, field] of [
			[{ reg_no: '' }, 'reg_no'],
			[{ created_on: '2025-02-30' }, 'created_on'],
			[{ published_on: '2025-05-01' }, 'published_on'], // before creation
			[{ registered_on: '2025-01-01' }, 'registered_on'],
		]) {
			const e = expectError(await court.post('/api/v1/pattern/registrations', { upload: up, ...meta(over) }), 400, 'invalid');
			assert.equal(e.field, field);
		}
		expectError(await court.post('/api/v1/pattern/registrations', { upload: up, ...meta(), colour: 'red' }), 400, 'invalid');
		expectError(await court.post('/api/v1/pattern/registrations', { upload: 999999, ...meta() }), 404, 'not_found');
		assert.deepEqual(await counts(), before);

		r = await court.post('/api/v1/pattern/registrations', { upload: up, ...meta() });
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.ref, /^r\d+$/);
		assert.equal(r.json.reg_no, meta().reg_no);
		assert.equal(r.json.earliest, '2025-06-01');
		assert.match(r.json.image_sm3, /^[0-9a-f]{64}$/);
		// the same 作品登记号 again: 409, nothing stored
		const again = await counts();
		expectError(await court.post('/api/v1/pattern/registrations', { upload: up, ...meta() }), 409, 'conflict');
		assert.deepEqual(await counts(), again);
		assert.equal(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'pattern.register'"), again.regs);

		const list = await court.get('/api/v1/pattern/registrations?per_page=100');
		assert.equal(list.status, 200, list.text);
		assert.equal(list.json.total, again.regs);
		assert.ok(list.json.items.some((x) => x.reg_no === meta().reg_no));
		const img = await court.get(`/api/v1/pattern/images/${r.json.ref}`);
		assert.equal(img.status, 200);
		assert.equal(img.headers.get('content-type'), 'image/png');
	});

	test('单图溯源 lists 相同 designs by their earliest date, 不同 ones apart', async () => {
		// one design registered by two parties: the later-dated one first,
		// the earlier-dated one second; trace must put the earlier first
		const regs = [];
		for (const [no, who, created] of [['浙作登字-2026-F-90000011', '后登记纺织商行', '2025-09-01'],
			['浙作登字-2026-F-90000012', '在先设计工作室', '2023-03-10']]) {
			const u = await upload(court, design(202));
			assert.equal(u.status, 201, u.text);
			const r = await court.post('/api/v1/pattern/registrations', { upload: u.json.id,
				...meta({ reg_no: no, registrant: who, created_on: created, published_on: '', registered_on: '2025-10-01' }) });
			assert.equal(r.status, 201, r.text);
			regs.push(r.json);
		}
		// the query: the same design recoloured, uploaded by the procuratorate
		const q = await upload(proc, design(202, 192, [[25, 25, 25], [230, 200, 40], [40, 190, 200], [250, 250, 250]]));
		assert.equal(q.status, 201, q.text);
		const t = await proc.get(`/api/v1/pattern/trace/${q.json.ref}?top=10`);
		assert.equal(t.status, 200, t.text);
		const ours = t.json.matches.filter((m) => regs.some((x) => x.id === m.registration.id));
		assert.deepEqual(ours.map((m) => m.registration.reg_no), [regs[1].reg_no, regs[0].reg_no]);
		// a recolouring: the keypoints of the colour edges and the aligned
		// overlap bear it out (相同 or 近似, with the evidence that says why)
		for (const m of ours) {
			assert.ok(['相同', '近似'].includes(m.decision), JSON.stringify(m));
			assert.ok(m.score >= t.json.thresholds.similar, JSON.stringify(m));
			assert.equal(m.evidence.verified, true);
			assert.ok(m.evidence.points >= 8 && m.evidence.regions >= 1, JSON.stringify(m.evidence));
			assert.ok(Math.abs(m.evidence.scale - 1) < 0.05 && Math.abs(m.evidence.rotation) < 3, JSON.stringify(m.evidence));
		}
		const dates = t.json.matches.map((m) => m.registration.earliest);
		assert.deepEqual(dates, [...dates].sort(), 'matches ordered by earliest date');
		for (const o of t.json.others) {
			assert.equal(o.decision, '不同');
			assert.ok(o.score < t.json.thresholds.similar);
		}
		assert.ok(!t.json.others.some((o) => regs.some((x) => x.id === o.registration.id)));

		// a registration's own trace leaves itself out
		const self = await court.get(`/api/v1/pattern/trace/${regs[0].ref}`);
		assert.equal(self.status, 200, self.text);
		assert.ok(!self.json.matches.some((m) => m.registration.id === regs[0].id));
		assert.ok(self.json.matches.some((m) => m.registration.id === regs[1].id));

		expectError(await court.get('/api/v1/pattern/trace/x1'), 400, 'invalid');
		expectError(await court.get('/api/v1/pattern/trace/u99999'), 404, 'not_found');
		expectError(await court.get(`/api/v1/pattern/trace/${q.json.ref}?top=abc`), 400, 'invalid');
	});

	test('图样比对 scores two images and gives the evidence and the report', async () => {
		const a = await upload(court, design(303));
		const b = await upload(court, design(303, 192, [[10, 40, 10], [250, 250, 250], [200, 60, 60], [90, 90, 200]]));
		const c = await upload(court, design(304));
		for (const x of [a, b, c]) assert.equal(x.status, 201, x.text);
		let r = await court.get(`/api/v1/pattern/compare/${a.json.ref}/${b.json.ref}`);
		assert.equal(r.status, 200, r.text);
		assert.ok(['相同', '近似'].includes(r.json.decision), r.text);
		assert.ok(r.json.score >= r.json.thresholds.similar && r.json.score < 1, r.text);
		assert.equal(r.json.evidence.verified, true, r.text);
		assert.equal(r.json.a.ref, a.json.ref);
		// the same pixels: 相同, nearly every keypoint agrees
		const same = await court.get(`/api/v1/pattern/compare/${a.json.ref}/${a.json.ref}`);
		assert.equal(same.json.decision, '相同', same.text);
		assert.equal(same.json.evidence.mirror, false);
		r = await court.get(`/api/v1/pattern/compare/${a.json.ref}/${c.json.ref}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.decision, '不同');
		assert.ok(r.json.score < r.json.thresholds.similar, r.text);

		const base = `/api/v1/pattern/compare/${a.json.ref}/${b.json.ref}`;
		for (const what of ['side.png', 'overlay.png']) {
			const res = await fetch(srv.url + `${base}/${what}`, { headers: { Cookie: `fz_session=${proc.cookie}` } });
			assert.equal(res.status, 200, what);
			assert.equal(res.headers.get('content-type'), 'image/png');
			const bytes = Buffer.from(await res.arrayBuffer());
			assert.ok(bytes.subarray(0, 8).equals(PNG_MAGIC), what);
			assert.ok(bytes.length > 500, what);
		}
		const pdf = await fetch(srv.url + `${base}/report.pdf`, { headers: { Cookie: `fz_session=${court.cookie}` } });
		assert.equal(pdf.status, 200);
		assert.equal(pdf.headers.get('content-type'), 'application/pdf');
		const body = Buffer.from(await pdf.arrayBuffer());
		assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.ok(body.length > 5000);
		expectError(await court.get(`/api/v1/pattern/compare/${a.json.ref}/r999999`), 404, 'not_found');
	});

	test('uploads: over 16 MiB → 413; corrupt or truncated → 400, nothing stored', async () => {
		const before = await counts();
		const audits = await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'pattern.upload'");
		const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x41);
		big.set(PNG_MAGIC, 0);
		expectError(await upload(court, big), 413, 'too_large');

		const good = design(405);
		for (const bad of [
			Buffer.from('这不是图片'),
			good.subarray(0, Math.floor(good.length / 2)),          // truncated PNG
			Buffer.concat([PNG_MAGIC, Buffer.alloc(64, 0xff)]),   // garbage after the signature
			Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]), // a JPEG that stops at once
		]) {
			const e = expectError(await upload(court, bad), 400, 'invalid');
			assert.ok(hasHan(e.message));
		}
		expectError(await upload(court, Buffer.alloc(0)), 400, 'invalid');
		// a 1 x 1 image has no repeat to find: refused the same way
		const tiny = await upload(court, design(1, 1));
		assert.equal(tiny.status, 400, tiny.text);
		assert.deepEqual(await counts(), before);
		assert.equal(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'pattern.upload'"), audits);
	});

	test('roles without access are refused; writes need the CSRF token', async () => {
		const before = await counts();
		expectError(await upload(officer, design(7)), 403, 'forbidden');
		expectError(await officer.get('/api/v1/pattern/registrations'), 403, 'forbidden');
		expectError(await officer.get('/api/v1/pattern/flags'), 403, 'forbidden');
		// the court may not read the procuratorate's flags, nor may the
		// procuratorate register
		expectError(await court.get('/api/v1/pattern/flags'), 403, 'forbidden');
		const u = await upload(proc, design(8));
		assert.equal(u.status, 201, u.text);
		expectError(await proc.post('/api/v1/pattern/registrations', { upload: u.json.id, ...meta({ reg_no: '浙作登字-2026-F-90000099' }) }), 403, 'forbidden');
		const anon = new Client(srv.url);
		assert.equal((await anon.get('/api/v1/pattern/registrations')).status, 401);
		const r = await court.request('POST', '/api/v1/pattern/uploads', { raw: design(9), type: 'image/png', csrf: false });
		assert.equal(r.status, 403, r.text);
		const after = await counts();
		assert.equal(after.regs, before.regs);
		assert.equal(after.images, before.images + 1); // only the procuratorate's upload
		const me = await officer.get('/api/v1/me');
		assert.ok(!me.json.nav.some((n) => n.key === 'pattern'));
	});

	test('虚假诉讼监督: the demo plaintiff\'s suits on copied designs are flagged', async () => {
		const r = await proc.get('/api/v1/pattern/flags');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.cases, 8);
		const prior = r.json.flags.filter((f) => f.type === 'prior_publication');
		assert.ok(prior.length >= 6, r.text);
		for (const f of prior) {
			assert.equal(f.plaintiff, '某某纺织贸易商行');
			assert.ok(hasHan(f.reason));
			assert.ok(f.evidence.length >= 1);
			const e = f.evidence[0];
			assert.notEqual(e.registrant, '某某纺织贸易商行');
			assert.ok(e.earliest < '2025-02-01', JSON.stringify(e));
			assert.ok(['相同', '近似'].includes(e.decision));
		}
		const serial = r.json.flags.find((f) => f.type === 'serial_plaintiff');
		assert.ok(serial, r.text);
		assert.ok(serial.evidence.length >= 3);
		// a new suit on the court's own (unflagged) registration adds a case,
		// but no prior-publication flag for it
		const c = await court.post('/api/v1/pattern/cases', { case_no: '（2026）浙0603民初9001号',
			plaintiff: '柯桥测试设计工作室', defendant: '某布行', reg_no: meta().reg_no, filed_on: '2026-03-01' });
		assert.equal(c.status, 201, c.text);
		const r2 = await proc.get('/api/v1/pattern/flags');
		assert.equal(r2.json.cases, 9);
		assert.ok(!r2.json.flags.some((f) => f.case_no === '（2026）浙0603民初9001号' && f.type === 'prior_publication'));
		expectError(await court.post('/api/v1/pattern/cases', { case_no: '（2026）浙0603民初9002号',
			plaintiff: 'x', defendant: 'y', reg_no: meta().reg_no, filed_on: '2026-02-31' }), 400, 'invalid');
	});

	test('manifest import (CLI; the API has none): good rows land, bad rows are named', async () => {
		const m = join(dir, 'manifest');
		await mkdir(m, { recursive: true });
		await writeFile(join(m, 'a.png'), design(501));
		await writeFile(join(m, 'bad.png'), Buffer.from('not an image'));
		await writeFile(join(m, 'list.csv'), [
			'file,reg_no,title,registrant,created_on,published_on,registered_on,source',
			'a.png,浙作登字-2026-F-90000501,清单花样,清单工作室,2024-01-02,,2024-02-01,版权登记',
			'bad.png,浙作登字-2026-F-90000502,坏图,清单工作室,2024-01-02,,2024-02-01,版权登记',
			'missing.png,浙作登字-2026-F-90000503,缺图,清单工作室,2024-01-02,,2024-02-01,版权登记',
			'a.png,浙作登字-2026-F-90000504,坏日期,清单工作室,2024-13-02,,2024-02-01,版权登记',
			'a.png,浙作登字-2026-F-90000501,重号,清单工作室,2024-01-02,,2024-02-01,版权登记',
			'a.png,too,few',
		].join('\n') + '\n');
		const before = await counts();
		const r = await fazhi(['pattern', 'import', join(m, 'list.csv'), '--db', db]);
		assert.equal(r.code, 3, r.stdout + r.stderr);
		const out = r.stdout + r.stderr;
		for (const n of [3, 4, 5, 6, 7]) assert.match(out, new RegExp(`第 ${n} 行：.*已跳过`), out);
		assert.doesNotMatch(out, /第 2 行/);
		assert.equal((await counts()).regs, before.regs + 1);
		// the server sees the imported design at once
		const q = await upload(court, design(501));
		const t = await court.get(`/api/v1/pattern/trace/${q.json.ref}`);
		assert.ok(t.json.matches.some((x) => x.registration.reg_no === '浙作登字-2026-F-90000501'), t.text);
		const bad = await fazhi(['pattern', 'import', join(m, 'nope.csv'), '--db', db]);
		assert.notEqual(bad.code, 0);
		assert.ok(hasHan(bad.stderr + bad.stdout));
	});

	test('fazhi pattern add --meta registers one design; bad metadata changes nothing', async () => {
		const f = join(dir, 'one.png');
		await writeFile(f, design(601));
		const before = await counts();
		const r = await fazhi(['pattern', 'add', f, '--db', db, '--meta',
			'浙作登字-2026-F-90000601,单张花样,单张工作室,2024-03-04,,2024-04-05,版权登记']);
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^r\d+\n$/);
		assert.equal((await counts()).regs, before.regs + 1);
		const q = await upload(court, design(601));
		const t = await court.get(`/api/v1/pattern/trace/${q.json.ref}`);
		assert.ok(t.json.matches.some((x) => x.registration.reg_no === '浙作登字-2026-F-90000601'), t.text);
		for (const meta of ['浙作登字-2026-F-90000602,日期错,单张工作室,2024-02-30,,2024-04-05,版权登记',
			'浙作登字-2026-F-90000601,重号,单张工作室,2024-03-04,,2024-04-05,版权登记',
			'too,few']) {
			const b = await fazhi(['pattern', 'add', f, '--db', db, '--meta', meta]);
			assert.notEqual(b.code, 0, meta);
			assert.ok(hasHan(b.stderr), b.stderr);
		}
		assert.equal((await counts()).regs, before.regs + 1);
	});

	test('fazhi pattern trace --batch answers as one trace per image does, with the evidence', async () => {
		const ix = join(dir, 'batch-index'), qs = join(dir, 'batch-queries');
		await mkdir(qs, { recursive: true });
		for (const seed of [701, 702, 703]) {
			const f = join(dir, `b${seed}.png`);
			await writeFile(f, design(seed));
			const r = await fazhi(['pattern', 'add', f, '--index', ix]);
			assert.equal(r.code, 0, r.stderr);
		}
		await writeFile(join(qs, 'a.png'), design(702));
		await writeFile(join(qs, 'b.png'), design(703, 192, [[20, 20, 60], [250, 240, 200], [200, 80, 40], [60, 160, 90]]));
		await writeFile(join(qs, 'c.png'), design(799));
		const batch = await fazhi(['pattern', 'trace', '--batch', qs, '--index', ix, '--json', '--top', '3']);
		assert.equal(batch.code, 0, batch.stderr);
		const lines = batch.stdout.trim().split('\n').map((l) => JSON.parse(l));
		assert.deepEqual(lines.map((l) => l.query), ['a.png', 'b.png', 'c.png'].map((n) => join(qs, n)));
		for (const l of lines) {
			const one = await fazhi(['pattern', 'trace', l.query, '--index', ix, '--json', '--top', '3']);
			assert.equal(one.code, 0, one.stderr);
			assert.deepEqual(JSON.parse(one.stdout).matches, l.matches, l.query);
		}
		// the same design: 相同 with its agreeing keypoints; its recolouring at
		// least 近似; a design never registered: nothing reaches 近似
		assert.equal(lines[0].matches[0].id, 2);
		assert.equal(lines[0].matches[0].decision, '相同');
		assert.ok(lines[0].matches[0].points >= 8);
		assert.equal(lines[1].matches[0].id, 3);
		assert.ok(['相同', '近似'].includes(lines[1].matches[0].decision), JSON.stringify(lines[1]));
		assert.ok(lines[2].matches.every((m) => m.decision === '不同'), JSON.stringify(lines[2]));
		// a list file works as a folder does; an unreadable entry is named and the rest answered
		await writeFile(join(dir, 'list.txt'), `${join(qs, 'a.png')}\n${join(dir, 'missing.png')}\n`);
		const list = await fazhi(['pattern', 'trace', '--batch', join(dir, 'list.txt'), '--index', ix, '--json']);
		assert.notEqual(list.code, 0);
		assert.equal(list.stdout.trim().split('\n').length, 1);
		assert.ok(hasHan(list.stderr), list.stderr);
	});
});
