// shell.test.mjs - the web shell in a real browser against a real server:
// login, the forced password change, home, 用户管理, 审计日志, logout, and
// the Chinese error on a wrong password.  Screenshots go to build/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, secondStep } from './server.mjs';
import { Client, rememberTotp } from '../api/lib.mjs';

const CJK = /[\u4e00-\u9fff]/;
// Chromium logs every non-2xx fetch as a console error; 401s are expected
// here (/me before login, the wrong password).  Anything else, a CSP
// violation above all, fails the test.
const realErrors = (errors) => errors.filter((e) =>
	!/Failed to load resource: the server responded with a status of 401/.test(e));

let srv;

before(async () => {
	srv = await startServer();
}, { timeout: 60000 });

after(async () => {
	if (srv) await srv.stop();
}, { timeout: 30000 });

async function fillLogin(page, login, password) {
	await page.waitForSelector('.fz-login-card');
	await page.fill('input[name=login]', login);
	await page.fill('input[name=password]', password);
	await page.click('.fz-login-btn');
}

test('a wrong password shows the server\'s Chinese message', { timeout: 60000 }, async () => {
	// What the server says for this mistake, asked directly.
	const r = await fetch(srv.url + '/api/v1/login', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ login: srv.admin.login, password: 'Wrong-Passw0rd' }),
	});
	assert.equal(r.status, 401);
	const expected = (await r.json()).error.message;
	assert.match(expected, CJK);

	const { context, page, errors } = await openBrowser();
	try {
		await page.goto(srv.url + '/');
		await page.waitForURL(/#\/login/);
		await fillLogin(page, srv.admin.login, 'Wrong-Passw0rd');
		const alert = page.locator('[data-test=login-error]');
		await alert.waitFor();
		const text = await alert.innerText();
		assert.ok(text.includes(expected), `alert "${text}" lacks "${expected}"`);
		assert.match(page.url(), /#\/login/);
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('the login page fits a phone screen', { timeout: 60000 }, async () => {
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	try {
		await page.goto(srv.url + '/#/login');
		const card = page.locator('.fz-login-card');
		await card.waitFor();
		const box = await card.boundingBox();
		assert.ok(box.x >= 0 && box.x + box.width <= 390, `card ${JSON.stringify(box)} leaves the screen`);
		const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(scrollW <= 390, `page scrolls sideways (${scrollW}px)`);
		assert.equal(await page.locator('.fz-login-title').innerText(), '柯桥区法治政府数字化平台');
		await screenshot(page, 'login-phone.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('admin logs in, must change the password, then manages users and reads the audit log',
	{ timeout: 120000 }, async () => {
		const admin = srv.admin;
		const newPassword = 'Fz-Browser-Test-2026!';
		const { context, page, errors } = await openBrowser();
		try {
			await page.goto(srv.url + '/');
			await page.waitForURL(/#\/login/);
			await screenshot(page, 'login.png');
			// 三员分立: the audit administrator has worked already (a login
			// and a verification), which the system administrator will see
			const aud = srv.users.find((u) => u.role === 'auditor');
			rememberTotp(aud.login, aud.totp, aud.password);
			const ac = new Client(srv.url);
			assert.equal((await ac.login(aud.login, aud.password)).status, 200);
			assert.equal((await ac.get('/api/v1/audit/verify')).status, 200);

			await fillLogin(page, admin.login, admin.password);
			// the second factor: the code the app would show
			await secondStep(page, admin);

			// Forced to the password page, and nothing else is reachable.
			await page.waitForURL(/#\/password/);
			const rules = await page.locator('[data-test=password-rules]').innerText();
			assert.match(rules, /至少 8 位/);
			assert.equal(await page.locator('[data-test=nav]').count(), 0, 'menu shown before the change');
			await page.goto(srv.url + '/#/users');
			await page.waitForURL(/#\/password/);
			await screenshot(page, 'password.png');

			await page.fill('input[name=old_password]', admin.password);
			await page.fill('input[name=new_password]', newPassword);
			await page.fill('input[name=confirm]', newPassword);
			await page.click('button[type=submit]');

			// Home: welcome card with the user's unit and role, admin cards.
			await page.waitForURL(/#\/$/);
			const welcome = page.locator('[data-test=welcome]');
			await welcome.waitFor();
			const header = await page.locator('[data-test=header-user]').innerText();
			assert.ok(header.includes(admin.unit), `header "${header}" lacks unit "${admin.unit}"`);
			assert.ok((await welcome.innerText()).includes(admin.unit));
			await page.locator('[data-test=card-audit] .el-table__row').first().waitFor();
			await page.waitForFunction(() => {
				const el = document.querySelector('[data-test=card-users] .fz-stat-value');
				return el && /^\d+$/.test(el.textContent.trim());
			});
			const userCount = Number(await page.locator('[data-test=card-users] .fz-stat-value').innerText());
			assert.ok(userCount >= 1, 'users card counts ' + userCount);
			const navText = await page.locator('[data-test=nav]').innerText();
			for (const t of ['用户管理', '审计日志', '单位管理']) assert.ok(navText.includes(t), `nav lacks ${t}`);
			// Let the "密码已修改" toast go before the picture.
			await page.waitForFunction(() => !document.querySelector('.el-message'));
			await screenshot(page, 'home.png');

			// 用户管理: the demo users are listed.
			await page.click('[data-test=nav] .el-menu-item:has-text("用户管理")');
			await page.waitForURL(/#\/users/);
			const userRows = page.locator('[data-test=users-table] .el-table__body-wrapper .el-table__row');
			await userRows.first().waitFor();
			const usersText = await page.locator('[data-test=users-table]').innerText();
			assert.ok(usersText.includes(admin.login), 'admin missing from the user list');
			for (const u of srv.users.slice(0, 5)) {
				assert.ok(usersText.includes(u.login), `user ${u.login} missing from the list`);
			}
			assert.equal(await page.locator('[data-test=breadcrumb]').innerText().then((s) => s.includes('用户管理')), true);
			await screenshot(page, 'users.png');

			// 审计日志: the system administrator reads the audit
			// administrator's entries only, and verifies nothing.
			await page.click('[data-test=nav] .el-menu-item:has-text("审计日志")');
			await page.waitForURL(/#\/audit/);
			const auditRows = page.locator('[data-test=audit-table] .el-table__body-wrapper .el-table__row');
			await auditRows.first().waitFor();
			let auditText = await page.locator('[data-test=audit-table]').innerText();
			assert.match(auditText, /登录/);
			/* who by name, never by login (issue 14) */
			const nameOf = (login) => page.evaluate(async (l) => (await (await fetch('/api/v1/users?per_page=100'))
				.json()).items.find((u) => u.login === l).name, login);
			const audName = await nameOf(aud.login), adminName = await nameOf(admin.login);
			assert.ok(auditText.includes(audName), 'no audit entry names the audit administrator');
			assert.ok(!auditText.includes(aud.login), 'the audit page shows a login');
			assert.doesNotMatch(auditText, /[a-z_]{3,}:\d|[a-z]+\.[a-z_]+/, 'a code on the audit page');
			assert.equal(await page.locator('[data-test=verify]').count(), 0);

			// 退出登录 returns to the login page; the session is gone.
			await page.click('[data-test=header-user] .fz-header-user');
			await page.click('.el-dropdown-menu__item:has-text("退出登录")');
			await page.waitForURL(/#\/login/);
			await page.goto(srv.url + '/#/users');
			await page.waitForURL(/#\/login\?next=%2Fusers/);

			// The audit administrator reads every entry, the admin's
			// login included, and the chain verifies.
			await fillLogin(page, aud.login, aud.password);
			await secondStep(page, aud);
			await page.locator('[data-test=nav]').waitFor();
			await page.goto(srv.url + '/#/audit');
			await auditRows.first().waitFor();
			auditText = await page.locator('[data-test=audit-table]').innerText();
			assert.ok(auditText.includes(adminName), 'no audit entry names the admin');
			await page.click('[data-test=verify]');
			const verdict = page.locator('[data-test=verify-result]');
			await verdict.waitFor();
			assert.match(await verdict.innerText(), /日志链完整/);
			await screenshot(page, 'audit.png');

			// The new password works, the old one no longer does.
			const res = await fetch(srv.url + '/api/v1/login', {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ login: admin.login, password: newPassword }),
			});
			assert.equal(res.status, 200);
			assert.deepEqual(realErrors(errors), []);
		} finally {
			await closeBrowser(context);
		}
	});
