// pages/enforce_common.js - what the enforcement pages share: their style
// sheet, money display, the user's role, legal-basis links (LawText, from
// the public code page's cite.js), server errors shown at a form's field,
// and the 评查 findings table with the agency's close-out (整改销号).

import { get, post } from '../api.js';
import { go } from '../router.js';
import { session } from '../session.js';
import { LawText } from '../v/assets/cite.js';

export { LawText };

const { ref, reactive, computed, watch, onMounted } = Vue;

if (!document.querySelector('link[data-fz="enforce-css"]')) {
	const l = document.createElement('link');
	l.rel = 'stylesheet';
	l.href = 'pages/enforce.css';
	l.dataset.fz = 'enforce-css';
	document.head.appendChild(l);
}

export const yuan = (c) => c == null ? '—' : (c / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) + ' 元';

export const role = () => (session.user && session.user.role) || '';
// The agency's own staff (立案, steps, 整改销号) and the reviewers (评查).
export const isUnit = () => ['officer', 'town'].includes(role());
export const isReviewer = () => ['office', 'justice'].includes(role());

// Run a write; an error the server ties to a field goes to errs[field]
// (shown by that el-form-item's :error), any other to a message.  The
// server's field names are mapped by alias ({uscc: 'id_number'}).
// Returns the answer, or null when it failed.
export async function submitAt(errs, fn, alias = {}) {
	for (const k of Object.keys(errs)) delete errs[k];
	try {
		return await fn();
	} catch (e) {
		const f = e.field && (alias[e.field] || e.field);
		if (f && f in FIELD_SEEN(errs)) errs[f] = e.message;
		else ElementPlus.ElMessage.error({ message: e.message, grouping: true });
		return null;
	}
}
// errs carries the names of its fields in errs.$fields (set by the form).
const FIELD_SEEN = (errs) => Object.fromEntries((errs.$fields || []).map((k) => [k, 1]));
export function fieldErrors(fields) {
	const e = reactive({});
	Object.defineProperty(e, '$fields', { value: fields, enumerable: false, writable: true, configurable: true });
	return e;
}

// 评查 findings: the unit's own (officer, town: with 整改销号) or all of
// them (office, justice: read only).
export const FindingsTable = {
	name: 'EnforceFindings',
	props: { status: { type: String, default: 'open' } },
	emits: ['count'],
	template: `
<div>
  <el-radio-group v-model="st" size="small" class="fz-mb" @change="load">
    <el-radio-button value="open">待整改</el-radio-button><el-radio-button value="closed">已销号</el-radio-button><el-radio-button value="">全部</el-radio-button>
  </el-radio-group>
  <el-table :data="shown" border stripe size="small" v-loading="loading" data-test="findings">
    <el-table-column label="案号" width="200"><template #default="{ row }"><el-link type="primary" @click="go('/enforce', { id: row.case_id })">{{ row.number }}</el-link></template></el-table-column>
    <el-table-column prop="agency" label="执法机关" width="180" />
    <el-table-column prop="item" label="评查项目" min-width="200" />
    <el-table-column label="扣分" width="60"><template #default="{ row }">{{ row.lost }}</template></el-table-column>
    <el-table-column prop="text" label="问题" min-width="180" />
    <el-table-column label="评查" width="150"><template #default="{ row }">{{ row.reviewer_name }} · {{ row.created_on }}</template></el-table-column>
    <el-table-column label="状态" width="90"><template #default="{ row }"><el-tag :type="row.status === 'open' ? 'warning' : 'success'" size="small">{{ row.status === 'open' ? '待整改' : '已销号' }}</el-tag></template></el-table-column>
    <el-table-column label="整改情况" min-width="180"><template #default="{ row }"><span v-if="row.response">{{ row.response }}<span class="fz-muted">（{{ row.closed_by_name }} {{ row.closed_on }}）</span></span></template></el-table-column>
    <el-table-column label="操作" width="100" v-if="unit">
      <template #default="{ row }"><el-button v-if="row.status === 'open'" size="small" type="primary" link @click="start(row)" data-test="finding-close">整改销号</el-button></template>
    </el-table-column>
  </el-table>
  <el-pagination v-if="items.length > per" class="fz-pager" background layout="total, prev, pager, next"
    :total="items.length" :page-size="per" v-model:current-page="page" data-test="findings-pager" />
  <FindingClose v-model="dlg" :finding="cur" @done="load" />
</div>`,
	setup(props, { emit }) {
		const items = ref([]), loading = ref(false), st = ref(props.status), dlg = ref(false), cur = ref(null);
		/* a page of 20 at a time: the district's findings run to hundreds */
		const page = ref(1), per = 20;
		const shown = computed(() => items.value.slice((page.value - 1) * per, page.value * per));
		async function load() {
			loading.value = true;
			try {
				items.value = (await get('/enforce/findings', { status: st.value })).items;
				page.value = 1;
				if (st.value === 'open') emit('count', items.value.length);
			} finally { loading.value = false; }
		}
		onMounted(load);
		return { items, shown, page, per, loading, st, load, go, unit: isUnit(), dlg, cur,
			start: (r) => { cur.value = r; dlg.value = true; } };
	},
};

// The agency's answer to one finding: its 整改情况, which closes it.
export const FindingClose = {
	name: 'EnforceFindingClose',
	props: { modelValue: Boolean, finding: Object },
	emits: ['update:modelValue', 'done'],
	template: `
<el-dialog :model-value="modelValue" @update:model-value="$emit('update:modelValue', $event)" title="评查问题整改销号" width="520px" append-to-body>
  <div v-if="finding" class="fz-mb">
    <div><b>{{ finding.item }}</b>（扣{{ finding.lost }}分）</div>
    <div class="fz-muted enf-mt">{{ finding.text }}</div>
  </div>
  <el-form label-position="top" @submit.prevent>
    <el-form-item label="整改情况" :error="errs.response" required>
      <el-input v-model="response" type="textarea" :rows="4" maxlength="1000" show-word-limit data-test="finding-response" />
    </el-form-item>
  </el-form>
  <template #footer><el-button @click="$emit('update:modelValue', false)">取消</el-button><el-button type="primary" :loading="busy" @click="send" data-test="finding-submit">提交并销号</el-button></template>
</el-dialog>`,
	setup(props, { emit }) {
		const response = ref(''), busy = ref(false), errs = fieldErrors(['response']);
		watch(() => props.modelValue, (v) => { if (v) { response.value = ''; delete errs.response; } });
		async function send() {
			busy.value = true;
			const r = await submitAt(errs, () => post('/enforce/findings/' + props.finding.id + '/close',
				{ response: response.value }, { quiet: true }));
			busy.value = false;
			if (r) {
				ElementPlus.ElMessage.success('已整改销号');
				emit('update:modelValue', false);
				emit('done');
			}
		}
		return { response, busy, errs, send };
	},
};
FindingsTable.components = { FindingClose };
