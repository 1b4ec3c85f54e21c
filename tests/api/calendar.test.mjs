// calendar.test.mjs - the holiday calendar in the database
// (src/engine/calendar): the years and their sources, a notice previewed
// without writing, an import refused to a non-administrator with nothing
// changed, and an import that turns a provisional (暂定) case deadline
// into a final one counted with the notice.
// The notice below is a TEST FIXTURE, not the State Council's 2027 notice
// (which is not out): the statutory days of 2027 (放假办法 Art. 2, as
// core/cal.c counts them provisionally) plus one made-up day off on the
// chosen deadline's due date, so exactly that date changes.
// Sources driven here: src/engine/calendar/*.c, src/core/cal.c,
// src/engine/case/case.c (fz_case_recompute, the deadlines JSON).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, adminClient, expectError,
	sqlite, sqliteRows, tableHashes } from './lib.mjs';

// 2027's statutory days (除夕 02-05, 清明 04-05, 端午 06-09, 中秋 09-15).
const STATUTORY = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08',
	'2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15',
	'2027-10-01', '2027-10-02', '2027-10-03'];

function fixtureNotice(extra) {
	const [, m, d] = extra.split('-').map(Number);
	return [
		'国务院办公厅关于2027年部分节假日安排的通知（测试用样例，并非真实通知）',
		'一、元旦：1月1日（周五）放假，共1天。',
		'二、春节：2月5日（农历除夕、周五）至8日（周一）放假调休，共4天。',
		'三、清明节：4月5日（周一）放假，共1天。',
		'四、劳动节：5月1日（周六）至2日（周日）放假，共2天。',
		'五、端午节：6月9日（周三）放假，共1天。',
		'六、中秋节：9月15日（周三）放假，共1天。',
		'七、国庆节：10月1日（周五）至3日（周日）放假，共3天。',
		`八、测试假日：${m}月${d}日放假，共1天。`,
		'',
	].join('\n');
}

const addDay = (s, n) => new Date(Date.parse(s) + n * 86400e3).toISOString().slice(0, 10);

// The first day after s that is Monday-Friday and no statutory day.
function nextWorkday(s) {
	for (let d = addDay(s, 1); ; d = addDay(d, 1)) {
		const wd = new Date(d).getUTCDay();
		if (wd !== 0 && wd !== 6 && !STATUTORY.includes(d)) return d;
	}
}

const state = (db) => tableHashes(db, ['sessions']);

