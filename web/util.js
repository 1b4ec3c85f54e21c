// util.js - small helpers every page shares: time display, icons, the
// password rule, unit trees.

// Element Plus icon components by name ("User", "OfficeBuilding").  They are
// also registered globally as <IconUser/> etc. by app.js.
export const icons = window.ElementPlusIconsVue || {};

export function icon(name) {
	return icons[name] || icons.Document;
}

// Instants come from the API in UTC ("2026-11-28T03:04:05Z") and are shown
// in Asia/Shanghai (ARCHITECTURE.md), whatever the browser's own time zone.
// China has kept UTC+8 without daylight saving since 1991, so a fixed
// offset is exact for every date the platform holds.
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

function pad(n) {
	return n < 10 ? '0' + n : String(n);
}

export function fmtTime(iso) {
	if (!iso) return '—';
	const t = Date.parse(iso);
	if (Number.isNaN(t)) return String(iso);
	const d = new Date(t + SHANGHAI_OFFSET_MS);
	return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) +
		' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
}

// Every problem of a staff form at once, each at its field (errs, a
// reactive object the form items read as :error): the required fields
// (key -> label), a phone, an amount.  True when there is none; the
// server checks again.
export function checkForm(form, required, errs) {
	for (const k of Object.keys(errs)) delete errs[k];
	for (const [k, label] of Object.entries(required))
		if (form[k] === null || form[k] === undefined || !String(form[k]).trim()) errs[k] = `请填写${label}`;
	if (form.phone && !/^1[3-9]\d{9}$/.test(String(form.phone).trim())) errs.phone = '请填写 11 位手机号码';
	if (form.amount && !/^\d+(\.\d{1,2})?$/.test(String(form.amount).trim())) errs.amount = '请填写金额，如 8000 或 8000.50';
	return !Object.keys(errs).length;
}

// Today in Shanghai as "2026-11-28", what a date field starts at.
export function todayISO() {
	return new Date(Date.now() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

// The period a figures page opens on: the year being reported.  A year's
// 法治政府建设年度报告 is written in the first quarter of the next (the
// district's 2023 report was published on 2024-03-06), so until the end
// of March that is last year; from April on, this year to date.
export function reportRange() {
	const t = todayISO(), y = +t.slice(0, 4);
	return +t.slice(5, 7) <= 3 ? [`${y - 1}-01-01`, `${y - 1}-12-31`] : [`${y}-01-01`, t];
}

// The shortcuts of a figures page's date range.
export const RANGE_SHORTCUTS = [
	{ text: '本年度', value: () => { const t = todayISO(); return [t.slice(0, 4) + '-01-01', t]; } },
	{ text: '上一年度', value: () => { const y = +todayISO().slice(0, 4) - 1; return [`${y}-01-01`, `${y}-12-31`]; } },
	{ text: '近十二个月', value: () => {
		const t = todayISO();
		return [`${+t.slice(0, 4) - 1}${t.slice(4)}`, t];
	} },
];

// Today in Shanghai as "2026年11月28日 星期六" (dayjs zh-cn locale).
export function todayText() {
	const now = new Date(Date.now() + SHANGHAI_OFFSET_MS);
	const local = new Date(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
	return dayjs(local).format('YYYY年M月D日 dddd');
}

// Password rule of docs/api.md and src/crypto/pw.c: GB/T 22239-2019
// 8.1.4.1 a) asks for complex credentials; the practice value (an
// assessment expectation, not the standard's text) is at least 8
// characters from at least 3 of upper case, lower case, digit, symbol.
// The server also refuses a password that contains the login name.  The
// server decides; this copy only answers the user before submitting.
export const PASSWORD_RULE_TEXT =
	'密码长度至少 8 位，须包含大写字母、小写字母、数字、特殊字符中的至少 3 类，且不能包含登录名；' +
	'不能是常见弱密码、姓名拼音或键盘序列，不能与最近 5 次用过的密码相同。';

export function passwordProblem(pw, login) {
	// The server counts characters (code points), not UTF-16 units.
	if (!pw || Array.from(pw).length < 8) return '密码至少需要 8 个字符';
	let classes = 0;
	if (/[A-Z]/.test(pw)) classes++;
	if (/[a-z]/.test(pw)) classes++;
	if (/[0-9]/.test(pw)) classes++;
	if (/[^A-Za-z0-9]/.test(pw)) classes++;
	if (classes < 3) return '密码须包含大写字母、小写字母、数字、特殊字符中的至少三类';
	if (login && pw.toLowerCase().includes(String(login).toLowerCase())) return '密码不能包含登录名';
	return '';
}

// Element Plus form rule built from passwordProblem; login() gives the
// login name the password must not contain (may return '').
export function passwordRule(login) {
	return {
		validator(rule, value, callback) {
			const p = passwordProblem(value, login ? login() : '');
			if (p) callback(new Error(p));
			else callback();
		},
		trigger: 'blur',
	};
}

// Unit kinds of docs/api.md.
export const UNIT_KINDS = [
	{ key: 'district', name: '区' },
	{ key: 'department', name: '部门' },
	{ key: 'town', name: '镇街' },
	{ key: 'station', name: '工作站' },
];

// Flat Unit list -> tree (children arrays), roots first, each level sorted
// by code then name.  Units whose parent is outside the caller's scope
// become roots.
export function unitTree(units) {
	const byId = new Map();
	for (const u of units) byId.set(u.id, { ...u, children: [] });
	const roots = [];
	for (const u of byId.values()) {
		const parent = u.parent_id != null ? byId.get(u.parent_id) : null;
		if (parent) parent.children.push(u);
		else roots.push(u);
	}
	const sortLevel = (list) => {
		list.sort((a, b) => String(a.code || '').localeCompare(String(b.code || '')) ||
			a.name.localeCompare(b.name, 'zh-CN'));
		for (const u of list) {
			if (u.children.length) sortLevel(u.children);
			else delete u.children;
		}
	};
	sortLevel(roots);
	return roots;
}

// A random password that satisfies the rule, for the "生成" button.
export function randomPassword() {
	const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%&*?'];
	const all = sets.join('');
	const pick = (s) => s[crypto.getRandomValues(new Uint32Array(1))[0] % s.length];
	const chars = sets.map(pick);
	while (chars.length < 12) chars.push(pick(all));
	for (let i = chars.length - 1; i > 0; i--) {
		const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1);
		[chars[i], chars[j]] = [chars[j], chars[i]];
	}
	return chars.join('');
}

// The link that downloads a list as an Excel workbook: the list's own
// filters, every row (not the page), format=xlsx (docs/api.md, "Cases").
export function exportHref(path, query) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(query || {}))
		if (v !== '' && v != null && k !== 'page' && k !== 'per_page') q.set(k, v);
	q.set('format', 'xlsx');
	return '/api/v1' + path + '?' + q.toString();
}

// A sum of money for a figure (statistics, totals): 元 below 1 万元, then
// 万元 and 亿元 with two decimals, as the 年度报告 and 政务 dashboards
// write them ("9.99 亿元", not "999,092,100.00 元").  Amounts of one
// case (a fine, a claim) keep the exact 元 of the record.
export function bigYuan(cents) {
	if (cents == null || !Number.isFinite(Number(cents))) return '—';
	const y = Number(cents) / 100, a = Math.abs(y);
	if (a >= 1e8) return (y / 1e8).toFixed(2) + ' 亿元';
	if (a >= 1e4) return (y / 1e4).toFixed(2) + ' 万元';
	return y.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' 元';
}

