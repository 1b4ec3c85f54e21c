// tokens.test.mjs - issue 13, finding 2: tokens lived for ever.
//
// `POST /api/v1/tokens` gave a token that acted as the full admin, never
// expired, had no revoke, survived the owner's password change, and could
// mint more tokens.  Now a token has an owner, roles no wider than the
// owner's, an expiry (90 days by default, a year at most), a last use, a
// list and a revoke; the owner's password change, role change or lock ends
// it, and a token cannot create tokens.  Expiry is shown honestly: the
// server compares the stored expiry with its real clock, so the test moves
// the stored expiry into the past, as a day passing would.
// GB/T 22239-2019 8.1.4.1 (identification), 8.1.4.2 (access control).
// Sources: src/domain/org/token.c, src/domain/org/auth.c, org_api.c.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, fazhi, startServer, Client, adminClient, sqlite, sqliteInt, dataSnapshot,
	expectError, rootUnitId } from '../api/lib.mjs';
import { smallDistrict, ADMIN_PW } from './lib.mjs';

const PW = 'Zf-Ceshi#2026a';
const NEW_PW = 'Zf-Xinmima#2026b';
let db, srv, admin, sec, root;

before(async () => {
	const dir = await tempDir(null, 'fazhi-sec-tokens-');
	db = await smallDistrict(dir, 0);
	srv = await startServer(db);
	admin = await adminClient(srv.url, { admin: { password: ADMIN_PW } });
	root = await rootUnitId(db);
	/* 三员分立: everyone's tokens are the security administrator's, whom
	 * the initial admin creates (tests/security/roles.test.mjs) */
	let r = await admin.post('/api/v1/users', { login: 'secadmin1', name: '安全管理员', role: 'secadmin', unit_id: root, password: PW });
	assert.equal(r.status, 201, r.text);
	sec = new Client(srv.url);
	r = await sec.login('secadmin1', PW);
	assert.equal(r.status, 200, r.text);
	assert.equal((await sec.changePassword(PW, NEW_PW)).status, 200);
});
after(async () => { if (srv) await srv.stop(); });

/* A new officer, logged in with the initial password changed. */
async function officer(login) {
	let r = await admin.post('/api/v1/users', { login, name: '执法测试', role: 'officer', unit_id: root, password: PW });
	assert.equal(r.status, 201, r.text);
	const c = new Client(srv.url);
	r = await c.login(login, PW);
	assert.equal(r.status, 200, r.text);
	r = await c.changePassword(PW, NEW_PW);
	assert.equal(r.status, 200, r.text);
	return { c, id: (await c.get('/api/v1/me')).json.user.id };
}

const bearer = (token) => new Client(srv.url, { bearer: token });
const days = (iso) => (Date.parse(iso) - Date.now()) / 86400e3;

test('expiry: 90 days unless asked, at most a year; past its expiry a token is unknown (401)', async () => {
	let r = await admin.post('/api/v1/tokens', { name: '默认有效期' });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.expires_days, 90);
	const id = r.json.id;
	const list = await admin.get('/api/v1/tokens');
	const row = list.json.items.find((x) => x.id === id);
	assert.ok(Math.abs(days(row.expires_at) - 90) < 0.01, row.expires_at);

	const snap = await dataSnapshot(db);
	for (const d of [366, 0, -1, 3650, '30', 1.5])
		expectError(await admin.post('/api/v1/tokens', { name: '过长', expires_days: d }), 400, 'invalid');
	assert.equal(await dataSnapshot(db), snap, 'a refused token creation changed the database');
	r = await admin.post('/api/v1/tokens', { name: '一年', expires_days: 365 });
	assert.equal(r.status, 201, r.text);

	r = await admin.post('/api/v1/tokens', { name: '一天', expires_days: 1 });
	assert.equal(r.status, 201, r.text);
	const t = bearer(r.json.token);
	assert.equal((await t.get('/api/v1/me')).status, 200);
	/* A day passes: the stored expiry moves into the past. */
	await sqlite(db, `UPDATE api_tokens SET expires_at = strftime('%s', 'now') - 1 WHERE id = ${r.json.id}`);
	expectError(await t.get('/api/v1/me'), 401, 'unauthenticated');
	const expired = (await admin.get('/api/v1/tokens')).json.items.find((x) => x.id === r.json.id);
	assert.equal(expired.expired, true);
});

