// audit_words.test.mjs - 审计日志 in words (issue 14: the log showed
// "user:1", "case:26591" and "案件流转（case.create）"): every entry of a
// demo district answers who (the user's name; 系统, 演示数据 for the
// system's own work), what it touched (the 案号, the user's or unit's
// name, the 图样登记号) and, for a case's step, the step's own name.
// Sources: src/domain/org/org_api.c (h_audit), engine/audit.c
// (fz_audit_words), the namers listed in app.c.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, startServer, Client, sqlite } from './lib.mjs';

let db, srv, users, auditor;
const HAN = /[\u4e00-\u9fff]/;
/* what must not reach a person: a code word, a "kind:id" or a bare id */
const RAW = /[a-z_]{2,}|:\d|^\d+$/;

before(async () => {
	const dir = await tempDir(null, 'fazhi-audit-words-');
	users = await demo(dir, 2);
	db = dbPath(dir);
	srv = await startServer(db);
	auditor = new Client(srv.url);
	assert.equal((await auditor.login('auditor1', users.auditor1.password)).status, 200);
});
after(async () => { if (srv) await srv.stop(); });

test('every kind of entry names its actor, object and case step in words', async () => {
	const actions = (await sqlite(db, 'SELECT DISTINCT action FROM audit_log ORDER BY 1')).trim().split('\n');
	assert.ok(actions.length >= 20, actions.join(' '));
	let steps = 0;
	for (const action of actions) {
		const r = await auditor.get(`/api/v1/audit?action=${encodeURIComponent(action)}&per_page=5`);
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.items.length > 0, action);
		for (const it of r.json.items) {
			const where = `${action} ${it.object}`;
			assert.match(it.actor_name, HAN, where);
			assert.doesNotMatch(it.actor_name, RAW, where);
			if (it.object) {
				assert.match(it.object_name, HAN, where);
				assert.doesNotMatch(it.object_name, RAW, where);
			}
			if (action.startsWith('case.') && action !== 'case.recompute') {
				assert.match(it.action_name, /^[\u4e00-\u9fff（）、]+：[\u4e00-\u9fff（）、]+$/, where);
				steps++;
			}
		}
	}
	assert.ok(steps > 0, 'the demo has case steps');
});

test('a case entry names the case by its 案号 and a user entry by the name', async () => {
	const [id, number] = (await sqlite(db, "SELECT id, number FROM cases WHERE number IS NOT NULL ORDER BY id LIMIT 1")).trim().split('|');
	const all = [];
	for (let page = 1; page <= 200 && !all.some((x) => x.object === `case:${id}`); page++)
		all.push(...(await auditor.get(`/api/v1/audit?action=case.create&per_page=100&page=${page}`)).json.items);
	const e = all.find((x) => x.object === `case:${id}`);
	assert.ok(e, `case.create of case ${id}`);
	assert.equal(e.object_name, number);
	const name = (await sqlite(db, "SELECT name FROM users WHERE login = 'justice1'")).trim();
	const logins = (await auditor.get('/api/v1/audit?action=login&per_page=100')).json.items;
	const mine = logins.find((x) => x.actor === 'auditor1');
	assert.ok(mine, 'auditor1 logged in');
	assert.equal(mine.actor_name, (await sqlite(db, "SELECT name FROM users WHERE login = 'auditor1'")).trim());
	assert.ok(name.length > 0);
});

test('a failed login of no account says the typed name is unknown', async () => {
	const r = await new Client(srv.url).post('/api/v1/login', { login: 'nosuchuser', password: 'Wrong#Pass2026' });
	assert.equal(r.status, 401);
	const e = (await auditor.get('/api/v1/audit?action=login_failed&per_page=5')).json.items
		.find((x) => x.actor === 'nosuchuser');
	assert.ok(e, 'audited');
	assert.equal(e.actor_name, '登录名“nosuchuser”（无此账号）');
});

test('a case timeline names who took each step, never a login', async () => {
	const justice = new Client(srv.url);
	assert.equal((await justice.login('justice1', users.justice1.password)).status, 200);
	for (const base of ['/api/v1/enforce/cases', '/api/v1/review/cases', '/api/v1/mediate/disputes']) {
		const first = (await justice.get(`${base}?per_page=1`)).json.items[0];
		const c = await justice.get(`${base}/${first.id}`);
		assert.equal(c.status, 200, c.text);
		assert.ok(c.json.events.length > 0, base);
		for (const e of c.json.events) {
			assert.match(e.actor_name, HAN, `${base} ${e.actor}`);
			assert.doesNotMatch(e.actor_name, RAW, `${base} ${e.actor}`);
		}
	}
});
