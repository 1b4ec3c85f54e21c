// mediate.test.mjs - mediation through a real server on the demo district:
// the public request and tracking with a wrong phone, registering and
// mediating a dispute to its 人民调解协议书 PDF, the labour case across
// stages, 欠薪线索 import over HTTP and with `fazhi import wage-leads`
// (good, bad and duplicate rows; a second import adds nothing), court
// figures, and the demo year's figures.
// Sources driven here: src/domain/mediate/mediate_api.c, mediate_demo.c,
// src/cli/cmd_import.c (wage-leads).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { tempDir, dbPath, demo, fazhi, startServer, Client, expectError, sqliteInt } from './lib.mjs';

const CSV = [
	'线索编号,统一社会信用代码,用人单位,涉及人数,欠薪金额,登记日期',
	'T1,91330603MA2D7Q8K6N,绍兴某纺织有限公司,12,86400.00,2026-03-02',
	'T2,91350100M000100Y44,错误代码公司,3,1000,2026-03-02',
	'T3,91330603MA20002460,某印染有限公司,5,abc,2026-03-03',
	'T1,91330603MA2D7Q8K6N,绍兴某纺织有限公司,12,86400.00,2026-03-02',
	'T4,91330603MA20002460,某印染有限公司,7,12000.50,2026-03-04',
].join('\n') + '\n';

