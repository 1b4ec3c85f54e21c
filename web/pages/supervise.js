// pages/supervise.js - 法治督察 (依法治区办, 司法局; every unit for its
// own): the 通报 and 整改提醒函 issued to units with their deadline
// lights, issuing one (the office), and a finding's page where the unit
// reports its rectification and the office accepts (验收销号) or returns it.
// Steps, deadlines and the list are the shared case layer's.

import { get, post } from '../api.js';
import { route, go } from '../router.js';
import { session } from '../session.js';
import { checkForm, todayISO } from '../util.js';
import { PhoneList } from './phone_list.js';
import { PrintView, listTools } from './print_view.js';
import { CaseView, LightTag } from './review_case.js';

const { ref, reactive, computed, onMounted, watch } = Vue;

// the facts each step asks for (src/domain/supervise/supervise.c)
const FACTS = { submit: ['整改情况'], accept: ['验收意见'], return: ['退回理由'] };
const STATES = { rectifying: '整改中', submitted: '已报送整改情况', closed: '已验收销号' };
const KINDS = [{ value: 'notice', label: '通报' }, { value: 'reminder', label: '整改提醒函' }];
const LIGHT_NAMES = { green: '绿灯', yellow: '黄灯', red: '红灯', overdue: '逾期', paused: '暂停' };

