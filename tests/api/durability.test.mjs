// durability.test.mjs - what survives a crash and what a backup holds
// (issue 2, "Durability"):
//  - a stream of writes, the server killed with SIGKILL while requests are
//    in flight, restarted on the same database: every acknowledged write is
//    there, nothing half-written is, and the audit chain verifies;
//  - `fazhi backup` taken while a writer is writing restores (`fazhi
//    restore`) to a database identical in content to the backup, which
//    audit-verifies and serves; restore refuses damaged or foreign files
//    and leaves its target alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import {
	ADMIN_NEW_PASSWORD, Client, TIME, adminClient, dbPath, demo, dump, fazhi,
	rootUnitId, sleep, sqlite, sqliteInt, sqliteRows, startServer, tempDir,
} from './lib.mjs';

const T = { timeout: 300000 * TIME };

/* Writers that create units named `${prefix}-${writer}-${i}` one after
 * another (several writers at once, so requests are in flight at any
 * moment) until stop() or the server goes away.  attempted holds every
 * name sent, acked every name answered 201. */
function writeStream(client, parentId, prefix, writers = 4) {
	const attempted = new Set(), acked = new Set(), errors = [];
	let running = true, finished = false, seq = 0;
	async function one(w) {
		while (running) {
			const name = `${prefix}-${w}-${seq++}`;
			attempted.add(name);
			let r;
			try {
				r = await client.post('/api/v1/units', { parent_id: parentId, name, kind: 'station' });
			} catch {
				return; /* connection refused or reset: the server is gone */
			}
			if (r.status !== 201) {
				errors.push(`${name}: ${r.status} ${r.text}`);
				return;
			}
			acked.add(name);
		}
	}
	const done = Promise.all(Array.from({ length: writers }, (_, w) => one(w)))
		.then(() => { finished = true; });
	return {
		attempted, acked, errors,
		/* Resolve once at least n writes were acknowledged. */
		async until(n) {
			const deadline = Date.now() + 60000 * TIME;
			while (acked.size < n) {
				if (errors.length) throw new Error('a write was refused: ' + errors.join('\n'));
				if (finished) throw new Error(`the writers stopped after ${acked.size} writes`);
				if (Date.now() > deadline) throw new Error(`only ${acked.size} writes in ${60 * TIME} s`);
				await sleep(5);
			}
		},
		async stop() {
			running = false;
			await done;
		},
	};
}

/* Names of the units under parentId, straight from the database file. */
async function unitsUnder(db, parentId) {
	const rows = await sqliteRows(db, `SELECT name FROM units WHERE parent_id = ${parentId}`);
	return new Set(rows.map((r) => r.name));
}

