// pages/enforce_calc.js - 裁量计算: pick a violation from the published
// discretion tables, tick the facts, and see the recommended range with
// the table row and the factors that applied (行政处罚法 Art. 34).

import { get, post } from '../api.js';
import { LawText } from './enforce_common.js';

const { ref, reactive, computed, onMounted } = Vue;

const yuan = (c) => (c / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) + ' 元';
const BOOLS = ['首次违法', '及时改正', '无危害后果', '危害后果轻微', '造成人身伤害', '人员密集场所',
	'拒不改正', '重污染天气期间', '饮用水水源保护区', '二年内同类违法'];

const CalcPage = {
	name: 'DiscretionCalc',
	template: `
<el-card shadow="never">
  <template #header><div class="fz-card-head"><span>行政处罚裁量计算</span></div></template>
  <el-form label-width="120px" style="max-width: 760px">
    <el-form-item label="违法行为">
      <el-select v-model="code" filterable placeholder="请选择" style="width: 100%" data-test="calc-violation">
        <el-option v-for="v in tables" :key="v.code" :label="v.code + ' ' + v.violation" :value="v.code" />
      </el-select>
    </el-form-item>
    <el-form-item label="货值金额（元）"><el-input v-model="money.货值金额" data-test="calc-goods" /></el-form-item>
    <el-form-item label="总投资额（元）"><el-input v-model="money.总投资额" /></el-form-item>
    <el-form-item label="超标倍数"><el-input v-model="num.超标倍数" placeholder="如 0.8" /></el-form-item>
    <el-form-item label="违法点位数"><el-input-number v-model="num.违法点位数" :min="1" /></el-form-item>
    <el-form-item label="情形"><el-checkbox-group v-model="flags"><el-checkbox v-for="b in bools" :key="b" :label="b" :value="b" /></el-checkbox-group></el-form-item>
    <el-form-item label="从轻情形"><el-checkbox-group v-model="mit"><el-checkbox v-for="f in factors.filter(x => x.effect === '从轻')" :key="f.key" :label="f.key" :value="f.key" /></el-checkbox-group></el-form-item>
    <el-form-item label="从重情形"><el-checkbox-group v-model="agg"><el-checkbox v-for="f in factors.filter(x => x.effect === '从重')" :key="f.key" :label="f.key" :value="f.key" /></el-checkbox-group></el-form-item>
    <el-form-item><el-button type="primary" @click="calc" :disabled="!code" data-test="calc-go">计算</el-button></el-form-item>
  </el-form>
  <el-result v-if="res" icon="info" :title="'建议罚款：' + yuan(res.recommended.min) + ' – ' + yuan(res.recommended.max)" data-test="calc-result">
    <template #sub-title>
      <div>法定幅度（{{ res.grade }}）：{{ yuan(res.range.min) }} – {{ yuan(res.range.max) }}</div>
      <div class="enf-mt">{{ res.explanation }}</div>
      <div class="enf-mt" v-if="res.row && res.row.violated">违反条款：<LawText :text="res.row.violated" /></div>
      <div class="enf-mt" data-test="calc-basis">处罚依据：<LawText :text="res.basis" /></div>
      <div class="enf-mt" v-for="f in res.factors" :key="f.key">{{ f.effect }}：{{ f.name || f.key }}（<LawText :text="f.cite" />）</div>
      <el-tag v-if="res.no_penalty" type="success" class="enf-mt">可适用首违不罚（<LawText text="《中华人民共和国行政处罚法》第三十三条" />）</el-tag>
    </template>
  </el-result>
</el-card>`,
	setup() {
		const tables = ref([]), factors = ref([]), code = ref(''), res = ref(null);
		const money = reactive({ 货值金额: '', 总投资额: '' }), num = reactive({ 超标倍数: '', 违法点位数: 1 });
		const flags = ref([]), mit = ref([]), agg = ref([]);
		const base = computed(() => {
			const t = tables.value.find((x) => x.code === code.value);
			return t ? t.rows.map((r) => r.base || '').join(',') : '';
		});
		onMounted(async () => {
			const r = await get('/enforce/discretion');
			tables.value = r.items;
			factors.value = r.factors;
		});
		async function calc() {
			const facts = { 违法点位数: num.违法点位数, 从轻情节: mit.value, 从重情节: agg.value };
			for (const [k, v] of Object.entries(money)) if (v !== '') facts[k] = Math.round(Number(v) * 100);
			if (num.超标倍数 !== '') facts.超标倍数 = String(num.超标倍数);
			for (const b of flags.value) facts[b] = true;
			res.value = await post('/enforce/discretion/calc', { violation: code.value, facts });
		}
		return { tables, factors, code, res, money, num, flags, mit, agg, base, calc, yuan, bools: BOOLS };
	},
};

CalcPage.components = { LawText };

export default { key: 'discretion', path: '/discretion', title: '裁量计算', icon: 'Operation', component: CalcPage };
