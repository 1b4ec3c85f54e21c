// pages/enforce.js - 执法办案: the case list (lights, filters, 立案, the
// unit's officers, its 评查 findings) and, with ?id=N, the case page:
// timeline, deadlines, 两法衔接 warnings, the actions the user's role may
// take now, legal basis linked to the law search, codes (with 撤销) and
// documents, and the case file's 评查 (scoring by the office and the 司法局,
// findings and their close-out by the agency).

import { get, post } from '../api.js';
import { route, go } from '../router.js';
import { fmtTime, todayISO } from '../util.js';
import { LawText, FindingsTable, FindingClose, yuan, isUnit, isReviewer, submitAt, fieldErrors } from './enforce_common.js';
import { OpenCase, Officers } from './enforce_open.js';
import { session } from '../session.js';
import { PhoneList } from './phone_list.js';
import { PrintView, listTools } from './print_view.js';

const { ref, reactive, computed, watch, onMounted } = Vue;

const LIGHTS = { green: ['绿灯', 'success'], yellow: ['黄灯', 'warning'], red: ['红灯', 'danger'],
	overdue: ['超期', 'danger'], paused: ['暂停', 'info'], none: ['已结', 'info'], unknown: ['待定', 'info'] };
const DOCS = { decision: '行政处罚决定书', advice: '守法建议书', study: '学法积分建议书',
	credit: '信用修复告知书', deferral: '延期（分期）缴纳罚款告知书' };

// 行政处罚法 Art. 58(1): the cases the officer marks; each agency's
// 法制审核目录 (data/enforce) is applied by the server.
const ART58 = ['重大公共利益', '重大权益', '疑难复杂', '法律法规规定审核'];
const LABELS = {
	重大公共利益: '涉及重大公共利益（第五十八条第一款第（一）项）',
	重大权益: '直接关系当事人或者第三人重大权益（第五十八条第一款第（二）项，经听证的）',
	疑难复杂: '案件情况疑难复杂、涉及多个法律关系（第五十八条第一款第（三）项）',
	法律法规规定审核: '法律、法规规定应当法制审核（第五十八条第一款第（四）项）',
};
const BOOLS = new Set(ART58);
const DATES = new Set(['陈述申辩日期', '放弃日期', '听证申请日期', '听证通知日期', '听证日期']);
const CHOICES = { 放弃方式: ['书面', '口头（记入笔录）', '电子'] };

// Facts each step asks for (the case type's required facts).
const STEP_FIELDS = {
	suspend: ['中止理由'], submit_review: ['拟处罚内容'], review_pass: ['法制审核意见'],
	review_return: ['退回理由'], notify: ['拟处罚内容', '拟罚款金额', ...ART58],
	// 行政处罚法 Art. 45, 62: the party's statement, or its express waiver (who, when, how)
	statement: ['陈述申辩', '陈述申辩日期'], waive: ['放弃人', '放弃日期', '放弃方式'],
	request_hearing: ['听证申请日期'],
	// Art. 64(2): the notice at least 7 工作日 before the hearing
	hearing_done: ['听证通知日期', '听证日期', '听证笔录'],
	// Art. 59(1)(二): the decision states the facts and the evidence
	decide: ['违法事实', '证据', '处罚种类', '罚款金额', '没收金额', '裁量说明', ...ART58],
	decide_onsite: ['违法事实', '证据', '处罚种类', '罚款金额'], decide_none: ['不予处罚理由'], serve: ['送达方式'],
	perform: ['实缴金额'], drop: ['撤案理由'], finish: ['检查结果'], order: ['整改要求'],
	recheck: ['复查结果'], refer: ['转立案理由'],
};
const MONEY = new Set(['拟罚款金额', '罚款金额', '没收金额', '实缴金额']);
// Long text: several lines (证据: one piece a line).
const LONG = { 违法事实: '何时、何地、何人、何种违法行为，情节与后果', 证据: '每行一项，如：现场检查笔录' };
// A penalty case file is reviewed once it is finished (enforce_review.c).
const FINISHED = new Set(['closed', 'no_penalty', 'transferred']);

