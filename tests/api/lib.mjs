// lib.mjs - helpers for the API tests: temporary directories, the demo
// district, a real `fazhi serve` on 127.0.0.1, a small JSON client that
// keeps the session cookie and the CSRF token, raw HTTP over a socket,
// and the sqlite3 command line for looking into (or tampering with) the
// database behind the server's back.
//
//   const dir = await tempDir(t);              // removed after the test
//   const users = await demo(dir, 1);          // { login: {password, role, unit} }
//   const srv = await startServer(dbPath(dir));
//   const c = new Client(srv.url);
//   await c.login('office1', users.office1.password);
//   const r = await c.get('/api/v1/me');       // { status, json, headers, text }
//   await srv.stop();
//
// FAZHI_BIN names the binary (default ./fazhi at the repository root).
// FAZHI_SLOW=1 (the sanitizer build) stretches every time limit.
// The binaries run with FAZHI_PW_FAST=1 (libsodium's minimum argon2id
// cost, see src/crypto/pw.h) so that dozens of logins stay quick under
// the sanitizers; set FAZHI_PW_FAST=0 to test with the production cost.
// No npm package is needed: node:test, fetch, net and child_process.

import { inflateRawSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm, access, stat, mkdir, readdir, readFile, writeFile, cp } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = resolve(ROOT, process.env.FAZHI_BIN || './fazhi');
/* What the server serves: web/ with the templates compiled (`make web`). */
export const WEB = join(ROOT, 'build', 'web');
export const SLOW = process.env.FAZHI_SLOW === '1';
/* Every time limit below is multiplied by this. */
export const TIME = SLOW ? 6 : 1;

/* Environment of every fazhi process the tests start. */
export const ENV = {
	...process.env,
	FAZHI_PW_FAST: process.env.FAZHI_PW_FAST ?? '1',
};

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/* A fresh temporary directory.  With a node:test context t it is removed
 * when the test (or suite) ends, unless FAZHI_KEEP=1. */
export async function tempDir(t, prefix = 'fazhi-api-') {
	const dir = await mkdtemp(join(tmpdir(), prefix));
	if (t && process.env.FAZHI_KEEP !== '1')
		t.after(() => rm(dir, { recursive: true, force: true }));
	return dir;
}

export const dbPath = (dir) => join(dir, 'fazhi.db');

/* Run the fazhi binary.  opts: { input, env, timeout (ms), cwd }.
 * Resolves { code, signal, stdout, stderr }; never rejects for a non-zero
 * exit (tests assert on code). */
export function fazhi(args, opts = {}) {
	return runProc(BIN, args, opts);
}

function runProc(file, args, opts = {}) {
	const timeout = (opts.timeout ?? 60000) * TIME;
	return new Promise((ok, fail) => {
		const child = spawn(file, args, {
			cwd: opts.cwd ?? ROOT,
			env: { ...ENV, ...(opts.env || {}) },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stdout = '', stderr = '', timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, timeout);
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('error', (e) => {
			clearTimeout(timer);
			fail(new Error(`cannot run ${file}: ${e.message}`));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (timedOut) {
				fail(new Error(`${file} ${args.join(' ')} timed out after ${timeout} ms\n${stderr}`));
				return;
			}
			ok({ code, signal, stdout, stderr });
		});
		child.stdin.on('error', () => {}); /* the program may not read it */
		child.stdin.end(opts.input ?? '');
	});
}

/* Lines "demo-user\t<login>\t<password>\t<role>\t<unit>\t<totp>" of
 * `fazhi demo` into { login: { password, role, unit, totp } }; totp is the
 * base32 TOTP secret of a role that needs a second factor, else "".  Each
 * secret is remembered for Client.login. */
export function parseDemoUsers(stdout) {
	const users = {};
	for (const line of stdout.split('\n')) {
		const f = line.replace(/\r$/, '').split('\t');
		if (f[0] === 'demo-user' && f.length >= 5) {
			users[f[1]] = { password: f[2], role: f[3], unit: f[4], totp: f[5] || '' };
			if (f[5]) rememberTotp(f[1], f[5], f[2]);
		}
	}
	return users;
}

/* ---- the second factor (src/crypto/totp.c, src/domain/org/mfa.c) ---------
 * RFC 6238 restated: HMAC-SHA1 over the 8-byte big-endian step
 * floor(t / 30), dynamic truncation, 6 digits. */
export function base32Decode(s) {
	const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, acc = 0;
	const out = [];
	for (const ch of s.toUpperCase().replace(/[\s=]/g, '')) {
		const v = A.indexOf(ch);
		if (v < 0) throw new Error(`bad base32: ${s}`);
		acc = (acc << 5) | v;
		bits += 5;
		if (bits >= 8) { out.push((acc >>> (bits - 8)) & 0xff); bits -= 8; }
	}
	return Buffer.from(out);
}

export function hotp(key, counter, digits = 6) {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(counter));
	const mac = createHmac('sha1', key).update(msg).digest();
	const off = mac[mac.length - 1] & 0x0f;
	const bin = mac.readUInt32BE(off) & 0x7fffffff;
	return String(bin % 10 ** digits).padStart(digits, '0');
}

