// pages/pattern.js - 版权AI智审 (法院, 检察院, admin; docs/pattern.md):
// 单图溯源 (a query image → registered designs that are 相同/近似, the
// earliest first), 图样比对 (two images → score, decision, side-by-side
// evidence, aligned overlay, report PDF), 登记 (court: an image and its
// registration facts, and the registry), 虚假诉讼监督 (procuratorate:
// the false-litigation flags with their reasons and evidence).
//
// Images go up as raw bodies (POST /api/v1/pattern/uploads), which api.js
// does not do (it sends JSON), so uploadImage() below calls fetch itself
// with the CSRF token that GET /api/v1/me hands out.

import { get, post, ApiError } from '../api.js';
import { session } from '../session.js';
import { route } from '../router.js';

const { ref, reactive, computed, onMounted } = Vue;

const API = '/api/v1/pattern';
const MAX_BYTES = 16 << 20; // the server's ceiling for raw uploads
const ACCEPT = 'image/png,image/jpeg,image/webp';

if (!document.querySelector('link[data-fz="pattern-css"]')) {
	const l = document.createElement('link');
	l.rel = 'stylesheet';
	l.href = 'pages/pattern.css';
	l.dataset.fz = 'pattern-css';
	document.head.appendChild(l);
}

const FLAG_TYPES = {
	prior_publication: { label: '在先图样', tag: 'danger' },
	multi_registration: { label: '重复登记', tag: 'warning' },
	serial_plaintiff: { label: '系列诉讼', tag: 'danger' },
	late_registration: { label: '临诉登记', tag: 'info' },
};

const decisionTag = (d) => (d === '相同' ? 'danger' : d === '近似' ? 'warning' : 'info');

// The local evidence behind a decision, in the words a judge reads
// (docs/pattern.md, 局部证据).
function evidenceText(e) {
	if (!e || !e.verified) return '未发现相互印证的局部特征';
	const tf = [];
	if (Math.abs(e.scale - 1) >= 0.05) tf.push(`缩放 ${e.scale.toFixed(2)} 倍`);
	if (Math.abs(e.rotation) >= 2) tf.push(`旋转 ${Math.round(e.rotation)} 度`);
	if (e.mirror) tf.push('镜像');
	return `${e.points} 处特征点相互印证，分布于 ${e.regions} 个区域，覆盖约 ${Math.round(e.cover * 100)}%`
		+ `；${tf.length ? tf.join('、') : '未经缩放或旋转'}`;
}
const fmtScore = (s) => (typeof s === 'number' ? s.toFixed(3) : '—');
const imageUrl = (r) => `${API}/images/${encodeURIComponent(r)}`;
const pairUrl = (a, b, what) => `${API}/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}${what ? '/' + what : ''}`;

// POST the file as it is; resolves {id, ref}.  Shows the server's Chinese
// message and throws ApiError on failure, like api.js.
async function uploadImage(file) {
	const fail = (status, code, message) => {
		const e = new ApiError(status, code, 'image', message);
		ElementPlus.ElMessage.error({ message, grouping: true });
		throw e;
	};
	if (!file) fail(400, 'invalid', '请选择图样图片');
	if (file.size > MAX_BYTES) fail(413, 'too_large', '图片超过 16 MB，请压缩后再上传');
	const me = await get('/me', null, { quiet: true });
	let res;
	try {
		res = await fetch(API + '/uploads', {
			method: 'POST',
			credentials: 'same-origin',
			headers: {
				'Content-Type': file.type || 'application/octet-stream',
				'X-CSRF-Token': me.csrf,
				Accept: 'application/json',
			},
			body: file,
		});
	} catch (e) {
		fail(0, 'network', '无法连接服务器，请检查网络后重试');
	}
	let data = null;
	try {
		data = await res.json();
	} catch (e) {
		data = null;
	}
	if (res.ok) return data;
	const er = (data && data.error) || {};
	fail(res.status, er.code || 'http_' + res.status,
		er.message || (res.status === 413 ? '图片超过 16 MB，请压缩后再上传' : '上传失败（' + res.status + '）'));
}

