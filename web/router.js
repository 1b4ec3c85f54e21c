// router.js - hash routing ("#/users?page=2") without a library.
//
// The server serves one index.html; everything after '#' is ours.  route is
// reactive, so the app re-renders when the hash changes.

const { reactive } = Vue;

export const route = reactive({ path: '/', query: {} });

function parse() {
	let h = window.location.hash.replace(/^#/, '');
	if (!h.startsWith('/')) h = '/' + h;
	const q = h.indexOf('?');
	const path = q < 0 ? h : h.slice(0, q);
	const query = {};
	if (q >= 0) {
		for (const [k, v] of new URLSearchParams(h.slice(q + 1))) query[k] = v;
	}
	route.path = path.length > 1 ? path.replace(/\/+$/, '') : '/';
	route.query = query;
}

function build(path, query) {
	let h = '#' + normPath(path);
	if (query) {
		const s = new URLSearchParams();
		for (const [k, v] of Object.entries(query)) {
			if (v !== undefined && v !== null && v !== '') s.set(k, v);
		}
		const qs = s.toString();
		if (qs) h += '?' + qs;
	}
	return h;
}

// Server nav paths may be written "/users", "#/users" or "/#/users":
// bring them all to "/users".
export function normPath(p) {
	let s = String(p || '/').replace(/^\/?#/, '');
	if (!s.startsWith('/')) s = '/' + s;
	return s.length > 1 ? s.replace(/\/+$/, '') : '/';
}

export function go(path, query) {
	const h = build(path, query);
	if (h === window.location.hash) parse();
	else window.location.hash = h;
}

// Like go() but without a history entry (redirects).
export function replace(path, query) {
	const h = build(path, query);
	window.history.replaceState(null, '', h);
	parse();
}

window.addEventListener('hashchange', parse);
parse();
