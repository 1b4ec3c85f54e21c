// pages/index.js - every page of the shell, in one list.
//
// A page module default-exports
//   { key, path, title, icon, component, layout?, public?, anyUser?, homeCards? }
//   key        the nav key the server sends in /api/v1/me.  Access is the
//              server's decision: a page whose key is not in the user's nav
//              shows 无权访问, unless it is marked
//   public     reachable without login (only the login page here)
//   anyUser    reachable by every logged-in user (首页, 修改密码, 退出登录)
//   path       hash path, "/users" is reached as "#/users"
//   icon       an Element Plus icon name, used in the menu and shortcuts
//   layout     'plain' renders without the header and menu (login)
//   homeCards  [{key, order, span, component}] shown on 首页 when the
//              user's nav has this page's key (span: 24-column grid)
// A new module adds its file under pages/ and one line below (docs/ui.md).

import login from './login.js';
import password from './password.js';
import home from './home.js';
import units from './units.js';
import users from './users.js';
import audit from './audit.js';
import tokens from './tokens.js';
import mfa from './mfa.js';
import calendar from './calendar.js';
import logout from './logout.js';
import enforce from './enforce.js';
import discretion from './enforce_calc.js';
import enforceSup from './enforce_sup.js';
import review from './review.js';
import mediate from './mediate.js';
import pattern from './pattern.js';
import report from './report.js';
import supervise from './supervise.js';
import grid from './grid.js';
import kitchen from './kitchen.js';

export default [
	login,
	password,
	home,
	units,
	users,
	audit,
	tokens,
	mfa,
	calendar,
	enforce,
	discretion,
	enforceSup,
	review,
	mediate,
	pattern,
	supervise,
	grid,
	kitchen,
	report,
	logout,
];
