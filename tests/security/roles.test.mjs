// roles.test.mjs - issue 13: 三员分立 (GB/T 22239-2019 8.1.4.2 d and
// 8.1.5.1-8.1.5.3, separation of the administrators' duties).
//
// The system administrator (admin) keeps units and accounts; the security
// administrator (secadmin) changes roles, unlocks accounts, resets second
// factors and manages everyone's tokens; the audit administrator (auditor)
// reads and verifies the audit log and nothing else.  Each one does its own
// work and is refused the others' with 403, leaving the database as it was
// but for the audit log.  None can become another: the three roles are
// neither given nor taken by a role change, nobody changes their own role,
// and the security administrator makes no token for another administrator.
// Each one's actions are audited where the others see them: the audit
// administrator reads every entry, the other two read the audit
// administrator's own.
// Sources: src/http/route.h (roles), src/domain/org/org_api.c (routes),
// src/domain/org/token.c, src/engine/audit.c (fz_audit_page_filtered).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, demo, dbPath, startServer, Client, adminClient, sqlite, sqliteInt,
	expectError, rootUnitId, tableHashes } from '../api/lib.mjs';

let db, srv, users, root;
const as = {};       // role -> logged-in client
let target;          // a business user everybody acts on

const state = () => tableHashes(db, ['sessions']);

before(async () => {
	const dir = await tempDir(null, 'fazhi-sec-roles-');
	users = await demo(dir, 4);
	db = dbPath(dir);
	srv = await startServer(db);
	as.admin = await adminClient(srv.url, users);
	for (const [role, login] of [['secadmin', 'secadmin1'], ['auditor', 'auditor1']]) {
		as[role] = new Client(srv.url);
		const r = await as[role].login(login, users[login].password);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.user.role, role);
	}
	root = await rootUnitId(db);
	target = await sqliteInt(db, "SELECT id FROM users WHERE login = 'officer1'");
	// held back by failed logins, so that unlocking has work to do
	await sqlite(db, `INSERT INTO login_attempts (login, ip, failures, last_at)
		VALUES ('officer1', '203.0.113.9', 6, strftime('%s','now'))`);
});
after(async () => { if (srv) await srv.stop(); });

let seq = 0;
/* Each duty: who owns it, and a request doing it (fresh for every call). */
const DUTIES = {
	'create a unit': ['admin', () => ['POST', '/api/v1/units', { parent_id: root, name: `三员测试单位${seq++}`, kind: 'department' }]],
	'create a user': ['admin', () => ['POST', '/api/v1/users', { login: `sanyuan${seq++}`, name: '三员测试', role: 'town', unit_id: root, password: 'Sy-Ceshi#2026a' }]],
	'lock an account': ['admin', () => ['POST', `/api/v1/users/${target}/lock`, {}]],
	'reset a password': ['admin', () => ['POST', `/api/v1/users/${target}/password`, { password: `Sy-Chongzhi#20${seq++}` }]],
	'unlock an account': ['secadmin', () => ['POST', `/api/v1/users/${target}/unlock`, {}]],
	'change a role': ['secadmin', () => ['POST', `/api/v1/users/${target}/role`, { role: seq++ % 2 ? 'town' : 'officer' }]],
	'reset a second factor': ['secadmin', () => ['POST', `/api/v1/users/${target}/totp/reset`, {}]],
	'make a token for another': ['secadmin', () => ['POST', '/api/v1/tokens', { name: '对接', user_id: target }]],
	'verify the audit log': ['auditor', () => ['GET', '/api/v1/audit/verify']],
};

