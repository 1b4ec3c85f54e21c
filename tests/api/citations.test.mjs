// citations.test.mjs - every citation a person reads is written as the laws
// write them: 《中华人民共和国行政处罚法》第六十条第一款, never "Art. 60" nor
// a bare short title "行政处罚法第六十条" (issue: deadlines and procedures
// exactly as the statutes say).  The tables keep a short machine form;
// src/core/cite.c turns it into text, and this test reads what comes out:
// the case pages' JSON (deadlines, flags, timeline, facts) and the
// documents' HTML of demo cases of every domain.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { tempDir, dbPath, demo, startServer, Client } from './lib.mjs';

const run = promisify(execFile);

// Each list with the filters that reach cases of every kind, and the
// documents its cases print (a document that does not apply answers 404).
const DOMAINS = [
	{ list: '/api/v1/enforce/cases', docs: ['decision', 'notice'],
		queries: ['open=1', 'open=0', 'light=overdue', 'light=red'] },
	{ list: '/api/v1/review/cases', docs: ['decision'],
		queries: ['open=1', 'state=decided', 'light=overdue'] },
	{ list: '/api/v1/mediate/disputes', docs: ['agreement'],
		queries: ['open=1', 'state=closed', 'state=effective', 'state=awarded'] },
];

// A document's text: its HTML without tags, or its PDF through pdftotext.
async function documentText(client, path, dir) {
	let r = await client.get(`${path}?format=html`);
	if (r.status === 200 && /text\/html/.test(r.headers.get('content-type') || ''))
		return r.text.replace(/<[^>]*>/g, ' ');
	const res = await fetch(client.url + path, { headers: { Cookie: `fz_session=${client.cookie}` } });
	if (res.status !== 200) return null;
	const pdf = join(dir, 'doc.pdf');
	await writeFile(pdf, Buffer.from(await res.arrayBuffer()));
	const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
	return stdout.replace(/\s+/g, '');
}

const LAWS = ['行政处罚法', '行政复议法', '行政强制法', '行政诉讼法', '民事诉讼法', '民法典', '刑法',
	'人民调解法', '劳动争议调解仲裁法', '劳动法', '劳动合同法'];
const BARE = new RegExp('(?<![《\\p{Script=Han}])(' + LAWS.join('|') + ')(?=第[零〇一二三四五六七八九十百千]+条)', 'u');
const SHORT = new RegExp('《(' + LAWS.join('|') + ')》');

// What no person may read: returns the offending piece or null.
export function badCitation(s) {
	let m = /Art\.\s*\d+/.exec(s);
	if (m) return m[0];
	m = BARE.exec(s);
	if (m) return s.slice(Math.max(0, m.index - 8), m.index + 16);
	m = SHORT.exec(s);
	if (m) return m[0];
	/* a data file named instead of the benchmark it holds (issue 14:
	 * "综合行政执法裁量基准（urban.csv）第4行" in a signed decision) */
	m = /[\w-]+\.(csv|rules|txt|jsonl)\b|第\d+行/.exec(s);
	return m ? m[0] : null;
}

function walk(v, path, out) {
	if (typeof v === 'string') {
		const bad = badCitation(v);
		if (bad) out.push(`${path}: ${bad}`);
	} else if (Array.isArray(v)) {
		v.forEach((x, i) => walk(x, `${path}[${i}]`, out));
	} else if (v && typeof v === 'object') {
		for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, out);
	}
	return out;
}

test('the checker itself tells good from bad', () => {
	assert.equal(badCitation('《中华人民共和国行政处罚法》第六十条'), null);
	assert.equal(badCitation('《中华人民共和国刑法》第二百八十七条之二'), null);
	assert.ok(badCitation('行政处罚法 Art. 60'));
	assert.ok(badCitation('适用综合行政执法裁量基准（urban.csv）第4行'));
	assert.equal(badCitation('适用《柯桥区综合行政执法裁量基准》第4项'), null);
	assert.ok(badCitation('未告知的（行政处罚法第六十二条）'));
	assert.ok(badCitation('《行政处罚法》第三十三条'));
	assert.equal(badCitation('依照本法第六十条'), null);
});

describe('citations in what people read', () => {
	let dir, srv, office;

	before(async () => {
		dir = await tempDir(null, 'fazhi-cite-');
		const users = await demo(dir, 2);
		srv = await startServer(dbPath(dir));
		office = new Client(srv.url);
		assert.equal((await office.login('office1', users.office1.password)).status, 200);
	});
	after(async () => { if (srv) await srv.stop(); });

	for (const d of DOMAINS) {
		test(`${d.list}: case pages and documents`, async () => {
			const bad = [];
			let seen = 0, docs = 0;
			// Open, closed, flagged and overdue cases all carry citations.
			for (const q of d.queries) {
				const r = await office.get(`${d.list}?${q}&per_page=12`);
				assert.equal(r.status, 200, r.text);
				for (const it of r.json.items) {
					const c = await office.get(`${d.list}/${it.id}`);
					assert.equal(c.status, 200, c.text);
					walk(c.json, `${it.number || it.id}`, bad);
					seen++;
					for (const kind of d.docs) {
						if (docs >= 8) break;
						const text = await documentText(office, `${d.list}/${it.id}/documents/${kind}`, dir);
						if (text === null) continue;
						const b = badCitation(text);
						if (b) bad.push(`${it.number} ${kind}: ${b}`);
						docs++;
					}
				}
			}
			assert.ok(seen >= 12, `only ${seen} cases read`);
			assert.ok(docs >= 1, 'no document rendered');
			assert.deepEqual(bad.slice(0, 20), []);
		});
	}
});
