// export.test.mjs - every case list searches by keyword and exports exactly
// its filtered rows as an Excel workbook (issue 14: no keyword search, no
// export on any list).  The workbook is read back here from its bytes:
// Chinese headers, one row per case in the list's order, amounts as
// numbers; the file's name is Chinese; a refused or bad request writes
// nothing.  Sources: src/domain/casehttp/casehttp.c (list_xlsx),
// src/engine/docs/xlsx.c, src/engine/case/case.c (q).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, expectError, readXlsx, sqlite } from './lib.mjs';

const LISTS = [
	['/api/v1/enforce/cases', ['案号', '案由', '执法机关', '环节', '立案日期', '结案日期', '信号灯', '下一期限', '罚款（元）', '待处理提示']],
	['/api/v1/review/cases', ['编号', '案件', '被申请人', '受理站点', '承办人', '环节', '收到日期', '办结日期', '信号灯', '最近届满']],
	['/api/v1/mediate/disputes', ['编号', '类型', '纠纷', '调解组织', '调解员', '镇街', '状态', '登记日期', '办结日期', '信号灯', '最近届满']],
];
let db, srv, users, justice, officer;

before(async () => {
	const dir = await tempDir(null, 'fazhi-export-');
	users = await demo(dir, 2);
	db = dbPath(dir);
	srv = await startServer(db);
	justice = new Client(srv.url);
	assert.equal((await justice.login('justice1', users.justice1.password)).status, 200);
	officer = new Client(srv.url);
	assert.equal((await officer.login('officer1', users.officer1.password)).status, 200);
});
after(async () => { if (srv) await srv.stop(); });

/* All rows of a JSON list, page by page. */
async function allRows(c, path) {
	const rows = [];
	for (let page = 1; ; page++) {
		const r = await c.get(`${path}${path.includes('?') ? '&' : '?'}per_page=500&page=${page}`);
		assert.equal(r.status, 200, r.text);
		rows.push(...r.json.items);
		if (r.json.items.length < 500) return rows;
	}
}

test('each list exports exactly its filtered rows, in its order, under Chinese headers', async () => {
	for (const [base, headers] of LISTS) {
		const path = `${base}?open=1`;
		const json = await allRows(justice, path);
		assert.ok(json.length > 0, base);
		const r = await justice.get(`${path}&format=xlsx`);
		assert.equal(r.status, 200, r.text.slice(0, 200));
		assert.match(r.headers.get('content-type'), /spreadsheetml/);
		const disp = decodeURIComponent(r.headers.get('content-disposition').split("UTF-8''")[1]);
		assert.match(disp, /^[\u4e00-\u9fff]+_\d{4}-\d{2}-\d{2}\.xlsx$/, disp);
		const sheet = readXlsx(r.bytes);
		assert.deepEqual(sheet[0], headers, base);
		assert.equal(sheet.length - 1, json.length, `${base}: rows`);
		for (let i = 0; i < json.length; i++) {
			assert.equal(sheet[i + 1][0], json[i].number, `${base} row ${i + 1}`);
			assert.equal(sheet[i + 1][headers.indexOf('信号灯')], json[i].light_name);
		}
	}
});

test('amounts are numbers in 元; a keyword narrows the list and the export alike', async () => {
	const fined = (await allRows(justice, '/api/v1/enforce/cases?type=penalty')).filter((x) => x.fine > 0);
	assert.ok(fined.length > 0);
	const one = fined[0];
	/* the 案号 whole: exactly that case */
	let r = await justice.get(`/api/v1/enforce/cases?q=${encodeURIComponent(one.number)}`);
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json.items.map((x) => x.id), [one.id]);
	r = await justice.get(`/api/v1/enforce/cases?q=${encodeURIComponent(one.number)}&format=xlsx`);
	const sheet = readXlsx(r.bytes);
	assert.equal(sheet.length, 2);
	assert.equal(sheet[1][8], one.fine / 100, 'the fine as a number of 元');
	/* words of a title: every case the list gives holds them */
	const word = one.title.slice(0, 2);
	const hits = await allRows(justice, `/api/v1/enforce/cases?q=${encodeURIComponent(word)}`);
	const want = Number((await sqlite(db, `SELECT count(*) FROM cases WHERE type LIKE 'enforce.%' AND (instr(title, '${word}') > 0 OR instr(number, '${word}') > 0)`)).trim());
	assert.equal(hits.length, want);
	for (const h of hits) assert.ok(h.title.includes(word) || h.number.includes(word), h.title);
	/* % and _ are words too, not wildcards */
	r = await justice.get('/api/v1/enforce/cases?q=%25');
	assert.equal(r.json.total, 0);
});

test('an export stays in the caller\'s scope, and bad parameters are refused in Chinese', async () => {
	const mine = await allRows(officer, '/api/v1/enforce/cases');
	const sheet = readXlsx((await officer.get('/api/v1/enforce/cases?format=xlsx')).bytes);
	assert.equal(sheet.length - 1, mine.length);
	const all = await allRows(justice, '/api/v1/enforce/cases');
	assert.ok(all.length > mine.length, 'the district holds more than one agency');
	expectError(await justice.get('/api/v1/enforce/cases?format=csv'), 400, 'invalid');
	expectError(await justice.get(`/api/v1/enforce/cases?q=${'字'.repeat(51)}`), 400, 'invalid');
	expectError(await new Client(srv.url).get('/api/v1/enforce/cases?format=xlsx'), 401, 'unauthenticated');
	const town = new Client(srv.url);
	assert.equal((await town.login('court1', users.court1.password)).status, 200);
	expectError(await town.get('/api/v1/enforce/cases?format=xlsx'), 403, 'forbidden');
});
