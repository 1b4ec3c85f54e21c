// lib.mjs - what the security tests share: a small district made with
// `fazhi init`, and the attacker's tools - recomputing the audit chain the
// way src/engine/audit.c does, with plain SM3 (no key) or with HMAC-SM3
// (an insider who holds the key file).  The chain rule is restated here on
// purpose, from the comment at the top of src/engine/audit.c, so that a
// test shows what someone outside the program can do.

import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { fazhi, sqlite, sqliteRows, dbPath } from '../api/lib.mjs';

export const ADMIN_PW = 'Kq-Chushi#2026a';

/* dir/fazhi.db with its key file, the admin, and n users (each audited). */
export async function smallDistrict(dir, n = 4) {
	const db = dbPath(dir);
	let r = await fazhi(['init', '--db', db, '--admin-password-stdin'], { input: ADMIN_PW + '\n' });
	assert.equal(r.code, 0, r.stderr);
	for (let i = 0; i < n; i++) {
		r = await fazhi(['user', 'add', '--db', db, '--login', `staff${i}`, '--name', `职员${i}`,
			'--role', 'officer', '--unit', '330603', '--password-stdin'], { input: 'Zf-Ceshi#2026a\n' });
		assert.equal(r.code, 0, r.stderr);
	}
	return db;
}

const ZERO = '0'.repeat(64);
const FIELDS = ['seq', 'at', 'actor_id', 'actor', 'unit_id', 'action', 'object', 'detail', 'ip', 'ok'];

/* The serialised entry after prev: each field as "<byte length>:<bytes>;". */
function entryText(prev, row) {
	let s = prev;
	for (const f of FIELDS) {
		const v = String(row[f]);
		s += `${Buffer.byteLength(v)}:${v};`;
	}
	return s;
}

/* The audit key an insider with the key file derives:
 * HMAC-SM3(master, "fazhi/app/audit-chain/hmac-sm3/v1"). */
export async function auditKey(keyFile) {
	const text = await readFile(keyFile, 'utf8');
	const master = Buffer.from(/^master ([0-9a-f]{64})$/m.exec(text)[1], 'hex');
	return createHmac('sm3', master).update('fazhi/app/audit-chain/hmac-sm3/v1').digest();
}

/* Rewrite every prev_hash, hash and the head of db's audit chain as
 * computed with mac (a function of the entry text), renumbering seq from
 * 1 so that deleted rows leave no gap.  opts.alg sets the head's alg. */
export async function recompute(db, mac, opts = {}) {
	const rows = await sqliteRows(db, `SELECT ${FIELDS.join(', ')} FROM audit_log ORDER BY seq`);
	const sql = ['BEGIN;'];
	let prev = ZERO;
	rows.forEach((row, i) => {
		const old = row.seq;
		row.seq = i + 1;
		const h = mac(entryText(prev, row));
		sql.push(`UPDATE audit_log SET seq = ${row.seq}, prev_hash = '${prev}', hash = '${h}' WHERE seq = ${old};`);
		prev = h;
	});
	const alg = opts.alg ? `, alg = '${opts.alg}'` : '';
	const keyId = opts.alg === 'sm3' ? ", key_id = ''" : '';
	sql.push(`UPDATE audit_head SET seq = ${rows.length}, hash = '${prev}'${alg}${keyId} WHERE id = 1;`, 'COMMIT;');
	/* Too long for one argument: through a file. */
	const file = db + '.attack.sql';
	await writeFile(file, sql.join('\n'));
	await sqlite(db, `.read ${file}`);
	return rows.length;
}

export const sm3 = (text) => createHash('sm3').update(text).digest('hex');
export const hmacSm3 = (key) => (text) => createHmac('sm3', key).update(text).digest('hex');

export const keyOf = (db) => db + '.key';
export const tmpIn = (dir, name) => join(dir, name);
