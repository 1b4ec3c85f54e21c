// platform.test.mjs - the base platform's API against a real `fazhi serve`
// on 127.0.0.1 (docs/api.md, issue 2): login and sessions, login limits, the
// forced password change, CSRF, roles, request limits, static files,
// units, users and personal data, bearer tokens, and the audit chain.
//
// One demo district and one server serve the whole file; every test uses
// its own users or units, so tests do not depend on each other's order
// (except the last, which stops the server).  "Nothing changed" checks
// compare every row of units, users and api_tokens before and after
// (lib.mjs dataSnapshot): failed logins are audited by design, so the
// audit log is not the yardstick for those.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	ADMIN_NEW_PASSWORD, Client, TIME, adminClient, dataSnapshot, dbPath, demo,
	dump, expectError, fazhi, hasHan, rawRequest, rootUnitId, sqlite,
	sqliteInt, startServer,
} from './lib.mjs';

const HEX64 = /^[0-9a-f]{64}$/;
const T = { timeout: 120000 * TIME };

let dir, db, users, srv, admin, sec, auditor, rootId;

before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'fazhi-api-platform-'));
	db = dbPath(dir);
	users = await demo(dir, 1);
	srv = await startServer(db);
	admin = await adminClient(srv.url, users);
	sec = new Client(srv.url);
	assert.equal((await sec.login('secadmin1', users.secadmin1.password)).status, 200);
	auditor = new Client(srv.url);
	assert.equal((await auditor.login('auditor1', users.auditor1.password)).status, 200);
	rootId = await rootUnitId(db);
}, T);

after(async () => {
	if (srv) await srv.stop();
	if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
});

/* Add a user with the CLI (while the server runs); --keep: no forced
 * change unless mustChange. */
async function cliUser(login, role, password, { mustChange = false, unit = '330603' } = {}) {
	const args = ['user', 'add', '--db', db, '--login', login, '--name', '测试用户',
		'--role', role, '--unit', unit, '--password-stdin'];
	if (!mustChange) args.push('--keep');
	const r = await fazhi(args, { input: password + '\n' });
	assert.equal(r.code, 0, `fazhi user add ${login}: ${r.stdout}${r.stderr}`);
}

async function unchangedBy(fn) {
	const was = await dataSnapshot(db);
	const result = await fn();
	const now = await dataSnapshot(db);
	if (now !== was) {
		const a = new Set(was.split('\n')), b = new Set(now.split('\n'));
		assert.fail('a rejected request changed the database:\n' +
			[...a].filter((l) => !b.has(l)).map((l) => '- ' + l).concat(
				[...b].filter((l) => !a.has(l)).map((l) => '+ ' + l)).join('\n'));
	}
	return result;
}

/* 三员分立: the system, security and audit administrators (tests/security/roles.test.mjs) */
const ADMIN_ROLES = ['admin', 'secadmin', 'auditor'];
const nonAdmins = () => Object.entries(users).filter(([, u]) => !ADMIN_ROLES.includes(u.role));

/* ---- health, login, sessions ----------------------------------------- */

test('GET /healthz answers {"status":"ok"} without login', async () => {
	const r = await new Client(srv.url).get('/healthz');
	assert.equal(r.status, 200);
	assert.deepEqual(r.json, { status: 'ok' });
	assert.match(r.headers.get('content-type'), /^application\/json/);
});

test('login: 200, user and CSRF token, HttpOnly SameSite=Strict session cookie', async () => {
	const c = new Client(srv.url);
	const r = await c.login('office1', users.office1.password);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.login, 'office1');
	assert.equal(r.json.user.role, 'office');
	assert.equal(r.json.user.role_name, '依法治区办');
	assert.equal(r.json.user.must_change_password, false);
	assert.match(r.json.csrf, HEX64);
	const sc = c.lastSetCookie;
	assert.ok(sc, 'Set-Cookie fz_session expected');
	assert.match(sc, /^fz_session=[0-9a-f]{64};/, '256-bit token as 64 hex digits');
	assert.match(sc, /;\s*HttpOnly/i);
	assert.match(sc, /;\s*SameSite=Strict/i);
	assert.match(sc, /;\s*Path=\//i);
	assert.notEqual(r.json.csrf, c.cookie, 'CSRF token must differ from the session token');

	const me = await c.get('/api/v1/me');
	assert.equal(me.status, 200, me.text);
	assert.equal(me.json.user.login, 'office1');
	assert.equal(me.json.csrf, r.json.csrf);
	assert.ok(Array.isArray(me.json.nav) && me.json.nav.some((n) => n.key === 'home'));
	assert.ok(!me.json.nav.some((n) => n.key === 'users'), 'office sees no user admin');
	/* The cookie value is not stored: only its hash. */
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM sessions WHERE id_hash = '${c.cookie}'`), 0);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM sessions WHERE user_id =
		(SELECT id FROM users WHERE login = 'office1')`) >= 1, true);
});

test('login with a wrong password: 401 unauthenticated with a Chinese message, audited', async () => {
	const failedBefore = await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'login_failed'");
	const c = new Client(srv.url);
	const r = await c.login('justice1', 'Wrong-Password-1');
	const e = expectError(r, 401, 'unauthenticated');
	assert.ok(hasHan(e.message));
	assert.equal(c.cookie, null, 'no session cookie on failure');
	/* An unknown login gets the very same answer (no account probing). */
	const r2 = await new Client(srv.url).login('nobody-here', 'Wrong-Password-1');
	const e2 = expectError(r2, 401, 'unauthenticated');
	assert.equal(e2.message, e.message);
	assert.equal(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'login_failed'"),
		failedBefore + 2);
	/* The right password still works: one failure does not lock. */
	const ok = await new Client(srv.url).login('justice1', users.justice1.password);
	assert.equal(ok.status, 200, ok.text);
});

