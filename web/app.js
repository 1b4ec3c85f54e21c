// app.js - the shell: starts Vue with Element Plus (zh-cn), decides which
// page the current hash shows (login, forced password change, access), and
// draws the back-office frame around it: header, menu, breadcrumb.

import * as api from './api.js';
import { session, refresh, forget, hasNav } from './session.js';
import { route, go, replace, normPath } from './router.js';
import { icon } from './util.js';
import pages from './pages/index.js';

const { createApp, computed, watch, ref } = Vue;

const PLATFORM = '柯桥区法治政府数字化平台';

const byPath = new Map(pages.map((p) => [p.path, p]));
const byKey = new Map(pages.map((p) => [p.key, p]));

// Icons for nav keys whose page is not in this tree yet (a module whose
// server part landed first).  Pages carry their own icon.
const NAV_ICONS = {
	dashboard: 'DataBoard',
	enforcement: 'Files',
	cases: 'Files',
	review: 'Stamp',
	legality: 'DocumentChecked',
	mediation: 'ChatDotRound',
	supervision: 'View',
	assessment: 'TrendCharts',
	reports: 'DataAnalysis',
	laws: 'Reading',
	court: 'Suitcase',
	procurator: 'Compass',
	tokens: 'Key',
	settings: 'Setting',
};

function navIcon(key) {
	const p = byKey.get(key);
	return icon((p && p.icon) || NAV_ICONS[key]);
}

const NotFound = {
	template: `
<el-card shadow="never"><el-result icon="warning" title="页面不存在" sub-title="您访问的页面不存在或已被移除。">
  <template #extra><el-button type="primary" @click="home">返回首页</el-button></template>
</el-result></el-card>`,
	setup: () => ({ home: () => go('/') }),
};

const Forbidden = {
	template: `
<el-card shadow="never"><el-result icon="error" title="无权访问" sub-title="您的角色没有访问该功能的权限，如有需要请联系系统管理员。">
  <template #extra><el-button type="primary" @click="home">返回首页</el-button></template>
</el-result></el-card>`,
	setup: () => ({ home: () => go('/') }),
};

// A nav entry the server grants whose page this UI does not have yet.
const NotInstalled = {
	template: `
<el-card shadow="never"><el-result icon="info" title="功能尚未启用" sub-title="该功能模块的页面尚未部署到本系统，请联系系统管理员。">
  <template #extra><el-button type="primary" @click="home">返回首页</el-button></template>
</el-result></el-card>`,
	setup: () => ({ home: () => go('/') }),
};

const NavMenu = {
	name: 'NavMenu',
	props: { collapse: Boolean },
	emits: ['picked'],
	template: `
<el-menu :default-active="active" class="fz-menu" :collapse="collapse" @select="pick" data-test="nav">
  <el-menu-item v-for="n in items" :key="n.key" :index="n.path" :data-key="n.key">
    <el-icon><component :is="n.icon" /></el-icon>
    <template #title>{{ n.title }}</template>
  </el-menu-item>
</el-menu>`,
	setup(props, { emit }) {
		// A nav path that is not a "#/…" route is a page of its own
		// (e.g. the public 一键找法 at /laws/): the menu opens it as a link.
		const items = computed(() => session.nav.map((n) => ({
			key: n.key, title: n.title, icon: navIcon(n.key),
			path: String(n.path).startsWith('#') ? normPath(n.path) : n.path,
			external: !String(n.path).startsWith('#'),
		})));
		// The entry for this path, or the one whose key is the page shown
		// ("/" shows 首页 even when the server's entry says "#/home").
		const active = computed(() => {
			if (items.value.some((n) => n.path === route.path)) return route.path;
			const p = byPath.get(route.path);
			const hit = p && items.value.find((n) => n.key === p.key);
			return hit ? hit.path : route.path;
		});
		function pick(path) {
			const item = items.value.find((n) => n.path === path);
			emit('picked');
			if (item && item.external) window.location.assign(path);
			else go(path);
		}
		return { items, active, pick };
	},
};