// A drop zone that keeps one picked image and shows it.
const ImagePick = {
	name: 'PatternImagePick',
	props: { modelValue: Object, label: { type: String, default: '选择或拖入图样图片' }, test: String },
	emits: ['update:modelValue'],
	template: `
<div class="pt-pick" :data-test="test">
  <el-upload drag :auto-upload="false" :show-file-list="false" :accept="ACCEPT" :on-change="pick">
    <img v-if="modelValue" :src="modelValue.url" class="pt-pick-img" alt="所选图样">
    <div v-else class="pt-pick-empty">
      <el-icon class="pt-pick-icon"><IconUploadFilled /></el-icon>
      <div>{{ label }}</div>
      <div class="pt-hint">PNG、JPEG 或 WebP，不超过 16 MB</div>
    </div>
  </el-upload>
  <div v-if="modelValue" class="pt-pick-name">{{ modelValue.file.name }}（{{ (modelValue.file.size / 1024).toFixed(0) }} KB）</div>
</div>`,
	setup(props, { emit }) {
		function pick(f) {
			if (props.modelValue) URL.revokeObjectURL(props.modelValue.url);
			emit('update:modelValue', { file: f.raw, url: URL.createObjectURL(f.raw) });
		}
		return { pick, ACCEPT };
	},
};

// One registration's facts (used by trace cards and flag evidence).
const RegFacts = {
	name: 'PatternRegFacts',
	props: { reg: Object },
	template: `
<div class="pt-facts">
  <div class="pt-facts-title">{{ reg.title }}</div>
  <div><span class="pt-k">作品登记号</span>{{ reg.reg_no }}</div>
  <div><span class="pt-k">登记人</span>{{ reg.registrant }}</div>
  <div><span class="pt-k">创作完成</span>{{ reg.created_on }}</div>
  <div><span class="pt-k">首次发表</span>{{ reg.published_on || '—' }}</div>
  <div><span class="pt-k">登记日期</span>{{ reg.registered_on }}</div>
</div>`,
};

const TraceTab = {
	name: 'PatternTrace',
	components: { ImagePick, RegFacts },
	emits: ['compare'],
	template: `
<div class="pt-two">
  <div class="pt-side">
    <image-pick v-model="img" test="trace-upload" label="选择或拖入待溯源的图样" />
    <el-button type="primary" class="fz-full pt-go" :loading="busy" :disabled="!img" @click="run" data-test="trace-submit">开始溯源</el-button>
    <div class="pt-hint" v-if="res">阈值：相同 ≥ {{ res.thresholds.same.toFixed(2) }}，近似 ≥ {{ res.thresholds.similar.toFixed(2) }}</div>
  </div>
  <div class="pt-main">
    <el-empty v-if="!res" description="上传一幅图样，系统在登记库中查找相同或近似的图样，按最早日期排列" />
    <template v-else>
      <el-alert v-if="!res.matches.length" type="success" :closable="false" show-icon data-test="trace-none"
        title="登记库中未发现相同或近似的图样" />
      <el-alert v-else type="warning" :closable="false" show-icon
        :title="'发现 ' + res.matches.length + ' 件相同或近似的登记图样，按最早创作/发表日期排列'" />
      <div class="pt-grid" data-test="trace-results">
        <el-card v-for="(m, i) in res.matches" :key="m.registration.id" shadow="hover" class="pt-hit" data-test="trace-hit"
          :data-reg="m.registration.reg_no" :data-earliest="m.registration.earliest">
          <div class="pt-hit-head">
            <el-tag :type="decisionTag(m.decision)" effect="dark" data-test="hit-decision">{{ m.decision }}</el-tag>
            <span class="pt-score">得分 <b data-test="hit-score">{{ fmtScore(m.score) }}</b></span>
            <el-tag v-if="i === 0" type="success" size="small" effect="plain">最早</el-tag>
          </div>
          <div class="pt-why" data-test="hit-evidence-text">{{ evidenceText(m.evidence) }}</div>
          <div class="pt-hit-imgs">
            <figure><img :src="imageUrl(m.registration.ref)" alt="登记图样"><figcaption>登记图样</figcaption></figure>
            <figure><img :src="pairUrl(res.query, m.registration.ref, 'side.png')" alt="比对证据" data-test="hit-evidence"><figcaption>比对证据</figcaption></figure>
          </div>
          <reg-facts :reg="m.registration" />
          <el-button link type="primary" @click="$emit('compare', res.query, m.registration.ref)">详细比对与报告</el-button>
        </el-card>
      </div>
      <template v-if="res.others.length">
        <div class="pt-sub">得分最高的其他图样（判定为不同）</div>
        <el-table :data="res.others" border size="small" data-test="trace-others">
          <el-table-column label="图样" width="80"><template #default="{ row }"><img class="pt-thumb" :src="imageUrl(row.registration.ref)" alt=""></template></el-table-column>
          <el-table-column label="作品登记号" prop="registration.reg_no" width="220" />
          <el-table-column label="作品名称" prop="registration.title" />
          <el-table-column label="登记人" prop="registration.registrant" />
          <el-table-column label="最早日期" prop="registration.earliest" width="110" />
          <el-table-column label="得分" width="80"><template #default="{ row }">{{ fmtScore(row.score) }}</template></el-table-column>
          <el-table-column label="结论" width="70"><template #default="{ row }"><el-tag :type="decisionTag(row.decision)" size="small">{{ row.decision }}</el-tag></template></el-table-column>
        </el-table>
      </template>
    </template>
  </div>
</div>`,
	setup() {
		const img = ref(null), res = ref(null), busy = ref(false);
		async function run() {
			busy.value = true;
			try {
				const up = await uploadImage(img.value.file);
				res.value = await get(`/pattern/trace/${up.ref}`, { top: 20 });
			} catch (e) {
				// api.js or uploadImage has shown the message
			} finally {
				busy.value = false;
			}
		}
		return { img, res, busy, run, decisionTag, evidenceText, fmtScore, imageUrl, pairUrl };
	},
};

