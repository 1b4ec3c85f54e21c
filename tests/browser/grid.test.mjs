// grid.test.mjs - 市场主体风险分级 in headless chromium on the demo district
// (77,000 entities in 16 镇街): an officer of a department with safety
// duties sees the counts per grade and the list, filters to 重大风险, opens
// an entity, reads the rules that fired with their citation of the
// 安全生产法, overrides the grade with a reason (the history says so),
// records an inspection and a 复查通过; a 镇街 (柯桥街道) sees only its own
// entities, registers one and imports a file (the bad rows named first),
// on a desk and on a phone; the 依法治区办 alone re-grades the district.
// 综合查一次: the 市场监管局 plans a visit in the month the 应急管理局
// already visits an entity, is told the two merge into one joint
// inspection, finds the entity with both agencies under 仅看联合检查 in the
// month's 检查计划, and withdraws its own plan.
// No page says an English word.  Screenshots: build/screenshots/grid*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openBrowser, closeBrowser, screenshot, logIn, rawWords } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

// 401s before login are expected, and so are the 400 of the bad import
// and the 409 of a plan made twice
const realErrors = (errors) => errors.filter((e) => !/status of (401|400|409)/.test(e));

// What the page says, checked for English words.  A 统一社会信用代码 is an
// official identifier people read, and one may end in two letters
// ("…648XQ"), which rawWords would take for a word: they are left out.
async function words(page) {
	const text = (await page.locator('.fz-main').innerText()).replace(/[0-9A-HJ-NPQRTUWXY]{18}/g, ' ');
	return rawWords(text, new Set(srv.users.map((u) => u.login)));
}

// A valid 统一社会信用代码 (GB 32100-2015, with the GB 11714 check of the
// embedded 组织机构代码) for 8 digits of body.
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function uscc(body8) {
	const org = [...body8].reduce((s, c, i) => s + Number(c) * [3, 7, 9, 10, 5, 8, 4, 2][i], 0);
	const c9 = 11 - (org % 11);
	const head = '91330603' + body8 + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9));
	const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const sum = [...head].reduce((s, c, i) => s + CHARS.indexOf(c) * W[i], 0);
	return head + CHARS[(31 - (sum % 31)) % 31];
}

// an el-input's own element: the attribute lands on the input or on its wrapper
const field = (t, tag = 'input') => `${tag}[data-test=${t}], [data-test=${t}] ${tag}`;
const gradeOf = (page) => page.locator('[data-test=entity-grade]').innerText();
// the messages of the last actions gone, for a screenshot
async function quiet(page) {
	await page.evaluate(() => ElementPlus.ElMessage.closeAll());
	await page.waitForFunction(() => !document.querySelector('.el-message'));
}

