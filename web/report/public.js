// public.js - 法治政府建设年度报告 on the public site, as a 政府信息公开
// entry (索引号, 发布机构, 公开方式, 组配分类, 发文日期): the published
// reports, newest first, and one report in full, where a reader clicks a
// figure to see what it counts and its published breakdown.  Only what the
// district published is shown; no personal data is behind a figure.
//
//   /report/            the list
//   /report/#2025       the report of 2025 as last published

import { ReportBody, FigureDrawer } from '/pages/report.js';

const { createApp, ref, onMounted, onBeforeUnmount } = Vue;

async function call(path) {
	let res;
	try {
		res = await fetch('/api/v1/public' + path, { cache: 'no-store' });
	} catch (e) {
		throw new Error('无法连接服务器，请检查网络后重试');
	}
	const j = await res.json().catch(() => null);
	if (!res.ok) throw new Error((j && j.error && j.error.message) || '读取失败（' + res.status + '）');
	return j;
}

const App = {
	components: { ReportBody, FigureDrawer },
	template: `
<div>
  <div class="pb-head"><h1>柯桥区人民政府 · 政府信息公开</h1><p>法治政府建设年度报告</p></div>
  <div class="pb-main">
    <el-alert v-if="error" type="error" show-icon :closable="false" :title="error" data-test="error" />
    <div v-if="report" class="pb-card" data-test="public-report">
      <p><a href="#" @click.prevent="go('')">返回报告列表</a></p>
      <table class="pb-meta" data-test="report-meta">
        <tbody>
          <tr><th>索引号</th><td>{{ report.published.index_no }}</td></tr>
          <tr><th>发布机构</th><td>{{ report.publisher }}</td></tr>
          <tr><th>公开方式</th><td>主动公开</td></tr>
          <tr><th>组配分类</th><td>{{ report.category }}</td></tr>
          <tr><th>发文日期</th><td>{{ report.published.date }}</td></tr>
        </tbody>
      </table>
      <ReportBody :report="report" @figure="open" />
      <p class="pb-note">文中带底色的数字由业务记录计算，点击可查看统计口径和分项。
        <a :href="'/api/v1/public/reports/' + report.year + '/report.pdf'" target="_blank" data-test="public-pdf">下载报告全文</a></p>
    </div>
    <div v-else-if="items" class="pb-card">
      <ul class="pb-list" data-test="report-list">
        <li v-for="r in items" :key="r.year"><a :href="'#' + r.year">{{ r.title }}</a>（{{ r.date }}）</li>
      </ul>
      <p v-if="!items.length" class="pb-note">暂无已发布的报告。</p>
    </div>
  </div>
  <FigureDrawer v-model="drawer" :figure="fig" />
</div>`,
	setup() {
		const items = ref(null), report = ref(null), error = ref('');
		const drawer = ref(false), fig = ref(null);
		async function show() {
			error.value = '';
			const y = location.hash.slice(1);
			try {
				if (/^\d{4}$/.test(y)) report.value = await call('/reports/' + y);
				else { report.value = null; items.value = (await call('/reports')).items; }
			} catch (e) {
				report.value = null;
				error.value = e.message;
			}
		}
		const go = (h) => { location.hash = h; };
		const open = (f) => { fig.value = f; drawer.value = true; };
		onMounted(() => { window.addEventListener('hashchange', show); show(); });
		onBeforeUnmount(() => window.removeEventListener('hashchange', show));
		return { items, report, error, drawer, fig, go, open };
	},
};

const app = createApp(App);
app.use(ElementPlus, { locale: window.ElementPlusLocaleZhCn });
app.mount('#app');
