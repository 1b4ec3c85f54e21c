// laws.test.mjs - the public 一键找法 page in headless chromium: title
// suggestions while typing, a search that opens an article directly,
// highlighted results, the reader at the article's permalink with its
// table of contents, the answer card of a question, an old version's
// note, a malformed query's message, and the phone layout.
// Screenshots go to build/screenshots/laws-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { ROOT, tempDir, dbPath, fazhi, startServer } from '../api/lib.mjs';
import { mkdir } from 'node:fs/promises';
import { openBrowser, closeBrowser, screenshot, SCREENSHOTS } from './server.mjs';

const FUXIYI = '35564a0c7a87bdf0'; // 行政复议法 (2023)

// The reader is a whole law: show what the reader sees, not 14,000 pixels.
async function viewShot(page, name) {
	await mkdir(SCREENSHOTS, { recursive: true });
	await page.screenshot({ path: join(SCREENSHOTS, name), animations: 'disabled' });
}
let srv, dir;

before(async () => {
	dir = await tempDir(null, 'fazhi-laws-browser-');
	const db = dbPath(dir);
	let r = await fazhi(['init', '--db', db]);
	assert.equal(r.code, 0, r.stderr);
	r = await fazhi(['import', 'laws', join(ROOT, 'data', 'laws', 'sample.jsonl'), '--db', db]);
	assert.equal(r.code, 0, r.stderr);
	srv = await startServer(db, { rate: 100000 });
});

after(async () => {
	if (srv) await srv.stop();
	const { rm } = await import('node:fs/promises');
	if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
});