test('login: missing fields are 400 invalid with the field named', async () => {
	const c = new Client(srv.url);
	let r = await c.post('/api/v1/login', { password: 'x' });
	assert.equal(expectError(r, 400, 'invalid').field, 'login');
	r = await c.post('/api/v1/login', { login: 'office1' });
	assert.equal(expectError(r, 400, 'invalid').field, 'password');
	r = await c.post('/api/v1/login', { login: 'office1', password: 12345678 });
	assert.equal(expectError(r, 400, 'invalid').field, 'password');
});

test('login limits: after 5 wrong passwords this address waits (429, Retry-After), even with the right one, until `fazhi user unlock`', T, async () => {
	/* A lock that anyone could trigger is gone (issue 13, finding 3);
	 * tests/security/login.test.mjs shows the other limits. */
	const pw = 'Lock-Me-Pass1';
	await cliUser('lockme', 'officer', pw);
	const c = new Client(srv.url);
	for (let i = 1; i <= 5; i++) {
		const r = await c.login('lockme', `Wrong-Pass-${i}`);
		expectError(r, 401, 'unauthenticated');
	}
	const waited = await c.login('lockme', pw);
	const e = expectError(waited, 429, 'rate_limited');
	assert.ok(hasHan(e.message));
	assert.ok(Number(waited.headers.get('retry-after')) > 0, 'Retry-After');
	assert.equal(c.cookie, null);
	/* The account itself is not locked. */
	assert.equal(await sqliteInt(db, "SELECT admin_locked + locked_until FROM users WHERE login = 'lockme'"), 0);
	assert.ok(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'login.throttled'") >= 1);
	/* Still waiting a moment later. */
	expectError(await c.login('lockme', pw), 429, 'rate_limited');

	const u = await fazhi(['user', 'unlock', '--db', db, '--login', 'lockme']);
	assert.equal(u.code, 0, u.stderr);
	const r = await c.login('lockme', pw);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.login, 'lockme');
});

test('admin lock and (security administrator) unlock through the API: a locked user cannot log in, sessions end', async () => {
	const pw = 'Admin-Lock-Pass1';
	await cliUser('locked2', 'town', pw);
	const id = await sqliteInt(db, "SELECT id FROM users WHERE login = 'locked2'");
	const u = new Client(srv.url);
	assert.equal((await u.login('locked2', pw)).status, 200);

	let r = await admin.post(`/api/v1/users/${id}/lock`, {});
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.locked, true);
	expectError(await u.get('/api/v1/me'), 401, 'unauthenticated');
	expectError(await new Client(srv.url).login('locked2', pw), 423, 'locked');

	/* Unlocking is the security administrator's (三员分立). */
	expectError(await admin.post(`/api/v1/users/${id}/unlock`, {}), 403, 'forbidden');
	r = await sec.post(`/api/v1/users/${id}/unlock`, {});
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.locked, false);
	assert.equal((await new Client(srv.url).login('locked2', pw)).status, 200);
	/* An admin cannot lock themself out. */
	const self = await sqliteInt(db, "SELECT id FROM users WHERE login = 'admin'");
	expectError(await admin.post(`/api/v1/users/${self}/lock`, {}), 409, 'bad_state');
});

test('forced password change: only /me, /me/password and logout until the initial password is changed', T, async () => {
	const initial = 'Initial-Pass1';
	await cliUser('admin2', 'admin', initial, { mustChange: true });
	const c = new Client(srv.url);
	let r = await c.login('admin2', initial);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.must_change_password, true);
	const firstCookie = c.cookie;

	expectError(await c.get('/api/v1/users'), 403, 'password_change_required');
	expectError(await c.get('/api/v1/units'), 403, 'password_change_required');
	expectError(await c.get('/api/v1/audit'), 403, 'password_change_required');
	await unchangedBy(async () => expectError(
		await c.post('/api/v1/units', { parent_id: rootId, name: '改密前单位', kind: 'department' }),
		403, 'password_change_required'));
	r = await c.get('/api/v1/me');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.must_change_password, true);
	assert.deepEqual(r.json.nav, [], 'no navigation before the change');


	/* Without the CSRF token: refused, nothing changes. */
	const hashBefore = await sqlite(db, "SELECT pw_hash FROM users WHERE login = 'admin2'");
	expectError(await c.request('POST', '/api/v1/me/password',
		{ body: { old_password: initial, new_password: 'Brand-New-Pass2' }, csrf: false }), 403, 'csrf');
	/* Wrong old password. */
	let e = expectError(await c.changePassword('Not-The-Old-1', 'Brand-New-Pass2'), 400, 'invalid');
	assert.equal(e.field, 'old_password');
	/* The same password again. */
	e = expectError(await c.changePassword(initial, initial), 400, 'invalid');
	assert.equal(e.field, 'new_password');
	assert.equal(await sqlite(db, "SELECT pw_hash FROM users WHERE login = 'admin2'"), hashBefore);

	r = await c.changePassword(initial, 'Brand-New-Pass2');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.ok, true);
	assert.match(r.json.csrf, HEX64);
	assert.ok(c.cookie && c.cookie !== firstCookie, 'a new session token after the change');
	expectError(await c.get('/api/v1/me', { cookie: firstCookie }), 401, 'unauthenticated');

	r = await c.get('/api/v1/users');
	assert.equal(r.status, 200, r.text);
	r = await c.get('/api/v1/me');
	assert.equal(r.json.user.must_change_password, false);
	assert.ok(r.json.nav.some((n) => n.key === 'users'), 'admin navigation after the change');
	/* The old password is gone, the new one works. */
	expectError(await new Client(srv.url).login('admin2', initial), 401, 'unauthenticated');
	assert.equal((await new Client(srv.url).login('admin2', 'Brand-New-Pass2')).status, 200);
	assert.ok(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'password.change' AND actor = 'admin2'") === 1);
});

