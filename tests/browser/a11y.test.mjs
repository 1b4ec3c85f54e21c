// a11y.test.mjs - accessibility (GB/T 37668-2019, as WCAG 2.x): axe-core
// (npm) checks every page of each role's menu, the login page and the
// public pages; no serious or critical violation may remain.  axe is
// injected into the page, so this test alone runs without the CSP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, openBrowser, closeBrowser, ROOT, logIn } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

async function audit(page, where, out) {
	/* a page fading in (the shell's route transition) or a loading mask
	 * fading out washes the text out: audit the page as it stands, when
	 * every animation has finished */
	await page.waitForFunction(() => !document.querySelector('.el-loading-mask'));
	await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))));
	await page.addScriptTag({ path: AXE });
	const r = await page.evaluate(async () => {
		const res = await window.axe.run(document, { resultTypes: ['violations'] });
		/* Element Plus's autocomplete names its suggestion list in
		 * aria-controls before the list exists (it appears on typing):
		 * upstream, and harmless to a screen reader once the list is there */
		const upstream = (v) => v.id === 'aria-valid-attr-value' &&
			v.nodes.every((n) => document.querySelector(n.target[0])?.closest('.el-autocomplete'));
		return res.violations.filter((v) => (v.impact === 'serious' || v.impact === 'critical') && !upstream(v))
			.map((v) => `${v.id} (${v.impact}): ${v.nodes.length}× ${v.nodes[0].target.join(' ')} ${JSON.stringify(v.nodes[0].any[0] && v.nodes[0].any[0].data)}`);
	});
	for (const v of r) out.push(`${where}: ${v}`);
}

test('no serious or critical accessibility violation on any page', { timeout: 600000 }, async () => {
	const out = [];
	const { context, page } = await openBrowser({ bypassCSP: true });
	try {
		for (const p of ['/#/login', '/laws/', '/apply/']) {
			await page.goto(srv.url + p);
			await page.waitForLoadState('networkidle');
			await audit(page, p, out);
		}
	} finally {
		await closeBrowser(context);
	}
	for (const login of ['officer1', 'justice1', 'court1']) {
		const u = srv.users.find((x) => x.login === login);
		const b = await openBrowser({ bypassCSP: true });
		try {
			await logIn(b.page, srv.url, u);
			const nav = await b.page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).nav);
			for (const n of nav.filter((x) => String(x.path).startsWith('#'))) {
				await b.page.goto(srv.url + '/' + n.path);
				await b.page.waitForLoadState('networkidle');
				await audit(b.page, `${login} ${n.title}`, out);
			}
		} finally {
			await closeBrowser(b.context);
		}
	}
	assert.deepEqual(out, []);
});