const CompareTab = {
	name: 'PatternCompare',
	components: { ImagePick },
	props: { preset: Object },
	template: `
<div>
  <div class="pt-pair">
    <div v-for="(s, k) in sides" :key="k" class="pt-pair-side">
      <div class="pt-sub">{{ k === 'a' ? '图样甲' : '图样乙' }}</div>
      <el-radio-group v-model="s.mode" size="small" class="pt-mode">
        <el-radio-button value="file">上传图片</el-radio-button>
        <el-radio-button value="ref">已有编号</el-radio-button>
      </el-radio-group>
      <image-pick v-if="s.mode === 'file'" v-model="s.img" :test="'compare-upload-' + k" class="pt-pick-small" />
      <div v-else class="pt-refbox">
        <el-input v-model.trim="s.ref" placeholder="如 r3（登记图样）或 u12（上传图片）" :data-test="'compare-ref-' + k" />
        <img v-if="/^[ru][0-9]+$/.test(s.ref)" :src="imageUrl(s.ref)" class="pt-pick-img pt-ref-img" alt="">
      </div>
    </div>
  </div>
  <el-button type="primary" :loading="busy" @click="run" data-test="compare-submit">比对</el-button>
  <div v-if="res" class="pt-result" data-test="compare-result">
    <el-descriptions :column="4" border>
      <el-descriptions-item label="相似度得分"><b class="pt-big" data-test="compare-score">{{ fmtScore(res.score) }}</b></el-descriptions-item>
      <el-descriptions-item label="结论"><el-tag :type="decisionTag(res.decision)" effect="dark" data-test="compare-decision">{{ res.decision }}</el-tag></el-descriptions-item>
      <el-descriptions-item label="阈值">相同 ≥ {{ res.thresholds.same.toFixed(2) }}，近似 ≥ {{ res.thresholds.similar.toFixed(2) }}</el-descriptions-item>
      <el-descriptions-item label="比对报告"><a :href="pairUrl(a, b, 'report.pdf')" data-test="compare-report">下载图样比对报告（PDF）</a></el-descriptions-item>
      <el-descriptions-item label="局部证据" :span="3"><span data-test="compare-evidence">{{ evidenceText(res.evidence) }}</span></el-descriptions-item>
      <el-descriptions-item label="循环单元相似度">{{ fmtScore(res.evidence.repeat) }}</el-descriptions-item>
      <el-descriptions-item label="图样甲">{{ who(res.a) }}</el-descriptions-item>
      <el-descriptions-item label="图样乙" :span="3">{{ who(res.b) }}</el-descriptions-item>
    </el-descriptions>
    <div class="pt-evidence">
      <figure><img :src="pairUrl(a, b, 'side.png')" alt="并排对照" data-test="compare-side"><figcaption>并排对照（红、蓝框为循环单元；绿框为特征点相互印证的区域及其对应位置）</figcaption></figure>
      <figure><img :src="pairUrl(a, b, 'overlay.png')" alt="对齐叠合" data-test="compare-overlay" class="pt-overlay"><figcaption>对齐叠合（红：甲，绿：乙，黄：重合）</figcaption></figure>
    </div>
  </div>
</div>`,
	setup(props) {
		const sides = reactive({ a: { mode: 'file', img: null, ref: '' }, b: { mode: 'file', img: null, ref: '' } });
		const res = ref(null), busy = ref(false), a = ref(''), b = ref('');
		if (props.preset) {
			sides.a.mode = sides.b.mode = 'ref';
			sides.a.ref = props.preset.a;
			sides.b.ref = props.preset.b;
		}
		async function refOf(s) {
			if (s.mode === 'ref') {
				if (!/^[ru][0-9]+$/.test(s.ref)) {
					ElementPlus.ElMessage.error('图片编号应为 u<上传号> 或 r<登记号>');
					throw new Error('bad ref');
				}
				return s.ref;
			}
			if (!s.ref || s.uploaded !== s.img) {
				s.ref = (await uploadImage(s.img && s.img.file)).ref;
				s.uploaded = s.img;
			}
			return s.ref;
		}
		async function run() {
			busy.value = true;
			try {
				const ra = await refOf(sides.a), rb = await refOf(sides.b);
				res.value = await get(`/pattern/compare/${ra}/${rb}`);
				a.value = ra;
				b.value = rb;
			} catch (e) {
				// shown already
			} finally {
				busy.value = false;
			}
		}
		const who = (o) => (o && o.reg_no ? `${o.reg_no}《${o.title}》 ${o.registrant}，最早 ${o.earliest}` : `送检图片 ${o ? o.ref : ''}`);
		if (props.preset) run();
		return { sides, res, busy, run, a, b, who, decisionTag, evidenceText, fmtScore, imageUrl, pairUrl };
	},
};

