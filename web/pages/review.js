// pages/review.js - 行政复议 (司法局, 镇街 stations, 依法治区办): the case
// list with lights, a case page (#/review?case=ID) with its deadlines,
// timeline and steps, the station intake form, 行政复议员 workloads,
// lawsuits and 负责人出庭应诉, and the figures per organ and per station.

import { get, post } from '../api.js';
import { route, go } from '../router.js';
import { session } from '../session.js';
import { checkForm, reportRange, RANGE_SHORTCUTS, todayISO } from '../util.js';
import { PhoneList } from './phone_list.js';
import { PrintView, listTools } from './print_view.js';
import { CaseView, LightTag, pct, barChart } from './review_case.js';

const { ref, reactive, computed, watch, onMounted, nextTick } = Vue;

// the facts each step asks for (src/domain/review/review.c)
const FACTS = {
	request_correction: ['补正事项'], reject: ['不予受理理由'], forward: ['转送机关'],
	reply: ['答复情况', '被申请人答复'], hearing_notice: ['听证日期'],
	mediated: ['调解书文号'], suspend: ['中止事由'], convert: ['转换批准人'],
	decide: ['决定类型', '查明事实', '本机关认为', '决定内容'], withdraw: ['撤回理由'],
	terminate: ['终止事由'], committee: ['委员会意见'],
};
// state names (src/domain/review/review.c), for the timeline
const STATES = {
	received: '已收到申请', correction: '补正中', accepted: '已受理', replying: '答复期',
	reviewing: '审理中', hearing: '听证', mediating: '调解中', suspended: '中止审理',
	decided: '已作出复议决定', mediated: '调解结案', withdrawn: '撤回申请终止',
	terminated: '终止审理', rejected: '不予受理', abandoned: '视为放弃申请', forwarded: '已转送',
};
const KINDS = [
	{ value: 'department', label: '区政府工作部门（含派出机构）' },
	{ value: 'town', label: '镇人民政府、街道办事处' },
	{ value: 'district', label: '区人民政府' },
	{ value: 'vertical', label: '垂直领导机关（税务、海关、金融等）' },
	{ value: 'justice', label: '区司法局' },
];

