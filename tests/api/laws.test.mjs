// laws.test.mjs - 一键找法 through a real server: `fazhi import laws`
// (counts, idempotence, malformed lines), the public search, law and
// article endpoints, 400 on malformed queries, 404s, and the rate limit.
// The corpus is data/laws/sample.jsonl (25 laws, 1,419 articles).
// Sources driven here: src/domain/laws/laws_http.c, src/cli/cmd_import.c.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ROOT, tempDir, dbPath, fazhi, startServer, expectError, hasHan, sqlite } from './lib.mjs';

const SAMPLE = join(ROOT, 'data', 'laws', 'sample.jsonl');
const FUXIYI = '35564a0c7a87bdf0';      // 行政复议法 (2023), 有效
const FUXIYI_OLD = '77ea6bf29bf99edd';  // 行政复议法 (2017), 已被修订
const CHUFA = '4361fba6fc9c1eb5';       // 行政处罚法

async function get(srv, path, params) {
	const qs = params ? '?' + new URLSearchParams(params).toString() : '';
	const res = await fetch(srv.url + path + qs);
	const text = await res.text();
	let json = null;
	try { json = JSON.parse(text); } catch { json = null; }
	return { status: res.status, json, text, headers: res.headers };
}

const search = (srv, q, extra = {}) => get(srv, '/api/v1/laws/search', { q, ...extra });

