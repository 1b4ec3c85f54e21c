// kitchen.test.mjs - 阳光厨房 over a real server on the demo district (201
// canteens and homes, a year of alerts): the cameras' webhook takes an
// event only with its source's token, once per event id, and a wrong
// token, a replay, malformed JSON or a bad field leave every table as it
// was (a refused token is audited); a 镇街 sees and handles only its own
// sites' alerts, with a photo, once; a source's token is shown once and
// stops at revocation; the summary and the metrics registry agree with
// the records.
// Sources driven here: src/domain/kitchen/kitchen.c, kitchen_api.c,
// kitchen_demo.c (the demo district), src/cli/cmd_kitchen.c (`fazhi
// kitchen recount`).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, fazhi, startServer, Client, expectError, readXlsx, sqlite, tableHashes } from './lib.mjs';

const tables = (db) => tableHashes(db, ['sessions']);
const int = async (db, sql) => Number((await sqlite(db, sql)).trim());
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
// an instant a few minutes ago, written in Beijing time as cameras there do
const recent = (min) => new Date(Date.now() - min * 60e3 + 8 * 3600e3).toISOString()
	.replace(/\.\d+Z$/, '+08:00');

describe('阳光厨房', () => {
	let dir, db, srv, users, office, town, officer, justice, kq, hs, site, token;

	before(async () => {
		dir = await tempDir(null, 'fazhi-kitchen-');
		db = dbPath(dir);
		users = await demo(dir, 6);
		srv = await startServer(db, { rate: 100000 });
		[office, town, officer, justice] = [new Client(srv.url), new Client(srv.url), new Client(srv.url), new Client(srv.url)];
		for (const [c, u] of [[office, 'office1'], [town, 'town1'], [officer, 'officer2'], [justice, 'justice1']])
			assert.equal((await c.login(u, users[u].password)).status, 200);
		kq = await int(db, "SELECT id FROM units WHERE name = '柯桥街道'");
		hs = await int(db, "SELECT id FROM units WHERE name = '华舍街道'");
	}, { timeout: 120000 });

	after(async () => {
		if (srv) await srv.stop();
		const { rm } = await import('node:fs/promises');
		if (dir && process.env.FAZHI_KEEP !== '1') await rm(dir, { recursive: true, force: true });
	});

	const post = (body, tok = token, raw) => new Client(srv.url).request('POST', '/api/v1/kitchen/events',
		raw !== undefined ? { raw, headers: tok ? { 'X-Source-Token': tok } : {} }
			: { body, headers: tok ? { 'X-Source-Token': tok } : {} });

	test('the demo: 190 school canteens and 11 elderly homes, each with its camera system', async () => {
		const s = await office.get('/api/v1/kitchen/summary?from=2000-01-01');
		assert.equal(s.status, 200, s.text);
		assert.equal(s.json.total.sites, 201);
		assert.equal(s.json.total.covered, 201);
		assert.equal(s.json.total.alerts, await int(db, 'SELECT count(*) FROM kitchen_alerts'));
		assert.equal(await int(db, "SELECT count(*) FROM kitchen_sites WHERE kind = 'elderly'"), 11);
		assert.equal(s.json.total.open, await int(db, "SELECT count(*) FROM kitchen_alerts WHERE state = 'open'"));
		assert.ok(s.json.total.late > 0 && s.json.total.late <= s.json.total.open, s.text);
		assert.ok(Object.keys(s.json.types).every((k) => /[\u4e00-\u9fff]/.test(k)), s.text);
		const mine = await town.get('/api/v1/kitchen/summary?from=2000-01-01');
		assert.deepEqual(mine.json.towns.map((t) => t.town), ['柯桥街道']);
		expectError(await justice.get('/api/v1/kitchen/alerts'), 403, 'forbidden');
	});

	test('a site is registered in scope; its token is shown once and opens the webhook', async () => {
		const before = await tables(db);
		expectError(await town.post('/api/v1/kitchen/sites', { name: '华舍实验小学食堂', kind: 'school', town: hs }), 403, 'forbidden');
		let e = expectError(await town.post('/api/v1/kitchen/sites', { name: '食', kind: 'school', town: kq }), 400, 'invalid');
		assert.equal(e.field, 'name');
		e = expectError(await town.post('/api/v1/kitchen/sites', { name: '柯桥测试小学食堂', kind: 'canteen', town: kq }), 400, 'invalid');
		assert.equal(e.field, 'kind');
		e = expectError(await town.post('/api/v1/kitchen/sites', { name: '柯桥测试小学食堂', kind: 'school', town: kq, colour: 1 }), 400, 'invalid');
		assert.equal(e.field, 'colour');
		assert.equal(await tables(db), before);

		let r = await town.post('/api/v1/kitchen/sites', { name: '柯桥测试小学食堂', kind: 'school', town: kq,
			address: '柯桥街道测试路1号', diners: 900, cameras: 4 });
		assert.equal(r.status, 201, r.text);
		site = r.json.id;
		expectError(await town.post('/api/v1/kitchen/sites', { name: '柯桥测试小学食堂', kind: 'school', town: kq }), 409, 'conflict');
		r = await town.post(`/api/v1/kitchen/sites/${site}/sources`, { name: '后厨智能摄像系统' });
		assert.equal(r.status, 201, r.text);
		token = r.json.token;
		assert.match(token, /^fzk_[0-9a-f]{64}$/);
		r = await town.get(`/api/v1/kitchen/sites/${site}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.sources, 1);
		assert.ok(!r.text.includes(token.slice(4)), 'the token is shown again');
		assert.equal(await int(db, `SELECT count(*) FROM kitchen_sources WHERE token_hash LIKE '%${token.slice(4, 20)}%'`), 0);
		// another town's 镇街 does not reach the site
		const other = await int(db, `SELECT id FROM kitchen_sites WHERE unit_id = ${hs} ORDER BY id LIMIT 1`);
		expectError(await town.get(`/api/v1/kitchen/sites/${other}`), 404, 'not_found');
	});

	test('webhook: a wrong token, malformed JSON or a bad field change nothing; a replay is the same alert', async () => {
		const ev = { event_id: 'cam-7:000123', type: 'no_mask', time: recent(5), camera: '后厨2号' };
		const audits = () => int(db, "SELECT count(*) FROM audit_log WHERE action = 'kitchen.event_refused'");
		let before = await tables(db), refused = await audits();
		expectError(await post(ev, null), 401, 'unauthenticated');
		expectError(await post(ev, token.slice(0, -1) + (token.endsWith('0') ? '1' : '0')), 401, 'unauthenticated');
		expectError(await post(ev, 'Bearer ' + token), 401, 'unauthenticated');
		// a wrong token is refused before its body is looked at
		expectError(await post({ nonsense: 1 }, 'fzk_' + '0'.repeat(64)), 401, 'unauthenticated');
		assert.equal(await audits(), refused + 4);
		expectError(await post(undefined, token, '{"event_id": "cam-7:000123", "type": '), 400, 'bad_json');
		expectError(await post(undefined, token, '[1, 2]'), 400, 'bad_json');
		for (const [body, field] of [
			[{ ...ev, type: 'no_gloves' }, 'type'],
			[{ ...ev, time: '2026-12-08 10:00:00' }, 'time'],
			[{ ...ev, time: new Date(Date.now() + 3600e3).toISOString() }, 'time'],
			[{ ...ev, event_id: '' }, 'event_id'],
			[{ ...ev, event_id: 'x'.repeat(65) }, 'event_id'],
			[{ ...ev, snapshot: 'http://camera/1.jpg' }, 'snapshot'],
		]) {
			const e = expectError(await post(body), 400, 'invalid');
			assert.equal(e.field, field, JSON.stringify(body));
		}
		assert.equal(await tables(db), before);

		const r = await post(ev);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.duplicate, false);
		before = await tables(db);
		const again = await post(ev);
		assert.equal(again.status, 200, again.text);
		assert.deepEqual(again.json, { id: r.json.id, duplicate: true });
		expectError(await post({ ...ev, type: 'smoking' }), 409, 'conflict');
		assert.equal(await tables(db), before);

		const a = await town.get(`/api/v1/kitchen/alerts/${r.json.id}`);
		assert.equal(a.status, 200, a.text);
		assert.equal(a.json.type_name, '未戴口罩');
		assert.equal(a.json.site.name, '柯桥测试小学食堂');
		assert.equal(a.json.state, 'open');
		assert.equal(a.json.level, 0);
		assert.match(a.json.basis, /食品安全法》第三十三条第一款第八项/);
	});

	test('a 镇街 handles its own alerts with a photo, once; another town\'s do not exist for it', async () => {
		const mine = await town.get('/api/v1/kitchen/alerts?state=open&per_page=100');
		assert.equal(mine.status, 200, mine.text);
		assert.ok(mine.json.items.length > 0);
		assert.ok(mine.json.items.every((x) => x.site.town === '柯桥街道' && x.state === 'open'), mine.text);
		const late = await town.get('/api/v1/kitchen/alerts?state=late&per_page=100');
		assert.ok(late.json.items.every((x) => x.late && x.level >= 1), late.text);
		const foreign = await int(db, `SELECT a.id FROM kitchen_alerts a JOIN kitchen_sites s ON s.id = a.site_id
			WHERE s.unit_id = ${hs} AND a.state = 'open' ORDER BY a.id LIMIT 1`);
		const before = await tables(db);
		expectError(await town.request('PUT', `/api/v1/kitchen/alerts/${foreign}/photo`, { raw: PNG, type: 'image/png' }), 404, 'not_found');
		expectError(await town.post(`/api/v1/kitchen/alerts/${foreign}/handle`, { outcome: 'rectified', note: '已当场纠正' }), 404, 'not_found');
		expectError(await justice.post(`/api/v1/kitchen/alerts/${foreign}/handle`, { outcome: 'rectified', note: '已当场纠正' }), 403, 'forbidden');

		const id = mine.json.items[0].id;
		let e = expectError(await town.post(`/api/v1/kitchen/alerts/${id}/handle`, { outcome: 'rectified', note: '已当场纠正' }), 400, 'invalid');
		assert.equal(e.field, 'photo');
		e = expectError(await town.request('PUT', `/api/v1/kitchen/alerts/${id}/photo`, { raw: Buffer.from('GIF89a0000'), type: 'image/gif' }), 400, 'invalid');
		assert.equal(e.field, 'photo');
		assert.equal(await tables(db), before);

		let r = await town.request('PUT', `/api/v1/kitchen/alerts/${id}/photo`, { raw: PNG, type: 'image/png' });
		assert.equal(r.status, 200, r.text);
		e = expectError(await town.post(`/api/v1/kitchen/alerts/${id}/handle`, { outcome: 'done', note: '已当场纠正' }), 400, 'invalid');
		assert.equal(e.field, 'outcome');
		r = await town.post(`/api/v1/kitchen/alerts/${id}/handle`, { outcome: 'rectified', note: '已当场纠正并教育从业人员' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state_name, '已整改');
		assert.equal(r.json.handled_by, await sqlite(db, "SELECT name FROM users WHERE login = 'town1'"));
		expectError(await town.post(`/api/v1/kitchen/alerts/${id}/handle`, { outcome: 'false_alarm', note: '再处置一次' }), 409, 'bad_state');
		const photo = await fetch(`${srv.url}/api/v1/kitchen/alerts/${id}/photo`, { headers: { Cookie: `fz_session=${town.cookie}` } });
		assert.equal(photo.status, 200);
		assert.equal(photo.headers.get('content-type'), 'image/png');
		assert.deepEqual(Buffer.from(await photo.arrayBuffer()), PNG);
		assert.equal(await int(db, `SELECT count(*) FROM audit_log WHERE action = 'kitchen.handle' AND object = 'kitchen_alert:${id}'`), 1);
	});

	test('a list searches by the site\'s name and downloads what it shows, in Chinese', async () => {
		const site = await sqlite(db, `SELECT name FROM kitchen_sites WHERE unit_id = ${kq} ORDER BY id LIMIT 1`);
		const r = await town.get(`/api/v1/kitchen/alerts?state=done&per_page=100&q=${encodeURIComponent(site)}`);
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.total > 0 && r.json.items.every((x) => x.site.name === site), r.text);
		const x = await fetch(`${srv.url}/api/v1/kitchen/alerts?state=done&q=${encodeURIComponent(site)}&format=xlsx`,
			{ headers: { Cookie: `fz_session=${town.cookie}` } });
		assert.equal(x.status, 200);
		const rows = readXlsx(Buffer.from(await x.arrayBuffer()));
		assert.deepEqual(rows[0], ['单位', '镇街', '预警类型', '摄像头', '发生时间', '处置时限（小时）', '状态',
			'是否超时', '处置时间', '处置人', '处置说明']);
		assert.equal(rows.length - 1, r.json.total);
		assert.ok(rows.slice(1).every((row) => row[0] === site && row[1] === '柯桥街道' && /[\u4e00-\u9fff]/.test(row[2])
			&& ['已整改', '误报'].includes(row[6])), JSON.stringify(rows.slice(0, 3)));
		// the first row is the list's first, in Beijing time
		const first = r.json.items[0];
		const bj = new Date(Date.parse(first.occurred_at) + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
		assert.equal(rows[1][4], bj);
	});

	test('a revoked source\'s token stops at once', async () => {
		const sid = await int(db, `SELECT id FROM kitchen_sources WHERE site_id = ${site}`);
		const r = await town.request('DELETE', `/api/v1/kitchen/sites/${site}/sources/${sid}`);
		assert.equal(r.status, 200, r.text);
		expectError(await town.request('DELETE', `/api/v1/kitchen/sites/${site}/sources/${sid}`), 409, 'bad_state');
		const before = await tables(db);
		expectError(await post({ event_id: 'cam-7:000999', type: 'rodent', time: recent(1) }), 401, 'unauthenticated');
		assert.equal(await tables(db), before);
	});

	test('fazhi kitchen recount counts the daily figures again: the same as those kept with each write', async () => {
		const y = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
		const before = await office.get(`/api/v1/kitchen/summary?from=${y - 1}-01-01`);
		const daily = await sqlite(db, 'SELECT group_concat(unit_path || day || type || alerts || handled || ontime) FROM (SELECT * FROM kitchen_daily ORDER BY 1, 2, 3)');
		const r = await fazhi(['kitchen', 'recount', '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, new RegExp(`^counted ${await int(db, 'SELECT count(*) FROM kitchen_alerts')} alerts`));
		assert.equal(await sqlite(db, 'SELECT group_concat(unit_path || day || type || alerts || handled || ontime) FROM (SELECT * FROM kitchen_daily ORDER BY 1, 2, 3)'), daily);
		assert.deepEqual((await office.get(`/api/v1/kitchen/summary?from=${y - 1}-01-01`)).json, before.json);
		assert.equal((await fazhi(['kitchen', 'recount'])).code, 2);
		assert.equal((await fazhi(['kitchen', 'recount', '--db', db + '.none'])).code, 1);
	});

	test('the figures are in the metrics registry, by town', async () => {
		const y = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
		const range = `from=${y - 1}-01-01&to=${y}-12-31`;
		const m = await office.get(`/api/v1/metrics/kitchen.alerts?${range}`);
		assert.equal(m.status, 200, m.text);
		assert.equal(m.json.num, await int(db, 'SELECT count(*) FROM kitchen_alerts'));
		const mine = await town.get(`/api/v1/metrics/kitchen.alerts?${range}`);
		assert.equal(mine.json.num, await int(db, `SELECT count(*) FROM kitchen_alerts a JOIN kitchen_sites s
			ON s.id = a.site_id WHERE s.unit_id = ${kq}`));
		const h = await office.get(`/api/v1/metrics/kitchen.handled?${range}`);
		assert.equal(h.json.num, await int(db, "SELECT count(*) FROM kitchen_alerts WHERE state <> 'open'"));
		const t = await office.get(`/api/v1/metrics/kitchen.ontime?${range}`);
		assert.ok(t.json.value > 0.8 && t.json.value < 1, t.text);
	});
});