export const totpStep = (t = Date.now() / 1000) => Math.floor(t / 30);
export const totpCode = (secret, step = totpStep()) => hotp(base32Decode(secret), step);

/* Secrets the tests know, by "login" and by "login\tpassword" (two demo
 * districts in one file have different passwords), and the last step
 * used with each secret: the server refuses a code twice (RFC 6238 §5.2). */
const SECRETS = new Map();
const LAST_STEP = new Map();
export function rememberTotp(login, secret, password) {
	SECRETS.set(login, secret);
	if (password) SECRETS.set(`${login}\t${password}`, secret);
}
export const knownTotp = (login, password) => SECRETS.get(`${login}\t${password}`) ?? SECRETS.get(login);

/* A code for secret the server has not seen yet: the earliest step of the
 * window (one step either side) after the last one used, waiting for the
 * next step when all three are spent. */
export async function freshCode(secret) {
	for (;;) {
		const now = Date.now() / 1000, cur = totpStep(now), into = now - cur * 30;
		const last = LAST_STEP.get(secret) ?? -1;
		const steps = [into < 25 ? cur - 1 : null, cur, into > 3 ? cur + 1 : null]
			.filter((x) => x !== null && x > last);
		if (steps.length) {
			LAST_STEP.set(secret, steps[0]);
			return totpCode(secret, steps[0]);
		}
		await sleep((30 - into + 0.5) * 1000);
	}
}

/* Create dir/fazhi.db (and dir/fazhi.db.key) holding the demo district.
 * Resolves the demo users; throws when the command fails or prints no
 * admin. */
export async function demo(dir, seed = 1) {
	try {
		await access(BIN);
	} catch {
		throw new Error(`no server binary at ${BIN}: run 'make fazhi' (or set FAZHI_BIN)`);
	}
	const stdout = await demoDatabase(BIN, dbPath(dir), seed, ENV,
		(db) => fazhi(['demo', '--db', db, '--seed', String(seed), '--no-laws']));
	const users = parseDemoUsers(stdout);
	if (!users.admin)
		throw new Error('fazhi demo printed no admin demo-user line:\n' + stdout);
	return users;
}

/* Put the demo district (`fazhi demo --seed SEED --no-laws`, made by
 * make(path), which resolves { code, stdout, stderr }) at db, with its key
 * file and pattern index beside it, and resolve the command's stdout.
 *
 * The demo is made once per binary, seed, day and password cost, kept in
 * build/test-cache/, and copied for every later caller: with 77,000
 * market entities it takes twelve seconds (a minute under the
 * sanitizers), and forty test files each made the same one.  The copy is
 * the same database; every file still gets its own.  A concurrent caller
 * waits for the one making it.  FAZHI_DEMO_CACHE=0 makes every one anew. */