const SOURCES = ['版权登记', '自主设计', '委托设计', '受让取得', '其他'];

const RegisterTab = {
	name: 'PatternRegister',
	components: { ImagePick },
	template: `
<div>
  <div class="pt-two">
    <div class="pt-side">
      <image-pick v-model="img" test="register-upload" label="选择或拖入登记的图样" />
    </div>
    <div class="pt-main">
      <el-form ref="formRef" :model="form" :rules="rules" label-width="110px" class="pt-form" data-test="register-form">
        <el-form-item label="作品登记号" prop="reg_no"><el-input v-model.trim="form.reg_no" name="reg_no" placeholder="如 浙作登字-2026-F-00001234" maxlength="64" /></el-form-item>
        <el-form-item label="作品名称" prop="title"><el-input v-model.trim="form.title" name="title" maxlength="100" /></el-form-item>
        <el-form-item label="登记人" prop="registrant"><el-input v-model.trim="form.registrant" name="registrant" placeholder="著作权人" maxlength="100" /></el-form-item>
        <el-form-item label="创作完成日期" prop="created_on"><el-date-picker v-model="form.created_on" type="date" value-format="YYYY-MM-DD" name="created_on" /></el-form-item>
        <el-form-item label="首次发表日期"><el-date-picker v-model="form.published_on" type="date" value-format="YYYY-MM-DD" name="published_on" placeholder="未发表可不填" /></el-form-item>
        <el-form-item label="登记日期" prop="registered_on"><el-date-picker v-model="form.registered_on" type="date" value-format="YYYY-MM-DD" name="registered_on" /></el-form-item>
        <el-form-item label="来源" prop="source">
          <el-select v-model="form.source" filterable allow-create name="source" class="pt-select">
            <el-option v-for="s in SOURCES" :key="s" :label="s" :value="s" />
          </el-select>
        </el-form-item>
        <el-form-item><el-button type="primary" :loading="busy" @click="submit" data-test="register-submit">登记</el-button></el-form-item>
      </el-form>
    </div>
  </div>
  <div class="pt-sub">登记库（共 {{ total }} 件）</div>
  <el-table :data="items" border stripe size="small" data-test="register-table">
    <el-table-column label="图样" width="80"><template #default="{ row }"><img class="pt-thumb" :src="imageUrl(row.ref)" alt="" loading="lazy"></template></el-table-column>
    <el-table-column prop="ref" label="编号" width="70" />
    <el-table-column prop="reg_no" label="作品登记号" width="220" />
    <el-table-column prop="title" label="作品名称" />
    <el-table-column prop="registrant" label="登记人" />
    <el-table-column prop="created_on" label="创作完成" width="110" />
    <el-table-column prop="published_on" label="首次发表" width="110" />
    <el-table-column prop="registered_on" label="登记日期" width="110" />
    <el-table-column prop="source" label="来源" width="100" />
  </el-table>
  <el-pagination class="fz-pager" layout="total, prev, pager, next" :total="total" :page-size="20" v-model:current-page="page" @current-change="load" />
</div>`,
	setup() {
		const img = ref(null), busy = ref(false), formRef = ref(null);
		const items = ref([]), total = ref(0), page = ref(1);
		const form = reactive({ reg_no: '', title: '', registrant: '', created_on: '', published_on: '', registered_on: '', source: '版权登记' });
		const need = (m) => [{ required: true, message: m, trigger: 'blur' }];
		const rules = {
			reg_no: need('请填写作品登记号'), title: need('请填写作品名称'), registrant: need('请填写登记人'),
			created_on: need('请选择创作完成日期'), registered_on: need('请选择登记日期'), source: need('请选择来源'),
		};
		async function load() {
			const r = await get('/pattern/registrations', { page: page.value, per_page: 20 });
			items.value = r.items;
			total.value = r.total;
		}
		async function submit() {
			if (!img.value) {
				ElementPlus.ElMessage.error('请选择登记的图样图片');
				return;
			}
			if (!(await formRef.value.validate().catch(() => false))) return;
			busy.value = true;
			try {
				const up = await uploadImage(img.value.file);
				const body = { upload: up.id, ...form };
				if (!body.published_on) delete body.published_on;
				const r = await post('/pattern/registrations', body);
				ElementPlus.ElMessage.success(`已登记：${r.reg_no}（编号 ${r.ref}）`);
				formRef.value.resetFields();
				form.published_on = '';
				img.value = null;
				page.value = Math.max(1, Math.ceil((total.value + 1) / 20));
				await load();
			} catch (e) {
				// shown already
			} finally {
				busy.value = false;
			}
		}
		onMounted(load);
		return { img, busy, formRef, form, rules, submit, items, total, page, load, imageUrl, SOURCES };
	},
};

