// export.test.mjs - a list searched by keyword and downloaded as an Excel
// workbook, in a real browser (issue 14): the 司法局 user filters each case
// list, clicks 导出表格, and the file that arrives has a Chinese name and
// exactly the rows the list counts, headers first.
// Screenshot: build/screenshots/export-enforce.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, openBrowser, closeBrowser, screenshot, logIn } from './server.mjs';
import { readXlsx } from '../api/lib.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

const PAGES = [
	{ path: '/enforce', table: 'case-list', api: '/api/v1/enforce/cases?type=penalty', name: /^执法案件_/ },
	{ path: '/review', table: 'review-table', api: '/api/v1/review/cases', name: /^行政复议案件_/ },
	{ path: '/mediate', table: 'mediate-table', api: '/api/v1/mediate/disputes', name: /^调解纠纷_/ },
];

test('each case list searches by keyword and downloads what it shows', { timeout: 180000 }, async () => {
	const u = srv.users.find((x) => x.login === 'justice1');
	const { context, page, errors } = await openBrowser();
	try {
		await logIn(page, srv.url, u);
		for (const p of PAGES) {
			await page.goto(srv.url + '/#' + p.path);
			const rows = page.locator(`[data-test=${p.table}] .el-table__body-wrapper .el-table__row`);
			await rows.first().waitFor();
			/* a keyword taken from the first row's number narrows the list */
			const number = (await rows.first().locator('td').nth(p.path === '/enforce' ? 1 : 0).innerText()).trim();
			const word = number.slice(0, number.indexOf('〔') > 0 ? number.indexOf('〕') + 1 : 4);
			await page.fill('input[data-test=f-q], [data-test=f-q] input', word);
			await page.keyboard.press('Enter');
			await page.waitForLoadState('networkidle');
			const api = await page.evaluate(async (u2) => (await fetch(u2)).json(),
				`${p.api}${p.api.includes('?') ? '&' : '?'}q=${encodeURIComponent(word)}&per_page=1`);
			assert.ok(api.total > 0, `${p.path}: ${word}`);
			if (p.path === '/enforce') await screenshot(page, 'export-enforce.png');
			/* 打印 gives the same rows on paper */
			await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
			await page.click('[data-test=print]');
			await page.waitForFunction(() => window.printed === 1);
			assert.equal(await page.locator('[data-test=print-view] tbody tr').count(), Math.min(api.total, 500),
				`${p.path}: printed rows`);
			const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export]')]);
			assert.match(download.suggestedFilename(), p.name);
			assert.match(download.suggestedFilename(), /\.xlsx$/);
			const sheet = readXlsx(await readFile(await download.path()));
			/* a list counts no further than 10,000 (共一万条以上); the file has every row */
			if (api.total > 10000) assert.ok(sheet.length - 1 > 10000, `${p.path}: rows in the file`);
			else assert.equal(sheet.length - 1, api.total, `${p.path}: rows in the file`);
			/* the word is in each row's number or its title (column 2 or 3) */
			assert.ok(sheet.slice(1).every((r) => r.some((c) => typeof c === 'string' && c.includes(word))), word);
		}
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});

test('the enforcement list prints its filtered rows on paper, nothing else', { timeout: 120000 }, async () => {
	const u = srv.users.find((x) => x.login === 'officer1');
	const { context, page, errors } = await openBrowser();
	try {
		await logIn(page, srv.url, u);
		await page.goto(srv.url + '/#/enforce');
		await page.locator('[data-test=case-list] .el-table__row').first().waitFor();
		await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
		await page.click('[data-test=print]');
		await page.waitForFunction(() => window.printed === 1);
		const total = await page.evaluate(async () => (await (await fetch('/api/v1/enforce/cases?type=penalty&per_page=1')).json()).total);
		const view = page.locator('[data-test=print-view]');
		assert.equal(await view.isVisible(), false, 'hidden on screen');
		await page.emulateMedia({ media: 'print' });
		assert.equal(await view.isVisible(), true, 'shown on paper');
		assert.equal(await page.locator('[data-test=case-list]').isVisible(), false, 'the screen table is not on paper');
		assert.equal(await view.locator('tbody tr').count(), Math.min(total, 500));
		assert.match(await view.innerText(), /行政执法案件清单[\s\S]*行政处罚[\s\S]*共 \d+ 条；打印于 \d{4}年\d+月\d+日/);
		assert.equal(await page.locator('.fz-aside').evaluate((el) => getComputedStyle(el).visibility), 'hidden');
		await screenshot(page, 'enforce-print.png');
		await page.emulateMedia({ media: 'screen' });
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});