const SupervisePage = {
	name: 'SupervisePage',
	components: { CaseView, LightTag, PhoneList, PrintView },
	template: `
<div>
<el-card v-if="caseId" shadow="never">
  <template #header>
    <div class="fz-card-head"><span>法治督察事项</span>
      <el-button @click="go('/supervise')" data-test="back">返回列表</el-button></div>
  </template>
  <case-view v-if="kase" :data="kase" :facts="FACTS" :states="STATES" :api="'/supervise/items/' + caseId"
    @changed="(r) => kase = r">
    <template #info>
      <el-descriptions-item label="类别">{{ kase.facts['督察类别'] }}</el-descriptions-item>
      <el-descriptions-item label="被督察单位">{{ kase.facts['被督察单位'] }}</el-descriptions-item>
      <el-descriptions-item label="整改期限">{{ kase.facts['整改期限天数'] }}日</el-descriptions-item>
      <el-descriptions-item label="发现的问题" :span="3">{{ kase.facts['发现的问题'] }}</el-descriptions-item>
      <el-descriptions-item label="整改要求" :span="3">{{ kase.facts['整改要求'] }}</el-descriptions-item>
      <el-descriptions-item v-if="kase.facts['整改情况']" label="整改情况" :span="3">{{ kase.facts['整改情况'] }}</el-descriptions-item>
    </template>
  </case-view>
</el-card>
<el-card v-else shadow="never">
  <template #header>
    <div class="fz-card-head"><span>法治督察</span>
      <el-button v-if="isOffice" type="primary" @click="openIssue" data-test="btn-issue">印发通报或整改提醒函</el-button></div>
  </template>
  <el-form :inline="true" class="fz-toolbar">
    <el-form-item label="类别">
      <el-select v-model="filters.kind" clearable placeholder="全部" class="fz-toolbar-input" @change="load(1)" data-test="f-kind">
        <el-option v-for="k in KINDS" :key="k.value" :label="k.label" :value="k.value" />
      </el-select>
    </el-form-item>
    <el-form-item label="信号灯">
      <el-select v-model="filters.light" clearable placeholder="全部" class="fz-toolbar-input" @change="load(1)">
        <el-option v-for="l in ['green','yellow','red','overdue']" :key="l" :label="LIGHT_NAMES[l]" :value="l" />
      </el-select>
    </el-form-item>
    <el-form-item><el-checkbox v-model="filters.open" @change="load(1)">仅未销号</el-checkbox></el-form-item>
    <el-form-item label="关键词">
      <el-input v-model.trim="filters.q" clearable placeholder="文号或单位" class="fz-toolbar-input"
        @keyup.enter="load(1)" @clear="load(1)" data-test="f-q" />
    </el-form-item>
    <el-form-item>
      <el-button type="primary" @click="load(1)">查询</el-button>
      <el-button tag="a" :href="exportLink" data-test="export">导出表格</el-button>
      <el-button @click="print" :loading="printing" data-test="print">打印</el-button>
    </el-form-item>
  </el-form>
  <PrintView title="法治督察事项清单" :cols="printCols" :rows="printed" :note="printNote" />
  <PhoneList :items="items" :meta="['unit', 'opened_on', 'state_name']" @open="(r) => go('/supervise', { case: r.id })" />
  <el-table :data="items" v-loading="loading" border stripe data-test="supervise-table" empty-text="暂无督察事项"
    @row-click="(r) => go('/supervise', { case: r.id })" class="fz-clickable fz-wide-table">
    <el-table-column prop="number" label="文号" width="170" />
    <el-table-column prop="kind_name" label="类别" width="110" />
    <el-table-column prop="unit" label="被督察单位" min-width="180" show-overflow-tooltip />
    <el-table-column prop="state_name" label="状态" width="130" />
    <el-table-column prop="opened_on" label="印发日期" width="110" />
    <el-table-column prop="next_due" label="最近届满" width="110" />
    <el-table-column label="信号灯" width="80"><template #default="{ row }"><light-tag :light="row.light" /></template></el-table-column>
  </el-table>
  <el-pagination class="fz-mt" layout="total, prev, pager, next" :total="total" :page-size="20"
    :current-page="page" @current-change="load" />
  <el-dialog v-model="dlg" title="印发通报或整改提醒函" width="min(560px, 96vw)">
    <el-form label-width="100px" data-test="issue-form" @submit.prevent="issue">
      <el-form-item label="类别" required>
        <el-radio-group v-model="form.kind"><el-radio v-for="k in KINDS" :key="k.value" :value="k.value">{{ k.label }}</el-radio></el-radio-group>
      </el-form-item>
      <el-form-item label="被督察单位" required :error="ferr.unit_id">
        <el-select v-model="form.unit_id" filterable placeholder="请选择单位" class="fz-full" data-test="issue-unit">
          <el-option v-for="u in units" :key="u.id" :label="u.name" :value="u.id" />
        </el-select>
      </el-form-item>
      <el-form-item label="发现的问题" required :error="ferr.problem"><el-input v-model="form.problem" type="textarea" :rows="3" data-test="issue-problem" /></el-form-item>
      <el-form-item label="整改要求" required :error="ferr.demand"><el-input v-model="form.demand" type="textarea" :rows="2" data-test="issue-demand" /></el-form-item>
      <el-form-item label="整改期限" required>
        <el-radio-group v-model="form.days"><el-radio :value="15">十五日</el-radio><el-radio :value="30">三十日</el-radio><el-radio :value="60">六十日</el-radio></el-radio-group>
      </el-form-item>
      <el-form-item label="印发日期"><el-date-picker v-model="form.issued_on" type="date" value-format="YYYY-MM-DD" :clearable="false" /></el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="dlg = false">取消</el-button>
      <el-button type="primary" :loading="busy" @click="issue" data-test="issue-submit">印发</el-button>
    </template>
  </el-dialog>
</el-card>
</div>`,
	setup() {
		const items = ref([]), total = ref(0), page = ref(1), loading = ref(false);
		const filters = reactive({ kind: '', light: '', open: false, q: '' });
		const kase = ref(null), units = ref([]), dlg = ref(false), busy = ref(false);
		const caseId = computed(() => route.query.case);
		const isOffice = computed(() => session.user && session.user.role === 'office');
		const blank = () => ({ kind: 'reminder', unit_id: null, problem: '', demand: '', days: 30, issued_on: todayISO() });
		const form = reactive(blank());
		const ferr = reactive({});
		function listQuery() {
			const q = { page: page.value };
			for (const k of ['kind', 'light', 'q']) if (filters[k]) q[k] = filters[k];
			if (filters.open) q.open = 1;
			return q;
		}
		const printCols = [{ key: 'number', label: '文号' }, { key: 'kind_name', label: '类别' },
			{ key: 'unit', label: '被督察单位' }, { key: 'state_name', label: '状态' },
			{ key: 'opened_on', label: '印发日期' }, { key: 'light_name', label: '信号灯' }];
		const { exportLink, print, printing, printed, printNote } = listTools('/supervise/items', listQuery,
			() => (filters.q ? `关键词“${filters.q}”` : ''));
		async function load(p) {
			page.value = p || 1;
			loading.value = true;
			try {
				const r = await get('/supervise/items', listQuery());
				items.value = r.items;
				total.value = r.total;
			} finally {
				loading.value = false;
			}
		}
		async function loadCase() {
			kase.value = caseId.value ? await get('/supervise/items/' + caseId.value) : null;
		}
		async function openIssue() {
			Object.assign(form, blank());
			for (const k of Object.keys(ferr)) delete ferr[k];
			if (!units.value.length)
				units.value = (await get('/units')).items.filter((u) => u.kind === 'town' || u.kind === 'department');
			dlg.value = true;
		}
		async function issue() {
			if (!checkForm(form, { unit_id: '被督察单位', problem: '发现的问题', demand: '整改要求' }, ferr)) return;
			busy.value = true;
			try {
				const r = await post('/supervise/items', { ...form });
				ElementPlus.ElMessage.success('已印发：' + r.number);
				dlg.value = false;
				go('/supervise', { case: r.id });
			} catch (e) { if (e.field) ferr[e.field] = e.message; } finally { busy.value = false; }
		}
		onMounted(() => { load(1); loadCase(); });
		watch(caseId, loadCase);
		return { FACTS, STATES, KINDS, LIGHT_NAMES, items, total, page, loading, filters, kase, caseId, isOffice,
			units, dlg, busy, form, ferr, printCols, exportLink, print, printing, printed, printNote,
			load, openIssue, issue, go };
	},
};

export default { key: 'supervise', path: '/supervise', title: '法治督察', icon: 'View', component: SupervisePage };