export async function demoDatabase(bin, db, seed, env, make) {
	const made = async (path) => {
		const r = await make(path);
		if (r.code !== 0)
			throw new Error(`fazhi demo exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
		return r.stdout;
	};
	if (process.env.FAZHI_DEMO_CACHE === '0')
		return made(db);
	const st = await stat(bin);
	const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
	const key = createHash('sha256').update(JSON.stringify([bin, st.size, st.mtimeMs,
		seed, day, env.FAZHI_PW_FAST ?? ''])).digest('hex').slice(0, 16);
	const cache = join(ROOT, 'build', 'test-cache');
	const entry = join(cache, key);
	await mkdir(cache, { recursive: true });
	if (!(await exists(join(entry, 'done')))) {
		let mine = false;
		try {
			await mkdir(entry + '.lock');
			mine = true;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
		}
		if (mine) {
			try {
				await rm(entry, { recursive: true, force: true });
				await mkdir(entry);
				await writeFile(join(entry, 'stdout'), await made(join(entry, 'fazhi.db')));
				await writeFile(join(entry, 'done'), '');
			} finally {
				await rm(entry + '.lock', { recursive: true, force: true });
			}
		} else {
			const until = Date.now() + 180000 * TIME;
			while (!(await exists(join(entry, 'done')))) {
				if (Date.now() > until || !(await exists(entry + '.lock')))
					return made(db);   /* its maker failed or hangs */
				await sleep(200);
			}
		}
	}
	for (const name of await readdir(entry)) {
		if (!name.startsWith('fazhi.db')) continue;
		await cp(join(entry, name), db + name.slice('fazhi.db'.length), { recursive: true });
	}
	return readFile(join(entry, 'stdout'), 'utf8');
}

async function exists(path) {
	try {
		await access(path);
		return true;
	} catch {
		return false;
	}
}

/* A port nobody listens on right now (the kernel picks it). */
export function freePort() {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.on('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => ok(port));
		});
	});
}

/* Start `fazhi serve` on db.  opts: { rate, threads, web, key, env,
 * args (extra arguments), port, prefix (argv run before the binary, which
 * must exec it) }.  Resolves once GET /healthz answers 200
 * (bounded: 20 s, longer under FAZHI_SLOW) with
 *   { url, port, proc, log(), exited(), stop(), kill(sig) }
 * stop() sends SIGTERM, waits (SIGKILL after 10 s) and resolves
 * { code, signal }; kill(sig) sends sig and resolves the same once the
 * process is gone. */
export async function startServer(db, opts = {}) {
	let lastErr;
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			return await startOnce(db, opts, opts.port ?? await freePort());
		} catch (e) {
			lastErr = e;
			/* Somebody took the port between freePort and bind: retry. */
			if (!/无法监听|bind|in use/i.test(e.message) || opts.port)
				break;
		}
	}
	throw lastErr;
}

async function startOnce(db, opts, port) {
	const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
		'--web', opts.web ?? WEB];
	if (opts.rate !== undefined) args.push('--rate', String(opts.rate));
	if (opts.threads !== undefined) args.push('--threads', String(opts.threads));
	if (opts.key) args.push('--key', opts.key);
	if (opts.args) args.push(...opts.args);
	/* opts.prefix: a command that execs the rest (the process id stays
	 * the server's), e.g. a shell that sets a signal disposition first. */
	const argv = [...(opts.prefix || []), BIN, ...args];
	const proc = spawn(argv[0], argv.slice(1), {
		cwd: ROOT,
		env: { ...ENV, ...(opts.env || {}) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let log = '';
	proc.stdout.setEncoding('utf8');
	proc.stderr.setEncoding('utf8');
	proc.stdout.on('data', (d) => { log += d; });
	proc.stderr.on('data', (d) => { log += d; });
	let exit = null;
	const exitP = new Promise((ok) => {
		proc.on('exit', (code, signal) => {
			exit = { code, signal };
			ok(exit);
		});
		proc.on('error', (e) => {
			exit = { code: null, signal: null, error: e.message };
			ok(exit);
		});
	});
	const url = `http://127.0.0.1:${port}`;

	async function kill(sig) {
		if (!exit) proc.kill(sig);
		return exitP;
	}
	async function stop() {
		if (exit) return exit;
		proc.kill('SIGTERM');
		const t = setTimeout(() => { if (!exit) proc.kill('SIGKILL'); }, 10000 * TIME);
		await exitP;
		clearTimeout(t);
		return exit;
	}

	const deadline = Date.now() + 20000 * TIME;
	for (;;) {
		if (exit)
			throw new Error(`fazhi serve exited (${JSON.stringify(exit)}):\n${log}`);
		/* Only once this process says it listens: before that, another
		 * test's server that took the port could answer /healthz. */
		if (log.includes('fazhi serving on')) try {
			const r = await fetch(url + '/healthz', { signal: AbortSignal.timeout(2000 * TIME) });
			await r.arrayBuffer();
			if (r.status === 200) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await kill('SIGKILL');
			throw new Error(`fazhi serve did not answer /healthz within ${20 * TIME} s:\n${log}`);
		}
		await sleep(50);
	}
	return { url, port, proc, db, log: () => log, exited: () => exit, stop, kill };
}

/* Parse a fetch Response into { status, json, text, headers }. */
async function answer(res) {
	const bytes = Buffer.from(await res.arrayBuffer());
	const text = bytes.toString('utf8');
	let json = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = null;
	}
	return { status: res.status, json, text, bytes, headers: res.headers };
}

/* A JSON API client acting like the web UI: it keeps the fz_session
 * cookie and the CSRF token between calls.  bearer (optional) is sent as
 * Authorization: Bearer instead. */
export class Client {
	constructor(url, { bearer } = {}) {
		this.url = url;
		this.cookie = null;   /* the fz_session value, or null */
		this.csrf = null;     /* the CSRF token from login, /me or password */
		this.bearer = bearer ?? null;
		this.lastSetCookie = null;
	}

	/* One request.  opts: { body (object: sent as JSON), raw (string or
	 * Buffer sent as is), type (Content-Type), headers, csrf (false: leave
	 * X-CSRF-Token off; a string: send that instead), cookie (false: send
	 * none; a string: send that value) }. */
	async request(method, path, opts = {}) {
		const headers = { ...(opts.headers || {}) };
		let body;
		if (opts.raw !== undefined) {
			body = opts.raw;
			if (opts.type !== null) headers['Content-Type'] = opts.type ?? 'application/json';
		} else if (opts.body !== undefined) {
			body = JSON.stringify(opts.body);
			headers['Content-Type'] = opts.type ?? 'application/json';
		}
		const cookie = opts.cookie === undefined ? this.cookie : opts.cookie;
		if (cookie) headers.Cookie = `fz_session=${cookie}`;
		if (this.bearer) headers.Authorization = `Bearer ${this.bearer}`;
		const writes = method !== 'GET' && method !== 'HEAD';
		if (typeof opts.csrf === 'string')
			headers['X-CSRF-Token'] = opts.csrf;
		else if (opts.csrf !== false && writes && this.csrf)
			headers['X-CSRF-Token'] = this.csrf;
		const init = { method, headers, body, signal: AbortSignal.timeout(30000 * TIME) };
		if (body && typeof body.getReader === 'function') init.duplex = 'half';
		const res = await fetch(this.url + path, init);
		this.takeCookie(res.headers);
		const a = await answer(res);
		if (a.json && typeof a.json.csrf === 'string' && a.json.csrf)
			this.csrf = a.json.csrf;
		return a;
	}

	takeCookie(headers) {
		for (const line of headers.getSetCookie()) {
			const m = /^fz_session=([^;]*)/.exec(line);
			if (!m) continue;
			this.lastSetCookie = line;
			this.cookie = m[1] && !/max-age=0/i.test(line) ? m[1] : null;
		}
	}

	get(path, opts) { return this.request('GET', path, opts); }
	post(path, body, opts = {}) { return this.request('POST', path, { ...opts, body }); }
	put(path, body, opts = {}) { return this.request('PUT', path, { ...opts, body }); }
	del(path, opts) { return this.request('DELETE', path, opts); }

	/* POST /api/v1/login; the answer's csrf and cookie are kept.  When
	 * the server asks for a second factor, the second step is made with
	 * the secret the tests know for login (knownTotp), or, for a role
	 * that must enrol first, by enrolling: the new secret is remembered
	 * and the answer carries the recovery codes.  opts.second = false
	 * stops after the password and resolves the first answer. */
	async login(login, password, opts = {}) {
		const r = await this.post('/api/v1/login', { login, password });
		if (r.status !== 200 || !r.json?.second_factor || opts.second === false)
			return r;
		const challenge = r.json.challenge;
		let secret = knownTotp(login, password);
		if (r.json.second_factor === 'enrol') {
			const e = await this.post('/api/v1/login/totp/enrol', { challenge });
			if (e.status !== 200) return e;
			secret = e.json.secret;
			rememberTotp(login, secret, password);
		}
		if (!secret) throw new Error(`login ${login}: a second factor is asked and no secret is known`);
		return this.post('/api/v1/login/totp', { challenge, code: await freshCode(secret) });
	}

	/* POST /api/v1/me/password. */
	changePassword(oldPassword, newPassword) {
		return this.post('/api/v1/me/password',
			{ old_password: oldPassword, new_password: newPassword });
	}
}

/* The password the tests give the demo admin at first login. */
export const ADMIN_NEW_PASSWORD = 'Kq-Guanli#2026a';

/* Log in as the demo admin and make the required password change;
 * resolves the ready Client.  Throws with the server's answer when a step
 * fails. */
export async function adminClient(url, users, newPassword = ADMIN_NEW_PASSWORD) {
	const c = new Client(url);
	let r = await c.login('admin', users.admin.password);
	if (r.status === 401 || r.status === 423) {
		/* Already changed by an earlier step (same database). */
		r = await c.login('admin', newPassword);
		if (r.status !== 200) throw new Error(`admin login: ${r.status} ${r.text}`);
		return c;
	}
	if (r.status !== 200) throw new Error(`admin login: ${r.status} ${r.text}`);
	if (r.json.user.must_change_password) {
		r = await c.changePassword(users.admin.password, newPassword);
		if (r.status !== 200) throw new Error(`admin password change: ${r.status} ${r.text}`);
	}
	return c;
}

/* Send text as it is over a TCP connection to 127.0.0.1:port (for
 * requests fetch would normalise, such as GET /../etc/passwd) and read
 * until the server closes or timeoutMs passes.  Resolves
 * { status, headers (lower-case names), body, raw }. */
export function rawRequest(port, text, timeoutMs = 10000) {
	return new Promise((ok, fail) => {
		const chunks = [];
		const sock = connect(port, '127.0.0.1');
		const timer = setTimeout(() => sock.destroy(), timeoutMs * TIME);
		sock.on('connect', () => sock.write(text));
		sock.on('data', (d) => chunks.push(d));
		sock.on('error', (e) => {
			clearTimeout(timer);
			if (chunks.length) finish(); else fail(e);
		});
		sock.on('close', () => {
			clearTimeout(timer);
			finish();
		});
		let done = false;
		function finish() {
			if (done) return;
			done = true;
			const raw = Buffer.concat(chunks).toString('utf8');
			const sep = raw.indexOf('\r\n\r\n');
			const head = sep < 0 ? raw : raw.slice(0, sep);
			const body = sep < 0 ? '' : raw.slice(sep + 4);
			const lines = head.split('\r\n');
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] || '');
			const headers = {};
			for (const l of lines.slice(1)) {
				const i = l.indexOf(':');
				if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
			}
			ok({ status: m ? Number(m[1]) : 0, headers, body, raw });
		}
	});
}

