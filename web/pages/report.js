// pages/report.js - 法治政府建设年度报告 (依法治区办, 司法局, 镇街, 部门):
// the year's report as the records make it today, each figure marked and
// explained on a click (what it counts, the law or indicator it comes
// from, its breakdown, the provenance hash that lets anyone re-check it),
// the PDF, and publication (依法治区办 for the district, a 镇街 for its own
// report).  A figure whose records changed after publication is flagged.

import { get, post } from '../api.js';
import { session } from '../session.js';
import { todayISO } from '../util.js';

const { ref, computed, onMounted } = Vue;

// the report's own styles, shared with the public page
if (!document.querySelector('link[data-fz="report-css"]')) {
	const l = document.createElement('link');
	l.rel = 'stylesheet';
	l.href = '/report/report.css';
	l.dataset.fz = 'report-css';
	document.head.appendChild(l);
}

// The year being reported: last year until the end of March, when the
// report is written (util.js reportRange says why), this year after.
function reportYear() {
	const t = todayISO();
	return +t.slice(5, 7) <= 3 ? +t.slice(0, 4) - 1 : +t.slice(0, 4);
}

export const ReportBody = {
	name: 'ReportBody',
	props: { report: Object },
	emits: ['figure'],
	template: `
<article class="rp-doc" data-test="report-doc">
  <h2 class="rp-title">{{ report.title }}</h2>
  <template v-for="(b, i) in report.blocks" :key="i">
    <h3 v-if="b.kind === 'heading' && b.level === 1" class="rp-h1">{{ number(i) }}{{ b.text }}</h3>
    <h4 v-else-if="b.kind === 'heading'" class="rp-h2">{{ number(i) }}{{ b.text }}</h4>
    <p v-else class="rp-p"><template v-for="(p, k) in b.parts" :key="k"><span v-if="typeof p === 'string'">{{ p }}</span><button v-else type="button"
      class="rp-fig" :class="{ 'rp-fig-changed': report.figures[p.f].changed }" :data-metric="report.figures[p.f].metric"
      @click="$emit('figure', report.figures[p.f])">{{ report.figures[p.f].text }}</button></template></p>
  </template>
</article>`,
	setup(props) {
		const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
		// 一、 and （一） as GB/T 9704 numbers them, counted from the blocks
		function number(i) {
			let h1 = 0, h2 = 0;
			for (let k = 0; k <= i; k++) {
				const b = props.report.blocks[k];
				if (b.kind !== 'heading') continue;
				if (b.level === 1) { h1++; h2 = 0; } else h2++;
			}
			const b = props.report.blocks[i];
			return b.level === 1 ? CN[h1 - 1] + '、' : '（' + CN[h2 - 1] + '）';
		}
		return { number };
	},
};

export const FigureDrawer = {
	name: 'FigureDrawer',
	props: { figure: Object, modelValue: Boolean },
	emits: ['update:modelValue'],
	template: `
<el-drawer :model-value="modelValue" @update:model-value="(v) => $emit('update:modelValue', v)" :title="figure ? figure.name : ''"
  size="min(480px, 100vw)" data-test="figure-drawer">
  <template v-if="figure">
    <div class="rp-fig-big">{{ figure.text }}</div>
    <el-alert v-if="figure.changed" type="warning" :closable="false" show-icon title="发布后，该数字所依据的记录有变动" class="fz-mb" />
    <el-descriptions :column="1" border size="small">
      <el-descriptions-item label="口径">{{ figure.definition }}</el-descriptions-item>
      <el-descriptions-item label="依据">{{ figure.source }}</el-descriptions-item>
      <el-descriptions-item v-if="figure.den !== null && figure.den !== undefined" label="计算">{{ figure.num }} ÷ {{ figure.den }}</el-descriptions-item>
      <el-descriptions-item v-else label="记录数">{{ figure.num }}</el-descriptions-item>
      <el-descriptions-item v-if="figure.previous !== undefined" label="上年记录数">{{ figure.previous }}</el-descriptions-item>
      <el-descriptions-item label="来源">由业务记录计算</el-descriptions-item>
      <el-descriptions-item label="校验值"><span class="rp-hash">{{ grouped(figure.provenance) }}</span></el-descriptions-item>
    </el-descriptions>
    <h4 v-if="figure.groups.length">分项</h4>
    <el-table v-if="figure.groups.length" :data="figure.groups" size="small" border data-test="figure-groups">
      <el-table-column prop="label" label="分项" min-width="180" />
      <el-table-column prop="text" label="数值" width="110" />
    </el-table>
  </template>
</el-drawer>`,
	setup() {
		// the SM3 provenance as fingerprints are read aloud: in groups of eight
		const grouped = (h) => String(h || '').toUpperCase().replace(/(.{8})(?=.)/g, '$1 ');
		return { grouped };
	},
};

