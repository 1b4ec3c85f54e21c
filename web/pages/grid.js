// pages/grid.js - 市场主体风险分级 (141 基层综合智治; 依法治区办, the
// departments with safety duties, 镇街 for their own): the registry of
// market entities and their safety-risk grades, A 低风险 (blue) to D 重大风险
// (red).  The list (#/grid): the count per grade as cards that filter, a
// stacked bar of the grades per 镇街, the filters, the table (cards on a
// phone), 导出表格, 登记市场主体, 批量导入 (a CSV or JSON file read here and
// sent as text) and, for the 依法治区办, 按规则重新评定.  An entity's page
// (#/grid?entity=ID): its attributes, the grade with the rules that fired
// and their citations, 人工调整, the grade history, and its inspection,
// penalty and accident records with 登记检查记录 and 复查通过.
// 综合查一次: the list's second view (检查计划) shows a month's planned
// visits merged per entity (the agencies, 联合检查, the year's visits
// against the grade's cap, 撤销 for the user's own unit); an entity's page
// counts its visits this year and plans one (安排检查), saying whom the
// visit joins or which month to move it to.
// The grading itself is the server's (src/domain/grid, data/grid/risk.rules).

import { get, post, del, ApiError } from '../api.js';
import { route, go } from '../router.js';
import { session } from '../session.js';
import { checkForm, exportHref, fmtTime, todayISO } from '../util.js';
import { loadEcharts } from './review_case.js';
import { LawText } from '../v/assets/cite.js';

const { ref, reactive, computed, watch, onMounted, onBeforeUnmount, nextTick } = Vue;

if (!document.querySelector('link[data-fz="grid-css"]')) {
	const l = document.createElement('link');
	l.rel = 'stylesheet';
	l.href = 'pages/grid.css';
	l.dataset.fz = 'grid-css';
	document.head.appendChild(l);
}

// the four grades; color is the chart's (tags and cards: grid.css)
const GRADES = [
	{ key: 'A', name: '低风险', color: '#2f7bd8' },
	{ key: 'B', name: '一般风险', color: '#f2c21b' },
	{ key: 'C', name: '较大风险', color: '#f0841c' },
	{ key: 'D', name: '重大风险', color: '#d3302a' },
];
const GRADE_NAMES = Object.fromEntries(GRADES.map((g) => [g.key, g.name]));
const HAZARDS = [
	{ key: 'hazchem', name: '危险化学品' }, { key: 'dust', name: '粉尘涉爆' },
	{ key: 'ammonia', name: '涉氨制冷' }, { key: 'confined', name: '有限空间' },
	{ key: 'gas', name: '使用燃气' },
];
const SIZES = [
	{ key: 'large', name: '大型' }, { key: 'medium', name: '中型' },
	{ key: 'small', name: '小型' }, { key: 'micro', name: '微型' },
];
// why an agency visits: 计划检查 counts against the grade's yearly cap;
// the others are targeted checks (优化营商环境条例 Art. 54 ¶2), not capped
const REASONS = [
	{ key: 'routine', name: '计划检查' }, { key: 'complaint', name: '投诉举报' },
	{ key: 'referral', name: '转办交办' }, { key: 'accident', name: '事故调查' },
];
const TARGETED_NOTE = '投诉举报、转办交办、事故调查等专项检查不计入（《优化营商环境条例》第五十四条第二款）';
const RECORD_KINDS = [
	{ key: 'inspection', name: '检查' }, { key: 'penalty', name: '行政处罚' },
	{ key: 'accident', name: '生产安全事故' },
];
// 国民经济行业分类 (GB/T 4754-2017): the sections, and the divisions the
// district's entities fall in most
const SECTIONS = {
	A: '农、林、牧、渔业', B: '采矿业', C: '制造业', D: '电力、热力、燃气及水生产和供应业',
	E: '建筑业', F: '批发和零售业', G: '交通运输、仓储和邮政业', H: '住宿和餐饮业',
	I: '信息传输、软件和信息技术服务业', J: '金融业', K: '房地产业', L: '租赁和商务服务业',
	M: '科学研究和技术服务业', N: '水利、环境和公共设施管理业', O: '居民服务、修理和其他服务业',
	P: '教育', Q: '卫生和社会工作', R: '文化、体育和娱乐业', S: '公共管理、社会保障和社会组织',
	T: '国际组织',
};
const DIVISIONS = {
	C13: '农副食品加工业', C17: '纺织业', C18: '纺织服装、服饰业', C26: '化学原料和化学制品制造业',
	E47: '房屋建筑业', F51: '批发业', F52: '零售业', G54: '道路运输业', H61: '住宿业', H62: '餐饮业',
	L72: '商务服务业', O80: '居民服务业',
};
const INDUSTRY_OPTIONS = [
	...Object.entries(DIVISIONS).map(([k, v]) => ({ value: k, label: v })),
	...Object.entries(SECTIONS).map(([k, v]) => ({ value: k, label: v + '（全部）' })),
];
// what an industry code is called: its division when known, else its section
function industryName(code) {
	const c = String(code || '').toUpperCase();
	return DIVISIONS[c.slice(0, 3)] || SECTIONS[c.slice(0, 1)] || c;
}
const IMPORT_COLUMNS = ['统一社会信用代码', '名称', '镇街', '网格', '行业代码', '规模', '从业人数', '风险因素', '地址'];
const IMPORT_SAMPLE = ['91330621MA2BXXXX0X', '绍兴柯桥示例纺织有限公司', '柯桥街道', '第1网格', 'C1711', '小型', '45',
	'粉尘涉爆、有限空间', '柯桥街道示例路1号'];
const JSON_MAX = 1 << 20; // the server's ceiling for a JSON body

const num = (n) => (n == null ? '—' : Number(n).toLocaleString('zh-CN'));
// months: "2026-12" for the API, "2026年12月" for people
const thisMonth = () => todayISO().slice(0, 7);
const monthText = (m) => (m ? `${+m.slice(0, 4)}年${+m.slice(5, 7)}月` : '');
// months before this one are not planned any more
function pastMonth(d) {
	const t = todayISO();
	return d < new Date(+t.slice(0, 4), +t.slice(5, 7) - 1, 1);
}
// "本年" or "2027年": the year a month's visits count in
const yearWord = (m) => (!m || m.slice(0, 4) === todayISO().slice(0, 4) ? '本年' : +m.slice(0, 4) + '年');
// the user's unit, as the plans name the agencies
const myUnit = () => (session.user && session.user.unit ? session.user.unit.name : '');
// under 600 px the page lays out for a phone (style.css)
const narrowQuery = window.matchMedia('(max-width: 600px)');
const narrow = ref(narrowQuery.matches);
narrowQuery.addEventListener('change', (e) => { narrow.value = e.matches; });

// <grade-tag grade="D" />: the grade's name on its colour
const GradeTag = {
	name: 'GradeTag',
	props: { grade: String, size: { type: String, default: '' } },
	template: `<span class="gr-tag" :class="['gr-tag-' + grade, size ? 'gr-tag-' + size : '']" :data-grade="grade">{{ GRADE_NAMES[grade] || '未评定' }}</span>`,
	setup() { return { GRADE_NAMES }; },
};

