// totp.test.mjs - issue 13: the second factor (GB/T 22239-2019 8.1.4.1 d:
// two authentication techniques, one of them cryptographic).
//
// A user enrols a TOTP secret (RFC 6238: HMAC-SHA1, 6 digits, 30 s) shown
// as an otpauth:// URI and a QR code, confirms it with a code and gets ten
// one-time recovery codes; the secret is SM4-sealed and the codes kept
// only as keyed hashes.  A user with a second factor gets no session from
// the password alone: a login challenge, which reaches nothing, and then
// POST /api/v1/login/totp with a code or a recovery code.  A code is not
// accepted twice; wrong codes count toward the login limits like wrong
// passwords (src/domain/org/auth.h: delays and 429, never a lock).  The roles that
// need it (the three administrators, 依法治区办, 司法局) enrol at their
// next login.  The security administrator resets a user's second factor,
// audited; the system administrator may not.  Codes are computed here
// from the secret, as an authenticator app would (tests/api/lib.mjs).
// Sources: src/crypto/totp.c, src/domain/org/mfa.c, auth.c, org_api.c.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, demo, dbPath, fazhi, startServer, Client, adminClient, sqlite, sqliteInt,
	dataSnapshot, dump, expectError, rootUnitId, freshCode, totpCode, totpStep,
	rememberTotp } from '../api/lib.mjs';

const PW = 'Zf-Ceshi#2026a';
let db, srv, users, admin, sec, root;

before(async () => {
	const dir = await tempDir(null, 'fazhi-sec-totp-');
	users = await demo(dir, 3);
	db = dbPath(dir);
	srv = await startServer(db);
	admin = await adminClient(srv.url, users);
	sec = new Client(srv.url);
	assert.equal((await sec.login('secadmin1', users.secadmin1.password)).status, 200);
	root = await rootUnitId(db);
});
after(async () => { if (srv) await srv.stop(); });

/* A new user of role, its initial password changed. */
async function newUser(login, role) {
	const r = await admin.post('/api/v1/users', { login, name: '口令测试', role, unit_id: root, password: PW });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

/* Failed logins counted for login (src/domain/org/auth.c, login_attempts). */
const failuresOf = (login) => sqliteInt(db,
	`SELECT coalesce(sum(failures), 0) FROM login_attempts WHERE login = '${login}'`);

/* A code that is none of the window's (so surely wrong). */
function wrongCode(secret) {
	const s = totpStep();
	const near = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, s + d)));
	for (let i = 0; ; i++) {
		const c = String(i).padStart(6, '0');
		if (!near.has(c)) return c;
	}
}

/* An officer (no second factor needed) enrols of their own accord. */
async function enrolOfficer(login) {
	const id = await newUser(login, 'officer');
	const c = new Client(srv.url);
	let r = await c.login(login, PW);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.second_factor, false);
	r = await c.changePassword(PW, PW + 'x');
	assert.equal(r.status, 200, r.text);
	r = await c.post('/api/v1/me/totp', {});
	assert.equal(r.status, 200, r.text);
	const { secret, uri, qr_svg: svg } = r.json;
	r = await c.post('/api/v1/me/totp/confirm', { code: await freshCode(secret) });
	assert.equal(r.status, 200, r.text);
	rememberTotp(login, secret, PW + 'x');
	return { id, c, secret, uri, svg, codes: r.json.recovery_codes };
}

