// kitchen.test.mjs - 阳光厨房 in headless chromium on the demo district
// (201 canteens and elderly homes, a year of camera alerts, some open and
// late).  The 市场监管局 (officer2) sees every town's alerts, the late ones
// marked with whom they are escalated to; registers a canteen in 柯桥街道
// (every missing field at once, then the server's refusal of a name the
// town already has, at the name); adds a camera system and is shown its
// token once, with how to post; the token then posts an alert, which the
// site's page shows; a second system is stopped and its token refused;
// the list counts 1 接入; 统计 gives the figures per 镇街 matching the API.
// A 镇街 (town1, 柯桥街道) sees only its own alerts and handles one: the
// server refuses it without a photo, in Chinese at the photo; with a PNG
// and a note it is 已整改, and shows its photo and note; on a phone,
// another is handled as 误报 through the camera input.
// No page says an English word (the token dialog is the one place a
// token and field names may show).  Screenshots: build/screenshots/kitchen*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startServer, openBrowser, closeBrowser, screenshot, logIn, rawWords } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

// 401s before login and of the stopped token are expected, and so are the
// 400 of a handling without a photo and the 409 of a name registered twice
const realErrors = (errors) => errors.filter((e) => !/status of (401|400|409)/.test(e));
const words = async (page) => rawWords(await page.locator('.fz-main').innerText(), new Set(srv.users.map((u) => u.login)));
// an el-input's own element: the attribute lands on the input or on its wrapper
const field = (t, tag = 'input') => `${tag}[data-test=${t}], [data-test=${t}] ${tag}`;
const pick = async (page, sel, text) => {
	await page.click(sel);
	await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
};
async function quiet(page) {
	await page.evaluate(() => ElementPlus.ElMessage.closeAll());
	await page.waitForFunction(() => !document.querySelector('.el-message'));
}
const noSideways = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

// A PNG of w×h pixels (a pale green, striped), as a phone's photo would be
// a JPEG; the server takes either by its bytes.
const CRC = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf) {
	let c = ~0;
	for (const x of buf) c = CRC[(c ^ x) & 255] ^ (c >>> 8);
	return ~c >>> 0;
}
function chunk(type, data) {
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const out = Buffer.alloc(td.length + 8);
	out.writeUInt32BE(data.length, 0);
	td.copy(out, 4);
	out.writeUInt32BE(crc32(td), td.length + 4);
	return out;
}
function png(w, h) {
	const head = Buffer.alloc(13);
	head.writeUInt32BE(w, 0);
	head.writeUInt32BE(h, 4);
	head[8] = 8; // bits per sample
	head[9] = 2; // RGB
	const raw = Buffer.alloc((w * 3 + 1) * h);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const o = y * (w * 3 + 1) + 1 + x * 3;
			raw[o] = 150 + (y % 40);
			raw[o + 1] = 210;
			raw[o + 2] = (x >> 4) % 2 ? 160 : 190;
		}
	return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', head),
		chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// What a camera system posts (docs/kitchen.md): no session, its token.
function postEvent(page, token, body) {
	return page.evaluate(async ([t, b]) => {
		const r = await fetch('/api/v1/kitchen/events', { method: 'POST', credentials: 'omit',
			headers: { 'Content-Type': 'application/json', 'X-Source-Token': t }, body: JSON.stringify(b) });
		return { status: r.status, body: await r.json() };
	}, [token, body]);
}
const event = (id, type) => ({ event_id: id, type, time: new Date(Date.now() - 60000).toISOString(), camera: '后厨2号摄像头' });

