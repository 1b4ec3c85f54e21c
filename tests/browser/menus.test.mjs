// menus.test.mjs - every role opens every page of its own menu (issue 14:
// a menu entry led to "无权执行此操作", a page fired a refused request or
// threw).  For each demo user: log in, click each menu entry in turn; no
// request may be refused (403), no page may throw or log an error, and
// each page must show its title in the breadcrumb and say nothing in
// code: no English word, file name or identifier (issue 14).  Pages outside the
// staff app (一键找法, the public application) are links and are skipped.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, secondStep, rawWords } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

const LOGINS = ['admin', 'officer1', 'town1', 'office1', 'justice1', 'court1', 'procurator1', 'secadmin1', 'auditor1'];

test('each role opens each page of its menu without a refusal or an error', { timeout: 600000 }, async () => {
	const problems = [];
	for (const login of LOGINS) {
		const u = srv.users.find((x) => x.login === login);
		const { context, page, errors } = await openBrowser();
		const refused = [];
		page.on('response', (r) => { if (r.status() === 403) refused.push(r.url().replace(srv.url, '')); });
		try {
			await page.goto(srv.url + '/#/login');
			await page.waitForSelector('.fz-login-card');
			await page.fill('input[name=login]', u.login);
			await page.fill('input[name=password]', u.password);
			await page.click('.fz-login-btn');
			await secondStep(page, u);
			if (login === 'admin') { /* the demo admin changes the password first */
				const pw = 'Fz-Menus-Test-2026!';
				await page.waitForURL(/#\/password/);
				await page.fill('input[name=old_password]', u.password);
				await page.fill('input[name=new_password]', pw);
				await page.fill('input[name=confirm]', pw);
				await page.click('button[type=submit]');
			}
			await page.waitForURL(/#\/$/);
			const nav = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).nav);
			for (const n of nav.filter((x) => String(x.path).startsWith('#'))) {
				const before = refused.length, errs = errors.length;
				await page.click(`[data-test=nav] .el-menu-item:has-text("${n.title}")`);
				await page.waitForFunction((t) => document.querySelector('[data-test=breadcrumb]')?.innerText.includes(t), n.title);
				await page.waitForLoadState('networkidle');
				await page.waitForTimeout(200);
				for (const url of refused.slice(before)) problems.push(`${login} ${n.title}: 403 ${url}`);
				/* what the page says: no code, file name or English word */
				const text = await page.locator('.fz-main').innerText();
				for (const w of rawWords(text, new Set(srv.users.map((x) => x.login))))
					problems.push(`${login} ${n.title}: "${w}"`);
				for (const e of errors.slice(errs).filter((x) => !/status of 401/.test(x)))
					problems.push(`${login} ${n.title}: ${e}`);
			}
		} finally {
			await closeBrowser(context);
		}
	}
	assert.deepEqual(problems, []);
});
