// todo.test.mjs - 待办 (GET /api/v1/todo): for the caller, in each case
// domain the caller may list, what is overdue, red, yellow, due today and
// within seven days, or carries an open prompt, and the most urgent cases.
// Every figure is recomputed here from the domain's own list (every open
// case of the caller's scope, paged through), so the two answers must
// agree case for case; nothing of another unit's scope appears; roles
// without a case list get no domain; a bad limit is refused in Chinese.
// Sources: src/engine/case/case.c (fz_case_todo),
// src/domain/casehttp/casehttp.c (h_todo), app.c (fz_app_todo).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, expectError, sqlite } from './lib.mjs';

const LIST = { enforce: '/api/v1/enforce/cases', review: '/api/v1/review/cases',
	mediate: '/api/v1/mediate/disputes', supervise: '/api/v1/supervise/items' };
const URGENT = { overdue: 3, red: 2, yellow: 1 };

let db, srv, users;

/* Every table but the audit log (which records refusals) and the sessions
 * (whose last use moves with each request). */
async function wholeDb() {
	const tables = (await sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
		+ " AND name NOT IN ('audit_log', 'audit_head', 'sessions') AND name NOT LIKE 'law_fts%'"
		+ " ORDER BY name")).trim().split('\n');
	const parts = [];
	for (const t of tables) parts.push(t + '\n' + await sqlite(db, `SELECT * FROM "${t}" ORDER BY 1`));
	return parts.join('\n');
}
const as = {};

before(async () => {
	const dir = await tempDir(null, 'fazhi-todo-');
	users = await demo(dir, 2);
	db = dbPath(dir);
	srv = await startServer(db);
	for (const login of ['justice1', 'officer1', 'officer2', 'town1', 'court1', 'auditor1']) {
		as[login] = new Client(srv.url);
		const r = await as[login].login(login, users[login].password);
		assert.equal(r.status, 200, `${login}: ${r.text}`);
	}
});
after(async () => { if (srv) await srv.stop(); });

/* Every open case of a list the client may read. */
async function openCases(c, base) {
	const all = [];
	for (let page = 1; ; page++) {
		const r = await c.get(`${base}?open=1&per_page=500&page=${page}`);
		assert.equal(r.status, 200, r.text);
		all.push(...r.json.items);
		if (all.length >= r.json.total || !r.json.items.length) return all;
	}
}

const addDays = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);

/* The 待办 of one domain as the list shows it. */
function expected(cases, today, days) {
	const week = addDays(today, days);
	const due = (c) => c.next_due !== null;
	const todo = cases.filter((c) => c.light in URGENT || (due(c) && c.next_due <= week) || c.open_flags > 0);
	return {
		overdue: cases.filter((c) => c.light === 'overdue').length,
		red: cases.filter((c) => c.light === 'red').length,
		yellow: cases.filter((c) => c.light === 'yellow').length,
		due_today: cases.filter((c) => c.next_due === today).length,
		due_week: cases.filter((c) => due(c) && c.next_due >= today && c.next_due <= week).length,
		flagged: cases.filter((c) => c.open_flags > 0).length,
		total: todo.length,
		ids: new Set(todo.map((c) => c.id)),
	};
}

test('the figures and the cases agree with each domain\'s own list, for every role that works on cases', async () => {
	let seen = 0;
	for (const login of ['justice1', 'officer1', 'officer2', 'town1', 'court1']) {
		const r = await as[login].get('/api/v1/todo?limit=100');
		assert.equal(r.status, 200, r.text);
		assert.match(r.json.today, /^\d{4}-\d{2}-\d{2}$/);
		assert.equal(r.json.days, 7);
		for (const d of r.json.domains) {
			assert.match(d.name, /[\u4e00-\u9fff]/);
			const cases = await openCases(as[login], LIST[d.key]);
			const want = expected(cases, r.json.today, r.json.days);
			for (const k of ['overdue', 'red', 'yellow', 'due_today', 'due_week', 'flagged', 'total'])
				assert.equal(d[k], want[k], `${login} ${d.key}.${k}`);
			assert.equal(d.items.length, Math.min(100, want.total), `${login} ${d.key} items`);
			for (const it of d.items) {
				assert.ok(want.ids.has(it.id), `${login} ${d.key}: case ${it.id} is not 待办 in the list`);
				assert.match(it.state_name, /[\u4e00-\u9fff]/);
			}
			/* the most urgent first: by light, then by due date */
			const rank = (it) => [-(URGENT[it.light] || 0), it.next_due ?? '9999'];
			for (let i = 1; i < d.items.length; i++) {
				const [a, b] = [rank(d.items[i - 1]), rank(d.items[i])];
				assert.ok(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]),
					`${login} ${d.key}: ${d.items[i - 1].number} before ${d.items[i].number}`);
			}
			seen += d.total;
		}
	}
	assert.ok(seen > 0, 'the demo has 待办 somewhere');
});

test('each role gets the domains it may list, and the district sees more than a unit', async () => {
	const keys = async (login) => (await as[login].get('/api/v1/todo')).json.domains.map((d) => d.key);
	assert.deepEqual(await keys('justice1'), ['enforce', 'review', 'mediate', 'supervise']);
	assert.deepEqual(await keys('officer1'), ['enforce', 'supervise']);
	assert.deepEqual(await keys('court1'), ['mediate', 'supervise']);
	assert.deepEqual(await keys('auditor1'), [], 'the audit administrator reaches no case');
	const whole = (await as.justice1.get('/api/v1/todo')).json.domains[0];
	const one = (await as.officer1.get('/api/v1/todo')).json.domains[0];
	const other = (await as.officer2.get('/api/v1/todo?limit=100')).json.domains[0];
	assert.ok(whole.total >= one.total + other.total, 'the district holds both units');
	assert.ok(one.total > 0, 'officer1 has 待办 in the demo');
	/* officer2 (市场监管局) sees none of officer1's 综合行政执法局 cases */
	const mine = new Set((await as.officer1.get('/api/v1/todo?limit=100')).json.domains[0].items.map((x) => x.id));
	for (const it of other.items) assert.ok(!mine.has(it.id), `case ${it.id} in two units' 待办`);
});

test('a bad limit is refused in Chinese and changes nothing; anonymous callers get 401', async () => {
	await as.officer1.get('/api/v1/todo'); /* today's lights are stored once a day */
	const before = await wholeDb();
	for (const bad of ['0', '101', 'abc', '-1'])
		expectError(await as.officer1.get(`/api/v1/todo?limit=${bad}`), 400, 'invalid');
	expectError(await new Client(srv.url).get('/api/v1/todo'), 401, 'unauthenticated');
	assert.equal(await wholeDb(), before);
});
