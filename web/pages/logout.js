// pages/logout.js - 退出登录: reached from the user menu or a server nav
// entry; ends the session on the server and returns to the login page.

import { logout } from '../session.js';
import { replace } from '../router.js';

const { onMounted } = Vue;

const LogoutPage = {
	name: 'LogoutPage',
	template: '<div class="fz-plain-page"><div class="fz-boot-text">正在退出…</div></div>',
	setup() {
		onMounted(async () => {
			await logout();
			ElementPlus.ElMessage.success('已安全退出');
			replace('/login');
		});
		return {};
	},
};

export default {
	key: 'logout',
	anyUser: true,
	path: '/logout',
	title: '退出登录',
	icon: 'SwitchButton',
	layout: 'plain',
	component: LogoutPage,
};