test('revoke: the owner or the security administrator ends a token at once, audited; nobody else reaches it', async () => {
	const o = await officer('revoker1');
	const other = await officer('revoker2');
	let r = await o.c.post('/api/v1/tokens', { name: '对接测试' });
	assert.equal(r.status, 201, r.text);
	const { id, token } = r.json;
	const t = bearer(token);
	assert.equal((await t.get('/api/v1/me')).status, 200);

	/* Another officer of the same unit: as if it did not exist. */
	const snap = await dataSnapshot(db);
	expectError(await other.c.del(`/api/v1/tokens/${id}`), 404, 'not_found');
	assert.equal(await dataSnapshot(db), snap);
	/* Lists: an officer sees only their own, the security administrator
	 * every one, the system administrator their own. */
	assert.deepEqual((await other.c.get('/api/v1/tokens')).json.items, []);
	assert.ok((await o.c.get('/api/v1/tokens')).json.items.every((x) => x.owner.login === 'revoker1'));
	assert.ok((await sec.get('/api/v1/tokens')).json.items.some((x) => x.id === id));
	assert.ok(!(await admin.get('/api/v1/tokens')).json.items.some((x) => x.id === id));

	r = await o.c.del(`/api/v1/tokens/${id}`);
	assert.equal(r.status, 200, r.text);
	expectError(await t.get('/api/v1/me'), 401, 'unauthenticated');
	expectError(await o.c.del(`/api/v1/tokens/${id}`), 409, 'bad_state');
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'token.revoke' AND object = 'token:${id}'`), 1);
	const row = (await sec.get('/api/v1/tokens')).json.items.find((x) => x.id === id);
	assert.equal(row.revoked, true);

	/* The same from the command line. */
	r = await admin.post('/api/v1/tokens', { name: '命令行撤销' });
	const cli = await fazhi(['token', 'revoke', '--db', db, '--id', String(r.json.id)]);
	assert.equal(cli.code, 0, cli.stderr);
	expectError(await bearer(r.json.token).get('/api/v1/me'), 401, 'unauthenticated');
	const ls = await fazhi(['token', 'list', '--db', db]);
	assert.match(ls.stdout, new RegExp(`^${r.json.id}\\t已撤销\\t命令行撤销`, 'm'));
});

test('the owner\'s password change ends their tokens; so does an administrator\'s reset', async () => {
	const o = await officer('pwchange1');
	let r = await o.c.post('/api/v1/tokens', { name: '改密前' });
	const t = bearer(r.json.token);
	assert.equal((await t.get('/api/v1/me')).status, 200);
	r = await o.c.changePassword(NEW_PW, 'Zf-Zaigai#2026c');
	assert.equal(r.status, 200, r.text);
	expectError(await t.get('/api/v1/me'), 401, 'unauthenticated');
	assert.equal(await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'token.revoke_all' AND object = 'user:${o.id}'`), 1);

	r = await sec.post('/api/v1/tokens', { name: '重置前', user_id: o.id });
	const t2 = bearer(r.json.token);
	assert.equal((await t2.get('/api/v1/me')).status, 200);
	r = await admin.post(`/api/v1/users/${o.id}/password`, { password: 'Zf-Chongzhi#2026d' });
	assert.equal(r.status, 200, r.text);
	expectError(await t2.get('/api/v1/me'), 401, 'unauthenticated');
});