// POST /grid/import itself: api.js keeps only the message of a refusal,
// and here the rows it names are what the user needs.  Resolves the
// counts; throws ApiError with .rows (["文件:行: 原因", …]) on failure.
async function importFile(file, text) {
	const body = JSON.stringify({ file, text });
	if (new Blob([body]).size > JSON_MAX)
		throw Object.assign(new ApiError(413, 'too_large', 'file', '文件超过 1 MB，请分成几个文件导入（每个约五千家）'), { rows: [] });
	const me = await get('/me', null, { quiet: true });
	let res, data = null;
	try {
		res = await fetch('/api/v1/grid/import', {
			method: 'POST', credentials: 'same-origin', cache: 'no-store', body,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': me.csrf },
		});
		data = await res.json();
	} catch (e) {
		if (!res) throw Object.assign(new ApiError(0, 'network', null, '无法连接服务器，请检查网络后重试'), { rows: [] });
	}
	if (res.ok) return data;
	const er = (data && data.error) || {};
	throw Object.assign(new ApiError(res.status, er.code || 'http_' + res.status, er.field || null,
		er.message || '导入失败（' + res.status + '）'), { rows: er.rows || [] });
}

// ---- one entity ----

const GridEntity = {
	name: 'GridEntity',
	components: { GradeTag, LawText },
	props: { id: { type: String, required: true } },
	template: `
<el-card shadow="never" class="gr-entity" data-test="grid-entity">
  <template #header>
    <div class="fz-card-head gr-head"><span data-test="entity-name">{{ e ? e.name : '市场主体' }}</span>
      <el-button @click="go('/grid')" data-test="back">返回列表</el-button></div>
  </template>
  <el-result v-if="failed" icon="warning" :title="failed" sub-title="该市场主体不存在，或不在您的管辖范围内。" data-test="entity-missing" />
  <div v-else-if="!e" v-loading="true" class="gr-loading"></div>
  <template v-else>
  <div class="gr-grade-box">
    <grade-tag :grade="e.grade" size="big" data-test="entity-grade" />
    <div class="gr-grade-text">
      <div v-if="e.override" data-test="entity-override">人工调整为{{ GRADE_NAMES[e.override] }}（按规则评定为{{ GRADE_NAMES[e.computed] }}）：{{ e.override_reason }}</div>
      <div v-else>按规则评定</div>
      <div class="fz-muted">评定日期：{{ e.graded_on || '—' }}</div>
    </div>
  </div>
  <el-descriptions :column="narrow ? 1 : 3" border size="small" class="fz-mb" data-test="entity-info">
    <el-descriptions-item label="统一社会信用代码"><span data-test="entity-uscc">{{ e.uscc }}</span></el-descriptions-item>
    <el-descriptions-item label="所属镇街">{{ e.town }}</el-descriptions-item>
    <el-descriptions-item label="网格">{{ e.grid || '—' }}</el-descriptions-item>
    <el-descriptions-item label="行业">{{ e.industry_section }} · {{ industryName(e.industry) }}（{{ e.industry }}）</el-descriptions-item>
    <el-descriptions-item label="规模">{{ e.size_name }}</el-descriptions-item>
    <el-descriptions-item label="从业人数">{{ e.employees == null ? '未填报' : e.employees + ' 人' }}</el-descriptions-item>
    <el-descriptions-item label="风险因素" :span="narrow ? 1 : 3">
      <span v-if="!e.hazards.length">无</span>
      <el-tag v-for="h in e.hazards" :key="h" type="warning" size="small" effect="plain" class="gr-hz">{{ h }}</el-tag>
    </el-descriptions-item>
    <el-descriptions-item label="地址" :span="narrow ? 1 : 3">{{ e.address || '—' }}</el-descriptions-item>
    <el-descriptions-item label="登记时间">{{ fmtTime(e.created_at) }}</el-descriptions-item>
    <el-descriptions-item label="更新时间" :span="narrow ? 1 : 2">{{ fmtTime(e.updated_at) }}</el-descriptions-item>
  </el-descriptions>

  <h4 class="gr-sub">评定依据</h4>
  <ul class="gr-rules" data-test="entity-rules">
    <li v-for="r in e.rules" :key="r.rule" class="gr-rule">
      <grade-tag :grade="r.grade" size="small" />
      <div class="gr-rule-main">
        <div class="gr-rule-name">{{ r.name }}</div>
        <div>{{ r.message }}</div>
        <div class="gr-cite" data-test="rule-cite">依据：<law-text :text="r.cite" /></div>
      </div>
    </li>
    <li v-if="!e.rules.length" class="fz-muted">未触发任何风险规则，按低风险管理。</li>
  </ul>

  <template v-if="e.plan">
  <h4 class="gr-sub">检查计划（综合查一次）</h4>
  <el-row :gutter="24" class="gr-plan" data-test="entity-plan">
    <el-col :xs="24" :md="11">
      <div class="gr-plan-stats" :class="{ 'is-over': e.plan.over_cap }">
        <div class="gr-plan-stat"><span class="gr-plan-num" data-test="plan-visits">{{ e.plan.visits }}</span><span>本年入企</span></div>
        <div class="gr-plan-stat gr-plan-routine"><span class="gr-plan-num" data-test="plan-routine">{{ e.plan.routine }}</span><span>其中计划</span></div>
        <div class="gr-plan-stat"><span class="gr-plan-num">{{ e.plan.per_year }}</span><span>每年应检</span></div>
        <div class="gr-plan-stat"><span class="gr-plan-num" data-test="plan-cap">{{ e.plan.cap }}</span><span>每年上限</span></div>
      </div>
      <p class="gr-plan-rule" data-test="plan-rule"><law-text :text="planRule" /></p>
      <el-alert v-if="e.plan.over_cap" type="warning" show-icon :closable="false" data-test="plan-over"
        :title="'本年计划检查已超过该风险等级的上限（计划检查 ' + e.plan.routine + ' 次，上限 ' + e.plan.cap + ' 次）'" />
    </el-col>
    <el-col :xs="24" :md="13">
      <el-form label-width="90px" :label-position="narrow ? 'top' : 'right'" class="gr-plan-form" data-test="plan-form" @submit.prevent="addPlan">
        <el-form-item label="检查月份" required :error="perr.month">
          <div class="gr-plan-month" data-test="plan-form-month"><el-date-picker v-model="pform.month" type="month" value-format="YYYY-MM"
            format="YYYY年M月" :clearable="false" :disabled-date="pastMonth" placeholder="选择月份" /></div>
        </el-form-item>
        <el-form-item label="检查缘由" required :error="perr.reason">
          <el-select v-model="pform.reason" placeholder="选择检查缘由" class="fz-full" data-test="plan-form-reason">
            <el-option v-for="r in REASONS" :key="r.key" :label="r.name" :value="r.key" />
          </el-select>
          <div class="fz-form-hint">{{ pform.reason === 'routine' ? '按风险等级安排的日常检查，计入年度上限' : '专项检查，不计入年度上限' }}</div>
        </el-form-item>
        <el-form-item label="检查事项" required :error="perr.items">
          <el-input v-model="pform.items" type="textarea" :rows="2" maxlength="500" show-word-limit
            placeholder="如：安全生产责任制落实、特种设备使用管理（二至五百字）" data-test="plan-form-items" />
        </el-form-item>
        <el-form-item :error="perr.entity_id">
          <el-button type="primary" :loading="pbusy" @click="addPlan" data-test="plan-submit">安排检查</el-button>
          <span class="fz-muted gr-plan-by">检查单位：{{ myUnit() || '本单位' }}</span>
        </el-form-item>
      </el-form>
      <div v-if="pres" class="gr-plan-result" data-test="plan-result">
        <el-alert v-if="pres.joint_with" type="success" show-icon :closable="false" data-test="plan-merged"
          :title="'与' + pres.joint_with + '同月检查，合并为一次联合检查（综合查一次）'"
          :description="'已安排' + monthText(pres.month) + '检查。'" />
        <el-alert v-else type="success" show-icon :closable="false" :title="'已安排' + monthText(pres.month) + '检查'"
          :description="yearWord(pres.month) + '入企 ' + pres.visits + ' 次（其中计划检查 ' + pres.routine + ' 次），上限 ' + pres.cap + ' 次。'" />
        <el-alert v-if="pres.suggest_month" type="info" show-icon :closable="false" data-test="plan-suggest"
          :title="(pres.suggest_units || '其他单位') + '已安排在' + monthText(pres.suggest_month) + '检查，建议调整到同月合并检查'">
          <el-button size="small" type="primary" plain :loading="pbusy" @click="movePlan" data-test="plan-move">调整到{{ monthText(pres.suggest_month) }}</el-button>
        </el-alert>
        <el-alert v-if="pres.over_cap" type="warning" show-icon :closable="false" data-test="plan-result-over"
          :title="yearWord(pres.month) + '计划检查已超过该风险等级的上限'"
          :description="'计划检查 ' + pres.routine + ' 次，上限 ' + pres.cap + ' 次；请与其他检查单位合并检查，或改用双随机抽查。'" />
      </div>
    </el-col>
  </el-row>
  </template>

  <el-row :gutter="24">
    <el-col :xs="24" :md="11">
      <h4 class="gr-sub">人工调整等级</h4>
      <el-form label-width="90px" :label-position="narrow ? 'top' : 'right'" class="gr-override" data-test="override-form" @submit.prevent="override(false)">
        <el-form-item label="调整为" :error="oerr.grade">
          <el-select v-model="oform.grade" placeholder="选择风险等级" class="fz-full" data-test="override-grade">
            <el-option v-for="g in GRADES" :key="g.key" :label="g.name" :value="g.key" />
          </el-select>
        </el-form-item>
        <el-form-item label="调整理由" :error="oerr.reason">
          <el-input v-model="oform.reason" type="textarea" :rows="3" maxlength="500" show-word-limit
            placeholder="写明调整的事实和理由（五至五百字）" data-test="override-reason" />
        </el-form-item>
        <el-form-item>
          <el-button type="primary" :loading="busy" @click="override(false)" data-test="override-submit">调整等级</el-button>
          <el-button v-if="e.override" :loading="busy" @click="override(true)" data-test="override-clear">撤销人工调整</el-button>
        </el-form-item>
      </el-form>
    </el-col>
    <el-col :xs="24" :md="13">
      <h4 class="gr-sub">评定记录</h4>
      <el-timeline class="gr-history" data-test="entity-history">
        <el-timeline-item v-for="(h, i) in e.history" :key="i" :timestamp="fmtTime(h.at)" placement="top"
          :type="h.kind === 'rules' ? 'primary' : 'warning'">
          <div class="gr-hist-line"><b>{{ h.kind_name }}</b><grade-tag :grade="h.grade" size="small" />
            <span v-if="h.kind !== 'rules' && h.computed && h.computed !== h.grade" class="fz-muted">按规则为{{ GRADE_NAMES[h.computed] }}</span></div>
          <div v-if="h.rules && h.rules.length" class="fz-muted">触发规则：{{ h.rules.map((r) => r.name).join('；') }}</div>
          <div v-if="h.reason" data-test="history-reason">理由：{{ h.reason }}</div>
          <div class="fz-muted">{{ h.actor }}</div>
        </el-timeline-item>
      </el-timeline>
      <div v-if="!e.history.length" class="fz-muted">暂无评定记录</div>
    </el-col>
  </el-row>

  <div class="gr-sub gr-sub-row">
    <h4>检查、处罚和事故记录</h4>
    <el-button type="primary" @click="openRecord" data-test="btn-record">登记检查记录</el-button>
  </div>
  <ul class="fz-phone-list" data-test="records-phone">
    <li v-for="r in e.records" :key="r.id">
      <div class="fz-phone-line"><span class="fz-phone-no">{{ r.kind_name }} · {{ r.on }}</span>
        <el-button v-if="r.open_major > 0" size="small" type="primary" plain @click="rectified(r)">复查通过</el-button></div>
      <div class="fz-phone-what">{{ recordFacts(r) }}</div>
      <div v-if="r.note" class="fz-muted">{{ r.note }}</div>
    </li>
    <li v-if="!e.records.length" class="fz-muted">暂无记录</li>
  </ul>
  <el-table :data="e.records" border stripe size="small" class="fz-wide-table" data-test="records-table" empty-text="暂无记录">
    <el-table-column prop="kind_name" label="类别" width="110" />
    <el-table-column prop="on" label="日期" width="110" />
    <el-table-column label="一般隐患" width="90"><template #default="{ row }">{{ row.kind === 'inspection' ? row.hazards : '—' }}</template></el-table-column>
    <el-table-column label="重大事故隐患" width="120"><template #default="{ row }">{{ majorText(row) }}</template></el-table-column>
    <el-table-column label="未整改" width="80"><template #default="{ row }">{{ row.kind === 'inspection' ? row.open_major : '—' }}</template></el-table-column>
    <el-table-column label="复查通过" width="110"><template #default="{ row }">{{ row.rectified_on || '—' }}</template></el-table-column>
    <el-table-column prop="note" label="说明" min-width="160" show-overflow-tooltip />
    <el-table-column label="操作" width="110">
      <template #default="{ row }">
        <el-button v-if="row.open_major > 0" size="small" type="primary" plain @click="rectified(row)" data-test="btn-rectified">复查通过</el-button>
      </template>
    </el-table-column>
  </el-table>
  </template>

  <el-dialog v-model="rdlg" title="登记检查记录" width="min(520px, 96vw)">
    <el-form label-width="120px" :label-position="narrow ? 'top' : 'right'" data-test="record-form" @submit.prevent="addRecord">
      <el-form-item label="类别" required :error="rerr.kind">
        <el-radio-group v-model="rform.kind" data-test="record-kind">
          <el-radio v-for="k in RECORD_KINDS" :key="k.key" :value="k.key">{{ k.name }}</el-radio>
        </el-radio-group>
      </el-form-item>
      <el-form-item label="日期" :error="rerr.on">
        <el-date-picker v-model="rform.on" type="date" value-format="YYYY-MM-DD" :clearable="false"
          :disabled-date="(d) => d > new Date()" data-test="record-on" />
      </el-form-item>
      <template v-if="rform.kind === 'inspection'">
        <el-form-item label="一般隐患数" :error="rerr.hazards">
          <el-input-number v-model="rform.hazards" :min="0" :max="1000" data-test="record-hazards" />
        </el-form-item>
        <el-form-item label="重大事故隐患数" :error="rerr.major">
          <el-input-number v-model="rform.major" :min="0" :max="100" data-test="record-major" />
        </el-form-item>
        <el-form-item v-if="rform.major > 0" label="其中尚未整改" :error="rerr.open_major">
          <el-input-number v-model="rform.open_major" :min="0" :max="rform.major" data-test="record-open" />
        </el-form-item>
      </template>
      <el-form-item v-if="rform.kind === 'penalty'" label="重大事故隐患" :error="rerr.major">
        <el-checkbox v-model="rform.penaltyMajor">因存在重大事故隐患受到处罚</el-checkbox>
      </el-form-item>
      <el-form-item label="说明" :error="rerr.note">
        <el-input v-model="rform.note" type="textarea" :rows="2" maxlength="500" show-word-limit data-test="record-note" />
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="rdlg = false">取消</el-button>
      <el-button type="primary" :loading="busy" @click="addRecord" data-test="record-submit">登记</el-button>
    </template>
  </el-dialog>
</el-card>`,
	setup(props) {
		const e = ref(null), failed = ref(''), busy = ref(false), rdlg = ref(false);
		const oform = reactive({ grade: '', reason: '' }), oerr = reactive({});
		const rblank = () => ({ kind: 'inspection', on: todayISO(), hazards: 0, major: 0, open_major: 0, penaltyMajor: false, note: '' });
		const rform = reactive(rblank()), rerr = reactive({});
		const pblank = () => ({ month: thisMonth(), reason: 'routine', items: '' });
		const pform = reactive(pblank()), perr = reactive({}), pres = ref(null), pbusy = ref(false);
		const base = () => '/grid/entities/' + props.id;

		async function load() {
			e.value = null;
			failed.value = '';
			try {
				e.value = await get(base(), null, { quiet: true });
			} catch (err) {
				failed.value = err.message;
			}
		}
		function said(r, what) {
			const before = e.value && e.value.grade;
			e.value = r;
			ElementPlus.ElMessage.success(what + (r.grade !== before ? '，风险等级现为' + GRADE_NAMES[r.grade] : ''));
		}
		async function override(clear) {
			for (const k of Object.keys(oerr)) delete oerr[k];
			const reason = oform.reason.trim();
			if (!clear && !oform.grade) oerr.grade = '请选择风险等级';
			if (Array.from(reason).length < 5) oerr.reason = '请填写调整理由（至少五个字）';
			if (Object.keys(oerr).length) return;
			busy.value = true;
			try {
				said(await post(base() + '/override', { grade: clear ? null : oform.grade, reason }),
					clear ? '已撤销人工调整' : '已调整');
				Object.assign(oform, { grade: '', reason: '' });
			} catch (err) { if (err.field) oerr[err.field] = err.message; } finally { busy.value = false; }
		}
		function openRecord() {
			Object.assign(rform, rblank());
			for (const k of Object.keys(rerr)) delete rerr[k];
			rdlg.value = true;
		}
		async function addRecord() {
			for (const k of Object.keys(rerr)) delete rerr[k];
			if (!rform.on) { rerr.on = '请选择日期'; return; }
			const body = { kind: rform.kind, on: rform.on };
			if (rform.kind === 'inspection') {
				Object.assign(body, { hazards: rform.hazards || 0, major: rform.major || 0,
					open_major: Math.min(rform.open_major || 0, rform.major || 0) });
			} else if (rform.kind === 'penalty') body.major = rform.penaltyMajor ? 1 : 0;
			if (rform.note.trim()) body.note = rform.note.trim();
			busy.value = true;
			try {
				said(await post(base() + '/records', body), '已登记' + RECORD_KINDS.find((k) => k.key === rform.kind).name + '记录');
				rdlg.value = false;
			} catch (err) { if (err.field) rerr[err.field] = err.message; } finally { busy.value = false; }
		}
		async function rectified(r) {
			try {
				await ElementPlus.ElMessageBox.confirm(
					`${r.on} 检查发现的 ${r.open_major} 项重大事故隐患已整改完毕、复查通过？`, '复查通过',
					{ confirmButtonText: '复查通过', cancelButtonText: '取消', type: 'warning' });
			} catch (x) {
				return;
			}
			try {
				said(await post(base() + '/rectified', { record_id: r.id, on: todayISO() }), '已记录复查通过');
			} catch (err) { /* shown by api.js */ }
		}
		const majorText = (r) => (r.kind === 'inspection' ? r.major : r.kind === 'penalty' ? (r.major ? '涉及' : '不涉及') : '—');
		function recordFacts(r) {
			if (r.kind === 'inspection') {
				const s = `一般隐患 ${r.hazards} 项，重大事故隐患 ${r.major} 项`;
				return s + (r.open_major ? `（${r.open_major} 项未整改）` : r.rectified_on ? `（${r.rectified_on} 复查通过）` : '');
			}
			if (r.kind === 'penalty') return r.major ? '涉及重大事故隐患' : '不涉及重大事故隐患';
			return '生产安全事故';
		}

		// 检查计划: the grade's yearly frequency and cap, 安排检查
		const planRule = computed(() => {
			const p = e.value && e.value.plan;
			if (!p) return '';
			const g = GRADE_NAMES[e.value.grade] || '';
			return (p.per_year > 0 ? `按风险等级（${g}）每年计划检查${p.per_year}次，上限${p.cap}次；`
				: `${g}主体不安排计划检查，以“双随机、一公开”抽查为主，每年入企上限${p.cap}次；`) + TARGETED_NOTE + '。';
		});
		// the agencies already planning the entity in month, but the user's
		async function unitsIn(month) {
			try {
				const r = await get('/grid/plans', { month, q: e.value.uscc, per_page: 100 }, { quiet: true });
				const g = r.items.find((x) => String(x.entity_id) === String(props.id));
				return g ? g.agencies.map((a) => a.unit).filter((u) => u !== myUnit()).join('、') : '';
			} catch (err) {
				return '';
			}
		}
		// the year's counts on the page are this year's: read them again
		async function refreshPlan() {
			try {
				const r = await get(base(), null, { quiet: true });
				if (e.value && r) e.value.plan = r.plan;
			} catch (err) { /* the counts stay as they were */ }
		}
		async function plan(body) {
			const r = await post('/grid/plans', body);
			const res = { ...r, month: body.month, body, suggest_units: '' };
			if (r.suggest_month) res.suggest_units = await unitsIn(r.suggest_month);
			pres.value = res;
			refreshPlan();
			return res;
		}
		async function addPlan() {
			for (const k of Object.keys(perr)) delete perr[k];
			const items = pform.items.trim();
			if (!pform.month) perr.month = '请选择检查月份';
			if (!pform.reason) perr.reason = '请选择检查缘由';
			if (Array.from(items).length < 2) perr.items = '请填写检查事项（至少两个字）';
			if (Object.keys(perr).length) return;
			pbusy.value = true;
			pres.value = null;
			try {
				const r = await plan({ entity_id: Number(props.id), month: pform.month, reason: pform.reason, items });
				ElementPlus.ElMessage.success(r.joint_with ? '已安排，与' + r.joint_with + '合并检查' : '已安排' + monthText(r.month) + '检查');
				pform.items = '';
			} catch (err) { if (err.field) perr[err.field] = err.message; } finally { pbusy.value = false; }
		}
		// 调整到同月: plan the suggested month, then withdraw the first plan
		async function movePlan() {
			const old = pres.value;
			if (!old || !old.suggest_month) return;
			pbusy.value = true;
			try {
				const r = await plan({ ...old.body, month: old.suggest_month });
				await del('/grid/plans/' + old.id);
				refreshPlan();
				pform.month = r.month;
				ElementPlus.ElMessage.success('已调整到' + monthText(r.month));
			} catch (err) { /* shown by api.js */ } finally { pbusy.value = false; }
		}

		watch(() => props.id, () => {
			Object.assign(pform, pblank());
			for (const k of Object.keys(perr)) delete perr[k];
			pres.value = null;
			load();
		});
		onMounted(load);
		return { e, failed, busy, rdlg, oform, oerr, rform, rerr, GRADES, GRADE_NAMES, RECORD_KINDS, REASONS, narrow,
			pform, perr, pres, pbusy, planRule, pastMonth, monthText, yearWord, myUnit,
			override, openRecord, addRecord, rectified, majorText, recordFacts, industryName, fmtTime, go, addPlan, movePlan };
	},
};