const FlagsTab = {
	name: 'PatternFlags',
	components: { RegFacts },
	emits: ['compare'],
	template: `
<div>
  <el-alert type="info" :closable="false" show-icon class="pt-note"
    :title="'已分析花样著作权案件 ' + cases + ' 件，发现监督线索 ' + flags.length + ' 条。线索供检察监督参考，须经人工审查。'" />
  <el-table :data="flags" border row-key="key" data-test="flags-table">
    <el-table-column type="expand">
      <template #default="{ row }">
        <div class="pt-evid">
          <template v-for="(e, i) in row.evidence" :key="i">
            <el-tag v-if="typeof e === 'string'" class="pt-evid-case">{{ e }}</el-tag>
            <el-card v-else shadow="never" class="pt-evid-card">
              <div class="pt-hit-head" v-if="e.decision">
                <el-tag :type="decisionTag(e.decision)" size="small" effect="dark">{{ e.decision }}</el-tag>
                <span class="pt-score">得分 <b>{{ fmtScore(e.score) }}</b></span>
              </div>
              <div class="pt-evid-body">
                <img :src="imageUrl(e.ref)" class="pt-evid-img" alt="证据图样" loading="lazy">
                <reg-facts :reg="e" />
              </div>
              <el-button v-if="e.decision && row.reg_ref && row.reg_ref !== e.ref" link type="primary" @click="$emit('compare', row.reg_ref, e.ref)">比对</el-button>
            </el-card>
          </template>
        </div>
      </template>
    </el-table-column>
    <el-table-column label="类型" width="110">
      <template #default="{ row }"><el-tag :type="(FLAG_TYPES[row.type] || {}).tag" data-test="flag-type" :data-type="row.type">{{ (FLAG_TYPES[row.type] || { label: row.type }).label }}</el-tag></template>
    </el-table-column>
    <el-table-column label="案号" width="225">
      <template #default="{ row }">{{ row.case_no || '（多案）' }}<div class="pt-hint" v-if="row.filed_on">立案 {{ row.filed_on }}</div></template>
    </el-table-column>
    <el-table-column label="当事人" width="190">
      <template #default="{ row }">原告 {{ row.plaintiff }}<div v-if="row.defendant">被告 {{ row.defendant }}</div></template>
    </el-table-column>
    <el-table-column prop="reg_no" label="涉案作品登记号" width="200" />
    <el-table-column prop="reason" label="线索理由" min-width="300" />
  </el-table>
</div>`,
	setup() {
		const flags = ref([]), cases = ref(0);
		onMounted(async () => {
			const r = await get('/pattern/flags');
			cases.value = r.cases;
			flags.value = r.flags.map((f, i) => {
				// the suing registration is the late_registration evidence or
				// is found by its number among the other flags' evidence
				const own = f.type === 'late_registration' && f.evidence[0] ? f.evidence[0].ref : null;
				return { ...f, key: i, reg_ref: own };
			});
			const byNo = {};
			for (const f of flags.value)
				if (f.reg_ref) byNo[f.reg_no] = f.reg_ref;
			for (const f of flags.value)
				if (!f.reg_ref && byNo[f.reg_no]) f.reg_ref = byNo[f.reg_no];
		});
		return { flags, cases, FLAG_TYPES, decisionTag, fmtScore, imageUrl };
	},
};

