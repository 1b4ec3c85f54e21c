// pages/mediate.js - 矛盾纠纷调解 (司法局, 镇街, 法院): disputes by track with
// their lights (the injury fast track's late ones in red), a case page
// (#/mediate?case=ID), registration, mediator workloads, 欠薪线索 (import a
// platform file, move a lead on), and the figures per track, town and
// station with 万人成讼率.

import { get, post } from '../api.js';
import { route, go } from '../router.js';
import { session } from '../session.js';
import { PhoneList } from './phone_list.js';
import { PrintView, listTools } from './print_view.js';
import { CaseView, LightTag, yuan, pct, barChart } from './review_case.js';
import { bigYuan, checkForm, reportRange, RANGE_SHORTCUTS } from '../util.js';

const { ref, reactive, computed, watch, onMounted, nextTick } = Vue;

// the facts each step asks for (src/domain/mediate/mediate.c)
const FACTS = {
	agree: ['协议内容', '协议金额', '履行方式'], fail: ['后续途径'], apply_confirm: ['确认法院'],
	confirmed: ['确认结果'], settle: ['协议内容', '协议金额'], to_inspection: ['转办理由'],
	to_arbitration: ['仲裁请求'], resolve: ['处理结果'], accept_arb: ['仲裁程序'],
	refuse_arb: ['不予受理理由'],
	// 劳动争议调解仲裁法 Art. 47: final or not follows from the items (each
	// against twelve months of the local minimum wage); 浙江条例 Art. 37
	award: ['裁决结果', { key: '裁决事项', kind: 'items', kinds: ['劳动报酬', '工伤医疗费', '经济补偿',
		'赔偿金', '工作时间', '休息休假', '社会保险', '社会保险费补缴', '工伤保险待遇', '确认劳动关系', '其他'],
	hint: '按裁决书逐项填写；每项金额不超过当地月最低工资标准十二个月金额的为终局裁决事项（《中华人民共和国劳动争议调解仲裁法》第四十七条），同一裁决含非终局事项的按非终局裁决处理（《浙江省劳动人事争议调解仲裁条例》第三十七条第四款）' },
	{ key: '终局裁决', options: [{ label: '按裁决事项计算', value: '' }, { label: '终局裁决（裁决书载明）', value: true },
		{ label: '非终局裁决（裁决书载明）', value: false }] }],
	// Art. 48-50: the step's date is the day that side received the award
	challenge: [{ key: '提起方', options: [{ label: '劳动者', value: '劳动者' }, { label: '用人单位', value: '用人单位' }] },
		'受理法院'],
};
// state names (src/domain/mediate/mediate.c), for the timeline
const STATES = {
	received: '已登记', mediating: '调解中', agreed: '已达成调解协议', confirming: '已申请司法确认',
	closed: '已结案', failed: '调解不成', withdrawn: '已撤回', mediation: '劳动争议调解',
	inspection: '劳动保障监察', arbitration: '仲裁申请审查', arbitrating: '仲裁审理',
	settled: '调解结案', resolved: '监察处理完毕', awarded: '已作出仲裁裁决', refused: '仲裁不予受理',
	effective: '裁决书已生效', challenged: '已起诉或申请撤销裁决',
};
const TRACKS = [
	{ value: 'people', label: '人民调解' }, { value: 'court', label: '诉前调解' },
	{ value: 'injury', label: '企业工伤快处' }, { value: 'labor', label: '劳动争议' },
];
const LEAD_STATUS = { open: '待处理', handling: '处理中', resolved: '已解决', transferred: '已移送' };

