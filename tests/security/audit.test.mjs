// audit.test.mjs - issue 13, finding 1: the audit chain could be rewritten.
//
// With write access to the database file an attacker deleted rows and
// recomputed the plain SM3 chain and its head; `fazhi audit verify` passed
// and `fazhi restore` accepted the forged file.  Here the attacker does
// exactly that with the sqlite3 command line and node's SM3, and the
// keyed chain (HMAC-SM3 under a key from the key file) refuses it.  An
// anchor signed with the district's SM2 key and kept off the server
// catches what no key is needed for (cutting the tail and resetting the
// head) and what an insider holding the key file can do (rewriting the
// middle and recomputing every MAC).  Old plain chains are re-keyed once,
// and only when they verify.  GB/T 22239-2019 8.1.4.3 c.
// Sources: src/engine/audit.c, src/cli/cmd_db.c, src/app.c (fz_app_open_keyed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, copyFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { tempDir, fazhi, sqlite, sqliteInt, hasHan } from '../api/lib.mjs';
import { smallDistrict, recompute, sm3, hmacSm3, auditKey, keyOf, tmpIn } from './lib.mjs';

const run = promisify(execFile);

async function verify(db, key, anchor) {
	const args = ['audit', 'verify', '--db', db, '--key', key];
	if (anchor) args.push('--anchor', anchor);
	return fazhi(args);
}

async function backup(db, to) {
	const r = await fazhi(['backup', '--db', db, '--to', to]);
	assert.equal(r.code, 0, r.stderr);
	return to;
}

test('a row deleted and the plain SM3 chain recomputed: verify fails and restore refuses the forged backup', async (t) => {
	const dir = await tempDir(t, 'fazhi-sec-audit-');
	const db = await smallDistrict(dir);
	const key = keyOf(db);
	let v = await verify(db, key);
	assert.equal(v.code, 0, v.stdout + v.stderr);
	assert.match(v.stdout, /审计日志校验通过/);
	const n = await sqliteInt(db, 'SELECT count(*) FROM audit_log');

	/* The restore target: a good database whose bytes must not change. */
	const target = tmpIn(dir, 'target.db');
	let r = await fazhi(['restore', '--db', target, '--from', await backup(db, tmpIn(dir, 'good.bak')), '--key', key]);
	assert.equal(r.code, 0, r.stderr);
	const targetBytes = await readFile(target);

	for (const alg of [undefined, 'sm3']) {
		/* The attack: drop a record and recompute the chain as a plain
		 * SM3 chain, head included (and, the second time, mark the head
		 * as an old plain chain too). */
		const forged = await backup(db, tmpIn(dir, `forged-${alg ?? 'keyed'}.bak`));
		await sqlite(forged, 'DELETE FROM audit_log WHERE seq = 3');
		const left = await recompute(forged, sm3, { alg });
		assert.ok(left < n);

		v = await verify(forged, key);
		assert.equal(v.code, 3, `verify accepted a forged chain (${alg ?? 'keyed head'}): ${v.stdout}`);
		assert.ok(hasHan(v.stdout), v.stdout);
		assert.match(v.stdout, alg ? /旧版 SM3 哈希链/ : /第 1 条/);

		for (const force of [[], ['--force']]) {
			r = await fazhi(['restore', '--db', target, '--from', forged, '--key', key, ...force]);
			assert.equal(r.code, 1, `restore accepted a forged backup: ${r.stdout}`);
			assert.match(r.stderr, /拒绝恢复/);
			assert.deepEqual(await readFile(target), targetBytes, 'the current database was changed');
		}
	}
	/* The untouched backup still restores. */
	r = await fazhi(['restore', '--db', target, '--from', tmpIn(dir, 'good.bak'), '--key', key, '--force']);
	assert.equal(r.code, 0, r.stderr);
});

test('verify needs the key file and names a wrong one', async (t) => {
	const dir = await tempDir(t, 'fazhi-sec-key-');
	const db = await smallDistrict(dir, 1);
	const other = await smallDistrict(await tempDir(t, 'fazhi-sec-other-'), 1);
	let v = await fazhi(['audit', 'verify', '--db', db, '--key', tmpIn(dir, 'missing.key')]);
	assert.equal(v.code, 1);
	assert.match(v.stderr, /找不到密钥文件/);
	v = await verify(db, keyOf(other));
	assert.equal(v.code, 1, v.stdout);
	assert.match(v.stderr, /密钥文件与数据库不符/);
});