describe('holiday calendar', () => {
	let dir, db, srv, admin, office, target;

	before(async () => {
		dir = await tempDir(null, 'fazhi-calendar-');
		const users = await demo(dir, 3);
		db = dbPath(dir);
		srv = await startServer(db);
		admin = await adminClient(srv.url, users);
		office = new Client(srv.url);
		assert.equal((await office.login('office1', users.office1.password)).status, 200);
		const rows = await sqliteRows(db, `SELECT d.case_id AS id, d.key, d.due FROM case_deadlines d
			JOIN cases c ON c.id = d.case_id WHERE c.type = 'enforce.penalty'
			AND d.status = 'running' AND d.provisional = 1 ORDER BY d.due, d.case_id LIMIT 1`);
		assert.equal(rows.length, 1, 'the demo holds a deadline due in 2027 (provisional)');
		target = rows[0];
	});
	after(async () => { if (srv) await srv.stop(); });

	test('the years: compiled, provisional; a year\'s days', async () => {
		let r = await office.get('/api/v1/calendar');
		assert.equal(r.status, 200, r.text);
		const y = Object.fromEntries(r.json.years.map((x) => [x.year, x]));
		assert.equal(y[2026].source, 'compiled');
		assert.match(y[2026].title, /2026年部分节假日安排的通知/);
		assert.equal(y[2027].source, 'provisional');
		assert.equal(y[2027].provisional, true);
		r = await office.get('/api/v1/calendar?year=2027');
		assert.equal(r.json.provisional, true);
		assert.deepEqual(r.json.days.map((d) => d.date), STATUTORY);
		assert.equal(r.json.days[1].label, '春节（法定）');
		expectError(await office.get('/api/v1/calendar?year=27'), 400, 'invalid');
	});

	test('a provisional deadline shows its date with the reason', async () => {
		const r = await office.get(`/api/v1/enforce/cases/${target.id}`);
		assert.equal(r.status, 200, r.text);
		const d = r.json.deadlines.find((x) => x.key === target.key);
		assert.equal(d.due, target.due);
		assert.equal(d.provisional, true);
		assert.match(d.provisional_reason, /^暂定（2027年放假调休安排公布前/);
		assert.notEqual(d.light, 'unknown');
	});

	test('preview parses and writes nothing; a bad notice gets a Chinese reason', async () => {
		const before = await state(db);
		let r = await admin.post('/api/v1/calendar/preview', { text: fixtureNotice(target.due) });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.ok, true);
		assert.equal(r.json.year, 2027);
		assert.ok(r.json.days.some((d) => d.date === target.due && d.label === '测试假日'));
		r = await admin.post('/api/v1/calendar/preview', { text: fixtureNotice(target.due).replace('共4天', '共5天') });
		assert.equal(r.json.ok, false);
		assert.match(r.json.errors[0].message, /第3行.*共5天/);
		assert.equal(await state(db), before);
	});

	test('import is for administrators: refused, nothing changes', async () => {
		const before = await state(db);
		expectError(await office.post('/api/v1/calendar/import', { text: fixtureNotice(target.due) }), 403, 'forbidden');
		expectError(await office.post('/api/v1/calendar/preview', { text: fixtureNotice(target.due) }), 403, 'forbidden');
		// without the CSRF token even the administrator is refused
		expectError(await admin.post('/api/v1/calendar/import', { text: fixtureNotice(target.due) }, { csrf: false }), 403, 'csrf');
		assert.equal(await state(db), before);
	});

	test('import stores the year, recomputes the case: final, with the notice\'s date', async () => {
		let r = await admin.post('/api/v1/calendar/import', { text: fixtureNotice(target.due) });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.year, 2027);
		assert.equal(r.json.replaced, false);
		assert.ok(r.json.recomputed >= 1, r.text);
		r = await office.get(`/api/v1/enforce/cases/${target.id}`);
		const d = r.json.deadlines.find((x) => x.key === target.key);
		assert.equal(d.provisional, false);
		assert.equal(d.provisional_reason, null);
		assert.equal(d.due, nextWorkday(target.due));
		r = await office.get('/api/v1/calendar');
		const y = Object.fromEntries(r.json.years.map((x) => [x.year, x]));
		assert.equal(y[2027].source, 'imported');
		assert.equal(y[2027].imported_by, 'admin');
		assert.equal(y[2028].source, 'provisional');
		const audit = await sqliteRows(db, "SELECT detail FROM audit_log WHERE action = 'calendar.import'");
		assert.equal(audit.length, 1);
		assert.match(audit[0].detail, /重新计算\d+件案件的期限/);
		// no provisional 2027 deadline is left
		const left = await sqliteRows(db, "SELECT COUNT(*) AS n FROM case_deadlines WHERE provisional = 1 AND due < '2028-01-01'");
		assert.equal(Number(left[0].n), 0);
	});
});

// A database written before provisional years stored these deadlines with
// no date (待定).  fazhi serve counts them again at start-up, audited once;
// a second start finds nothing to do.
describe('start-up catch-up of deadlines stored without a date', () => {
	let dir, db, srv;

	before(async () => {
		dir = await tempDir(null, 'fazhi-catchup-');
		await demo(dir, 5);
		db = dbPath(dir);
	});
	after(async () => { if (srv) await srv.stop(); });

	test('a 待定 deadline the calendar can count gets its date at start-up', async () => {
		const [t] = await sqliteRows(db, `SELECT case_id AS id, key, due FROM case_deadlines
			WHERE status = 'running' AND provisional = 1 ORDER BY case_id LIMIT 1`);
		assert.ok(t, 'the demo holds a provisional deadline');
		await sqlite(db, `UPDATE case_deadlines SET due = NULL, provisional = 0 WHERE provisional = 1`);
		srv = await startServer(db);
		const [d] = await sqliteRows(db, `SELECT due, provisional FROM case_deadlines
			WHERE case_id = ${t.id} AND key = '${t.key}'`);
		assert.equal(d.due, t.due);
		assert.equal(Number(d.provisional), 1);
		const left = await sqliteRows(db, "SELECT COUNT(*) AS n FROM case_deadlines WHERE status = 'running' AND due IS NULL");
		assert.equal(Number(left[0].n), 0);
		let audit = await sqliteRows(db, "SELECT detail FROM audit_log WHERE action = 'case.recompute'");
		assert.equal(audit.length, 1);
		assert.match(audit[0].detail, /补算了\d+件案件的期限/);
		await srv.stop();
		srv = await startServer(db);
		audit = await sqliteRows(db, "SELECT detail FROM audit_log WHERE action = 'case.recompute'");
		assert.equal(audit.length, 1, 'nothing left to count: no second entry');
	});
});
