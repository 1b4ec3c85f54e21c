// pattern.test.mjs - 版权AI智审 in headless chromium on the demo district:
// court1 traces a demo design (the original and the recoloured copy come
// back, the earlier one first, with evidence images), opens the detailed
// comparison (score, side-by-side, overlay, report link) and registers a
// new design; procurator1 reads the false-litigation flags.  Screenshots
// go to build/screenshots/pattern-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, openBrowser, closeBrowser, screenshot } from './server.mjs';
import { design } from '../api/pattern_png.mjs';

let srv;

before(async () => {
	srv = await startServer();
}, { timeout: 60000 });

after(async () => {
	if (srv) await srv.stop();
}, { timeout: 30000 });

const realErrors = (errors) => errors.filter((e) =>
	!/Failed to load resource: the server responded with a status of (401|404)/.test(e));

async function login(page, who) {
	const u = srv.users.find((x) => x.login === who);
	await page.goto(srv.url + '/#/login');
	await page.waitForSelector('.fz-login-card');
	await page.fill('input[name=login]', u.login);
	await page.fill('input[name=password]', u.password);
	await page.click('.fz-login-btn');
	await page.waitForURL(/#\/(home)?$|#\/$/);
}

// every <img> inside sel has loaded with a real size
async function imagesLoaded(page, sel) {
	await page.waitForFunction((s) => {
		const imgs = [...document.querySelectorAll(s + ' img')];
		return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
	}, sel);
}

test('court: trace a design, compare it, register a new one', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'court1');
		await page.click('.fz-menu >> text=版权AI智审');
		await page.waitForURL(/#\/pattern/);

		// the demo's first design, as the registry keeps it, is the query
		const res = await page.request.get(srv.url + '/api/v1/pattern/images/r1');
		assert.equal(res.status(), 200);
		const query = await res.body();
		await page.setInputFiles('[data-test=trace-upload] input[type=file]',
			{ name: '花样01号.png', mimeType: 'image/png', buffer: query });
		await page.click('[data-test=trace-submit]');
		const hits = page.locator('[data-test=trace-hit]');
		await hits.first().waitFor();
		const n = await hits.count();
		assert.ok(n >= 2, `expected the original and its copy, got ${n}`);
		const dates = await hits.evaluateAll((els) => els.map((e) => e.dataset.earliest));
		assert.deepEqual(dates, [...dates].sort());
		assert.equal(await hits.first().getAttribute('data-reg'), '浙作登字-2024-F-00001000');
		assert.equal(await hits.first().locator('[data-test=hit-decision]').innerText(), '相同');
		assert.ok(Number(await hits.first().locator('[data-test=hit-score]').innerText()) >= 0.7);
		// the evidence in words: agreeing keypoints, regions, no transform
		assert.match(await hits.first().locator('[data-test=hit-evidence-text]').innerText(),
			/^\d+ 处特征点相互印证，分布于 \d+ 个区域，覆盖约 \d+%；未经缩放或旋转$/);
		await imagesLoaded(page, '[data-test=trace-results]');
		await screenshot(page, 'pattern-trace.png');

		// the detailed comparison of the query with the later copy
		await hits.nth(1).getByText('详细比对与报告').click();
		const result = page.locator('[data-test=compare-result]');
		await result.waitFor();
		assert.match(await page.locator('[data-test=compare-decision]').innerText(), /^(相同|近似)$/);
		assert.match(await page.locator('[data-test=compare-score]').innerText(), /^[01]\.\d{3}$/);
		assert.match(await page.locator('[data-test=compare-evidence]').innerText(), /处特征点相互印证/);
		const href = await page.locator('[data-test=compare-report]').getAttribute('href');
		assert.match(href, /^\/api\/v1\/pattern\/compare\/u\d+\/r\d+\/report\.pdf$/);
		const pdf = await page.request.get(srv.url + href);
		assert.equal(pdf.headers()['content-type'], 'application/pdf');
		await imagesLoaded(page, '[data-test=compare-result]');
		await result.scrollIntoViewIfNeeded();
		await screenshot(page, 'pattern-compare.png');

		// register a new design
		await page.getByRole('tab', { name: '登记' }).click();
		await page.setInputFiles('[data-test=register-upload] input[type=file]',
			{ name: '新花样.png', mimeType: 'image/png', buffer: design(777) });
		await page.fill('input[name=reg_no]', '浙作登字-2026-F-00777777');
		await page.fill('input[name=title]', '浏览器测试花样');
		await page.fill('input[name=registrant]', '柯桥浏览器测试工作室');
		for (const [name, v] of [['created_on', '2026-01-05'], ['published_on', '2026-01-20'], ['registered_on', '2026-02-01']]) {
			await page.fill(`input[name=${name}]`, v);
			await page.press(`input[name=${name}]`, 'Enter');
		}
		await page.click('[data-test=register-submit]');
		await page.locator('.el-message--success').waitFor();
		await page.locator('[data-test=register-table] >> text=浙作登字-2026-F-00777777').waitFor();
		await imagesLoaded(page, '[data-test=register-table]');
		await screenshot(page, 'pattern-register.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('procuratorate: the false-litigation flags with their evidence', { timeout: 45000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'procurator1');
		await page.goto(srv.url + '/#/pattern');
		await page.getByRole('tab', { name: '虚假诉讼监督' }).click();
		const table = page.locator('[data-test=flags-table]');
		await table.locator('.el-table__row').first().waitFor();
		const types = await table.locator('[data-test=flag-type]').evaluateAll((els) => els.map((e) => e.dataset.type));
		assert.ok(types.includes('prior_publication'), types.join());
		assert.ok(types.includes('serial_plaintiff'), types.join());
		// the court's registration form is not offered to the procuratorate
		assert.equal(await page.getByRole('tab', { name: '登记' }).count(), 0);
		// open the first prior-publication flag: its earlier design shows
		const row = table.locator('.el-table__row', { has: page.locator('[data-type=prior_publication]') }).first();
		await row.locator('.el-table__expand-icon').click();
		await page.locator('.pt-evid-card').first().waitFor();
		await imagesLoaded(page, '.pt-evid');
		await screenshot(page, 'pattern-flags.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});
