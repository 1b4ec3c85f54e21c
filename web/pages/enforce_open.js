// pages/enforce_open.js - 立案 and the unit's officers, as dialogs of the
// case list (POST /api/v1/enforce/cases, GET/POST /api/v1/enforce/officers).
// The server validates everything (身份证号 GB 11643, 统一社会信用代码
// GB 32100, two officers with 执法证号 per 行政处罚法 Art. 42, the
// limitation of Art. 36); its Chinese message is shown at the field.

import { get, post } from '../api.js';
import { submitAt, fieldErrors } from './enforce_common.js';

const { ref, reactive, computed, watch } = Vue;

// The discretion tables' files, for people (enforce_discretion.c).
const TABLES = { market: '市场监管', ecology: '生态环境', safety: '应急管理（消防）', urban: '综合行政执法' };
// Facts a table row multiplies (倍数:事实名): asked at 立案, in 元.
const BASES = ['货值金额', '总投资额'];

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

export const OpenCase = {
	name: 'EnforceOpenCase',
	props: { modelValue: Boolean },
	emits: ['update:modelValue', 'opened'],
	template: `
<el-dialog :model-value="modelValue" @update:model-value="$emit('update:modelValue', $event)" title="立案" width="720px" top="4vh" append-to-body>
  <el-form label-width="150px" @submit.prevent data-test="open-form">
    <el-form-item label="案件类别" :error="errs.kind">
      <el-radio-group v-model="f.kind"><el-radio-button value="penalty">行政处罚</el-radio-button><el-radio-button value="inspection">行政检查</el-radio-button></el-radio-group>
    </el-form-item>
    <el-form-item label="案由" :error="errs.title" required><el-input v-model="f.title" maxlength="200" placeholder="如：销售不合格电热毯案" data-test="open-title" /></el-form-item>
    <el-divider content-position="left">当事人</el-divider>
    <el-form-item label="当事人类型">
      <el-radio-group v-model="p.kind" data-test="open-party-kind"><el-radio-button value="org">单位</el-radio-button><el-radio-button value="person">自然人</el-radio-button></el-radio-group>
    </el-form-item>
    <el-form-item :label="p.kind === 'org' ? '单位名称' : '姓名'" :error="errs.name" required><el-input v-model="p.name" data-test="open-party-name" /></el-form-item>
    <el-form-item :label="p.kind === 'org' ? '统一社会信用代码' : '身份证号'" :error="errs.id_number" required>
      <el-input v-model="p.id_number" maxlength="18" :placeholder="p.kind === 'org' ? '18位统一社会信用代码' : '18位居民身份证号码'" data-test="open-party-id" />
    </el-form-item>
    <el-form-item label="住所（地址）" :error="errs.address" required><el-input v-model="p.address" data-test="open-party-address" /></el-form-item>
    <el-form-item label="法定代表人" v-if="p.kind === 'org'"><el-input v-model="p.rep" /></el-form-item>
    <el-divider content-position="left">违法行为与执法人员</el-divider>
    <el-form-item label="违法行为" :error="errs.violation" :required="f.kind === 'penalty'">
      <el-select v-model="f.violation" filterable clearable placeholder="从裁量基准中选择" style="width: 100%" data-test="open-violation">
        <el-option-group v-for="g in groups" :key="g.key" :label="g.label">
          <el-option v-for="v in g.items" :key="v.code" :label="v.code + ' ' + v.violation" :value="v.code" />
        </el-option-group>
      </el-select>
    </el-form-item>
    <el-form-item v-for="b in bases" :key="b" :label="b + '（元）'" :error="errs[b]"><el-input v-model="money[b]" :data-test="'open-' + b" /></el-form-item>
    <el-form-item label="执法人员" :error="errs.officers" required>
      <el-select v-model="f.officers" multiple :multiple-limit="2" popper-class="enf-officers-pop" placeholder="选择两名持证执法人员" style="width: 100%" data-test="open-officers">
        <el-option v-for="o in officers" :key="o.id" :label="o.name + '（' + o.cert + '）'" :value="o.id" />
      </el-select>
    </el-form-item>
    <el-form-item :label="f.kind === 'penalty' ? '立案日期' : '检查日期'" :error="errs.opened">
      <el-date-picker v-model="f.opened" value-format="YYYY-MM-DD" :clearable="false" data-test="open-opened" />
    </el-form-item>
    <template v-if="f.kind === 'penalty'">
      <el-form-item label="违法行为日期" :error="errs.act_date" required>
        <el-date-picker v-model="f.act_date" value-format="YYYY-MM-DD" placeholder="发生或终了之日" data-test="open-act-date" />
        <el-checkbox v-model="f.five_years" class="enf-ml">涉及生命健康安全、金融安全且有危害后果（追责期五年）</el-checkbox>
      </el-form-item>
      <el-form-item label="发现日期" :error="errs.discovered_on">
        <el-date-picker v-model="f.discovered_on" value-format="YYYY-MM-DD" placeholder="不填即立案日期" data-test="open-discovered" />
        <span class="enf-ml">追责时效自违法行为（终了）之日计至发现之日（行政处罚法第三十六条）</span>
      </el-form-item>
      <el-form-item label="程序" :error="errs.procedure">
        <el-radio-group v-model="f.procedure"><el-radio value="普通">普通程序</el-radio><el-radio value="简易">简易程序（当场处罚）</el-radio></el-radio-group>
      </el-form-item>
    </template>
  </el-form>
  <template #footer><el-button @click="$emit('update:modelValue', false)">取消</el-button>
    <el-button type="primary" :loading="busy" @click="send" data-test="open-submit">立案</el-button></template>
</el-dialog>`,
	setup(props, { emit }) {
		const f = reactive({});
		const p = reactive({});
		const money = reactive({});
		const errs = fieldErrors(['kind', 'title', 'name', 'id_number', 'address', 'violation', 'officers',
			'opened', 'act_date', 'discovered_on', 'procedure', ...BASES]);
		const tables = ref([]), officers = ref([]), busy = ref(false);
		function reset() {
			Object.assign(f, { kind: 'penalty', title: '', violation: '', officers: [], opened: today(), act_date: '',
				discovered_on: '', five_years: false, procedure: '普通' });
			Object.assign(p, { kind: 'org', name: '', id_number: '', address: '', rep: '' });
			for (const b of BASES) money[b] = '';
			for (const k of Object.keys(errs)) delete errs[k];
		}
		reset();
		watch(() => props.modelValue, async (v) => {
			if (!v) return;
			reset();
			if (!tables.value.length) tables.value = (await get('/enforce/discretion')).items;
			officers.value = (await get('/enforce/officers')).items;
		});
		const groups = computed(() => Object.entries(TABLES).map(([key, label]) =>
			({ key, label, items: tables.value.filter((t) => t.agency === key) })).filter((g) => g.items.length));
		// the facts the chosen violation's rows multiply
		const bases = computed(() => {
			const t = tables.value.find((x) => x.code === f.violation);
			return t ? [...new Set(t.rows.map((r) => r.base).filter((b) => BASES.includes(b)))] : [];
		});
		/* every missing field at once, at its field; the server checks again
		 * (and the identifiers' check digits) */
		function check() {
			for (const k of Object.keys(errs)) delete errs[k];
			if (!f.title.trim()) errs.title = '请填写案由';
			if (!p.name.trim()) errs.name = p.kind === 'org' ? '请填写单位名称' : '请填写姓名';
			if (!p.id_number.trim()) errs.id_number = p.kind === 'org' ? '请填写统一社会信用代码' : '请填写身份证号';
			if (!p.address.trim()) errs.address = '请填写住所（地址）';
			if (f.kind === 'penalty' && !f.violation) errs.violation = '请选择违法行为';
			if (f.officers.length < 2) errs.officers = '执法人员不得少于两人（《中华人民共和国行政处罚法》第四十二条）';
			if (!f.opened) errs.opened = '请选择日期';
			if (f.kind === 'penalty' && !f.act_date) errs.act_date = '请选择违法行为日期';
			for (const b of bases.value) {
				const n = Number(money[b]);
				if (money[b] !== '' && (!Number.isFinite(n) || n < 0)) errs[b] = '请填写金额（元），如 8000 或 8000.50';
			}
			return !Object.keys(errs).length;
		}
		async function send() {
			if (!check()) return;
			const body = { kind: f.kind, title: f.title, officers: f.officers, opened: f.opened,
				party: { kind: p.kind, name: p.name, id_number: p.id_number.trim(), address: p.address } };
			if (p.kind === 'org' && p.rep) body.party.rep = p.rep;
			if (f.violation) body.violation = f.violation;
			if (f.kind === 'penalty') {
				body.act_date = f.act_date;
				body.five_years = f.five_years;
				if (f.discovered_on) body.discovered_on = f.discovered_on;
				body.procedure = f.procedure;
			}
			const facts = {};
			for (const b of bases.value) {
				if (money[b] === '') continue;
				facts[b] = Math.round(Number(money[b]) * 100);
			}
			if (Object.keys(facts).length) body.facts = facts;
			busy.value = true;
			const r = await submitAt(errs, () => post('/enforce/cases', body, { quiet: true }),
				{ uscc: 'id_number', party: 'name', party_id: 'name' });
			busy.value = false;
			if (r) {
				ElementPlus.ElMessage.success('已立案：' + r.number);
				emit('update:modelValue', false);
				emit('opened', r);
			}
		}
		return { f, p, money, errs, groups, bases, officers, busy, send };
	},
};