/* Run SQL through the sqlite3 command line on db and resolve its stdout
 * (trailing newline removed).  Rejects when sqlite3 fails.  Waits up to
 * 10 s for a lock held by the server. */
export async function sqlite(db, sql, extraArgs = []) {
	const r = await runProc('sqlite3', ['-batch', '-bail', '-cmd', '.timeout 10000',
		...extraArgs, db, sql], { timeout: 60000 });
	if (r.code !== 0)
		throw new Error(`sqlite3 ${db} "${sql}" exited ${r.code}: ${r.stderr}`);
	return r.stdout.replace(/\n$/, '');
}

/* The rows of a query as objects (sqlite3 -json). */
export async function sqliteRows(db, sql) {
	const out = await sqlite(db, sql, ['-json']);
	return out.trim() ? JSON.parse(out) : [];
}

/* One integer from a query such as SELECT count(*) ... */
export async function sqliteInt(db, sql) {
	const out = await sqlite(db, sql);
	const n = Number(out.trim());
	if (!Number.isInteger(n)) throw new Error(`not an integer from "${sql}": ${out}`);
	return n;
}

/* The whole logical content of a database file (sqlite3 .dump). */
export function dump(db) {
	return sqlite(db, '.dump');
}

/* The content of every table of db but those in skip, as lines "name
 * hash" (SHA3-256 of the table's rows and their types, computed inside
 * sqlite3 by its sha3_query()), with the schema first.  What a refused
 * request must leave unchanged: where it did not, the differing lines
 * name the tables.  (A .dump of the demo is 126 MB and took four seconds
 * a call to read in node; this takes one.)  The audit log is never here,
 * as a refusal is audited; of api_tokens, every column but when and from
 * where a token was last used (a refused request is still a use). */