test('an officer grades, a 镇街 keeps its own, the office re-grades', { timeout: 120000 }, async () => {
	const officer = srv.users.find((u) => u.login === 'officer1');
	const town = srv.users.find((u) => u.login === 'town1');
	const office = srv.users.find((u) => u.login === 'office1');

	let b = await openBrowser({ viewport: { width: 1440, height: 1500 } });
	try {
		const { page } = b;
		await logIn(page, srv.url, officer);
		await page.goto(srv.url + '/#/grid');
		await page.locator('[data-test=grid-table] .el-table__row').first().waitFor();
		const card = (g) => page.locator(`[data-test=grid-summary] [data-grade=${g}] .gr-card-value`);
		await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=sum-total]')?.innerText || ''));
		const n = async (g) => Number((await card(g).innerText()).replace(/,/g, ''));
		const all = await n('all'), byGrade = [await n('A'), await n('B'), await n('C'), await n('D')];
		assert.ok(all >= 70000, `total ${all}`);
		assert.equal(byGrade.reduce((a, x) => a + x, 0), all, 'the grades add up to the total');
		assert.ok(byGrade[3] > 0, 'some 重大风险');
		await page.locator('[data-test=grid-chart] canvas').waitFor();
		assert.equal(await page.locator('[data-test=btn-regrade]').count(), 0, 'an officer is offered no 按规则重新评定');
		assert.match(await page.locator('[data-test=export]').getAttribute('href'), /format=xlsx/);
		await screenshot(page, 'grid.png');
		assert.deepEqual(await words(page), []);

		// 重大风险 only: the card filters the list
		await page.click('[data-test=grid-summary] [data-grade=D]');
		await page.waitForFunction(() => {
			const tags = [...document.querySelectorAll('[data-test=grid-table] .el-table__row .gr-tag')];
			return tags.length && tags.every((t) => t.dataset.grade === 'D');
		});
		assert.match(await page.locator('.el-pagination__total').innerText(), new RegExp(String(byGrade[3])));
		assert.match(await page.locator('[data-test=export]').getAttribute('href'), /grade=D/);

		// an entity: the rules that fired, with their citation
		const name = await page.locator('[data-test=grid-table] .el-table__row').first().locator('td').first().innerText();
		await page.locator('[data-test=grid-table] .el-table__row').first().click();
		await page.waitForURL(/#\/grid\?entity=\d+/);
		await page.locator('[data-test=entity-rules] .gr-rule').first().waitFor();
		assert.equal(await page.locator('[data-test=entity-name]').innerText(), name);
		assert.equal(await gradeOf(page), '重大风险');
		const cites = await page.locator('[data-test=rule-cite]').allInnerTexts();
		assert.ok(cites.some((c) => c.includes('《中华人民共和国安全生产法》第')), cites.join(' / '));

		// override to 较大风险: the reason is asked for first
		await page.click('[data-test=override-submit]');
		const oform = page.locator('[data-test=override-form]');
		await oform.locator('.el-form-item__error').nth(1).waitFor();
		assert.deepEqual(await oform.locator('.el-form-item__error').allInnerTexts(),
			['请选择风险等级', '请填写调整理由（至少五个字）']);
		await page.click('[data-test=override-grade]');
		await page.locator('.el-select-dropdown__item:visible', { hasText: '较大风险' }).click();
		const reason = '隐患已现场整改，经复核降为较大风险管控';
		await page.fill(field('override-reason', 'textarea'), reason);
		await page.click('[data-test=override-submit]');
		await page.waitForFunction(() => document.querySelector('[data-test=entity-grade]')?.innerText === '较大风险');
		const first = page.locator('[data-test=entity-history] .el-timeline-item').first();
		assert.match(await first.innerText(), /人工调整/);
		assert.equal(await first.locator('[data-test=history-reason]').innerText(), '理由：' + reason);
		assert.match(await page.locator('[data-test=entity-override]').innerText(), /按规则评定为重大风险/);

		// an inspection, then 复查通过 of the open 重大事故隐患
		const rows = page.locator('[data-test=records-table] .el-table__row');
		const before = await rows.count();
		await page.click('[data-test=btn-record]');
		await page.locator(field('record-hazards')).fill('3');
		await page.keyboard.press('Tab');
		await page.fill(field('record-note', 'textarea'), '消防通道堆放杂物，责令当场清理');
		await page.click('[data-test=record-submit]');
		await rows.filter({ hasText: '消防通道堆放杂物' }).waitFor();
		assert.equal(await rows.count(), before + 1);
		assert.match(await rows.filter({ hasText: '消防通道堆放杂物' }).innerText(), /检查\s+\d{4}-\d\d-\d\d\s+3\s/);
		const open = page.locator('[data-test=btn-rectified]');
		if (await open.count()) {
			const left = await open.count();
			await open.first().click();
			await page.locator('.el-message-box .el-button--primary').click();
			await page.waitForFunction((k) => document.querySelectorAll('[data-test=btn-rectified]').length === k - 1, left);
		}
		await screenshot(page, 'grid-entity.png');
		assert.deepEqual(await words(page), []);

		// back to the list (still 重大风险 only, which it has left): every
		// grade, adjusted ones only
		await page.click('[data-test=back]');
		await page.click('[data-test=grid-summary] [data-grade=all]');
		await page.click('[data-test=f-overridden]');
		await page.locator('[data-test=grid-table] .el-table__row', { hasText: name }).waitFor();
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}

	b = await openBrowser({ viewport: { width: 1440, height: 1200 } });
	try {
		const { page } = b;
		await logIn(page, srv.url, town);
		await page.goto(srv.url + '/#/grid');
		await page.locator('[data-test=grid-table] .el-table__row').first().waitFor();
		const towns = await page.locator('[data-test=grid-table] .el-table__row td:nth-child(3)').allInnerTexts();
		assert.equal(towns.length, 20);
		assert.ok(towns.every((t) => t.startsWith('柯桥街道')), towns.join(' / '));
		assert.equal(await page.locator('[data-test=f-town]').count(), 0, 'one 镇街: no 镇街 filter');
		assert.equal(await page.locator('[data-test=grid-chart]:visible').count(), 0, 'one 镇街: no chart');
		const total = Number((await page.locator('[data-test=sum-total]').innerText()).replace(/,/g, ''));
		assert.ok(total > 1000 && total < 10000, `柯桥街道 has ${total}`);
		await screenshot(page, 'grid-town.png');
		assert.deepEqual(await words(page), []);

		// register one: every missing field at once, then the entity's page
		await page.click('[data-test=btn-add]');
		await page.click('[data-test=add-submit]');
		const aform = page.locator('[data-test=add-form]');
		await aform.locator('.el-form-item__error').nth(3).waitFor();
		const said = await aform.locator('.el-form-item__error').allInnerTexts();
		for (const w of ['请填写统一社会信用代码', '请填写名称', '请填写行业代码', '请填写规模'])
			assert.ok(said.includes(w), `${w} in ${said.join(' / ')}`);
		const code = uscc('77700001');
		await page.fill(field('add-uscc'), code);
		await page.fill(field('add-name'), '绍兴柯桥浏览器测试印染有限公司');
		await page.fill(field('add-industry'), 'C1713');
		await page.locator('[data-test=add-size] .el-radio', { hasText: '中型' }).click();
		await page.locator('[data-test=add-form] .el-checkbox', { hasText: '危险化学品' }).click();
		await page.click('[data-test=add-submit]');
		await page.waitForURL(/#\/grid\?entity=\d+/);
		await page.locator('[data-test=entity-rules] .gr-rule').first().waitFor();
		assert.equal(await page.locator('[data-test=entity-uscc]').innerText(), code);
		assert.equal(await gradeOf(page), '较大风险');  /* 危险化学品: rule C1 */
		await page.click('[data-test=back]');

		// import: a bad row is named with its line, and nothing is written
		await page.click('[data-test=btn-import]');
		const head = '统一社会信用代码,名称,镇街,网格,行业代码,规模,从业人数,风险因素,地址\n';
		const good = `${uscc('77700002')},绍兴柯桥导入测试纺织有限公司,柯桥街道,第1网格,C1711,小型,12,有限空间,\n`;
		const pick = page.locator('[data-test=import-pick] input[type=file]');
		await pick.setInputFiles({ name: '导入.csv', mimeType: 'text/csv',
			buffer: Buffer.from(head + good + '123,坏行,柯桥街道,,C1711,小型,,,\n') });
		await page.locator('[data-test=import-pick]', { hasText: '3 行' }).waitFor();
		await page.click('[data-test=import-submit]');
		await page.locator('[data-test=import-error]').waitFor();
		const bad = await page.locator('[data-test=import-rows] li').allInnerTexts();
		assert.equal(bad.length, 1, await page.locator('[data-test=import-error]').innerText() + ': ' + bad.join(' / '));
		assert.match(bad[0], /^导入\.csv:3: /);
		await pick.setInputFiles({ name: '导入.csv', mimeType: 'text/csv', buffer: Buffer.from(head + good) });
		await page.locator('[data-test=import-pick]', { hasText: '2 行' }).waitFor();
		await page.click('[data-test=import-submit]');
		assert.match(await page.locator('[data-test=import-result]').innerText(), /新增 1 家/);
		await page.keyboard.press('Escape');

		// a phone: cards, no sideways scrolling, the entity's page
		await page.setViewportSize({ width: 390, height: 2000 });
		await page.fill(field('f-q'), '浏览器测试');
		await page.keyboard.press('Enter');
		const cards = page.locator('[data-test=grid-phone-list] li');
		await cards.filter({ hasText: '浏览器测试印染' }).waitFor();
		await page.fill(field('f-q'), '');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.querySelectorAll('[data-test=grid-phone-list] li').length === 20);
		assert.ok((await cards.allInnerTexts()).every((t) => t.includes('柯桥街道')));
		assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the list scrolls sideways');
		await screenshot(page, 'grid-phone.png');
		await cards.first().click();
		await page.locator('[data-test=entity-rules]').waitFor();
		await page.locator('[data-test=records-phone]').waitFor();
		assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the entity scrolls sideways');
		await screenshot(page, 'grid-entity-phone.png');
		assert.deepEqual(await words(page), []);
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}

	// the 依法治区办 re-grades the district (the override above stays)
	b = await openBrowser({ viewport: { width: 1440, height: 900 } });
	try {
		const { page } = b;
		await logIn(page, srv.url, office);
		await page.goto(srv.url + '/#/grid');
		await page.click('[data-test=btn-regrade]');
		await page.locator('.el-message-box .el-button--primary').click();
		const done = page.locator('.el-message-box', { hasText: '重新评定完成' });
		await done.waitFor({ timeout: 30000 });
		assert.match(await done.innerText(), /共评定 [\d,]+ 家/);
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}
});

