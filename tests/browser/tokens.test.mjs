// tokens.test.mjs - 接口令牌 in a real browser (issue 13: tokens with an
// expiry, listed and revoked on a page): an officer creates a token for an
// integration, sees its text once, finds it listed as 有效 with its expiry,
// the token calls the API, then the officer revokes it on the page and the
// same token is refused.  Screenshot: build/screenshots/tokens.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, logIn } from './server.mjs';
import { Client } from '../api/lib.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

test('an officer creates a token, sees it once, and revokes it on the page', { timeout: 120000 }, async () => {
	const officer = srv.users.find((u) => u.role === 'officer');
	const { context, page, errors } = await openBrowser();
	try {
		await logIn(page, srv.url, officer);

		await page.goto(srv.url + '/#/tokens');
		await page.locator('[data-test=tokens-table]').waitFor();
		await page.click('[data-test=token-new]');
		await page.fill('.el-dialog input[maxlength="32"]', '执法监督系统对接');
		await page.locator('.el-dialog__footer .el-button--primary').click();
		const once = page.locator('[data-test=token-once] textarea');
		await once.waitFor();
		const token = await once.inputValue();
		assert.match(token, /^[0-9a-f]{64}$/, token);
		await page.locator('.el-dialog__footer .el-button--primary').click();

		const row = page.locator('[data-test=tokens-table] .el-table__row', { hasText: '执法监督系统对接' });
		await row.waitFor();
		assert.match(await row.innerText(), /有效/);
		assert.match(await row.innerText(), /从未使用/);
		assert.doesNotMatch(await row.innerText(), new RegExp(token.slice(0, 16)), 'the list shows no token text');

		const api = new Client(srv.url, { bearer: token });
		assert.equal((await api.get('/api/v1/me')).status, 200);
		await page.reload();
		await row.waitFor();
		assert.match(await row.innerText(), /127\.0\.0\.1/, 'last use with its address');
		await screenshot(page, 'tokens.png');

		await row.locator('button', { hasText: '撤销' }).click();
		await page.locator('.el-message-box__btns .el-button--primary').click();
		await page.locator('.el-message--success', { hasText: '令牌已撤销' }).waitFor();
		await page.waitForFunction(() => /已撤销/.test(document.querySelector('[data-test=tokens-table]').innerText));
		assert.equal((await api.get('/api/v1/me')).status, 401);
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});