const CaseList = {
	name: 'EnforceList',
	template: `
<el-card shadow="never">
  <template #header><div class="fz-card-head"><span>执法办案</span>
    <span v-if="unit"><el-button @click="dlg.officers = true" data-test="btn-officers">执法人员</el-button>
    <el-button type="primary" @click="dlg.open = true" data-test="btn-open-case">立案</el-button></span></div></template>
  <el-tabs v-model="tab">
  <el-tab-pane label="案件" name="cases">
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
    <el-form-item label="关键词">
      <el-input v-model.trim="f.q" clearable placeholder="案号或案由中的字词" class="fz-toolbar-input"
        @keyup.enter="load" @clear="load" data-test="f-q" />
    </el-form-item>
    <el-form-item>
      <el-button type="primary" @click="load">查询</el-button>
      <el-button tag="a" :href="exportLink" data-test="export">导出表格</el-button>
      <el-button @click="print" :loading="printing" data-test="print">打印</el-button>
    </el-form-item>
  </el-form>
  <PrintView title="行政执法案件清单" :cols="printCols" :rows="printed" :note="printNote" />
  <PhoneList :items="items" :meta="['unit_name', 'opened_on', 'state_name']" @open="open" />
  <el-table :data="items" border stripe v-loading="loading" @row-click="open" data-test="case-list" class="fz-clickable fz-wide-table">
    <el-table-column label="灯" width="70">
      <template #default="{ row }"><el-tag :type="lights[row.light] ? lights[row.light][1] : 'info'" effect="dark" size="small">{{ lights[row.light] ? lights[row.light][0] : row.light }}</el-tag></template>
    </el-table-column>
    <el-table-column prop="number" label="案号" width="220" />
    <el-table-column prop="title" label="案由" min-width="240" />
    <el-table-column prop="unit_name" label="执法机关" width="200" show-overflow-tooltip />
    <el-table-column prop="opened_on" label="立案日期" width="110" />
    <el-table-column label="下一期限" width="110"><template #default="{ row }">{{ row.next_due || '—' }}</template></el-table-column>
    <el-table-column label="预警" width="80">
      <template #default="{ row }"><el-tag v-if="row.open_flags" type="danger" size="small">移送预警</el-tag></template>
    </el-table-column>
  </el-table>
  <span v-if="total > 10000" class="fz-muted">共一万条以上，请用条件缩小范围</span>
  <el-pagination class="fz-pager" :layout="total > 10000 ? \'prev, pager, next\' : \'total, prev, pager, next\'" :total="total" :page-size="20"
    v-model:current-page="page" @current-change="load" />
  </el-tab-pane>
  <el-tab-pane :label="'评查问题' + (nfind ? '（' + nfind + '）' : '')" name="findings" v-if="unit || reviewer" lazy>
    <FindingsTable @count="(n) => nfind = n" />
  </el-tab-pane>
  </el-tabs>
  <OpenCase v-model="dlg.open" @opened="(r) => go('/enforce', { id: r.id })" />
  <Officers v-model="dlg.officers" />
</el-card>`,
	setup() {
		const f = reactive({ type: 'penalty', light: '', range: null, open: false, q: '' });
		const items = ref([]), total = ref(0), page = ref(1), loading = ref(false);
		function query() {
			const q = { type: f.type, page: page.value, per_page: 20 };
			if (f.light) q.light = f.light;
			if (f.open) q.open = 1;
			if (f.range) { q.from = f.range[0]; q.to = f.range[1]; }
			if (f.q) q.q = f.q;
			return q;
		}
		const printCols = [{ key: 'number', label: '案号' }, { key: 'title', label: '案由' },
			{ key: 'unit_name', label: '执法机关' }, { key: 'state_name', label: '环节' },
			{ key: 'opened_on', label: '立案日期' }, { key: 'light_name', label: '信号灯' },
			{ key: 'next_due', label: '下一期限' }];
		const { exportLink, print, printing, printed, printNote } = listTools('/enforce/cases', query, () =>
			[{ penalty: '行政处罚', inspection: '行政检查', transfer: '移送跟踪' }[f.type],
				f.light && LIGHTS[f.light] ? LIGHTS[f.light][0] : '', f.open ? '未结' : '',
				f.range ? `立案日期 ${f.range[0]} 至 ${f.range[1]}` : '', f.q ? `关键词“${f.q}”` : '']
				.filter(Boolean).join('，'));
		async function load() {
			loading.value = true;
			try {
				const r = await get('/enforce/cases', query());
				items.value = r.items;
				total.value = r.total;
			} finally { loading.value = false; }
		}
		onMounted(load);
		const dlg = reactive({ open: false, officers: false });
		return { f, items, total, page, loading, load, exportLink, print, printing, printed, printCols, printNote, lights: LIGHTS, open: (row) => go('/enforce', { id: row.id }),
			tab: ref('cases'), nfind: ref(0), dlg, go, unit: isUnit(), reviewer: isReviewer() };
	},
};
CaseList.components = { FindingsTable, OpenCase, Officers, PhoneList, PrintView };

