// pages/home.js - 首页.  A welcome card (who, which unit, which role), the
// user's unit, then the cards that modules contribute: a page module's
// `homeCards` are shown when the server's nav grants that module's key.

import { session, hasNav } from '../session.js';
import { go, normPath } from '../router.js';
import { get } from '../api.js';
import { fmtTime, todayText, icon } from '../util.js';
import pages from './index.js';
import { TodoCard } from './todo.js';

const { ref, computed, onMounted } = Vue;

function greeting() {
	// Shanghai hour, whatever the browser's zone (see util.fmtTime).
	const h = new Date(Date.now() + 8 * 3600 * 1000).getUTCHours();
	if (h < 6) return '夜深了';
	if (h < 12) return '上午好';
	if (h < 14) return '中午好';
	if (h < 18) return '下午好';
	return '晚上好';
}

// 待办 is shown to whoever works on cases: a menu that holds a case domain.
const CASE_NAV = ['enforce', 'review', 'mediate'];

const HomePage = {
	name: 'HomePage',
	components: { TodoCard },
	template: `
<div class="fz-home">
  <el-card shadow="never" class="fz-welcome" data-test="welcome">
    <div class="fz-welcome-row">
      <div class="fz-welcome-avatar">{{ initial }}</div>
      <div class="fz-welcome-main">
        <div class="fz-welcome-hello">{{ hello }}，{{ user.name }}</div>
        <div class="fz-welcome-meta">
          <span><el-icon><IconOfficeBuilding /></el-icon>{{ user.unit && user.unit.name }}</span>
          <el-tag size="small" effect="plain">{{ user.role_name || user.role }}</el-tag>
          <span v-if="user.last_login_at" class="fz-muted">最近登录：{{ fmtTime(user.last_login_at) }}</span>
        </div>
      </div>
      <div class="fz-welcome-date">{{ today }}</div>
    </div>
  </el-card>

  <el-row :gutter="16" v-if="hasTodo">
    <el-col :span="24" class="fz-home-col"><TodoCard /></el-col>
  </el-row>

  <el-row :gutter="16">
    <el-col v-for="c in cards" :key="c.key" :xs="24" :sm="c.span || 12" class="fz-home-col">
      <component :is="c.component" />
    </el-col>
  </el-row>

  <el-row :gutter="16">
    <el-col :xs="24" :md="12" class="fz-home-col">
      <el-card shadow="never" class="fz-home-card" data-test="my-unit">
        <template #header><div class="fz-card-head"><span>本单位信息</span></div></template>
        <el-descriptions :column="1" border size="default">
          <el-descriptions-item label="单位名称">{{ unit ? unit.name : (user.unit && user.unit.name) }}</el-descriptions-item>
          <el-descriptions-item label="单位类型">{{ unit ? unit.kind_name : '—' }}</el-descriptions-item>
          <el-descriptions-item label="单位编码">{{ unit && unit.code ? unit.code : '—' }}</el-descriptions-item>
          <el-descriptions-item label="隶属关系">{{ lineage || '—' }}</el-descriptions-item>
          <el-descriptions-item label="下级单位">{{ childCount }} 个</el-descriptions-item>
          <el-descriptions-item label="我的角色">{{ user.role_name || user.role }}</el-descriptions-item>
        </el-descriptions>
      </el-card>
    </el-col>
    <el-col :xs="24" :md="12" class="fz-home-col">
      <el-card shadow="never" class="fz-home-card" data-test="shortcuts">
        <template #header><div class="fz-card-head"><span>我的功能</span></div></template>
        <div class="fz-shortcuts">
          <a v-for="n in shortcuts" :key="n.key" class="fz-shortcut" :href="'#' + n.path"
            @click.prevent="open(n)">
            <el-icon :size="26"><component :is="n.icon" /></el-icon>
            <span>{{ n.title }}</span>
          </a>
        </div>
      </el-card>
    </el-col>
  </el-row>
</div>`,
	setup() {
		const user = computed(() => session.user || {});
		const hasTodo = computed(() => CASE_NAV.some((k) => hasNav(k)));
		const units = ref([]);
		const initial = computed(() => (user.value.name || user.value.login || '?').slice(0, 1));
		const unit = computed(() => user.value.unit &&
			units.value.find((u) => u.id === user.value.unit.id));
		const lineage = computed(() => {
			if (!unit.value) return '';
			const byId = new Map(units.value.map((u) => [u.id, u]));
			const names = [];
			for (let u = unit.value; u; u = u.parent_id != null ? byId.get(u.parent_id) : null) {
				names.unshift(u.name);
				if (names.length > 10) break;
			}
			return names.join(' / ');
		});
		const childCount = computed(() => !unit.value ? 0 :
			units.value.filter((u) => u.parent_id === unit.value.id).length);
		const cards = computed(() => pages
			.filter((p) => p.homeCards && hasNav(p.key))
			.flatMap((p) => p.homeCards)
			.sort((a, b) => (a.order || 0) - (b.order || 0)));
		const byKey = new Map(pages.map((p) => [p.key, p]));
		// The user's nav entries, then the account pages every user has.
		const shortcuts = computed(() => {
			const list = session.nav
				.filter((n) => n.key !== 'home' && normPath(n.path) !== '/')
				.map((n) => ({
					key: n.key, title: n.title,
					path: String(n.path).startsWith('#') ? normPath(n.path) : n.path,
					external: !String(n.path).startsWith('#'),
					icon: icon((byKey.get(n.key) || {}).icon),
				}));
			for (const p of pages) {
				if (p.anyUser && p.key !== 'home' && !list.some((n) => n.key === p.key)) {
					list.push({ key: p.key, title: p.title, path: p.path, icon: icon(p.icon) });
				}
			}
			return list;
		});

		onMounted(async () => {
			try {
				units.value = (await get('/units', null, { quiet: true })).items || [];
			} catch (e) {
				units.value = [];
			}
		});
		// Pages outside the staff app (e.g. /laws/) open as links.
		const open = (n) => (n.external ? window.location.assign(n.path) : go(n.path));
		return {
			user, hasTodo, unit, lineage, childCount, cards, shortcuts, initial, go, open, fmtTime,
			hello: greeting(), today: todayText(),
		};
	},
};

export default {
	key: 'home',
	anyUser: true,
	path: '/',
	title: '首页',
	icon: 'HomeFilled',
	component: HomePage,
};
