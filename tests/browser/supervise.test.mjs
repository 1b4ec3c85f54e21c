// supervise.test.mjs - 法治督察 in headless chromium: the office issues an
// 整改提醒函 from the page (every missing field said at once first); the
// 镇街 opens it from its own list and reports its rectification; the
// office accepts it.  Screenshots: build/screenshots/supervise-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, logIn } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

const realErrors = (errors) => errors.filter((e) => !/status of 401/.test(e));

async function step(page, action, fact, text) {
	await page.click(`[data-action=${action}]`);
	await page.fill(`textarea[data-fact=${fact}], [data-fact=${fact}] textarea`, text);
	await page.click('[data-test=action-submit]');
}

test('the office issues a 整改提醒函, the 镇街 answers it, the office closes it', { timeout: 180000 }, async () => {
	const office = srv.users.find((u) => u.login === 'office1');
	const town = srv.users.find((u) => u.login === 'town1');
	let number;
	let b = await openBrowser();
	try {
		await logIn(b.page, srv.url, office);
		await b.page.goto(srv.url + '/#/supervise');
		await b.page.locator('[data-test=supervise-table] .el-table__row').first().waitFor();
		await b.page.click('[data-test=btn-issue]');
		await b.page.click('[data-test=issue-submit]');
		const form = b.page.locator('[data-test=issue-form]');
		await form.locator('.el-form-item__error').nth(2).waitFor();
		const shown = await form.locator('.el-form-item__error').allInnerTexts();
		for (const w of ['请填写被督察单位', '请填写发现的问题', '请填写整改要求'])
			assert.ok(shown.includes(w), `${w} in ${shown.join(' / ')}`);
		await b.page.click('[data-test=issue-unit]');
		await b.page.locator('.el-select-dropdown__item:visible', { hasText: '柯桥街道' }).click();
		await b.page.fill('textarea[data-test=issue-problem], [data-test=issue-problem] textarea', '部分执法案卷询问笔录未经当事人签字');
		await b.page.fill('textarea[data-test=issue-demand], [data-test=issue-demand] textarea', '限期整改，举一反三');
		await b.page.click('[data-test=issue-submit]');
		await b.page.waitForURL(/#\/supervise\?case=\d+/);
		number = await b.page.locator('[data-test=case-number]').innerText();
		assert.match(number, /^柯法督函〔\d{4}〕\d+号$/);
		assert.equal(await b.page.locator('[data-test=case-state]').innerText(), '整改中');
		await screenshot(b.page, 'supervise-issued.png');
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}
	b = await openBrowser();
	try {
		await logIn(b.page, srv.url, town);
		await b.page.goto(srv.url + '/#/supervise');
		await b.page.locator('input[data-test=f-q], [data-test=f-q] input').fill(number);
		await b.page.keyboard.press('Enter');
		await b.page.locator('[data-test=supervise-table] .el-table__row', { hasText: number }).click();
		await b.page.locator('[data-test=case-view]').waitFor();
		await step(b.page, 'submit', '整改情况', '已逐项补签笔录，并组织专题培训');
		await b.page.waitForFunction(() => document.querySelector('[data-test=case-state]')?.innerText === '已报送整改情况');
		assert.equal(await b.page.locator('[data-action=accept]').count(), 0, 'the 镇街 is offered no 验收销号');
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}
	b = await openBrowser();
	try {
		await logIn(b.page, srv.url, office);
		await b.page.goto(srv.url + '/#/supervise');
		await b.page.locator('input[data-test=f-q], [data-test=f-q] input').fill(number);
		await b.page.keyboard.press('Enter');
		await b.page.locator('[data-test=supervise-table] .el-table__row', { hasText: number }).click();
		await step(b.page, 'accept', '验收意见', '整改到位，同意销号');
		await b.page.waitForFunction(() => document.querySelector('[data-test=case-state]')?.innerText === '已验收销号');
		await screenshot(b.page, 'supervise-closed.png');
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}
});