export async function tableHashes(db, skip = ['sessions']) {
	const out = ['audit_log', 'audit_head', 'api_tokens', 'sqlite_sequence', ...skip];
	const names = out.map((n) => `'${n}'`).join(', ');
	return sqlite(db, `SELECT 'schema', hex(sha3_query('SELECT type, name, sql FROM sqlite_schema ORDER BY name'))
		UNION ALL SELECT name, hex(sha3_query('SELECT * FROM "' || name || '"')) FROM
		(SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
		AND name NOT IN (${names}) ORDER BY name)
		UNION ALL SELECT 'api_tokens', hex(sha3_query('SELECT id, name, token_hash, user_id, roles,
		expires_at, revoked, revoked_at, revoke_reason FROM api_tokens ORDER BY id'))`);
}

/* What a rejected request must leave alone: every row of units, users and
 * api_tokens.  (The audit log is not here: failed logins are audited by
 * design; sessions change on every login.) */
export async function dataSnapshot(db) {
	const parts = [];
	for (const table of ['units', 'users', 'api_tokens'])
		parts.push(table + '\n' + await sqlite(db, `SELECT * FROM ${table} ORDER BY 1`));
	return parts.join('\n');
}

/* The id of the district root unit (the one without a parent). */
export async function rootUnitId(db) {
	return sqliteInt(db, 'SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1');
}

