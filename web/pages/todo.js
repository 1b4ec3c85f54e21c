// pages/todo.js - the 待办 card of 首页 (GET /api/v1/todo, docs/api.md):
// for each case domain the user works in, what is overdue, red, yellow,
// due today and within the week, and the cases with a prompt to handle,
// then the most urgent cases; a row opens the case on its own page.

import { get } from '../api.js';
import { go } from '../router.js';

const { ref, computed, onMounted } = Vue;

const LIGHTS = { overdue: ['超期', 'danger'], red: ['红灯', 'danger'], yellow: ['黄灯', 'warning'],
	green: ['绿灯', 'success'], paused: ['暂停', 'info'], unknown: ['待定', 'info'], none: ['—', 'info'] };

// "2026-12-07" as 12月7日 (with the year when it is not this one).
function dayText(iso, year) {
	if (!iso) return '—';
	const [y, m, d] = iso.split('-').map(Number);
	return (y !== year ? `${y}年` : '') + `${m}月${d}日`;
}

export const TodoCard = {
	name: 'TodoCard',
	template: `
<el-card shadow="never" class="fz-todo" data-test="todo" v-loading="loading">
  <template #header>
    <div class="fz-card-head">
      <span>待办事项</span>
      <span class="fz-muted fz-todo-sub" v-if="today">截至{{ dayText(today, 0) }}：已亮灯、{{ days }}日内到期或有待处理提示的案件</span>
    </div>
  </template>
  <el-empty v-if="!loading && !domains.length" description="暂无需要办理的案件" :image-size="64" />
  <div v-for="d in domains" :key="d.key" class="fz-todo-domain" :data-test="'todo-' + d.key">
    <div class="fz-todo-title">{{ d.name }}<span class="fz-muted">共 {{ d.total }} 件待办</span></div>
    <div class="fz-todo-stats">
      <div v-for="s in stats" :key="s.key" class="fz-todo-stat" :class="d[s.key] ? s.cls : ''" :data-test="'todo-' + d.key + '-' + s.key">
        <div class="fz-todo-num">{{ d[s.key] }}</div>
        <div class="fz-todo-label">{{ s.label }}</div>
      </div>
    </div>
    <el-table v-if="d.items.length" :data="d.items" size="small" class="fz-todo-table" @row-click="(row) => open(d, row)"
      row-class-name="fz-clickable">
      <el-table-column label="案号" min-width="170" show-overflow-tooltip>
        <template #default="{ row }">{{ row.number || '（未编号）' }}</template>
      </el-table-column>
      <el-table-column prop="title" label="事项" min-width="200" show-overflow-tooltip />
      <el-table-column prop="state_name" label="环节" width="100" show-overflow-tooltip />
      <el-table-column label="期限" width="120">
        <template #default="{ row }">{{ dayText(row.next_due, year) }}</template>
      </el-table-column>
      <el-table-column label="状态" width="150">
        <template #default="{ row }">
          <el-tag :type="light(row)[1]" size="small" effect="dark">{{ light(row)[0] }}</el-tag>
          <el-tag v-if="row.open_flags" type="warning" size="small" class="fz-ml">提示 {{ row.open_flags }}</el-tag>
        </template>
      </el-table-column>
    </el-table>
    <ul v-if="d.items.length" class="fz-todo-list">
      <li v-for="row in d.items" :key="row.id" @click="open(d, row)">
        <div class="fz-todo-line">
          <span class="fz-todo-no">{{ row.number || '（未编号）' }}</span>
          <el-tag :type="light(row)[1]" size="small" effect="dark">{{ light(row)[0] }}</el-tag>
        </div>
        <div class="fz-todo-what">{{ row.title }}</div>
        <div class="fz-muted">{{ row.state_name }} · 期限 {{ dayText(row.next_due, year) }}<span v-if="row.open_flags"> · 提示 {{ row.open_flags }}</span></div>
      </li>
    </ul>
    <div v-if="d.total > d.items.length" class="fz-todo-more">
      <el-button link type="primary" @click="go(d.page)">另有 {{ d.total - d.items.length }} 件，到{{ d.name }}查看</el-button>
    </div>
  </div>
</el-card>`,
	setup() {
		const loading = ref(true);
		const domains = ref([]);
		const today = ref('');
		const days = ref(7);
		const year = computed(() => Number((today.value || '0').slice(0, 4)));
		const stats = [
			{ key: 'overdue', label: '已超期', cls: 'is-danger' },
			{ key: 'red', label: '红灯', cls: 'is-danger' },
			{ key: 'yellow', label: '黄灯', cls: 'is-warning' },
			{ key: 'due_today', label: '今日到期', cls: 'is-danger' },
			{ key: 'due_week', label: '7日内到期', cls: 'is-warning' },
			{ key: 'flagged', label: '待处理提示', cls: 'is-warning' },
		];
		const light = (row) => LIGHTS[row.light] || LIGHTS.none;
		const open = (d, row) => go(d.page, { [d.param]: row.id });
		onMounted(async () => {
			try {
				const r = await get('/todo', null, { quiet: true });
				domains.value = r.domains || [];
				today.value = r.today || '';
				days.value = r.days || 7;
			} catch (e) {
				domains.value = [];
			} finally {
				loading.value = false;
			}
		});
		return { loading, domains, today, days, year, stats, light, open, go, dayText };
	},
};
