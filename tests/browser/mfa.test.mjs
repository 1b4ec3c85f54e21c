// mfa.test.mjs - the second factor in a real browser (docs/security.md,
// 8.1.4.1 d): a new 司法局 user must bind a TOTP app at the first login:
// the login page shows the QR code and the secret, the first code binds it
// and logs in, the ten recovery codes are shown once, then the forced
// password change; the next login asks for a code, and a recovery code
// works instead.  An optional user binds one on the 动态口令 page.
// Codes are computed from the secret shown, as an app would.
// Screenshots: build/screenshots/mfa-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, secondStep } from './server.mjs';
import { Client, adminClient, freshCode, rememberTotp } from '../api/lib.mjs';

let srv, admin, root;
const PW = 'Zf-Liulanqi#2026a';

before(async () => {
	srv = await startServer();
	const a = srv.admin;
	rememberTotp(a.login, a.totp, a.password);
	admin = await adminClient(srv.url, { admin: { password: a.password } });
	root = (await admin.get('/api/v1/units')).json.items.find((u) => u.parent_id === null).id;
}, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

async function fillLogin(page, login, password) {
	await page.goto(srv.url + '/#/login');
	await page.waitForSelector('.fz-login-card');
	await page.fill('input[name=login]', login);
	await page.fill('input[name=password]', password);
	await page.click('.fz-login-btn');
}

test('a 司法局 user binds the app at the first login, keeps the recovery codes, then logs in with a code or a recovery code',
	{ timeout: 120000 }, async () => {
		let r = await admin.post('/api/v1/users', { login: 'sfjceshi', name: '浏览器测试', role: 'justice', unit_id: root, password: PW });
		assert.equal(r.status, 201, r.text);
		const { context, page } = await openBrowser();
		try {
			await fillLogin(page, 'sfjceshi', PW);
			const enrol = page.locator('[data-test=mfa-enrol]');
			await enrol.waitFor();
			assert.ok(await enrol.locator('svg path').count() >= 1, 'no QR code');
			const secret = (await page.locator('[data-test=mfa-secret]').innerText()).trim();
			assert.match(secret, /^[A-Z2-7]{32}$/);
			await screenshot(page, 'mfa-enrol.png');
			/* failures delay, they do not lock (tests/security/login.test.mjs):
			 * the page must not promise a lock that never comes */
			assert.doesNotMatch(await page.locator('.fz-login-tip').last().innerText(), /锁定/);
			await page.fill('input[name=totp_code]', await freshCode(secret));
			await page.click('.fz-login-btn');
			const codes = page.locator('[data-test=recovery-codes] li');
			await codes.first().waitFor();
			assert.equal(await codes.count(), 10);
			const first = (await codes.first().innerText()).trim();
			assert.match(first, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
			await screenshot(page, 'mfa-recovery-codes.png');
			await page.click('.fz-mfa-done');
			// then the initial password must change, as before
			await page.waitForURL(/#\/password/);
			await page.fill('input[name=old_password]', PW);
			await page.fill('input[name=new_password]', PW + 'b');
			await page.fill('input[name=confirm]', PW + 'b');
			await page.click('button[type=submit]');
			await page.waitForURL(/#\/$/);
			await page.click('[data-test=header-user] .fz-header-user');
			await page.click('.el-dropdown-menu__item:has-text("退出登录")');
			await page.waitForURL(/#\/login/);

			// next time: a code
			await fillLogin(page, 'sfjceshi', PW + 'b');
			await secondStep(page, { totp: secret });
			await page.locator('[data-test=nav]').waitFor();
			await page.click('[data-test=header-user] .fz-header-user');
			await page.click('.el-dropdown-menu__item:has-text("退出登录")');
			await page.waitForURL(/#\/login/);

			// a wrong code shows the server's message; a recovery code works
			await fillLogin(page, 'sfjceshi', PW + 'b');
			await page.waitForSelector('input[name=totp_code]');
			await page.fill('input[name=totp_code]', '000000');
			await page.click('.fz-login-btn');
			await page.locator('[data-test=login-error]').waitFor();
			assert.match(await page.locator('[data-test=login-error]').innerText(), /动态口令/);
			await page.click('button:has-text("使用恢复码")');
			await page.fill('input[name=recovery_code]', first);
			await page.click('.fz-login-btn');
			await page.locator('[data-test=nav]').waitFor();
		} finally {
			await closeBrowser(context);
		}
	});

test('an officer binds a second factor on the 动态口令 page', { timeout: 120000 }, async () => {
	const u = srv.users.find((x) => x.login === 'officer1');
	const { context, page } = await openBrowser();
	try {
		await fillLogin(page, u.login, u.password);
		await page.locator('[data-test=nav]').waitFor();
		await page.goto(srv.url + '/#/mfa');
		await page.locator('[data-test=mfa-status]').waitFor();
		assert.match(await page.locator('[data-test=mfa-status]').innerText(), /未绑定/);
		await page.click('[data-test=mfa-begin]');
		await page.locator('[data-test=mfa-enrol] svg').waitFor();
		const secret = (await page.locator('[data-test=mfa-secret]').innerText()).trim();
		await page.fill('input[name=totp_code]', await freshCode(secret));
		await page.click('[data-test=mfa-confirm]');
		await page.locator('[data-test=recovery-codes] li').first().waitFor();
		await screenshot(page, 'mfa-page.png');
		await page.click('.fz-mfa-done');
		await page.waitForFunction(() => /已绑定/.test(document.querySelector('[data-test=mfa-status]').textContent));
		// the API agrees: officer1 now logs in with a code
		const r = await new Client(srv.url).login(u.login, u.password, { second: false });
		assert.equal(r.json.second_factor, 'totp');
	} finally {
		await closeBrowser(context);
	}
});
