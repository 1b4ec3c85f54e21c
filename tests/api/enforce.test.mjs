// enforce.test.mjs - the enforcement domain through a real server on the
// demo district: case list with lights, opening a case, steps and refused
// steps, the discretion range on the decision, the 两法衔接 warning and the
// procuratorate's list, the public 行政行为码 page and API (tampering,
// rating once), the penalty documents (PDF page 1 rendered with pdftoppm)
// and the rule-of-law office's supervision lists.
// Sources driven here: src/domain/enforce/enforce_api.c, enforce_code.c,
// enforce_discretion.c, enforce_docs.c, enforce_review.c, enforce_demo.c,
// src/engine/actcode/actcode_http.c, src/engine/docs/pdf.c and html.c,
// src/cli/cmd_code.c.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

import { tempDir, dbPath, demo, fazhi, startServer, Client, expectError, sqliteInt } from './lib.mjs';

function run(cmd, args) {
	return new Promise((ok) => execFile(cmd, args, (e, stdout, stderr) =>
		ok({ code: e ? e.code ?? 1 : 0, stdout, stderr })));
}

// A valid 统一社会信用代码 (GB 32100 with a GB 11714 organisation code).
function uscc(n) {
	const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const ow = [3, 7, 9, 10, 5, 8, 4, 2];
	let body = '91330621' + String(30000000 + n);
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += Number(body[8 + i]) * ow[i];
	const c = 11 - (sum % 11);
	body += c === 10 ? 'X' : c === 11 ? '0' : String(c);
	sum = 0;
	for (let i = 0; i < 17; i++) sum += cs.indexOf(body[i]) * w[i];
	return body + cs[(31 - (sum % 31)) % 31];
}

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const daysAgo = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