test('the 市场监管局 registers a canteen, connects its cameras and reads the figures', { timeout: 120000 }, async () => {
	const officer = srv.users.find((u) => u.login === 'officer2');
	const b = await openBrowser({ viewport: { width: 1440, height: 1400 } });
	try {
		const { page } = b;
		await logIn(page, srv.url, officer);
		await page.click('[data-test=nav] .el-menu-item:has-text("阳光厨房")');
		await page.waitForURL(/#\/kitchen$/);
		const rows = page.locator('[data-test=alerts-table] .el-table__row');
		await rows.first().waitFor();
		const api = await page.evaluate(async () => {
			const n = async (q) => (await (await fetch('/api/v1/kitchen/alerts?per_page=1' + q)).json()).total;
			return { all: await n(''), open: await n('&state=open'), late: await n('&state=late') };
		});
		const card = (k) => page.locator(`[data-test=alert-cards] [data-state=${k}] .kc-card-value`);
		await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=alert-cards] [data-state=late] .kc-card-value')?.innerText || ''));
		const n = async (k) => Number((await card(k).innerText()).replace(/,/g, ''));
		assert.ok(api.all > 3000, `alerts ${api.all}`);
		assert.deepEqual([await n('all'), await n('open'), await n('late')], [api.all, api.open, api.late]);
		assert.ok(api.late > 0, 'the demo has late alerts');
		// every 镇街: the list holds more than one
		const towns = new Set(await rows.locator('td:nth-child(2)').allInnerTexts());
		assert.ok(towns.size > 1, [...towns].join(' / '));

		// 已超时: each with its red tag and whom it is escalated to
		await page.click('[data-test=alert-cards] [data-state=late]');
		await page.waitForFunction((k) => document.querySelectorAll('[data-test=alerts-table] [data-test=level]').length === Math.min(k, 20), api.late);
		const levels = await rows.locator('[data-test=level]').allInnerTexts();
		assert.equal(levels.length, await rows.count());
		assert.ok(levels.every((t) => /^(超时\s*已督办至镇街和市场监管所|严重超时\s*已督办至区市场监管局)$/.test(t.trim())), levels.join(' / '));
		assert.match(await page.locator('.el-pagination__total:visible').innerText(), new RegExp(String(api.late)));
		await screenshot(page, 'kitchen.png');
		assert.deepEqual(await words(page), []);

		// 登记单位: every missing field at once, then the server's word on a
		// name 柯桥街道 already has, at the name
		await page.click('[data-test=btn-add]');
		await page.click('[data-test=add-submit]');
		const aform = page.locator('[data-test=add-form]');
		await aform.locator('.el-form-item__error').nth(2).waitFor();
		assert.deepEqual(await aform.locator('.el-form-item__error').allInnerTexts(), ['请填写名称', '请选择类别', '请选择所属镇街']);
		await page.fill(field('add-name'), '柯桥区柯桥中心小学食堂');
		await pick(page, '[data-test=add-kind]', '学校食堂');
		await pick(page, '[data-test=add-town]', '柯桥街道');
		await page.click('[data-test=add-submit]');
		await aform.locator('.el-form-item__error', { hasText: '本镇街已登记同名单位' }).waitFor();
		const name = '柯桥区浏览器测试实验小学食堂';
		await page.fill(field('add-name'), name);
		await page.fill(field('add-diners'), '860');
		await page.fill(field('add-cameras'), '4');
		await page.fill(field('add-address'), '柯桥街道笛扬路1号');
		await page.click('[data-test=add-submit]');
		await page.waitForURL(/#\/kitchen\?site=\d+/);
		await page.locator('[data-test=site-info]').waitFor();
		assert.equal(await page.locator('[data-test=site-name]').innerText(), name);
		assert.match(await page.locator('[data-test=site-info]').innerText(), /学校食堂[\s\S]*柯桥街道[\s\S]*860 人[\s\S]*4 个[\s\S]*0 个/);
		await page.locator('[data-test=no-source]').waitFor();

		// 新增接入: the token, once, with how to post
		await page.click('[data-test=btn-source]');
		assert.equal(await page.locator(field('source-name')).inputValue(), '后厨智能摄像系统');
		await page.click('[data-test=source-submit]');
		const tokenBox = page.locator(field('token'));
		await tokenBox.waitFor();
		const token = await tokenBox.inputValue();
		assert.match(token, /^fzk_[0-9a-f]{64}$/);
		const dlg = page.locator('.el-dialog', { has: tokenBox });
		const how = await dlg.innerText();
		assert.match(how, /只显示这一次/);
		assert.match(how, /\/api\/v1\/kitchen\/events/);
		assert.match(how, /X-Source-Token/);
		for (const f of ['event_id', 'type', 'time', 'camera']) assert.ok(how.includes(f), f);
		assert.equal(await dlg.locator('[data-test=token-types] .el-table__row').count(), 9);
		await page.locator('[data-test=token-types] .el-table__row', { hasText: 'no_mask' }).waitFor();
		await page.click('[data-test=token-copy]');
		await page.locator('.el-message', { hasText: '复制' }).waitFor();
		await quiet(page);
		await screenshot(page, 'kitchen-token.png');
		await page.click('[data-test=token-close]');
		await dlg.waitFor({ state: 'hidden' });
		const shown = () => page.evaluate((t) => document.body.innerText.includes(t) ||
			[...document.querySelectorAll('input, textarea')].some((i) => i.value.includes(t)), token);
		assert.equal(await shown(), false, 'the token is gone with its dialog');
		const sources = page.locator('[data-test=sources-table] .el-table__row');
		await sources.first().waitFor();
		assert.equal(await sources.count(), 1);
		assert.equal(await sources.first().locator('[data-test=source-state]').innerText(), '在用');
		assert.equal(await page.locator('[data-test=site-sources]').innerText(), '1 个');

		// the camera system posts with it: a new alert, then the same event again
		const ev = event('BROWSER-TEST-1', 'rodent');
		let r = await postEvent(page, token, ev);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		r = await postEvent(page, token, ev);
		assert.equal(r.status, 200);
		assert.equal(r.body.duplicate, true);
		await page.reload();
		await page.locator('[data-test=site-alerts] li', { hasText: '发现老鼠' }).waitFor();
		assert.match(await page.locator('[data-test=site-alerts]').innerText(), /发现老鼠[\s\S]*待处置/);
		assert.notEqual(await page.locator('[data-test=source-last]').first().innerText(), '暂无');
		assert.equal(await shown(), false, 'a reload shows no token');

		// a second system, stopped: its token is refused
		await page.click('[data-test=btn-source]');
		await page.fill(field('source-name'), '备用摄像系统');
		await page.click('[data-test=source-submit]');
		await tokenBox.waitFor();
		const token2 = await tokenBox.inputValue();
		assert.notEqual(token2, token);
		await page.click('[data-test=token-close]');
		await dlg.waitFor({ state: 'hidden' });
		await sources.nth(1).waitFor();
		await sources.nth(1).locator('[data-test=source-revoke]').click();
		await page.locator('.el-message-box .el-button--primary').click();
		await page.waitForFunction(() => document.querySelectorAll('[data-test=sources-table] [data-test=source-state]')[1]?.innerText === '已停用');
		assert.equal((await postEvent(page, token2, event('BROWSER-TEST-2', 'no_mask'))).status, 401);
		assert.equal(await page.locator('[data-test=site-sources]').innerText(), '1 个');
		await quiet(page);
		await screenshot(page, 'kitchen-site.png');
		assert.deepEqual(await words(page), []);

		// the list: the site with its one 接入
		await page.click('[data-test=back]');
		await page.locator('[data-test=kitchen-views] .el-tabs__item', { hasText: '食堂与养老机构' }).click();
		await page.fill(field('f-q'), '浏览器测试');
		await page.keyboard.press('Enter');
		const site = page.locator('[data-test=sites-table] .el-table__row', { hasText: name });
		await site.waitFor();
		// the unfiltered page may still be showing (the new site is on it too):
		// wait for the search's answer
		await page.waitForFunction(() => document.querySelectorAll('[data-test=sites-table] .el-table__row').length === 1);
		assert.equal(await page.locator('[data-test=sites-table] .el-table__row').count(), 1);
		assert.equal(await site.locator('[data-test=site-sources]').innerText(), '1 个');
		assert.match(await site.innerText(), /1 条/);

		// 统计: per 镇街, as the API counts them
		await page.locator('[data-test=kitchen-views] .el-tabs__item', { hasText: '统计' }).click();
		const sum = await page.evaluate(async () => (await fetch('/api/v1/kitchen/summary')).json());
		const trows = page.locator('[data-test=towns-table] .el-table__row');
		await trows.nth(sum.towns.length).waitFor();
		assert.equal(await trows.count(), sum.towns.length + 1, 'each 镇街 and the total');
		assert.ok(sum.towns.length >= 16);
		const kq = sum.towns.find((t) => t.town === '柯桥街道');
		const cells = await trows.filter({ hasText: '柯桥街道' }).locator('td').allInnerTexts();
		const pct = (a, d) => (d ? (a * 100 / d).toFixed(1) + '%' : '—');
		assert.deepEqual(cells.map((c) => c.trim()), ['柯桥街道', String(kq.sites), pct(kq.covered, kq.sites),
			kq.alerts.toLocaleString('zh-CN'), pct(kq.handled, kq.alerts), pct(kq.ontime, kq.handled + kq.late),
			String(kq.open), String(kq.late)]);
		assert.ok(kq.open >= 1, 'the alert just posted is open');
		assert.match(await trows.last().innerText(), new RegExp(`^合计\\s+${sum.total.sites}\\s`));
		assert.equal(await page.locator('[data-test=fig-sites]').innerText(), String(sum.total.sites));
		assert.equal(await page.locator('[data-test=fig-open]').innerText(), String(sum.total.open));
		assert.equal(await page.locator('[data-test=types-list] li').count(), Object.keys(sum.types).length);
		await page.locator('[data-test=fig-chart] canvas').waitFor();
		await page.waitForTimeout(300);
		await screenshot(page, 'kitchen-figures.png');
		assert.deepEqual(await words(page), []);

		// a phone: figures and the alerts as cards, nothing sideways
		await page.setViewportSize({ width: 390, height: 2400 });
		await page.waitForFunction(() => document.querySelectorAll('[data-test=towns-phone-list] li').length > 16);
		assert.ok(await noSideways(page), 'the figures scroll sideways');
		await page.waitForTimeout(300);
		await screenshot(page, 'kitchen-figures-phone.png');
		await page.locator('[data-test=kitchen-views] .el-tabs__item', { hasText: '预警处置' }).click();
		const cards = page.locator('[data-test=alerts-phone-list] li');
		await cards.first().waitFor();
		assert.match(await cards.first().innerText(), /督办至/);
		assert.ok(await noSideways(page), 'the alerts scroll sideways');
		await page.setViewportSize({ width: 390, height: 844 });
		await screenshot(page, 'kitchen-phone.png');
		assert.deepEqual(await words(page), []);
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
	}
});

test('a 镇街 handles its own alerts with a photo', { timeout: 120000 }, async () => {
	const town = srv.users.find((u) => u.login === 'town1');
	const dir = await mkdtemp(join(tmpdir(), 'fazhi-kitchen-'));
	const photo = join(dir, '整改照片.png');
	await writeFile(photo, png(160, 120));
	const b = await openBrowser({ viewport: { width: 1440, height: 1200 } });
	try {
		const { page } = b;
		await logIn(page, srv.url, town);
		// two fresh alerts at one of 柯桥街道's canteens, from a camera
		// system the 镇街 connects through the API
		const { site, me, token } = await page.evaluate(async () => {
			const me = await (await fetch('/api/v1/me')).json();
			const site = (await (await fetch('/api/v1/kitchen/sites?per_page=1')).json()).items[0];
			const r = await fetch(`/api/v1/kitchen/sites/${site.id}/sources`, { method: 'POST',
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: JSON.stringify({ name: '浏览器测试摄像系统' }) });
			return { site, me: me.user, token: (await r.json()).token };
		});
		assert.equal(site.town, '柯桥街道');
		assert.equal((await postEvent(page, token, event('TOWN-TEST-1', 'smoking'))).status, 201);
		assert.equal((await postEvent(page, token, event('TOWN-TEST-2', 'stranger'))).status, 201);

		await page.goto(srv.url + '/#/kitchen');
		const rows = page.locator('[data-test=alerts-table] .el-table__row');
		await rows.first().waitFor();
		assert.equal(await page.locator('[data-test=f-town]').count(), 0, 'one 镇街: no 镇街 filter');
		// only its own town's, open or handled
		await page.click('[data-test=alert-cards] [data-state=done]');
		await page.waitForFunction(() => [...document.querySelectorAll('[data-test=alerts-table] [data-test=state]')].every((t) => t.innerText !== '待处置'));
		const towns = await rows.locator('td:nth-child(2)').allInnerTexts();
		assert.equal(towns.length, 20);
		assert.ok(towns.every((t) => t === '柯桥街道'), towns.join(' / '));
		await page.click('[data-test=alert-cards] [data-state=open]');
		const mine = rows.filter({ hasText: site.name }).filter({ hasText: '后厨吸烟' });
		await mine.waitFor();
		assert.ok((await rows.locator('td:nth-child(2)').allInnerTexts()).every((t) => t === '柯桥街道'));
		assert.match(await mine.innerText(), /2 小时[\s\S]*待处置[\s\S]*还剩 1 小时 5\d 分/);

		// 处置: what is missing here, then the server's refusal without a photo
		await mine.locator('[data-test=btn-handle]').click();
		const form = page.locator('[data-test=handle-form]');
		await form.waitFor();
		await page.click('[data-test=handle-submit]');
		await form.locator('.el-form-item__error').nth(1).waitFor();
		assert.deepEqual(await form.locator('.el-form-item__error').allInnerTexts(), ['请选择处置结果', '请填写处置说明（至少五个字）']);
		await form.locator('.el-radio', { hasText: '已整改' }).click();
		const note = '已当场制止吸烟，对厨师进行了批评教育并张贴禁烟标识';
		await page.fill(field('handle-note', 'textarea'), note);
		await page.click('[data-test=handle-submit]');
		const refused = form.locator('.el-form-item__error', { hasText: '请先上传整改后的现场照片' });
		await refused.waitFor();
		// the earlier errors fade out; the photo's stays
		await page.waitForFunction(() => document.querySelectorAll('[data-test=handle-form] .el-form-item__error').length === 1);
		assert.deepEqual(await words(page), []);

		// the photo goes up when picked; then the alert is handled
		await page.setInputFiles('[data-test=photo-input]', photo);
		await page.locator('[data-test=photo-ok]').waitFor();
		await refused.waitFor({ state: 'detached' });
		await page.waitForFunction(() => document.querySelector('[data-test=photo-preview]')?.naturalWidth === 160);
		await page.click('[data-test=handle-submit]');
		const said = page.locator('[data-test=handle-result]');
		await said.waitFor();
		assert.match(await said.innerText(), /处置完成：已整改/);
		assert.match(await said.innerText(), new RegExp(`^${me.name}于\\d+月\\d+日 \\d\\d:\\d\\d处置，在 2 小时的处置时限内。$`, 'm'));
		assert.equal(await page.locator('[data-test=alert-note]').innerText(), note);
		await page.waitForFunction(() => document.querySelector('[data-test=alert-photo]')?.naturalWidth === 160);
		await quiet(page);
		await screenshot(page, 'kitchen-handled.png');
		assert.deepEqual(await words(page), []);
		await page.keyboard.press('Escape');

		// the list says so; opened again, the photo and the note
		await mine.waitFor({ state: 'detached' });
		await page.click('[data-test=alert-cards] [data-state=done]');
		const done = rows.filter({ hasText: site.name }).filter({ hasText: '后厨吸烟' });
		await done.waitFor();
		assert.match(await done.innerText(), /已整改\s*按时处置/);
		await done.locator('[data-test=btn-view]').click();
		await page.waitForFunction(() => document.querySelector('[data-test=alert-photo]')?.naturalWidth === 160);
		assert.equal(await page.locator('[data-test=alert-note]').innerText(), note);
		assert.equal(await page.locator('[data-test=handle-form]').count(), 0, 'a handled alert takes no second handling');
		await page.keyboard.press('Escape');
		await page.locator('.kc-dialog').waitFor({ state: 'hidden' });

		// a phone: the other alert, as 误报, through the camera input
		await page.setViewportSize({ width: 390, height: 844 });
		await page.click('[data-test=alert-cards] [data-state=open]');
		const card = page.locator('[data-test=alerts-phone-list] li', { hasText: '非工作人员进入后厨' });
		await card.waitFor();
		assert.ok(await noSideways(page), 'the list scrolls sideways');
		await screenshot(page, 'kitchen-town-phone.png');
		await card.click();
		await form.waitFor();
		assert.equal(await page.locator('[data-test=photo-input]').getAttribute('capture'), 'environment');
		assert.equal(await page.locator('[data-test=photo-input]').getAttribute('accept'), 'image/*');
		await page.setInputFiles('[data-test=photo-input]', photo);
		await page.locator('[data-test=photo-ok]').waitFor();
		await form.locator('.el-radio', { hasText: '误报' }).click();
		await page.fill(field('handle-note', 'textarea'), '现场核实为送货人员在门口卸货，未进入后厨');
		await quiet(page);
		await screenshot(page, 'kitchen-handle-phone.png');
		assert.ok(await noSideways(page), 'the dialog scrolls sideways');
		await page.click('[data-test=handle-submit]');
		assert.match(await said.innerText(), /处置完成：误报/);
		assert.deepEqual(await words(page), []);
		assert.deepEqual(realErrors(b.errors), []);
	} finally {
		await closeBrowser(b.context);
		await rm(dir, { recursive: true, force: true });
	}
});