for (const [duty, [owner, make]] of Object.entries(DUTIES)) {
	test(`${duty}: the ${owner} may, the other two are refused (403) and change nothing`, async () => {
		for (const role of ['admin', 'secadmin', 'auditor'].filter((x) => x !== owner)) {
			const [m, path, body] = make();
			const before = await state();
			const auditBefore = await sqliteInt(db, 'SELECT max(seq) FROM audit_log');
			const r = await as[role].request(m, path, body === undefined ? {} : { body });
			expectError(r, 403, 'forbidden');
			assert.equal(await state(), before, `${duty} as ${role}: a refused request changed the database`);
			assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE seq > ${auditBefore}`
				+ " AND action NOT IN ('policy.refuse', 'audit.verify')"), 0);
		}
		const [m, path, body] = make();
		const r = await as[owner].request(m, path, body === undefined ? {} : { body });
		assert.ok([200, 201].includes(r.status), `${duty} as ${owner}: ${r.status} ${r.text}`);
	});
}

test('reading users: the system and security administrators may, the audit administrator may not; the phone in full is the system administrator\'s', async () => {
	assert.equal((await as.admin.get('/api/v1/users')).status, 200);
	assert.equal((await as.secadmin.get('/api/v1/users')).status, 200);
	expectError(await as.auditor.get('/api/v1/users'), 403, 'forbidden');
	expectError(await as.secadmin.get(`/api/v1/users/${target}?reveal=1`), 403, 'forbidden');
	/* nor business data for the security and audit administrators */
	for (const role of ['secadmin', 'auditor'])
		expectError(await as[role].get('/api/v1/enforce/cases'), 403, 'forbidden');
});

test('none becomes another: administrator roles are neither given nor taken, nobody changes their own, no token for another administrator', async () => {
	const id = (login) => sqliteInt(db, `SELECT id FROM users WHERE login = '${login}'`);
	const before = await state();
	for (const [who, role] of [['officer2', 'admin'], ['officer2', 'auditor'], ['officer2', 'secadmin'],
		['admin', 'officer'], ['auditor1', 'town']])
		expectError(await as.secadmin.post(`/api/v1/users/${await id(who)}/role`, { role }), 403, 'forbidden');
	expectError(await as.secadmin.post(`/api/v1/users/${await id('secadmin1')}/role`, { role: 'auditor' }), 403, 'forbidden');
	/* the system administrator changes no role, its own least of all */
	expectError(await as.admin.put(`/api/v1/users/${await id('admin')}`, { role: 'secadmin' }), 403, 'forbidden');
	expectError(await as.admin.put(`/api/v1/users/${await id('officer2')}`, { role: 'court' }), 403, 'forbidden');
	for (const who of ['admin', 'auditor1'])
		expectError(await as.secadmin.post('/api/v1/tokens', { name: '冒用', user_id: await id(who) }), 403, 'forbidden');
	assert.equal(await state(), before);
	/* the system administrator makes the other two (as `fazhi init`'s admin would) but holds neither */
	const r = await as.admin.post('/api/v1/users', { login: 'auditor2', name: '审计员', role: 'auditor', unit_id: root,
		password: 'Sj-Ceshi#2026a' });
	assert.equal(r.status, 201, r.text);
	assert.equal((await as.admin.get('/api/v1/me')).json.user.role, 'admin');
});

test('each one\'s actions are audited where the others see them', async () => {
	// the audit administrator acts (a verification is an entry of its own)
	assert.equal((await as.auditor.get('/api/v1/audit/verify')).status, 200);
	const all = await as.auditor.get('/api/v1/audit?per_page=200');
	assert.equal(all.json.total, await sqliteInt(db, 'SELECT count(*) FROM audit_log'));
	const actors = new Set(all.json.items.map((e) => e.actor));
	for (const login of ['admin', 'secadmin1', 'auditor1'])
		assert.ok(actors.has(login), `the audit administrator sees ${login}'s entries`);
	const mine = await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE actor_id IN (SELECT id FROM users WHERE role = 'auditor')");
	for (const role of ['admin', 'secadmin']) {
		const r = await as[role].get('/api/v1/audit?per_page=200');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.total, mine, `${role} sees exactly the audit administrators' entries`);
		assert.ok(r.json.items.length >= 2);
		assert.ok(r.json.items.every((e) => e.actor === 'auditor1' || e.actor === 'auditor2'), JSON.stringify(r.json.items[0]));
		assert.ok(r.json.items.some((e) => e.action === 'audit.verify'));
		// filters narrow within what they may see, never widen it
		const f = await as[role].get('/api/v1/audit?actor=admin');
		assert.equal(f.json.total, 0);
	}
});

test('menus follow the roles', async () => {
	const nav = async (role) => (await as[role].get('/api/v1/me')).json.nav.map((n) => n.key);
	const admin = await nav('admin'), sec = await nav('secadmin'), aud = await nav('auditor');
	assert.ok(admin.includes('units') && admin.includes('users') && admin.includes('audit'));
	assert.ok(sec.includes('users') && sec.includes('audit') && !sec.includes('units'));
	assert.ok(aud.includes('audit') && !aud.includes('users') && !aud.includes('units'));
	for (const n of [sec, aud]) assert.ok(!n.includes('enforce') && !n.includes('home'));
});