const PatternPage = {
	name: 'PatternPage',
	components: { TraceTab, CompareTab, RegisterTab, FlagsTab },
	template: `
<el-card shadow="never" class="pt-page">
  <template #header><div class="fz-card-head"><span>版权AI智审</span><span class="pt-hint">纺织花样图样溯源、比对与虚假诉讼监督</span></div></template>
  <el-tabs v-model="tab" data-test="pattern-tabs">
    <el-tab-pane label="单图溯源" name="trace"><trace-tab @compare="openCompare" /></el-tab-pane>
    <el-tab-pane label="图样比对" name="compare"><compare-tab :key="compareKey" :preset="preset" /></el-tab-pane>
    <el-tab-pane v-if="canRegister" label="登记" name="register" lazy><register-tab /></el-tab-pane>
    <el-tab-pane v-if="canFlags" label="虚假诉讼监督" name="flags" lazy><flags-tab @compare="openCompare" /></el-tab-pane>
  </el-tabs>
</el-card>`,
	setup() {
		const role = computed(() => (session.user ? session.user.role : ''));
		const canRegister = computed(() => role.value === 'court' || role.value === 'admin');
		const canFlags = computed(() => role.value === 'procurator' || role.value === 'admin');
		// #/pattern?tab=compare&a=r1&b=r2 opens a comparison directly
		const q = route.query || {};
		const tab = ref(q.tab || (canFlags.value && !canRegister.value ? 'flags' : 'trace'));
		const preset = ref(q.a && q.b ? { a: q.a, b: q.b } : null);
		const compareKey = ref(0);
		function openCompare(a, b) {
			preset.value = { a, b };
			compareKey.value++;
			tab.value = 'compare';
		}
		return { tab, canRegister, canFlags, preset, compareKey, openCompare };
	},
};

export default { key: 'pattern', path: '/pattern', title: '版权AI智审', icon: 'PictureFilled', component: PatternPage };