test('password policy: too short, too few classes, containing the login → 400 invalid with the field', async () => {
	const pw = 'Policy-Pass1';
	await cliUser('policy1', 'court', pw);
	const c = new Client(srv.url);
	assert.equal((await c.login('policy1', pw)).status, 200);
	const hashBefore = await sqlite(db, "SELECT pw_hash FROM users WHERE login = 'policy1'");
	for (const bad of ['Ab1!xyz', 'alllowercase1', 'ALLUPPER-ONLY', '12345678!!', 'Xpolicy1-pass']) {
		const e = expectError(await c.changePassword(pw, bad), 400, 'invalid');
		assert.equal(e.field, 'new_password', `for ${bad}`);
		assert.ok(hasHan(e.message));
	}
	assert.equal(await sqlite(db, "SELECT pw_hash FROM users WHERE login = 'policy1'"), hashBefore);
	/* The same rules when an admin creates a user. */
	await unchangedBy(async () => {
		const e = expectError(await admin.post('/api/v1/users', {
			login: 'weakpw', name: '弱密码', role: 'town', unit_id: rootId, password: 'short1A',
		}), 400, 'invalid');
		assert.equal(e.field, 'password');
	});
	/* And through the CLI. */
	const r = await fazhi(['user', 'add', '--db', db, '--login', 'weakcli', '--name', '弱密码',
		'--role', 'town', '--unit', '330603', '--password-stdin'], { input: 'password\n' });
	assert.notEqual(r.code, 0);
	assert.equal(await sqliteInt(db, "SELECT count(*) FROM users WHERE login = 'weakcli'"), 0);
});

test('session rotation: a new token at every login, the old one stops working; a planted cookie is not adopted', async () => {
	const c = new Client(srv.url);
	assert.equal((await c.login('procurator1', users.procurator1.password)).status, 200);
	const first = c.cookie;
	/* Logging in again from the same browser (CSRF token of the session sent). */
	const r = await c.login('procurator1', users.procurator1.password);
	assert.equal(r.status, 200, r.text);
	assert.ok(c.cookie && c.cookie !== first);
	expectError(await c.get('/api/v1/me', { cookie: first }), 401, 'unauthenticated');
	assert.equal((await c.get('/api/v1/me')).status, 200);

	/* Session fixation: a cookie chosen by someone else is replaced. */
	const planted = 'ab'.repeat(32);
	const f = new Client(srv.url);
	f.cookie = planted;
	assert.equal((await f.login('procurator1', users.procurator1.password)).status, 200);
	assert.ok(f.cookie && f.cookie !== planted);
	expectError(await f.get('/api/v1/me', { cookie: planted }), 401, 'unauthenticated');
	/* A different browser's session is untouched by this one's login. */
	assert.equal((await c.get('/api/v1/me')).status, 200);
});

test('logout ends the session: the old cookie gets 401, and logout needs the CSRF token', async () => {
	const c = new Client(srv.url);
	assert.equal((await c.login('officer1', users.officer1.password)).status, 200);
	const cookie = c.cookie;
	expectError(await c.request('POST', '/api/v1/logout', { body: {}, csrf: false }), 403, 'csrf');
	assert.equal((await c.get('/api/v1/me')).status, 200, 'still logged in after a refused logout');
	const r = await c.post('/api/v1/logout', {});
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json, { ok: true });
	assert.match(c.lastSetCookie, /Max-Age=0/i, 'the cookie is cleared');
	expectError(await c.get('/api/v1/me', { cookie }), 401, 'unauthenticated');
	assert.ok(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'logout' AND actor = 'officer1'") >= 1);
});

