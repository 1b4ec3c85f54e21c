// session.js - who is logged in, as the server last told us (GET /api/v1/me).
//
// The server decides everything here: the user, the CSRF token and the
// navigation entries the user may see.  The UI only renders it.

import * as api from './api.js';

const { reactive } = Vue;

export const session = reactive({
	loaded: false,   // /me answered at least once (logged in or not)
	user: null,      // User object of docs/api.md, or null
	nav: [],         // [{key, title, path}] in server order
});

function apply(me) {
	session.user = me ? me.user : null;
	session.nav = (me && Array.isArray(me.nav)) ? me.nav : [];
	api.setCsrf(me ? me.csrf : '');
	session.loaded = true;
}

// Ask the server who we are.  A 401 just means "not logged in".
export async function refresh() {
	try {
		apply(await api.get('/me', null, { quiet: true, noRedirect: true }));
	} catch (e) {
		if (e.status !== 401 && e.code !== 'password_change_required') {
			// Server down or broken: show it, but still let the login page render.
			ElementPlus.ElMessage.error(e.message);
		}
		apply(null);
	}
}

// Log in; throws ApiError (status 401 bad pair, 423 locked) with the
// server's Chinese message for the login page to show.  When the server
// asks for a second factor there is no session yet: resolves
// { second_factor: 'totp' | 'enrol', challenge, message } for the page's
// second step (loginSecond).
export async function login(loginName, password) {
	const r = await api.post('/login', { login: loginName, password },
		{ quiet: true, noRedirect: true });
	if (r.second_factor) return r;
	await opened(r);
	return null;
}

// The second step: { challenge, code } or { challenge, recovery_code }.
// Resolves the server's answer.  After an enrolment it carries the
// recovery_codes, and the session is taken up only by finishLogin(r), once
// the page has shown them (taking it up at once would leave the login page).
export async function loginSecond(body) {
	const r = await api.post('/login/totp', body, { quiet: true, noRedirect: true });
	if (!r.recovery_codes) await opened(r);
	return r;
}

export function finishLogin(r) {
	return opened(r);
}

// A new TOTP secret for an enrolment challenge: { secret, uri, qr_svg }.
export function enrolChallenge(challenge) {
	return api.post('/login/totp/enrol', { challenge }, { quiet: true, noRedirect: true });
}

async function opened(r) {
	api.setCsrf(r.csrf);
	await refresh();
	if (!session.user) {
		// /me may refuse while the password must change: fall back to
		// what login itself told us.
		apply({ user: r.user, csrf: r.csrf, nav: [] });
	}
}

export async function logout() {
	try {
		await api.post('/logout', {}, { quiet: true, noRedirect: true });
	} catch (e) {
		// Already logged out on the server: nothing to undo.
	}
	apply(null);
}

export async function changePassword(oldPassword, newPassword) {
	const r = await api.post('/me/password',
		{ old_password: oldPassword, new_password: newPassword }, { quiet: true });
	if (r && r.csrf) api.setCsrf(r.csrf);
	await refresh();
}

// Forget the session locally (after a 401 from any call).
export function forget() {
	apply(null);
}

// Is this nav key granted to the current user?
export function hasNav(key) {
	return session.nav.some((n) => n.key === key);
}