test('laws page: suggest, search, open an article (desktop)', async () => {
	const { context, page, errors } = await openBrowser();
	try {
		await page.goto(srv.url + '/laws/');
		await page.locator('.lw-hero').waitFor();
		const box = page.locator('.lw-input input');

		// suggestions of law titles while typing
		await box.fill('行政复议');
		const sug = page.locator('.lw-suggest li', { hasText: '中华人民共和国行政复议法' }).first();
		await sug.waitFor();
		await screenshot(page, 'laws-suggest.png');

		// a search that names an article opens it directly
		await box.fill('行政复议法 第二十条');
		await page.locator('.lw-go').click();
		await page.waitForURL(/#\/search\?q=/);
		const direct = page.locator('.lw-direct');
		await direct.waitFor();
		assert.match(await direct.innerText(), /第二十条/);
		assert.match(await direct.innerText(), /六十日/);
		assert.ok(await page.locator('.lw-hit').count() > 0);
		assert.ok(await page.locator('.lw-hit mark').count() > 0, 'highlighted matches');
		await screenshot(page, 'laws-results.png');

		// nothing found: one plain sentence, no "共 0 条结果" over nothing
		await page.goto(srv.url + '/laws/#/search?q=' + encodeURIComponent('齉龘靐'));
		await page.locator('.el-empty').waitFor();
		assert.match(await page.locator('.el-empty').innerText(), /没有找到相关条文/);
		assert.equal(await page.locator('.lw-meta').count(), 0);
		await page.goto(srv.url + '/laws/#/search?q=' + encodeURIComponent('行政复议法 第二十条'));
		await direct.waitFor();

		// the reader at the article's permalink
		await direct.locator('.lw-direct-title').click();
		await page.waitForURL(new RegExp(`#/law/${FUXIYI}/art/20$`));
		const target = page.locator('.lw-art.target');
		await target.waitFor();
		assert.equal(await target.locator('.lw-no').innerText(), '第二十条');
		assert.match(await target.innerText(), /六十日/);
		assert.ok(await target.evaluate((el) => {
			const r = el.getBoundingClientRect();
			return r.top >= 0 && r.top < window.innerHeight;
		}), 'the article is scrolled into view');
		await page.locator('.lw-law-title', { hasText: '中华人民共和国行政复议法' }).waitFor();
		const toc = page.locator('nav.lw-toc a', { hasText: '第五章 行政复议决定' });
		await toc.waitFor();
		await viewShot(page, 'laws-reader.png');

		// chapter navigation moves the permalink and the highlight
		await toc.click();
		await page.waitForURL(new RegExp(`#/law/${FUXIYI}/art/\\d+$`));
		assert.notEqual(new URL(page.url()).hash, `#/law/${FUXIYI}/art/20`);
		await page.locator('.lw-art.target').waitFor();

		// a citation link elsewhere in fazhi opens the article it names
		await page.goto(srv.url + '/laws/#/cite?q=' + encodeURIComponent('《行政处罚法》第三十六条'));
		await page.waitForURL(/#\/law\/4361fba6fc9c1eb5\/art\/36$/);
		assert.match(await page.locator('.lw-art.target').innerText(), /二年内未被发现/);

		// a question gets the answer card: the article whole, its period
		// marked, alternatives, the corpus date below; no ids or codes
		await page.goto(srv.url + '/laws/#/search?q=' + encodeURIComponent('行政复议的申请期限是多久'));
		const card = page.locator('.lw-answer');
		await card.waitFor();
		const cardText = await card.innerText();
		assert.match(cardText, /最相关的条文/);
		assert.match(cardText, /条文规定的期限：六十日内/);
		assert.ok(await card.locator('mark', { hasText: '六十日内' }).count() > 0);
		assert.match(cardText, /也可参看/);
		assert.doesNotMatch(cardText, /[0-9a-f]{16}|undefined|null/);
		assert.match(await page.locator('.lw-foot').innerText(), /法规库更新至2024年11月29日/);
		await screenshot(page, 'laws-answer.png');

		// an old version says when it was revised and links the text in force
		await page.goto(srv.url + '/laws/#/law/77ea6bf29bf99edd');
		const note = page.locator('.el-alert--warning');
		await note.waitFor();
		assert.match(await note.innerText(), /本法已于2023年9月1日修订。现行文本：中华人民共和国行政复议法/);

		// a query with & and + keeps them
		await page.goto(srv.url + '/laws/#/search?q=' + encodeURIComponent('罚款 & 听证+'));
		await page.locator('.lw-meta').waitFor();
		assert.equal(await page.locator('.lw-input input').inputValue(), '罚款 & 听证+');

		assert.deepEqual(errors, []);

		// a malformed query shows the server's message (chromium logs
		// the 400 answer itself as a console error: that one is expected)
		await page.goto(srv.url + '/laws/#/search?q=' + encodeURIComponent('(罚款'));
		const alert = page.locator('.el-alert--error');
		await alert.waitFor();
		assert.match(await alert.innerText(), /括号/);
		assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
	} finally {
		await closeBrowser(context);
	}
});

test('laws page: a phone (390x844)', async () => {
	const { context, page, errors } = await openBrowser({ viewport: { width: 390, height: 844 } });
	const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
	try {
		await page.goto(srv.url + '/laws/');
		await page.locator('.lw-hero').waitFor();
		assert.ok(await fits(), 'home fits the width');
		await screenshot(page, 'laws-phone-home.png');

		await page.goto(srv.url + '/laws/#/search?q=' + encodeURIComponent('听证'));
		await page.locator('.lw-hit mark').first().waitFor();
		assert.ok(await fits(), 'results fit the width');
		await screenshot(page, 'laws-phone-results.png');

		await page.locator('.lw-hit').first().click();
		await page.waitForURL(/#\/law\/[0-9a-f]{16}\/art\//);
		await page.locator('.lw-art.target').waitFor();
		assert.ok(await fits(), 'the reader fits the width');
		assert.equal(await page.locator('.lw-body > nav.lw-toc').count(), 0, 'no sidebar on a phone');
		await page.locator('.lw-toc-btn').click();
		await page.locator('.el-drawer nav.lw-toc a').first().waitFor();
		await viewShot(page, 'laws-phone-reader.png');
		assert.deepEqual(errors, []);
	} finally {
		await closeBrowser(context);
	}
});
