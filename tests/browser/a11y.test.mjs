// a11y.test.mjs - accessibility (GB/T 37668-2019, as WCAG 2.x): axe-core
// (npm) checks every page of every role's menu, a case page of each case
// list the role reads, the login page and the public pages; no serious or critical violation may remain.  axe is
// injected into the page, so this test alone runs without the CSP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, openBrowser, closeBrowser, ROOT, logIn, secondStep } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); }, { timeout: 60000 });
after(async () => { if (srv) await srv.stop(); }, { timeout: 30000 });

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/* The demo admin's first login, with the password change it requires. */
async function firstLogin(page, u) {
	const pw = 'Fz-A11y-Test-2026!';
	await page.goto(srv.url + '/#/login');
	await page.waitForSelector('.fz-login-card');
	await page.fill('input[name=login]', u.login);
	await page.fill('input[name=password]', u.password);
	await page.click('.fz-login-btn');
	await secondStep(page, u);
	await page.waitForURL(/#\/password/);
	await page.fill('input[name=old_password]', u.password);
	await page.fill('input[name=new_password]', pw);
	await page.fill('input[name=confirm]', pw);
	await page.click('button[type=submit]');
	await page.waitForURL(/#\/$/);
}

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
			.map((v) => `${v.id} (${v.impact}): ${v.nodes.length}× ${v.nodes[0].target.join(' ')} ${JSON.stringify(v.nodes[0].any[0] && v.nodes[0].any[0].data)} ${v.nodes[0].html.slice(0, 200)}`);
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
	/* every role, every page of its menu; and the case pages, opened on
	 * the newest case of each list the role reads */
	const CASES = [['/api/v1/enforce/cases', '#/enforce'], ['/api/v1/review/cases', '#/review'],
		['/api/v1/mediate/disputes', '#/mediate']];
	let audited = 0;
	for (const login of ['admin', 'officer1', 'town1', 'office1', 'justice1', 'court1', 'procurator1',
		'secadmin1', 'auditor1']) {
		const u = srv.users.find((x) => x.login === login);
		const b = await openBrowser({ bypassCSP: true });
		try {
			if (login === 'admin') await firstLogin(b.page, u);
			else await logIn(b.page, srv.url, u);
			const nav = await b.page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).nav);
			const paths = nav.filter((x) => String(x.path).startsWith('#')).map((n) => [n.path, n.title]);
			for (const [api, path] of CASES) {
				if (!paths.some(([p]) => p === path)) continue;
				const id = await b.page.evaluate(async (a) => {
					/* the body read even when refused: a response left
					 * unread keeps the network busy for the browser */
					const r = await fetch(a + '?per_page=1'), j = await r.json();
					return r.ok ? (j.items[0] || {}).id : null;
				}, api);
				if (id) paths.push([`${path}?case=${id}`, '案件页']);
			}
			for (const [path, title] of paths) {
				await b.page.goto(srv.url + '/' + path);
				await b.page.waitForLoadState('networkidle').catch((e) => { throw new Error(`${login} ${path}: ${e.message}`); });
				await audit(b.page, `${login} ${title}`, out);
				audited++;
			}
		} finally {
			await closeBrowser(b.context);
		}
	}
	assert.ok(audited >= 30, `only ${audited} pages audited`);
	assert.deepEqual(out, []);
});