// ---- the list ----

const GridPage = {
	name: 'GridPage',
	components: { GradeTag, GridEntity, LawText },
	template: `
<div class="gr-page">
<grid-entity v-if="entityId" :id="entityId" />
<el-card v-show="!entityId" shadow="never">
  <template #header>
    <div class="fz-card-head gr-head"><span>市场主体风险分级</span>
      <div class="gr-head-btns">
        <el-button @click="rulesDlg = true" data-test="btn-rules">评定规则</el-button>
        <el-button v-if="isOffice" :loading="regrading" @click="regrade" data-test="btn-regrade">按规则重新评定</el-button>
        <el-button @click="openImport" data-test="btn-import">批量导入</el-button>
        <el-button type="primary" @click="openAdd" data-test="btn-add">登记市场主体</el-button>
      </div></div>
  </template>
  <el-tabs v-model="view" class="gr-tabs" data-test="grid-views" @tab-change="switchView">
    <el-tab-pane label="风险分级" name="grade" />
    <el-tab-pane label="检查计划（综合查一次）" name="plan" />
  </el-tabs>
  <div v-show="view === 'plan'" class="gr-plan-top" data-test="plan-view">
    <div class="gr-plan-bar">
      <div class="gr-plan-month" data-test="plan-month"><el-date-picker v-model="plan.month" type="month" value-format="YYYY-MM"
        format="YYYY年M月" :clearable="false" placeholder="选择月份" aria-label="计划月份" @change="loadPlans(1)" /></div>
      <el-switch v-model="plan.joint" active-text="仅看联合检查" aria-label="仅看联合检查" @change="loadPlans(1)" data-test="plan-joint" />
    </div>
    <div class="gr-figs" data-test="plan-figures">
      <div class="gr-fig"><span class="gr-fig-label">计划入企</span>
        <span class="gr-fig-value"><b data-test="fig-plans">{{ num(plan.plans) }}</b> 次</span><span class="gr-fig-sub">各单位当月计划合计</span></div>
      <div class="gr-fig"><span class="gr-fig-label">合并后入企</span>
        <span class="gr-fig-value"><b data-test="fig-visits">{{ num(plan.visits) }}</b> 次</span><span class="gr-fig-sub">同一主体同月只查一次</span></div>
      <div class="gr-fig gr-fig-saved"><span class="gr-fig-label">减少入企</span>
        <span class="gr-fig-value"><b data-test="fig-saved">{{ num(plan.saved) }}</b> 次</span><span class="gr-fig-sub">综合查一次{{ plan.saved ? '，减少 ' + savedShare : '' }}</span></div>
    </div>
  </div>
  <div v-show="view === 'grade'" class="gr-cards" data-test="grid-summary">
    <button type="button" class="gr-card gr-card-all" :class="{ 'is-active': !filters.grade }" :aria-pressed="!filters.grade"
      @click="pickGrade('')" data-grade="all">
      <span class="gr-card-label">市场主体总数</span>
      <span class="gr-card-value" data-test="sum-total">{{ num(counts.total) }}</span>
      <span class="gr-card-sub">家，不限等级</span>
    </button>
    <button v-for="g in GRADES" :key="g.key" type="button" class="gr-card" :class="['gr-card-' + g.key, { 'is-active': filters.grade === g.key }]"
      :aria-pressed="filters.grade === g.key" @click="pickGrade(g.key)" :data-grade="g.key">
      <span class="gr-card-label"><i class="gr-dot"></i>{{ g.name }}</span>
      <span class="gr-card-value">{{ num(counts[g.key]) }}</span>
      <span class="gr-card-sub">占 {{ share(counts[g.key]) }}</span>
    </button>
  </div>
  <div v-show="view === 'grade' && summary.towns.length > 1" class="gr-chart-box">
    <div class="gr-chart-title">各镇街风险等级分布<span class="fz-muted">（点击柱条按镇街筛选）</span></div>
    <div ref="chartEl" class="gr-chart" data-test="grid-chart" role="img" :aria-label="chartLabel"></div>
  </div>
  <el-form :inline="true" class="fz-toolbar" @submit.prevent>
    <el-form-item label="关键词">
      <el-input v-model.trim="filters.q" clearable placeholder="名称或统一社会信用代码" class="fz-toolbar-input"
        @keyup.enter="apply" @clear="apply" data-test="f-q" />
    </el-form-item>
    <el-form-item v-if="towns.length > 1" label="镇街">
      <el-select v-model="filters.town" clearable filterable placeholder="全部" class="fz-toolbar-input gr-narrow" @change="apply" data-test="f-town">
        <el-option v-for="t in towns" :key="t.unit_id" :label="t.town" :value="t.unit_id" />
      </el-select>
    </el-form-item>
    <el-form-item label="风险等级">
      <el-select v-model="filters.grade" clearable placeholder="全部" class="fz-toolbar-input gr-narrow" @change="apply" data-test="f-grade">
        <el-option v-for="g in GRADES" :key="g.key" :label="g.name" :value="g.key" />
      </el-select>
    </el-form-item>
    <el-form-item label="风险因素">
      <el-select v-model="filters.hazard" clearable placeholder="全部" class="fz-toolbar-input gr-narrow" @change="apply" data-test="f-hazard">
        <el-option v-for="h in HAZARDS" :key="h.key" :label="h.name" :value="h.key" />
      </el-select>
    </el-form-item>
    <el-form-item label="行业">
      <el-select v-model="filters.industry" clearable filterable allow-create default-first-option
        placeholder="全部，或输入行业代码" class="fz-toolbar-input" @change="apply" data-test="f-industry">
        <el-option v-for="o in INDUSTRY_OPTIONS" :key="o.value" :label="o.label" :value="o.value" />
      </el-select>
    </el-form-item>
    <el-form-item><el-checkbox v-model="filters.overridden" @change="apply" data-test="f-overridden">仅人工调整</el-checkbox></el-form-item>
    <el-form-item>
      <el-button type="primary" @click="apply">查询</el-button>
      <el-button @click="reset">重置</el-button>
      <el-button v-show="view === 'grade'" tag="a" :href="exportLink" data-test="export">导出表格</el-button>
    </el-form-item>
  </el-form>

  <div v-show="view === 'plan'" data-test="plan-list">
  <ul class="fz-phone-list" data-test="plan-phone-list">
    <li v-for="row in plan.items" :key="row.entity_id" @click="open({ id: row.entity_id })">
      <div class="fz-phone-line"><span class="fz-phone-no">{{ row.name }}</span><grade-tag :grade="row.grade" size="small" /></div>
      <div class="fz-phone-what">{{ row.town }}<el-tag v-if="row.joint" type="success" size="small" effect="dark" class="gr-joint" data-test="joint-tag">联合检查</el-tag></div>
      <div v-for="a in row.agencies" :key="a.plan_id" class="gr-agency">
        <div class="gr-agency-head"><b>{{ a.unit }}</b><span class="gr-reason">{{ a.reason_name }}</span>
          <el-button v-if="canCancel(a)" size="small" type="danger" link @click.stop="cancelPlan(row, a)">撤销</el-button></div>
        <div class="gr-agency-items">{{ a.items }}</div>
      </div>
      <div class="gr-visits" :class="{ 'is-over': row.over_cap }">{{ visitsText(row) }}<span v-if="row.over_cap">，已超上限</span></div>
    </li>
    <li v-if="!plan.items.length" class="fz-muted">{{ plan.loaded ? '该月暂无检查计划' : '' }}</li>
  </ul>
  <el-table :data="plan.items" v-loading="plan.loading" border stripe data-test="plan-table" class="fz-wide-table"
    :empty-text="plan.joint ? '该月暂无联合检查' : '该月暂无检查计划'" row-key="entity_id">
    <el-table-column label="市场主体" min-width="200">
      <template #default="{ row }">
        <button type="button" class="gr-name-link" @click="open({ id: row.entity_id })" data-test="plan-entity">{{ row.name }}</button>
        <div class="fz-muted">{{ row.town }}</div>
      </template>
    </el-table-column>
    <el-table-column label="风险等级" width="100"><template #default="{ row }"><grade-tag :grade="row.grade" /></template></el-table-column>
    <el-table-column label="检查单位、缘由和事项" min-width="340">
      <template #default="{ row }">
        <div v-for="a in row.agencies" :key="a.plan_id" class="gr-agency" data-test="plan-agency">
          <div class="gr-agency-head"><b>{{ a.unit }}</b><span class="gr-reason">{{ a.reason_name }}</span>
            <el-button v-if="canCancel(a)" size="small" type="danger" link @click="cancelPlan(row, a)" data-test="plan-cancel">撤销</el-button></div>
          <div class="gr-agency-items">{{ a.items }}</div>
        </div>
      </template>
    </el-table-column>
    <el-table-column label="综合查一次" width="110" align="center">
      <template #default="{ row }">
        <el-tag v-if="row.joint" type="success" effect="dark" data-test="joint-tag">联合检查</el-tag>
        <span v-else class="fz-muted">单独检查</span>
      </template>
    </el-table-column>
    <el-table-column label="年度入企" width="230">
      <template #default="{ row }">
        <div class="gr-visits" :class="{ 'is-over': row.over_cap }" data-test="plan-visits">{{ visitsText(row) }}</div>
        <div v-if="row.over_cap" class="gr-visits is-over">计划检查已超上限</div>
        <div v-if="row.visits > row.routine" class="fz-muted">其中专项检查 {{ row.visits - row.routine }} 次，不计入上限</div>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination v-if="plan.loaded" class="fz-pager" :layout="narrow ? 'prev, pager, next' : 'total, prev, pager, next, jumper'" :pager-count="narrow ? 5 : 7"
    :total="plan.total" :page-size="PER_PAGE" :current-page="plan.page" @current-change="loadPlans" />
  </div>

  <div v-show="view === 'grade'">
  <ul class="fz-phone-list" data-test="grid-phone-list">
    <li v-for="row in items" :key="row.id" @click="open(row)">
      <div class="fz-phone-line"><span class="fz-phone-no">{{ row.name }}</span><grade-tag :grade="row.grade" size="small" /></div>
      <div class="fz-phone-what">{{ [row.town, row.grid, industryName(row.industry), row.size_name].filter(Boolean).join(' · ') }}</div>
      <div class="fz-muted">{{ [row.hazards.join('、'), row.overridden ? '人工调整' : ''].filter(Boolean).join(' · ') || '无重点风险因素' }}</div>
    </li>
    <li v-if="!items.length" class="fz-muted">暂无市场主体</li>
  </ul>
  <el-table :data="items" v-loading="loading" border stripe data-test="grid-table" empty-text="暂无市场主体"
    @row-click="open" class="fz-clickable fz-wide-table">
    <el-table-column prop="name" label="名称" min-width="180" show-overflow-tooltip />
    <el-table-column prop="uscc" label="统一社会信用代码" width="178" />
    <el-table-column label="镇街和网格" min-width="140" show-overflow-tooltip><template #default="{ row }">{{ row.town }}<span v-if="row.grid" class="fz-muted"> · {{ row.grid }}</span></template></el-table-column>
    <el-table-column label="行业" width="110" show-overflow-tooltip><template #default="{ row }">{{ industryName(row.industry) }}</template></el-table-column>
    <el-table-column prop="size_name" label="规模" width="60" />
    <el-table-column label="风险因素" min-width="130"><template #default="{ row }">{{ row.hazards.join('、') || '—' }}</template></el-table-column>
    <el-table-column label="风险等级" width="128">
      <template #default="{ row }"><grade-tag :grade="row.grade" /><span v-if="row.overridden" class="gr-adjusted" title="人工调整">调</span></template>
    </el-table-column>
  </el-table>
  <el-pagination class="fz-pager" :layout="narrow ? 'prev, pager, next' : 'total, prev, pager, next, jumper'" :pager-count="narrow ? 5 : 7"
    :total="total" :page-size="PER_PAGE" :current-page="page" @current-change="load" />
  </div>

  <el-dialog v-model="rulesDlg" title="风险等级评定规则" width="min(720px, 96vw)">
    <p class="fz-dialog-text">按下列规则从重评定：触发重大风险规则的为重大风险，其次为较大风险、一般风险，均未触发的为低风险。人工调整的等级保留，直至撤销。</p>
    <ul class="gr-rules" data-test="rules-list">
      <li v-for="r in rules" :key="r.rule" class="gr-rule"><grade-tag :grade="r.grade" size="small" />
        <div class="gr-rule-main"><div class="gr-rule-name">{{ r.name }}</div><div>{{ r.message }}</div><div class="gr-cite">依据：<law-text :text="r.cite" /></div></div></li>
    </ul>
  </el-dialog>

  <el-dialog v-model="addDlg" title="登记市场主体" width="min(640px, 96vw)">
    <p class="fz-dialog-text">统一社会信用代码已登记的，按本次填写的信息更新，并重新评定风险等级。</p>
    <el-form label-width="150px" :label-position="narrow ? 'top' : 'right'" data-test="add-form" @submit.prevent="add">
      <el-form-item label="统一社会信用代码" required :error="aerr.uscc">
        <el-input v-model.trim="aform.uscc" maxlength="18" class="fz-mono" data-test="add-uscc" />
      </el-form-item>
      <el-form-item label="名称" required :error="aerr.name"><el-input v-model.trim="aform.name" maxlength="100" data-test="add-name" /></el-form-item>
      <el-form-item label="所属镇街" required :error="aerr.unit_id">
        <el-select v-model="aform.unit_id" filterable placeholder="请选择镇街" class="fz-full" data-test="add-town">
          <el-option v-for="t in towns" :key="t.unit_id" :label="t.town" :value="t.unit_id" />
        </el-select>
      </el-form-item>
      <el-form-item label="网格" :error="aerr.grid"><el-input v-model.trim="aform.grid" maxlength="50" placeholder="如 第3网格" /></el-form-item>
      <el-form-item label="行业代码" required :error="aerr.industry">
        <el-input v-model.trim="aform.industry" maxlength="5" placeholder="国民经济行业分类代码，如 C1711" data-test="add-industry" />
        <div v-if="aform.industry" class="fz-form-hint">{{ industryHint }}</div>
      </el-form-item>
      <el-form-item label="规模" required :error="aerr.size">
        <el-radio-group v-model="aform.size" data-test="add-size"><el-radio v-for="s in SIZES" :key="s.key" :value="s.key">{{ s.name }}</el-radio></el-radio-group>
      </el-form-item>
      <el-form-item label="从业人数" :error="aerr.employees">
        <el-input-number v-model="aform.employees" :min="0" :max="1000000" controls-position="right" placeholder="未填报" />
      </el-form-item>
      <el-form-item label="风险因素" :error="aerr.hazards">
        <el-checkbox-group v-model="aform.hazards"><el-checkbox v-for="h in HAZARDS" :key="h.key" :value="h.key">{{ h.name }}</el-checkbox></el-checkbox-group>
      </el-form-item>
      <el-form-item label="地址" :error="aerr.address"><el-input v-model.trim="aform.address" maxlength="200" /></el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="addDlg = false">取消</el-button>
      <el-button type="primary" :loading="busy" @click="add" data-test="add-submit">登记</el-button>
    </template>
  </el-dialog>

  <el-dialog v-model="impDlg" title="批量导入市场主体" width="min(640px, 96vw)">
    <p class="fz-dialog-text">选择 CSV 文件（首行为列名）或 JSON 文件。列：{{ IMPORT_COLUMNS.join('、') }}；
      前六列中除网格外必填，镇街填名称，多个风险因素用“、”分隔。全部行校验通过才会写入；已登记的按统一社会信用代码更新，重复导入同一文件不会重复登记。</p>
    <el-upload drag :auto-upload="false" :show-file-list="false" accept=".csv,.json,.txt,text/csv,application/json"
      :on-change="pickFile" class="gr-upload" data-test="import-pick">
      <el-icon class="gr-upload-icon"><IconUploadFilled /></el-icon>
      <div v-if="imp.name">已选择：{{ imp.name }}（共 {{ imp.lines }} 行）</div>
      <div v-else>点击选择或拖入文件</div>
    </el-upload>
    <div class="gr-import-links"><a :href="templateHref" download="市场主体导入模板.csv" data-test="import-template">下载导入模板</a></div>
    <el-alert v-if="imp.result" type="success" show-icon :closable="false" data-test="import-result"
      :title="'导入完成：新增 ' + imp.result.added + ' 家，更新 ' + imp.result.updated + ' 家，未变化 ' + imp.result.same + ' 家'" />
    <template v-if="imp.error">
      <el-alert type="error" show-icon :closable="false" :title="imp.error" data-test="import-error" />
      <ol v-if="imp.rows.length" class="gr-import-errors" data-test="import-rows">
        <li v-for="(r, i) in imp.rows" :key="i">{{ r }}</li>
      </ol>
    </template>
    <template #footer>
      <el-button @click="impDlg = false">关闭</el-button>
      <el-button type="primary" :loading="busy" :disabled="!imp.text" @click="doImport" data-test="import-submit">导入</el-button>
    </template>
  </el-dialog>
</el-card>
</div>`,
	setup() {
		const PER_PAGE = 20;
		const items = ref([]), total = ref(0), page = ref(1), loading = ref(false);
		const filters = reactive({ q: '', town: '', grade: '', hazard: '', industry: '', overridden: false });
		const summary = reactive({ total: null, by_grade: {}, towns: [] });
		const towns = ref([]), rules = ref([]);
		const entityId = computed(() => route.query.entity || '');
		const isOffice = computed(() => session.user && session.user.role === 'office');
		const rulesDlg = ref(false), addDlg = ref(false), impDlg = ref(false), busy = ref(false), regrading = ref(false);
		const chartEl = ref(null);
		let chart = null;
		// 风险分级 or 检查计划 (kept while an entity is open)
		const view = ref('grade');
		const plan = reactive({ month: thisMonth(), shown: '', joint: false, items: [], total: 0, page: 1,
			plans: null, visits: null, saved: null, loading: false, loaded: false });

		// the list's filters; the summary's leave out the grade and the 镇街
		function query(list) {
			const q = {};
			if (filters.q) q.q = filters.q;
			if (list && filters.town) q.town = filters.town;
			if (list && filters.grade) q.grade = filters.grade;
			if (filters.hazard) q.hazard = filters.hazard;
			if (filters.industry) q.industry = String(filters.industry).toUpperCase();
			if (filters.overridden) q.overridden = 1;
			return q;
		}
		const exportLink = computed(() => exportHref('/grid/entities', query(true)));

		async function load(p) {
			page.value = p || 1;
			loading.value = true;
			try {
				const r = await get('/grid/entities', { ...query(true), page: page.value, per_page: PER_PAGE });
				items.value = r.items;
				total.value = r.total;
			} finally {
				loading.value = false;
			}
		}
		// the chart counts every 镇街 and grade under the other filters; the
		// cards the chosen 镇街's, so a card shows what picking it would list
		const counts = computed(() => {
			const t = filters.town && summary.towns.find((x) => x.unit_id === filters.town);
			if (filters.town) return t || { total: 0, A: 0, B: 0, C: 0, D: 0 };
			return { total: summary.total, ...summary.by_grade };
		});
		async function loadSummary() {
			const r = await get('/grid/summary', query(false));
			Object.assign(summary, r);
			if (!towns.value.length && !Object.keys(query(false)).length) towns.value = r.towns;
			drawChart();
		}
		async function drawChart() {
			await nextTick();
			if (!chartEl.value || entityId.value || view.value !== 'grade' || summary.towns.length < 2) return;
			const ec = await loadEcharts();
			if (!chartEl.value) return;
			chart = ec.getInstanceByDom(chartEl.value) || ec.init(chartEl.value);
			const list = summary.towns, flat = narrow.value;
			// on a phone the bars lie down, one 镇街 a line
			const cats = { type: 'category', data: list.map((t) => t.town), inverse: flat,
				axisLabel: flat ? { fontSize: 11 } : { rotate: 35, interval: 0, fontSize: 11 } };
			const vals = { type: 'value', name: '家', nameTextStyle: flat ? {} : { align: 'right' } };
			chart.setOption({
				animation: false,
				tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
				legend: { top: 0, itemWidth: 14, itemGap: flat ? 8 : 14, data: GRADES.map((g) => g.name) },
				grid: { left: 8, right: flat ? 30 : 8, top: 34, bottom: 4, containLabel: true },
				xAxis: flat ? vals : cats,
				yAxis: flat ? cats : vals,
				// 重大风险 at the foot of each bar, where a few stay visible
				// the chosen 镇街 stands out
				series: [...GRADES].reverse().map((g) => ({
					name: g.name, type: 'bar', stack: 'grade', barMaxWidth: flat ? 16 : 36,
					itemStyle: { color: g.color },
					data: list.map((t) => ({ value: t[g.key],
						itemStyle: filters.town && t.unit_id !== filters.town ? { opacity: 0.3 } : undefined })),
				})),
			}, true);
			chart.resize();
			chart.off('click');
			chart.on('click', (p) => {
				const t = summary.towns[p.dataIndex];
				if (t) { filters.town = t.unit_id; apply(); }
			});
		}
		const onResize = () => { if (chart) chart.resize(); };
		const chartLabel = computed(() => '各镇街风险等级分布：' + summary.towns.map((t) =>
			`${t.town}${GRADES.map((g) => g.name + t[g.key] + '家').join('，')}`).join('；'));

		function apply() {
			load(1);
			loadSummary();
			if (plan.loaded || view.value === 'plan') loadPlans(1);
		}

		// 检查计划: a month's visits per entity, under the list's filters
		async function loadPlans(p) {
			plan.page = p || 1;
			if (!plan.month) plan.month = thisMonth();
			plan.loading = true;
			try {
				const q = { ...query(true), month: plan.month, page: plan.page, per_page: PER_PAGE };
				if (plan.joint) q.joint = 1;
				const r = await get('/grid/plans', q);
				Object.assign(plan, { items: r.items, total: r.total, plans: r.plans, visits: r.visits, saved: r.saved,
					shown: r.month, loaded: true });
			} finally {
				plan.loading = false;
			}
		}
		function switchView(v) {
			if (v === 'plan' && !plan.loaded) loadPlans(1);
			if (v === 'grade') drawChart();
		}
		const savedShare = computed(() => (plan.plans ? (plan.saved * 100 / plan.plans).toFixed(1) + '%' : ''));
		const canCancel = (a) => isOffice.value || a.unit === myUnit();
		const visitsText = (row) => `${yearWord(plan.shown)}入企 ${row.visits} 次 / 上限 ${row.cap} 次`;
		async function cancelPlan(row, a) {
			try {
				await ElementPlus.ElMessageBox.confirm(
					`撤销${a.unit}${monthText(plan.shown)}对“${row.name}”的检查计划（${a.reason_name}：${a.items}）？`,
					'撤销检查计划', { confirmButtonText: '撤销', cancelButtonText: '取消', type: 'warning' });
			} catch (x) {
				return;
			}
			try {
				await del('/grid/plans/' + a.plan_id);
				ElementPlus.ElMessage.success('已撤销检查计划');
				loadPlans(plan.items.length === 1 && plan.page > 1 ? plan.page - 1 : plan.page);
			} catch (e) { /* shown by api.js */ }
		}
		function pickGrade(g) {
			filters.grade = g;
			load(1);
		}
		function reset() {
			Object.assign(filters, { q: '', town: '', grade: '', hazard: '', industry: '', overridden: false });
			apply();
		}
		const open = (row) => go('/grid', { entity: row.id });
		const share = (n) => (counts.value.total ? (n * 100 / counts.value.total).toFixed(1) + '%' : '—');

		// 按规则重新评定 (依法治区办)
		async function regrade() {
			try {
				await ElementPlus.ElMessageBox.confirm(
					'将按现行评定规则重新评定全区市场主体的风险等级；人工调整过的等级保持不变。是否继续？',
					'按规则重新评定', { confirmButtonText: '重新评定', cancelButtonText: '取消', type: 'warning' });
			} catch (x) {
				return;
			}
			regrading.value = true;
			try {
				const r = await post('/grid/regrade', {});
				ElementPlus.ElMessageBox.alert(
					`共评定 ${num(r.entities)} 家，其中 ${num(r.changed)} 家的评定结果有变化。现有低风险 ${num(r.by_grade.A)} 家、` +
					`一般风险 ${num(r.by_grade.B)} 家、较大风险 ${num(r.by_grade.C)} 家、重大风险 ${num(r.by_grade.D)} 家。`,
					'重新评定完成', { confirmButtonText: '知道了' });
				apply();
			} catch (e) {
				/* shown by api.js */
			} finally {
				regrading.value = false;
			}
		}

		// 登记市场主体
		const ablank = () => ({ uscc: '', name: '', unit_id: null, grid: '', industry: '', size: '', employees: undefined, hazards: [], address: '' });
		const aform = reactive(ablank()), aerr = reactive({});
		async function townOptions() {
			// 镇街 with entities come with the summary; a 镇街 still without
			// any is among the units a 镇街 user reads
			if (towns.value.length > 1) return;
			const r = await get('/units', null, { quiet: true }).catch(() => ({ items: [] }));
			const have = new Set(towns.value.map((t) => t.unit_id));
			const more = r.items.filter((u) => u.kind === 'town' && !have.has(u.id)).map((u) => ({ unit_id: u.id, town: u.name }));
			if (more.length) towns.value = [...towns.value, ...more];
		}
		async function openAdd() {
			Object.assign(aform, ablank());
			for (const k of Object.keys(aerr)) delete aerr[k];
			await townOptions();
			if (towns.value.length === 1) aform.unit_id = towns.value[0].unit_id;
			addDlg.value = true;
		}
		const industryHint = computed(() => {
			const c = aform.industry.toUpperCase();
			if (!/^[A-T]\d{2,4}$/.test(c)) return '一个门类字母加二至四位数字';
			return SECTIONS[c[0]] + ' · ' + industryName(c);
		});
		async function add() {
			if (!checkForm(aform, { uscc: '统一社会信用代码', name: '名称', unit_id: '所属镇街', industry: '行业代码', size: '规模' }, aerr)) return;
			if (aform.uscc.length !== 18) { aerr.uscc = '统一社会信用代码应为18位'; return; }
			const body = { ...aform, uscc: aform.uscc.toUpperCase(), industry: aform.industry.toUpperCase() };
			if (body.employees == null) delete body.employees;
			for (const k of ['grid', 'address']) if (!body[k]) delete body[k];
			busy.value = true;
			try {
				const r = await post('/grid/entities', body);
				ElementPlus.ElMessage.success((r.outcome === 'added' ? '已登记' : r.outcome === 'updated' ? '已更新' : '信息未变化') +
					'：' + r.name + '，' + r.grade_name);
				addDlg.value = false;
				loadSummary();
				go('/grid', { entity: r.id });
			} catch (e) { if (e.field) aerr[e.field] = e.message; } finally { busy.value = false; }
		}

		// 批量导入
		const imp = reactive({ name: '', text: '', lines: 0, result: null, error: '', rows: [] });
		const templateHref = 'data:text/csv;charset=utf-8,' + encodeURIComponent('\ufeff' + IMPORT_COLUMNS.join(',') + '\r\n' +
			IMPORT_SAMPLE.join(',') + '\r\n');
		function openImport() {
			Object.assign(imp, { name: '', text: '', lines: 0, result: null, error: '', rows: [] });
			impDlg.value = true;
		}
		function pickFile(f) {
			Object.assign(imp, { name: '', text: '', lines: 0, result: null, error: '', rows: [] });
			const reader = new FileReader();
			reader.onload = () => {
				imp.name = f.name;
				imp.text = String(reader.result || '').replace(/^\ufeff/, '');
				imp.lines = imp.text.split('\n').filter((l) => l.trim()).length;
				if (!imp.text.trim()) imp.error = '文件是空的';
			};
			reader.onerror = () => { imp.error = '无法读取该文件'; };
			reader.readAsText(f.raw, 'utf-8');
		}
		async function doImport() {
			busy.value = true;
			imp.result = null;
			imp.error = '';
			imp.rows = [];
			try {
				imp.result = await importFile(imp.name, imp.text);
				ElementPlus.ElMessage.success('导入完成');
				apply();
			} catch (e) {
				imp.error = e.message;
				imp.rows = e.rows || [];
			} finally {
				busy.value = false;
			}
		}

		watch(entityId, (id) => {
			if (id) return;
			load(page.value);
			loadSummary();
			if (plan.loaded) loadPlans(plan.page);
		});
		watch(narrow, drawChart);
		onMounted(() => {
			window.addEventListener('resize', onResize);
			load(1);
			loadSummary();
			get('/grid/rules').then((r) => { rules.value = r.items; });
		});
		onBeforeUnmount(() => {
			window.removeEventListener('resize', onResize);
			if (chart) chart.dispose();
			chart = null;
		});
		return { GRADES, HAZARDS, SIZES, INDUSTRY_OPTIONS, IMPORT_COLUMNS, PER_PAGE, items, total, page, loading, filters,
			summary, counts, towns, rules, entityId, isOffice, rulesDlg, addDlg, impDlg, busy, regrading, chartEl, chartLabel,
			exportLink, aform, aerr, industryHint, imp, templateHref, narrow,
			view, plan, savedShare, loadPlans, switchView, canCancel, visitsText, cancelPlan, monthText,
			load, apply, pickGrade, reset, open, share, num, industryName, regrade, openAdd, add, openImport, pickFile, doImport };
	},
};

export default { key: 'grid', path: '/grid', title: '市场主体风险分级', icon: 'Histogram', component: GridPage };
