// v.js - the public 行政行为码 page /v/<token> (issue 3), made for a phone
// (390×844): it asks the server to verify the code (GET /api/v1/v/<token>:
// SM2 signature, district key, revoked-codes table) and shows the act -
// agency, officers with their 执法证号, legal basis (each article linked to
// 一键找法, cite.js), status, the party masked - and lets the business rate it once.  A forged, altered or
// revoked code shows a warning and never the act.

import { LawText } from './cite.js';

const { createApp, ref, reactive, computed, onMounted } = Vue;

const token = decodeURIComponent(location.pathname.replace(/^\/v\//, '').replace(/\/$/, ''));

const REASONS = {
	token: '行政行为码格式不正确，可能被截断或篡改。',
	key_id: '该码不是由本区密钥签发，可能是伪造的。',
	signature: '签名校验未通过：码的内容被篡改或伪造。',
	revoked: '该行政行为码已被撤销（原行政行为已被撤销或更正）。',
};

const money = (cents) => (cents / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) + ' 元';

const App = {
	components: { LawText },
	template: `
<div class="v-page">
  <header class="v-head">
    <img src="/img/logo.svg" alt="" class="v-logo">
    <div><div class="v-title">行政行为码核验</div><div class="v-sub">绍兴市柯桥区 · 法治政府数字化平台</div></div>
  </header>
  <div v-if="loading" class="v-card v-muted">正在核验…</div>
  <div v-else-if="bad" class="v-card v-bad" data-test="code-invalid">
    <div class="v-bad-title">⚠ 核验未通过</div>
    <p>{{ bad }}</p>
    <p class="v-muted">请勿以此码作为执法行为的凭证。如有疑问，请拨打 12345 或向执法机关核实。</p>
  </div>
  <template v-else>
    <div class="v-card v-ok" data-test="code-valid">
      <div class="v-ok-title">✔ 真实有效</div>
      <div class="v-muted">本码由柯桥区数字签名签发，内容未被篡改</div>
    </div>
    <div class="v-card">
      <div class="v-row"><span>行为类型</span><b>{{ act.type_name }}</b></div>
      <div class="v-row"><span>执法机关</span><b data-test="agency">{{ act.agency }}</b></div>
      <div class="v-row"><span>文书编号</span><b>{{ act.number }}</b></div>
      <div class="v-row"><span>行为日期</span><b>{{ act.date }}</b></div>
      <div class="v-row"><span>当事人</span><b>{{ act.party }}</b></div>
      <div class="v-row"><span>办理状态</span><b>{{ act.status }}</b></div>
      <div class="v-row" v-if="act.fine != null"><span>罚款金额</span><b>{{ money(act.fine) }}</b></div>
      <div class="v-row" v-for="(v, k) in act.basis" :key="k"><span>{{ k }}</span><b><LawText :text="v" /></b></div>
    </div>
    <div class="v-card">
      <div class="v-section">执法人员</div>
      <div class="v-officer" v-for="o in act.officers" :key="o.cert">
        <span>{{ o.name }}</span><span class="v-cert">执法证号 {{ o.cert }}</span>
      </div>
    </div>
    <div class="v-card" data-test="rating">
      <div class="v-section">评价本次执法</div>
      <div v-if="act.rating" class="v-muted" data-test="rated">已评价：{{ act.rating }}。每个行政行为码只能评价一次。</div>
      <template v-else>
        <div class="v-choices">
          <button v-for="c in choices" :key="c" type="button" :class="['v-choice', form.rating === c ? 'on' : '']"
            @click="form.rating = c" :data-test="'rate-' + c">{{ c }}</button>
        </div>
        <textarea v-model="form.comment" maxlength="200" placeholder="意见建议（选填，200字以内）" class="v-text"></textarea>
        <button type="button" class="v-submit" :disabled="!form.rating || sending" @click="send" data-test="rate-submit">提交评价</button>
        <div v-if="msg" class="v-msg">{{ msg }}</div>
      </template>
    </div>
  </template>
  <footer class="v-foot">核验公钥：<a href="/.well-known/fazhi-district-key.pem">/.well-known/fazhi-district-key.pem</a></footer>
</div>`,
	setup() {
		const loading = ref(true), bad = ref(''), act = ref(null), sending = ref(false), msg = ref('');
		const form = reactive({ rating: '', comment: '' });
		const choices = ['满意', '基本满意', '不满意'];
		async function load() {
			try {
				const res = await fetch('/api/v1/v/' + encodeURIComponent(token));
				const j = await res.json().catch(() => null);
				if (res.ok && j && j.valid) act.value = j;
				else bad.value = (j && j.error && REASONS[j.error.field]) || (j && j.error && j.error.message) || '无法核验该行政行为码。';
			} catch {
				bad.value = '网络异常，暂时无法核验。';
			}
			loading.value = false;
		}
		async function send() {
			sending.value = true;
			const res = await fetch('/api/v1/v/' + encodeURIComponent(token) + '/rating', {
				method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ rating: form.rating, comment: form.comment }),
			});
			const j = await res.json().catch(() => null);
			sending.value = false;
			if (res.ok) act.value = { ...act.value, rating: form.rating };
			else msg.value = (j && j.error && j.error.message) || '提交失败';
		}
		onMounted(load);
		return { loading, bad, act, form, choices, send, sending, msg, money };
	},
};

createApp(App).mount('#app');
