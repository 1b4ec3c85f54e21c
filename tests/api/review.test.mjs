// review.test.mjs - 行政复议 through a real server on the demo district: the
// public application and tracking (a wrong phone answers like an unknown
// number; the rate limit), station intake and its data scope, a case from
// 受理 to the decision PDF, refused steps that change nothing, officers,
// lawsuits and the figures of the demo year.
// Sources driven here: src/domain/review/review_api.c, review_demo.c.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, expectError, sqliteInt } from './lib.mjs';

const APP = {
	applicant: '张三', phone: '13812345678', applicant_id: '33060319900101018X',
	respondent: '绍兴市柯桥区市场监督管理局', respondent_kind: 'department',
	act: '柯市监罚〔2026〕5号行政处罚决定（罚款五千元）', request: '请求撤销该处罚决定',
};

async function post(srv, path, body) {
	const c = new Client(srv.url);
	return c.post(path, body);
}

describe('review', () => {
	let dir, db, srv, users, justice, town;

	before(async () => {
		dir = await tempDir(null, 'fazhi-review-');
		db = dbPath(dir);
		users = await demo(dir, 4);
		srv = await startServer(db, { rate: 100000 });
		justice = new Client(srv.url);
		assert.equal((await justice.login('justice1', users.justice1.password)).status, 200);
		town = new Client(srv.url);
		assert.equal((await town.login('town1', users.town1.password)).status, 200);
	}, { timeout: 60000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	test('public application, then tracking by number and phone only', async () => {
		const r = await post(srv, '/api/v1/public/review/apply', APP);
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.number, /^柯政复〔\d{4}〕\d+号$/);
		assert.equal(r.json.organ, '绍兴市柯桥区人民政府');
		const t = await post(srv, '/api/v1/public/review/track',
			{ number: r.json.number, phone: '138 1234 5678' });
		assert.equal(t.status, 200, t.text);
		assert.deepEqual(Object.keys(t.json).sort(),
			['kind', 'number', 'received_on', 'status', 'updated_on']);
		assert.equal(t.json.status, '已收到申请');
		assert.ok(!t.text.includes('张三') && !t.text.includes('5678'));
		// the phone is sealed, not stored in clear
		assert.equal(await sqliteInt(db, "SELECT COUNT(*) FROM review_cases WHERE phone_enc LIKE '%13812345678%'"), 0);
	});

	test('a wrong phone gets the same answer as an unknown number', async () => {
		const r = await post(srv, '/api/v1/public/review/apply', APP);
		const wrong = await post(srv, '/api/v1/public/review/track',
			{ number: r.json.number, phone: '13812345679' });
		const unknown = await post(srv, '/api/v1/public/review/track',
			{ number: '柯政复〔2099〕1号', phone: '13812345678' });
		const e1 = expectError(wrong, 404, 'not_found');
		const e2 = expectError(unknown, 404, 'not_found');
		assert.deepEqual(e1, e2);
	});

	test('bad applications are refused in Chinese and store nothing', async () => {
		const before = await sqliteInt(db, 'SELECT COUNT(*) FROM cases');
		expectError(await post(srv, '/api/v1/public/review/apply', { ...APP, phone: '123' }), 400, 'invalid');
		expectError(await post(srv, '/api/v1/public/review/apply', { ...APP, respondent_kind: 'court' }), 400, 'invalid');
		expectError(await post(srv, '/api/v1/public/review/apply', { ...APP, act: '' }), 400, 'invalid');
		expectError(await post(srv, '/api/v1/public/review/apply', { ...APP, secret: 1 }), 400, 'invalid');
		assert.equal(await sqliteInt(db, 'SELECT COUNT(*) FROM cases'), before);
	});

	test('station intake: own station yes, another town\'s station no', async () => {
		const own = await sqliteInt(db, "SELECT id FROM units WHERE name = '柯桥街道行政复议基层服务站'");
		const other = await sqliteInt(db, "SELECT id FROM units WHERE name = '平水镇行政复议基层服务站'");
		let r = await town.post('/api/v1/review/applications', { ...APP, station_id: own });
		assert.equal(r.status, 201, r.text);
		assert.ok(r.json.id > 0);
		assert.equal(await sqliteInt(db, `SELECT station_id FROM review_cases WHERE case_id = ${r.json.id}`), own);
		expectError(await town.post('/api/v1/review/applications', { ...APP, station_id: other }), 403, 'forbidden');
		// the 司法局 takes applications at any station
		r = await justice.post('/api/v1/review/applications', { ...APP, station_id: other });
		assert.equal(r.status, 201, r.text);
	});

	test('行政复议法 Art. 20 and Art. 30(3): the application period and the deemed acceptance', async () => {
		const station = await sqliteInt(db, "SELECT id FROM units WHERE kind = 'station' LIMIT 1");
		// knew Thu 2025-01-02, 60 days end Mon 2025-03-03; received 2025-03-10: late
		const e = expectError(await justice.post('/api/v1/review/applications', {
			...APP, station_id: station, received_on: '2025-03-10', known_on: '2025-04-01' }), 400, 'invalid');
		assert.equal(e.field, 'known_on');
		expectError(await justice.post('/api/v1/review/applications', {
			...APP, station_id: station, received_on: '2025-03-10', known_on: '2025-01-02', informed: 'no' }), 400, 'invalid');
		let r = await justice.post('/api/v1/review/applications', {
			...APP, station_id: station, received_on: '2025-03-10', known_on: '2025-01-02' });
		assert.equal(r.status, 201, r.text);
		let base = `/api/v1/review/cases/${r.json.id}`;
		let c = await justice.get(base);
		assert.equal(c.json.apply_period.due, '2025-03-03');
		assert.equal(c.json.apply_period.late, true);
		assert.match(c.json.apply_period.message, /第三十条第一款第四项/);
		assert.ok(c.json.flags.some((f) => f.name === '超过申请期限' && f.open));
		const events = c.json.events.length;
		expectError(await justice.post(base + '/actions', { transition: 'accept', on: '2025-03-11' }), 409, 'bad_state');
		assert.equal((await justice.get(base)).json.events.length, events);
		// with the obstacle (Art. 20(2)) recorded the same dates are on time
		r = await post(srv, '/api/v1/public/review/apply', { ...APP, known_on: '2025-01-02',
			delay_reason: '住院治疗', obstacle_from: '2025-02-01', obstacle_to: '2025-02-15' });
		assert.equal(r.status, 201, r.text);
		// deemed acceptance: filed Mon 2025-03-03, 受理 recorded 03-20
		r = await justice.post('/api/v1/review/applications', { ...APP, station_id: station, received_on: '2025-03-03' });
		base = `/api/v1/review/cases/${r.json.id}`;
		c = await justice.post(base + '/actions', { transition: 'accept', on: '2025-03-20' });
		assert.equal(c.status, 200, c.text);
		assert.equal(c.json.acceptance.deemed, true);
		assert.equal(c.json.acceptance.accepted_on, '2025-03-10');
		assert.equal(c.json.acceptance.recorded_on, '2025-03-20');
		assert.ok(c.json.deadlines.some((d) => d.key === 'accept' && d.missed));
		assert.ok(c.json.deadlines.some((d) => d.key === 'decide' && d.due === '2025-05-09'));
	});

	test('a case from 受理 to the decision PDF; refused steps change nothing', async () => {
		const r = await justice.post('/api/v1/review/applications', {
			...APP, station_id: await sqliteInt(db, "SELECT id FROM units WHERE kind = 'station' LIMIT 1"),
			facts: { 事实清楚: true, 涉案金额: 200000 },
		});
		const id = r.json.id, base = `/api/v1/review/cases/${id}`;
		let c = await justice.get(base);
		assert.equal(c.status, 200, c.text);
		assert.equal(c.json.procedure_suggested.procedure, '简易');
		const events = c.json.events.length;
		// a decision before acceptance is refused, and nothing changes
		expectError(await justice.post(base + '/actions', { transition: 'decide', data: { 决定类型: '撤销' } }), 409, 'bad_state');
		assert.equal((await justice.get(base)).json.events.length, events);
		c = await justice.post(base + '/actions', { transition: 'accept' });
		assert.equal(c.status, 200, c.text);
		assert.equal(c.json.facts['程序'], '简易');
		assert.ok(c.json.deadlines.some((d) => d.key === 'decide_simple' && d.status === 'running'));
		c = await justice.post(base + '/assign', {});
		assert.equal(c.status, 200, c.text);
		assert.ok(c.json.review.officer);
		await justice.post(base + '/actions', { transition: 'send_copy' });
		await justice.post(base + '/actions', { transition: 'reply', data: { 答复情况: '已答复', 被申请人答复: '处罚认定事实清楚。' } });
		expectError(await justice.post(base + '/actions', { transition: 'decide', data: { 决定类型: '没有这种' } }), 400, 'invalid');
		c = await justice.post(base + '/actions', {
			transition: 'decide', data: {
				决定类型: '撤销', 查明事实: '被申请人未能提供检验报告。',
				本机关认为: '主要事实不清、证据不足。', 决定内容: '撤销被申请人作出的行政处罚决定。',
			},
		});
		assert.equal(c.status, 200, c.text);
		assert.equal(c.json.state, 'decided');
		const pdf = await fetch(srv.url + base + '/documents/decision', { headers: { Cookie: `fz_session=${justice.cookie}` } });
		assert.equal(pdf.status, 200);
		assert.equal(pdf.headers.get('content-type'), 'application/pdf');
		assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString(), '%PDF');
		// a decided case takes no more steps
		expectError(await justice.post(base + '/actions', { transition: 'withdraw', data: { 撤回理由: 'x' } }), 409, 'bad_state');
		// the town user cannot take steps
		expectError(await town.post(base + '/actions', { transition: 'accept' }), 403, 'forbidden');
	});

	test('officers, lawsuits and the figures of the demo year', async () => {
		let r = await justice.get('/api/v1/review/officers');
		assert.equal(r.status, 200);
		assert.ok(r.json.items.length >= 12);
		assert.ok(r.json.items.some((o) => o.grade_name === '高级行政复议员'));
		r = await justice.get('/api/v1/review/metrics?from=2025-01-01&to=2025-12-31&by=organ');
		assert.equal(r.status, 200, r.text);
		const m = Object.fromEntries(r.json.metrics.map((x) => [x.key, x]));
		assert.deepEqual(Object.keys(m).sort(), ['appearance', 'jiucuo', 'lost', 'tiaoche']);
		// the district's 62.1% 调撤率, and no case lost after review
		assert.ok(m.tiaoche.rate > 0.57 && m.tiaoche.rate < 0.67, `调撤率 ${m.tiaoche.rate}`);
		assert.equal(m.lost.num, 0);
		assert.ok(m.lost.den > 0);
		r = await justice.get('/api/v1/review/metrics?by=station&from=2025-01-01&to=2025-12-31');
		assert.ok(r.json.metrics[0].groups.length >= 10);
		expectError(await justice.get('/api/v1/review/metrics?by=colour'), 400, 'invalid');
		r = await justice.post('/api/v1/review/suits', {
			defendant_unit: await sqliteInt(db, "SELECT id FROM units WHERE name LIKE '%市场监督管理局'"),
			court: '绍兴市柯桥区人民法院', court_no: '（2026）浙0603行初7号', filed_on: '2026-03-02',
		});
		assert.equal(r.status, 201, r.text);
		r = await justice.post(`/api/v1/review/suits/${r.json.id}/appearances`,
			{ hearing_on: '2026-04-01', appeared: true, head_name: '王局长', head_title: '局长' });
		assert.equal(r.status, 201, r.text);
	});

	test('public routes are rate-limited', { timeout: 60000 }, async (t) => {
		const limited = await startServer(db, { rate: 5 });
		t.after(() => limited.stop());
		let last;
		for (let i = 0; i < 8; i++)
			last = await post(limited, '/api/v1/public/review/track', { number: 'x', phone: '13812345678' });
		expectError(last, 429, 'rate_limited');
	});
});