test('enrol: a secret as otpauth:// URI and QR code, confirmed by a code; ten recovery codes shown once; nothing readable at rest', async () => {
	const id = await newUser('optin1', 'officer');
	const c = new Client(srv.url);
	assert.equal((await c.login('optin1', PW)).status, 200);
	assert.equal((await c.changePassword(PW, PW + 'x')).status, 200);
	let r = await c.get('/api/v1/me/totp');
	assert.deepEqual({ e: r.json.enrolled, q: r.json.required }, { e: false, q: false });
	r = await c.post('/api/v1/me/totp', {});
	assert.equal(r.status, 200, r.text);
	const { secret, uri, qr_svg: svg } = r.json;
	assert.match(secret, /^[A-Z2-7]{32}$/);
	assert.equal(uri, `otpauth://totp/fazhi:optin1?secret=${secret}&issuer=fazhi&algorithm=SHA1&digits=6&period=30`);
	assert.match(svg, /^<\?xml|<svg/);
	assert.ok(svg.includes('<path'), 'the QR code has modules');

	/* a wrong code enrols nothing */
	const snap = await dataSnapshot(db);
	expectError(await c.post('/api/v1/me/totp/confirm', { code: wrongCode(secret) }), 400, 'invalid');
	expectError(await c.post('/api/v1/me/totp/confirm', { code: 'abcdef' }), 400, 'invalid');
	assert.equal(await dataSnapshot(db), snap);

	r = await c.post('/api/v1/me/totp/confirm', { code: await freshCode(secret) });
	assert.equal(r.status, 200, r.text);
	const codes = r.json.recovery_codes;
	assert.equal(codes.length, 10);
	assert.equal(new Set(codes).size, 10);
	for (const k of codes) assert.match(k, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
	r = await c.get('/api/v1/me/totp');
	assert.deepEqual({ e: r.json.enrolled, n: r.json.recovery_codes_left }, { e: true, n: 10 });

	/* at rest: the secret SM4-sealed, recovery codes only as keyed hashes */
	const text = await dump(db);
	assert.ok(!text.includes(secret), 'the TOTP secret is stored in clear');
	for (const k of codes) assert.ok(!text.includes(k) && !text.includes(k.replace('-', '')), 'a recovery code in clear');
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM user_recovery_codes WHERE user_id = ${id} AND used_at IS NULL`), 10);
	assert.ok(await sqliteInt(db, 'SELECT count(*) FROM audit_log WHERE action = \'totp.enrol\' AND actor = \'optin1\'') >= 1);
});

test('login with a code: the password alone opens no session; the challenge reaches nothing; the session records the factor', async () => {
	const { secret } = await enrolOfficer('twostep1');
	const c = new Client(srv.url);
	let r = await c.login('twostep1', PW + 'x', { second: false });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.second_factor, 'totp');
	assert.ok(!r.json.user && !r.json.csrf, 'no session yet');
	assert.equal(c.cookie, null, 'no cookie before the second step');
	const challenge = r.json.challenge;
	/* the challenge is no credential anywhere else */
	expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
	expectError(await new Client(srv.url, { bearer: challenge }).get('/api/v1/me'), 401, 'unauthenticated');
	expectError(await c.get('/api/v1/me', { cookie: challenge }), 401, 'unauthenticated');

	r = await c.post('/api/v1/login/totp', { challenge, code: await freshCode(secret) });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.second_factor, true);
	r = await c.get('/api/v1/me');
	assert.equal(r.json.user.second_factor, true);
	assert.equal(await sqlite(db, `SELECT s.second_factor FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE u.login = 'twostep1' ORDER BY s.rowid DESC LIMIT 1`), 'totp');
	/* a challenge is spent with its login */
	expectError(await new Client(srv.url).post('/api/v1/login/totp', { challenge, code: await freshCode(secret) }),
		401, 'unauthenticated');
});

test('replay: a code accepted once is refused the second time (RFC 6238 §5.2) and counts as a failed login', async () => {
	const { id, secret } = await enrolOfficer('replay1');
	const c = new Client(srv.url);
	let r = await c.login('replay1', PW + 'x', { second: false });
	const code = await freshCode(secret);
	r = await c.post('/api/v1/login/totp', { challenge: r.json.challenge, code });
	assert.equal(r.status, 200, r.text);

	const d = new Client(srv.url);
	r = await d.login('replay1', PW + 'x', { second: false });
	const snapSessions = await sqliteInt(db, `SELECT count(*) FROM sessions WHERE user_id = ${id}`);
	expectError(await d.post('/api/v1/login/totp', { challenge: r.json.challenge, code }), 401, 'unauthenticated');
	assert.equal(await failuresOf('replay1'), 1);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM sessions WHERE user_id = ${id}`), snapSessions);
	assert.ok(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND object = 'user:${id}' AND detail = '动态口令或恢复码错误'`) >= 1);
	/* the same challenge with a fresh code goes through, and clears the count */
	r = await d.post('/api/v1/login/totp', { challenge: r.json.challenge, code: await freshCode(secret) });
	assert.equal(r.status, 200, r.text);
	assert.equal(await failuresOf('replay1'), 0);
});

test('wrong codes count toward the login limits: after the fifth both steps wait (429), the right code too; no lock', async () => {
	const { id, secret } = await enrolOfficer('guess1');
	const c = new Client(srv.url);
	let r, challenge;
	for (let i = 0; i < 5; i++) {
		r = await c.login('guess1', PW + 'x', { second: false });
		assert.equal(r.status, 200, r.text);
		challenge = r.json.challenge;
		expectError(await c.post('/api/v1/login/totp', { challenge, code: wrongCode(secret) }),
			401, 'unauthenticated');
	}
	assert.equal(await failuresOf('guess1'), 5);
	assert.ok(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND object = 'user:${id}' AND detail = '动态口令或恢复码错误'`) >= 5);
	/* the right code on a live challenge waits like the password does */
	r = await c.post('/api/v1/login/totp', { challenge, code: await freshCode(secret) });
	expectError(r, 429, 'rate_limited');
	assert.ok(Number(r.headers.get('retry-after')) > 0);
	expectError(await c.login('guess1', PW + 'x'), 429, 'rate_limited');
	assert.equal(await failuresOf('guess1'), 5, 'waiting tries are not counted');
	/* no lock: the wait passes by itself, or the security administrator
	 * lifts it */
	assert.equal(await sqliteInt(db, `SELECT admin_locked FROM users WHERE id = ${id}`), 0);
	assert.equal((await sec.get(`/api/v1/users/${id}`)).json.login_limited, true);
	assert.equal((await sec.post(`/api/v1/users/${id}/unlock`, {})).status, 200);
	r = await c.login('guess1', PW + 'x');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.second_factor, true);
});