test('anchors: cutting the tail needs no key and passes verify, but not verify --anchor; the signature checks with OpenSSL', async (t) => {
	const dir = await tempDir(t, 'fazhi-sec-anchor-');
	const db = await smallDistrict(dir, 2);
	const key = keyOf(db);
	const anchors = tmpIn(dir, 'anchors.txt');
	const a = await fazhi(['audit', 'anchor', '--db', db, '--to', anchors]);
	assert.equal(a.code, 0, a.stderr);
	const line = a.stdout.trim();
	assert.equal((await readFile(anchors, 'utf8')).trim(), line);
	const m = /^fazhi-audit-anchor 1 seq=(\d+) at=(\S+) head=([0-9a-f]{64}) key=([0-9a-f]{16}) sig=([0-9a-f]+)$/.exec(line);
	assert.ok(m, line);
	const anchored = Number(m[1]);
	assert.equal(await sqlite(db, `SELECT action FROM audit_log WHERE seq = ${anchored}`), 'audit.anchor');

	/* Anyone with the district public key can check the signature. */
	const pub = await fazhi(['code', 'pubkey', '--db', db]);
	assert.equal(pub.code, 0, pub.stderr);
	await writeFile(tmpIn(dir, 'pub.pem'), pub.stdout);
	await writeFile(tmpIn(dir, 'msg'), line.slice(0, line.indexOf(' sig=')));
	await writeFile(tmpIn(dir, 'sig.der'), Buffer.from(m[5], 'hex'));
	const o = await run('openssl', ['dgst', '-sm3', '-verify', tmpIn(dir, 'pub.pem'), '-sigopt',
		'distid:1234567812345678', '-signature', tmpIn(dir, 'sig.der'), tmpIn(dir, 'msg')]);
	assert.match(o.stdout, /Verified OK/);

	/* More work after the anchor, then a second anchor. */
	let r = await fazhi(['user', 'lock', '--db', db, '--login', 'staff0']);
	assert.equal(r.code, 0, r.stderr);
	r = await fazhi(['audit', 'anchor', '--db', db, '--to', anchors]);
	assert.equal(r.code, 0, r.stderr);
	let v = await verify(db, key, anchors);
	assert.equal(v.code, 0, v.stdout + v.stderr);
	assert.match(v.stdout, /2 个离线锚点均相符/);

	/* An edited anchor line is refused. */
	const edited = tmpIn(dir, 'edited.txt');
	await writeFile(edited, line.replace(`seq=${anchored} `, `seq=${anchored - 1} `) + '\n');
	v = await verify(db, key, edited);
	assert.equal(v.code, 3, v.stdout);
	assert.match(v.stdout, /签名无效/);

	/* The tail cut: delete the latest rows, the anchored one among them,
	 * and point the head at the last one left.  No key needed. */
	const cut = await backup(db, tmpIn(dir, 'cut.db'));
	await sqlite(cut, `DELETE FROM audit_log WHERE seq >= ${anchored - 1};
		UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log),
		hash = (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)`);
	v = await verify(cut, key);
	assert.equal(v.code, 0, 'without anchors the cut cannot be seen: ' + v.stdout);
	v = await verify(cut, key, anchors);
	assert.equal(v.code, 3, v.stdout);
	assert.match(v.stdout, new RegExp(`第 ${anchored} 条审计记录已不存在`));
});

test('anchors: an insider holding the key file deletes a middle row and recomputes every MAC; verify passes, verify --anchor does not', async (t) => {
	const dir = await tempDir(t, 'fazhi-sec-insider-');
	const db = await smallDistrict(dir, 3);
	const key = keyOf(db);
	const anchors = tmpIn(dir, 'anchors.txt');
	const a = await fazhi(['audit', 'anchor', '--db', db, '--to', anchors]);
	assert.equal(a.code, 0, a.stderr);

	const forged = await backup(db, tmpIn(dir, 'insider.db'));
	await sqlite(forged, 'DELETE FROM audit_log WHERE seq = 3');
	await recompute(forged, hmacSm3(await auditKey(key)));
	let v = await verify(forged, key);
	assert.equal(v.code, 0, 'the key recomputes a sound chain: ' + v.stdout + v.stderr);
	v = await verify(forged, key, anchors);
	assert.equal(v.code, 3, v.stdout);
	assert.match(v.stdout, /锚点校验未通过/);
});

test('an old plain SM3 chain is re-keyed once when it verifies, and refused when it does not', async (t) => {
	const dir = await tempDir(t, 'fazhi-sec-migrate-');
	const db = await smallDistrict(dir, 2);
	const key = keyOf(db);
	/* What an older version left: a plain chain, no key fingerprint. */
	const n = await recompute(db, sm3, { alg: 'sm3' });
	const broken = tmpIn(dir, 'broken.db');
	await copyFile(db, broken);
	await copyFile(key, keyOf(broken));

	let v = await verify(db, key);
	assert.equal(v.code, 3, 'a plain chain proves nothing: ' + v.stdout);
	/* The first keyed open (any command that writes) re-keys it. */
	let r = await fazhi(['user', 'lock', '--db', db, '--login', 'staff1']);
	assert.equal(r.code, 0, r.stderr);
	assert.equal(await sqlite(db, 'SELECT alg FROM audit_head'), 'hmac-sm3');
	assert.equal(await sqlite(db, `SELECT action FROM audit_log WHERE seq = ${n + 1}`), 'audit.rekey');
	assert.match(await sqlite(db, `SELECT detail FROM audit_log WHERE seq = ${n + 1}`), new RegExp(`${n} 条校验无误`));
	v = await verify(db, key);
	assert.equal(v.code, 0, v.stdout + v.stderr);

	/* A plain chain with a row missing is not re-keyed: that would hide it. */
	await sqlite(broken, 'DELETE FROM audit_log WHERE seq = 2');
	const before = await sqlite(broken, '.dump');
	r = await fazhi(['user', 'lock', '--db', broken, '--login', 'staff1']);
	assert.equal(r.code, 1, r.stdout);
	assert.match(r.stderr, /拒绝改为密钥链/);
	assert.match(r.stderr, /第 2 条/);
	assert.equal(await sqlite(broken, '.dump'), before, 'the refused database was changed');
});