const ReviewPage = {
	name: 'ReviewPage',
	components: { CaseView, LightTag, PhoneList, PrintView },
	template: `
<div>
<el-card v-if="caseId" shadow="never">
  <template #header>
    <div class="fz-card-head"><span>行政复议案件</span>
      <el-button @click="go('/review')" data-test="back">返回列表</el-button></div>
  </template>
  <case-view v-if="kase" :data="kase" :facts="FACTS" :states="STATES" :api="'/review/cases/' + caseId"
    :pdf="kase.state === 'decided' ? '/api/v1/review/cases/' + caseId + '/documents/decision' : ''"
    @changed="(r) => kase = r">
    <template #info>
      <el-descriptions-item label="申请人">{{ kase.review.applicant }}（{{ kase.review.phone }}）</el-descriptions-item>
      <el-descriptions-item label="被申请人">{{ kase.review.respondent }}</el-descriptions-item>
      <el-descriptions-item label="复议机关">{{ kase.review.organ }}</el-descriptions-item>
      <el-descriptions-item label="受理站点">{{ kase.review.station }}</el-descriptions-item>
      <el-descriptions-item label="承办复议员">{{ kase.review.officer || '未分配' }} {{ kase.review.officer_grade }}
        <el-button v-if="canAct && !kase.closed_on" link type="primary" @click="assign" data-test="assign">按等级和工作量分配</el-button></el-descriptions-item>
      <el-descriptions-item label="建议程序">{{ kase.procedure_suggested.procedure }}（{{ kase.procedure_suggested.reason }}）</el-descriptions-item>
      <el-descriptions-item label="被申请的行为" :span="3">{{ kase.review.act }}</el-descriptions-item>
      <el-descriptions-item label="复议请求" :span="3">{{ kase.review.request }}</el-descriptions-item>
      <el-descriptions-item v-if="kase.facts && kase.facts['第三人']" label="第三人" :span="3">{{ kase.facts['第三人'] }}</el-descriptions-item>
      <el-descriptions-item v-if="kase.facts && kase.facts['委托代理人']" label="委托代理人" :span="3">{{ kase.facts['委托代理人'] }}</el-descriptions-item>
      <el-descriptions-item v-if="kase.review.address" label="送达地址" :span="3">{{ kase.review.address }}</el-descriptions-item>
      <el-descriptions-item v-if="kase.files && kase.files.length" label="申请材料" :span="3">
        <div class="fz-files" data-test="case-files">
          <a v-for="f in kase.files" :key="f.id" :href="'/api/v1/review/cases/' + caseId + '/files/' + f.id"
            target="_blank" rel="noopener">{{ f.kind_name }}（{{ f.type }}，{{ fileSize(f.size) }}）</a>
        </div></el-descriptions-item>
      <el-descriptions-item v-if="kase.apply_period" label="申请期限" :span="3">
        <el-tag v-if="kase.apply_period.late || kase.apply_period.barred" type="danger" size="small" data-test="apply-late">超过申请期限</el-tag>
        <span data-test="apply-period">{{ kase.apply_period.message }}</span></el-descriptions-item>
      <el-descriptions-item v-if="kase.acceptance" label="受理" :span="3">
        <el-tag v-if="kase.acceptance.deemed" type="warning" size="small" data-test="deemed">视为受理</el-tag>
        {{ kase.acceptance.accepted_on }}<span v-if="kase.acceptance.recorded_on">（{{ kase.acceptance.recorded_on }} 登记）</span>
        <span data-test="acceptance-note">：{{ kase.acceptance.note }}</span></el-descriptions-item>
    </template>
  </case-view>
</el-card>
<el-card v-else shadow="never">
  <template #header><div class="fz-card-head"><span>行政复议</span></div></template>
  <el-tabs v-model="tab" @tab-change="onTab">
    <el-tab-pane v-if="staff" label="案件" name="cases">
      <el-form :inline="true" class="fz-toolbar">
        <el-form-item label="信号灯">
          <el-select v-model="filters.light" clearable placeholder="全部" class="fz-toolbar-input" @change="load(1)">
            <el-option v-for="l in ['green','yellow','red','overdue','paused']" :key="l" :label="LIGHT_NAMES[l]" :value="l" />
          </el-select>
        </el-form-item>
        <el-form-item label="收到日期">
          <el-date-picker v-model="filters.range" type="daterange" value-format="YYYY-MM-DD" start-placeholder="起" end-placeholder="止" @change="load(1)" />
        </el-form-item>
        <el-form-item><el-checkbox v-model="filters.open" @change="load(1)">仅未办结</el-checkbox></el-form-item>
        <el-form-item label="关键词">
          <el-input v-model.trim="filters.q" clearable placeholder="编号或申请人" class="fz-toolbar-input"
            @keyup.enter="load(1)" @clear="load(1)" data-test="f-q" />
        </el-form-item>
        <el-form-item>
          <el-button type="primary" @click="load(1)">查询</el-button>
          <el-button tag="a" :href="exportLink" data-test="export">导出表格</el-button>
          <el-button @click="print" :loading="printing" data-test="print">打印</el-button>
        </el-form-item>
      </el-form>
      <PrintView title="行政复议案件清单" :cols="printCols" :rows="printed" :note="printNote" />
      <PhoneList :items="items" :meta="['station', 'opened_on', 'state_name']" @open="(r) => go('/review', { case: r.id })" />
      <el-table :data="items" v-loading="loading" border stripe data-test="review-table" empty-text="暂无案件"
        @row-click="(r) => go('/review', { case: r.id })" class="fz-clickable fz-wide-table">
        <el-table-column prop="number" label="编号" width="170" />
        <el-table-column prop="title" label="案件" min-width="200" show-overflow-tooltip />
        <el-table-column prop="station" label="受理站点" min-width="150" show-overflow-tooltip />
        <el-table-column prop="officer" label="承办人" width="90" />
        <el-table-column prop="opened_on" label="收到日期" width="110" />
        <el-table-column prop="next_due" label="最近届满" width="110" />
        <el-table-column label="信号灯" width="80"><template #default="{ row }"><light-tag :light="row.light" /></template></el-table-column>
      </el-table>
      <span v-if="total > 10000" class="fz-muted">共一万条以上，请用条件缩小范围</span>
  <el-pagination class="fz-mt" :layout="total > 10000 ? \'prev, pager, next\' : \'total, prev, pager, next\'" :total="total" :page-size="20"
        :current-page="page" @current-change="load" />
    </el-tab-pane>
    <el-tab-pane label="窗口受理" name="intake">
      <el-form :model="form" label-width="130px" class="fz-form" data-test="intake-form" @submit.prevent="intake">
        <el-form-item label="受理站点" required :error="ierr.station_id">
          <el-select v-model="form.station_id" filterable placeholder="选择基层服务站" data-test="station">
            <el-option v-for="s in stations" :key="s.id" :label="s.name" :value="s.id" />
          </el-select>
        </el-form-item>
        <el-form-item label="申请人" required :error="ierr.applicant"><el-input v-model="form.applicant" name="applicant" /></el-form-item>
        <el-form-item label="证件号码"><el-input v-model="form.applicant_id" placeholder="身份证号或统一社会信用代码" /></el-form-item>
        <el-form-item label="手机号码" required :error="ierr.phone"><el-input v-model="form.phone" name="phone" /></el-form-item>
        <el-form-item label="被申请人" required :error="ierr.respondent"><el-input v-model="form.respondent" name="respondent" /></el-form-item>
        <el-form-item label="被申请人类别" required>
          <el-select v-model="form.respondent_kind"><el-option v-for="k in KINDS" :key="k.value" :label="k.label" :value="k.value" /></el-select>
        </el-form-item>
        <el-form-item label="被申请的行为" required :error="ierr.act"><el-input v-model="form.act" type="textarea" name="act" /></el-form-item>
        <el-form-item label="请求和理由" required :error="ierr.request"><el-input v-model="form.request" type="textarea" name="request" /></el-form-item>
        <el-form-item label="收到申请日期"><el-date-picker v-model="form.received_on" type="date" value-format="YYYY-MM-DD" placeholder="今天" /></el-form-item>
        <el-form-item label="知道行为之日">
          <el-date-picker v-model="form.known_on" type="date" value-format="YYYY-MM-DD" data-test="known-on" />
          <span class="fz-hint">申请期限六十日自此起算（《中华人民共和国行政复议法》第二十条第一款）</span>
        </el-form-item>
        <el-form-item label="行为作出日期"><el-date-picker v-model="form.act_on" type="date" value-format="YYYY-MM-DD" />
          <span class="fz-hint">最长申请期限：五年，不动产二十年（第二十一条）</span></el-form-item>
        <el-form-item label="告知与不动产">
          <el-checkbox v-model="form.not_informed">未告知复议权利、复议机关和申请期限（第二十条第三款）</el-checkbox>
          <el-checkbox v-model="form.real_property">涉及不动产</el-checkbox>
        </el-form-item>
        <el-form-item v-if="form.not_informed" label="知道复议权利之日"><el-date-picker v-model="form.informed_on" type="date" value-format="YYYY-MM-DD" /></el-form-item>
        <el-form-item label="正当理由"><el-input v-model="form.delay_reason" placeholder="因不可抗力或其他正当理由耽误期限的，写明原因（第二十条第二款）" /></el-form-item>
        <el-form-item v-if="form.delay_reason" label="障碍发生至消除">
          <el-date-picker v-model="form.obstacle_from" type="date" value-format="YYYY-MM-DD" placeholder="发生日期" />
          <el-date-picker v-model="form.obstacle_to" type="date" value-format="YYYY-MM-DD" placeholder="消除日期" />
        </el-form-item>
        <el-form-item label="繁简分流">
          <el-checkbox v-model="form.facts.事实清楚">事实清楚、争议不大</el-checkbox>
          <el-checkbox v-model="form.facts.当场作出">当场作出</el-checkbox>
          <el-checkbox v-model="form.facts.政府信息公开">政府信息公开</el-checkbox>
          <el-checkbox v-model="form.facts.重大疑难复杂">重大疑难复杂</el-checkbox>
        </el-form-item>
        <el-form-item><el-button type="primary" native-type="submit" :loading="busy" data-test="intake-submit">登记并分送</el-button></el-form-item>
      </el-form>
      <el-alert v-if="created" type="success" show-icon :closable="false" data-test="intake-result"
        :title="'已登记，申请编号 ' + created.number" :description="created.message + '（复议机关：' + created.organ + '）'" />
    </el-tab-pane>
    <el-tab-pane v-if="staff" label="复议员" name="officers">
      <el-table :data="officers" border stripe data-test="officers-table">
        <el-table-column prop="name" label="姓名" width="100" />
        <el-table-column prop="grade_name" label="等级" width="140" />
        <el-table-column prop="cert_no" label="证号" width="120" />
        <el-table-column prop="open" label="在办" width="80" />
        <el-table-column prop="closed" label="已办结" width="90" />
        <el-table-column label="工作量"><template #default="{ row }"><el-progress :percentage="Math.min(100, row.open * 10)" :format="() => row.open + ' 件'" /></template></el-table-column>
      </el-table>
    </el-tab-pane>
    <el-tab-pane v-if="staff" label="诉讼与出庭" name="suits">
      <el-table :data="suits" border stripe data-test="suits-table">
        <el-table-column prop="court_no" label="案号" width="200" />
        <el-table-column prop="case" label="复议案件" width="160" />
        <el-table-column prop="defendant" label="被告" min-width="160" />
        <el-table-column prop="outcome" label="结果" width="90"><template #default="{ row }">{{ OUTCOMES[row.outcome] }}</template></el-table-column>
        <el-table-column label="负责人出庭" width="110"><template #default="{ row }">{{ row.head_appeared }}/{{ row.hearings }} 庭次</template></el-table-column>
      </el-table>
    </el-tab-pane>
    <el-tab-pane v-if="staff" label="统计" name="figures">
      <el-form :inline="true" class="fz-toolbar">
        <el-form-item label="期间"><el-date-picker v-model="range" type="daterange" value-format="YYYY-MM-DD" :shortcuts="RANGE_SHORTCUTS" :clearable="false" @change="figures" data-test="fig-range" /></el-form-item>
        <el-form-item label="分组"><el-radio-group v-model="by" @change="figures"><el-radio-button value="organ">按机关</el-radio-button><el-radio-button value="station">按站点</el-radio-button></el-radio-group></el-form-item>
      </el-form>
      <el-row :gutter="12" class="fz-mb" data-test="review-figures">
        <el-col v-for="m in metrics" :key="m.key" :xs="12" :md="6">
          <el-card shadow="never"><div class="fz-muted">{{ m.name }}</div>
            <div class="fz-big" :data-metric="m.key">{{ pct(m.rate) }}</div>
            <div class="fz-muted">{{ m.num }} / {{ m.den }}</div></el-card>
        </el-col>
      </el-row>
      <div ref="chart" class="fz-chart"></div>
      <div class="fz-muted" v-for="m in metrics" :key="'d' + m.key">{{ m.name }}：{{ m.definition }}</div>
    </el-tab-pane>
  </el-tabs>
</el-card>
</div>`,
	setup() {
		const LIGHT_NAMES = { green: '绿灯', yellow: '黄灯', red: '红灯', overdue: '超期', paused: '已中止' };
		const OUTCOMES = { pending: '审理中', won: '胜诉', withdrawn: '撤诉', lost: '败诉' };
		// A 镇街 workstation receives applications at the window; the cases,
		// officers, suits and figures are the 司法局's, 依法治区办's and the
		// administrator's (the routes' roles, src/domain/review/review_api.c).
		const staff = computed(() => session.user && ['justice', 'office', 'admin'].includes(session.user.role));
		const tab = ref(staff.value ? 'cases' : 'intake');
		const items = ref([]), total = ref(0), page = ref(1), loading = ref(false);
		const filters = reactive({ light: '', open: false, range: null, q: '' });
		function listQuery() {
			const q = { page: page.value };
			if (filters.light) q.light = filters.light;
			if (filters.open) q.open = 1;
			if (filters.range) { q.from = filters.range[0]; q.to = filters.range[1]; }
			if (filters.q) q.q = filters.q;
			return q;
		}
		const printCols = [{ key: 'number', label: '编号' }, { key: 'title', label: '案件' },
			{ key: 'station', label: '受理站点' }, { key: 'officer', label: '承办人' }, { key: 'state_name', label: '环节' },
			{ key: 'opened_on', label: '收到日期' }, { key: 'light_name', label: '信号灯' }, { key: 'next_due', label: '最近届满' }];
		const { exportLink, print, printing, printed, printNote } = listTools('/review/cases', listQuery,
			() => (filters.q ? `关键词“${filters.q}”` : ''));
		const kase = ref(null);
		const stations = ref([]), officers = ref([]), suits = ref([]), metrics = ref([]);
		const created = ref(null), busy = ref(false), chart = ref(null);
		const by = ref('organ');
		const range = ref(reportRange());
		const caseId = computed(() => route.query.case);
		const canAct = computed(() => session.user && session.user.role === 'justice');
		const blank = () => ({ station_id: null, applicant: '', applicant_id: '', phone: '', respondent: '',
			respondent_kind: 'department', act: '', request: '', facts: {}, received_on: todayISO(), known_on: '',
			act_on: '', not_informed: false, informed_on: '', real_property: false, delay_reason: '',
			obstacle_from: '', obstacle_to: '' });
		const form = reactive(blank());

		async function load(p) {
			page.value = p || 1;
			loading.value = true;
			try {
				const r = await get('/review/cases', listQuery());
				items.value = r.items;
				total.value = r.total;
			} finally {
				loading.value = false;
			}
		}
		async function loadCase() {
			kase.value = caseId.value && staff.value ? await get('/review/cases/' + caseId.value) : null;
		}
		async function assign() {
			kase.value = await post('/review/cases/' + caseId.value + '/assign', {});
			ElementPlus.ElMessage.success('已分配：' + kase.value.review.officer);
		}
		const ierr = reactive({});
		const INTAKE_REQUIRED = { station_id: '受理站点', applicant: '申请人', phone: '手机号码',
			respondent: '被申请人', act: '被申请的行为', request: '请求和理由' };
		async function intake() {
			if (!checkForm(form, INTAKE_REQUIRED, ierr)) return;
			busy.value = true;
			try {
				const body = { ...form, facts: { ...form.facts } };
				// 行政复议法 Art. 20, 21: only the dates given are sent
				if (body.not_informed) body.informed = false;
				if (!body.real_property) delete body.real_property;
				delete body.not_informed;
				for (const k of ['applicant_id', 'received_on', 'known_on', 'act_on', 'informed_on',
					'delay_reason', 'obstacle_from', 'obstacle_to'])
					if (!body[k]) delete body[k];
				created.value = await post('/review/applications', body);
				Object.assign(form, blank());
			} catch (e) {
				/* shown by the API layer; a field's problem at the field too */
				if (e.field) ierr[e.field] = e.message;
			} finally {
				busy.value = false;
			}
		}
		async function figures() {
			const q = { by: by.value };
			if (range.value) { q.from = range.value[0]; q.to = range.value[1]; }
			const r = await get('/review/metrics', q);
			metrics.value = r.metrics;
			await nextTick();
			const m = r.metrics.find((x) => x.key === 'tiaoche');
			if (chart.value && m)
				barChart(chart.value, '调撤率（' + (by.value === 'organ' ? '按被申请机关' : '按受理站点') + '）',
					m.groups.filter((g) => g.den > 0).map((g) => ({ name: g.name, value: Math.round(g.rate * 1000) / 10 })),
					{ percent: true, max: 100 });
		}
		async function onTab(name) {
			if (name === 'intake' && !stations.value.length)
				stations.value = (await get('/public/review/stations')).items;
			if (name === 'officers') officers.value = (await get('/review/officers')).items;
			if (name === 'suits') suits.value = (await get('/review/suits')).items;
			if (name === 'figures') figures();
		}
		watch(caseId, loadCase);
		onMounted(() => {
			if (staff.value) { load(1); loadCase(); } else onTab('intake');
		});
		return { FACTS, STATES, KINDS, LIGHT_NAMES, OUTCOMES, tab, items, total, page, loading, filters, kase, caseId,
			canAct, staff, ierr, exportLink, print, printing, printed, printCols, printNote, stations, officers, suits, metrics, created, busy, chart, by, range, RANGE_SHORTCUTS, form,
			load, assign, intake, figures, onTab, go, pct,
			fileSize: (n) => n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB' };
	},
};

export default {
	key: 'review',
	path: '/review',
	title: '行政复议',
	icon: 'Stamp',
	component: ReviewPage,
};