test('sessions expire after 30 minutes idle and 12 hours in all (times moved back in the database)', async () => {
	const pw = 'Idle-Session-Pass1';
	await cliUser('idle1', 'justice', pw);
	const uid = await sqliteInt(db, "SELECT id FROM users WHERE login = 'idle1'");
	const c = new Client(srv.url);
	assert.equal((await c.login('idle1', pw)).status, 200);
	/* 29 minutes idle: still good (and the visit counts as activity). */
	await sqlite(db, `UPDATE sessions SET last_seen = last_seen - 29 * 60 WHERE user_id = ${uid}`);
	assert.equal((await c.get('/api/v1/me')).status, 200);
	/* 31 minutes idle: gone, and the row with it. */
	await sqlite(db, `UPDATE sessions SET last_seen = last_seen - 31 * 60 WHERE user_id = ${uid}`);
	const e = expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
	assert.ok(hasHan(e.message));
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM sessions WHERE user_id = ${uid}`), 0);
	/* Busy all along but opened 13 hours ago: gone as well. */
	assert.equal((await c.login('idle1', pw)).status, 200);
	await sqlite(db, `UPDATE sessions SET created_at = created_at - 13 * 3600 WHERE user_id = ${uid}`);
	expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
});

/* ---- CSRF, roles, authentication --------------------------------------- */

test('CSRF: a POST, PUT or DELETE with the cookie but a missing or wrong token → 403 csrf, nothing changes', async () => {
	const other = new Client(srv.url);
	assert.equal((await other.login('office1', users.office1.password)).status, 200);
	assert.notEqual(other.csrf, admin.csrf);
	await unchangedBy(async () => {
		const body = { parent_id: rootId, name: 'CSRF测试单位', kind: 'department' };
		expectError(await admin.request('POST', '/api/v1/units', { body, csrf: false }), 403, 'csrf');
		expectError(await admin.request('POST', '/api/v1/units', { body, csrf: 'f'.repeat(64) }), 403, 'csrf');
		expectError(await admin.request('POST', '/api/v1/units', { body, csrf: '' }), 403, 'csrf');
		expectError(await admin.request('PUT', `/api/v1/units/${rootId}`,
			{ body: { name: '被篡改' }, csrf: false }), 403, 'csrf');
		expectError(await admin.request('DELETE', `/api/v1/units/${rootId}`, { csrf: false }), 403, 'csrf');
		/* Another session's token does not fit this session. */
		expectError(await admin.request('POST', '/api/v1/units', { body, csrf: other.csrf }), 403, 'csrf');
	});
	/* The session itself is still good. */
	assert.equal((await admin.get('/api/v1/me')).status, 200);
});

test('every non-admin role gets 403 forbidden on admin routes, and nothing changes', T, async () => {
	const others = nonAdmins();
	assert.ok(others.length >= 6, 'the demo has a user for every role');
	assert.deepEqual(new Set(others.map(([, u]) => u.role)),
		new Set(['office', 'justice', 'officer', 'town', 'court', 'procurator']));
	const clients = {};
	for (const [login, u] of others) {
		const c = new Client(srv.url);
		const r = await c.login(login, u.password);
		assert.equal(r.status, 200, `${login}: ${r.text}`);
		assert.equal(r.json.user.role, u.role);
		clients[login] = c;
	}
	await unchangedBy(async () => {
		for (const [login] of others) {
			const c = clients[login];
			for (const [m, path, body] of [
				['GET', '/api/v1/users'],
				['GET', `/api/v1/users/1`],
				['GET', '/api/v1/audit'],
				['GET', '/api/v1/audit/verify'],
				['POST', '/api/v1/units', { parent_id: rootId, name: `越权单位${login}`, kind: 'department' }],
				['PUT', `/api/v1/units/${rootId}`, { name: '越权改名' }],
				['DELETE', `/api/v1/units/${rootId}`],
				['POST', '/api/v1/users', { login: `x${login}`, name: '越权', role: 'admin',
					unit_id: rootId, password: 'Escalate-Pass1' }],
				['POST', '/api/v1/users/1/password', { password: 'Escalate-Pass1' }],
				['POST', '/api/v1/tokens', { name: '越权令牌', user_id: 1 }],
			]) {
				const a = await c.request(m, path, { body });
				const e = expectError(a, 403, 'forbidden');
				assert.ok(hasHan(e.message), `${login} ${m} ${path}`);
			}
			/* What every role may do. */
			assert.equal((await c.get('/api/v1/me')).status, 200);
			assert.equal((await c.get('/api/v1/roles')).status, 200);
			assert.equal((await c.get('/api/v1/units')).status, 200);
		}
	});
	/* The admin passes the same gate. */
	assert.equal((await admin.get('/api/v1/users')).status, 200);
});

test('data scope: a town user sees only its own unit and below; office and admin see the district', async () => {
	const c = new Client(srv.url);
	await c.login('town1', users.town1.password);
	const mine = await c.get('/api/v1/units');
	assert.equal(mine.status, 200);
	const me = (await c.get('/api/v1/me')).json.user;
	assert.ok(mine.json.items.length >= 1);
	for (const u of mine.json.items)
		assert.ok(u.path.startsWith(me.unit.path), `${u.name} ${u.path} outside ${me.unit.path}`);
	const all = await admin.get('/api/v1/units');
	const office = new Client(srv.url);
	await office.login('office1', users.office1.password);
	const seen = await office.get('/api/v1/units');
	assert.equal(seen.json.items.length, all.json.items.length);
	assert.ok(all.json.items.length > mine.json.items.length);
});

test('unauthenticated: 401 on every non-public route, with or without a bogus cookie or bearer', async () => {
	const anon = new Client(srv.url);
	for (const [m, path] of [['GET', '/api/v1/me'], ['GET', '/api/v1/users'], ['GET', '/api/v1/units'],
		['GET', '/api/v1/audit'], ['POST', '/api/v1/units'], ['POST', '/api/v1/logout'],
		['POST', '/api/v1/me/password']]) {
		expectError(await anon.request(m, path, { body: m === 'POST' ? {} : undefined }), 401, 'unauthenticated');
	}
	expectError(await anon.get('/api/v1/me', { cookie: '0'.repeat(64) }), 401, 'unauthenticated');
	expectError(await anon.get('/api/v1/me', { cookie: 'short' }), 401, 'unauthenticated');
	expectError(await new Client(srv.url, { bearer: '1'.repeat(64) }).get('/api/v1/me'), 401, 'unauthenticated');
	expectError(await anon.get('/api/v1/me', { headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } }),
		401, 'unauthenticated');
});

/* ---- request limits and routing ---------------------------------------- */

test('bad JSON: 400 bad_json, nothing changes', async () => {
	await unchangedBy(async () => {
		for (const raw of ['{"name":', '{"parent_id": 1, "name": "x", }', 'null', '[1,2]', '"text"',
			'{"a":1} trailing', '{"name":"a\u0000b","kind":"department"}', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])]) {
			const r = await admin.request('POST', '/api/v1/units', { raw });
			expectError(r, 400, 'bad_json');
		}
	});
});

test('wrong content type: 415, nothing changes', async () => {
	await unchangedBy(async () => {
		const body = JSON.stringify({ parent_id: rootId, name: '表单单位', kind: 'department' });
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
			const r = await admin.request('POST', '/api/v1/units', { raw: body, type });
			assert.equal(r.status, 415, `${type}: ${r.status} ${r.text}`);
			assert.equal(r.json.error.code, 'unsupported_media_type', r.text);
		}
	});
});

test('oversized body (> 1 MiB): 413 too_large, announced or chunked; just under the limit is read', T, async () => {
	const big = JSON.stringify({ parent_id: rootId, kind: 'department', name: 'x'.repeat((1 << 20) + 10) });
	await unchangedBy(async () => {
		/* With Content-Length. */
		expectError(await admin.request('POST', '/api/v1/units', { raw: big }), 413, 'too_large');
		/* Without it (chunked): the ceiling applies while reading. */
		const stream = new ReadableStream({
			start(ctl) {
				const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
				ctl.enqueue(new TextEncoder().encode('{"name":"'));
				for (let i = 0; i < 20; i++) ctl.enqueue(chunk);
				ctl.enqueue(new TextEncoder().encode('"}'));
				ctl.close();
			},
		});
		expectError(await admin.request('POST', '/api/v1/units', { raw: stream }), 413, 'too_large');
		/* Also before login: the body is never buffered whole. */
		expectError(await new Client(srv.url).request('POST', '/api/v1/login', { raw: big }), 413, 'too_large');
		/* Under the limit the body is parsed, and the long name is refused on its merits. */
		const under = JSON.stringify({ parent_id: rootId, kind: 'department', name: 'y'.repeat((1 << 20) - 200) });
		const e = expectError(await admin.request('POST', '/api/v1/units', { raw: under }), 400, 'invalid');
		assert.equal(e.field, 'name');
	});
	/* The server is still fine afterwards. */
	assert.equal((await admin.get('/api/v1/me')).status, 200);
});

test('unknown /api/ route → 404 not_found as JSON; wrong method on a known route → 405', async () => {
	for (const path of ['/api/v1/nope', '/api/v2/me', '/api/', '/api/v1/users/1/nothing']) {
		const r = await admin.get(path);
		expectError(r, 404, 'not_found');
		assert.match(r.headers.get('content-type'), /^application\/json/);
	}
	expectError(await new Client(srv.url).get('/api/v1/nope'), 404, 'not_found');
	for (const [m, path] of [['DELETE', '/api/v1/me'], ['PUT', '/api/v1/login'], ['GET', '/api/v1/logout'],
		['PATCH', '/api/v1/units'], ['POST', '/healthz']]) {
		expectError(await admin.request(m, path, { body: m === 'GET' ? undefined : {} }), 405, 'method_not_allowed');
	}
	/* Static files are read-only too. */
	expectError(await admin.request('POST', '/index.html', { body: {} }), 405, 'method_not_allowed');
	/* A non-numeric or missing id is a 404, not a crash. */
	expectError(await admin.get('/api/v1/users/abc'), 404, 'not_found');
	expectError(await admin.get('/api/v1/users/999999'), 404, 'not_found');
	expectError(await admin.put('/api/v1/units/-1', { name: 'x' }), 404, 'not_found');
});

test('path traversal (/../, %2e%2e, backslash) → 404 and never a file outside web/', async () => {
	const makefile = await readFile(new URL('../../Makefile', import.meta.url), 'utf8');
	const marker = makefile.split('\n')[0];
	for (const target of [
		'/../etc/passwd', '/../../../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
		'/%2E%2E/%2E%2E/%2E%2E/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/vendor/../../Makefile',
		'/img/%2e%2e/%2e%2e/Makefile', '/..\\..\\Makefile', '/./../Makefile', '/../Makefile',
		'/%2e%2e/Makefile', '/.%2e/Makefile',
	]) {
		const r = await rawRequest(srv.port,
			`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
		assert.equal(r.status, 404, `${target}: ${r.raw.slice(0, 300)}`);
		assert.ok(!r.body.includes('root:'), `${target} leaked /etc/passwd`);
		assert.ok(!r.body.includes(marker), `${target} leaked the Makefile`);
	}
	/* A file that exists inside web/ is served the plain way. */
	const ok = await rawRequest(srv.port, 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
	assert.equal(ok.status, 200);
	/* Missing files are 404 as well, and say so in JSON. */
	const miss = await new Client(srv.url).get('/no-such-file.js');
	expectError(miss, 404, 'not_found');
});