const MediatePage = {
	name: 'MediatePage',
	components: { CaseView, LightTag, PhoneList, PrintView },
	template: `
<div>
<el-card v-if="caseId" shadow="never">
  <template #header><div class="fz-card-head"><span>调解案件</span>
    <el-button @click="go('/mediate')" data-test="back">返回列表</el-button></div></template>
  <case-view v-if="kase" :data="kase" :facts="FACTS" :states="STATES" :api="'/mediate/disputes/' + caseId"
    :pdf="kase.dispute.outcome === 'success' && kase.type === 'mediate.dispute' ? '/api/v1/mediate/disputes/' + caseId + '/documents/agreement' : ''"
    @changed="(r) => kase = r">
    <template #info>
      <el-descriptions-item label="类型">{{ kase.dispute.track_name }}</el-descriptions-item>
      <el-descriptions-item label="调解组织">{{ kase.dispute.org }}</el-descriptions-item>
      <el-descriptions-item label="调解员">{{ kase.dispute.mediator || '未指派' }}
        <el-button v-if="!kase.closed_on" link type="primary" @click="assign" data-test="assign">按工作量指派</el-button></el-descriptions-item>
      <el-descriptions-item label="当事人">{{ kase.dispute.applicant }}（{{ kase.dispute.phone }}）与 {{ kase.dispute.respondent }}</el-descriptions-item>
      <el-descriptions-item label="镇街">{{ kase.dispute.town }}</el-descriptions-item>
      <el-descriptions-item label="涉及金额">{{ yuan(kase.dispute.amount_cents) }}</el-descriptions-item>
      <el-descriptions-item label="纠纷概要" :span="3">{{ kase.dispute.summary }}</el-descriptions-item>
      <el-descriptions-item v-if="kase.award" label="仲裁裁决" :span="3">
        <el-tag :type="kase.award.final ? 'warning' : 'info'" size="small" data-test="award-final">{{ kase.award.final ? '终局裁决' : '非终局裁决' }}</el-tag>
        <el-tag v-if="kase.award.in_force" type="success" size="small" data-test="award-in-force">已生效（{{ kase.award.in_force_on }}）</el-tag>
        <div class="fz-muted">{{ kase.award.basis }}</div>
        <div data-test="award-effect">{{ kase.award.effect }}</div>
        <div v-if="kase.award.challenge_until" class="fz-muted">起诉（申请撤销）期限最晚届满：{{ kase.award.challenge_until }}</div>
      </el-descriptions-item>
    </template>
  </case-view>
</el-card>
<el-card v-else shadow="never">
  <template #header><div class="fz-card-head"><span>矛盾纠纷调解</span></div></template>
  <el-tabs v-model="tab" @tab-change="onTab">
    <el-tab-pane label="纠纷" name="cases">
      <el-form :inline="true" class="fz-toolbar">
        <el-form-item label="类型">
          <el-select v-model="filters.track" clearable placeholder="全部" class="fz-toolbar-input" @change="load(1)" data-test="track">
            <el-option v-for="t in TRACKS" :key="t.value" :label="t.label" :value="t.value" />
          </el-select>
        </el-form-item>
        <el-form-item label="镇街">
          <el-select v-model="filters.town" clearable filterable placeholder="全部" class="fz-toolbar-input" @change="load(1)" data-test="f-town">
            <el-option v-for="t in towns" :key="t.code" :label="t.name" :value="t.code" />
          </el-select>
        </el-form-item>
        <el-form-item label="登记日期">
          <el-date-picker v-model="filters.range" type="daterange" value-format="YYYY-MM-DD" start-placeholder="起" end-placeholder="止" @change="load(1)" />
        </el-form-item>
        <el-form-item><el-checkbox v-model="filters.open" @change="load(1)">仅未办结</el-checkbox></el-form-item>
        <el-form-item label="关键词">
          <el-input v-model.trim="filters.q" clearable placeholder="编号或当事人" class="fz-toolbar-input"
            @keyup.enter="load(1)" @clear="load(1)" data-test="f-q" />
        </el-form-item>
        <el-form-item>
          <el-button type="primary" @click="load(1)">查询</el-button>
          <el-button tag="a" :href="exportLink" data-test="export">导出表格</el-button>
          <el-button @click="print" :loading="printing" data-test="print">打印</el-button>
        </el-form-item>
      </el-form>
      <PrintView title="矛盾纠纷调解清单" :cols="printCols" :rows="printed" :note="printNote" />
      <PhoneList :items="items" :meta="['track_name', 'org', 'state_name']" @open="(r) => go('/mediate', { case: r.id })" />
      <el-table :data="items" v-loading="loading" border stripe data-test="mediate-table" empty-text="暂无纠纷"
        @row-click="(r) => go('/mediate', { case: r.id })" class="fz-clickable fz-wide-table">
        <el-table-column prop="number" label="编号" width="160" />
        <el-table-column prop="track_name" label="类型" width="110" />
        <el-table-column prop="title" label="纠纷" min-width="200" show-overflow-tooltip />
        <el-table-column prop="org" label="调解组织" min-width="150" show-overflow-tooltip />
        <el-table-column prop="mediator" label="调解员" width="90" />
        <el-table-column prop="state_name" label="状态" width="110" />
        <el-table-column prop="next_due" label="最近届满" width="110" />
        <el-table-column label="信号灯" width="80"><template #default="{ row }"><light-tag :light="row.light" /></template></el-table-column>
      </el-table>
      <span v-if="total > 10000" class="fz-muted">共一万条以上，请用条件缩小范围</span>
  <el-pagination class="fz-mt" :layout="total > 10000 ? \'prev, pager, next\' : \'total, prev, pager, next\'" :total="total" :page-size="20"
        :current-page="page" @current-change="load" />
    </el-tab-pane>
    <el-tab-pane label="登记纠纷" name="open">
      <el-form :model="form" label-width="110px" class="fz-form" data-test="mediate-form" @submit.prevent="register">
        <el-form-item label="类型" required :error="ferr.track"><el-select v-model="form.track"><el-option v-for="t in TRACKS" :key="t.value" :label="t.label" :value="t.value" /></el-select></el-form-item>
        <el-form-item label="调解组织" required :error="ferr.org_id"><el-select v-model="form.org_id" filterable><el-option v-for="o in orgs" :key="o.id" :label="o.name" :value="o.id" /></el-select></el-form-item>
        <el-form-item label="镇街" required :error="ferr.town"><el-select v-model="form.town" filterable><el-option v-for="t in towns" :key="t.code" :label="t.name" :value="t.code" /></el-select></el-form-item>
        <el-form-item label="申请人" required :error="ferr.applicant"><el-input v-model="form.applicant" /></el-form-item>
        <el-form-item label="手机号码" required :error="ferr.phone"><el-input v-model="form.phone" /></el-form-item>
        <el-form-item label="对方当事人" required :error="ferr.respondent"><el-input v-model="form.respondent" /></el-form-item>
        <el-form-item label="涉及金额（元）" :error="ferr.amount"><el-input v-model="form.amount" /></el-form-item>
        <el-form-item label="法院委派编号" v-if="form.track === 'court'"><el-input v-model="form.court_ref" /></el-form-item>
        <el-form-item label="纠纷概要" required :error="ferr.summary"><el-input v-model="form.summary" type="textarea" /></el-form-item>
        <el-form-item><el-button type="primary" native-type="submit" data-test="register">登记</el-button></el-form-item>
      </el-form>
    </el-tab-pane>
    <el-tab-pane label="调解员" name="mediators">
      <el-table :data="mediators" border stripe data-test="mediators-table">
        <el-table-column prop="name" label="调解员" width="100" />
        <el-table-column prop="org" label="调解组织" min-width="180" />
        <el-table-column prop="open" label="在办" width="80" />
        <el-table-column prop="success" label="成功" width="90" />
        <el-table-column prop="failed" label="不成" width="80" />
      </el-table>
    </el-tab-pane>
    <el-tab-pane label="欠薪线索" name="leads">
      <div class="fz-toolbar">
        <input type="file" accept=".csv,.json" @change="upload" data-test="lead-file" />
        <el-select v-model="leadSource" class="fz-toolbar-input"><el-option label="全国平台" value="national" /><el-option label="省平台" value="provincial" /></el-select>
      </div>
      <el-alert v-if="report" :type="report.bad ? 'warning' : 'success'" show-icon class="fz-mb" data-test="lead-report"
        :title="'新增 ' + report.added + ' 条，已有 ' + report.duplicates + ' 条，格式有误 ' + report.bad + ' 条'">
        <div v-for="e in report.errors" :key="e.line">第 {{ e.line }} 行：{{ e.message }}</div>
      </el-alert>
      <el-table :data="leads" border stripe data-test="leads-table">
        <el-table-column prop="ref" label="线索编号" width="120" />
        <el-table-column prop="employer" label="用人单位" min-width="160" />
        <el-table-column prop="uscc" label="统一社会信用代码" width="180" />
        <el-table-column prop="workers" label="人数" width="70" />
        <el-table-column label="欠薪金额" width="130"><template #default="{ row }">{{ yuan(row.amount_cents) }}</template></el-table-column>
        <el-table-column label="状态" width="90"><template #default="{ row }">{{ LEAD_STATUS[row.status] }}</template></el-table-column>
        <el-table-column label="操作" width="160"><template #default="{ row }">
          <el-button v-if="row.status === 'open'" link @click="lead(row, 'handling')">处理</el-button>
          <el-button v-if="row.status === 'open' || row.status === 'handling'" link type="success" @click="lead(row, 'resolved')">已解决</el-button>
        </template></el-table-column>
      </el-table>
    </el-tab-pane>
    <el-tab-pane label="统计" name="figures">
      <el-form :inline="true" class="fz-toolbar">
        <el-form-item label="期间"><el-date-picker v-model="range" type="daterange" value-format="YYYY-MM-DD" :shortcuts="RANGE_SHORTCUTS" :clearable="false" @change="figures" data-test="fig-range" /></el-form-item>
        <el-form-item label="分组"><el-radio-group v-model="by" @change="figures">
          <el-radio-button value="track">按类型</el-radio-button><el-radio-button value="town">按镇街</el-radio-button>
          <el-radio-button value="station">按站点</el-radio-button></el-radio-group></el-form-item>
      </el-form>
      <el-row :gutter="12" class="fz-mb" v-if="fig" data-test="mediate-figures">
        <el-col :xs="12" :md="6"><el-card shadow="never"><div class="fz-muted">调解纠纷数</div><div class="fz-big" data-metric="mediated">{{ fig.total.mediated }}</div></el-card></el-col>
        <el-col :xs="12" :md="6"><el-card shadow="never"><div class="fz-muted">调解成功率</div><div class="fz-big">{{ pct(fig.total.success_rate) }}</div></el-card></el-col>
        <el-col :xs="12" :md="6"><el-card shadow="never"><div class="fz-muted">涉及金额</div><div class="fz-big" data-test="amount-total">{{ bigYuan(fig.total.amount_cents) }}</div></el-card></el-col>
        <el-col :xs="12" :md="6"><el-card shadow="never"><div class="fz-muted">万人成讼率（{{ fig.litigation.year }}）</div><div class="fz-big">{{ fig.litigation.total.rate ?? '—' }}</div></el-card></el-col>
      </el-row>
      <el-table v-if="fig" :data="fig.groups" border size="small" class="fz-mb">
        <el-table-column prop="name" label="分组" min-width="150" />
        <el-table-column prop="mediated" label="调解数" width="90" />
        <el-table-column prop="success" label="成功" width="90" />
        <el-table-column label="成功率" width="90"><template #default="{ row }">{{ pct(row.success_rate) }}</template></el-table-column>
        <el-table-column label="平均天数" width="90"><template #default="{ row }">{{ row.avg_days ?? '—' }}</template></el-table-column>
        <el-table-column prop="within_3_days" label="3日内办结" width="100" />
      </el-table>
      <div ref="chart" class="fz-chart"></div>
      <div ref="chart2" class="fz-chart"></div>
    </el-tab-pane>
  </el-tabs>
</el-card>
</div>`,
	setup() {
		const tab = ref('cases');
		const items = ref([]), total = ref(0), page = ref(1), loading = ref(false);
		const filters = reactive({ track: '', open: false, town: '', range: null, q: '' });
		function listQuery() {
			const q = { page: page.value };
			if (filters.track) q.track = filters.track;
			if (filters.open) q.open = 1;
			if (filters.town) q.town = filters.town;
			if (filters.range) { q.from = filters.range[0]; q.to = filters.range[1]; }
			if (filters.q) q.q = filters.q;
			return q;
		}
		const printCols = [{ key: 'number', label: '编号' }, { key: 'track_name', label: '类型' },
			{ key: 'title', label: '纠纷' }, { key: 'org', label: '调解组织' }, { key: 'town', label: '镇街' },
			{ key: 'state_name', label: '状态' }, { key: 'opened_on', label: '登记日期' }, { key: 'light_name', label: '信号灯' }];
		const { exportLink, print, printing, printed, printNote } = listTools('/mediate/disputes', listQuery,
			() => (filters.q ? `关键词“${filters.q}”` : ''));
		const kase = ref(null), orgs = ref([]), towns = ref([]), mediators = ref([]), leads = ref([]);
		const report = ref(null), leadSource = ref('national'), fig = ref(null);
		const chart = ref(null), chart2 = ref(null), by = ref('track');
		const range = ref(reportRange());
		const caseId = computed(() => route.query.case);
		// a 镇街 user registers disputes of the own town: chosen already
		const ownTown = () => {
			const u = session.user;
			const t = u && u.role === 'town' && u.unit ? towns.value.find((x) => x.name === u.unit.name) : null;
			return t ? t.code : '';
		};
		const blank = () => ({ track: 'people', org_id: null, town: ownTown(), applicant: '', phone: '',
			respondent: '', amount: '', court_ref: '', summary: '' });
		const form = reactive(blank());

		async function load(p) {
			page.value = p || 1;
			loading.value = true;
			try {
				const r = await get('/mediate/disputes', listQuery());
				items.value = r.items;
				total.value = r.total;
			} finally {
				loading.value = false;
			}
		}
		async function loadCase() {
			kase.value = caseId.value ? await get('/mediate/disputes/' + caseId.value) : null;
		}
		async function assign() {
			kase.value = await post('/mediate/disputes/' + caseId.value + '/assign', {});
		}
		const ferr = reactive({});
		const REGISTER_REQUIRED = { track: '类型', org_id: '调解组织', town: '镇街', applicant: '申请人',
			phone: '手机号码', respondent: '对方当事人', summary: '纠纷概要' };
		async function register() {
			if (!checkForm(form, REGISTER_REQUIRED, ferr)) return;
			const body = { ...form };
			for (const k of ['amount', 'court_ref']) if (!body[k]) delete body[k];
			try {
				const r = await post('/mediate/disputes', body);
				ElementPlus.ElMessage.success('已登记：' + r.number);
				Object.assign(form, blank());
				go('/mediate', { case: r.id });
			} catch (e) { if (e.field) ferr[e.field] = e.message; }
		}
		async function upload(ev) {
			const f = ev.target.files[0];
			if (!f) return;
			const text = await f.text();
			const res = await fetch('/api/v1/mediate/wage-leads/import?name=' + encodeURIComponent(f.name) +
				'&source=' + leadSource.value, { method: 'POST', body: text, credentials: 'same-origin',
				headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': (await get('/me')).csrf } });
			const j = await res.json();
			if (!res.ok) { ElementPlus.ElMessage.error(j.error.message); return; }
			report.value = j;
			leads.value = (await get('/mediate/wage-leads')).items;
		}
		async function lead(row, status) {
			const body = { status };
			if (status === 'resolved') body.paid = (row.amount_cents / 100).toFixed(2);
			await post('/mediate/wage-leads/' + row.id + '/status', body);
			leads.value = (await get('/mediate/wage-leads')).items;
		}
		async function figures() {
			const q = { by: by.value };
			if (range.value) { q.from = range.value[0]; q.to = range.value[1]; }
			fig.value = await get('/mediate/metrics', q);
			await nextTick();
			if (chart.value)
				barChart(chart.value, '调解纠纷数', fig.value.groups.map((g) => ({ name: g.name, value: g.mediated })));
			if (chart2.value)
				barChart(chart2.value, '万人成讼率（按镇街）', fig.value.litigation.towns
					.filter((t) => t.rate !== null).map((t) => ({ name: t.name, value: t.rate })), { color: '#c0392b' });
		}
		async function onTab(name) {
			if (name === 'open') {
				if (!orgs.value.length) orgs.value = (await get('/mediate/orgs')).items;
				if (!towns.value.length) towns.value = (await get('/public/towns')).items;
			}
			if (name === 'mediators') mediators.value = (await get('/mediate/mediators')).items;
			if (name === 'leads') leads.value = (await get('/mediate/wage-leads')).items;
			if (name === 'figures') figures();
		}
		watch(caseId, loadCase);
		onMounted(async () => {
			load(1);
			loadCase();
			/* the 镇街 filter; a 镇街 user's own town is chosen for the form */
			towns.value = (await get('/public/towns')).items;
			if (!form.town) form.town = ownTown();
		});
		return { FACTS, STATES, TRACKS, LEAD_STATUS, tab, items, total, page, loading, filters, kase, caseId, orgs, towns,
			mediators, leads, report, leadSource, fig, chart, chart2, by, range, RANGE_SHORTCUTS, form,
			ferr, exportLink, print, printing, printed, printCols, printNote, load, assign, register, upload, lead, figures, onTab, go, yuan, bigYuan, pct };
	},
};

export default {
	key: 'mediate',
	path: '/mediate',
	title: '矛盾纠纷调解',
	icon: 'ChatDotRound',
	component: MediatePage,
};
