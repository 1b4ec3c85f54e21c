// server.mjs - helpers for the browser tests: a real fazhi server on a
// fresh demo database, and Debian's chromium driven by playwright-core.
//
//   const srv = await startServer();   // srv.url, srv.users, srv.admin
//   const { context, page } = await openBrowser();
//   ...
//   await closeBrowser(context); await srv.stop();
//
// FAZHI_BIN names the binary (default ./fazhi at the repository root).
// Nothing is downloaded: the browser is /usr/bin/chromium (FAZHI_CHROMIUM
// overrides it).

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, mkdir, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshCode, demoDatabase } from '../api/lib.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = join(ROOT, 'build', 'screenshots');

const BIN = resolve(ROOT, process.env.FAZHI_BIN || './fazhi');
const CHROMIUM = process.env.FAZHI_CHROMIUM || '/usr/bin/chromium';

// A port nobody listens on right now (the kernel picks it).
function freePort() {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.on('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => ok(port));
		});
	});
}

function run(file, args, timeoutMs) {
	return new Promise((ok, fail) => {
		execFile(file, args, { timeout: timeoutMs, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
			if (err) {
				fail(err); // its message holds the command's stderr
			} else {
				ok(stdout);
			}
		});
	});
}

// Lines "demo-user\t<login>\t<password>\t<role>\t<unit>\t<totp>" from
// `fazhi demo` (totp: the TOTP secret of a role that needs a second factor).
export function parseDemoUsers(stdout) {
	const users = [];
	for (const line of stdout.split('\n')) {
		const f = line.replace(/\r$/, '').split('\t');
		if (f[0] === 'demo-user' && f.length >= 5) {
			users.push({ login: f[1], password: f[2], role: f[3], unit: f[4], totp: f[5] || '' });
		}
	}
	return users;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Start `fazhi serve` on a new demo database; resolves once /healthz
// answers.  Fails (never hangs) within about 20 seconds.
export async function startServer() {
	try {
		await access(BIN);
	} catch (e) {
		throw new Error(`no server binary at ${BIN}: run 'make fazhi' (or set FAZHI_BIN)`);
	}
	try {
		await access(join(ROOT, 'build', 'web', 'vendor', 'vue.runtime.global.prod.js'));
	} catch (e) {
		throw new Error("build/web/vendor/ is missing: run 'make deps' and 'make web'");
	}
	const dir = await mkdtemp(join(tmpdir(), 'fazhi-browser-'));
	const db = join(dir, 'fazhi.db');
	let users, admin;
	try {
		const out = await demoDatabase(BIN, db, 1, process.env, async (path) => {
			try {
				return { code: 0, stdout: await run(BIN, ['demo', '--db', path, '--seed', '1', '--no-laws'], 60000) };
			} catch (e) {
				return { code: 1, stdout: '', stderr: e.message };
			}
		});
		users = parseDemoUsers(out);
		admin = users.find((u) => u.role === 'admin');
		if (!admin) throw new Error('fazhi demo printed no admin demo-user line:\n' + out);
	} catch (e) {
		await rm(dir, { recursive: true, force: true });
		throw e;
	}

	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
		'--web', join(ROOT, 'build', 'web')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stdout.on('data', (d) => { log += d; });
	child.stderr.on('data', (d) => { log += d; });
	let exited = null;
	const exitP = new Promise((ok) => child.on('exit', (code, sig) => {
		exited = { code, sig };
		ok();
	}));

	async function stop() {
		if (!exited) {
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exitP;
			clearTimeout(t);
		}
		await rm(dir, { recursive: true, force: true });
	}

	const deadline = Date.now() + 20000;
	for (;;) {
		if (exited) {
			await stop();
			throw new Error(`fazhi serve exited (${JSON.stringify(exited)}):\n${log}`);
		}
		try {
			const r = await fetch(url + '/healthz', { signal: AbortSignal.timeout(1000) });
			if (r.ok) break;
		} catch (e) {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error('fazhi serve did not answer /healthz within 20 s:\n' + log);
		}
		await sleep(100);
	}
	return { url, users, admin, dir, stop, log: () => log };
}

// Every Content-Security-Policy violation in the context's pages goes to
// list, from two sources: the page's securitypolicyviolation event, and
// the console line chromium writes for it (in case a page dies before its
// listener runs).  closeBrowser() fails the test when the list is not
// empty: the strict CSP (no 'unsafe-eval', no inline script) is part of
// every test (issue 13).
async function watchCsp(context, list) {
	await context.exposeBinding('fazhiCspViolation', (source, text) => list.push(text));
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			window.fazhiCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ` +
				`at ${e.sourceFile || document.location.href}:${e.lineNumber}`);
		});
	});
	context.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) list.push('console: ' + m.text());
	});
}

// A fresh headless chromium with its own temporary profile.
// opts: { viewport: {width, height} }.  Returns { context, page, errors,
// csp }: errors collects page exceptions and console errors so a test can
// assert there were none; csp collects CSP violations, which fail the test
// in closeBrowser() whatever the test asserts (a test that provokes one on
// purpose empties the array).
export async function openBrowser(opts = {}) {
	const { chromium } = await import('playwright-core');
	const profile = await mkdtemp(join(tmpdir(), 'fazhi-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: opts.viewport || { width: 1440, height: 900 },
		/* the accessibility test injects axe-core, which the CSP would refuse */
		bypassCSP: !!opts.bypassCSP,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		timeout: 30000,
	});
	context.setDefaultTimeout(15000);
	context.fazhiProfile = profile;
	const page = context.pages()[0] || await context.newPage();
	const csp = [];
	context.fazhiCsp = csp;
	await watchCsp(context, csp);
	const errors = [];
	page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push('console: ' + m.text());
	});
	return { context, page, errors, csp };
}

// Close the browser and remove its profile; then throw if any page broke
// the CSP (called from a finally block, the throw fails the test).
export async function closeBrowser(context) {
	if (!context) return;
	const profile = context.fazhiProfile;
	const csp = context.fazhiCsp || [];
	await Promise.race([context.close(), sleep(10000)]);
	if (profile) await rm(profile, { recursive: true, force: true });
	if (csp.length) {
		throw new Error(`Content-Security-Policy violated ${csp.length} time(s):\n  ` +
			[...new Set(csp)].join('\n  '));
	}
}

export async function screenshot(page, name) {
	await mkdir(SCREENSHOTS, { recursive: true });
	const file = join(SCREENSHOTS, name);
	await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
	return file;
}

// The login page's second step for u (docs/api.md, "Login"): after the
// password, a user with a TOTP secret types the code the app would show,
// computed here from the secret (tests/api/lib.mjs freshCode).
export async function secondStep(page, u) {
	if (!u.totp) return;
	await page.waitForSelector('input[name=totp_code]');
	await page.fill('input[name=totp_code]', await freshCode(u.totp));
	await page.click('.fz-login-btn');
}

// Log u in on the login page at url, the second step included, and wait
// for 首页 (a demo user whose password must change is the caller's).
export async function logIn(page, url, u) {
	await page.goto(url + '/#/login');
	await page.waitForSelector('.fz-login-card');
	await page.fill('input[name=login]', u.login);
	await page.fill('input[name=password]', u.password);
	await page.click('.fz-login-btn');
	await secondStep(page, u);
	await page.waitForURL(/#\/$/);
}

/* Latin that people legitimately read: units, formats, the names of
 * standards and of the second-factor app kind. */
const ALLOWED = new Set(['PDF', 'Excel', 'IP', 'TOTP', 'QR', 'SM2', 'SM3', 'SM4', 'GB', 'API', 'UTC', 'km', 'kg',
	'AI', 'PNG', 'JPEG', 'WebP', 'MB']);
export function rawWords(text, logins = new Set()) {
	const out = [];
	/* a 统一社会信用代码 may end in letters ("…648XQ"): it is one code */
	text = text.replace(/(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])/g, ' ');
	for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]/g)) {
		const w = m[0];
		/* a login is the account's name as its owner types it: data */
		if (ALLOWED.has(w) || logins.has(w)) continue;
		/* a 统一社会信用代码, a 登记号 or a 执法证号 carries capitals and digits */
		if (/^[A-Z0-9-]+$/.test(w) && /\d/.test(w)) continue;
		if (w.length === 1 && /[A-Z]/.test(w)) continue;  /* 登记号 "F", a check letter */
		out.push(w);
	}
	return [...new Set(out)];
}
