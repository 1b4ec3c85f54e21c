// figures.test.mjs - sums of money on a figures page read as a report
// writes them (issue 14: "999,092,100.00 元" instead of 9.99 亿元): the
// 调解 统计 tab shows 涉及金额 in 亿元 / 万元 / 元 by size, equal to the
// API's cents.  Screenshot: build/screenshots/mediate-figures.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, logIn } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

const expected = (cents) => {
	const y = cents / 100;
	if (y >= 1e8) return `${(y / 1e8).toFixed(2)} 亿元`;
	if (y >= 1e4) return `${(y / 1e4).toFixed(2)} 万元`;
	return `${y.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
};

test('the 调解 figures show the amount in 万元 or 亿元, as the API counts it', { timeout: 120000 }, async () => {
	const u = srv.users.find((x) => x.login === 'justice1');
	const { context, page, errors } = await openBrowser();
	try {
		await logIn(page, srv.url, u);
		await page.goto(srv.url + '/#/mediate');
		/* read what the page was answered for the range it asked */
		const answer = page.waitForResponse((r) => r.url().includes('/api/v1/mediate/metrics'));
		await page.getByRole('tab', { name: '统计' }).click();
		const res = await answer;
		const shown = page.locator('[data-test=amount-total]');
		await shown.waitFor();
		const cents = (await res.json()).total.amount_cents;
		assert.ok(cents >= 1e6, `the demo's disputes involve ${cents} cents`);
		await page.waitForFunction((want) => document.querySelector('[data-test=amount-total]').innerText.trim() === want,
			expected(cents));
		assert.doesNotMatch(await shown.innerText(), /\d{1,3},\d{3},\d{3}/, 'an amount of millions in 元');
		await screenshot(page, 'mediate-figures.png');
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});
