// access.test.mjs - the access policy on every write route (src/domain/policy,
// checked by src/http/server.c before the handler).  The route table comes
// from `fazhi routes`, so a write route added tomorrow is covered, or this
// test fails until it is classified.  For every write route that names a
// record and every role, a user of another unit is refused - 404 when the
// role may use the route (the record "does not exist" for them), 403 when
// it may not - and the whole database is unchanged but for the audit log,
// which records the refusal; then a user of the record's own unit gets
// through.  Routes that create records take the unit from the body: each
// is sent with another unit's record and must change nothing either.
// Sources driven here: src/domain/policy/policy.c, src/http/server.c,
// src/cli/cmd_routes.c, the route tables of every domain.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { tempDir, dbPath, demo, fazhi, startServer, Client, adminClient,
	sqlite, sqliteInt, sqliteRows, tableHashes } from './lib.mjs';

const ROLES = ['admin', 'office', 'justice', 'officer', 'town', 'court', 'procurator', 'secadmin', 'auditor'];
// 三员分立: these log in themselves to make their tokens (the security
// administrator makes no token for another administrator)
const ADMINS = ['admin', 'secadmin', 'auditor'];
const DISTRICT = ['admin', 'office'];          // reach every record
const PASSWORD = 'Fz-Ceshi#2026a';
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const inDays = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

// What a record kind needs: roles that reach it district-wide (as the
// record kind declares them in its module), and for each route a target
// (SQL giving id and unit_id) and a body that the right user may send.
const KINDS = {
	'enforce.case': { wide: ['justice', 'procurator'] },
	'enforce.act': { wide: ['justice', 'procurator'] },
	'enforce.finding': { wide: ['justice', 'procurator'] },
	'review.case': { wide: [] },
	'review.suit': { wide: ['justice'] },
	'mediate.case': { wide: ['justice'] },
	'mediate.wage_lead': { wide: ['justice'] },
	'org.unit': { wide: [] },
	'org.user': { wide: ['secadmin'] },
	'org.token': { wide: ['secadmin'] },
	'supervise.item': { wide: ['justice'] },
	'grid.entity': { wide: ['officer'] },
	'grid.plan': { wide: [] },
	'kitchen.site': { wide: ['officer'] },
	'kitchen.alert': { wide: ['officer'] },
};

const ENF = (state, extra = '') => `SELECT c.id, c.unit_id FROM cases c WHERE c.type = 'enforce.penalty'
	AND c.state = '${state}' ${extra} ORDER BY c.id DESC LIMIT 1`;

const OPEN_ALERT = `SELECT a.id, s.unit_id FROM kitchen_alerts a JOIN kitchen_sites s ON s.id = a.site_id
	WHERE a.state = 'open' ORDER BY a.id LIMIT 1`;