describe('laws', () => {
	let dir, db, srv;

	before(async () => {
		dir = await tempDir(null, 'fazhi-laws-');
		db = dbPath(dir);
		let r = await fazhi(['init', '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		r = await fazhi(['import', 'laws', SAMPLE, '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /新增 25 部/);
		assert.match(r.stdout, /写入条文 1419 条/);
		srv = await startServer(db, { rate: 100000 });
	});

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	test('a second import changes nothing', async () => {
		const r = await fazhi(['import', 'laws', SAMPLE, '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /新增 0 部，未变 25 部，更新 0 部，格式有误 0 行，写入条文 0 条/);
	});

	test('import reports malformed lines by number and goes on', async (t) => {
		const d = await tempDir(t, 'fazhi-laws-bad-');
		const file = join(d, 'bad.jsonl');
		await writeFile(file, 'not json\n{"id":"abc"}\n\n[1]\n');
		const r = await fazhi(['import', 'laws', file, '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /第 1 行/);
		assert.match(r.stderr, /第 2 行/);
		assert.match(r.stderr, /第 4 行/);
		assert.doesNotMatch(r.stderr, /第 3 行/);
		assert.match(r.stdout, /格式有误 3 行/);
	});

	test('import loads a thesaurus, reports bad lines by FILE:LINE and lists changes --since', async (t) => {
		const thes = join(ROOT, 'tests', 'fixtures', 'thesaurus.tsv');
		let r = await fazhi(['import', 'laws', SAMPLE, '--db', db, '--thesaurus', thes, '--since', '2024-01-01']);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /检索词表：8 条/);
		assert.match(r.stdout, /自 2024-01-01 以来/);
		assert.match(r.stdout, /上海市优化营商环境条例（2024-09-27）/);
		assert.match(r.stdout, /共新制定 3 部，修订 0 部/);
		const d = await tempDir(t, 'fazhi-laws-thes-');
		const bad = join(d, 'bad.tsv');
		await writeFile(bad, '醉驾\t俗称\t醉酒驾驶\t刑法\n醉驾\t别名\t醉酒\t刑法\n');
		r = await fazhi(['import', 'laws', SAMPLE, '--db', db, '--thesaurus', bad]);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /bad\.tsv:2: 类别不是 俗称\/简称\/条文/);
		// the stored thesaurus is left as it was
		assert.equal(await sqlite(db, 'SELECT count(*) FROM law_thesaurus'), '8');
		r = await fazhi(['import', 'laws', SAMPLE, '--db', db, '--since', '2024-13-01x']);
		assert.equal(r.code, 2);
	});

	test('a question gets an answer card: the article whole, its period marked, two alternatives', async () => {
		const r = await search(srv, '复议申请期限是多久');
		assert.equal(r.status, 200);
		const a = r.json.answer;
		assert.ok(a, 'an answer card');
		assert.equal(a.law.id, FUXIYI);
		assert.equal(a.article.no, '第二十条');
		assert.match(a.text_html, /<mark>六十日内<\/mark>/);
		assert.deepEqual(a.periods.slice(0, 1), ['六十日内']);
		assert.equal(a.alternatives.length, 2);
		assert.equal(r.json.corpus_date, '2024-11-29');
		// a keyword search is no question: no card
		const k = await search(srv, '听证');
		assert.equal(k.json.answer, null);
	});

	test('an old version names the date of its revision and the text in force', async () => {
		const r = await get(srv, `/api/v1/laws/${FUXIYI_OLD}`);
		assert.equal(r.status, 200);
		assert.equal(r.json.law.revised_on, '2023-09-01');
		assert.equal(r.json.law.current.id, FUXIYI);
	});

	test('fazhi demo loads the law corpus with the district, or says how to add it', async (t) => {
		const d = await tempDir(t, 'fazhi-laws-demo-');
		let r = await fazhi(['demo', '--db', join(d, 'a.db'), '--laws', SAMPLE]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /law corpus: \d+ laws, \d+ articles/);
		const n = Number((await sqlite(join(d, 'a.db'), 'SELECT count(*) FROM laws')).trim());
		assert.ok(n >= 20, `${n} laws`);
		/* run where no corpus is shipped: the district still comes, empty search */
		r = await fazhi(['demo', '--db', join(d, 'b.db')], { cwd: d });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /not found here/);
		assert.equal((await sqlite(join(d, 'b.db'), 'SELECT count(*) FROM laws')).trim(), '0');
		/* a corpus named and missing is an error, not an empty search */
		r = await fazhi(['demo', '--db', join(d, 'c.db'), '--laws', join(d, 'missing.jsonl')]);
		assert.equal(r.code, 1);
		assert.ok(hasHan(r.stderr), r.stderr);
		r = await fazhi(['demo', '--db', join(d, 'e.db'), '--laws', SAMPLE, '--no-laws']);
		assert.equal(r.code, 2);
	});

	test('import usage and errors', async (t) => {
		let r = await fazhi(['import', 'laws', '--help']);
		assert.equal(r.code, 0);
		assert.match(r.stdout, /fazhi import laws FILE/);
		r = await fazhi(['import', 'laws']);
		assert.equal(r.code, 2);
		const d = await tempDir(t, 'fazhi-laws-none-');
		r = await fazhi(['import', 'laws', join(d, 'missing.jsonl'), '--db', db]);
		assert.equal(r.code, 1);
		assert.ok(hasHan(r.stderr), r.stderr);
	});

	test('search: keyword, snippets, no login needed', async () => {
		const r = await search(srv, '听证');
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.total >= 5);
		assert.equal(r.json.page, 1);
		assert.equal(r.json.items.length, 10);
		const it = r.json.items[0];
		assert.match(it.snippet, /<mark>听证<\/mark>/);
		assert.equal(it.law.status, '有效');
		assert.ok(it.no && it.key && it.law.id);
		// snippets are escaped text: the only tags are the marks
		for (const x of r.json.items)
			assert.doesNotMatch(x.snippet.replace(/<\/?mark>/g, ''), /</);
	});

	test('search: pages', async () => {
		const p1 = await search(srv, '行政复议', { per_page: 5 });
		const p2 = await search(srv, '行政复议', { per_page: 5, page: 2 });
		assert.equal(p1.status, 200);
		assert.equal(p2.status, 200);
		assert.equal(p2.json.page, 2);
		assert.equal(p1.json.total, p2.json.total);
		const ids = new Set(p1.json.items.map((x) => x.id));
		assert.ok(p2.json.items.every((x) => !ids.has(x.id)));
		const far = await search(srv, '行政复议', { page: 999 });
		assert.equal(far.status, 200);
		assert.equal(far.json.items.length, 0);
	});

	test('search: the article a query names opens directly', async () => {
		for (const q of ['行政复议法 第二十条', '行政复议法第20条', '法:行政复议法 第二十条']) {
			const r = await search(srv, q);
			assert.equal(r.status, 200, r.text);
			assert.ok(r.json.direct, q);
			assert.equal(r.json.direct.law.id, FUXIYI, q);
			assert.equal(r.json.direct.article.n, 20, q);
			assert.match(r.json.direct.article.text, /六十日/);
		}
	});

	test('search: in force before revised, 法: filter', async () => {
		const status = [];
		for (let page = 1; page <= 20; page++) {
			const p = await search(srv, '行政复议 申请', { per_page: 50, page });
			assert.equal(p.status, 200);
			if (!p.json.items.length) break;
			status.push(...p.json.items.map((x) => x.law.status));
		}
		const firstOld = status.indexOf('已被修订');
		assert.ok(firstOld > 0, 'both versions match');
		assert.ok(status.slice(firstOld).every((s) => s !== '有效'));

		const r = await search(srv, '法:行政处罚法 听证');
		assert.equal(r.status, 200);
		assert.equal(r.json.law.id, CHUFA);
		assert.ok(r.json.items.length > 0);
		assert.ok(r.json.items.every((x) => x.law.id === CHUFA));
	});

	test('search: a question falls back to related articles', async () => {
		const r = await search(srv, '行政复议的申请期限是多久');
		assert.equal(r.status, 200);
		assert.equal(r.json.relaxed, true);
		const top5 = r.json.items.slice(0, 5);
		assert.ok(top5.some((x) => x.law.id === FUXIYI && x.n === 20), JSON.stringify(top5.map((x) => x.law.short_title + x.no)));
	});

	test('search: malformed queries are 400 with a Chinese message', async () => {
		for (const q of ['', '   ', '"行政 复议', '(罚款', 'AND 罚款', '罚款 OR', 'NOT 罚款', '，。', '法:', 'x'.repeat(500)]) {
			const r = await search(srv, q);
			const e = expectError(r, 400, 'bad_query');
			assert.equal(e.field, 'q');
		}
		const r = await get(srv, '/api/v1/laws/search');
		expectError(r, 400, 'bad_query');
		expectError(await search(srv, '法:没有这部法 听证'), 400, 'bad_query');
		for (const page of ['0', '-1', 'x', '1001', '1.5']) {
			const e = expectError(await search(srv, '罚款', { page }), 400, 'invalid');
			assert.equal(e.field, 'page');
		}
	});

	test('suggest titles', async () => {
		const r = await get(srv, '/api/v1/laws/suggest', { q: '行政复议' });
		assert.equal(r.status, 200);
		assert.equal(r.json.items[0].id, FUXIYI);
		assert.equal(r.json.items[0].status, '有效');
		const none = await get(srv, '/api/v1/laws/suggest', { q: '' });
		assert.deepEqual(none.json.items, []);
	});

	test('a whole law and one article', async () => {
		let r = await get(srv, `/api/v1/laws/${FUXIYI}`);
		assert.equal(r.status, 200);
		assert.equal(r.json.law.title, '中华人民共和国行政复议法');
		assert.equal(r.json.articles.length, 90);
		assert.ok(r.json.versions.some((v) => v.id === FUXIYI_OLD));
		assert.match(r.headers.get('cache-control') || '', /max-age/);

		r = await get(srv, `/api/v1/laws/${FUXIYI_OLD}`);
		assert.equal(r.json.law.status, '已被修订');
		assert.equal(r.json.law.superseded_by, FUXIYI);

		r = await get(srv, `/api/v1/laws/${FUXIYI}/articles/20`);
		assert.equal(r.status, 200);
		assert.equal(r.json.article.no, '第二十条');
		assert.equal(r.json.prev.key, '19');
		assert.equal(r.json.next.key, '21');
		r = await get(srv, `/api/v1/laws/${FUXIYI}/articles/${encodeURIComponent('第二十条')}`);
		assert.equal(r.status, 200);
		assert.equal(r.json.article.n, 20);

		expectError(await get(srv, `/api/v1/laws/${FUXIYI}/articles/999`), 404, 'not_found');
		expectError(await get(srv, `/api/v1/laws/${FUXIYI}/articles/abc`), 404, 'not_found');
		expectError(await get(srv, '/api/v1/laws/0000000000000000'), 404, 'not_found');
		expectError(await get(srv, '/api/v1/laws/nope'), 404, 'not_found');
	});

	test('the public page is served', async () => {
		const r = await get(srv, '/laws/');
		assert.equal(r.status, 200);
		assert.match(r.text, /一键找法/);
		assert.doesNotMatch(r.text, /<script>(?!<\/script>)/, 'no inline script');
		const js = await get(srv, '/laws/laws.js');
		assert.equal(js.status, 200);
	});
});

test('laws: public endpoints are rate-limited (429)', async (t) => {
	const dir = await tempDir(t, 'fazhi-laws-rate-');
	const db = dbPath(dir);
	assert.equal((await fazhi(['init', '--db', db])).code, 0);
	assert.equal((await fazhi(['import', 'laws', SAMPLE, '--db', db])).code, 0);
	const srv = await startServer(db, { rate: 5 });
	t.after(() => srv.stop());
	let limited = null;
	for (let i = 0; i < 20 && !limited; i++) {
		const r = await search(srv, '听证');
		if (r.status === 429) limited = r;
		else assert.equal(r.status, 200, r.text);
	}
	assert.ok(limited, 'no 429 after 20 searches at 5 per minute');
	expectError(limited, 429, 'rate_limited');
	expectError(await get(srv, `/api/v1/laws/${FUXIYI}`), 429, 'rate_limited');
});