const CasePage = {
	name: 'EnforceCase',
	props: ['id'],
	template: `
<div v-if="c" data-test="case-page">
  <el-page-header @back="back" class="fz-mb">
    <template #content><span class="fz-case-title">{{ c.number }} · {{ c.title }}</span>
      <el-tag class="enf-ml" :type="lights[c.light] ? lights[c.light][1] : 'info'" effect="dark">{{ lights[c.light] ? lights[c.light][0] : c.light }}</el-tag>
      <el-tag class="enf-ml" type="info">{{ c.state_name }}</el-tag></template>
  </el-page-header>
  <el-alert v-for="fl in openFlags" :key="fl.key" type="error" show-icon :closable="false" class="fz-mb"
    :title="fl.reason" data-test="transfer-warning">
    <div>结案前须办理移送，或由负责人作出不移送决定并说明理由（行政执法机关移送涉嫌犯罪案件的规定第五条、第十一条）。</div>
    <div class="enf-mt" v-if="unit">
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
          <el-descriptions-item label="违法行为">{{ c.violation || '—' }}<span v-if="row" class="fz-muted"> {{ row.violation }}</span></el-descriptions-item>
          <el-descriptions-item label="立案日期">{{ c.opened_on }}</el-descriptions-item>
          <el-descriptions-item label="执法人员" :span="2">
            <span v-for="o in c.officers" :key="o.id" class="enf-mr">{{ o.name }}（执法证号 {{ o.cert }}）</span>
          </el-descriptions-item>
          <el-descriptions-item label="违反条款" :span="2" v-if="violated"><LawText :text="violated" /></el-descriptions-item>
          <el-descriptions-item label="处罚依据" :span="2" v-if="basis"><span data-test="basis"><LawText :text="basis" /></span></el-descriptions-item>
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
            <b>{{ e.label || e.name || e.kind }}</b> <span class="fz-muted">{{ e.actor_name }}</span>
            <div v-if="e.note" class="fz-muted">{{ e.note }}</div>
          </el-timeline-item>
        </el-timeline>
      </el-card>
      <el-card shadow="never" class="fz-mb" v-if="c.kind === 'penalty' && (finished || (c.reviews && c.reviews.length))" data-test="reviews">
        <template #header><div class="fz-card-head"><span>案卷评查</span>
          <el-button v-if="reviewer && finished && !reviewedByMe" type="primary" size="small" @click="startReview" data-test="btn-review">评查打分</el-button></div></template>
        <div v-if="!c.reviews || !c.reviews.length" class="fz-muted">尚未评查</div>
        <div v-for="r in c.reviews" :key="r.id" class="enf-review" data-test="review">
          <div class="enf-review-head"><span class="enf-score">{{ r.score }}</span><span class="fz-muted">/ {{ r.max_score }} 分 · 评查人 {{ r.reviewer_name }} · {{ r.reviewed_on }}</span></div>
          <div v-if="!r.findings.length" class="fz-muted">未发现问题</div>
          <el-table v-else :data="r.findings" size="small" border>
            <el-table-column prop="item" label="评查项目" min-width="200" />
            <el-table-column prop="lost" label="扣分" width="60" />
            <el-table-column prop="text" label="问题" min-width="160" />
            <el-table-column label="整改" min-width="180"><template #default="{ row }">
              <el-tag :type="row.status === 'open' ? 'warning' : 'success'" size="small">{{ row.status === 'open' ? '待整改' : '已销号' }}</el-tag>
              <div v-if="row.response" class="enf-mt">{{ row.response }} <span class="fz-muted">（{{ row.closed_by_name }} {{ row.closed_on }}）</span></div>
              <el-button v-if="unit && row.status === 'open'" link type="primary" size="small" @click="closeFinding(row)" data-test="finding-close">整改销号</el-button>
            </template></el-table-column>
          </el-table>
        </div>
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
        <div v-for="d in c.deadlines" :key="d.key" class="enf-deadline">
          <el-tag :type="d.status === 'running' && lights[d.light] ? lights[d.light][1] : 'info'" size="small">{{ d.status === 'running' ? (lights[d.light] ? lights[d.light][0] : '') : (statusNames[d.status] || d.status) }}</el-tag>
          {{ d.name }}：{{ d.due || '—' }}
          <el-tooltip v-if="d.provisional" :content="d.provisional_reason" placement="top"><el-tag type="warning" size="small" effect="plain" data-test="provisional">暂定</el-tag></el-tooltip>
          <span class="fz-muted" v-if="d.ext">（已延长{{ d.ext }}）</span>
          <div class="enf-cite-note" v-if="d.provisional">{{ d.provisional_reason }}</div>
          <div class="enf-cite-note" v-if="d.cite">依据：<LawText :text="d.cite" /></div>
        </div>
      </el-card>
      <el-card shadow="never" class="fz-mb">
        <template #header>行政行为码与文书</template>
        <div v-for="k in c.codes" :key="k.id" class="enf-code">
          <div>{{ k.type }} · {{ k.date }} <el-tag v-if="k.revoked" type="danger" size="small" data-test="code-revoked">已撤销</el-tag></div>
          <a :href="'/v/' + k.token" target="_blank" data-test="code-link">扫码页</a>
          <span class="fz-muted" v-if="k.rating"> · 评价：{{ k.rating }}</span>
          <el-button v-if="canRevoke && !k.revoked" link type="danger" size="small" class="enf-ml" @click="startRevoke(k)" data-test="code-revoke">撤销</el-button>
          <div v-if="k.revoked" class="fz-muted">撤销理由：{{ k.revoked }}</div>
        </div>
        <div v-if="c.discretion && c.discretion.fine != null" class="enf-mt" data-test="documents">
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
      <el-form-item v-for="k in fields" :key="k" :label="bools.has(k) ? '' : k + (money.has(k) ? '（元）' : '')">
        <el-checkbox v-if="bools.has(k)" v-model="form.data[k]" :data-test="'field-' + k">{{ labels[k] }}</el-checkbox>
        <el-date-picker v-else-if="dates.has(k)" v-model="form.data[k]" value-format="YYYY-MM-DD" :data-test="'field-' + k" />
        <el-select v-else-if="choices[k]" v-model="form.data[k]" :data-test="'field-' + k">
          <el-option v-for="o in choices[k]" :key="o" :label="o" :value="o" />
        </el-select>
        <el-input v-else-if="long[k]" v-model="form.data[k]" type="textarea" :rows="4" :placeholder="long[k]" :data-test="'field-' + k" />
        <el-input v-else v-model="form.data[k]" :data-test="'field-' + k" />
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
  <el-dialog v-model="dlg.revoke" title="撤销行政行为码" width="480px">
    <div class="fz-mb" v-if="curCode">{{ curCode.type }} · {{ curCode.date }}：撤销后扫码将显示“已撤销”，不再显示该行为。</div>
    <el-form label-position="top" @submit.prevent>
      <el-form-item label="撤销理由" :error="rerr.reason" required><el-input v-model="revokeReason" type="textarea" :rows="3" data-test="revoke-reason" /></el-form-item>
    </el-form>
    <template #footer><el-button @click="dlg.revoke = false">取消</el-button><el-button type="danger" @click="revoke" data-test="revoke-submit">撤销</el-button></template>
  </el-dialog>
  <el-dialog v-model="dlg.review" title="案卷评查打分" width="760px" top="5vh">
    <el-form label-position="top" @submit.prevent v-if="checklist">
      <div v-for="k in checklist.items" :key="k.key" class="enf-review">
        <el-form-item :error="serr[k.key]">
          <template #label><div class="enf-check-item"><b>{{ k.item }}</b>（{{ k.points }}分）<div class="enf-check-basis">依据：<LawText :text="k.basis" /></div></div></template>
          <el-input-number v-model="scores[k.key]" :min="0" :max="k.points" :data-test="'score-' + k.key" />
          <el-input v-if="scores[k.key] < k.points" v-model="notes[k.key]" class="enf-mt" placeholder="扣分理由（成为被评查单位的整改问题）" :data-test="'note-' + k.key" />
        </el-form-item>
      </div>
    </el-form>
    <template #footer><span class="enf-total enf-mr">合计 {{ total }} / {{ checklist && checklist.max_score }} 分</span>
      <el-button @click="dlg.review = false">取消</el-button><el-button type="primary" @click="review" data-test="review-submit">提交评查</el-button></template>
  </el-dialog>
  <FindingClose v-model="dlg.finding" :finding="curFinding" @done="load" />
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
		const dlg = reactive({ act: false, transfer: false, notransfer: false, revoke: false, review: false, finding: false });
		const form = reactive({ on: '', data: {}, note: '' });
		const tf = reactive({ doc_no: '', police: '绍兴市公安局柯桥区分局', approver: '' });
		const nt = reactive({ reason: '', approver: '' });
		const fields = computed(() => (cur.value && STEP_FIELDS[cur.value.key]) || []);
		const openFlags = computed(() => (c.value ? c.value.flags.filter((f) => !f.resolved_at) : []));
		const canAct = computed(() => c.value && c.value.actions && c.value.actions.length >= 0 && c.value.actions !== undefined);
		async function load() {
			c.value = await get('/enforce/cases/' + props.id);
			row.value = null;
			if (c.value.violation) {
				const t = (await get('/enforce/discretion', null, { quiet: true }).catch(() => ({ items: [] }))).items
					.find((x) => x.code === c.value.violation);
				row.value = t ? { violation: t.violation, violated: t.rows[0].violated, basis: t.rows[0].basis } : null;
			}
		}
		// The legal basis: the decision's own (facts) or the discretion table's.
		const row = ref(null);
		const violated = computed(() => (c.value && c.value.facts['违反条款']) || (row.value && row.value.violated) || '');
		const basis = computed(() => (c.value && c.value.facts['处罚依据']) || (row.value && row.value.basis) || '');
		const finished = computed(() => c.value && FINISHED.has(c.value.state));
		const me = () => session.user && session.user.login;
		const reviewedByMe = computed(() => c.value && (c.value.reviews || []).some((r) => r.reviewer === me()));
		// 撤销 of a code: the agency (officer, town) and the rule-of-law office
		const canRevoke = ['officer', 'town', 'office'].includes(session.user && session.user.role);
		const curCode = ref(null), revokeReason = ref(''), rerr = fieldErrors(['reason']);
		function startRevoke(k) { curCode.value = k; revokeReason.value = ''; delete rerr.reason; dlg.revoke = true; }
		async function revoke() {
			const r = await submitAt(rerr, () => post('/enforce/acts/' + curCode.value.id + '/revoke',
				{ reason: revokeReason.value }, { quiet: true }));
			if (r) { dlg.revoke = false; ElementPlus.ElMessage.success('已撤销'); await load(); }
		}
		// 评查: the checklist from the server (data/checklists), full marks to start
		const checklist = ref(null), scores = reactive({}), notes = reactive({});
		const serr = fieldErrors([]);
		const total = computed(() => Object.values(scores).reduce((a, v) => a + (Number(v) || 0), 0));
		async function startReview() {
			if (!checklist.value) checklist.value = await get('/enforce/checklist');
			serr.$fields.splice(0, serr.$fields.length, ...checklist.value.items.map((k) => k.key));
			for (const k of checklist.value.items) { scores[k.key] = k.points; notes[k.key] = ''; }
			dlg.review = true;
		}
		async function review() {
			const n = {};
			for (const k of checklist.value.items) if (scores[k.key] < k.points && notes[k.key]) n[k.key] = notes[k.key];
			const r = await submitAt(serr, () => post('/enforce/cases/' + props.id + '/review',
				{ scores: { ...scores }, notes: n }, { quiet: true }));
			if (r) { dlg.review = false; ElementPlus.ElMessage.success('评查得分 ' + r.score + ' / ' + r.max_score); await load(); }
		}
		const curFinding = ref(null);
		function closeFinding(f) { curFinding.value = f; dlg.finding = true; }
		/* a step's date starts at today: most steps are recorded the day they happen */
		function start(a) { cur.value = a; form.data = {}; form.note = ''; form.on = todayISO(); dlg.act = true; }
		async function submit() {
			const data = {};
			for (const [k, v] of Object.entries(form.data)) {
				if (v === '' || v == null || v === false) continue;
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
		return { c, cur, dlg, form, fields, openFlags, canAct, start, submit, tf, nt, transfer, notransfer, load,
			row, violated, basis, finished, reviewedByMe, canRevoke, curCode, revokeReason, rerr, startRevoke, revoke,
			checklist, scores, notes, serr, total, startReview, review, curFinding, closeFinding,
			unit: isUnit(), reviewer: isReviewer(),
			bools: BOOLS, dates: DATES, choices: CHOICES, labels: LABELS, long: LONG,
			lights: LIGHTS, docs: DOCS, statusNames: { met: '已完成', stopped: '已停止', paused: '暂停' }, yuan, docUrl, money: MONEY, back: () => go('/enforce'), fmtTime };
	},
};

CasePage.components = { LawText, FindingClose };

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
