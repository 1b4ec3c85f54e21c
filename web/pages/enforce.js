// pages/enforce.js - 执法办案: the case list (lights, filters) and, with
// ?id=N, the case page: timeline, deadlines, 两法衔接 warnings, the actions
// the user's role may take now, codes and documents.

import { get, post } from '../api.js';
import { route, go } from '../router.js';
import { fmtTime } from '../util.js';

const { ref, reactive, computed, watch, onMounted } = Vue;

const LIGHTS = { green: ['绿灯', 'success'], yellow: ['黄灯', 'warning'], red: ['红灯', 'danger'],
	overdue: ['超期', 'danger'], paused: ['暂停', 'info'], none: ['已结', 'info'], unknown: ['待定', 'info'] };
const DOCS = { decision: '行政处罚决定书', advice: '守法建议书', study: '学法积分建议书',
	credit: '信用修复告知书', deferral: '延期（分期）缴纳罚款告知书' };
const yuan = (c) => c == null ? '—' : (c / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) + ' 元';

// Facts each step asks for (the case type's required facts).
const STEP_FIELDS = {
	suspend: ['中止理由'], submit_review: ['拟处罚内容'], review_pass: ['法制审核意见'],
	review_return: ['退回理由'], notify: ['拟处罚内容', '拟罚款金额'], request_hearing: ['听证申请日期'],
	hearing_done: ['听证笔录'], decide: ['处罚种类', '罚款金额', '裁量说明'],
	decide_onsite: ['处罚种类', '罚款金额'], decide_none: ['不予处罚理由'], serve: ['送达方式'],
	perform: ['实缴金额'], drop: ['撤案理由'], finish: ['检查结果'], order: ['整改要求'],
	recheck: ['复查结果'], refer: ['转立案理由'],
};
const MONEY = new Set(['拟罚款金额', '罚款金额', '实缴金额']);

const CaseList = {
	name: 'EnforceList',
	template: `
<el-card shadow="never">
  <template #header><div class="fz-card-head"><span>执法办案</span></div></template>
  <el-form :inline="true" class="fz-toolbar" @submit.prevent="load">
    <el-form-item label="类别">
      <el-select v-model="f.type" class="fz-toolbar-input" @change="load" data-test="f-type">
        <el-option label="行政处罚" value="penalty" /><el-option label="行政检查" value="inspection" />
        <el-option label="移送跟踪" value="transfer" />
      </el-select>
    </el-form-item>
    <el-form-item label="灯色">
      <el-select v-model="f.light" clearable placeholder="全部" class="fz-toolbar-input" @change="load" data-test="f-light">
        <el-option v-for="(v, k) in lights" :key="k" :label="v[0]" :value="k" />
      </el-select>
    </el-form-item>
    <el-form-item label="立案日期">
      <el-date-picker v-model="f.range" type="daterange" value-format="YYYY-MM-DD" start-placeholder="起" end-placeholder="止" @change="load" />
    </el-form-item>
    <el-form-item><el-checkbox v-model="f.open" @change="load">只看未结</el-checkbox></el-form-item>
  </el-form>
  <el-table :data="items" border stripe v-loading="loading" @row-click="open" data-test="case-list" class="fz-clickable">
    <el-table-column label="灯" width="70">
      <template #default="{ row }"><el-tag :type="lights[row.light] ? lights[row.light][1] : 'info'" effect="dark" size="small">{{ lights[row.light] ? lights[row.light][0] : row.light }}</el-tag></template>
    </el-table-column>
    <el-table-column prop="number" label="案号" width="220" />
    <el-table-column prop="title" label="案由" />
    <el-table-column prop="opened_on" label="立案日期" width="110" />
    <el-table-column label="下一期限" width="110"><template #default="{ row }">{{ row.next_due || '—' }}</template></el-table-column>
    <el-table-column label="预警" width="80">
      <template #default="{ row }"><el-tag v-if="row.warnings" type="danger" size="small">移送预警</el-tag></template>
    </el-table-column>
  </el-table>
  <el-pagination class="fz-pager" layout="total, prev, pager, next" :total="total" :page-size="20"
    v-model:current-page="page" @current-change="load" />
</el-card>`,
	setup() {
		const f = reactive({ type: 'penalty', light: '', range: null, open: false });
		const items = ref([]), total = ref(0), page = ref(1), loading = ref(false);
		async function load() {
			loading.value = true;
			try {
				const q = { type: f.type, page: page.value, per_page: 20 };
				if (f.light) q.light = f.light;
				if (f.open) q.open = 1;
				if (f.range) { q.from = f.range[0]; q.to = f.range[1]; }
				const r = await get('/enforce/cases', q);
				items.value = r.items;
				total.value = r.total;
			} finally { loading.value = false; }
		}
		onMounted(load);
		return { f, items, total, page, loading, load, lights: LIGHTS, open: (row) => go('/enforce', { id: row.id }) };
	},
};

