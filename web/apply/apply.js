// apply.js - the public page for citizens and businesses (no login):
// apply for 行政复议 online (全域通办: the application is routed to the
// competent organ), ask for mediation, and check an application's status
// with its number and the phone number given (nothing else is shown; a
// wrong pair gets the same answer as an unknown number).
//
//   /apply/#review   the 复议 form (default)
//   /apply/#mediate  the mediation form
//   /apply/#track    the status check

const { createApp, ref, reactive, computed, onMounted, onBeforeUnmount } = Vue;

// Every problem of a form at once, each at its field (not one at a time):
// the required fields, the phone, the dates' order.  The server checks
// again; its answer goes to its field too.
const PHONE = /^1[3-9]\d{9}$/;
function check(form, required, errs) {
	for (const k of Object.keys(errs)) delete errs[k];
	for (const [k, label] of Object.entries(required))
		if (!String(form[k] ?? '').trim()) errs[k] = `请填写${label}`;
	if (form.phone && !PHONE.test(form.phone.trim())) errs.phone = '请填写 11 位手机号码';
	if (form.amount && !/^\d+(\.\d{1,2})?$/.test(form.amount.trim())) errs.amount = '请填写金额，如 8000 或 8000.50';
	if (form.act_on && form.known_on && form.known_on < form.act_on)
		errs.known_on = '知道的日期不能早于行为作出的日期';
	if (form.obstacle_from && form.obstacle_to && form.obstacle_to < form.obstacle_from)
		errs.obstacle_to = '障碍消除日期不能早于发生日期';
	return !Object.keys(errs).length;
}

