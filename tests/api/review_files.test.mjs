// review_files.test.mjs - an online 行政复议 application with its materials
// (行政复议法 Art. 16, 17, 22): upload without login, the type told by the
// file's own bytes, sealed at rest, claimed once by the application, the
// 授权委托书 an agent needs, and the handler opening it in the case's own
// scope only.  A refused upload or application changes no table.
// Sources driven here: src/domain/review/review_files.c, review_api.c.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, expectError, sqlite, sqliteInt, tableHashes } from './lib.mjs';

const APP = {
	applicant: '浙江某纺织有限公司', phone: '13812345678',
	respondent: '绍兴市柯桥区综合行政执法局', respondent_kind: 'department',
	act: '柯综执罚〔2026〕15号行政处罚决定', request: '请求撤销该处罚决定',
	address: '绍兴市柯桥区柯桥街道某路1号',
};

// a small but real PDF, and a marker that must never appear in the store
const MARK = 'FZ-SEALED-MATERIAL-MARKER';
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\n% ${MARK}\ntrailer <<>>\n%%EOF\n`);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

const tables = (db) => tableHashes(db, ['sessions']);

describe('review application materials', () => {
	let dir, db, srv, users, justice, town, pub;

	const upload = (kind, body, type = 'application/octet-stream') =>
		pub.request('POST', '/api/v1/public/review/files?kind=' + kind, { raw: body, type });

	before(async () => {
		dir = await tempDir(null, 'fazhi-rfiles-');
		db = dbPath(dir);
		users = await demo(dir, 4);
		srv = await startServer(db, { rate: 100000 });
		justice = new Client(srv.url);
		assert.equal((await justice.login('justice1', users.justice1.password)).status, 200);
		town = new Client(srv.url);
		assert.equal((await town.login('town1', users.town1.password)).status, 200);
		pub = new Client(srv.url);
	}, { timeout: 60000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	test('an agent\'s application with its 授权委托书 reaches the handler, sealed at rest', async () => {
		const power = await upload('power', PDF);
		assert.equal(power.status, 201, power.text);
		assert.match(power.json.ticket, /^[0-9a-f]{32}$/);
		assert.equal(power.json.kind_name, '授权委托书');
		const decision = await upload('decision', PNG, 'image/png');
		assert.equal(decision.status, 201, decision.text);

		const r = await pub.post('/api/v1/public/review/apply', {
			...APP, third_parties: ['李四'], agents: [{ name: '王律师', kind: 'lawyer' }],
			files: [power.json.ticket, decision.json.ticket],
		});
		assert.equal(r.status, 201, r.text);

		const list = await justice.get('/api/v1/review/cases?q=' + encodeURIComponent(r.json.number));
		const id = list.json.items[0].id;
		const c = await justice.get(`/api/v1/review/cases/${id}`);
		assert.equal(c.status, 200, c.text);
		assert.deepEqual(c.json.files.map((f) => [f.kind_name, f.type, f.size]),
			[['授权委托书', 'PDF', PDF.length], ['被申请的行政行为文书', 'PNG', PNG.length]]);
		assert.equal(c.json.facts['第三人'], '李四');
		assert.equal(c.json.facts['委托代理人'], '王律师（律师）');

		const f = await fetch(`${srv.url}/api/v1/review/cases/${id}/files/${c.json.files[0].id}`,
			{ headers: { Cookie: `fz_session=${justice.cookie}` } });
		assert.equal(f.status, 200);
		assert.equal(f.headers.get('content-type'), 'application/pdf');
		assert.match(f.headers.get('content-disposition'), /^inline;.*filename\*=UTF-8''/);
		assert.ok(decodeURIComponent(f.headers.get('content-disposition').split("''")[1]).endsWith('授权委托书.pdf'));
		assert.deepEqual(Buffer.from(await f.arrayBuffer()), PDF);

		// sealed: the marker is nowhere in the database file's rows
		assert.equal(await sqliteInt(db, `SELECT COUNT(*) FROM review_files WHERE instr(data, '${MARK}') > 0`), 0);
		assert.equal(await sqliteInt(db, `SELECT COUNT(*) FROM review_files WHERE case_id = ${id}`), 2);
		// only the ticket's hash is kept
		assert.equal(await sqliteInt(db, `SELECT COUNT(*) FROM review_files WHERE ticket = '${power.json.ticket}'`), 0);

		// a 镇街 user (who takes applications but reads no case) does not reach the file
		const other = await town.get(`/api/v1/review/cases/${id}/files/${c.json.files[0].id}`);
		expectError(other, 403, 'forbidden');
		// nor does the handler reach a file through another case's number
		const mine = await justice.get(`/api/v1/review/cases/${id - 1}/files/${c.json.files[0].id}`);
		expectError(mine, 404, 'not_found');
		// nor does the public
		assert.equal((await pub.get(`/api/v1/review/cases/${id}/files/${c.json.files[0].id}`)).status, 401);
	});

	test('uploads that are not PDF, JPG or PNG, empty, too big or of no kind are refused and store nothing', async () => {
		const before = await tables(db);
		const e1 = expectError(await upload('evidence', Buffer.from('<html>not a pdf</html>')), 400, 'invalid');
		assert.equal(e1.field, 'file');
		assert.match(e1.message, /PDF/);
		expectError(await upload('evidence', Buffer.alloc(0)), 400, 'invalid');
		const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
		assert.match(expectError(await upload('evidence', big), 400, 'invalid').message, /5 MB/);
		assert.equal(expectError(await upload('passport', PDF), 400, 'invalid').field, 'kind');
		assert.equal(await tables(db), before);
	});

	test('an agent without a 授权委托书, three agents, a used or unknown ticket: refused, nothing changes', async () => {
		const ev = await upload('evidence', PDF);
		const before = await tables(db);
		let e = expectError(await pub.post('/api/v1/public/review/apply', {
			...APP, agents: [{ name: '王五', kind: 'other' }], files: [ev.json.ticket],
		}), 400, 'invalid');
		assert.equal(e.field, 'files');
		assert.match(e.message, /授权委托书.*第十七条/);
		const three = [1, 2, 3].map((i) => ({ name: '代理人' + i, kind: 'lawyer' }));
		e = expectError(await pub.post('/api/v1/public/review/apply', { ...APP, agents: three }), 400, 'invalid');
		assert.match(e.message, /一至二名/);
		e = expectError(await pub.post('/api/v1/public/review/apply', {
			...APP, agents: [{ name: '赵六', kind: 'cousin' }] }), 400, 'invalid');
		assert.equal(e.field, 'agents');
		e = expectError(await pub.post('/api/v1/public/review/apply', { ...APP, files: ['0'.repeat(32)] }), 400, 'invalid');
		assert.match(e.message, /失效/);
		assert.equal(await tables(db), before);

		// the evidence ticket was not used by the refused application: it still works once
		const ok = await pub.post('/api/v1/public/review/apply', { ...APP, files: [ev.json.ticket] });
		assert.equal(ok.status, 201, ok.text);
		const again = await tables(db);
		e = expectError(await pub.post('/api/v1/public/review/apply', { ...APP, files: [ev.json.ticket] }), 400, 'invalid');
		assert.equal(e.field, 'files');
		assert.equal(await tables(db), again);
	});
});
