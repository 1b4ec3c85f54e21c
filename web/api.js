// api.js - the one door from the UI to the JSON API (docs/api.md).
//
// Every call goes through request(): it sends the CSRF token on writes,
// turns the server's {"error":{code,field,message}} into an ApiError, shows
// error.message with ElMessage (unless the caller asks for quiet) and sends
// the user back to the login page on 401.

const BASE = '/api/v1';

// The CSRF token from login, /me and password changes.  Kept in memory
// only: a reload asks /me again.
let csrf = '';

// Called on 401 (session gone) and on 403 password_change_required; set by
// app.js so this file needs no knowledge of routing.
let onUnauthenticated = () => {};
let onPasswordChangeRequired = () => {};

export function setCsrf(token) {
	csrf = token || '';
}

export function setHandlers(h) {
	if (h.unauthenticated) onUnauthenticated = h.unauthenticated;
	if (h.passwordChangeRequired) onPasswordChangeRequired = h.passwordChangeRequired;
}

export class ApiError extends Error {
	constructor(status, code, field, message) {
		super(message);
		this.status = status;
		this.code = code;
		this.field = field;
	}
}

// Chinese text for failures that carry no server message (network down,
// proxy error page instead of JSON).
function fallbackMessage(status) {
	if (status === 0) return '无法连接服务器，请检查网络后重试';
	if (status === 401) return '登录已失效，请重新登录';
	if (status === 403) return '没有权限执行该操作';
	if (status === 404) return '请求的资源不存在';
	if (status === 413) return '提交的内容过大';
	if (status === 429) return '操作过于频繁，请稍后再试';
	if (status >= 500) return '服务器内部错误，请稍后再试';
	return '请求失败（' + status + '）';
}

function queryString(query) {
	if (!query) return '';
	const parts = [];
	for (const [k, v] of Object.entries(query)) {
		if (v === undefined || v === null || v === '') continue;
		parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
	}
	return parts.length ? '?' + parts.join('&') : '';
}

// request(method, path, {body, query, quiet}) -> parsed JSON answer.
// path is relative to /api/v1 ("/users/3").  Throws ApiError on any
// failure; quiet: true leaves showing the message to the caller.
export async function request(method, path, opts = {}) {
	const headers = { Accept: 'application/json' };
	const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
	if (opts.body !== undefined) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(opts.body);
	}
	if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrf;

	let res;
	try {
		res = await fetch(BASE + path + queryString(opts.query), init);
	} catch (e) {
		return fail(new ApiError(0, 'network', null, fallbackMessage(0)), opts);
	}
	let data = null;
	const text = await res.text();
	if (text) {
		try {
			data = JSON.parse(text);
		} catch (e) {
			data = null;
		}
	}
	if (res.ok) return data;

	const er = (data && data.error) || {};
	const err = new ApiError(res.status, er.code || 'http_' + res.status,
		er.field || null, er.message || fallbackMessage(res.status));
	if (res.status === 401 && !opts.noRedirect) {
		onUnauthenticated(err);
		return fail(err, { quiet: true });
	}
	if (err.code === 'password_change_required') {
		onPasswordChangeRequired(err);
		return fail(err, { quiet: true });
	}
	return fail(err, opts);
}

function fail(err, opts) {
	if (!opts.quiet) ElementPlus.ElMessage.error({ message: err.message, grouping: true });
	throw err;
}

export const get = (path, query, opts = {}) => request('GET', path, { ...opts, query });
export const post = (path, body, opts = {}) => request('POST', path, { ...opts, body: body || {} });
export const put = (path, body, opts = {}) => request('PUT', path, { ...opts, body: body || {} });
export const del = (path, opts = {}) => request('DELETE', path, opts);