const AppLayout = {
	name: 'AppLayout',
	components: { NavMenu },
	props: { page: Object, title: String },
	template: `
<el-container class="fz-shell">
  <el-header class="fz-header" height="60px">
    <div class="fz-header-left">
      <button type="button" class="fz-menu-toggle" aria-label="菜单" @click="drawer = true">
        <el-icon :size="22"><IconExpand /></el-icon>
      </button>
      <img class="fz-header-logo" src="img/logo.svg" alt="">
      <span class="fz-header-title">${PLATFORM}</span>
    </div>
    <div class="fz-header-right" data-test="header-user">
      <span class="fz-header-unit"><el-icon><IconOfficeBuilding /></el-icon>{{ unitName }}</span>
      <span class="fz-header-role">{{ roleName }}</span>
      <el-dropdown trigger="click" @command="onCommand">
        <span class="fz-header-user">
          <span class="fz-header-avatar">{{ initial }}</span>
          <span class="fz-header-name">{{ userName }}</span>
          <el-icon><IconArrowDown /></el-icon>
        </span>
        <template #dropdown>
          <el-dropdown-menu>
            <el-dropdown-item command="/password" :icon="icons.Key">修改密码</el-dropdown-item>
            <el-dropdown-item command="/logout" divided :icon="icons.SwitchButton">退出登录</el-dropdown-item>
          </el-dropdown-menu>
        </template>
      </el-dropdown>
    </div>
  </el-header>
  <el-container class="fz-body">
    <el-aside width="220px" class="fz-aside"><NavMenu /></el-aside>
    <el-drawer v-model="drawer" direction="ltr" size="240px" :with-header="false" class="fz-drawer">
      <div class="fz-drawer-title">${PLATFORM}</div>
      <NavMenu @picked="drawer = false" />
    </el-drawer>
    <el-main class="fz-main">
      <el-breadcrumb separator="/" class="fz-breadcrumb" data-test="breadcrumb">
        <el-breadcrumb-item><a href="#/">首页</a></el-breadcrumb-item>
        <el-breadcrumb-item v-if="page.key !== 'home'">{{ title }}</el-breadcrumb-item>
      </el-breadcrumb>
      <component :is="page.component" :key="route.path" />
    </el-main>
  </el-container>
</el-container>`,
	setup() {
		const drawer = ref(false);
		const u = computed(() => session.user || {});
		return {
			route,
			drawer,
			icons: window.ElementPlusIconsVue,
			userName: computed(() => u.value.name || u.value.login),
			unitName: computed(() => (u.value.unit && u.value.unit.name) || ''),
			roleName: computed(() => u.value.role_name || u.value.role),
			initial: computed(() => (u.value.name || u.value.login || '?').slice(0, 1)),
			onCommand: (path) => go(path),
		};
	},
};

// What the current hash shows: {page, plain, title} or {redirect: [path, query]}.
function resolve() {
	const path = route.path;
	const u = session.user;
	if (!u) {
		const p = byPath.get(path);
		if (p && p.public) return { page: p, plain: true };
		return { redirect: ['/login', path !== '/' && path !== '/logout' ? { next: path } : null] };
	}
	if (u.must_change_password) {
		// Nothing but the password form (and leaving) until it is done.
		if (path === '/logout') return { page: byPath.get('/logout'), plain: true };
		if (path !== '/password') return { redirect: ['/password'] };
		return { page: byPath.get('/password'), plain: true };
	}
	if (path === '/login') return { redirect: ['/'] };
	const navEntry = session.nav.find((n) => normPath(n.path) === path);
	// The server chooses nav paths ("#/home"); a page is found by its own
	// path or by the key of the nav entry that points here.
	const p = byPath.get(path) || (navEntry && byKey.get(navEntry.key));
	if (!p) {
		return { page: { component: navEntry ? NotInstalled : NotFound },
			title: navEntry ? navEntry.title : '页面不存在' };
	}
	const title = navEntry ? navEntry.title : p.title;
	if (!p.public && !p.anyUser && !hasNav(p.key)) {
		return { page: { component: Forbidden }, title: '无权访问' };
	}
	return { page: p, plain: p.layout === 'plain', title };
}

const Root = {
	name: 'FazhiApp',
	components: { AppLayout },
	template: `
<el-config-provider :locale="locale">
  <div v-if="!view" class="fz-boot">
    <div class="fz-boot-title">${PLATFORM}</div>
    <div class="fz-boot-text">正在加载…</div>
  </div>
  <component v-else-if="view.plain" :is="view.page.component" :key="route.path" />
  <AppLayout v-else :page="view.page" :title="view.title" />
</el-config-provider>`,
	setup() {
		const view = computed(() => {
			if (!session.loaded) return null;
			const v = resolve();
			return v.redirect ? null : v;
		});
		watch(() => [session.loaded, session.user, route.path], () => {
			if (!session.loaded) return;
			const v = resolve();
			if (v.redirect) {
				replace(v.redirect[0], v.redirect[1]);
				return;
			}
			document.title = (v.title || v.page.title || '') ?
				(v.title || v.page.title) + ' - ' + PLATFORM : PLATFORM;
		}, { immediate: true });
		return { view, route, locale: window.ElementPlusLocaleZhCn };
	},
};

api.setHandlers({
	unauthenticated() {
		if (!session.user) return;
		const next = route.path;
		forget();
		ElementPlus.ElMessage.warning({ message: '登录已失效，请重新登录', grouping: true });
		replace('/login', next !== '/' ? { next } : null);
	},
	passwordChangeRequired() {
		refresh();
	},
});

dayjs.locale('zh-cn');
const app = createApp(Root);
app.use(ElementPlus, { locale: window.ElementPlusLocaleZhCn });
for (const [name, comp] of Object.entries(window.ElementPlusIconsVue)) {
	app.component('Icon' + name, comp);
}
app.mount('#app');
refresh();

// Element Plus's page-size picker (el-pagination "sizes") renders a combobox
// without an accessible name (GB/T 37668-2019, as WCAG 4.1.2): name every
// one that appears.
new MutationObserver(() => {
	for (const el of document.querySelectorAll('.el-pagination__sizes input:not([aria-label])'))
		el.setAttribute('aria-label', '每页条数');
}).observe(document.body, { childList: true, subtree: true });