async function call(method, path, body) {
	let res;
	try {
		res = await fetch('/api/v1' + path, {
			method, headers: body ? { 'Content-Type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined, cache: 'no-store',
		});
	} catch (e) {
		throw new Error('无法连接服务器，请检查网络后重试');
	}
	let j = null;
	try { j = await res.json(); } catch (e) { j = null; }
	if (!res.ok) {
		if (res.status === 429) throw new Error('操作过于频繁，请稍候片刻再试');
		const e = new Error((j && j.error && j.error.message) || '提交失败（' + res.status + '）');
		e.field = j && j.error ? j.error.field : null;
		throw e;
	}
	return j;
}

const KINDS = [
	{ value: 'department', label: '区政府的工作部门（如执法局、市场监管局）' },
	{ value: 'town', label: '镇政府或街道办事处' },
	{ value: 'district', label: '区人民政府' },
	{ value: 'vertical', label: '税务、海关、金融监管等垂直管理机关' },
	{ value: 'justice', label: '区司法局' },
];

// 行政复议法 Art. 17(1): who may act for an applicant
const AGENT_KINDS = [
	{ value: 'lawyer', label: '律师' },
	{ value: 'legal_worker', label: '基层法律服务工作者' },
	{ value: 'other', label: '其他代理人（如近亲属）' },
];

// the materials, by the server's kind codes; agents: asked only when an
// agent acts (Art. 17(2): 授权委托书 and both sides' identity papers)
const FILE_KINDS = [
	{ value: 'identity', label: '申请人身份证明（身份证或营业执照）' },
	{ value: 'decision', label: '被申请的行政行为文书（如处罚决定书）' },
	{ value: 'power', label: '授权委托书', agents: true },
	{ value: 'agent_identity', label: '代理人身份证明（律师执业证等）', agents: true },
	{ value: 'evidence', label: '其他证据材料' },
];

const App = {
	template: `
<div>
  <div class="ap-head"><h1>柯桥区行政复议与调解</h1><p>网上申请 · 全域通办 · 进度查询</p></div>
  <div class="ap-main">
    <el-tabs v-model="tab" stretch @tab-change="(t) => location.hash = t">
      <el-tab-pane label="申请行政复议" name="review">
        <div class="ap-card">
          <el-form :model="rv" label-position="top" data-test="review-form" @submit.prevent="apply">
            <el-form-item label="申请人姓名或名称" required :error="re.applicant"><el-input v-model="rv.applicant" name="applicant" /></el-form-item>
            <el-form-item label="身份证号或统一社会信用代码"><el-input v-model="rv.applicant_id" name="applicant_id" /></el-form-item>
            <el-form-item label="手机号码（查询进度用）" required :error="re.phone"><el-input v-model="rv.phone" name="phone" inputmode="tel" /></el-form-item>
            <el-form-item label="通讯地址（复议文书送达地址）" :error="re.address"><el-input v-model="rv.address" name="address" placeholder="如 绍兴市柯桥区某街道某路某号" /></el-form-item>
            <el-form-item label="第三人（与该行为有利害关系的人，可不填；多个用顿号分隔）" :error="re.third_parties">
              <el-input v-model="rv.third_parties" name="third_parties" placeholder="如 李四、某某有限公司" />
            </el-form-item>
            <el-form-item :error="re.agents">
              <el-checkbox v-model="rv.has_agents" data-test="has-agents">委托律师、基层法律服务工作者或者其他代理人代为申请</el-checkbox>
            </el-form-item>
            <template v-if="rv.has_agents">
              <div v-for="(ag, i) in rv.agents" :key="i" class="ap-agent">
                <el-form-item :label="'代理人' + (rv.agents.length > 1 ? '（' + (i + 1) + '）' : '') + '姓名'" required :error="re['agent' + i]">
                  <el-input v-model="ag.name" :name="'agent-name-' + i" />
                </el-form-item>
                <el-form-item label="代理人类别">
                  <el-select v-model="ag.kind" :data-test="'agent-kind-' + i"><el-option v-for="k in AGENT_KINDS" :key="k.value" :label="k.label" :value="k.value" /></el-select>
                </el-form-item>
                <el-button v-if="rv.agents.length > 1" link type="danger" @click="rv.agents.splice(i, 1)">删除这名代理人</el-button>
              </div>
              <el-button v-if="rv.agents.length < 2" link type="primary" @click="rv.agents.push({ name: '', kind: 'lawyer' })" data-test="add-agent">再添加一名代理人（最多两名）</el-button>
            </template>
            <el-form-item label="被申请人（作出行为的机关）" required :error="re.respondent"><el-input v-model="rv.respondent" name="respondent" /></el-form-item>
            <el-form-item label="被申请人类别" required>
              <el-select v-model="rv.respondent_kind" data-test="kind"><el-option v-for="k in KINDS" :key="k.value" :label="k.label" :value="k.value" /></el-select>
            </el-form-item>
            <el-form-item label="不服的行政行为（文书名称、文号、日期）" required :error="re.act"><el-input v-model="rv.act" type="textarea" :rows="2" name="act" /></el-form-item>
            <el-form-item label="复议请求和理由" required :error="re.request"><el-input v-model="rv.request" type="textarea" :rows="4" name="request" /></el-form-item>
            <el-form-item label="知道（或应当知道）该行政行为的日期" :error="re.known_on">
              <el-date-picker v-model="rv.known_on" type="date" value-format="YYYY-MM-DD" placeholder="如收到决定书的日期" data-test="known-on" />
            </el-form-item>
            <el-form-item label="行政行为作出日期（可不填）">
              <el-date-picker v-model="rv.act_on" type="date" value-format="YYYY-MM-DD" data-test="act-on" />
            </el-form-item>
            <el-form-item>
              <el-checkbox v-model="rv.not_informed" data-test="not-informed">作出该行为时没有告知我申请行政复议的权利、复议机关和申请期限</el-checkbox>
            </el-form-item>
            <el-form-item v-if="rv.not_informed" label="后来知道申请复议的权利、复议机关和期限的日期（不知道可不填）">
              <el-date-picker v-model="rv.informed_on" type="date" value-format="YYYY-MM-DD" />
            </el-form-item>
            <el-form-item><el-checkbox v-model="rv.real_property">涉及房屋、土地等不动产</el-checkbox></el-form-item>
            <el-form-item>
              <el-checkbox v-model="rv.delayed" data-test="delayed">因不可抗力或者其他正当理由耽误了申请期限</el-checkbox>
            </el-form-item>
            <template v-if="rv.delayed">
              <el-form-item label="耽误的原因" required :error="re.delay_reason"><el-input v-model="rv.delay_reason" type="textarea" :rows="2" data-test="delay-reason" /></el-form-item>
              <el-form-item label="障碍发生和消除的日期" required :error="re.obstacle_to || re.obstacle_from">
                <el-date-picker v-model="rv.obstacle_from" type="date" value-format="YYYY-MM-DD" placeholder="发生日期" />
                <el-date-picker v-model="rv.obstacle_to" type="date" value-format="YYYY-MM-DD" placeholder="消除日期" />
              </el-form-item>
            </template>
            <div class="ap-files" data-test="files">
              <div class="ap-files-head">申请材料（PDF 文件或 JPG、PNG 图片，每份不超过 5 MB）</div>
              <div v-for="k in fileKinds" :key="k.value" class="ap-file-row">
                <div class="ap-file-label">{{ k.label }}<span v-if="k.required" class="ap-req">（必交）</span></div>
                <!-- the browser's own button speaks the browser's language: ours says 选择文件 -->
                <input :id="'file-' + k.value" class="ap-file-input" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  :data-test="'file-' + k.value" @change="(ev) => addFile(k, ev)" :disabled="uploading" :aria-label="k.label" />
                <label :for="'file-' + k.value" class="ap-file-pick">选择文件</label>
                <div v-for="f in files.filter((x) => x.kind === k.value)" :key="f.ticket" class="ap-file-done">
                  已上传：{{ f.name }}（{{ sizeText(f.size) }}）
                  <el-button link type="danger" @click="dropFile(f)">删除</el-button>
                </div>
              </div>
              <div v-if="re.files" class="ap-err" role="alert" data-test="files-error">{{ re.files }}</div>
            </div>
            <el-button type="primary" native-type="submit" :loading="busy || uploading" data-test="review-submit">提交申请</el-button>
          </el-form>
          <p class="ap-note">依照《中华人民共和国行政复议法》第二十条第一款，一般应自知道或者应当知道该行政行为之日起六十日内提出申请（法律规定的期限超过六十日的除外）；因不可抗力或者其他正当理由耽误的，申请期限自障碍消除之日起继续计算（第二十条第二款）；行政机关未告知申请复议的权利、复议机关和期限的，自知道之日起计算，但自知道该行政行为内容之日起最长不超过一年（第二十条第三款）；自行政行为作出之日起超过五年（不动产为二十年）的申请不予受理（第二十一条）。行政复议机关收到申请后五个工作日内审查，期满未决定不予受理的，视为受理（第三十条第三款）。行政复议不收取任何费用。</p>
        </div>
      </el-tab-pane>
      <el-tab-pane label="申请调解" name="mediate">
        <div class="ap-card">
          <el-form :model="md" label-position="top" data-test="mediate-form" @submit.prevent="mediate">
            <el-form-item label="申请人" required :error="me.applicant"><el-input v-model="md.applicant" name="m-applicant" /></el-form-item>
            <el-form-item label="手机号码" required :error="me.phone"><el-input v-model="md.phone" inputmode="tel" name="m-phone" /></el-form-item>
            <el-form-item label="对方当事人" required :error="me.respondent"><el-input v-model="md.respondent" /></el-form-item>
            <el-form-item label="纠纷发生地（镇街）" required :error="me.town">
              <el-select v-model="md.town"><el-option v-for="t in towns" :key="t.code" :label="t.name" :value="t.code" /></el-select>
            </el-form-item>
            <el-form-item label="涉及金额（元，可不填）" :error="me.amount"><el-input v-model="md.amount" inputmode="decimal" /></el-form-item>
            <el-form-item label="纠纷情况" required :error="me.summary"><el-input v-model="md.summary" type="textarea" :rows="4" /></el-form-item>
            <el-button type="primary" native-type="submit" :loading="busy" data-test="mediate-submit">提交调解申请</el-button>
          </el-form>
          <p class="ap-note">人民调解不收费。调解达成协议后，双方可以在三十日内共同向人民法院申请司法确认。</p>
        </div>
      </el-tab-pane>
      <el-tab-pane label="查询进度" name="track">
        <div class="ap-card">
          <el-form :model="tr" label-position="top" data-test="track-form" @submit.prevent="track">
            <el-form-item label="申请编号" required><el-input v-model="tr.number" name="number" placeholder="如 柯政复〔2026〕12号 或 柯调〔2026〕8号" /></el-form-item>
            <el-form-item label="申请时填写的手机号码" required><el-input v-model="tr.phone" name="track-phone" inputmode="tel" /></el-form-item>
            <el-button type="primary" native-type="submit" :loading="busy" data-test="track-submit">查询</el-button>
          </el-form>
        </div>
      </el-tab-pane>
    </el-tabs>
    <el-alert v-if="error" type="error" show-icon :closable="true" @close="error = ''" :title="error" data-test="error" />
    <div v-if="done" class="ap-card ap-result" data-test="result">
      <div v-if="done.number">申请编号：<b data-test="number">{{ done.number }}</b></div>
      <div v-if="done.kind">类别：{{ done.kind }}</div>
      <div v-if="done.status">当前状态：<b data-test="status">{{ done.status }}</b></div>
      <div v-if="done.received_on">收到日期：{{ done.received_on }}</div>
      <div v-if="done.updated_on">最近办理：{{ done.updated_on }}</div>
      <div v-if="done.organ">行政复议机关：{{ done.organ }}</div>
      <div v-if="done.message" class="ap-note">{{ done.message }}。请记下申请编号，凭编号和手机号码<a href="#track" data-test="to-track">查询进度</a>。</div>
    </div>
  </div>
</div>`,
	setup() {
		const tab = ref(['review', 'mediate', 'track'].includes(location.hash.slice(1)) ? location.hash.slice(1) : 'review');
		const rv = reactive({ applicant: '', applicant_id: '', phone: '', address: '', third_parties: '',
			has_agents: false, agents: [{ name: '', kind: 'lawyer' }],
			respondent: '', respondent_kind: 'department', act: '', request: '',
			known_on: '', act_on: '', not_informed: false, informed_on: '', real_property: false,
			delayed: false, delay_reason: '', obstacle_from: '', obstacle_to: '' });
		const md = reactive({ applicant: '', phone: '', respondent: '', town: '', amount: '', summary: '' });
		const tr = reactive({ number: '', phone: '' });
		const towns = ref([]);
		const busy = ref(false), error = ref(''), done = ref(null);
		const re = reactive({}), me = reactive({});
		async function run(fn, errs) {
			busy.value = true;
			error.value = '';
			done.value = null;
			try {
				done.value = await fn();
			} catch (e) {
				/* the server's word on a field goes to that field */
				if (errs && e.field) errs[e.field] = e.message;
				else error.value = e.message;
			} finally {
				busy.value = false;
			}
		}
		/* the materials (行政复议法 Art. 17, 22): each file goes up when
		 * chosen and comes back as a ticket the application names */
		const files = reactive([]);
		const uploading = ref(false);
		const fileKinds = computed(() => FILE_KINDS.filter((k) => !k.agents || rv.has_agents)
			.map((k) => ({ ...k, required: k.value === 'power' })));
		async function addFile(k, ev) {
			const input = ev.target, file = input.files && input.files[0];
			if (!file) return;
			delete re.files;
			if (!/\.(pdf|jpe?g|png)$/i.test(file.name)) re.files = `「${file.name}」不是 PDF 文件或 JPG、PNG 图片`;
			else if (file.size > 5 * 1024 * 1024) re.files = `「${file.name}」超过 5 MB，请压缩后再上传`;
			else if (files.length >= 10) re.files = '一次申请最多附 10 份材料';
			if (re.files) { input.value = ''; return; }
			uploading.value = true;
			try {
				let res;
				try {
					res = await fetch('/api/v1/public/review/files?kind=' + k.value, { method: 'POST',
						headers: { 'Content-Type': 'application/octet-stream' }, body: file, cache: 'no-store' });
				} catch (e) { throw new Error('无法连接服务器，请检查网络后重试'); }
				const j = await res.json().catch(() => null);
				if (!res.ok) throw new Error(res.status === 413 ? '文件太大，请压缩后再上传'
					: (j && j.error && j.error.message) || '上传失败（' + res.status + '）');
				files.push({ kind: k.value, name: file.name, size: file.size, ticket: j.ticket });
				error.value = '';
			} catch (e) {
				re.files = e.message;
			} finally {
				uploading.value = false;
				input.value = '';
			}
		}
		const dropFile = (f) => files.splice(files.indexOf(f), 1);
		const sizeText = (n) => n >= 1024 * 1024 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB';
		const splitNames = (t) => t.split(/[、，,；;\s]+/).map((x) => x.trim()).filter(Boolean);
		const RV_REQUIRED = { applicant: '申请人姓名或名称', phone: '手机号码', respondent: '被申请人',
			act: '不服的行政行为', request: '复议请求和理由' };
		const apply = () => {
			const req = rv.delayed ? { ...RV_REQUIRED, delay_reason: '耽误的原因', obstacle_from: '障碍发生日期',
				obstacle_to: '障碍消除日期' } : RV_REQUIRED;
			let ok = check(rv, req, re);
			if (rv.has_agents) {
				rv.agents.forEach((a, i) => { if (!a.name.trim()) { re['agent' + i] = '请填写代理人姓名'; ok = false; } });
				if (!files.some((f) => f.kind === 'power')) {
					re.files = '委托代理人的，应当提交授权委托书（《中华人民共和国行政复议法》第十七条第二款）';
					ok = false;
				}
			}
			if (splitNames(rv.third_parties).length > 5) { re.third_parties = '第三人最多填写 5 个'; ok = false; }
			if (!ok) { error.value = '申请还有需要补充或更正的内容，请按提示修改'; return; }
			return run(() => {
			const b = { ...rv };
			b.third_parties = splitNames(rv.third_parties);
			if (!b.third_parties.length) delete b.third_parties;
			if (rv.has_agents) b.agents = rv.agents.map((a) => ({ name: a.name.trim(), kind: a.kind }));
			else delete b.agents;
			delete b.has_agents;
			/* only the materials of the kinds still asked for */
			const kinds = fileKinds.value.map((k) => k.value);
			const sent = files.filter((f) => kinds.includes(f.kind)).map((f) => f.ticket);
			if (sent.length) b.files = sent;
			// the dates of 行政复议法 Art. 20, 21: sent only when given
			if (b.not_informed) b.informed = false;
			if (!b.real_property) delete b.real_property;
			if (!b.delayed) { delete b.delay_reason; delete b.obstacle_from; delete b.obstacle_to; }
			delete b.not_informed; delete b.delayed;
			for (const k of ['applicant_id', 'address', 'known_on', 'act_on', 'informed_on', 'delay_reason', 'obstacle_from', 'obstacle_to'])
				if (!b[k]) delete b[k];
			return call('POST', '/public/review/apply', b).then((r) => { files.splice(0); return r; });
			}, re);
		};
		const MD_REQUIRED = { applicant: '申请人', phone: '手机号码', respondent: '对方当事人', town: '纠纷发生地',
			summary: '纠纷情况' };
		const mediate = () => {
			if (!check(md, MD_REQUIRED, me)) { error.value = '申请还有需要补充或更正的内容，请按提示修改'; return; }
			return run(() => {
				const b = { ...md };
				if (!b.amount) delete b.amount;
				return call('POST', '/public/mediate/apply', b);
			}, me);
		};
		const track = () => run(() => call('POST', tr.number.trim().startsWith('柯政复') ?
			'/public/review/track' : '/public/mediate/track', { number: tr.number.trim(), phone: tr.phone }));
		/* a link to #track (or #mediate) switches the tab on this page too */
		const onHash = () => {
			const h = location.hash.slice(1);
			if (['review', 'mediate', 'track'].includes(h)) tab.value = h;
		};
		onMounted(async () => {
			window.addEventListener('hashchange', onHash);
			try { towns.value = (await call('GET', '/public/towns')).items; } catch (e) { /* the form says so on submit */ }
		});
		onBeforeUnmount(() => window.removeEventListener('hashchange', onHash));
		return { tab, rv, md, tr, towns, busy, error, done, re, me, apply, mediate, track, KINDS, AGENT_KINDS,
			files, uploading, fileKinds, addFile, dropFile, sizeText, location };
	},
};

const app = createApp(App);
app.use(ElementPlus, { locale: window.ElementPlusLocaleZhCn });
app.mount('#app');
