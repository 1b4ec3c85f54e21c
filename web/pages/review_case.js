// pages/review_case.js - pieces the 行政复议 and mediation pages share: the
// case view (deadlines with their lights, the timeline, the steps the
// user may take with the facts each needs), the light tag, money, and
// ECharts loaded on demand from /vendor/echarts/.

import { todayISO } from '../util.js';
import { post } from '../api.js';
import { citeText } from '../v/assets/cite.js';

const { reactive, computed } = Vue;

// the pages' own styles, once
if (!document.querySelector('link[data-fz="review-css"]')) {
	const l = document.createElement('link');
	l.rel = 'stylesheet';
	l.href = 'pages/review.css';
	l.dataset.fz = 'review-css';
	document.head.appendChild(l);
}

export const LIGHTS = {
	none: { text: '—', type: 'info' },
	unknown: { text: '无法计算', type: 'info' },
	paused: { text: '已中止', type: 'info' },
	green: { text: '绿灯', type: 'success' },
	yellow: { text: '黄灯', type: 'warning' },
	red: { text: '红灯', type: 'danger' },
	// late counts as red on the boards (the fast track's "red light")
	overdue: { text: '超期', type: 'danger' },
};

export const LightTag = {
	name: 'LightTag',
	props: { light: String },
	template: `<el-tag :type="(LIGHTS[light] || LIGHTS.none).type" size="small" effect="dark"
  :data-light="light">{{ (LIGHTS[light] || LIGHTS.none).text }}</el-tag>`,
	setup() { return { LIGHTS }; },
};

export function yuan(cents) {
	if (cents === null || cents === undefined) return '—';
	return (cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' 元';
}

// a fact as a person reads it: 是/否, money in 元 (facts in 分 are named
// 金额 or 工资标准), a list of award items one after another
function factText(k, v) {
	if (v === true) return '是';
	if (v === false) return '否';
	if (Number.isInteger(v) && /金额|工资标准/.test(k)) return yuan(v);
	if (Array.isArray(v))
		return v.map((it) => (it && typeof it === 'object' ?
			[it.类别, Number.isInteger(it.金额) ? yuan(it.金额) : ''].filter(Boolean).join(' ') :
			String(it))).join('；');
	return v;
}

export function pct(rate) {
	return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + '%';
}

let echartsP = null;
// ECharts is big: load it when a figures tab opens (CSP: script from 'self').
export function loadEcharts() {
	if (window.echarts) return Promise.resolve(window.echarts);
	if (!echartsP)
		echartsP = new Promise((ok, fail) => {
			const s = document.createElement('script');
			s.src = '/vendor/echarts/echarts.min.js';
			s.onload = () => ok(window.echarts);
			s.onerror = () => { echartsP = null; fail(new Error('ECharts 加载失败')); };
			document.head.appendChild(s);
		});
	return echartsP;
}

// A bar chart of rows [{name, value}] into el; returns the chart.
export async function barChart(el, title, rows, opts = {}) {
	const ec = await loadEcharts();
	const chart = ec.getInstanceByDom(el) || ec.init(el);
	chart.setOption({
		animation: false,
		title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
		tooltip: { trigger: 'axis' },
		grid: { left: 48, right: 16, bottom: 90, top: 40 },
		xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 40, fontSize: 11 } },
		yAxis: { type: 'value', max: opts.max, axisLabel: { formatter: opts.percent ? '{value}%' : '{value}' } },
		series: [{ type: 'bar', data: rows.map((r) => r.value), itemStyle: { color: opts.color || '#1f5fa8' } }],
	}, true);
	return chart;
}

