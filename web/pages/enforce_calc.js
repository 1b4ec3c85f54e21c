// pages/enforce_calc.js - 裁量计算: pick a violation from the published
// discretion tables, tick the facts, and see the recommended range with
// the table row and the factors that applied (行政处罚法 Art. 34).

import { get, post } from '../api.js';
import { LawText } from './enforce_common.js';

const { ref, reactive, computed, onMounted } = Vue;

const yuan = (c) => (c / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) + ' 元';
// The benchmark each agency's table is, as the decision cites it.
const AGENCIES = { market: '市场监督管理', ecology: '生态环境', safety: '应急管理（消防）', urban: '综合行政执法' };
const BOOLS = ['首次违法', '及时改正', '无危害后果', '危害后果轻微', '造成人身伤害', '人员密集场所',
	'拒不改正', '重污染天气期间', '饮用水水源保护区', '二年内同类违法'];

const CalcPage = {
	name: 'DiscretionCalc',
	template: `
<el-card shadow="never">
  <template #header><div class="fz-card-head"><span>行政处罚裁量计算</span></div></template>
  <el-form label-width="120px" style="max-width: 760px" @submit.prevent="calc">
    <el-form-item label="违法行为">
      <el-select v-model="code" filterable placeholder="请选择" style="width: 100%" data-test="calc-violation" @change="res = null">
        <el-option-group v-for="g in groups" :key="g.name" :label="g.name">
          <el-option v-for="v in g.items" :key="v.code" :label="v.violation" :value="v.code" />
        </el-option-group>
      </el-select>
    </el-form-item>
    <template v-if="code">
      <el-form-item v-for="k in moneyFields" :key="k" :label="k + '（元）'" :error="errs[k]">
        <el-input v-model.trim="money[k]" :data-test="'calc-' + k" placeholder="如 12000 或 12000.50" />
      </el-form-item>
      <el-form-item v-if="uses('超标倍数')" label="超标倍数" :error="errs.超标倍数">
        <el-input v-model.trim="num.超标倍数" placeholder="如 0.8" />
      </el-form-item>
      <el-form-item v-if="uses('违法点位数')" label="违法点位数"><el-input-number v-model="num.违法点位数" :min="1" /></el-form-item>
      <el-form-item v-if="boolFields.length" label="情形">
        <el-checkbox-group v-model="flags"><el-checkbox v-for="b in boolFields" :key="b" :label="b" :value="b" /></el-checkbox-group>
      </el-form-item>
      <el-form-item label="从轻情形"><el-checkbox-group v-model="mit"><el-checkbox v-for="f in factors.filter(x => x.effect === '从轻')" :key="f.key" :label="f.key" :value="f.key" /></el-checkbox-group></el-form-item>
      <el-form-item label="从重情形"><el-checkbox-group v-model="agg"><el-checkbox v-for="f in factors.filter(x => x.effect === '从重')" :key="f.key" :label="f.key" :value="f.key" /></el-checkbox-group></el-form-item>
    </template>
    <el-form-item><el-button type="primary" native-type="submit" :disabled="!code" data-test="calc-go">计算</el-button></el-form-item>
  </el-form>
  <el-result v-if="res && res.no_penalty" icon="success" title="可不予行政处罚（首违不罚）" data-test="calc-result">
    <template #sub-title>
      <div>依据<LawText text="《中华人民共和国行政处罚法》第三十三条" />：初次违法且危害后果轻微并及时改正的，可以不予行政处罚；应当对当事人进行教育。</div>
      <div class="enf-mt fz-muted">如经审查不适用首违不罚，{{ penaltyText }}</div>
      <div class="enf-mt">{{ res.explanation }}</div>
      <div class="enf-mt" data-test="calc-basis">处罚依据：<LawText :text="res.basis" /></div>
    </template>
  </el-result>
  <el-result v-else-if="res" icon="info" :title="penaltyText" data-test="calc-result">
    <template #sub-title>
      <div>法定幅度（{{ res.grade }}）：{{ yuan(res.range.min) }} – {{ yuan(res.range.max) }}</div>
      <div class="enf-mt">{{ res.explanation }}</div>
      <div class="enf-mt" v-if="res.row && res.row.violated">违反条款：<LawText :text="res.row.violated" /></div>
      <div class="enf-mt" data-test="calc-basis">处罚依据：<LawText :text="res.basis" /></div>
      <div class="enf-mt" v-for="f in res.factors" :key="f.key">{{ f.effect }}：{{ f.name || f.key }}（<LawText :text="f.cite" />）</div>
    </template>
  </el-result>
</el-card>`,
	setup() {
		const tables = ref([]), factors = ref([]), code = ref(''), res = ref(null);
		const money = reactive({ 货值金额: '', 总投资额: '' }), num = reactive({ 超标倍数: '', 违法点位数: 1 });
		const flags = ref([]), mit = ref([]), agg = ref([]), errs = reactive({});
		const table = computed(() => tables.value.find((x) => x.code === code.value));
		// the facts the chosen violation's rows read: its conditions and bases
		const words = computed(() => (table.value ? table.value.rows.map((r) => `${r.condition || ''} ${r.base || ''}`).join(' ') : ''));
		const uses = (k) => words.value.includes(k);
		const moneyFields = computed(() => Object.keys(money).filter(uses));
		const boolFields = computed(() => BOOLS.filter(uses));
		// the violations under their agency's benchmark, by name only
		const groups = computed(() => {
			const by = new Map();
			for (const t of tables.value) {
				const name = AGENCIES[t.agency] || '其他';
				if (!by.has(name)) by.set(name, []);
				by.get(name).push(t);
			}
			return [...by].map(([name, items]) => ({ name, items }));
		});
		const penaltyText = computed(() => (res.value ? (res.value.recommended.max === 0 && res.value.recommended.min === 0
			? '不予罚款' : `建议罚款：${yuan(res.value.recommended.min)} – ${yuan(res.value.recommended.max)}`) : ''));
		onMounted(async () => {
			const r = await get('/enforce/discretion');
			tables.value = r.items;
			factors.value = r.factors;
		});
		// every field's problem at once, next to the field
		function check() {
			for (const k of Object.keys(errs)) delete errs[k];
			for (const k of moneyFields.value)
				if (money[k] !== '' && !/^\d+(\.\d{1,2})?$/.test(money[k])) errs[k] = '请填写金额，如 12000 或 12000.50';
			if (uses('超标倍数') && num.超标倍数 !== '' && !/^\d+(\.\d+)?$/.test(num.超标倍数))
				errs.超标倍数 = '请填写数字，如 0.8';
			return !Object.keys(errs).length;
		}
		async function calc() {
			if (!check()) { res.value = null; return; }
			const facts = { 从轻情节: mit.value, 从重情节: agg.value };
			if (uses('违法点位数')) facts.违法点位数 = num.违法点位数;
			for (const k of moneyFields.value) if (money[k] !== '') facts[k] = Math.round(Number(money[k]) * 100);
			if (uses('超标倍数') && num.超标倍数 !== '') facts.超标倍数 = String(num.超标倍数);
			for (const b of flags.value) if (uses(b)) facts[b] = true;
			res.value = await post('/enforce/discretion/calc', { violation: code.value, facts });
		}
		return { tables, factors, code, res, money, num, flags, mit, agg, errs, groups, uses, moneyFields, boolFields,
			penaltyText, calc, yuan };
	},
};

CalcPage.components = { LawText };

export default { key: 'discretion', path: '/discretion', title: '裁量计算', icon: 'Operation', component: CalcPage };