// The unit's 执法人员 with their 执法证号; adding one.  (The API has no way
// to retire an officer yet: enf_officers.active is set only by hand.)
export const Officers = {
	name: 'EnforceOfficers',
	props: { modelValue: Boolean },
	emits: ['update:modelValue'],
	template: `
<el-dialog :model-value="modelValue" @update:model-value="$emit('update:modelValue', $event)" title="本单位执法人员" width="600px" append-to-body>
  <el-table :data="items" border size="small" max-height="320" data-test="officer-list">
    <el-table-column prop="name" label="姓名" />
    <el-table-column prop="cert" label="执法证号" />
  </el-table>
  <el-divider content-position="left">登记执法人员</el-divider>
  <el-form :inline="true" @submit.prevent>
    <el-form-item label="姓名" :error="errs.name"><el-input v-model="f.name" style="width: 140px" data-test="officer-name" /></el-form-item>
    <el-form-item label="执法证号" :error="errs.cert"><el-input v-model="f.cert" style="width: 160px" placeholder="如 浙A0012345" data-test="officer-cert" /></el-form-item>
    <el-form-item><el-button type="primary" @click="add" data-test="officer-add">登记</el-button></el-form-item>
  </el-form>
</el-dialog>`,
	setup(props) {
		const items = ref([]), f = reactive({ name: '', cert: '' }), errs = fieldErrors(['name', 'cert']);
		async function load() { items.value = (await get('/enforce/officers')).items; }
		watch(() => props.modelValue, (v) => { if (v) load(); });
		async function add() {
			const r = await submitAt(errs, () => post('/enforce/officers', { name: f.name, cert: f.cert.trim() }, { quiet: true }));
			if (r) {
				ElementPlus.ElMessage.success('已登记');
				f.name = '';
				f.cert = '';
				await load();
			}
		}
		return { items, f, errs, add };
	},
};
