// csp.test.mjs - the strict Content-Security-Policy in a real browser
// (issue 13): the server forbids eval, the UI still works because its Vue
// templates are compiled at build time (scripts/build-web.mjs), and the
// harness in server.mjs really catches a violation, so that every other
// browser test failing on one means something.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser } from './server.mjs';

let srv;

before(async () => {
	srv = await startServer();
}, { timeout: 60000 });

after(async () => {
	if (srv) await srv.stop();
}, { timeout: 30000 });

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

test('the served CSP forbids eval and inline script', async () => {
	const r = await fetch(srv.url + '/');
	const csp = r.headers.get('content-security-policy');
	const script = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
	assert.equal(script, "script-src 'self'");
	assert.doesNotMatch(csp, /unsafe-eval/);
});

test('pages are served compiled: render functions, no template strings', async () => {
	for (const path of ['/app.js', '/pages/login.js', '/pages/home.js', '/laws/laws.js',
		'/apply/apply.js', '/v/assets/v.js']) {
		const js = await (await fetch(srv.url + path)).text();
		assert.doesNotMatch(js, /\btemplate:\s*[`'"]/, `${path} still has a template`);
		assert.match(js, /render: \(\(\) => \{/, `${path} has no compiled render function`);
	}
	const html = await (await fetch(srv.url + '/')).text();
	assert.match(html, /vue\.runtime\.global\.prod\.js/);
});

test('the login page renders under the CSP, and a violation is caught', { timeout: 60000 }, async () => {
	const { context, page, errors, csp } = await openBrowser();
	try {
		await page.goto(srv.url + '/');
		await page.waitForSelector('.fz-login-card');
		assert.deepEqual(csp, [], 'no violation while the app starts');
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
		/* An inline script, which the policy refuses: the harness sees it. */
		await page.addScriptTag({ content: 'window.fazhiInline = 1;' }).catch(() => {});
		for (let i = 0; i < 50 && csp.length === 0; i++) await sleep(100);
		assert.ok(csp.length > 0, 'the harness recorded the violation');
		assert.match(csp.join('\n'), /script-src/);
		assert.equal(await page.evaluate(() => window.fazhiInline), undefined);
		csp.length = 0; /* provoked on purpose: not a failure of this test */
	} finally {
		await closeBrowser(context);
	}
});
