// enforce.test.mjs - the enforcement pages in a real browser on the demo
// district: the public 行政行为码 page on a 390×844 phone (valid code,
// rating once, a forged code's warning), the case list with lights, a
// case page with its timeline and documents, a 两法衔接 warning on a
// case, and the discretion calculator.  Screenshots: build/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot } from './server.mjs';

let srv, api;

// /me before login answers 401, which chromium logs; anything else (a CSP
// violation above all) fails the test.
const realErrors = (errors) => errors.filter((e) =>
	!/status of 401/.test(e));

async function apiLogin(login, password) {
	const r = await fetch(srv.url + '/api/v1/login', {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ login, password }),
	});
	assert.equal(r.status, 200);
	const cookie = /fz_session=([^;]+)/.exec(r.headers.get('set-cookie'))[1];
	return (path) => fetch(srv.url + path, { headers: { cookie: 'fz_session=' + cookie } }).then((x) => x.json());
}

before(async () => {
	srv = await startServer();
	const off = srv.users.find((u) => u.login === 'officer2');
	api = await apiLogin(off.login, off.password);
}, { timeout: 60000 });

after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

async function login(page, who) {
	const u = srv.users.find((x) => x.login === who);
	await page.goto(srv.url + '/');
	await page.waitForSelector('.fz-login-card');
	await page.fill('input[name=login]', u.login);
	await page.fill('input[name=password]', u.password);
	await page.click('.fz-login-btn');
	await page.waitForURL(/#\/(home|$)/);
}

// A decided penalty case of the demo with an unrated code.
async function decidedCase() {
	const list = await api('/api/v1/enforce/cases?type=penalty&state=closed&per_page=50');
	for (const it of list.items) {
		const c = await api('/api/v1/enforce/cases/' + it.id);
		const code = c.codes.find((k) => !k.rating && !k.revoked);
		if (code) return { c, code };
	}
	throw new Error('no decided demo case with an unrated code');
}

test('the code page on a phone: verifies, rates once; a forged code warns', { timeout: 90000 }, async () => {
	const { c, code } = await decidedCase();
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	try {
		await page.goto(srv.url + '/v/' + code.token);
		await page.locator('[data-test=code-valid]').waitFor();
		assert.equal(await page.locator('[data-test=agency]').innerText(), c.agency);
		const body = await page.locator('body').innerText();
		for (const o of c.officers) assert.ok(body.includes(o.cert), `执法证号 ${o.cert} shown`);
		assert.ok(body.includes(c.number));
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 390, `no horizontal scroll (${width})`);
		await screenshot(page, 'enforce-code-phone.png');
		await page.click('[data-test="rate-满意"]');
		await page.fill('textarea', '执法人员出示证件，告知清楚');
		await page.click('[data-test=rate-submit]');
		await page.locator('[data-test=rated]').waitFor();
		await page.reload();
		await page.locator('[data-test=rated]').waitFor();
		await screenshot(page, 'enforce-code-rated.png');

		const t = code.token;
		const forged = t.slice(0, 40) + (t[40] === 'A' ? 'B' : 'A') + t.slice(41);
		await page.goto(srv.url + '/v/' + forged);
		await page.locator('[data-test=code-invalid]').waitFor();
		assert.equal(await page.locator('[data-test=code-valid]').count(), 0);
		assert.equal(await page.locator('[data-test=agency]').count(), 0);
		await screenshot(page, 'enforce-code-forged.png');
		assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});

test('case list with lights, a case page with timeline, a 两法衔接 warning', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'officer2');
		await page.goto(srv.url + '/#/enforce');
		const list = page.locator('[data-test=case-list]');
		await list.waitFor();
		await page.locator('[data-test=case-list] .el-table__row').first().waitFor();
		await screenshot(page, 'enforce-list.png');
		const { c } = await decidedCase();
		await page.goto(srv.url + '/#/enforce?id=' + c.id);
		await page.locator('[data-test=case-page]').waitFor();
		const tl = await page.locator('[data-test=timeline]').innerText();
		assert.ok(tl.includes('作出行政处罚决定') || tl.includes('当场作出处罚决定'), tl);
		await page.locator('[data-test=documents]').waitFor();
		await screenshot(page, 'enforce-case.png');
		// a case whose warning is still open
		const flagged = await api('/api/v1/enforce/cases?type=penalty&per_page=200&open=1');
		const w = flagged.items.find((x) => x.warnings > 0);
		if (w) {
			await page.goto(srv.url + '/#/enforce?id=' + w.id);
			await page.locator('[data-test=transfer-warning]').first().waitFor();
			assert.match(await page.locator('[data-test=transfer-warning]').first().innerText(), /涉嫌犯罪，应当移送/);
			await screenshot(page, 'enforce-warning.png');
		}
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('the discretion calculator explains its row', { timeout: 60000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'officer2');
		await page.goto(srv.url + '/#/discretion');
		await page.click('[data-test=calc-violation]');
		await page.locator('.el-select-dropdown__item', { hasText: 'SJ-CP-49' }).click();
		await page.fill('input[data-test=calc-goods]', '5000');
		await page.click('[data-test=calc-go]');
		const r = page.locator('[data-test=calc-result]');
		await r.waitFor();
		const text = await r.innerText();
		assert.match(text, /5,000\.00 元 – 8,000\.00 元/);
		assert.match(text, /market.csv|第3行/);
		await screenshot(page, 'enforce-calc.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});