// The case view.  kind: 'review' or 'mediate'; facts: {transition: [fact
// names]} the steps ask for; api: the case's base path.
export const CaseView = {
	name: 'CaseView',
	components: { LightTag },
	props: { data: Object, facts: Object, states: Object, api: String, pdf: String },
	emits: ['changed'],
	template: `
<div class="fz-case" data-test="case-view">
  <el-descriptions :column="3" border size="small" class="fz-mb">
    <el-descriptions-item label="编号"><span data-test="case-number">{{ data.number }}</span></el-descriptions-item>
    <el-descriptions-item label="状态"><el-tag data-test="case-state">{{ data.state_name }}</el-tag></el-descriptions-item>
    <el-descriptions-item label="信号灯"><light-tag :light="data.light" /></el-descriptions-item>
    <el-descriptions-item label="案件名称" :span="3">{{ data.title }}</el-descriptions-item>
    <slot name="info" />
  </el-descriptions>
  <el-row :gutter="16">
    <el-col :xs="24" :md="12">
      <h4>办理期限</h4>
      <el-table :data="data.deadlines" size="small" border data-test="deadlines" empty-text="无">
        <el-table-column label="期限" min-width="150">
          <template #default="{ row }">{{ row.name }}<div class="fz-cite">{{ citeText(row.cite) }}</div></template>
        </el-table-column>
        <el-table-column label="届满日" width="140">
          <template #default="{ row }">{{ row.due || '—' }}
            <el-tooltip v-if="row.provisional" :content="row.provisional_reason" placement="top"><el-tag type="warning" size="small" effect="plain" data-test="provisional">暂定</el-tag></el-tooltip>
          </template>
        </el-table-column>
        <el-table-column label="状态" width="90">
          <template #default="{ row }">{{ STATUS[row.status] || row.status }}<span v-if="row.ext">（延{{ row.ext }}）</span>
            <el-tag v-if="row.missed" type="danger" size="small" data-test="missed">逾期</el-tag></template>
        </el-table-column>
        <el-table-column label="灯" width="70"><template #default="{ row }"><light-tag :light="row.light" /></template></el-table-column>
      </el-table>
      <el-alert v-for="f in openFlags" :key="f.name + f.key" type="warning" :closable="false" show-icon
        class="fz-mt" :title="f.name" :description="f.reason" />
      <h4>办理</h4>
      <div class="fz-actions" data-test="actions">
        <el-button v-for="a in data.actions" :key="a.key" size="small" @click="open(a)"
          :data-action="a.key">{{ a.name }}</el-button>
        <el-button v-if="pdf" size="small" type="success" tag="a" :href="pdf" target="_blank"
          data-test="pdf">下载文书（PDF）</el-button>
      </div>
    </el-col>
    <el-col :xs="24" :md="12">
      <h4>办理经过</h4>
      <el-timeline data-test="timeline">
        <el-timeline-item v-for="(e, i) in data.events" :key="i" :timestamp="e.on" placement="top">
          <b>{{ e.label }}</b><span v-if="e.to && e.from !== e.to"> → {{ (states && states[e.to]) || e.to }}</span>
          <span class="fz-muted">（{{ e.actor_name || '系统' }}）</span>
          <div v-for="(v, k) in e.data" :key="k" class="fz-muted">{{ k }}：{{ factText(k, v) }}</div>
          <div v-if="e.note" class="fz-muted">{{ e.note }}</div>
        </el-timeline-item>
      </el-timeline>
    </el-col>
  </el-row>
  <el-dialog v-model="dlg.show" :title="dlg.action && dlg.action.name" width="min(520px, 96vw)">
    <el-form label-width="110px" @submit.prevent="submit">
      <el-form-item label="日期"><el-date-picker v-model="dlg.on" type="date" value-format="YYYY-MM-DD" placeholder="今天" /></el-form-item>
      <el-form-item v-for="f in dlg.fields" :key="fkey(f)" :label="fkey(f)">
        <el-select v-if="f.options" v-model="dlg.values[f.key]" :data-fact="f.key">
          <el-option v-for="o in f.options" :key="o.label" :label="o.label" :value="o.value" />
        </el-select>
        <div v-else-if="f.kind === 'items'" :data-fact="f.key">
          <div v-for="(it, i) in dlg.values[f.key]" :key="i" class="fz-item-row">
            <el-select v-model="it.类别" placeholder="类别" filterable allow-create>
              <el-option v-for="k in f.kinds" :key="k" :label="k" :value="k" />
            </el-select>
            <el-input v-model="it.元" placeholder="金额（元）" inputmode="decimal" />
          </div>
          <el-button link type="primary" @click="dlg.values[f.key].push({ 类别: '', 元: '' })">增加一项</el-button>
          <div v-if="f.hint" class="fz-muted">{{ f.hint }}</div>
        </div>
        <el-input v-else v-model="dlg.values[f]" type="textarea" :rows="2" :data-fact="f" />
      </el-form-item>
      <el-form-item label="备注"><el-input v-model="dlg.note" /></el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="dlg.show = false">取消</el-button>
      <el-button type="primary" :loading="dlg.busy" @click="submit" data-test="action-submit">确定</el-button>
    </template>
  </el-dialog>
</div>`,
	setup(props, { emit }) {
		const STATUS = { running: '计算中', paused: '已中止', met: '已完成', stopped: '已停止' };
		const dlg = reactive({ show: false, action: null, fields: [], values: {}, on: '', note: '', busy: false });
		const openFlags = computed(() => (props.data.flags || []).filter((f) => f.open));
		// a field is a fact's name (free text), or {key, options} (a choice)
		// or {key, kind: 'items', kinds} (a list of 类别 with 金额 in 元,
		// sent in 分)
		const fkey = (f) => (typeof f === 'string' ? f : f.key);
		function open(a) {
			dlg.action = a;
			dlg.fields = (props.facts && props.facts[a.key]) || [];
			dlg.values = {};
			for (const f of dlg.fields)
				if (f.kind === 'items') dlg.values[f.key] = [{ 类别: '', 元: '' }];
				else if (f.options) dlg.values[f.key] = f.options[0].value;
			dlg.on = todayISO();
			dlg.note = '';
			dlg.show = true;
		}
		async function submit() {
			const data = {};
			for (const f of dlg.fields) {
				if (f.kind === 'items') {
					const items = dlg.values[f.key].filter((it) => it.类别).map((it) => {
						const o = { 类别: it.类别 };
						if (String(it.元).trim() !== '') o.金额 = Math.round(parseFloat(it.元) * 100);
						return o;
					});
					if (items.length) data[f.key] = items;
					continue;
				}
				if (f.options) {
					if (dlg.values[f.key] !== '') data[f.key] = dlg.values[f.key];
					continue;
				}
				const v = (dlg.values[f] || '').trim();
				if (v === '') continue;
				data[f] = /^\d+$/.test(v) && f.includes('金额') ? Number(v) : v;
			}
			dlg.busy = true;
			try {
				const body = { transition: dlg.action.key, data };
				if (dlg.on) body.on = dlg.on;
				if (dlg.note) body.note = dlg.note;
				const r = await post(props.api + '/actions', body);
				dlg.show = false;
				ElementPlus.ElMessage.success('已办理：' + dlg.action.name);
				emit('changed', r);
			} catch (e) {
				/* the API layer showed the message */
			} finally {
				dlg.busy = false;
			}
		}
		return { STATUS, dlg, openFlags, open, submit, citeText, fkey, factText };
	},
};