test('SIGKILL mid-stream: every acknowledged write survives the restart, nothing torn, audit verifies', T, async (t) => {
	const dir = await tempDir(t, 'fazhi-api-crash-');
	const db = dbPath(dir);
	const users = await demo(dir, 7);
	let srv = await startServer(db);
	t.after(() => srv && srv.stop());
	const admin = await adminClient(srv.url, users);
	const root = await rootUnitId(db);
	let r = await admin.post('/api/v1/units', { parent_id: root, name: '耐久性测试', kind: 'department' });
	assert.equal(r.status, 201, r.text);
	const parent = r.json.id;

	const allAcked = new Set(), allAttempted = new Set();
	const rounds = 3;
	for (let round = 0; round < rounds; round++) {
		const stream = writeStream(admin, parent, `r${round}`, 4);
		await stream.until(30);
		/* Requests are in flight right now: four writers, none waiting. */
		const exit = await srv.kill('SIGKILL');
		assert.equal(exit.signal, 'SIGKILL', 'killed, not exited');
		await stream.stop();
		for (const n of stream.acked) allAcked.add(n);
		for (const n of stream.attempted) allAttempted.add(n);
		assert.ok(stream.acked.size >= 30);
		assert.deepEqual(stream.errors, [], 'no write was refused before the kill');
		assert.ok(stream.attempted.size > stream.acked.size, 'requests were in flight at the kill');

		/* Restart on the file as the crash left it (the server itself
		 * recovers the WAL); the old session cookie still works, since
		 * sessions live in the database. */
		srv = await startServer(db);
		admin.url = srv.url;
		r = await admin.get('/api/v1/me');
		assert.equal(r.status, 200, `session after restart: ${r.text}`);
		const listed = new Set((await admin.get('/api/v1/units')).json.items
			.filter((u) => u.parent_id === parent).map((u) => u.name));
		assert.deepEqual([...allAcked].filter((n) => !listed.has(n)), [],
			`round ${round}: acknowledged writes missing after the restart`);

		const present = await unitsUnder(db, parent);
		assert.deepEqual(present, listed, 'the API and the file disagree');
		const phantom = [...present].filter((n) => !allAttempted.has(n));
		assert.deepEqual(phantom, [], 'units nobody asked for');

		/* Each write and its audit entry committed together: as many
		 * unit.create entries for these units as units. */
		const audited = await sqliteInt(db, `SELECT count(*) FROM audit_log WHERE action = 'unit.create'
			AND detail GLOB 'r[0-9]-*'`);
		assert.equal(audited, present.size, 'a unit without its audit entry (or the reverse)');
		const v = await fazhi(['audit', 'verify', '--db', db]);
		assert.equal(v.code, 0, `round ${round}: ${v.stdout}${v.stderr}`);
	}
	assert.ok(allAcked.size >= rounds * 30);
	/* The restarted server takes writes again. */
	r = await admin.post('/api/v1/units', { parent_id: parent, name: '重启后写入', kind: 'station' });
	assert.equal(r.status, 201, r.text);
	const exit = await srv.stop();
	assert.equal(exit.code, 0, srv.log());
	srv = null;
	assert.equal((await sqlite(db, 'PRAGMA integrity_check')).trim(), 'ok');
	const v = await fazhi(['audit', 'verify', '--db', db]);
	assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('online backup while a writer writes restores to an identical database that verifies and serves', T, async (t) => {
	const dir = await tempDir(t, 'fazhi-api-backup-');
	const db = dbPath(dir);
	const users = await demo(dir, 3);
	let srv = await startServer(db);
	t.after(() => srv && srv.stop());
	const admin = await adminClient(srv.url, users);
	const root = await rootUnitId(db);
	let r = await admin.post('/api/v1/units', { parent_id: root, name: '备份测试', kind: 'department' });
	assert.equal(r.status, 201, r.text);
	const parent = r.json.id;

	const stream = writeStream(admin, parent, 'b', 2);
	await stream.until(20);
	const ackedBefore = new Set(stream.acked);
	const backup = join(dir, 'backup.db');
	const b = await fazhi(['backup', '--db', db, '--to', backup]);
	const ackedDuring = stream.acked.size;
	await stream.until(ackedDuring + 10); /* the writer kept going */
	await stream.stop();
	assert.equal(b.code, 0, b.stdout + b.stderr);
	assert.deepEqual(stream.errors, []);
	assert.ok((await stat(backup)).size > 0);

	/* The backup holds everything acknowledged before it began, and
	 * nothing nobody wrote. */
	const inBackup = await unitsUnder(backup, parent);
	assert.deepEqual([...ackedBefore].filter((n) => !inBackup.has(n)), [], 'acknowledged before the backup, missing from it');
	assert.deepEqual([...inBackup].filter((n) => !stream.attempted.has(n)), []);
	assert.ok(inBackup.size < (await unitsUnder(db, parent)).size, 'the live database went on after the backup');
	let v = await fazhi(['audit', 'verify', '--db', backup, '--key', db + '.key']);
	assert.equal(v.code, 0, v.stdout + v.stderr);

	/* Restore into a new path: the same content as the backup. */
	const restored = join(dir, 'restored', 'fazhi.db');
	await mkdir(join(dir, 'restored'));
	const backupDump = await dump(backup);
	const rs = await fazhi(['restore', '--db', restored, '--from', backup, '--key', db + '.key']);
	assert.equal(rs.code, 0, rs.stdout + rs.stderr);
	assert.equal(await dump(restored), backupDump, 'restored content differs from the backup');
	v = await fazhi(['audit', 'verify', '--db', restored, '--key', db + '.key']);
	assert.equal(v.code, 0, v.stdout + v.stderr);
	assert.equal(await dump(backup), backupDump, 'restore changed its source');

	/* The restored database serves (with the key file, kept apart). */
	await srv.stop();
	srv = null;
	await copyFile(db + '.key', restored + '.key');
	srv = await startServer(restored);
	const c = new Client(srv.url);
	r = await c.login('admin', ADMIN_NEW_PASSWORD);
	assert.equal(r.status, 200, r.text);
	/* the audit administrator checks the restored log (三员分立) */
	const aud = new Client(srv.url);
	assert.equal((await aud.login('auditor1', users.auditor1.password)).status, 200);
	r = await aud.get('/api/v1/audit/verify');
	assert.equal(r.json.ok, true, r.text);
	const names = new Set((await c.get('/api/v1/units')).json.items.filter((u) => u.parent_id === parent).map((u) => u.name));
	assert.deepEqual(names, inBackup);
	await srv.stop();
	srv = null;
});

test('restore refuses a damaged or foreign file, and an existing target without --force, leaving the target untouched', T, async (t) => {
	const dir = await tempDir(t, 'fazhi-api-restore-');
	const db = dbPath(dir);
	await demo(dir, 5);
	const good = join(dir, 'good.bak');
	assert.equal((await fazhi(['backup', '--db', db, '--to', good])).code, 0);
	const target = join(dir, 'target.db');
	assert.equal((await fazhi(['restore', '--db', target, '--from', good, '--key', db + '.key'])).code, 0);
	const targetDump = await dump(target);
	const targetBytes = await readFile(target);
	const goodBytes = await readFile(good);

	/* Damaged and foreign files. */
	const bad = {};
	bad.garbage = join(dir, 'garbage.bak');
	await writeFile(bad.garbage, Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) & 0xff)));
	bad.empty = join(dir, 'empty.bak');
	await writeFile(bad.empty, '');
	bad.truncated = join(dir, 'truncated.bak');
	await writeFile(bad.truncated, goodBytes.subarray(0, Math.floor(goodBytes.length / 2)));
	bad.scribbled = join(dir, 'scribbled.bak');
	{
		const s = Buffer.from(goodBytes);
		for (let off = 4096; off < s.length; off += 4096) s.fill(0x5a, off + 100, off + 600);
		await writeFile(bad.scribbled, s);
	}
	bad.foreign = join(dir, 'foreign.bak');
	await sqlite(bad.foreign, 'CREATE TABLE t(x); INSERT INTO t VALUES (1);');
	bad.tampered = join(dir, 'tampered.bak');
	await copyFile(good, bad.tampered);
	await sqlite(bad.tampered, 'UPDATE audit_log SET actor = \'intruder\' WHERE seq = 3');
	bad.missing = join(dir, 'no-such-file.bak');

	for (const [kind, file] of Object.entries(bad)) {
		for (const force of [false, true]) {
			const args = ['restore', '--db', target, '--from', file, '--key', db + '.key'];
			if (force) args.push('--force');
			const r = await fazhi(args);
			assert.notEqual(r.code, 0, `restore accepted a ${kind} file${force ? ' with --force' : ''}: ${r.stdout}`);
			assert.ok(r.stderr.length > 0, `a reason on stderr for ${kind}`);
			assert.deepEqual(await readFile(target), targetBytes, `${kind}: the target was changed`);
		}
		/* Into a fresh path: nothing is created. */
		const fresh = join(dir, `fresh-${kind}.db`);
		assert.notEqual((await fazhi(['restore', '--db', fresh, '--from', file, '--key', db + '.key'])).code, 0);
		await assert.rejects(stat(fresh), `${kind}: a database was created`);
	}
	assert.equal(await dump(target), targetDump);
	/* No leftovers beside the target. */
	const left = (await readdir(dir)).filter((f) => f.startsWith('target.db') && f !== 'target.db');
	assert.deepEqual(left, [], 'temporary or kept files after refused restores');

	/* A good backup onto an existing target needs --force and keeps the old file. */
	let r = await fazhi(['restore', '--db', target, '--from', good, '--key', db + '.key']);
	assert.notEqual(r.code, 0, 'an existing database is replaced only with --force');
	assert.deepEqual(await readFile(target), targetBytes);
	r = await fazhi(['restore', '--db', target, '--from', good, '--force', '--key', db + '.key']);
	assert.equal(r.code, 0, r.stdout + r.stderr);
	const kept = (await readdir(dir)).filter((f) => f.startsWith('target.db.before-restore-'));
	assert.equal(kept.length, 1, 'the replaced database is kept');
	assert.deepEqual(await readFile(join(dir, kept[0])), targetBytes);
	assert.equal(await dump(target), await dump(good));
});
