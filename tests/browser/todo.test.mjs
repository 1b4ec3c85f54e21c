// todo.test.mjs - 待办 on 首页 in a real browser: the 司法局 user sees each
// case domain's figures exactly as GET /api/v1/todo gives them and the most
// urgent cases; a row opens the case on its own page.  An officer on a
// phone (390 px) sees the card without the page scrolling sideways.
// Screenshots: build/screenshots/todo-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, logIn } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

test('the 司法局 home shows 待办 as the API counts it, and a row opens the case', { timeout: 120000 }, async () => {
	const u = srv.users.find((x) => x.login === 'justice1');
	const { context, page, errors } = await openBrowser();
	try {
		await logIn(page, srv.url, u);
		await page.locator('[data-test=todo] .fz-todo-domain').first().waitFor();
		const api = await page.evaluate(async () => (await fetch('/api/v1/todo')).json());
		assert.deepEqual(api.domains.map((d) => d.key), ['enforce', 'review', 'mediate', 'supervise']);
		for (const d of api.domains) {
			for (const k of ['overdue', 'red', 'yellow', 'due_today', 'due_week', 'flagged']) {
				const shown = await page.locator(`[data-test=todo-${d.key}-${k}] .fz-todo-num`).innerText();
				assert.equal(Number(shown), d[k], `${d.key}.${k}`);
			}
		}
		const text = await page.locator('[data-test=todo]').innerText();
		assert.match(text, /待办事项/);
		assert.doesNotMatch(text, /overdue|enforce|null|undefined|NaN/);
		await screenshot(page, 'todo-desktop.png');

		const first = api.domains[0].items[0];
		assert.ok(first, 'the demo district has an urgent enforcement case');
		await page.locator('[data-test=todo-enforce] .el-table__row').first().click();
		await page.waitForURL(new RegExp(`#/enforce\\?id=${first.id}$`));
		await page.getByText(first.number).first().waitFor();
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});

test('an officer on a phone sees 待办 and the case list as cards, without sideways scrolling', { timeout: 120000 }, async () => {
	const u = srv.users.find((x) => x.login === 'officer1');
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	try {
		await logIn(page, srv.url, u);
		await page.locator('[data-test=todo-enforce]').waitFor();
		/* cases as cards: number, light and what, all on the screen */
		const card = page.locator('[data-test=todo-enforce] .fz-todo-list li').first();
		await card.waitFor();
		const box = await card.boundingBox();
		assert.ok(box.x >= 0 && box.x + box.width <= 390, `card at ${box.x}+${box.width}`);
		assert.match(await card.innerText(), /超期|红灯|黄灯|绿灯/);
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 390, `the page is ${width} px wide at 390`);
		await screenshot(page, 'todo-phone.png');

		/* the case list on the phone: filters as wide as the screen, the
		 * cases as cards (the wide table hidden), a tap opens one */
		await page.goto(srv.url + '/#/enforce');
		const row = page.locator('[data-test=phone-list] li').first();
		await row.waitFor();
		assert.equal(await page.locator('[data-test=case-list]').isVisible(), false);
		const select = await page.locator('[data-test=f-type]').first().boundingBox();
		assert.ok(select.width > 200, `the 类别 filter is ${select.width} px wide`);
		for (const el of await page.locator('.fz-toolbar .el-form-item').all()) {
			const b = await el.boundingBox();
			assert.ok(b.x >= 0 && b.x + b.width <= 390, `a filter at ${b.x}+${b.width}`);
		}
		assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
		await screenshot(page, 'enforce-list-phone.png');
		const number = (await row.locator('.fz-phone-no').innerText()).trim();
		await row.click();
		await page.waitForURL(/#\/enforce\?id=\d+$/);
		await page.getByText(number).first().waitFor();
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});