const CasePage = {
	name: 'EnforceCase',
	props: ['id'],
	template: `
<div v-if="c" data-test="case-page">
  <el-page-header @back="back" class="fz-mb">
    <template #content><span class="fz-case-title">{{ c.number }} · {{ c.title }}</span>
      <el-tag class="fz-ml" :type="lights[c.light] ? lights[c.light][1] : 'info'" effect="dark">{{ lights[c.light] ? lights[c.light][0] : c.light }}</el-tag>
      <el-tag class="fz-ml" type="info">{{ c.state_name }}</el-tag></template>
  </el-page-header>
  <el-alert v-for="fl in openFlags" :key="fl.key" type="error" show-icon :closable="false" class="fz-mb"
    :title="fl.reason" data-test="transfer-warning">
    <div>结案前须办理移送，或由负责人作出不移送决定并说明理由（行政执法机关移送涉嫌犯罪案件的规定第五条、第十一条）。</div>
    <div class="fz-mt" v-if="canAct">
      <el-button type="danger" size="small" @click="dlg.transfer = true" data-test="btn-transfer">登记移送</el-button>
      <el-button size="small" @click="dlg.notransfer = true">不移送决定</el-button>
    </div>
  </el-alert>
  <el-row :gutter="12">
    <el-col :span="16">
      <el-card shadow="never" class="fz-mb">
        <template #header>案件信息</template>
        <el-descriptions :column="2" border size="small">
          <el-descriptions-item label="执法机关">{{ c.agency }}</el-descriptions-item>
          <el-descriptions-item label="程序">{{ c.procedure }}</el-descriptions-item>
          <el-descriptions-item label="当事人">{{ c.party && c.party.name }}</el-descriptions-item>
          <el-descriptions-item label="证件号码">{{ c.party && c.party.id_masked }}</el-descriptions-item>
          <el-descriptions-item label="违法行为编码">{{ c.violation || '—' }}</el-descriptions-item>
          <el-descriptions-item label="立案日期">{{ c.opened_on }}</el-descriptions-item>
          <el-descriptions-item label="执法人员" :span="2">
            <span v-for="o in c.officers" :key="o.id" class="fz-mr">{{ o.name }}（执法证号 {{ o.cert }}）</span>
          </el-descriptions-item>
          <el-descriptions-item label="罚款" v-if="c.discretion && c.discretion.fine != null">{{ yuan(c.discretion.fine) }}</el-descriptions-item>
          <el-descriptions-item label="裁量建议" v-if="c.discretion && c.discretion.rec_min != null">
            {{ yuan(c.discretion.rec_min) }} – {{ yuan(c.discretion.rec_max) }}
            <el-tag v-if="c.discretion.outside_range" type="warning" size="small">超出幅度</el-tag>
          </el-descriptions-item>
        </el-descriptions>
      </el-card>
      <el-card shadow="never" class="fz-mb">
        <template #header>办案时间轴</template>
        <el-timeline data-test="timeline">
          <el-timeline-item v-for="e in c.events" :key="e.id || e.at" :timestamp="e.on_date || e.on" placement="top">
            <b>{{ e.label || e.name || e.kind }}</b> <span class="fz-muted">{{ e.actor }}</span>
            <div v-if="e.note" class="fz-muted">{{ e.note }}</div>
          </el-timeline-item>
        </el-timeline>
      </el-card>
    </el-col>
    <el-col :span="8">
      <el-card shadow="never" class="fz-mb" v-if="canAct">
        <template #header>可办理事项</template>
        <div v-if="!c.actions.length" class="fz-muted">当前无可办理事项</div>
        <el-button v-for="a in c.actions.filter(a => a.key !== 'transfer')" :key="a.key" style="margin: 0 8px 8px 0" @click="start(a)" :data-test="'act-' + a.key">{{ a.name }}</el-button>
      </el-card>
      <el-card shadow="never" class="fz-mb">
        <template #header>期限</template>
        <div v-for="d in c.deadlines" :key="d.key" class="fz-deadline">
          <el-tag :type="d.status === 'running' && lights[d.light] ? lights[d.light][1] : 'info'" size="small">{{ d.status === 'running' ? (lights[d.light] ? lights[d.light][0] : '') : (statusNames[d.status] || d.status) }}</el-tag>
          {{ d.name }}：{{ d.due || '—' }} <span class="fz-muted" v-if="d.ext">（已延长{{ d.ext }}）</span>
        </div>
      </el-card>
      <el-card shadow="never" class="fz-mb">
        <template #header>行政行为码与文书</template>
        <div v-for="k in c.codes" :key="k.id" class="fz-code">
          <div>{{ k.type }} · {{ k.date }} <el-tag v-if="k.revoked" type="danger" size="small">已撤销</el-tag></div>
          <a :href="'/v/' + k.token" target="_blank" data-test="code-link">扫码页</a>
          <span class="fz-muted" v-if="k.rating"> · 评价：{{ k.rating }}</span>
        </div>
        <div v-if="c.discretion && c.discretion.fine != null" class="fz-mt" data-test="documents">
          <div v-for="(n, k) in docs" :key="k" v-show="k !== 'deferral' || c.facts['延期至']">
            {{ n }}：<a :href="docUrl(k, 'html')" target="_blank">预览</a> · <a :href="docUrl(k)" target="_blank">PDF</a>
          </div>
        </div>
      </el-card>
    </el-col>
  </el-row>
  <el-dialog v-model="dlg.act" :title="cur && cur.name" width="480px">
    <el-form label-width="110px">
      <el-form-item label="日期"><el-date-picker v-model="form.on" value-format="YYYY-MM-DD" /></el-form-item>
      <el-form-item v-for="k in fields" :key="k" :label="k + (money.has(k) ? '（元）' : '')">
        <el-input v-model="form.data[k]" :data-test="'field-' + k" />
      </el-form-item>
      <el-form-item label="备注"><el-input v-model="form.note" /></el-form-item>
    </el-form>
    <template #footer><el-button @click="dlg.act = false">取消</el-button><el-button type="primary" @click="submit" data-test="act-submit">确定</el-button></template>
  </el-dialog>
  <el-dialog v-model="dlg.transfer" title="登记移送公安机关" width="480px">
    <el-form label-width="110px">
      <el-form-item label="移送书文号"><el-input v-model="tf.doc_no" /></el-form-item>
      <el-form-item label="接收机关"><el-input v-model="tf.police" /></el-form-item>
      <el-form-item label="批准负责人"><el-input v-model="tf.approver" /></el-form-item>
    </el-form>
    <template #footer><el-button type="danger" @click="transfer">移送</el-button></template>
  </el-dialog>
  <el-dialog v-model="dlg.notransfer" title="不移送决定" width="480px">
    <el-form label-width="110px">
      <el-form-item label="理由"><el-input v-model="nt.reason" type="textarea" /></el-form-item>
      <el-form-item label="负责人"><el-input v-model="nt.approver" /></el-form-item>
    </el-form>
    <template #footer><el-button type="primary" @click="notransfer">确定</el-button></template>
  </el-dialog>
</div>`,
	setup(props) {
		const c = ref(null), cur = ref(null);
		const dlg = reactive({ act: false, transfer: false, notransfer: false });
		const form = reactive({ on: '', data: {}, note: '' });
		const tf = reactive({ doc_no: '', police: '绍兴市公安局柯桥区分局', approver: '' });
		const nt = reactive({ reason: '', approver: '' });
		const fields = computed(() => (cur.value && STEP_FIELDS[cur.value.key]) || []);
		const openFlags = computed(() => (c.value ? c.value.flags.filter((f) => !f.resolved_at) : []));
		const canAct = computed(() => c.value && c.value.actions && c.value.actions.length >= 0 && c.value.actions !== undefined);
		async function load() { c.value = await get('/enforce/cases/' + props.id); }
		function start(a) { cur.value = a; form.data = {}; form.note = ''; form.on = ''; dlg.act = true; }
		async function submit() {
			const data = {};
			for (const [k, v] of Object.entries(form.data)) {
				if (v === '' || v == null) continue;
				data[k] = MONEY.has(k) ? Math.round(Number(v) * 100) : v;
			}
			const body = { transition: cur.value.key, data };
			if (form.on) body.on = form.on;
			if (form.note) body.note = form.note;
			c.value = await post('/enforce/cases/' + props.id + '/actions', body);
			dlg.act = false;
		}
		async function transfer() { c.value = await post('/enforce/cases/' + props.id + '/transfer', { ...tf }); dlg.transfer = false; }
		async function notransfer() { c.value = await post('/enforce/cases/' + props.id + '/no-transfer', { ...nt }); dlg.notransfer = false; }
		const docUrl = (k, fmt) => '/api/v1/enforce/cases/' + props.id + '/documents/' + k + (fmt ? '?format=' + fmt : '');
		onMounted(load);
		watch(() => props.id, load);
		return { c, cur, dlg, form, fields, openFlags, canAct, start, submit, tf, nt, transfer, notransfer,
			lights: LIGHTS, docs: DOCS, statusNames: { met: '已完成', stopped: '已停止', paused: '暂停' }, yuan, docUrl, money: MONEY, back: () => go('/enforce'), fmtTime };
	},
};

const EnforcePage = {
	name: 'EnforcePage',
	components: { CaseList, CasePage },
	template: `<CasePage v-if="id" :id="id" /><CaseList v-else />`,
	setup() {
		const id = computed(() => route.query.id || '');
		return { id };
	},
};

export default {
	key: 'enforce',
	path: '/enforce',
	title: '执法办案',
	icon: 'Stamp',
	component: EnforcePage,
};