test('static index.html is served with the security headers (CSP with frame-ancestors, nosniff)', async () => {
	const html = await readFile(new URL('../../web/index.html', import.meta.url), 'utf8');
	for (const path of ['/', '/index.html']) {
		const r = await new Client(srv.url).get(path);
		assert.equal(r.status, 200, path);
		assert.equal(r.text, html, `${path} is web/index.html`);
		assert.match(r.headers.get('content-type'), /^text\/html/);
		const csp = r.headers.get('content-security-policy');
		assert.ok(csp, 'Content-Security-Policy header');
		assert.match(csp, /frame-ancestors 'none'/);
		assert.match(csp, /default-src 'self'/);
		assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, 'no inline scripts allowed');
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
	}
	/* JSON answers carry them too, and are never cached. */
	const api = await admin.get('/api/v1/me');
	assert.equal(api.headers.get('x-content-type-options'), 'nosniff');
	assert.match(api.headers.get('content-security-policy'), /frame-ancestors/);
	assert.match(api.headers.get('cache-control'), /no-store/);
	const js = await new Client(srv.url).get('/app.js');
	assert.equal(js.status, 200);
	assert.match(js.headers.get('content-type'), /javascript/);
});

/* ---- units -------------------------------------------------------------- */

test('units: create, list, rename, duplicate name → 409, delete non-empty → 409, delete empty', async () => {
	let r = await admin.post('/api/v1/units', { parent_id: rootId, name: '测试局', kind: 'department', code: '' });
	assert.equal(r.status, 201, r.text);
	const p = r.json;
	assert.equal(p.name, '测试局');
	assert.equal(p.parent_id, rootId);
	assert.equal(p.kind, 'department');
	assert.equal(p.kind_name, '部门');
	assert.match(p.path, new RegExp(`^/${rootId}/${p.id}/$`));
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'unit.create' AND object = 'unit:${p.id}'`), 1);

	await unchangedBy(async () => {
		const e = expectError(await admin.post('/api/v1/units', { parent_id: rootId, name: '测试局', kind: 'department' }),
			409, 'conflict');
		assert.equal(e.field, 'name');
		expectError(await admin.post('/api/v1/units', { parent_id: rootId, name: '坏类型', kind: 'ministry' }), 400, 'invalid');
		expectError(await admin.post('/api/v1/units', { parent_id: rootId, name: '', kind: 'department' }), 400, 'invalid');
		expectError(await admin.post('/api/v1/units', { parent_id: rootId, name: '坏代码', kind: 'town', code: '33x' }), 400, 'invalid');
		expectError(await admin.post('/api/v1/units', { parent_id: 987654, name: '无上级', kind: 'town' }), 404, 'not_found');
	});

	r = await admin.post('/api/v1/units', { parent_id: p.id, name: '测试科', kind: 'station' });
	assert.equal(r.status, 201, r.text);
	const child = r.json;
	assert.equal(child.path, `${p.path}${child.id}/`);
	/* The same name under another parent is fine. */
	r = await admin.post('/api/v1/units', { parent_id: child.id, name: '测试局', kind: 'station' });
	assert.equal(r.status, 201, r.text);
	const grandchild = r.json;

	r = await admin.put(`/api/v1/units/${child.id}`, { name: '测试科（改）' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.name, '测试科（改）');
	assert.equal(r.json.kind, 'station');
	const list = await admin.get('/api/v1/units');
	assert.ok(list.json.items.some((u) => u.id === child.id && u.name === '测试科（改）'));

	await unchangedBy(async () => {
		expectError(await admin.del(`/api/v1/units/${p.id}`), 409, 'conflict');
		expectError(await admin.del(`/api/v1/units/${child.id}`), 409, 'conflict');
	});
	/* A unit holding a user cannot go either. */
	await cliUser('unituser', 'officer', 'Unit-User-Pass1', { unit: String(grandchild.id) });
	expectError(await admin.del(`/api/v1/units/${grandchild.id}`), 409, 'conflict');

	r = await admin.post('/api/v1/units', { parent_id: child.id, name: '空科室', kind: 'station' });
	const empty = r.json;
	r = await admin.del(`/api/v1/units/${empty.id}`);
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json, { ok: true });
	expectError(await admin.del(`/api/v1/units/${empty.id}`), 404, 'not_found');
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM units WHERE id = ${empty.id}`), 0);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'unit.delete' AND object = 'unit:${empty.id}'`), 1);
});

/* ---- users and personal data -------------------------------------------- */

test('user create with a phone: the answer shows 138****1234, the database never holds the digits', async () => {
	const phone = '13812341234';
	const r = await admin.post('/api/v1/users', {
		login: 'zhangsan', name: '张三', role: 'officer', unit_id: rootId, phone, password: 'Zhang-San-Pass1',
	});
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.login, 'zhangsan');
	assert.equal(r.json.phone, '138****1234');
	assert.equal(r.json.must_change_password, true, 'an admin-set password must be changed');
	assert.equal(r.json.locked, false);
	assert.equal(r.json.unit.id, rootId);
	assert.equal(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'user.create' AND detail = 'zhangsan'"), 1);

	/* Not in any table (the dump covers the audit log too) ... */
	const d = await dump(db);
	assert.ok(d.includes('138****1234'), 'the masked form is stored');
	assert.ok(!d.includes(phone), 'the phone number is stored in clear text');
	assert.ok(!d.includes('Zhang-San-Pass1'), 'the password is stored in clear text');
	/* ... nor anywhere in the files, WAL included. */
	await sqlite(db, 'PRAGMA wal_checkpoint(PASSIVE)');
	for (const f of [db, db + '-wal']) {
		const bytes = await readFile(f).catch(() => Buffer.alloc(0));
		assert.ok(!bytes.includes(Buffer.from(phone)), `${f} holds the phone in clear text`);
	}
	/* The list shows it masked as well. */
	const list = await admin.get('/api/v1/users?q=zhangsan');
	assert.equal(list.status, 200);
	assert.equal(list.json.total, 1);
	assert.equal(list.json.items[0].phone, '138****1234');

	/* Bad input: nothing created. */
	await unchangedBy(async () => {
		let e = expectError(await admin.post('/api/v1/users', { login: 'lisi', name: '李四', role: 'officer',
			unit_id: rootId, phone: '12345', password: 'Li-Si-Pass1' }), 400, 'invalid');
		assert.equal(e.field, 'phone');
		e = expectError(await admin.post('/api/v1/users', { login: 'zhangsan', name: '张三', role: 'officer',
			unit_id: rootId, password: 'Zhang-San-Pass1' }), 409, 'conflict');
		assert.equal(e.field, 'login');
		e = expectError(await admin.post('/api/v1/users', { login: 'Bad Login', name: '李四', role: 'officer',
			unit_id: rootId, password: 'Li-Si-Pass1' }), 400, 'invalid');
		assert.equal(e.field, 'login');
		e = expectError(await admin.post('/api/v1/users', { login: 'lisi', name: '李四', role: 'emperor',
			unit_id: rootId, password: 'Li-Si-Pass1' }), 400, 'invalid');
		assert.equal(e.field, 'role');
		e = expectError(await admin.post('/api/v1/users', { login: 'lisi', name: '李四', role: 'officer',
			password: 'Li-Si-Pass1' }), 400, 'invalid');
		assert.equal(e.field, 'unit_id');
		expectError(await admin.post('/api/v1/users', { login: 'lisi', name: '李四', role: 'officer',
			unit_id: 987654, password: 'Li-Si-Pass1' }), 404, 'not_found');
	});
});

test('GET /api/v1/users/{id}?reveal=1 shows the full phone and writes a user.reveal audit entry', async () => {
	const phone = '13900001111';
	let r = await admin.post('/api/v1/users', {
		login: 'revealme', name: '王五', role: 'town', unit_id: rootId, phone, password: 'Wang-Wu-Pass1',
	});
	assert.equal(r.status, 201, r.text);
	const id = r.json.id;
	const reveals = () => sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'user.reveal' AND object = 'user:${id}'`);

	r = await admin.get(`/api/v1/users/${id}`);
	assert.equal(r.status, 200);
	assert.equal(r.json.phone, '139****1111');
	assert.equal(await reveals(), 0, 'a masked view is not a reveal');

	r = await admin.get(`/api/v1/users/${id}?reveal=1`);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.phone, phone);
	assert.equal(await reveals(), 1);
	const a = await auditor.get('/api/v1/audit?action=user.reveal');
	assert.ok(a.json.items.some((e) => e.object === `user:${id}` && e.actor === 'admin'));
	/* The audit entry does not hold the number it revealed. */
	assert.ok(!(await dump(db)).includes(phone));

	/* Changing the phone through PUT keeps it sealed and masked. */
	r = await admin.put(`/api/v1/users/${id}`, { phone: '13722223333' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.phone, '137****3333');
	assert.ok(!(await dump(db)).includes('13722223333'));
	r = await admin.get(`/api/v1/users/${id}?reveal=1`);
	assert.equal(r.json.phone, '13722223333');
	assert.equal(await reveals(), 2);
});