/* Does s contain Chinese characters (messages for people are Chinese)? */
export const hasHan = (s) => typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);

/* Assert that r is a JSON error answer with this HTTP status and code
 * ({"error":{"code","field","message"}}, message in Chinese).  Returns
 * the error object for further checks. */
export function expectError(r, status, code) {
	assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
	assert.ok(r.json && r.json.error, `error body expected, got: ${r.text}`);
	assert.equal(r.json.error.code, code, `error code: ${r.text}`);
	assert.ok(hasHan(r.json.error.message), `Chinese message expected: ${r.text}`);
	return r.json.error;
}

/* The first sheet of an .xlsx (a zip of XML parts) as rows of cells:
 * strings as strings, numbers as numbers, empty cells as null.  Enough
 * for the files fazhi writes (inline or shared strings, numbers); no
 * library, so a test reads exactly the bytes a person downloads. */
export function readXlsx(buf) {
	const files = new Map();
	let eocd = buf.length - 22;
	while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
	if (eocd < 0) throw new Error('not a zip file');
	let p = buf.readUInt32LE(eocd + 16);
	for (let i = 0, n = buf.readUInt16LE(eocd + 10); i < n; i++) {
		if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip directory');
		const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
		const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
		const local = buf.readUInt32LE(p + 42);
		const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
		const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const raw = buf.subarray(data, data + size);
		files.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
		p += 46 + nameLen + extra + comment;
	}
	const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'").replace(/&amp;/g, '&');
	const shared = [...(files.get('xl/sharedStrings.xml') || '').matchAll(/<si>([\s\S]*?)<\/si>/g)]
		.map((m) => unxml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
	const sheet = files.get('xl/worksheets/sheet1.xml');
	if (!sheet) throw new Error('no first sheet');
	const col = (ref) => [...ref.replace(/\d+/g, '')].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
	const rows = [];
	for (const r of sheet.matchAll(/<row [^>]*?r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
		const row = [];
		for (const c of r[2].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
			const type = (c[2].match(/t="(\w+)"/) || [])[1], body = c[3] || '';
			let v = null;
			if (type === 'inlineStr') v = unxml([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''));
			else if (type === 's') v = shared[Number((body.match(/<v>(\d+)<\/v>/) || [])[1])];
			else if (type === 'str') v = unxml((body.match(/<v>([\s\S]*?)<\/v>/) || [])[1] || '');
			else if (/<v>/.test(body)) v = Number(body.match(/<v>([^<]*)<\/v>/)[1]);
			row[col(c[1])] = v;
		}
		rows[Number(r[1]) - 1] = Array.from(row, (x) => x ?? null);
	}
	return Array.from(rows, (x) => x ?? []);
}