test('a recovery code logs in once; its second use is refused', async () => {
	const { id, codes } = await enrolOfficer('lostphone1');
	const c = new Client(srv.url);
	let r = await c.login('lostphone1', PW + 'x', { second: false });
	r = await c.post('/api/v1/login/totp', { challenge: r.json.challenge, recovery_code: codes[3].toLowerCase() });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.second_factor, true);
	assert.equal(await sqlite(db, `SELECT second_factor FROM sessions WHERE user_id = ${id} ORDER BY rowid DESC LIMIT 1`), 'recovery');
	assert.equal((await c.get('/api/v1/me/totp')).json.recovery_codes_left, 9);

	const d = new Client(srv.url);
	r = await d.login('lostphone1', PW + 'x', { second: false });
	const e = expectError(await d.post('/api/v1/login/totp', { challenge: r.json.challenge, recovery_code: codes[3] }),
		401, 'unauthenticated');
	assert.equal(e.field, 'recovery_code');
	/* another user's code is nobody's */
	const other = await enrolOfficer('lostphone2');
	expectError(await d.post('/api/v1/login/totp', { challenge: r.json.challenge, recovery_code: other.codes[0] }),
		401, 'unauthenticated');
});

test('forced enrolment: a 司法局 user without a second factor gets no session until enrolled, then gets recovery codes', async () => {
	const id = await newUser('justice9', 'justice');
	const c = new Client(srv.url);
	let r = await c.login('justice9', PW, { second: false });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.second_factor, 'enrol');
	assert.equal(c.cookie, null);
	const challenge = r.json.challenge;
	expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
	/* an enrolment challenge is not a code challenge, and vice versa */
	expectError(await c.post('/api/v1/login/totp', { challenge, recovery_code: 'AAAAA-AAAAA' }), 401, 'unauthenticated');

	r = await c.post('/api/v1/login/totp/enrol', { challenge });
	assert.equal(r.status, 200, r.text);
	const secret = r.json.secret;
	assert.ok(r.json.qr_svg.includes('<svg'));
	expectError(await c.post('/api/v1/login/totp', { challenge, code: wrongCode(secret) }), 401, 'unauthenticated');
	r = await c.post('/api/v1/login/totp', { challenge, code: await freshCode(secret) });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.recovery_codes.length, 10);
	assert.equal(r.json.user.second_factor, true);
	assert.equal(r.json.user.must_change_password, true);
	/* the password change keeps the factor on the new session */
	r = await c.changePassword(PW, PW + 'y');
	assert.equal(r.status, 200, r.text);
	r = await c.get('/api/v1/me');
	assert.equal(r.json.user.second_factor, true);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM user_totp WHERE user_id = ${id} AND secret_enc IS NOT NULL`), 1);
	/* next time: a code, not an enrolment */
	r = await new Client(srv.url).login('justice9', PW + 'y', { second: false });
	assert.equal(r.json.second_factor, 'totp');
	/* a session of such a role without the factor (an older version's) is none */
	await sqlite(db, `UPDATE sessions SET second_factor = '' WHERE user_id = ${id}`);
	expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
});

test('reset: the security administrator may, audited, and the user enrols again; the system administrator may not', async () => {
	const id = await newUser('justice8', 'justice');
	const c = new Client(srv.url);
	assert.equal((await c.login('justice8', PW)).status, 200);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM user_totp WHERE user_id = ${id} AND secret_enc IS NOT NULL`), 1);

	const snap = await dataSnapshot(db);
	expectError(await admin.post(`/api/v1/users/${id}/totp/reset`, {}), 403, 'forbidden');
	assert.equal(await dataSnapshot(db), snap, 'a refused reset changed the database');
	const self = await sqliteInt(db, "SELECT id FROM users WHERE login = 'secadmin1'");
	expectError(await sec.post(`/api/v1/users/${self}/totp/reset`, {}), 403, 'forbidden');

	const r = await sec.post(`/api/v1/users/${id}/totp/reset`, {});
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.totp_enrolled, false);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'totp.reset' AND object = 'user:${id}' AND actor = 'secadmin1'`), 1);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM user_recovery_codes WHERE user_id = ${id}`), 0);
	expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
	const again = await new Client(srv.url).login('justice8', PW, { second: false });
	assert.equal(again.json.second_factor, 'enrol');
});