describe('mediate', () => {
	let dir, db, srv, users, justice, court;

	before(async () => {
		dir = await tempDir(null, 'fazhi-mediate-');
		db = dbPath(dir);
		users = await demo(dir, 5);
		srv = await startServer(db, { rate: 100000 });
		justice = new Client(srv.url);
		assert.equal((await justice.login('justice1', users.justice1.password)).status, 200);
		court = new Client(srv.url);
		assert.equal((await court.login('court1', users.court1.password)).status, 200);
	}, { timeout: 60000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	test('public request and tracking; a wrong phone learns nothing', async () => {
		const pub = new Client(srv.url);
		const r = await pub.post('/api/v1/public/mediate/apply', {
			applicant: '王五', respondent: '隔壁邻居', phone: '13700001111',
			town: '柯岩街道', summary: '漏水纠纷', amount: '3000',
		});
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.number, /^柯调〔\d{4}〕\d+号$/);
		let t = await pub.post('/api/v1/public/mediate/track', { number: r.json.number, phone: '13700001111' });
		assert.equal(t.status, 200, t.text);
		assert.equal(t.json.status, '已登记');
		t = await pub.post('/api/v1/public/mediate/track', { number: r.json.number, phone: '13700001112' });
		const e = expectError(t, 404, 'not_found');
		const u = expectError(await pub.post('/api/v1/public/mediate/track',
			{ number: '柯调〔2099〕1号', phone: '13700001111' }), 404, 'not_found');
		assert.deepEqual(e, u);
		expectError(await pub.post('/api/v1/public/mediate/apply', { applicant: '王五' }), 400, 'invalid');
	});

	test('a dispute from registration to the agreement PDF', async () => {
		const org = await sqliteInt(db, "SELECT id FROM mediate_orgs WHERE name = '柯桥街道人民调解委员会'");
		let r = await justice.post('/api/v1/mediate/disputes', {
			track: 'people', town: '柯桥街道', org_id: org,
			applicant: '李四', respondent: '某物业服务有限公司', phone: '13600002222',
			summary: '物业费争议', amount: '8000.00',
		});
		assert.equal(r.status, 201, r.text);
		const base = `/api/v1/mediate/disputes/${r.json.id}`;
		// an agreement before a mediator is assigned is refused
		expectError(await justice.post(base + '/actions', { transition: 'agree', data: { 协议内容: 'x' } }), 409, 'bad_state');
		r = await justice.post(base + '/assign', {});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'mediating');
		assert.ok(r.json.dispute.mediator);
		assert.ok(r.json.deadlines.some((d) => d.key === 'mediate' && d.status === 'running'));
		r = await justice.post(base + '/actions', {
			transition: 'agree', data: { 协议内容: '物业公司减免物业费两千元', 协议金额: 600000, 履行方式: '十日内支付' },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.dispute.outcome, 'success');
		assert.ok(r.json.deadlines.some((d) => d.key === 'confirm_apply' && d.status === 'running'));
		const pdf = await fetch(srv.url + base + '/documents/agreement', { headers: { Cookie: `fz_session=${justice.cookie}` } });
		assert.equal(pdf.status, 200);
		assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString(), '%PDF');
		r = await justice.post(base + '/actions', { transition: 'apply_confirm', data: { 确认法院: '绍兴市柯桥区人民法院' } });
		assert.equal(r.json.state, 'confirming');
	});

	test('a form without its 调解组织 names the field in words, never by its key, and adds nothing', async () => {
		const before = await sqliteInt(db, 'SELECT count(*) FROM mediate_disputes');
		const r = await justice.post('/api/v1/mediate/disputes', {
			track: 'people', town: '柯桥街道', applicant: '李四', respondent: '某物业服务有限公司',
			phone: '13600002222', summary: '物业费争议' });
		const e = expectError(r, 400, 'invalid');
		assert.equal(e.field, 'org_id');
		assert.equal(e.message, '请填写“调解组织”');
		assert.equal(await sqliteInt(db, 'SELECT count(*) FROM mediate_disputes'), before);
	});

	test('a labour dispute keeps one history across 调解, 监察 and 仲裁', async () => {
		const org = await sqliteInt(db, "SELECT id FROM mediate_orgs WHERE kind = 'labor'");
		let r = await justice.post('/api/v1/mediate/disputes', {
			track: 'labor', town: '330603009000', org_id: org, applicant: '赵六',
			respondent: '某建筑劳务有限公司', phone: '13500003333', summary: '拖欠工资三个月', amount: '24000',
		});
		assert.equal(r.status, 201, r.text);
		const base = `/api/v1/mediate/disputes/${r.json.id}`;
		await justice.post(base + '/actions', { transition: 'to_inspection', data: { 转办理由: '拖欠工资' } });
		await justice.post(base + '/actions', { transition: 'to_arbitration', data: { 仲裁请求: '支付工资' } });
		r = await justice.get(base);
		assert.equal(r.json.state, 'arbitration');
		assert.deepEqual(r.json.events.map((e) => e.name), ['create', 'to_inspection', 'to_arbitration']);
		assert.equal(r.json.dispute.outcome, 'failed');
	});

	test('劳动争议调解仲裁法 Art. 47-50: a final award, each side\'s period, then in force', async () => {
		const org = await sqliteInt(db, "SELECT id FROM mediate_orgs WHERE kind = 'labor'");
		let r = await justice.post('/api/v1/mediate/disputes', {
			track: 'labor', town: '330603009000', org_id: org, applicant: '钱七', received_on: '2025-02-03',
			respondent: '某纺织有限公司', phone: '13500004444', summary: '拖欠工资', amount: '20000',
		});
		assert.equal(r.status, 201, r.text);
		const base = `/api/v1/mediate/disputes/${r.json.id}`;
		const step = (transition, on, data) => justice.post(base + '/actions', { transition, on, data });
		await step('to_arbitration', '2025-02-18', { 仲裁请求: '支付工资' });
		await step('accept_arb', '2025-02-20', { 仲裁程序: '普通' });
		// neither the items nor 终局裁决: refused, nothing written
		expectError(await step('award', '2025-04-10', { 裁决结果: '支付工资' }), 400, 'invalid');
		// 20000 元 is under twelve months of 2490 元 (29880 元): final
		r = await step('award', '2025-04-10', { 裁决结果: '支付工资', 裁决事项: [{ 类别: '劳动报酬', 金额: 2000000 }] });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'awarded');
		assert.equal(r.json.award.final, true);
		assert.equal(r.json.award.in_force_on, '2025-04-10');
		await step('served_worker', '2025-04-14');
		r = await step('served_employer', '2025-04-15');
		assert.ok(r.json.deadlines.some((d) => d.key === 'sue_final' && d.due === '2025-04-29'));
		assert.ok(r.json.deadlines.some((d) => d.key === 'set_aside' && d.due === '2025-05-15'));
		expectError(await step('effective', '2025-05-15'), 409, 'bad_state');
		r = await step('effective', '2025-05-16');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'effective');
		assert.match(r.json.award.effect, /第四十七条/);
	});

	test('欠薪线索 over HTTP: bad rows reported by line, nothing added twice', async () => {
		const up = (body) => justice.request('POST', '/api/v1/mediate/wage-leads/import?name=t.csv&source=national',
			{ raw: body, type: 'text/csv' });
		let r = await up(CSV);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.added, 2);
		assert.equal(r.json.duplicates, 1);
		assert.equal(r.json.bad, 2);
		assert.deepEqual(r.json.errors.map((e) => e.line), [3, 4]);
		r = await up(CSV);
		assert.equal(r.json.added, 0);
		assert.equal(r.json.duplicates, 3);
		r = await justice.get('/api/v1/mediate/wage-leads');
		const lead = r.json.items.find((l) => l.ref === 'T1');
		assert.equal(lead.uscc, '91330603MA2D7Q8K6N');
		r = await justice.post(`/api/v1/mediate/wage-leads/${lead.id}/status`, { status: 'handling', note: '约谈' });
		assert.equal(r.status, 200, r.text);
		r = await justice.post(`/api/v1/mediate/wage-leads/${lead.id}/status`, { status: 'resolved', paid: '86400.00' });
		assert.equal(r.status, 200, r.text);
		expectError(await justice.post(`/api/v1/mediate/wage-leads/${lead.id}/status`, { status: 'handling' }), 409, 'bad_state');
	});

	test('`fazhi import wage-leads` from the command line', async (t) => {
		const d = await tempDir(t, 'fazhi-wage-');
		const file = join(d, 'leads.json');
		await writeFile(file, JSON.stringify([
			{ ref: 'J1', uscc: '91330603MA200006XX', employer: '某劳务公司', workers: 3, amount: '9000', reported_on: '2026-05-01' },
			{ ref: 'J2', uscc: 'bad', employer: '某公司', workers: 3, amount: '9000', reported_on: '2026-05-01' },
		], null, 1));
		let r = await fazhi(['import', 'wage-leads', file, '--db', db, '--source', 'provincial']);
		assert.equal(r.code, 3, r.stderr);
		assert.match(r.stdout, /1 added/);
		assert.match(r.stderr, /leads\.json:\d+: 统一社会信用代码无效/);
		r = await fazhi(['import', 'wage-leads', file, '--db', db, '--source', 'provincial']);
		assert.match(r.stdout, /0 added, 1 already known/);
		r = await fazhi(['import', 'wage-leads', join(d, 'missing.csv'), '--db', db]);
		assert.equal(r.code, 1);
	});

	test('court figures and the demo year\'s figures', async () => {
		let r = await court.put('/api/v1/mediate/court-stats', { year: 2026, town: '柯桥街道', civil_first: 1600 });
		assert.equal(r.status, 200, r.text);
		expectError(await justice.put('/api/v1/mediate/court-stats', { year: 2026, town: '柯桥街道', civil_first: 1 }), 403, 'forbidden');
		r = await justice.get('/api/v1/mediate/metrics?from=2025-01-01&to=2025-12-31&by=track');
		assert.equal(r.status, 200, r.text);
		// about 23,700 mediated; about 5,200 settled by the court's team
		assert.ok(Math.abs(r.json.total.mediated - 23700) < 300, `mediated ${r.json.total.mediated}`);
		const courtTrack = r.json.groups.find((g) => g.name === '诉前调解');
		assert.ok(Math.abs(courtTrack.success - 5200) < 200, `court ${courtTrack.success}`);
		const fast = r.json.groups.find((g) => g.name === '企业工伤快处');
		assert.ok(fast.within_3_days / fast.mediated > 0.8);
		assert.equal(r.json.litigation.towns.length, 16);
		assert.ok(r.json.litigation.total.rate > 50);
		r = await justice.get('/api/v1/mediate/disputes?track=injury&open=1');
		assert.ok(r.json.items.length > 0);
		assert.ok(r.json.items.every((i) => i.track === 'injury'));
		assert.ok(r.json.items.some((i) => i.light === 'overdue'));
	});
});
