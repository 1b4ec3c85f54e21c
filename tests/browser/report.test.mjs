// report.test.mjs - the 法治政府建设年度报告 in headless chromium: the
// office reads the year's report built from the records, opens a figure
// (its definition and breakdown), publishes it; then a citizen on a phone
// finds it on the public page as a 政府信息公开 entry, opens a figure, and
// reads no English, code or file name.  Screenshots: build/screenshots/
// report-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, logIn } from './server.mjs';
import { rawWords } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

const realErrors = (errors) => errors.filter((e) => !/status of 401/.test(e));

test('the office reads the year\'s report, opens a figure and publishes it; the public reads it on a phone', { timeout: 180000 }, async () => {
	const office = srv.users.find((u) => u.login === 'office1');
	let title;
	{
		const { context, page, errors } = await openBrowser();
		try {
			await logIn(page, srv.url, office);
			await page.goto(srv.url + '/#/report');
			const doc = page.locator('[data-test=report-doc]');
			await doc.waitFor();
			title = await doc.locator('.rp-title').innerText();
			assert.match(title, /^柯桥区\d{4}年法治政府建设年度报告$/);
			// the 调撤率 the page prints is the one the metrics answer for that year
			const year = title.match(/\d{4}/)[0];
			const m = await page.evaluate(async (y) => (await (await fetch(`/api/v1/metrics/review.tiaoche?from=${y}-01-01&to=${y}-12-31`)).json()), year);
			const fig = doc.locator('[data-metric="review.tiaoche"]');
			const shown = await fig.innerText();
			assert.equal(shown, m.den ? `${(Math.round(m.num * 1000 / m.den) / 10).toString()}%` : '—');
			await fig.click();
			const drawer = page.locator('[data-test=figure-drawer]');
			await drawer.getByText('口径', { exact: true }).waitFor();
			assert.match(await drawer.innerText(), /调撤率/);
			await screenshot(page, 'report-figure.png');
			await page.keyboard.press('Escape');
			await page.click('[data-test=report-publish]');
			await page.locator('.el-message-box').getByRole('button', { name: '发布' }).click();
			const pub = page.locator('[data-test=report-published]');
			await pub.waitFor();
			assert.match(await pub.innerText(), /已发布第1版：索引号 00258207-5\/\d{4}-\d{5}/);
			await screenshot(page, 'report-office.png');
			assert.deepEqual(realErrors(errors), []);
		} finally {
			await closeBrowser(context);
		}
	}
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	try {
		await page.goto(srv.url + '/report/');
		await page.locator('[data-test=report-list] a', { hasText: title }).click();
		const rep = page.locator('[data-test=public-report]');
		await rep.waitFor();
		const meta = await page.locator('[data-test=report-meta]').innerText();
		for (const w of ['索引号', '发布机构', '主动公开', '法治政府建设年度报告', '发文日期'])
			assert.ok(meta.includes(w), `${w} in ${meta}`);
		await rep.locator('[data-metric="mediate.mediated"]').first().click();
		await page.locator('[data-test=figure-groups]').waitFor();
		const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(scrollW <= 390, `page scrolls sideways (${scrollW}px)`);
		await screenshot(page, 'report-public-phone.png');
		/* the provenance hash is a check value, allowed as a credit code is */
		const text = await page.evaluate(() => {
			for (const h of document.querySelectorAll('.rp-hash')) h.remove();
			return document.body.innerText;
		});
		const words = rawWords(text);
		assert.deepEqual(words, [], `Latin in the public report: ${words.join(' ')}`);
		const pdf = await page.request.get(srv.url + await page.locator('[data-test=public-pdf]').getAttribute('href'));
		assert.equal(pdf.status(), 200);
		assert.equal(pdf.headers()['content-type'], 'application/pdf');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});