test('the demo administrators log in with their printed secrets; a bearer token cannot enrol', async () => {
	for (const login of ['admin', 'office1', 'justice1', 'secadmin1', 'auditor1'])
		assert.match(users[login].totp, /^[A-Z2-7]{32}$/, login);
	for (const login of ['officer1', 'town1', 'court1', 'procurator1'])
		assert.equal(users[login].totp, '', login);
	const c = new Client(srv.url);
	const r = await c.login('office1', users.office1.password);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.user.second_factor, true);
	const t = await c.post('/api/v1/tokens', { name: '对接' });
	assert.equal(t.status, 201, t.text);
	expectError(await new Client(srv.url, { bearer: t.json.token }).post('/api/v1/me/totp', {}), 403, 'token_not_allowed');
});

test('fazhi user totp-reset: the way back in when no security administrator can log in, audited', async () => {
	const id = await newUser('secadmin9', 'secadmin');
	assert.equal((await new Client(srv.url).login('secadmin9', PW)).status, 200);  // enrols
	const r = await fazhi(['user', 'totp-reset', '--db', db, '--login', 'secadmin9']);
	assert.equal(r.code, 0, r.stdout + r.stderr);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM user_totp WHERE user_id = ${id}`), 0);
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'totp.reset' AND object = 'user:${id}' AND actor = 'system'`), 1);
	const again = await new Client(srv.url).login('secadmin9', PW, { second: false });
	assert.equal(again.json.second_factor, 'enrol');
});

test('fazhi totp prints what an authenticator app shows, and the server takes it once; a bad secret changes nothing', async () => {
	const secret = users.auditor1.totp;
	const before = totpStep();
	const r = await fazhi(['totp', secret]);
	assert.equal(r.code, 0, r.stdout + r.stderr);
	const [code, left] = r.stdout.trim().split('\t');
	assert.ok([totpCode(secret, before), totpCode(secret, totpStep())].includes(code), r.stdout);
	assert.ok(Number(left) >= 1 && Number(left) <= 30, r.stdout);
	const c = new Client(srv.url);
	const p = await c.login('auditor1', users.auditor1.password, { second: false });
	assert.equal(p.status, 200, p.text);
	/* auditor1 has not logged in on this server: the code is unspent */
	const ok = await c.post('/api/v1/login/totp', { challenge: p.json.challenge, code });
	assert.equal(ok.status, 200, ok.text);
	assert.equal(ok.json.user.second_factor, true);
	const c2 = new Client(srv.url);
	const p2 = await c2.login('auditor1', users.auditor1.password, { second: false });
	expectError(await c2.post('/api/v1/login/totp', { challenge: p2.json.challenge, code }), 401, 'unauthenticated');
	const bad = await fazhi(['totp', 'not base32!']);
	assert.equal(bad.code, 1);
	assert.match(bad.stderr, /动态口令密钥格式不正确/);
	assert.equal(bad.stdout, '');
});
