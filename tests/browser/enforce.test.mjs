// enforce.test.mjs - the enforcement pages in a real browser on the demo
// district: the public 行政行为码 page on a 390×844 phone (valid code,
// rating once, a forged code's warning, legal basis linked to 一键找法),
// the case list with lights, a case page with its timeline and documents,
// a 两法衔接 warning on a case, the discretion calculator, 立案 from the
// list (the server's errors at the field), 撤销 of a code, and 评查: the
// office scores a closed file, the agency closes the finding, results per
// agency and officer.  Screenshots: build/screenshots/enforce-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startServer, openBrowser, closeBrowser, screenshot, ROOT, secondStep } from './server.mjs';

let srv, api;

// A valid 统一社会信用代码 (GB 32100 with a GB 11714 organisation code).
function uscc(n) {
	const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const ow = [3, 7, 9, 10, 5, 8, 4, 2];
	let body = '91330621' + String(40000000 + n);
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += Number(body[8 + i]) * ow[i];
	const c = 11 - (sum % 11);
	body += c === 10 ? 'X' : c === 11 ? '0' : String(c);
	sum = 0;
	for (let i = 0; i < 17; i++) sum += cs.indexOf(body[i]) * w[i];
	return body + cs[(31 - (sum % 31)) % 31];
}
const daysAgo = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

// /me before login answers 401, which chromium logs; anything else (a CSP
// violation above all) fails the test.
const realErrors = (errors) => errors.filter((e) =>
	!/status of 401/.test(e));

async function apiLogin(login, password) {
	const r = await fetch(srv.url + '/api/v1/login', {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ login, password }),
	});
	assert.equal(r.status, 200);
	const cookie = /fz_session=([^;]+)/.exec(r.headers.get('set-cookie'))[1];
	return (path) => fetch(srv.url + path, { headers: { cookie: 'fz_session=' + cookie } }).then((x) => x.json());
}

before(async () => {
	srv = await startServer();
	const off = srv.users.find((u) => u.login === 'officer2');
	api = await apiLogin(off.login, off.password);
}, { timeout: 60000 });

after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