test('综合查一次: two agencies in one month make one joint inspection', { timeout: 60000 }, async () => {
	const officer = srv.users.find((u) => u.login === 'officer2');
	const b = await openBrowser({ viewport: { width: 1440, height: 1200 } });
	try {
		const { page } = b;
		await logIn(page, srv.url, officer);
		const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
		const monthCn = `${+month.slice(0, 4)}年${+month.slice(5)}月`;
		// an entity the demo's 应急管理局 alone visits this month
		const target = await page.evaluate(async (m) => {
			for (let p = 1; p <= 20; p++) {
				const r = await (await fetch(`/api/v1/grid/plans?month=${m}&per_page=100&page=${p}`)).json();
				const t = r.items.find((i) => i.agencies.length === 1 && i.agencies[0].unit.endsWith('应急管理局'));
				if (t || p * 100 >= r.total) return t || null;
			}
			return null;
		}, month);
		assert.ok(target, 'the demo plans a visit of the 应急管理局 alone this month');

		// the entity's page: the year's visits against the grade's cap
		await page.goto(srv.url + '/#/grid?entity=' + target.entity_id);
		const pform = page.locator('[data-test=plan-form]');
		await pform.waitFor();
		assert.match(await page.locator('[data-test=plan-rule]').innerText(),
			/每年计划检查\d次，上限\d次；投诉举报、转办交办、事故调查等专项检查不计入/);
		assert.equal(await page.locator(field('plan-form-month')).inputValue(), monthCn);
		await page.click('[data-test=plan-submit]');
		await pform.locator('.el-form-item__error', { hasText: '请填写检查事项' }).waitFor();
		await page.click('[data-test=plan-form-reason]');
		await page.locator('.el-select-dropdown__item:visible', { hasText: '计划检查' }).click();
		await page.fill(field('plan-form-items', 'textarea'), '特种设备使用管理和产品质量');
		await page.click('[data-test=plan-submit]');
		const joint = page.locator('[data-test=plan-merged]');
		await joint.waitFor();
		assert.match(await joint.innerText(), /与\S*应急管理局同月检查，合并为一次联合检查（综合查一次）/);
		await quiet(page);
		await screenshot(page, 'grid-plan-entity.png');
		// the same month again: refused at the month
		await page.fill(field('plan-form-items', 'textarea'), '特种设备使用管理');
		await page.click('[data-test=plan-submit]');
		await pform.locator('.el-form-item__error', { hasText: '本单位当月已安排' }).waitFor();
		assert.deepEqual(await words(page), []);

		// the month's plans, joint ones only: the entity with both agencies
		await page.click('[data-test=back]');
		await page.locator('[data-test=grid-views] .el-tabs__item', { hasText: '检查计划' }).click();
		await page.locator('[data-test=plan-table] .el-table__row').first().waitFor();
		assert.equal(await page.locator(field('plan-month')).inputValue(), monthCn);
		const fig = async (k) => Number((await page.locator(`[data-test=fig-${k}]`).innerText()).replace(/,/g, ''));
		const all = await page.locator('.el-pagination__total:visible').innerText();
		await page.click('[data-test=plan-joint]');
		await page.waitForFunction((t) => document.querySelector('[data-test=plan-list] .el-pagination__total')?.innerText !== t, all);
		const tags = await page.locator('[data-test=plan-table] .el-table__row').evaluateAll((rows) =>
			rows.map((r) => !!r.querySelector('[data-test=joint-tag]')));
		assert.ok(tags.length && tags.every(Boolean), 'only joint inspections');
		assert.equal(await fig('plans') - await fig('visits'), await fig('saved'));
		assert.ok(await fig('saved') > 0);
		await quiet(page);
		await screenshot(page, 'grid-plans.png');
		assert.deepEqual(await words(page), []);
		await page.fill(field('f-q'), target.name);
		await page.keyboard.press('Enter');
		const row = page.locator('[data-test=plan-table] .el-table__row', { hasText: target.name });
		await row.waitFor();
		const text = await row.innerText();
		assert.match(text, /应急管理局/);
		assert.match(text, /市场监督管理局[\s\S]*特种设备使用管理和产品质量/);
		assert.match(text, /联合检查/);
		assert.match(text, /入企 \d+ 次 \/ 上限 \d+ 次/);
		// officer2 withdraws the 市场监管局's plan, not the 应急管理局's
		const cancel = row.locator('[data-test=plan-cancel]');
		assert.equal(await cancel.count(), 1);
		await cancel.click();
		await page.locator('.el-message-box .el-button--primary').click();
		await row.waitFor({ state: 'detached' });

		// a phone: cards, no sideways scrolling
		await page.fill(field('f-q'), '');
		await page.keyboard.press('Enter');
		await page.setViewportSize({ width: 390, height: 1600 });
		const cards = page.locator('[data-test=plan-phone-list] li');
		await cards.first().waitFor();
		await page.waitForFunction(() => document.querySelectorAll('[data-test=plan-phone-list] li').length > 1);
		assert.match(await cards.first().innerText(), /联合检查/);
		assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the plans scroll sideways');
		await quiet(page);
		await screenshot(page, 'grid-plans-phone.png');
		assert.deepEqual(await words(page), []);
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}
});
