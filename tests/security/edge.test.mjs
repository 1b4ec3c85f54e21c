// edge.test.mjs - issue 13, finding 5: the HTTP edge.
//
// 1,100 sockets sending partial headers kept /healthz waiting for 35 s
// (one limit of 1,000 connections shared by everyone); a Content-Length of
// 99999999999 with a 2-byte body was held open instead of answered 413;
// application/jsonx passed the content-type check; the CSP allowed
// 'unsafe-eval'.  Now one address holds at most 128 connections, a body
// announced past twice its ceiling is refused from the headers (one a
// little past it is dropped as it comes, so the client reads the 413), a
// body must be exactly application/json, and the CSP forbids eval.
// GB/T 22239-2019 8.1.4.4 (入侵防范: input checks), 8.1.3.x availability
// of the service against resource exhaustion (confidence: medium).
// Sources: src/http/server.c (on_headers, on_body,
// start_daemon), src/http/media.c, src/cli/cmd_serve.c (--per-ip).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';

import { tempDir, startServer, adminClient, dataSnapshot, expectError, rawRequest, rootUnitId,
	sleep, TIME } from '../api/lib.mjs';
import { smallDistrict, ADMIN_PW } from './lib.mjs';

let db, srv, admin, root;

before(async () => {
	const dir = await tempDir(null, 'fazhi-sec-edge-');
	db = await smallDistrict(dir, 0);
	srv = await startServer(db);
	admin = await adminClient(srv.url, { admin: { password: ADMIN_PW } });
	root = await rootUnitId(db);
});
after(async () => { if (srv) await srv.stop(); });

/* A socket from localAddress that sends text and keeps quiet after it.
 * Resolves once connected (or failed: refused sockets count as closed). */
function holdOpen(port, localAddress, text) {
	return new Promise((ok) => {
		const s = connect({ port, host: '127.0.0.1', localAddress });
		s.gone = false;
		s.on('connect', () => { s.write(text); ok(s); });
		s.on('error', () => { s.gone = true; ok(s); });
		s.on('close', () => { s.gone = true; });
		s.on('data', () => {});
	});
}

/* GET path over a fresh socket bound to localAddress; resolves
 * { status, ms } (status 0: closed without an answer) within limitMs. */