test('a token cannot mint tokens or change a password (403 token_not_allowed), and nothing changes', async () => {
	let r = await admin.post('/api/v1/tokens', { name: '管理员令牌' });
	const t = bearer(r.json.token);
	assert.equal((await t.get('/api/v1/me')).status, 200); /* its one write of last use, now */
	const snap = await dataSnapshot(db);
	const count = await sqliteInt(db, 'SELECT count(*) FROM api_tokens');
	expectError(await t.post('/api/v1/tokens', { name: '再造一个' }), 403, 'token_not_allowed');
	expectError(await t.post('/api/v1/tokens', { name: '再造一个', expires_days: 365, user_id: 1 }), 403, 'token_not_allowed');
	expectError(await t.post('/api/v1/me/password', { old_password: ADMIN_PW, new_password: 'Zf-Buxu#2026e' }), 403, 'token_not_allowed');
	assert.equal(await sqliteInt(db, 'SELECT count(*) FROM api_tokens'), count);
	assert.equal(await dataSnapshot(db), snap);
});

test('roles: no wider than the owner\'s; a non-administrator only for themself; a role change ends the tokens', async () => {
	const o = await officer('roles1');
	const snap = await dataSnapshot(db);
	let e = expectError(await sec.post('/api/v1/tokens', { name: '越权', user_id: o.id, roles: ['admin'] }), 400, 'invalid');
	assert.equal(e.field, 'roles');
	expectError(await sec.post('/api/v1/tokens', { name: '越权', user_id: o.id, roles: ['officer', 'office'] }), 400, 'invalid');
	/* the system administrator makes tokens for nobody else (三员分立) */
	expectError(await admin.post('/api/v1/tokens', { name: '越权', user_id: o.id }), 403, 'forbidden');
	expectError(await o.c.post('/api/v1/tokens', { name: '越权', roles: ['admin'] }), 400, 'invalid');
	e = expectError(await o.c.post('/api/v1/tokens', { name: '替管理员', user_id: 1 }), 403, 'forbidden');
	assert.equal(e.field, 'user_id');
	assert.equal(await dataSnapshot(db), snap, 'a refused token creation changed the database');

	let r = await sec.post('/api/v1/tokens', { name: '执法对接', user_id: o.id, roles: ['officer'] });
	assert.equal(r.status, 201, r.text);
	const t = bearer(r.json.token);
	r = await t.get('/api/v1/me');
	assert.equal(r.json.user.role, 'officer');
	expectError(await t.get('/api/v1/users'), 403, 'forbidden');
	/* The owner becomes 镇街 staff: the officer token ends. */
	r = await sec.post(`/api/v1/users/${o.id}/role`, { role: 'town' });
	assert.equal(r.status, 200, r.text);
	expectError(await t.get('/api/v1/me'), 401, 'unauthenticated');
});

test('last use: time and address, written at most once a minute', async () => {
	let r = await admin.post('/api/v1/tokens', { name: '使用记录' });
	const { id, token } = r.json;
	const t = bearer(token);
	const used = () => sqlite(db, `SELECT last_used_at || ' ' || last_used_ip FROM api_tokens WHERE id = ${id}`);
	assert.equal(await used(), '0 ');
	assert.equal((await t.get('/api/v1/me')).status, 200);
	const first = await used();
	assert.match(first, /^\d{10} 127\.0\.0\.1$/);
	/* Within the minute: no write. */
	await sqlite(db, `UPDATE api_tokens SET last_used_at = last_used_at - 30 WHERE id = ${id}`);
	const moved = await used();
	assert.equal((await t.get('/api/v1/me')).status, 200);
	assert.equal(await used(), moved);
	/* A minute later: written again. */
	await sqlite(db, `UPDATE api_tokens SET last_used_at = last_used_at - 60 WHERE id = ${id}`);
	assert.equal((await t.get('/api/v1/me')).status, 200);
	assert.notEqual(await used(), moved);
	const row = (await admin.get('/api/v1/tokens')).json.items.find((x) => x.id === id);
	assert.equal(row.last_used_ip, '127.0.0.1');
});