describe('enforce', () => {
	let dir, srv, users, off, proc, office;
	let caseId, token;

	before(async () => {
		dir = await tempDir(null, 'fazhi-enforce-');
		users = await demo(dir, 1);
		srv = await startServer(dbPath(dir));
		off = new Client(srv.url);
		assert.equal((await off.login('officer2', users.officer2.password)).status, 200);
		proc = new Client(srv.url);
		assert.equal((await proc.login('procurator1', users.procurator1.password)).status, 200);
		office = new Client(srv.url);
		assert.equal((await office.login('office1', users.office1.password)).status, 200);
	});
	after(async () => { if (srv) await srv.stop(); });

	test('the demo year is listed with lights and filters', async () => {
		let r = await off.get('/api/v1/enforce/cases?type=penalty&per_page=50');
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.total > 100, `total ${r.json.total}`);
		for (const c of r.json.items)
			assert.ok(['none', 'green', 'yellow', 'red', 'overdue', 'paused', 'unknown'].includes(c.light));
		r = await off.get('/api/v1/enforce/cases?type=penalty&light=overdue');
		assert.equal(r.status, 200);
		for (const c of r.json.items) assert.equal(c.light, 'overdue');
		r = await off.get('/api/v1/enforce/cases?type=inspection');
		assert.ok(r.json.total > 50);
		r = await off.get('/api/v1/enforce/cases?light=purple');
		expectError(r, 400, 'invalid');
	});

	test('open a penalty case, refused steps change nothing', async () => {
		const o = await off.get('/api/v1/enforce/officers');
		assert.ok(o.json.items.length >= 2);
		const ids = o.json.items.slice(0, 2).map((x) => x.id);
		const body = {
			kind: 'penalty', title: '销售不合格电热毯案',
			party: { kind: 'org', name: '绍兴测试电器有限公司', id_number: uscc(7), address: '柯桥区测试路1号', rep: '测试' },
			officers: ids, violation: 'SJ-CP-49', opened: daysAgo(20), act_date: daysAgo(40),
			discovered_on: daysAgo(22), facts: { 货值金额: 500000 },
		};
		let r = await off.post('/api/v1/enforce/cases', { ...body, officers: [ids[0]] });
		assert.ok(r.status === 400, r.text);
		r = await off.post('/api/v1/enforce/cases', { ...body, colour: 'red' });
		expectError(r, 400, 'invalid');
		r = await off.post('/api/v1/enforce/cases', { ...body, act_date: daysAgo(800) });
		assert.equal(r.status, 400, r.text);
		// 行政处罚法 Art. 36 counts to the discovery, which precedes 立案
		r = await off.post('/api/v1/enforce/cases', { ...body, discovered_on: daysAgo(19) });
		assert.equal(expectError(r, 400, 'invalid').field, 'discovered_on');
		r = await off.post('/api/v1/enforce/cases', body);
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.number, /^柯市监罚〔\d{4}〕\d+号$/);
		caseId = r.json.id;
		r = await off.post(`/api/v1/enforce/cases/${caseId}/actions`, { transition: 'close' });
		expectError(r, 409, 'bad_state');
		r = await off.get(`/api/v1/enforce/cases/${caseId}`);
		assert.equal(r.json.state, 'filed');
		assert.equal(r.json.events.length, 1);
		assert.equal(r.json.facts.发现日期, daysAgo(22));
		assert.equal(r.json.facts.程序规则, '市场监督管理行政处罚程序规定');
		assert.ok(r.json.actions.some((a) => a.key === 'investigate'));
		r = await proc.post(`/api/v1/enforce/cases/${caseId}/actions`, { transition: 'investigate' });
		assert.equal(r.status, 403);
	});

	test('decision outside the discretion range needs a reason; code issued', async () => {
		const act = (transition, data) => off.post(`/api/v1/enforce/cases/${caseId}/actions`,
			{ transition, on: daysAgo(10), data });
		assert.equal((await act('investigate')).status, 200);
		assert.equal((await act('notify', { 拟处罚内容: '罚款', 拟罚款金额: 900000 })).status, 200);
		// Art. 62, 64(1): inside the 5-工作日 hearing window only with a waiver
		let r = await act('decide', { 处罚种类: '罚款', 罚款金额: 900000, 裁量说明: '拒不停止销售' });
		let e = expectError(r, 409, 'bad_state');
		assert.equal(e.field, '听证申请期限');
		assert.match(e.message, /《中华人民共和国行政处罚法》第六十二条、第六十四条第（一）项/);
		// a fact its own step records cannot be written by a facts edit
		r = await off.post(`/api/v1/enforce/cases/${caseId}/facts`, { facts: { 已听证: true } });
		assert.equal(expectError(r, 400, 'invalid').field, '已听证');
		r = await act('waive', { 放弃人: '测试（法定代表人）', 放弃日期: daysAgo(10), 放弃方式: '传真' });
		assert.equal(expectError(r, 400, 'invalid').field, '放弃方式');
		r = await act('waive', { 放弃人: '测试（法定代表人）', 放弃日期: daysAgo(10), 放弃方式: '书面' });
		assert.equal(r.status, 200, r.text);
		r = await act('decide', { 处罚种类: '罚款', 罚款金额: 900000 });
		e = expectError(r, 400, 'invalid');
		assert.equal(e.field, '裁量说明');
		r = await act('decide', { 处罚种类: '罚款', 罚款金额: 900000, 裁量说明: '拒不停止销售，经集体讨论从重' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'decided');
		assert.equal(r.json.discretion.outside_range, true);
		const code = r.json.codes.find((c) => c.type === '行政处罚决定');
		assert.ok(code, JSON.stringify(r.json.codes));
		token = code.token;
		r = await office.get('/api/v1/enforce/supervision/discretion');
		assert.ok(r.json.items.some((x) => x.case_id === caseId));
	});

	test('the public code page verifies, rates once, rejects tampering', async () => {
		const anon = new Client(srv.url);
		let r = await anon.get(`/api/v1/v/${token}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.valid, true);
		assert.equal(r.json.officers.length, 2);
		assert.ok(r.json.officers[0].cert.length >= 6);
		assert.equal(r.json.agency, '绍兴市柯桥区市场监督管理局');
		const bad = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
		r = await anon.get(`/api/v1/v/${bad}`);
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.code, 'invalid');
		r = await anon.get(`/v/${token}`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /text\/html/);
		assert.match(r.text, /\/v\/assets\/v\.js/);
		r = await anon.post(`/api/v1/v/${token}/rating`, { rating: '满意', comment: '执法规范' });
		assert.equal(r.status, 201, r.text);
		r = await anon.post(`/api/v1/v/${token}/rating`, { rating: '不满意' });
		expectError(r, 409, 'conflict');
		r = await anon.post(`/api/v1/v/${bad}/rating`, { rating: '满意' });
		assert.equal(r.status, 400);
		r = await office.get('/api/v1/enforce/stats/codes');
		assert.ok(r.json.items.some((x) => x.agency === '绍兴市柯桥区市场监督管理局' && x.ratings > 0));
	});

	test('fazhi code verify offline (src/cli/cmd_code.c) with the published key', async () => {
		// the key the server publishes is the one `fazhi code pubkey` prints
		const pem = await new Client(srv.url).get('/.well-known/fazhi-district-key.pem');
		assert.equal(pem.status, 200);
		assert.match(pem.text, /BEGIN PUBLIC KEY/);
		const pk = await fazhi(['code', 'pubkey', '--db', dbPath(dir)]);
		assert.equal(pk.code, 0, pk.stderr);
		assert.equal(pk.stdout.trim(), pem.text.trim());
		const pub = join(dir, 'district.pem');
		await writeFile(pub, pem.text);
		let r = await fazhi(['code', 'verify', token, '--pub', pub]);
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^valid: .*\ntype: penalty/ms);
		r = await fazhi(['code', 'verify', `${srv.url}/v/${token}`, '--db', dbPath(dir)]);
		assert.equal(r.code, 0, r.stdout + r.stderr);
		const bad = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
		r = await fazhi(['code', 'verify', bad, '--pub', pub]);
		assert.equal(r.code, 3, r.stdout + r.stderr);
		assert.equal((await fazhi(['code', 'verify', token])).code, 2);
	});

	test('documents render: PDF page 1 to PNG, HTML preview, deferral only when granted', async () => {
		/* Art. 59(1)(二): no 决定书 without the recorded facts and evidence,
		 * never the case's title or a made-up list in their place */
		const refused = expectError(await off.get(`/api/v1/enforce/cases/${caseId}/documents/decision?format=html`), 409, 'bad_state');
		assert.match(refused.message, /违法事实/);
		assert.match(refused.message, /第五十九条/);
		const facts = '当事人于本年度销售的某品牌电热水壶经抽检不合格，货值金额九千元';
		let d = await off.post(`/api/v1/enforce/cases/${caseId}/facts`,
			{ facts: { 违法事实: facts, 证据: '抽样检验报告\n询问笔录；\n进货单据' } });
		assert.equal(d.status, 200, d.text);
		d = await off.get(`/api/v1/enforce/cases/${caseId}/documents/decision?format=html`);
		assert.equal(d.status, 200, d.text.slice(0, 300));
		assert.ok(d.text.includes(`经查，${facts}。`), 'the facts as recorded, with their full stop');
		assert.match(d.text, /1．抽样检验报告；[\s\S]*2．询问笔录；[\s\S]*3．进货单据。/);
		assert.doesNotMatch(d.text, /当事人营业执照复印件|检验（检测）报告/);
		assert.doesNotMatch(d.text, /[^。，；]本机关决定对当事人/);
		const pdf = await fetch(`${srv.url}/api/v1/enforce/cases/${caseId}/documents/decision`,
			{ headers: { cookie: `fz_session=${off.cookie}` } });
		assert.equal(pdf.status, 200);
		const buf = Buffer.from(await pdf.arrayBuffer());
		assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
		const f = join(dir, 'decision.pdf');
		await writeFile(f, buf);
		const pr = await run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', f, join(dir, 'p')]);
		assert.equal(pr.code, 0, pr.stderr);
		const png = await stat(join(dir, 'p-1.png')).catch(() => stat(join(dir, 'p-01.png')));
		assert.ok(png.size > 5000, `png ${png.size}`);
		let r = await off.get(`/api/v1/enforce/cases/${caseId}/documents/decision?format=html`);
		assert.equal(r.status, 200);
		assert.match(r.text, /行政处罚决定书/);
		assert.match(r.text, /玖仟元整/);
		for (const k of ['advice', 'study', 'credit']) {
			r = await off.get(`/api/v1/enforce/cases/${caseId}/documents/${k}?format=html`);
			assert.equal(r.status, 200, `${k}: ${r.text.slice(0, 200)}`);
		}
		r = await off.get(`/api/v1/enforce/cases/${caseId}/documents/deferral`);
		expectError(r, 409, 'bad_state');
		r = await off.post(`/api/v1/enforce/cases/${caseId}/actions`, { transition: 'serve', data: { 送达方式: '直接送达' } });
		assert.equal(r.status, 200, r.text);
		const due = r.json.deadlines.find((d) => d.key === 'pay').due;
		const until = new Date(Date.parse(due) + 10 * 86400e3).toISOString().slice(0, 10);
		r = await off.post(`/api/v1/enforce/cases/${caseId}/defer`, { until, plan: '分三期缴纳，每期3000元', reason: '经营困难', approver: '局长' });
		assert.equal(r.status, 200, r.text);
		// (a due date in a year whose holiday notice is not loaded stays
		// unknown: the engine never guesses)
		if (until.slice(0, 4) === due.slice(0, 4))
			assert.equal(r.json.deadlines.find((d) => d.key === 'pay').due, until);
		assert.equal(r.json.facts['延期至'], until);
		r = await off.get(`/api/v1/enforce/cases/${caseId}/documents/deferral?format=html`);
		assert.equal(r.status, 200);
		assert.match(r.text, /分期/);
	});

	test('两法衔接: a fact over the threshold warns, blocks closing, procuratorate sees it', async () => {
		const o = await off.get('/api/v1/enforce/officers');
		const ids = o.json.items.slice(0, 2).map((x) => x.id);
		let r = await off.post('/api/v1/enforce/cases', {
			kind: 'penalty', title: '销售伪劣纺织品案',
			party: { kind: 'person', name: '王测试', id_number: '11010519491231002X', address: '柯桥区某路' },
			officers: ids, violation: 'SJ-CP-49', opened: today(), act_date: daysAgo(3), facts: { 货值金额: 1000000 },
		});
		assert.equal(r.status, 201, r.text);
		const id = r.json.id;
		r = await off.post(`/api/v1/enforce/cases/${id}/facts`, { facts: { 销售金额: 4999999 } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.flags.length, 0);
		r = await off.post(`/api/v1/enforce/cases/${id}/facts`, { facts: { 销售金额: 5000000 } });
		assert.equal(r.json.flags.length, 1);
		assert.match(JSON.stringify(r.json.flags), /涉嫌犯罪，应当移送/);
		r = await proc.get('/api/v1/enforce/supervision/transfers?open=1');
		assert.equal(r.status, 200);
		const row = r.json.items.find((x) => x.case_id === id);
		assert.ok(row);
		assert.equal(row.handling, '未处理');
		r = await off.post(`/api/v1/enforce/cases/${id}/transfer`, { doc_no: '柯市监移〔2026〕9号', police: '绍兴市公安局柯桥区分局', approver: '局长' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'transferred');
		r = await proc.get('/api/v1/enforce/supervision/transfers');
		assert.equal(r.json.items.find((x) => x.case_id === id).handling, '已移送');
		r = await off.get('/api/v1/enforce/supervision/transfers');
		assert.equal(r.status, 403);
	});

	test('评查: checklist from data, a closed file scored, findings closed by the unit', async () => {
		let r = await office.get('/api/v1/enforce/checklist');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.max_score, 100);
		assert.equal(r.json.items.length, 8);
		assert.equal(r.json.items.reduce((a, x) => a + x.points, 0), 100);
		assert.match(r.json.items[0].basis, /《中华人民共和国行政处罚法》第/);
		const scores = Object.fromEntries(r.json.items.map((x) => [x.key, x.points]));

		r = await off.get('/api/v1/enforce/cases?type=penalty&state=closed&per_page=5');
		const id = r.json.items[0].id;
		r = await off.post(`/api/v1/enforce/cases/${id}/review`, { scores });
		assert.equal(r.status, 403, r.text);
		r = await office.post(`/api/v1/enforce/cases/${caseId}/review`, { scores });
		expectError(r, 409, 'bad_state');
		r = await office.post(`/api/v1/enforce/cases/${id}/review`, { scores: { ...scores, facts: 21 } });
		assert.equal(expectError(r, 400, 'invalid').field, 'facts');
		r = await office.post(`/api/v1/enforce/cases/${id}/review`, { scores, colour: 1 });
		expectError(r, 400, 'invalid');
		r = await office.post(`/api/v1/enforce/cases/${id}/review`,
			{ scores: { ...scores, facts: 12 }, notes: { facts: '询问笔录缺执法人员签名' } });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.score, 92);
		assert.equal(r.json.max_score, 100);
		r = await office.post(`/api/v1/enforce/cases/${id}/review`, { scores });
		expectError(r, 409, 'conflict');

		r = await office.get(`/api/v1/enforce/cases/${id}`);
		const rev = r.json.reviews.find((x) => x.reviewer === 'office1');
		assert.equal(rev.score, 92);
		assert.equal(rev.items.facts, 12);
		assert.equal(rev.findings.length, 1);
		assert.equal(rev.findings[0].lost, 8);
		assert.equal(rev.findings[0].text, '询问笔录缺执法人员签名');
		const fid = rev.findings[0].id;

		r = await office.get('/api/v1/enforce/supervision/reviews');
		assert.equal(r.status, 200, r.text);
		const ag = r.json.agencies.find((x) => x.agency === '绍兴市柯桥区市场监督管理局');
		assert.ok(ag && ag.reviews >= 1 && ag.open_findings >= 1, JSON.stringify(r.json.agencies));
		assert.ok(r.json.officers.length >= 2);
		assert.ok(r.json.officers.every((o) => o.cert && o.max_score > 0));

		r = await off.get('/api/v1/enforce/findings?status=open');
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.items.some((f) => f.id === fid));
		r = await proc.get('/api/v1/enforce/findings');
		assert.equal(r.status, 403);
		r = await office.post(`/api/v1/enforce/findings/${fid}/close`, { response: '已整改' });
		assert.equal(r.status, 403, r.text);
		r = await off.post(`/api/v1/enforce/findings/${fid}/close`, {});
		assert.equal(expectError(r, 400, 'invalid').field, 'response');
		r = await off.post(`/api/v1/enforce/findings/${fid}/close`, { response: 'x', colour: 1 });
		expectError(r, 400, 'invalid');
		r = await off.post(`/api/v1/enforce/findings/${fid}/close`, { response: '已补签笔录，组织执法人员学习取证规范' });
		assert.equal(r.status, 200, r.text);
		r = await off.post(`/api/v1/enforce/findings/${fid}/close`, { response: '再次' });
		expectError(r, 409, 'bad_state');
		r = await office.get('/api/v1/enforce/findings?status=closed');
		const f = r.json.items.find((x) => x.id === fid);
		assert.equal(f.response, '已补签笔录，组织执法人员学习取证规范');
		assert.equal(f.closed_by, 'officer2');
		assert.equal(await sqliteInt(dbPath(dir),
			`SELECT count(*) FROM audit_log WHERE action = 'enforce.finding.close' AND object = 'finding:${fid}'`), 1);
		assert.equal(await sqliteInt(dbPath(dir),
			`SELECT count(*) FROM audit_log WHERE action = 'enforce.review' AND object = 'case:${id}'`), 1);
	});

	test('discretion calculator', async () => {
		let r = await off.get('/api/v1/enforce/discretion');
		assert.ok(r.json.items.length >= 8);
		r = await off.post('/api/v1/enforce/discretion/calc', { violation: 'YJ-XF-60', facts: { 人员密集场所: true } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.grade, '较重');
		assert.equal(r.json.range.min, 1500000);
		r = await off.post('/api/v1/enforce/discretion/calc', { violation: 'NOPE' });
		expectError(r, 404, 'not_found');
	});
});