function getFrom(port, localAddress, path, limitMs) {
	return new Promise((ok) => {
		const t0 = Date.now();
		let raw = '';
		const s = connect({ port, host: '127.0.0.1', localAddress });
		const done = () => {
			clearTimeout(timer);
			s.destroy();
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
			ok({ status: m ? Number(m[1]) : 0, ms: Date.now() - t0 });
		};
		const timer = setTimeout(done, limitMs);
		s.on('connect', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
		s.on('data', (d) => { raw += d; if (raw.includes('\r\n\r\n')) done(); });
		s.on('error', done);
		s.on('close', done);
	});
}

test('1,100 half-open connections from one address leave /healthz answering for others', { timeout: 60000 * TIME }, async () => {
	const socks = [];
	try {
		/* Partial headers, never finished: the slowloris of the finding. */
		for (let i = 0; i < 1100; i += 100) {
			socks.push(...await Promise.all(Array.from({ length: 100 }, () =>
				holdOpen(srv.port, '127.0.0.1', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '))));
		}
		/* The server closes what is over the cap as it accepts it. */
		let held = socks.length;
		for (let i = 0; i < 30 * TIME && held > 128; i++) {
			await sleep(100);
			held = socks.filter((s) => !s.gone).length;
		}
		assert.ok(held <= 128, `the server holds ${held} connections from one address (cap 128)`);
		assert.ok(held > 0, 'some of them are held: the cap, not a crash, refused the rest');

		/* Another client (127.0.0.2 is loopback too on Linux) is answered at once. */
		const r = await getFrom(srv.port, '127.0.0.2', '/healthz', 5000 * TIME);
		assert.equal(r.status, 200, 'healthz from 127.0.0.2');
		assert.ok(r.ms < 2000 * TIME, `healthz took ${r.ms} ms`);
		/* The address that took its share gets no more until it lets go. */
		const same = await getFrom(srv.port, '127.0.0.1', '/healthz', 2000 * TIME);
		assert.equal(same.status, 0, 'a 129th connection from the same address is closed unanswered');
	} finally {
		for (const s of socks) s.destroy();
	}
	/* Once the sockets are gone, the address is served again. */
	let again = { status: 0 };
	for (let i = 0; i < 50 && again.status !== 200; i++) {
		await sleep(100);
		again = await getFrom(srv.port, '127.0.0.1', '/healthz', 2000 * TIME);
	}
	assert.equal(again.status, 200, 'served again after the slow sockets closed');
});

test('a body announced past twice its ceiling gets 413 from the headers, without waiting for it', async () => {
	for (const [path, len] of [['/api/v1/login', '99999999999'], ['/api/v1/units', String((2 << 20) + 1)],
		['/api/v1/pattern/uploads', String((32 << 20) + 1)], ['/api/v1/login', '184467440737095516160']]) {
		const t0 = Date.now();
		const r = await rawRequest(srv.port, `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
			`Content-Type: application/json\r\nContent-Length: ${len}\r\n\r\n{}`, 5000);
		const ms = Date.now() - t0;
		assert.equal(r.status, 413, `${path} ${len}: ${r.raw}`);
		/* Ours, in JSON; libmicrohttpd answers a length past 64 bits itself. */
		if (len.length <= 19) assert.match(r.body, /"code":"too_large"/);
		/* rawRequest returns when the server closes: it did not wait for the body. */
		assert.ok(ms < 2000 * TIME, `${path} ${len}: answered after ${ms} ms`);
	}
});

test('a body a little past its ceiling is read, dropped and answered 413 (no reset while the client sends)', async () => {
	const big = JSON.stringify({ name: 'x'.repeat((1 << 20) + 10) });
	for (let i = 0; i < 10; i++) {
		const r = await admin.request('POST', '/api/v1/units', { raw: big });
		expectError(r, 413, 'too_large');
	}
});

test('a chunked body far past the ceiling is cut off, and the server goes on', { timeout: 30000 * TIME }, async () => {
	const chunk = 'x'.repeat(64 * 1024);
	let text = 'POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
		'Transfer-Encoding: chunked\r\n\r\n';
	for (let i = 0; i < 48; i++) text += `${chunk.length.toString(16)}\r\n${chunk}\r\n`; /* 3 MiB */
	text += '0\r\n\r\n';
	const r = await rawRequest(srv.port, text, 10000);
	assert.notEqual(r.status, 200);
	assert.equal((await fetch(srv.url + '/healthz')).status, 200);
});

test('a body must be exactly application/json: look-alikes get 415, nothing changes', async () => {
	const body = JSON.stringify({ parent_id: root, name: '媒体类型测试', kind: 'department' });
	const before = await dataSnapshot(db);
	for (const type of ['application/jsonx', 'application/json-patch+json', 'application/json-patch',
		'application/json; charset=gbk', 'text/json', 'text/plain', 'application/x-www-form-urlencoded']) {
		const r = await admin.request('POST', '/api/v1/units', { raw: body, type });
		const e = expectError(r, 415, 'unsupported_media_type');
		assert.match(e.message, /application\/json/);
		assert.match(e.message, /[\u4e00-\u9fff]/, 'a Chinese message');
	}
	assert.deepEqual(await dataSnapshot(db), before);
	/* The exact type, any case, with charset UTF-8, is read. */
	const ok = await admin.request('POST', '/api/v1/units', { raw: body, type: 'Application/JSON; charset="UTF-8"' });
	assert.equal(ok.status, 201, ok.text);
});

test('the served CSP forbids eval', async () => {
	for (const path of ['/', '/healthz', '/api/v1/me']) {
		const r = await fetch(srv.url + path);
		await r.arrayBuffer();
		const csp = r.headers.get('content-security-policy');
		assert.ok(csp, path);
		assert.doesNotMatch(csp, /unsafe-eval/, path);
		const script = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
		assert.equal(script, "script-src 'self'", path);
	}
});