// route → { target SQL, body, ok: statuses the right user may get }
const ROUTES = {
	'POST /api/v1/enforce/cases/{id}/actions': {
		target: ENF('investigating'),
		body: { transition: 'suspend', data: { 中止理由: '等待检验检测结果' } } },
	'POST /api/v1/enforce/cases/{id}/facts': {
		target: ENF('investigating', "AND c.id NOT IN (SELECT id FROM cases WHERE state = 'suspended')"),
		body: { facts: { 案件来源: '投诉举报' } } },
	'POST /api/v1/enforce/cases/{id}/extend': {
		// the market rule's period may be extended (Art. 60 alone may not)
		target: ENF('investigating', "AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.key = 'decide_market' AND d.status = 'running' AND d.ext = 0)"),
		body: { deadline: 'decide_market', n: 10, reason: '案情复杂，需补充鉴定', approver: '局长' } },
	'POST /api/v1/enforce/cases/{id}/transfer': {
		target: ENF('notified'),
		body: { doc_no: '柯综执移〔2026〕99号', police: '绍兴市公安局柯桥区分局', approver: '局长' } },
	'POST /api/v1/enforce/cases/{id}/defer': {
		target: ENF('served', "AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.key = 'pay' AND d.status = 'running')"),
		body: { until: inDays(120), plan: '分三期缴纳', reason: '经营困难', approver: '局长' } },
	'POST /api/v1/enforce/cases/{id}/no-transfer': {
		target: "SELECT id, unit_id FROM cases WHERE type = 'enforce.penalty' AND open_flags > 0 ORDER BY id DESC LIMIT 1",
		body: { reason: '经集体讨论，涉案金额未达立案追诉标准', approver: '局长' } },
	'POST /api/v1/enforce/cases/{id}/review': {
		target: ENF('closed'),
		body: null /* filled in before: the checklist's item keys */ },
	'POST /api/v1/enforce/acts/{id}/revoke': {
		target: `SELECT a.id, c.unit_id FROM enf_acts a JOIN cases c ON c.id = a.case_id
			WHERE a.id NOT IN (SELECT act_id FROM enf_revoked_codes) ORDER BY a.id DESC LIMIT 1`,
		body: { reason: '决定书送达地址有误，重新制作' } },
	'POST /api/v1/enforce/findings/{id}/close': {
		target: `SELECT f.id, c.unit_id FROM enf_findings f JOIN cases c ON c.id = f.case_id
			WHERE f.status = 'open' ORDER BY f.id DESC LIMIT 1`,
		body: { response: '已补签询问笔录，组织全体执法人员学习取证规范' } },
	'POST /api/v1/review/cases/{id}/actions': {
		target: "SELECT id, unit_id FROM cases WHERE type = 'review.case' AND state = 'reviewing' ORDER BY id DESC LIMIT 1",
		body: { transition: 'mediate' } },
	'POST /api/v1/review/cases/{id}/extend': {
		target: `SELECT c.id, c.unit_id FROM cases c WHERE c.type = 'review.case' AND EXISTS (SELECT 1
			FROM case_deadlines d WHERE d.case_id = c.id AND d.key = 'decide' AND d.status = 'running' AND d.ext = 0)
			ORDER BY c.id DESC LIMIT 1`,
		body: { deadline: 'decide', n: 30, reason: '案情重大复杂', approver: '司法局局长' } },
	'POST /api/v1/review/cases/{id}/flags': {
		/* the demo raises no flag on 复议 cases: the right user reaches the
		 * engine, which answers that none is open */
		target: "SELECT id, unit_id FROM cases WHERE type = 'review.case' AND closed_on IS NULL ORDER BY id DESC LIMIT 1",
		body: { name: '补正', resolution: '经审查，不影响案件办理' }, ok: [200, 409] },
	'POST /api/v1/review/cases/{id}/assign': {
		target: "SELECT id, unit_id FROM cases WHERE type = 'review.case' AND closed_on IS NULL ORDER BY id DESC LIMIT 1",
		body: {} },
	'POST /api/v1/review/cases/{id}/committee': {
		target: "SELECT id, unit_id FROM cases WHERE type = 'review.case' AND state = 'reviewing' ORDER BY id LIMIT 1",
		body: { met_on: today(), members: '张某、李某、王某', opinion: '建议维持原行政行为' } },
	'POST /api/v1/review/suits/{id}/judgment': {
		target: `SELECT s.id, s.defendant_unit FROM review_suits s WHERE s.outcome = 'pending' ORDER BY s.id DESC LIMIT 1`,
		body: { outcome: 'won', judged_on: today() } },
	'POST /api/v1/review/suits/{id}/appearances': {
		target: 'SELECT s.id, s.defendant_unit FROM review_suits s ORDER BY s.id LIMIT 1',
		body: { hearing_on: today(), appeared: true, head_name: '王某', head_title: '副局长' } },
	'POST /api/v1/mediate/disputes/{id}/actions': {
		target: "SELECT id, unit_id FROM cases WHERE type = 'mediate.labor' AND closed_on IS NULL ORDER BY id DESC LIMIT 1",
		body: { transition: 'to_inspection', data: { 转办理由: '拖欠工资' } }, ok: [200, 400, 409] },
	'POST /api/v1/mediate/disputes/{id}/assign': {
		target: "SELECT id, unit_id FROM cases WHERE type = 'mediate.labor' AND closed_on IS NULL ORDER BY id LIMIT 1",
		body: {} },
	'POST /api/v1/mediate/disputes/{id}/extend': {
		target: `SELECT c.id, c.unit_id FROM cases c WHERE c.type LIKE 'mediate.%' AND EXISTS (SELECT 1
			FROM case_deadlines d WHERE d.case_id = c.id AND d.status = 'running' AND d.ext = 0
			AND d.key IN ('mediate_court', 'mediation', 'inspection')) ORDER BY c.id DESC LIMIT 1`,
		body: null /* the running deadline's key, read before */ },
	'POST /api/v1/mediate/wage-leads/{id}/status': {
		target: `SELECT l.id, u.id FROM mediate_wage_leads l, units u WHERE u.parent_id IS NULL
			AND l.status = 'open' ORDER BY l.id LIMIT 1`,
		body: { status: 'handling', note: '已联系用人单位' } },
	'PUT /api/v1/units/{id}': {
		target: "SELECT id, id FROM units WHERE kind = 'station' ORDER BY id DESC LIMIT 1",
		body: { name: '区公共法律服务中心行政复议服务站（新址）', kind: 'station', code: '' } },
	'DELETE /api/v1/units/{id}': {
		target: null /* a fresh empty unit, made before */ },
	'PUT /api/v1/users/{id}': {
		target: "SELECT id, unit_id FROM users WHERE login = 'court1'",
		body: { name: '法院测试', role: 'court', unit_id: null } },
	'POST /api/v1/users/{id}/lock': { target: "SELECT id, unit_id FROM users WHERE login = 'procurator1'", body: {} },
	'POST /api/v1/users/{id}/unlock': { target: "SELECT id, unit_id FROM users WHERE login = 'procurator1'", body: {} },
	'DELETE /api/v1/tokens/{id}': {
		target: null /* a token of the 司法局 tester, made before: the owner revokes it */ },
	'POST /api/v1/users/{id}/password': {
		target: "SELECT id, unit_id FROM users WHERE login = 'procurator1'",
		body: { password: 'Jcy-Mima#2026b' } },
	'POST /api/v1/users/{id}/role': {
		target: "SELECT id, unit_id FROM users WHERE login = 'town1'",
		body: { role: 'town' } },
	'POST /api/v1/supervise/items/{id}/actions': {
		target: "SELECT id, unit_id FROM cases WHERE type = 'supervise.item' AND state = 'rectifying' ORDER BY id DESC LIMIT 1",
		body: { transition: 'submit', data: { 整改情况: '已逐项整改' } } },
	'POST /api/v1/users/{id}/totp/reset': {
		target: "SELECT id, unit_id FROM users WHERE login = 'procurator1'", body: {} },
	'POST /api/v1/grid/entities/{id}/records': {
		target: 'SELECT id, unit_id FROM grid_entities ORDER BY id LIMIT 1',
		body: { kind: 'inspection', hazards: 1, note: '消防通道堆放杂物' } },
	'POST /api/v1/grid/entities/{id}/rectified': {
		target: `SELECT e.id, e.unit_id FROM grid_entities e WHERE EXISTS (SELECT 1 FROM grid_records r
			WHERE r.entity_id = e.id AND r.open_major > 0) ORDER BY e.id LIMIT 1`,
		body: {} },
	'DELETE /api/v1/grid/plans/{id}': {
		target: 'SELECT id, unit_id FROM grid_plans ORDER BY id LIMIT 1' },
	'POST /api/v1/grid/entities/{id}/override': {
		target: 'SELECT id, unit_id FROM grid_entities ORDER BY id DESC LIMIT 1',
		body: { grade: 'C', reason: '现场复核发现仓储区堆放易燃物' } },
	// the photo first, then the handling of the same open alert
	'PUT /api/v1/kitchen/alerts/{id}/photo': {
		target: OPEN_ALERT,
		body: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex') },
	'POST /api/v1/kitchen/alerts/{id}/handle': {
		target: OPEN_ALERT,
		body: { outcome: 'rectified', note: '已当场纠正并教育从业人员' } },
	'POST /api/v1/kitchen/sites/{id}/sources': {
		target: 'SELECT id, unit_id FROM kitchen_sites ORDER BY id LIMIT 1',
		body: { name: '权限测试接入' } },
	'DELETE /api/v1/kitchen/sites/{id}/sources/{sid}': {
		target: 'SELECT id, unit_id FROM kitchen_sites ORDER BY id DESC LIMIT 1' },
};

// Write routes without a record in the path.  Those that take a unit's
// record in the body are sent with another unit's; the others act on the
// district as a whole, for the roles the route table names.
const CREATES = {
	'POST /api/v1/enforce/cases': 'body names the unit: only the caller\'s own (tested below)',
	'POST /api/v1/mediate/disputes': 'body names an organisation: only one in scope (tested below)',
	'POST /api/v1/review/applications': 'body names a station: only one in scope (tested below)',
	'POST /api/v1/login': 'public', 'POST /api/v1/logout': 'own session', 'POST /api/v1/me/password': 'own account',
	'POST /api/v1/login/totp': 'public: the login challenge is the credential',
	'POST /api/v1/login/totp/enrol': 'public: the login challenge is the credential',
	'POST /api/v1/me/totp': 'own account', 'POST /api/v1/me/totp/confirm': 'own account',
	'POST /api/v1/units': 'administrators: the district\'s organisation', 'POST /api/v1/users': 'administrators',
	'POST /api/v1/tokens': 'own account (the security administrator: any non-administrator\'s; tested in tests/security)', 'POST /api/v1/enforce/officers': 'the caller\'s own unit (fz_enforce_officer_add)',
	'POST /api/v1/review/officers': '司法局: the district\'s 复议员', 'POST /api/v1/review/suits': '司法局: 应诉 for the district',
	'POST /api/v1/mediate/orgs': '司法局: the district\'s organisations', 'POST /api/v1/mediate/mediators': 'mediation roles',
	'POST /api/v1/mediate/wage-leads/import': '司法局: the national platform\'s leads',
	'PUT /api/v1/mediate/court-stats': '法院: the district\'s court figures',
	'POST /api/v1/pattern/uploads': 'court and procuratorate: the district registry',
	'POST /api/v1/pattern/registrations': 'court: the district registry', 'POST /api/v1/pattern/cases': 'court and procuratorate',
	'POST /api/v1/v/{token}/rating': 'public: the code is the credential',
	'POST /api/v1/calendar/import': 'administrators: the State Council holiday notice, district-wide',
	'POST /api/v1/supervise/items': 'the office: the district\'s inspection of any unit',
	'POST /api/v1/reports/publish': 'body names the unit: only one in the caller\'s scope (tests/api/report.test.mjs)',
	'POST /api/v1/grid/entities': 'body names the town: only one in scope (tested below)',
	'POST /api/v1/grid/import': 'rows name their towns: only ones in scope (tests/api/grid.test.mjs)',
	'POST /api/v1/grid/regrade': 'the office: the district\'s grading by the rules',
	'POST /api/v1/grid/plans': 'body names an entity: only one in scope; the caller\'s own unit plans (tests/api/grid.test.mjs)',
	'POST /api/v1/kitchen/events': 'public: the camera source\'s token is the credential (tests/api/kitchen.test.mjs)',
	'POST /api/v1/kitchen/sites': 'body names the town: only one in scope (tested below)',
};

// The whole database but the audit log (lib.mjs, tableHashes); sessions too,
// as a request with a bearer token opens none.
const state = (db) => tableHashes(db, []);

describe('access policy on every write route', () => {
	let dir, db, srv, admin, sec, routes;
	const tokens = {};   // "role@unit" -> bearer token
	let seq = 0;

	async function userIn(role, unit) {
		const key = `${role}@${unit}`;
		if (tokens[key]) return tokens[key];
		const login = `t${role}${unit}x${seq++}`;
		let r = await admin.post('/api/v1/users', { login, name: '测试用户', role, unit_id: unit, password: PASSWORD });
		assert.equal(r.status, 201, r.text);
		if (ADMINS.includes(role)) {
			// an administrator makes their own token, after the second factor
			const c = new Client(srv.url);
			r = await c.login(login, PASSWORD);
			assert.equal(r.status, 200, r.text);
			r = await c.changePassword(PASSWORD, PASSWORD + 'x');
			assert.equal(r.status, 200, r.text);
			r = await c.post('/api/v1/tokens', { name: '权限测试' });
		} else {
			r = await sec.post('/api/v1/tokens', { name: '权限测试', user_id: r.json.id });
		}
		assert.equal(r.status, 201, r.text);
		return (tokens[key] = r.json.token);
	}

	const as = (token) => new Client(srv.url, { bearer: token });
	const call = (c, method, path, body) => c.request(method, path, body === undefined ? {} :
		Buffer.isBuffer(body) ? { raw: body, type: 'image/png' } : { body });

	// a unit whose subtree does not hold unit
	async function otherUnit(unit) {
		const path = await sqlite(db, `SELECT path FROM units WHERE id = ${unit}`);
		const rows = await sqliteRows(db, "SELECT id, path FROM units WHERE kind = 'town' ORDER BY id");
		return rows.find((u) => !path.startsWith(u.path)).id;
	}

	before(async () => {
		dir = await tempDir(null, 'fazhi-access-');
		const users = await demo(dir, 2);
		db = dbPath(dir);
		srv = await startServer(db);
		admin = await adminClient(srv.url, users);
		sec = new Client(srv.url);
		assert.equal((await sec.login('secadmin1', users.secadmin1.password)).status, 200);
		const r = await fazhi(['routes']);
		assert.equal(r.code, 0, r.stderr);
		routes = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
	});
	after(async () => { if (srv) await srv.stop(); });

	test('every write route is classified', () => {
		for (const rt of routes.filter((x) => x.write)) {
			const key = `${rt.method} ${rt.path}`;
			if (rt.record) {
				assert.ok(KINDS[rt.record], `${key}: record kind ${rt.record} unknown to this test`);
				assert.ok(ROUTES[key], `${key}: no target and body in this test`);
			} else {
				assert.ok(CREATES[key], `${key}: writes without naming a record; classify it here`);
				assert.ok(rt.public || !/\{/.test(rt.path), `${key}: a path parameter but no record kind`);
			}
		}
	});

	test('another unit is refused and changes nothing; the own unit gets through', { timeout: 600000 }, async () => {
		const checklist = await admin.get('/api/v1/enforce/checklist');
		assert.equal(checklist.status, 200, checklist.text);
		const scores = {};
		for (const it of checklist.json.items) scores[it.key] = it.points;
		ROUTES['POST /api/v1/enforce/cases/{id}/review'].body = { scores };
		// a lawsuit still open, to record its judgment
		const jus = await userIn('justice', 3);
		let mk = await as(jus).post('/api/v1/review/suits', { defendant_unit: 5,
			court: '绍兴市柯桥区人民法院', court_no: '（2026）浙0603行初99号', filed_on: today() });
		assert.equal(mk.status, 201, mk.text);
		mk = await admin.post('/api/v1/units', { parent_id: 1, name: '权限测试临时单位', kind: 'department', code: '' });
		assert.equal(mk.status, 201, mk.text);
		ROUTES['DELETE /api/v1/units/{id}'].target = `SELECT id, id FROM units WHERE id = ${mk.json.id}`;
		// a second token of the 司法局 tester: only its owner (and the district) reach it
		const owner = await sqliteInt(db, "SELECT id FROM users WHERE login LIKE 'tjustice3x%' ORDER BY id LIMIT 1");
		mk = await sec.post('/api/v1/tokens', { name: '撤销测试', user_id: owner });
		assert.equal(mk.status, 201, mk.text);
		ROUTES['DELETE /api/v1/tokens/{id}'].target = `SELECT t.id, u.unit_id FROM api_tokens t
			JOIN users u ON u.id = t.user_id WHERE t.id = ${mk.json.id}`;

		let covered = 0;
		for (const rt of routes.filter((x) => x.write && x.record)) {
			const key = `${rt.method} ${rt.path}`;
			const spec = ROUTES[key];
			const rows = await sqliteRows(db, spec.target.replace(/^SELECT (\S+), (.+?) FROM/s, 'SELECT $1 AS id, $2 AS unit FROM'));
			assert.ok(rows.length, `${key}: the demo has no record to try it on`);
			const { id, unit } = rows[0];
			let path = rt.path.replace('{id}', id);
			let body = spec.body;
			if (key === 'POST /api/v1/mediate/disputes/{id}/extend') {
				const dl = await sqlite(db, `SELECT key FROM case_deadlines WHERE case_id = ${id} AND status = 'running'
					AND key IN ('mediate_court', 'mediation', 'inspection') LIMIT 1`);
				body = { deadline: dl, n: 5, reason: '当事人申请延长调解期限', approver: '调委会主任' };
			}
			if (key === 'PUT /api/v1/users/{id}') body = { ...body, unit_id: unit };
			if (key === 'DELETE /api/v1/kitchen/sites/{id}/sources/{sid}')
				path = path.replace('{sid}', await sqliteInt(db, `SELECT id FROM kitchen_sources
					WHERE site_id = ${id} AND revoked_at IS NULL ORDER BY id LIMIT 1`));
			const wide = new Set([...DISTRICT, ...KINDS[rt.record].wide]);
			const other = await otherUnit(unit);

			const own = rt.roles.find((x) => !DISTRICT.includes(x)) ?? rt.roles[0];
			const wrong = ROLES.filter((x) => !wide.has(x));
			for (const role of wrong) await userIn(role, other);
			// the district roles reach every unit: the demo admin stands for them
			const right = DISTRICT.includes(own) ? admin : as(await userIn(own, unit));

			const beforeState = await state(db);
			const auditBefore = await sqliteInt(db, 'SELECT MAX(seq) FROM audit_log');
			let refusals = 0;
			for (const role of wrong) {
				const r = await call(as(await userIn(role, other)), rt.method, path, body);
				const want = rt.roles.includes(role) ? 404 : 403;
				assert.equal(r.status, want, `${key} as ${role} of unit ${other} on record ${id} (unit ${unit}): ${r.text}`);
				assert.ok(r.json && r.json.error && /[\u4e00-\u9fff]/.test(r.json.error.message), r.text);
				if (want === 404) refusals++;
			}
			assert.equal(await state(db), beforeState, `${key}: a refused request changed the database`);
			// the refusals, and only they, are in the audit log
			const audited = await sqliteInt(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.refuse'"
				+ ` AND seq > ${auditBefore}`);
			assert.equal(audited, refusals, `${key}: refusals audited`);

			const r = await call(right, rt.method, path, body);
			const ok = spec.ok ?? [200, 201];
			assert.ok(ok.includes(r.status), `${key} as ${own} of the record's unit ${unit}: ${r.status} ${r.text}`);
			covered++;
		}
		assert.ok(covered >= 20, `only ${covered} routes covered`);
	});

	test('creating in another unit is refused and changes nothing', async () => {
		const town = await sqliteInt(db, "SELECT id FROM units WHERE kind = 'town' ORDER BY id LIMIT 1");
		const other = await otherUnit(town);
		await userIn('officer', town);
		await userIn('town', town);
		const beforeState = await state(db);
		// 立案 only in one's own unit's name
		let r = await call(as(await userIn('officer', town)), 'POST', '/api/v1/enforce/cases', {
			kind: 'inspection', unit_id: other, title: '对某商行的日常检查', party: { kind: 'org', name: '某商行',
				id_number: '91330621MA2D0N7Q3X', address: '柯桥街道' }, officers: [] });
		assert.ok([403, 400].includes(r.status), r.text);
		// a mediation organisation of another town
		const org = await sqliteInt(db, `SELECT o.id FROM mediate_orgs o JOIN units u ON u.id = o.unit_id
			WHERE u.path NOT LIKE (SELECT path FROM units WHERE id = ${town}) || '%' AND o.kind = 'people' LIMIT 1`);
		r = await call(as(await userIn('town', town)), 'POST', '/api/v1/mediate/disputes', {
			track: 'people', town: '330603001', org_id: org, applicant: '张某', respondent: '李某',
			phone: '13700001234', summary: '邻里之间因漏水发生纠纷' });
		assert.equal(r.status, 403, r.text);
		// a 复议 station of another town
		const station = await sqliteInt(db, `SELECT id FROM units WHERE kind = 'station' AND path NOT LIKE
			(SELECT path FROM units WHERE id = ${town}) || '%' ORDER BY id LIMIT 1`);
		r = await call(as(await userIn('town', town)), 'POST', '/api/v1/review/applications', {
			station_id: station, applicant: '王某', phone: '13700004321', address: '柯桥街道',
			respondent: '绍兴市柯桥区市场监督管理局', respondent_kind: 'county_dept', act: '罚款决定', request: '撤销' });
		assert.equal(r.status, 403, r.text);
		// a market entity in another town
		r = await call(as(await userIn('town', town)), 'POST', '/api/v1/grid/entities', {
			uscc: '913306033000001092', name: '越权登记测试有限公司', unit_id: other, industry: 'F5132', size: 'small' });
		assert.equal(r.status, 403, r.text);
		// a canteen in another town
		r = await call(as(await userIn('town', town)), 'POST', '/api/v1/kitchen/sites', {
			name: '越权登记测试小学食堂', kind: 'school', town: other });
		assert.equal(r.status, 403, r.text);
		assert.equal(await state(db), beforeState, 'a refused creation changed the database');
	});
});