async function login(page, who) {
	const u = srv.users.find((x) => x.login === who);
	await page.goto(srv.url + '/');
	await page.waitForSelector('.fz-login-card');
	await page.fill('input[name=login]', u.login);
	await page.fill('input[name=password]', u.password);
	await page.click('.fz-login-btn');
	await secondStep(page, u);
	await page.waitForURL(/#\/(home|$)/);
}

// A decided penalty case of the demo with an unrated code.
async function decidedCase() {
	const list = await api('/api/v1/enforce/cases?type=penalty&state=closed&per_page=50');
	for (const it of list.items) {
		const c = await api('/api/v1/enforce/cases/' + it.id);
		const code = c.codes.find((k) => !k.rating && !k.revoked);
		if (code) return { c, code };
	}
	throw new Error('no decided demo case with an unrated code');
}

test('the code page on a phone: verifies, rates once; a forged code warns', { timeout: 90000 }, async () => {
	const { c, code } = await decidedCase();
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	try {
		await page.goto(srv.url + '/v/' + code.token);
		await page.locator('[data-test=code-valid]').waitFor();
		assert.equal(await page.locator('[data-test=agency]').innerText(), c.agency);
		const body = await page.locator('body').innerText();
		for (const o of c.officers) assert.ok(body.includes(o.cert), `执法证号 ${o.cert} shown`);
		assert.ok(body.includes(c.number));
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 390, `no horizontal scroll (${width})`);
		// the legal basis links to the law search's article page
		const cites = await page.locator('a[data-test=cite]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		assert.ok(cites.length >= 1, 'basis linked');
		for (const h of cites) assert.match(h, /^\/laws\/#\/cite\?q=[^&]+%20%E7%AC%AC/);
		await screenshot(page, 'enforce-code-phone.png');
		await page.click('[data-test="rate-满意"]');
		await page.fill('textarea', '执法人员出示证件，告知清楚');
		await page.click('[data-test=rate-submit]');
		await page.locator('[data-test=rated]').waitFor();
		await page.reload();
		await page.locator('[data-test=rated]').waitFor();
		await screenshot(page, 'enforce-code-rated.png');

		const t = code.token;
		const forged = t.slice(0, 40) + (t[40] === 'A' ? 'B' : 'A') + t.slice(41);
		await page.goto(srv.url + '/v/' + forged);
		await page.locator('[data-test=code-invalid]').waitFor();
		assert.equal(await page.locator('[data-test=code-valid]').count(), 0);
		assert.equal(await page.locator('[data-test=agency]').count(), 0);
		await screenshot(page, 'enforce-code-forged.png');
		assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});

test('case list with lights, a case page with timeline, a 两法衔接 warning', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'officer2');
		await page.goto(srv.url + '/#/enforce');
		const list = page.locator('[data-test=case-list]');
		await list.waitFor();
		await page.locator('[data-test=case-list] .el-table__row').first().waitFor();
		await screenshot(page, 'enforce-list.png');
		const { c } = await decidedCase();
		await page.goto(srv.url + '/#/enforce?id=' + c.id);
		await page.locator('[data-test=case-page]').waitFor();
		const tl = await page.locator('[data-test=timeline]').innerText();
		assert.ok(tl.includes('作出行政处罚决定') || tl.includes('当场作出处罚决定'), tl);
		await page.locator('[data-test=documents]').waitFor();
		await screenshot(page, 'enforce-case.png');
		// a case whose warning is still open
		const flagged = await api('/api/v1/enforce/cases?type=penalty&per_page=200&open=1');
		const w = flagged.items.find((x) => x.open_flags > 0);
		if (w) {
			await page.goto(srv.url + '/#/enforce?id=' + w.id);
			await page.locator('[data-test=transfer-warning]').first().waitFor();
			assert.match(await page.locator('[data-test=transfer-warning]').first().innerText(), /涉嫌犯罪，应当移送/);
			await screenshot(page, 'enforce-warning.png');
		}
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('the discretion calculator explains its row in words, asks only what the violation needs, and puts 首违不罚 first', { timeout: 60000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'officer2');
		await page.goto(srv.url + '/#/discretion');
		await page.click('[data-test=calc-violation]');
		/* violations by name under their benchmark, no internal code */
		const options = await page.locator('.el-select-dropdown__item').allInnerTexts();
		assert.ok(options.length >= 5);
		for (const o of options) assert.doesNotMatch(o, /[A-Z]{2}-[A-Z]{2}-\d+/, o);
		await page.locator('.el-select-dropdown__item', { hasText: '销售不符合保障人体健康' }).click();
		/* the product-quality rows read 货值金额, not 总投资额 nor 超标倍数 */
		await page.locator('input[data-test=calc-货值金额]').waitFor();
		assert.equal(await page.locator('input[data-test=calc-总投资额]').count(), 0);
		assert.equal(await page.locator('.el-form-item:has-text("超标倍数")').count(), 0);
		/* a word where an amount belongs: said at the field, nothing computed */
		await page.fill('input[data-test=calc-货值金额]', 'abc');
		await page.click('[data-test=calc-go]');
		await page.locator('.el-form-item__error', { hasText: '请填写金额' }).waitFor();
		assert.equal(await page.locator('[data-test=calc-result]').count(), 0);

		await page.fill('input[data-test=calc-货值金额]', '5000');
		await page.click('[data-test=calc-go]');
		const r = page.locator('[data-test=calc-result]');
		await r.waitFor();
		let text = await r.innerText();
		assert.match(text, /建议罚款：5,000\.00 元 – 8,000\.00 元/);
		assert.match(text, /《柯桥区市场监督管理裁量基准》第2项/);
		assert.doesNotMatch(text, /csv|第\d+行/);
		assert.equal(await r.locator('[data-test=calc-basis] a[data-test=cite]').getAttribute('href'),
			'/laws/#/cite?q=' + encodeURIComponent('产品质量法 第四十九条'));
		await screenshot(page, 'enforce-calc.png');

		/* first offence, small, corrected: not a fine first */
		await page.fill('input[data-test=calc-货值金额]', '500');
		await page.locator('.el-checkbox', { hasText: '首次违法' }).click();
		await page.locator('.el-checkbox', { hasText: '及时改正' }).click();
		await page.click('[data-test=calc-go]');
		await page.locator('[data-test=calc-result] .el-result__title', { hasText: '可不予行政处罚（首违不罚）' }).waitFor();
		text = await r.innerText();
		assert.ok(text.indexOf('首违不罚') < text.indexOf('罚款') || !/建议罚款/.test(text.split('\n')[0]));
		await screenshot(page, 'enforce-calc-no-penalty.png');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

// An el-form-item's error text, found by the data-test of its input.
const fieldError = (page, dt) => page.locator(`.el-form-item:has([data-test=${dt}]) .el-form-item__error`);

// An el-date-picker's input, found by its form item's label.
async function pickDate(page, label, value) {
	const input = page.locator('.el-form-item', { hasText: label }).locator('input').first();
	await input.click();
	await input.fill(value);
	await input.press('Enter');
}

test('立案 from the list: the server\'s errors at the field, then the case page with linked basis', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'officer2');
		await page.goto(srv.url + '/#/enforce');
		await page.click('[data-test=btn-open-case]');
		const form = page.locator('[data-test=open-form]');
		await form.waitFor();
		// an empty form: every missing field said at once, at its field, nothing sent
		const sent = [];
		const onReq = (r) => { if (r.method() === 'POST' && r.url().includes('/enforce/cases')) sent.push(r.url()); };
		page.on('request', onReq);
		await page.click('[data-test=open-submit]');
		await fieldError(page, 'open-officers').waitFor();
		const shown = await form.locator('.el-form-item__error').allInnerTexts();
		for (const w of ['请填写案由', '请填写单位名称', '请填写统一社会信用代码', '请填写住所（地址）', '请选择违法行为', '请选择违法行为日期'])
			assert.ok(shown.includes(w), `${w} in ${shown.join(' / ')}`);
		assert.match(await fieldError(page, 'open-officers').innerText(), /不得少于两人/);
		assert.deepEqual(sent, []);
		page.off('request', onReq);
		await page.fill('input[data-test=open-title]', '销售不合格电热毯案');
		await page.fill('input[data-test=open-party-name]', '绍兴浏览器测试电器有限公司');
		await page.fill('input[data-test=open-party-id]', '913306211234567890');
		await page.fill('input[data-test=open-party-address]', '柯桥区测试路8号');
		await page.click('[data-test=open-violation]');
		await page.locator('.el-select-dropdown__item:visible', { hasText: 'SJ-CP-49' }).click();
		await page.fill('input[data-test=open-货值金额]', '5000');
		await page.click('[data-test=open-officers]');
		const opts = page.locator('.enf-officers-pop .el-select-dropdown__item');
		await opts.nth(0).click();
		await opts.nth(1).click();
		await page.keyboard.press('Escape');
		await pickDate(page, '违法行为日期', daysAgo(30));
		await page.click('[data-test=open-submit]');
		// the 信用代码's check character is wrong: the server says so at the field
		const e = fieldError(page, 'open-party-id');
		await e.waitFor();
		assert.match(await e.innerText(), /统一社会信用代码/);
		await screenshot(page, 'enforce-open-error.png');
		await page.fill('input[data-test=open-party-id]', uscc(1));
		await page.click('[data-test=open-submit]');
		await page.waitForURL(/#\/enforce\?id=\d+/);
		await page.locator('[data-test=case-page]').waitFor();
		assert.match(await page.locator('.fz-case-title').innerText(), /柯市监罚〔\d{4}〕\d+号 · 销售不合格电热毯案/);
		const basis = page.locator('[data-test=basis] a[data-test=cite]');
		assert.equal(await basis.getAttribute('href'), '/laws/#/cite?q=' + encodeURIComponent('产品质量法 第四十九条'));
		await screenshot(page, 'enforce-case-new.png');
		// officers of the unit, and a new one
		await page.goto(srv.url + '/#/enforce');
		await page.click('[data-test=btn-officers]');
		await page.locator('[data-test=officer-list] .el-table__row').first().waitFor();
		await page.fill('input[data-test=officer-name]', '周测试');
		await page.fill('input[data-test=officer-cert]', 'x');
		await page.click('[data-test=officer-add]');
		await fieldError(page, 'officer-cert').waitFor();
		await page.fill('input[data-test=officer-cert]', '浙A0099001');
		await page.click('[data-test=officer-add]');
		await page.locator('[data-test=officer-list] .el-table__row', { hasText: '浙A0099001' }).waitFor();
		await screenshot(page, 'enforce-officers.png');
		assert.deepEqual(realErrors(errors).filter((x) => !/status of 400/.test(x)), []);
	} finally {
		await closeBrowser(context);
	}
});

test('撤销 of a code from the case page needs a reason', { timeout: 60000 }, async () => {
	// a closed demo case whose code was rated (the phone test wants unrated ones)
	const list = await api('/api/v1/enforce/cases?type=penalty&state=closed&per_page=50');
	let c = null;
	for (const it of list.items) {
		const x = await api('/api/v1/enforce/cases/' + it.id);
		if (x.codes.some((k) => k.rating && !k.revoked)) { c = x; break; }
	}
	assert.ok(c, 'a closed case with a rated code');
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'officer2');
		await page.goto(srv.url + '/#/enforce?id=' + c.id);
		await page.locator('[data-test=case-page]').waitFor();
		await page.locator('[data-test=code-revoke]').first().click();
		await page.click('[data-test=revoke-submit]');
		await fieldError(page, 'revoke-reason').waitFor();
		assert.match(await fieldError(page, 'revoke-reason').innerText(), /理由/);
		await page.fill('textarea[data-test=revoke-reason]', '决定书送达地址有误，已重新作出');
		await page.click('[data-test=revoke-submit]');
		await page.locator('[data-test=code-revoked]').first().waitFor();
		await screenshot(page, 'enforce-revoke.png');
		const x = await api('/api/v1/enforce/cases/' + c.id);
		assert.ok(x.codes.some((k) => k.revoked === '决定书送达地址有误，已重新作出'));
		assert.deepEqual(realErrors(errors).filter((e) => !/status of 400/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});

function fazhiImport(db) {
	return new Promise((ok, fail) => execFile(join(ROOT, process.env.FAZHI_BIN || 'fazhi'),
		['import', 'laws', join(ROOT, 'data', 'laws', 'sample.jsonl'), '--db', db],
		{ timeout: 60000 }, (e, out, err) => (e ? fail(new Error(err || e.message)) : ok(out))));
}

test('评查: the office scores a closed file, the agency closes the finding, results per agency and officer', { timeout: 120000 }, async () => {
	// a closed file of officer2's unit nobody has reviewed yet
	const list = await api('/api/v1/enforce/cases?type=penalty&state=closed&per_page=50');
	let c = null;
	for (const it of list.items) {
		const x = await api('/api/v1/enforce/cases/' + it.id);
		if (!x.reviews.length) { c = x; break; }
	}
	assert.ok(c, 'an unreviewed closed case');
	let b = await openBrowser();
	try {
		await login(b.page, 'office1');
		await b.page.goto(srv.url + '/#/enforce?id=' + c.id);
		await b.page.click('[data-test=btn-review]');
		const facts = b.page.locator('[data-test=score-facts] input');
		await facts.fill('14');
		await facts.press('Tab');
		await b.page.fill('input[data-test=note-facts]', '询问笔录未由当事人逐页签名');
		await screenshot(b.page, 'enforce-review-dialog.png');
		await b.page.click('[data-test=review-submit]');
		const rev = b.page.locator('[data-test=review]');
		await rev.waitFor();
		assert.match(await rev.innerText(), /94[\s\S]*询问笔录未由当事人逐页签名[\s\S]*待整改/);
		await rev.scrollIntoViewIfNeeded();
		await screenshot(b.page, 'enforce-review.png');
		await b.page.goto(srv.url + '/#/enforce-supervision');
		await b.page.locator('.el-tabs__item', { hasText: '案卷评查' }).first().click();
		await b.page.locator('[data-test=review-agencies] .el-table__row', { hasText: c.agency }).waitFor();
		await screenshot(b.page, 'enforce-sup-reviews.png');
		await b.page.locator('.el-tabs__item', { hasText: '按执法人员' }).click();
		await b.page.locator('[data-test=review-officers] .el-table__row').first().waitFor();
		await screenshot(b.page, 'enforce-sup-officers.png');
		// a checklist basis opens the article in 一键找法 (the sample corpus
		// holds 行政处罚法)
		await fazhiImport(join(srv.dir, 'fazhi.db'));
		await b.page.goto(srv.url + '/laws/#/cite?q=' + encodeURIComponent('行政处罚法 第三十六条'));
		await b.page.waitForURL(/#\/law\/[0-9a-f]{16}\/art\/36$/);
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}
	b = await openBrowser();
	try {
		await login(b.page, 'officer2');
		await b.page.goto(srv.url + '/#/enforce');
		await b.page.locator('.el-tabs__item', { hasText: '评查问题' }).click();
		const row = b.page.locator('[data-test=findings] .el-table__row', { hasText: '询问笔录未由当事人逐页签名' });
		await row.waitFor();
		await row.locator('[data-test=finding-close]').click();
		await b.page.click('[data-test=finding-submit]');
		await fieldError(b.page, 'finding-response').waitFor();
		await b.page.fill('textarea[data-test=finding-response]', '已组织承办人员补正笔录并专题学习取证规范');
		await b.page.click('[data-test=finding-submit]');
		await row.waitFor({ state: 'detached' });
		await b.page.goto(srv.url + '/#/enforce?id=' + c.id);
		const rev = b.page.locator('[data-test=review]');
		await rev.waitFor();
		assert.match(await rev.innerText(), /已销号[\s\S]*已组织承办人员补正笔录/);
		await rev.scrollIntoViewIfNeeded();
		await screenshot(b.page, 'enforce-finding-closed.png');
		assert.deepEqual(realErrors(b.errors).filter((e) => !/status of 400/.test(e)), []);
	} finally {
		await closeBrowser(b.context);
	}
});

test('评查问题 come a page of 20 at a time, naming reviewers by name', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'office1');
		await page.goto(srv.url + '/#/enforce-supervision');
		await page.getByRole('tab', { name: '案卷评查' }).click();
		await page.getByRole('tab', { name: '评查问题' }).click();
		await page.getByText('全部', { exact: true }).click();
		const rows = page.locator('[data-test=findings] .el-table__body-wrapper .el-table__row');
		await rows.first().waitFor();
		const all = await page.evaluate(async () => (await (await fetch('/api/v1/enforce/findings?status=')).json()).items.length);
		assert.ok(all > 20, `${all} findings in the demo`);
		assert.equal(await rows.count(), 20);
		await page.locator('[data-test=findings-pager]').waitFor();
		const text = await page.locator('[data-test=findings]').innerText();
		assert.doesNotMatch(text, /\b[a-z]+\d*\b/, 'a login on the page');
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});

test('a step\'s date starts at today', { timeout: 90000 }, async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await login(page, 'officer1');
		const id = await page.evaluate(async () => {
			const l = await (await fetch('/api/v1/enforce/cases?type=penalty&open=1&per_page=50')).json();
			for (const it of l.items) {
				const c = await (await fetch('/api/v1/enforce/cases/' + it.id)).json();
				if ((c.actions || []).some((a) => a.key !== 'transfer')) return it.id;
			}
			return null;
		});
		assert.ok(id, 'an open case with a step to take');
		await page.goto(srv.url + '/#/enforce?id=' + id);
		await page.locator('[data-test^=act-]').first().click();
		const d = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
		await page.locator('.el-dialog .el-date-editor input').first().waitFor();
		assert.equal(await page.locator('.el-dialog .el-date-editor input').last().inputValue(), d);
		assert.deepEqual(realErrors(errors), []);
	} finally {
		await closeBrowser(context);
	}
});