/* ---- bearer tokens -------------------------------------------------------- */

test('bearer token: created once by an admin, works without cookie and without CSRF, stored only as a hash', async () => {
	let r = await admin.post('/api/v1/tokens', { name: '集成测试' });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.name, '集成测试');
	assert.match(r.json.token, HEX64);
	const token = r.json.token;
	assert.ok(!(await dump(db)).includes(token), 'the token is stored in clear text');

	const b = new Client(srv.url, { bearer: token });
	r = await b.get('/api/v1/me');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.login, 'admin');
	r = await b.post('/api/v1/units', { parent_id: rootId, name: '令牌创建的单位', kind: 'department' });
	assert.equal(r.status, 201, `POST with a bearer token and no CSRF header: ${r.text}`);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'unit.create' AND object = 'unit:${r.json.id}' AND detail = '令牌创建的单位' AND actor = 'admin'`), 1);
	/* A wrong or truncated token is nobody. */
	expectError(await new Client(srv.url, { bearer: token.slice(0, 63) + (token[63] === '0' ? '1' : '0') })
		.get('/api/v1/me'), 401, 'unauthenticated');
	expectError(await new Client(srv.url, { bearer: token.slice(0, 40) }).get('/api/v1/me'), 401, 'unauthenticated');
	/* A token acting as another user ends with that user's lock. */
	const uid = await sqliteInt(db, "SELECT id FROM users WHERE login = 'officer2'");
	r = await sec.post('/api/v1/tokens', { name: '执法系统对接', user_id: uid });
	assert.equal(r.status, 201, r.text);
	const t2 = new Client(srv.url, { bearer: r.json.token });
	r = await t2.get('/api/v1/me');
	assert.equal(r.json.user.login, 'officer2');
	expectError(await t2.get('/api/v1/users'), 403, 'forbidden');
	assert.equal((await admin.post(`/api/v1/users/${uid}/lock`, {})).status, 200);
	expectError(await t2.get('/api/v1/me'), 401, 'unauthenticated');
	/* The lock revoked it for good: unlocking the user does not bring it back. */
	assert.equal((await sec.post(`/api/v1/users/${uid}/unlock`, {})).status, 200);
	expectError(await t2.get('/api/v1/me'), 401, 'unauthenticated');
	/* Token validation needs a name. */
	await unchangedBy(async () => {
		expectError(await admin.post('/api/v1/tokens', {}), 400, 'invalid');
	});
});

/* ---- audit ---------------------------------------------------------------- */

test('audit: the log lists logins, failed logins and writes, newest first; /audit/verify is ok', async () => {
	/* A login, a failed login and a logout of this test's own. */
	const c = new Client(srv.url);
	expectError(await c.login('court1', 'Wrong-Court-1'), 401, 'unauthenticated');
	assert.equal((await c.login('court1', users.court1.password)).status, 200);
	assert.equal((await c.post('/api/v1/logout', {})).status, 200);
	let r = await auditor.get('/api/v1/audit?per_page=100');
	assert.equal(r.status, 200, r.text);
	const total = await sqliteInt(db, 'SELECT count(*) FROM audit_log');
	assert.equal(r.json.total, total);
	assert.equal(r.json.page, 1);
	assert.equal(r.json.per_page, 100);
	const seqs = r.json.items.map((e) => e.seq);
	assert.deepEqual(seqs, [...seqs].sort((x, y) => y - x), 'newest first');
	assert.equal(seqs[0], total);
	for (const e of r.json.items)
		for (const k of ['seq', 'at', 'actor', 'unit_id', 'action', 'object', 'detail', 'ip', 'ok'])
			assert.ok(k in e, `AuditEntry.${k}`);
	assert.match(r.json.items[0].at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

	for (const action of ['login', 'login_failed', 'user.create', 'unit.create', 'password.change', 'logout']) {
		const f = await auditor.get(`/api/v1/audit?action=${encodeURIComponent(action)}&per_page=100`);
		assert.equal(f.status, 200);
		assert.ok(f.json.total >= 1, `an audit entry for ${action}`);
		assert.ok(f.json.items.every((e) => e.action === action));
	}
	const failed = await auditor.get('/api/v1/audit?action=login_failed&per_page=1');
	assert.equal(failed.json.items[0].ok, false);
	assert.equal(failed.json.items[0].ip, '127.0.0.1');
	const mine = await auditor.get('/api/v1/audit?actor=office1&per_page=100');
	assert.ok(mine.json.total >= 1 && mine.json.items.every((e) => e.actor === 'office1'));
	/* Paging. */
	const p2 = await auditor.get('/api/v1/audit?page=2&per_page=5');
	assert.equal(p2.json.items.length, 5);
	assert.equal(p2.json.items[0].seq, total - 5);

	r = await auditor.get('/api/v1/audit/verify');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.ok, true);
	/* the check itself is the next entry (三员分立: the others see it) */
	assert.equal(r.json.count + 1, await sqliteInt(db, 'SELECT count(*) FROM audit_log'));
	assert.equal(await sqliteInt(db, "SELECT count(*) FROM audit_log WHERE action = 'audit.verify' AND actor = 'auditor1'"), 1);
});

test('audit tampering: editing, deleting a middle row or the last row is named by `fazhi audit verify` (exit 3)', T, async () => {
	const work = await mkdtemp(join(tmpdir(), 'fazhi-api-tamper-'));
	try {
		const copies = {};
		for (const name of ['clean', 'edited', 'middle', 'last', 'chain']) {
			copies[name] = join(work, `${name}.db`);
			const b = await fazhi(['backup', '--db', db, '--to', copies[name]]);
			assert.equal(b.code, 0, b.stderr);
		}
		const n = await sqliteInt(copies.clean, 'SELECT count(*) FROM audit_log');
		assert.ok(n >= 20, `enough entries to tamper with (${n})`);
		const mid = Math.floor(n / 2);

		let v = await fazhi(['audit', 'verify', '--db', copies.clean, '--key', db + '.key']);
		assert.equal(v.code, 0, v.stdout + v.stderr);
		assert.match(v.stdout, new RegExp(`\\b${n}\\b`));

		await sqlite(copies.edited, `UPDATE audit_log SET detail = detail || '（改）' WHERE seq = ${mid}`);
		v = await fazhi(['audit', 'verify', '--db', copies.edited, '--key', db + '.key']);
		assert.equal(v.code, 3, v.stdout + v.stderr);
		assert.match(v.stdout, new RegExp(`第 ${mid} 条`));

		await sqlite(copies.middle, `DELETE FROM audit_log WHERE seq = ${mid}`);
		v = await fazhi(['audit', 'verify', '--db', copies.middle, '--key', db + '.key']);
		assert.equal(v.code, 3, v.stdout + v.stderr);
		assert.match(v.stdout, new RegExp(`第 ${mid} 条`));

		await sqlite(copies.last, `DELETE FROM audit_log WHERE seq = ${n}`);
		v = await fazhi(['audit', 'verify', '--db', copies.last, '--key', db + '.key']);
		assert.equal(v.code, 3, v.stdout + v.stderr);
		assert.match(v.stdout, new RegExp(`第 ${n} 条`));

		/* Rewriting a row's own hash to match its new content does not help:
		 * the next row links to the old hash.  (Simulated with a stored hash
		 * taken from another row.) */
		await sqlite(copies.chain, `UPDATE audit_log SET hash = (SELECT hash FROM audit_log WHERE seq = 1),
			detail = 'x' WHERE seq = ${mid}`);
		v = await fazhi(['audit', 'verify', '--db', copies.chain, '--key', db + '.key']);
		assert.equal(v.code, 3, v.stdout + v.stderr);
		assert.match(v.stdout, new RegExp(`第 ${mid} 条`));

		/* The server reports the same through GET /api/v1/audit/verify. */
		await copyFile(db + '.key', copies.edited + '.key');
		const s2 = await startServer(copies.edited);
		try {
			const a2 = new Client(s2.url);
			assert.equal((await a2.login('auditor1', users.auditor1.password)).status, 200);
			const r = await a2.get('/api/v1/audit/verify');
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.ok, false);
			assert.equal(r.json.bad_seq, mid);
			assert.ok(hasHan(r.json.message));
		} finally {
			await s2.stop();
		}
		/* And the live database is still sound. */
		v = await fazhi(['audit', 'verify', '--db', db]);
		assert.equal(v.code, 0, v.stdout + v.stderr);
	} finally {
		if (process.env.FAZHI_KEEP !== '1') await rm(work, { recursive: true, force: true });
	}
});

test('CLI: usage errors exit 2, help exits 0, backup refuses to overwrite', async () => {
	let r = await fazhi(['audit', 'verify']);
	assert.equal(r.code, 2);
	r = await fazhi(['serve', '--help']);
	assert.equal(r.code, 0);
	assert.match(r.stdout, /--listen/);
	r = await fazhi(['no-such-command']);
	assert.equal(r.code, 2);
	r = await fazhi(['user', 'add', '--db', db, '--bogus']);
	assert.equal(r.code, 2);
	const target = join(dir, 'exists.bak');
	await writeFile(target, 'keep me');
	r = await fazhi(['backup', '--db', db, '--to', target]);
	assert.equal(r.code, 1);
	assert.equal(await readFile(target, 'utf8'), 'keep me');
	r = await fazhi(['init', '--db', db]);
	assert.equal(r.code, 1, 'init refuses to overwrite a database');
	r = await fazhi(['version']);
	assert.equal(r.code, 0);
	assert.match(r.stdout, /^fazhi /);
});

/* ---- last: the server stops cleanly ------------------------------------- */

test('the server exits 0 on SIGTERM and the audit chain is sound afterwards', T, async () => {
	const exit = await srv.stop();
	assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, srv.log());
	const v = await fazhi(['audit', 'verify', '--db', db]);
	assert.equal(v.code, 0, v.stdout + v.stderr);
	srv = null;
});
