// review.test.mjs - 行政复议 and mediation in headless chromium on the demo
// district: the public application on a phone (submit, get a number,
// track it; a wrong phone is told nothing), and the staff case page (list,
// open a case, its deadlines and timeline, take a step, the figures with
// ECharts).  Screenshots go to build/screenshots/review-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, openBrowser, closeBrowser, screenshot, secondStep, logIn } from './server.mjs';

let srv;

before(async () => {
	srv = await startServer();
}, { timeout: 60000 });

after(async () => {
	if (srv) await srv.stop();
}, { timeout: 30000 });

// 401s before login are expected; anything else (a CSP violation above
// all) fails the test.
const realErrors = (errors) => errors.filter((e) =>
	!/Failed to load resource: the server responded with a status of (401|404)/.test(e));

test('public 复议 application and tracking on a phone', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	try {
		await page.goto(srv.url + '/apply/');
		const form = page.locator('[data-test=review-form]');
		await form.waitFor();
		await page.fill('input[name=applicant]', '浏览器测试人');
		await page.fill('input[name=phone]', '13911112222');
		await page.fill('input[name=respondent]', '绍兴市柯桥区综合行政执法局');
		await page.fill('textarea[name=act]', '柯综执罚〔2026〕3号行政处罚决定');
		await page.fill('textarea[name=request]', '请求撤销该处罚决定');
		await page.click('[data-test=review-submit]');
		const number = await page.locator('[data-test=number]').innerText();
		assert.match(number, /^柯政复〔\d{4}〕\d+号$/);
		const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(scrollW <= 390, `page scrolls sideways (${scrollW}px)`);
		await screenshot(page, 'review-apply-phone.png');

		// track it with the right phone, then with a wrong one
		await page.getByRole('tab', { name: '查询进度' }).click();
		await page.fill('input[name=number]', number);
		await page.fill('input[name=track-phone]', '13911112222');
		await page.click('[data-test=track-submit]');
		assert.equal(await page.locator('[data-test=status]').innerText(), '已收到申请');
		await page.fill('input[name=track-phone]', '13911112223');
		await page.click('[data-test=track-submit]');
		const err = await page.locator('[data-test=error]').innerText();
		assert.match(err, /未查询到/);
		assert.equal(await page.locator('[data-test=result]').count(), 0);
		await screenshot(page, 'review-track-phone.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('staff open a 复议 case page, take a step, and see the figures', { timeout: 120000 }, async () => {
	const justice = srv.users.find((u) => u.login === 'justice1');
	const { context, page, errors } = await openBrowser();
	try {
		await page.goto(srv.url + '/#/login');
		await page.waitForSelector('.fz-login-card');
		await page.fill('input[name=login]', justice.login);
		await page.fill('input[name=password]', justice.password);
		await page.click('.fz-login-btn');
		await secondStep(page, justice);
		await page.waitForURL(/#\/(home)?$|#\/$/);
		await page.goto(srv.url + '/#/review');
		const table = page.locator('[data-test=review-table]');
		await table.locator('.el-table__row').first().waitFor();
		// open the newest case: the one the public test just filed, or a demo one
		await table.locator('.el-table__row').first().click();
		await page.waitForURL(/#\/review\?case=\d+/);
		await page.locator('[data-test=case-view]').waitFor();
		const deadlines = page.locator('[data-test=deadlines]');
		await deadlines.locator('.el-table__row').first().waitFor();
		assert.ok(await page.locator('[data-test=timeline] .el-timeline-item').count() >= 1);
		const state = await page.locator('[data-test=case-state]').innerText();
		await screenshot(page, 'review-case.png');

		// take a step that needs no facts when one is offered
		const accept = page.locator('[data-action=accept]');
		if (await accept.count()) {
			await accept.click();
			await page.click('[data-test=action-submit]');
			await page.waitForFunction((s) => {
				const el = document.querySelector('[data-test=case-state]');
				return el && el.innerText !== s;
			}, state);
			assert.equal(await page.locator('[data-test=case-state]').innerText(), '已受理');
			assert.ok(await page.locator('[data-test=timeline] .el-timeline-item').count() >= 2);
		}

		// the figures tab draws its chart with ECharts
		await page.click('[data-test=back]');
		await page.getByRole('tab', { name: '统计' }).click();
		const rate = page.locator('[data-metric=tiaoche]');
		await rate.waitFor();
		assert.match(await rate.innerText(), /^\d+(\.\d)?%$/);
		await page.waitForSelector('.fz-chart canvas');
		await screenshot(page, 'review-figures.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('mediation: the fast track\'s late cases show red, and a case page opens', { timeout: 90000 }, async () => {
	const justice = srv.users.find((u) => u.login === 'justice1');
	const { context, page, errors } = await openBrowser();
	try {
		await page.goto(srv.url + '/#/login');
		await page.waitForSelector('.fz-login-card');
		await page.fill('input[name=login]', justice.login);
		await page.fill('input[name=password]', justice.password);
		await page.click('.fz-login-btn');
		await secondStep(page, justice);
		await page.waitForURL(/#\/(home)?$|#\/$/);
		await page.goto(srv.url + '/#/mediate');
		const table = page.locator('[data-test=mediate-table]');
		await table.locator('.el-table__row').first().waitFor();
		assert.ok(await table.locator('[data-light=overdue]').count() >= 1, 'no late case shown');
		await table.locator('.el-table__row').first().click();
		await page.locator('[data-test=case-view]').waitFor();
		assert.ok(await page.locator('[data-test=timeline] .el-timeline-item').count() >= 1);
		await screenshot(page, 'review-mediate-case.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('a labour award says whether it is final and since when it is in force', { timeout: 90000 }, async () => {
	const justice = srv.users.find((u) => u.login === 'justice1');
	const { context, page, errors } = await openBrowser();
	try {
		await page.goto(srv.url + '/#/login');
		await page.waitForSelector('.fz-login-card');
		await page.fill('input[name=login]', justice.login);
		await page.fill('input[name=password]', justice.password);
		await page.click('.fz-login-btn');
		await secondStep(page, justice);
		await page.waitForURL(/#\/(home)?$|#\/$/);
		// a demo labour case whose award is in force (劳动争议调解仲裁法 Art. 47-50)
		const id = await page.evaluate(async () => {
			const r = await fetch('/api/v1/mediate/disputes?track=labor&state=effective', { cache: 'no-store' });
			return (await r.json()).items[0].id;
		});
		await page.goto(srv.url + '/#/mediate?case=' + id);
		await page.locator('[data-test=case-view]').waitFor();
		assert.match(await page.locator('[data-test=award-final]').innerText(), /终局裁决/);
		assert.match(await page.locator('[data-test=award-effect]').innerText(), /劳动争议调解仲裁法/);
		await screenshot(page, 'review-labour-award.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('a 镇街 workstation opens 行政复议 at the window: no refused request, no page error', { timeout: 120000 }, async () => {
	const u = srv.users.find((x) => x.login === 'town1');
	const { context, page, errors } = await openBrowser();
	const refused = [];
	page.on('response', (r) => { if (r.status() === 403) refused.push(r.url()); });
	try {
		await logIn(page, srv.url, u);
		await page.click('[data-test=nav] .el-menu-item:has-text("行政复议")');
		await page.locator('[data-test=intake-form]').waitFor();
		const tabs = await page.locator('.el-tabs__item').allInnerTexts();
		assert.deepEqual(tabs.map((t) => t.trim()), ['窗口受理']);
		/* the station list the form needs has come */
		await page.waitForFunction(() => document.querySelector('[data-test=intake-form]'));
		await page.waitForTimeout(300);
		assert.deepEqual(refused, []);
		assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
		await screenshot(page, 'review-town.png');
	} finally {
		await closeBrowser(context);
	}
});

test('the public 复议 form says every missing field at once and sends nothing; #track switches the tab', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	const sent = [];
	page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/public/')) sent.push(r.url()); });
	try {
		await page.goto(srv.url + '/apply/');
		await page.locator('[data-test=review-form]').waitFor();
		await page.fill('input[name=phone]', '1380013');
		await page.click('[data-test=review-submit]');
		await page.locator('[data-test=review-form] .el-form-item__error').nth(4).waitFor();
		await screenshot(page, 'apply-errors.png');
		const shown = await page.locator('[data-test=review-form] .el-form-item__error').allInnerTexts();
		for (const w of ['请填写申请人姓名或名称', '请填写 11 位手机号码', '请填写被申请人', '请填写不服的行政行为', '请填写复议请求和理由'])
			assert.ok(shown.includes(w), `${w} in ${shown.join(' / ')}`);
		assert.deepEqual(sent, [], 'nothing is sent while the form is incomplete');
		/* the mediation form the same way */
		await page.goto(srv.url + '/apply/#mediate');
		await page.locator('[data-test=mediate-form]').waitFor();
		await page.click('[data-test=mediate-submit]');
		await page.locator('[data-test=mediate-form] .el-form-item__error').nth(3).waitFor();
		assert.ok((await page.locator('[data-test=mediate-form] .el-form-item__error').count()) >= 4);
		assert.deepEqual(sent, []);
		/* a link to #track on the page itself switches the tab */
		await page.evaluate(() => { location.hash = 'track'; });
		await page.locator('[data-test=track-form]').waitFor({ state: 'visible' });
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('a 镇街 registers a dispute: its own town chosen already, every missing field said at once, nothing sent', { timeout: 120000 }, async () => {
	const u = srv.users.find((x) => x.login === 'town1');
	const { context, page, errors } = await openBrowser();
	const sent = [];
	page.on('request', (r) => { if (r.method() === 'POST' && /\/api\/v1\/(mediate\/disputes|review\/applications)$/.test(r.url())) sent.push(r.url()); });
	try {
		await logIn(page, srv.url, u);
		await page.goto(srv.url + '/#/mediate');
		await page.getByRole('tab', { name: '登记纠纷' }).click();
		const form = page.locator('[data-test=mediate-form]');
		await form.waitFor();
		/* the town: the user's own (柯桥街道 for the demo's town1) */
		await page.waitForFunction(() => /^镇街\s+柯桥街道/.test(
			document.querySelectorAll('[data-test=mediate-form] .el-form-item')[2]?.innerText || ''));
		await page.click('[data-test=register]');
		await form.locator('.el-form-item__error').nth(3).waitFor();
		const shown = await form.locator('.el-form-item__error').allInnerTexts();
		for (const w of ['请填写调解组织', '请填写申请人', '请填写手机号码', '请填写对方当事人', '请填写纠纷概要'])
			assert.ok(shown.includes(w), `${w} in ${shown.join(' / ')}`);
		assert.ok(!shown.includes('请填写镇街'), 'the own town is filled');
		/* the 复议 window the same way */
		await page.goto(srv.url + '/#/review');
		const intake = page.locator('[data-test=intake-form]');
		await intake.waitFor();
		await intake.locator('button[type=submit], .el-button--primary').last().click();
		await intake.locator('.el-form-item__error').nth(4).waitFor();
		assert.ok((await intake.locator('.el-form-item__error').count()) >= 5);
		assert.deepEqual(sent, [], 'nothing is sent while a form is incomplete');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('an agent\'s 复议 application with its 授权委托书 on a phone, opened by the handler', { timeout: 120000 }, async () => {
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
	let number;
	{
		const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
		try {
			await page.goto(srv.url + '/apply/');
			await page.locator('[data-test=review-form]').waitFor();
			await page.fill('input[name=applicant]', '浙江某印染有限公司');
			await page.fill('input[name=phone]', '13911113333');
			await page.fill('input[name=third_parties]', '李四');
			await page.fill('input[name=respondent]', '绍兴市柯桥区综合行政执法局');
			await page.fill('textarea[name=act]', '柯综执罚〔2026〕9号行政处罚决定');
			await page.fill('textarea[name=request]', '请求撤销该处罚决定');
			await page.click('[data-test=has-agents]');
			await page.fill('input[name=agent-name-0]', '王律师');
			// without the 授权委托书 the form says so, at the materials, and sends nothing
			await page.click('[data-test=review-submit]');
			assert.match(await page.locator('[data-test=files-error]').innerText(), /授权委托书/);
			// a text file is refused before it leaves the phone
			await page.setInputFiles('[data-test=file-evidence]', { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
			assert.match(await page.locator('[data-test=files-error]').innerText(), /不是 PDF/);
			await page.setInputFiles('[data-test=file-power]', { name: '授权委托书.pdf', mimeType: 'application/pdf', buffer: pdf });
			await page.locator('[data-test=files] .ap-file-done').waitFor();
			await screenshot(page, 'review-apply-agent.png');
			const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
			assert.ok(scrollW <= 390, `page scrolls sideways (${scrollW}px)`);
			await page.click('[data-test=review-submit]');
			number = await page.locator('[data-test=number]').innerText();
			assert.match(number, /^柯政复〔\d{4}〕\d+号$/);
			assert.deepEqual(realErrors(errors), []);
		} finally {
			await closeBrowser(context);
		}
	}
	const justice = srv.users.find((u) => u.login === 'justice1');
	const { context, page, errors } = await openBrowser();
	try {
		await logIn(page, srv.url, justice);
		await page.goto(srv.url + '/#/review');
		await page.locator('input[data-test=f-q], [data-test=f-q] input').fill(number);
		await page.keyboard.press('Enter');
		const table = page.locator('[data-test=review-table]');
		await table.locator('.el-table__row', { hasText: number }).click();
		await page.locator('[data-test=case-view]').waitFor();
		const files = page.locator('[data-test=case-files] a');
		await files.first().waitFor();
		assert.match(await files.first().innerText(), /^授权委托书（PDF，1 KB）$/);
		assert.match(await page.locator('[data-test=case-view]').innerText(), /王律师（律师）/);
		const res = await page.request.get(srv.url + await files.first().getAttribute('href'));
		assert.equal(res.status(), 200);
		assert.deepEqual(Buffer.from(await res.body()), pdf);
		await screenshot(page, 'review-case-files.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});
