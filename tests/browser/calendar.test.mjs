// calendar.test.mjs - 节假日安排 in a real browser: the administrator sees
// the years (2027 暂定) and a year's month grids, pastes a notice, checks
// the parsed days beside the grids, imports it; a wrong 共N天 shows the
// server's Chinese reason.  The notice is a TEST FIXTURE, not the State
// Council's 2027 notice.  Screenshots: build/screenshots/calendar-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, secondStep } from './server.mjs';

let srv;

const NOTICE = [
	'国务院办公厅关于2027年部分节假日安排的通知（测试用样例，并非真实通知）',
	'一、元旦：1月1日（周五）至3日（周日）放假，共3天。',
	'二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。',
].join('\n');

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('the administrator previews and imports a holiday notice', { timeout: 120000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		const admin = srv.admin, pw = 'Fz-Calendar-Test-2026!';
		await page.goto(srv.url + '/#/login');
		await page.waitForSelector('.fz-login-card');
		await page.fill('input[name=login]', admin.login);
		await page.fill('input[name=password]', admin.password);
		await page.click('.fz-login-btn');
		await secondStep(page, admin);
		await page.waitForURL(/#\/password/);
		await page.fill('input[name=old_password]', admin.password);
		await page.fill('input[name=new_password]', pw);
		await page.fill('input[name=confirm]', pw);
		await page.click('button[type=submit]');
		await page.waitForURL(/#\/$/);

		await page.goto(srv.url + '/#/calendar');
		const years = page.locator('[data-test=years]');
		await years.locator('.el-table__row').first().waitFor();
		assert.match(await years.innerText(), /2027\s+暂定/);
		await page.locator('[data-test=month-grids]').first().waitFor();
		await screenshot(page, 'calendar-years.png');

		await page.click('[data-test=open-import]');
		await page.fill('.el-dialog textarea', NOTICE.replace('共8天', '共9天'));
		await page.click('[data-test=preview]');
		const bad = page.locator('[data-test=preview-error]');
		await bad.waitFor();
		assert.match(await bad.innerText(), /第3行.*共9天/);

		await page.fill('.el-dialog textarea', NOTICE);
		await page.click('[data-test=preview]');
		const rows = page.locator('[data-test=preview-days] .el-table__row');
		await rows.first().waitFor();
		assert.equal(await rows.count(), 12);
		assert.equal(await page.locator('.el-dialog td.cal-cell-holiday').count(), 11);
		assert.equal(await page.locator('.el-dialog td.cal-cell-workday').count(), 1);
		await screenshot(page, 'calendar-preview.png');

		await page.click('[data-test=import]');
		await page.locator('.el-message-box__btns .el-button--primary').click();
		await page.locator('.el-message--success', { hasText: '已导入2027年节假日安排' }).waitFor();
		await page.waitForFunction(() => /2027\s+已导入/.test(document.querySelector('[data-test=years]').innerText));
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});