const ReportPage = {
	name: 'ReportPage',
	components: { ReportBody, FigureDrawer },
	template: `
<el-card shadow="never">
  <template #header>
    <div class="fz-card-head"><span>法治政府建设年度报告</span>
      <span>
        <el-select v-model="year" class="rp-year" aria-label="年度" @change="load" data-test="report-year">
          <el-option v-for="y in years" :key="y" :label="y + '年度'" :value="y" />
        </el-select>
        <el-button tag="a" :href="'/api/v1/reports/' + year + '/report.pdf'" target="_blank" data-test="report-pdf">下载报告（PDF）</el-button>
        <el-button v-if="canPublish" type="primary" :loading="busy" @click="publish" data-test="report-publish">发布</el-button>
      </span>
    </div>
  </template>
  <div v-loading="loading">
    <el-alert v-if="report && report.published" type="success" :closable="false" show-icon class="fz-mb" data-test="report-published"
      :title="'已发布第' + report.published.version + '版：索引号 ' + report.published.index_no + '，' + report.published.date + '发布'"
      :description="changed ? '其中' + changed + '个数字所依据的记录在发布后有变动（已标出），可重新发布。' : ''" />
    <el-alert v-else-if="report" type="info" :closable="false" show-icon class="fz-mb" title="本年度报告尚未发布。以下为按当前业务记录生成的稿件，点击带底色的数字可查看口径和分项。" />
    <ReportBody v-if="report" :report="report" @figure="open" />
  </div>
  <FigureDrawer v-model="drawer" :figure="fig" />
</el-card>`,
	setup() {
		const year = ref(reportYear());
		const years = computed(() => { const y = +todayISO().slice(0, 4); return [y, y - 1, y - 2]; });
		const report = ref(null), loading = ref(false), busy = ref(false);
		const drawer = ref(false), fig = ref(null);
		const canPublish = computed(() => ['office', 'town'].includes(session.user && session.user.role));
		const changed = computed(() => report.value ? report.value.figures.filter((f) => f.changed).length : 0);
		async function load() {
			loading.value = true;
			try { report.value = await get('/reports/' + year.value); } finally { loading.value = false; }
		}
		async function publish() {
			try {
				await ElementPlus.ElMessageBox.confirm('按当前业务记录发布' + year.value + '年度报告？发布后公众可在政府信息公开页面查阅；以前发布的版本都会保留。',
					'发布年度报告', { type: 'warning', confirmButtonText: '发布', cancelButtonText: '取消' });
			} catch (e) { return; }
			busy.value = true;
			try {
				report.value = await post('/reports/publish', { year: year.value });
				ElementPlus.ElMessage.success('已发布：' + report.value.published.index_no);
			} finally { busy.value = false; }
		}
		const open = (f) => { fig.value = f; drawer.value = true; };
		onMounted(load);
		return { year, years, report, loading, busy, drawer, fig, canPublish, changed, load, publish, open };
	},
};

export default { key: 'report', path: '/report', title: '法治政府建设年度报告', icon: 'Document', component: ReportPage };
