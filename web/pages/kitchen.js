// pages/kitchen.js - 阳光厨房 (依法治区办, the departments' officers, 镇街
// for their own): the canteens of schools, nurseries and elderly homes
// under camera watch (《食品安全法》第五十七条), and the alerts their
// cameras' AI raises (docs/kitchen.md).  Three views, as tabs:
//   预警处置  the alerts, 待处置 first (the longest late on top), the counts
//             per state as cards that filter, the late ones marked with
//             whom they are escalated to; 处置 takes
//             a photo (the phone's camera), 已整改 or 误报 and a note
//   食堂与养老机构  the sites; 登记单位; a site's page (#/kitchen?site=ID)
//             with its camera systems: 新增接入 shows the token once,
//             with what the camera system's vendor needs to post; 停用
//   统计      per 镇街 and per type over a period
// Escalation and deadlines are the server's (src/domain/kitchen): this
// page only says them.

import { get, post, del, ApiError } from '../api.js';
import { route, go } from '../router.js';
import { checkForm, exportHref, reportRange, RANGE_SHORTCUTS, todayISO } from '../util.js';
import { loadEcharts } from './review_case.js';

const { ref, reactive, computed, watch, onMounted, onBeforeUnmount, nextTick } = Vue;

if (!document.querySelector('link[data-fz="kitchen-css"]')) {
	const l = document.createElement('link');
	l.rel = 'stylesheet';
	l.href = 'pages/kitchen.css';
	l.dataset.fz = 'kitchen-css';
	document.head.appendChild(l);
}

const API = '/api/v1/kitchen';
const PER_PAGE = 20;
const PHOTO_MAX = 8 << 20; // the server's ceiling (kitchen.h)
const KINDS = [
	{ key: 'school', name: '学校食堂' }, { key: 'nursery', name: '托幼机构食堂' },
	{ key: 'elderly', name: '养老机构食堂' }, { key: 'worksite', name: '建筑工地食堂' },
	{ key: 'other', name: '其他集中用餐单位食堂' },
];
// the list's states as the API filters them: late is open past its period
const STATES = [
	{ key: '', name: '全部预警' }, { key: 'open', name: '待处置' },
	{ key: 'late', name: '已超时' }, { key: 'done', name: '已处置' },
];
const STATE_TAGS = { open: 'warning', handled: 'success', false: 'info' };
// whom a late alert is escalated to, by level (kitchen.h)
const LEVELS = {
	1: { name: '超时', to: '已督办至镇街和市场监管所' },
	2: { name: '严重超时', to: '已督办至区市场监管局' },
};

const num = (n) => (n == null ? '—' : Number(n).toLocaleString('zh-CN'));
const share = (n, d) => (d ? (n * 100 / d).toFixed(1) + '%' : '—');
// under 600 px the page lays out for a phone (style.css)
const narrowQuery = window.matchMedia('(max-width: 600px)');
const narrow = ref(narrowQuery.matches);
narrowQuery.addEventListener('change', (e) => { narrow.value = e.matches; });

// An API instant in Beijing time, as people write it: "12月8日 10:03",
// with the year when it is not this year's.
const pad = (n) => (n < 10 ? '0' + n : String(n));
function when(iso) {
	const t = Date.parse(iso || '');
	if (Number.isNaN(t)) return '—';
	const d = new Date(t + 8 * 3600e3);
	const y = d.getUTCFullYear() === +todayISO().slice(0, 4) ? '' : d.getUTCFullYear() + '年';
	return `${y}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
// what is left of an open alert's period: "还剩 1 小时 20 分"
function timeLeft(a) {
	const m = Math.floor((Date.parse(a.due_at) - Date.now()) / 60000);
	if (!(m >= 0)) return '';
	return '还剩 ' + (m >= 60 ? Math.floor(m / 60) + ' 小时 ' : '') + (m % 60) + ' 分';
}

// The types of alert with their codes and periods, asked once.
let typesP = null;
function loadTypes() {
	if (!typesP) typesP = get('/kitchen/types').then((r) => r.items).catch((e) => { typesP = null; throw e; });
	return typesP;
}

// A photo the server takes: a JPEG or PNG of at most 8 MB.  Anything else
// a browser can read (a phone's WebP, a photo too large) is drawn again as
// a JPEG of at most 2560 px; null when it cannot be read.
async function fitPhoto(file) {
	if (/^image\/(jpeg|png)$/.test(file.type) && file.size <= PHOTO_MAX) return file;
	let img;
	try {
		img = await createImageBitmap(file);
	} catch (e) {
		return null;
	}
	const k = Math.min(1, 2560 / Math.max(img.width, img.height));
	const c = document.createElement('canvas');
	c.width = Math.max(1, Math.round(img.width * k));
	c.height = Math.max(1, Math.round(img.height * k));
	c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
	const blob = await new Promise((ok) => c.toBlob(ok, 'image/jpeg', 0.85));
	return blob && blob.size <= PHOTO_MAX ? new File([blob], '处置照片.jpg', { type: 'image/jpeg' }) : null;
}

// PUT the photo's bytes as the body, which api.js does not do (it sends
// JSON): fetch with the CSRF token GET /me hands out.  Throws ApiError on
// field "photo" with the server's message.
async function putPhoto(id, file) {
	const me = await get('/me', null, { quiet: true });
	let res, data = null;
	try {
		res = await fetch(`${API}/alerts/${id}/photo`, {
			method: 'PUT', credentials: 'same-origin', cache: 'no-store', body: file,
			headers: { 'Content-Type': file.type, Accept: 'application/json', 'X-CSRF-Token': me.csrf },
		});
		data = await res.json();
	} catch (e) {
		if (!res) throw new ApiError(0, 'network', 'photo', '无法连接服务器，请检查网络后重试');
	}
	if (res.ok) return data;
	const er = (data && data.error) || {};
	throw new ApiError(res.status, er.code || 'http_' + res.status, er.field || 'photo',
		er.message || (res.status === 413 ? '照片不能超过 8 MB' : '照片上传失败（' + res.status + '）'));
}

// <kitchen-state :a="alert" />: the state, and for an open alert past its
// period a red tag saying whom it is escalated to
const StateCell = {
	name: 'KitchenState',
	props: { a: { type: Object, required: true }, brief: Boolean },
	template: `
<div class="kc-state">
  <el-tag :type="STATE_TAGS[a.state] || 'info'" size="small" effect="plain" data-test="state">{{ a.state_name }}</el-tag>
  <template v-if="a.state === 'open'">
    <span v-if="a.level > 0" class="kc-level" :data-level="a.level" data-test="level">
      <el-tag type="danger" size="small" :effect="a.level > 1 ? 'dark' : 'light'">{{ LEVELS[a.level].name }}</el-tag>
      <span class="kc-level-to">{{ LEVELS[a.level].to }}</span>
    </span>
    <span v-else-if="!brief" class="fz-muted">{{ timeLeft(a) }}</span>
  </template>
  <span v-else class="fz-muted">{{ a.late ? '超时处置' : '按时处置' }}</span>
</div>`,
	setup() { return { STATE_TAGS, LEVELS, timeLeft }; },
};

// ---- one alert: its facts, and 处置 while it is open ----

const AlertDialog = {
	name: 'KitchenAlertDialog',
	components: { StateCell },
	props: { alert: Object, modelValue: Boolean },
	emits: ['update:modelValue', 'handled'],
	template: `
<el-dialog :model-value="modelValue" @update:model-value="$emit('update:modelValue', $event)" @closed="closed"
  :title="a && a.state === 'open' ? '处置预警' : '预警详情'" width="min(640px, 96vw)" class="kc-dialog">
  <template v-if="a">
  <el-alert v-if="answer" type="success" show-icon :closable="false" class="fz-mb" data-test="handle-result"
    :title="'处置完成：' + answer.state_name" :description="answerText" />
  <el-descriptions :column="1" border size="small" class="fz-mb kc-facts" data-test="alert-facts">
    <el-descriptions-item label="单位">{{ a.site.name }}<span class="fz-muted">（{{ a.site.kind_name }}）</span></el-descriptions-item>
    <el-descriptions-item label="所属镇街">{{ a.site.town }}</el-descriptions-item>
    <el-descriptions-item label="预警类型"><b>{{ a.type_name }}</b><div class="fz-muted">依据：{{ a.basis }}</div></el-descriptions-item>
    <el-descriptions-item label="发生时间">{{ when(a.occurred_at) }}<span class="fz-muted">（{{ a.camera || a.source }}）</span></el-descriptions-item>
    <el-descriptions-item label="处置时限">{{ a.hours }} 小时，至 {{ when(a.due_at) }}</el-descriptions-item>
    <el-descriptions-item label="状态"><state-cell :a="a" /></el-descriptions-item>
    <template v-if="a.state !== 'open'">
      <el-descriptions-item label="处置时间">{{ when(a.handled_at) }}<span class="fz-muted">（{{ a.handled_by }}）</span></el-descriptions-item>
      <el-descriptions-item label="处置说明"><span data-test="alert-note">{{ a.note }}</span></el-descriptions-item>
    </template>
  </el-descriptions>

  <div v-if="a.state !== 'open'" class="kc-photo-box">
    <div class="kc-photo-label">处置照片</div>
    <img v-if="a.photo" :src="photoUrl" class="kc-photo" alt="整改后的现场照片" data-test="alert-photo">
    <span v-else class="fz-muted">未上传照片</span>
  </div>

  <el-form v-else :label-position="narrow ? 'top' : 'right'" label-width="90px" data-test="handle-form" @submit.prevent="submit">
    <el-form-item label="处置照片" required :error="errs.photo">
      <div class="kc-pick">
        <img v-if="shot" :src="shot" class="kc-photo" alt="整改后的现场照片" data-test="photo-preview">
        <div class="kc-pick-row">
          <el-button :icon="icons.Camera" :loading="uploading" @click="fileEl.click()" data-test="photo-pick">{{ shot ? '重新拍照或选择' : '拍照或选择照片' }}</el-button>
          <span v-if="uploaded" class="kc-ok" data-test="photo-ok">照片已上传</span>
        </div>
        <div class="fz-form-hint">整改后的现场照片，JPEG 或 PNG，不超过 8 MB；手机上可直接拍照。</div>
      </div>
      <input ref="fileEl" type="file" accept="image/*" capture="environment" hidden @change="onFile" data-test="photo-input">
    </el-form-item>
    <el-form-item label="处置结果" required :error="errs.outcome">
      <el-radio-group v-model="form.outcome" data-test="handle-outcome">
        <el-radio value="rectified">已整改</el-radio>
        <el-radio value="false_alarm">误报</el-radio>
      </el-radio-group>
    </el-form-item>
    <el-form-item label="处置说明" required :error="errs.note">
      <el-input v-model="form.note" type="textarea" :rows="3" maxlength="500" show-word-limit
        :placeholder="form.outcome === 'false_alarm' ? '如：现场核实为误报，画面中为送货人员（五至五百字）' : '如：已当场纠正，并对从业人员进行了提醒教育（五至五百字）'"
        data-test="handle-note" />
    </el-form-item>
  </el-form>
  </template>
  <template #footer>
    <el-button @click="$emit('update:modelValue', false)">{{ a && a.state === 'open' ? '取消' : '关闭' }}</el-button>
    <el-button v-if="a && a.state === 'open'" type="primary" :loading="busy" :disabled="uploading" @click="submit" data-test="handle-submit">提交处置</el-button>
  </template>
</el-dialog>`,
	setup(props, { emit }) {
		const a = ref(null), answer = ref(null), busy = ref(false), uploading = ref(false);
		const shot = ref(''), uploaded = ref(false), fileEl = ref(null);
		const form = reactive({ outcome: '', note: '' }), errs = reactive({});
		const icons = window.ElementPlusIconsVue || {};
		const photoUrl = computed(() => (a.value ? `${API}/alerts/${a.value.id}/photo` : ''));
		const answerText = computed(() => {
			const r = answer.value;
			return r ? `${r.handled_by}于${when(r.handled_at)}处置，${r.late ? '已超过' : '在'} ${r.hours} 小时的处置时限${r.late ? '' : '内'}。` : '';
		});
		const clear = () => { for (const k of Object.keys(errs)) delete errs[k]; };

		// opened on a row: show it at once, then as the server has it now
		watch(() => [props.modelValue, props.alert], async ([open, row]) => {
			if (!open || !row) return;
			if (!a.value || a.value.id !== row.id) reset();
			a.value = row;
			try {
				a.value = await get('/kitchen/alerts/' + row.id, null, { quiet: true });
			} catch (e) { /* the row stays */ }
			// a photo kept earlier (the dialog closed before 提交) counts
			if (a.value.photo && a.value.state === 'open' && !shot.value) {
				shot.value = photoUrl.value;
				uploaded.value = true;
			}
		});
		function reset() {
			if (shot.value.startsWith('blob:')) URL.revokeObjectURL(shot.value);
			Object.assign(form, { outcome: '', note: '' });
			clear();
			answer.value = null;
			shot.value = '';
			uploaded.value = false;
		}
		function closed() {
			if (answer.value) reset();
		}
		// the photo goes up when it is picked: the user sees at once that it
		// was taken, or why not
		async function onFile(ev) {
			const f = ev.target.files && ev.target.files[0];
			ev.target.value = '';
			if (!f || !a.value) return;
			delete errs.photo;
			uploading.value = true;
			try {
				const file = await fitPhoto(f);
				if (!file) throw new ApiError(400, 'invalid', 'photo', '无法读取该照片，请拍摄或选择 JPEG、PNG 图片');
				await putPhoto(a.value.id, file);
				if (shot.value.startsWith('blob:')) URL.revokeObjectURL(shot.value);
				shot.value = URL.createObjectURL(file);
				uploaded.value = true;
				a.value = { ...a.value, photo: true };
			} catch (e) {
				errs.photo = e.message;
			} finally {
				uploading.value = false;
			}
		}
		// the note and the outcome are checked here; the photo is the
		// server's to refuse, so its words reach the user as it says them
		async function submit() {
			clear();
			const note = form.note.trim();
			if (!form.outcome) errs.outcome = '请选择处置结果';
			if (Array.from(note).length < 5) errs.note = '请填写处置说明（至少五个字）';
			if (Object.keys(errs).length) return;
			busy.value = true;
			try {
				const r = await post(`/kitchen/alerts/${a.value.id}/handle`, { outcome: form.outcome, note });
				a.value = r;
				answer.value = r;
				ElementPlus.ElMessage.success('已处置：' + r.state_name);
				emit('handled', r);
			} catch (e) {
				if (e.field) errs[e.field] = e.message;
			} finally {
				busy.value = false;
			}
		}
		return { a, answer, answerText, busy, uploading, shot, uploaded, fileEl, form, errs, icons, photoUrl, narrow,
			when, onFile, submit, closed };
	},
};

// ---- one site: its facts, camera systems and recent alerts ----

const KitchenSite = {
	name: 'KitchenSite',
	components: { StateCell, AlertDialog },
	props: { id: { type: String, required: true } },
	emits: ['alerts'],
	template: `
<el-card shadow="never" class="kc-site" data-test="kitchen-site">
  <template #header>
    <div class="fz-card-head kc-head"><span data-test="site-name">{{ s ? s.name : '单位' }}</span>
      <el-button @click="go('/kitchen')" data-test="back">返回列表</el-button></div>
  </template>
  <el-result v-if="failed" icon="warning" :title="failed" sub-title="该单位不存在，或不在您的管辖范围内。" data-test="site-missing" />
  <div v-else-if="!s" v-loading="true" class="kc-loading"></div>
  <template v-else>
  <el-descriptions :column="narrow ? 1 : 3" border size="small" class="fz-mb" data-test="site-info">
    <el-descriptions-item label="类别">{{ s.kind_name }}</el-descriptions-item>
    <el-descriptions-item label="所属镇街">{{ s.town }}</el-descriptions-item>
    <el-descriptions-item label="就餐人数">{{ s.diners == null ? '未填报' : num(s.diners) + ' 人' }}</el-descriptions-item>
    <el-descriptions-item label="地址" :span="narrow ? 1 : 3">{{ s.address || '—' }}</el-descriptions-item>
    <el-descriptions-item label="摄像头">{{ s.cameras }} 个</el-descriptions-item>
    <el-descriptions-item label="在用接入"><span data-test="site-sources">{{ s.sources }} 个</span></el-descriptions-item>
    <el-descriptions-item label="待处置预警">{{ s.open }} 条<span v-if="s.late" class="kc-late">，其中超时 {{ s.late }} 条</span></el-descriptions-item>
  </el-descriptions>

  <div class="kc-sub">
    <h4>摄像系统接入</h4>
    <el-button type="primary" @click="openSource" data-test="btn-source">新增接入</el-button>
  </div>
  <el-alert v-if="!s.sources" type="warning" show-icon :closable="false" class="fz-mb" data-test="no-source"
    title="该单位尚未接入摄像系统" description="新增接入后，将令牌交给摄像系统服务商配置，摄像头发现的问题即推送到本平台。" />
  <ul class="fz-phone-list" data-test="sources-phone">
    <li v-for="o in s.source_list" :key="o.id">
      <div class="fz-phone-line"><span class="fz-phone-no">{{ o.name }}</span>
        <el-tag :type="o.revoked_at ? 'info' : 'success'" size="small" effect="plain">{{ o.revoked_at ? '已停用' : '在用' }}</el-tag></div>
      <div class="fz-muted">接入于 {{ when(o.created_at) }} · 最近推送 {{ o.last_event ? when(o.last_event) : '暂无' }}</div>
      <div v-if="o.revoked_at" class="fz-muted">停用于 {{ when(o.revoked_at) }}</div>
      <el-button v-else size="small" type="danger" plain class="kc-revoke" @click="revoke(o)">停用</el-button>
    </li>
    <li v-if="!s.source_list.length" class="fz-muted">暂无接入</li>
  </ul>
  <el-table :data="s.source_list" border stripe size="small" class="fz-wide-table fz-mb" data-test="sources-table" empty-text="暂无接入">
    <el-table-column prop="name" label="接入名称" min-width="180" />
    <el-table-column label="接入时间" width="150"><template #default="{ row }">{{ when(row.created_at) }}</template></el-table-column>
    <el-table-column label="最近推送" width="150"><template #default="{ row }"><span data-test="source-last">{{ row.last_event ? when(row.last_event) : '暂无' }}</span></template></el-table-column>
    <el-table-column label="状态" width="210">
      <template #default="{ row }">
        <el-tag :type="row.revoked_at ? 'info' : 'success'" size="small" effect="plain" data-test="source-state">{{ row.revoked_at ? '已停用' : '在用' }}</el-tag>
        <span v-if="row.revoked_at" class="fz-muted kc-gap">停用于 {{ when(row.revoked_at) }}</span>
      </template>
    </el-table-column>
    <el-table-column label="操作" width="90">
      <template #default="{ row }">
        <el-button v-if="!row.revoked_at" size="small" type="danger" plain class="kc-revoke" @click="revoke(row)" data-test="source-revoke">停用</el-button>
      </template>
    </el-table-column>
  </el-table>

  <div class="kc-sub">
    <h4>近期预警</h4>
    <el-button v-if="alerts.total" @click="$emit('alerts', s)" data-test="site-alerts-all">查看全部 {{ num(alerts.total) }} 条</el-button>
  </div>
  <ul class="kc-site-alerts" data-test="site-alerts">
    <li v-for="a in alerts.items" :key="a.id" @click="openAlert(a)" class="fz-clickable">
      <div class="kc-site-alert-main"><b>{{ a.type_name }}</b><span class="fz-muted">{{ when(a.occurred_at) }}</span></div>
      <state-cell :a="a" brief />
    </li>
    <li v-if="!alerts.items.length" class="fz-muted">暂无预警</li>
  </ul>
  </template>

  <el-dialog v-model="srcDlg" title="新增摄像系统接入" width="min(520px, 96vw)">
    <p class="fz-dialog-text">每套摄像系统一个接入，各用各的令牌；更换服务商或令牌泄露时，停用原接入后重新新增。</p>
    <el-form :label-position="narrow ? 'top' : 'right'" label-width="90px" data-test="source-form" @submit.prevent="addSource">
      <el-form-item label="接入名称" required :error="serr.name">
        <el-input v-model.trim="sform.name" maxlength="50" placeholder="如：后厨智能摄像系统" data-test="source-name" />
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="srcDlg = false">取消</el-button>
      <el-button type="primary" :loading="busy" @click="addSource" data-test="source-submit">新增</el-button>
    </template>
  </el-dialog>

  <el-dialog v-model="tokDlg" title="接入令牌" width="min(720px, 96vw)" :close-on-click-modal="false" @closed="token = ''" class="kc-token-dialog">
    <el-alert type="warning" show-icon :closable="false" class="fz-mb"
      title="令牌只显示这一次，关闭后无法再次查看"
      description="请立即复制，交给摄像系统服务商配置；令牌遗失或泄露的，停用该接入后重新新增。" />
    <div class="kc-token">
      <el-input ref="tokenEl" :model-value="token" readonly class="fz-mono" aria-label="接入令牌" data-test="token" />
      <el-button type="primary" :icon="icons.DocumentCopy" @click="copy" data-test="token-copy">复制</el-button>
    </div>
    <h4 class="kc-sub-title">对接说明</h4>
    <ol class="kc-howto">
      <li>摄像系统每发现一次问题，向 <code>{{ hookUrl }}</code> 以 POST 方式推送一条预警，请求体为 JSON。</li>
      <li>请求头 <code>X-Source-Token</code> 填写上面的令牌。</li>
      <li>请求体字段：<code>event_id</code> 事件编号（1 至 64 个字母、数字或 . _ : -，重复推送同一事件时保持不变，平台据此去重）；
        <code>type</code> 预警类型代码（见下表）；<code>time</code> 发生时间，带时区，如 2026-12-08T10:02:03+08:00；
        <code>camera</code> 摄像头名称（可不填，不超过 50 个字）。</li>
      <li>平台收到新预警时回复 201，重复推送同一事件时回复 200；令牌无效或已停用时回复 401，请检查令牌。</li>
    </ol>
    <pre class="kc-sample">{{ sample }}</pre>
    <el-table :data="types" border size="small" class="kc-types" data-test="token-types">
      <el-table-column prop="type" label="类型代码" width="150" />
      <el-table-column prop="name" label="预警类型" />
      <el-table-column label="处置时限" width="100"><template #default="{ row }">{{ row.hours }} 小时</template></el-table-column>
    </el-table>
    <template #footer><el-button type="primary" @click="tokDlg = false" data-test="token-close">我已保存令牌</el-button></template>
  </el-dialog>

  <alert-dialog v-model="alertDlg" :alert="alertRow" @handled="loadAlerts" />
</el-card>`,
	setup(props) {
		const s = ref(null), failed = ref(''), busy = ref(false);
		const alerts = reactive({ items: [], total: 0 });
		const srcDlg = ref(false), sform = reactive({ name: '' }), serr = reactive({});
		// the token lives here only while its dialog is open
		const tokDlg = ref(false), token = ref(''), types = ref([]), tokenEl = ref(null);
		const alertDlg = ref(false), alertRow = ref(null);
		const icons = window.ElementPlusIconsVue || {};
		const hookUrl = window.location.origin + API + '/events';
		const sample = computed(() => JSON.stringify({ event_id: 'CAM01-20261208-000123', type: 'no_mask',
			time: '2026-12-08T10:02:03+08:00', camera: '后厨1号摄像头' }, null, 2));
		const base = () => '/kitchen/sites/' + props.id;

		async function load() {
			failed.value = '';
			try {
				s.value = await get(base(), null, { quiet: true });
			} catch (e) {
				s.value = null;
				failed.value = e.message;
			}
		}
		async function loadAlerts() {
			const r = await get('/kitchen/alerts', { site: props.id, per_page: 8 });
			Object.assign(alerts, { items: r.items, total: r.total });
			load();
		}
		function openSource() {
			sform.name = s.value && s.value.source_list.length ? '' : '后厨智能摄像系统';
			for (const k of Object.keys(serr)) delete serr[k];
			srcDlg.value = true;
		}
		async function addSource() {
			if (!checkForm(sform, { name: '接入名称' }, serr)) return;
			busy.value = true;
			try {
				const r = await post(base() + '/sources', { name: sform.name });
				srcDlg.value = false;
				token.value = r.token;
				tokDlg.value = true;
				loadTypes().then((t) => { types.value = t; }).catch(() => {});
				load();
			} catch (e) { if (e.field) serr[e.field] = e.message; } finally { busy.value = false; }
		}
		// the clipboard API needs a secure origin; an intranet address over
		// plain HTTP is not one, so select and copy the old way there
		async function copy() {
			try {
				await navigator.clipboard.writeText(token.value);
			} catch (e) {
				tokenEl.value.select();
				if (!document.execCommand('copy')) {
					ElementPlus.ElMessage.warning('请选中令牌后手动复制');
					return;
				}
			}
			ElementPlus.ElMessage.success('已复制令牌');
		}
		async function revoke(o) {
			try {
				await ElementPlus.ElMessageBox.confirm(
					`停用“${o.name}”后，该摄像系统用原令牌推送的预警将被拒绝，且不能恢复。是否停用？`,
					'停用接入', { confirmButtonText: '停用', cancelButtonText: '取消', type: 'warning' });
			} catch (x) {
				return;
			}
			try {
				await del(`${base()}/sources/${o.id}`);
				ElementPlus.ElMessage.success('已停用：' + o.name);
				load();
			} catch (e) { /* shown by api.js */ }
		}
		function openAlert(a) {
			alertRow.value = a;
			alertDlg.value = true;
		}

		watch(() => props.id, () => { s.value = null; loadAlerts(); });
		onMounted(loadAlerts);
		return { s, failed, busy, alerts, srcDlg, sform, serr, tokDlg, token, tokenEl, types, alertDlg, alertRow, icons, hookUrl,
			sample, narrow, num, when, go, openSource, addSource, copy, revoke, openAlert, loadAlerts };
	},
};

// ---- the page ----

const KitchenPage = {
	name: 'KitchenPage',
	components: { StateCell, AlertDialog, KitchenSite },
	template: `
<div class="kc-page">
<kitchen-site v-if="siteId" :id="siteId" @alerts="siteAlerts" />
<el-card v-show="!siteId" shadow="never">
  <template #header>
    <div class="fz-card-head kc-head"><span>阳光厨房</span>
      <el-button type="primary" @click="openAdd" data-test="btn-add">登记单位</el-button></div>
  </template>
  <el-tabs v-model="view" class="kc-tabs" data-test="kitchen-views" @tab-change="switchView">
    <el-tab-pane label="预警处置" name="alerts" />
    <el-tab-pane label="食堂与养老机构" name="sites" />
    <el-tab-pane label="统计" name="figures" />
  </el-tabs>

  <!-- 预警处置 -->
  <div v-show="view === 'alerts'" data-test="alerts-view">
    <div class="kc-cards" data-test="alert-cards">
      <button v-for="st in STATES" :key="st.key" type="button" class="kc-card" :class="['kc-card-' + (st.key || 'all'), { 'is-active': af.state === st.key, 'is-zero': counts[st.key || 'all'] === 0 }]"
        :aria-pressed="af.state === st.key" @click="pickState(st.key)" :data-state="st.key || 'all'">
        <span class="kc-card-label">{{ st.name }}</span>
        <span class="kc-card-value">{{ num(counts[st.key || 'all']) }}</span>
        <span class="kc-card-sub">条</span>
      </button>
    </div>
    <el-form :inline="true" class="fz-toolbar" @submit.prevent>
      <el-form-item label="状态">
        <el-select v-model="af.state" placeholder="全部" class="fz-toolbar-input kc-narrow" @change="applyAlerts" data-test="f-state">
          <el-option v-for="st in STATES" :key="st.key" :label="st.key ? st.name : '全部'" :value="st.key" />
        </el-select>
      </el-form-item>
      <el-form-item label="预警类型">
        <el-select v-model="af.type" clearable placeholder="全部" class="fz-toolbar-input kc-narrow" @change="applyAlerts" data-test="f-type">
          <el-option v-for="t in types" :key="t.type" :label="t.name" :value="t.type" />
        </el-select>
      </el-form-item>
      <el-form-item v-if="towns.length > 1" label="镇街">
        <el-select v-model="af.town" clearable filterable placeholder="全部" class="fz-toolbar-input kc-narrow" @change="applyAlerts" data-test="f-town">
          <el-option v-for="t in towns" :key="t.unit_id" :label="t.town" :value="t.unit_id" />
        </el-select>
      </el-form-item>
      <el-form-item v-if="af.site" label="单位">
        <el-tag closable @close="clearSite" class="kc-site-tag" data-test="f-site">{{ af.siteName }}</el-tag>
      </el-form-item>
      <el-form-item v-else label="关键词">
        <el-input v-model="af.q" clearable placeholder="单位名称" class="fz-toolbar-input kc-narrow"
          @keyup.enter="applyAlerts" @clear="applyAlerts" data-test="alerts-q" />
      </el-form-item>
      <el-form-item>
        <el-button type="primary" @click="applyAlerts">查询</el-button>
        <el-button @click="resetAlerts">重置</el-button>
        <el-button tag="a" :href="alertsExport" data-test="alerts-export">导出表格</el-button>
      </el-form-item>
    </el-form>
    <ul class="fz-phone-list" data-test="alerts-phone-list">
      <li v-for="a in alerts.items" :key="a.id" @click="openAlert(a)">
        <div class="fz-phone-line"><span class="fz-phone-no">{{ a.site.name }}</span></div>
        <div class="fz-phone-what"><b>{{ a.type_name }}</b> · {{ a.site.town }}</div>
        <div class="fz-muted">{{ when(a.occurred_at) }} · 时限 {{ a.hours }} 小时</div>
        <state-cell :a="a" />
      </li>
      <li v-if="!alerts.items.length" class="fz-muted">{{ emptyText }}</li>
    </ul>
    <el-table :data="alerts.items" v-loading="alerts.loading" border stripe data-test="alerts-table" :empty-text="emptyText"
      @row-click="openAlert" class="fz-clickable fz-wide-table" row-key="id">
      <el-table-column label="单位" min-width="210">
        <template #default="{ row }"><div class="kc-strong">{{ row.site.name }}</div><div class="fz-muted">{{ row.site.kind_name }}</div></template>
      </el-table-column>
      <el-table-column label="镇街" width="110"><template #default="{ row }">{{ row.site.town }}</template></el-table-column>
      <el-table-column label="预警类型" min-width="130">
        <template #default="{ row }"><div>{{ row.type_name }}</div><div class="fz-muted">{{ row.camera }}</div></template>
      </el-table-column>
      <el-table-column label="发生时间" width="130"><template #default="{ row }">{{ when(row.occurred_at) }}</template></el-table-column>
      <el-table-column label="时限" width="80"><template #default="{ row }">{{ row.hours }} 小时</template></el-table-column>
      <el-table-column label="状态" min-width="220"><template #default="{ row }"><state-cell :a="row" /></template></el-table-column>
      <el-table-column label="操作" width="90" align="center">
        <template #default="{ row }">
          <el-button v-if="row.state === 'open'" size="small" type="primary" @click.stop="openAlert(row)" data-test="btn-handle">处置</el-button>
          <el-button v-else size="small" @click.stop="openAlert(row)" data-test="btn-view">查看</el-button>
        </template>
      </el-table-column>
    </el-table>
    <el-pagination class="fz-pager" :layout="narrow ? 'prev, pager, next' : 'total, prev, pager, next, jumper'" :pager-count="narrow ? 5 : 7"
      :total="alerts.total" :page-size="PER_PAGE" :current-page="alerts.page" @current-change="loadAlerts" />
  </div>

  <!-- 食堂与养老机构 -->
  <div v-show="view === 'sites'" data-test="sites-view">
    <el-form :inline="true" class="fz-toolbar" @submit.prevent>
      <el-form-item label="关键词">
        <el-input v-model.trim="sf.q" clearable placeholder="单位名称" class="fz-toolbar-input" @keyup.enter="loadSites(1)" @clear="loadSites(1)" data-test="f-q" />
      </el-form-item>
      <el-form-item v-if="towns.length > 1" label="镇街">
        <el-select v-model="sf.town" clearable filterable placeholder="全部" class="fz-toolbar-input kc-narrow" @change="loadSites(1)" data-test="f-site-town">
          <el-option v-for="t in towns" :key="t.unit_id" :label="t.town" :value="t.unit_id" />
        </el-select>
      </el-form-item>
      <el-form-item>
        <el-button type="primary" @click="loadSites(1)">查询</el-button>
        <el-button @click="resetSites">重置</el-button>
      </el-form-item>
    </el-form>
    <ul class="fz-phone-list" data-test="sites-phone-list">
      <li v-for="row in sites.items" :key="row.id" @click="openSite(row)">
        <div class="fz-phone-line"><span class="fz-phone-no">{{ row.name }}</span>
          <el-tag v-if="!row.sources" type="danger" size="small" effect="plain">未接入</el-tag></div>
        <div class="fz-phone-what">{{ row.kind_name }} · {{ row.town }}</div>
        <div class="fz-muted">{{ siteFacts(row) }}</div>
      </li>
      <li v-if="!sites.items.length" class="fz-muted">暂无单位</li>
    </ul>
    <el-table :data="sites.items" v-loading="sites.loading" border stripe data-test="sites-table" empty-text="暂无单位"
      @row-click="openSite" class="fz-clickable fz-wide-table">
      <el-table-column prop="name" label="名称" min-width="220" show-overflow-tooltip />
      <el-table-column prop="kind_name" label="类别" width="130" />
      <el-table-column prop="town" label="镇街" width="110" />
      <el-table-column label="就餐人数" width="100" align="right"><template #default="{ row }">{{ row.diners == null ? '—' : num(row.diners) }}</template></el-table-column>
      <el-table-column label="摄像头" width="80" align="right"><template #default="{ row }">{{ row.cameras }}</template></el-table-column>
      <el-table-column label="接入" width="90" align="center">
        <template #default="{ row }"><span v-if="row.sources" data-test="site-sources">{{ row.sources }} 个</span>
          <el-tag v-else type="danger" size="small" effect="plain" data-test="site-sources">未接入</el-tag></template>
      </el-table-column>
      <el-table-column label="待处置预警" width="150">
        <template #default="{ row }">{{ row.open }} 条<span v-if="row.late" class="kc-late">（超时 {{ row.late }}）</span></template>
      </el-table-column>
    </el-table>
    <el-pagination class="fz-pager" :layout="narrow ? 'prev, pager, next' : 'total, prev, pager, next, jumper'" :pager-count="narrow ? 5 : 7"
      :total="sites.total" :page-size="PER_PAGE" :current-page="sites.page" @current-change="loadSites" />
  </div>

  <!-- 统计 -->
  <div v-show="view === 'figures'" data-test="figures-view">
    <el-form :inline="true" class="fz-toolbar" @submit.prevent>
      <el-form-item label="期间">
        <el-date-picker v-model="range" type="daterange" value-format="YYYY-MM-DD" :shortcuts="RANGE_SHORTCUTS" :clearable="false"
          start-placeholder="起" end-placeholder="止" @change="loadSummary" data-test="fig-range" />
      </el-form-item>
    </el-form>
    <div class="kc-figs" data-test="fig-total">
      <div class="kc-fig"><span class="kc-fig-label">单位数</span><b data-test="fig-sites">{{ num(sum.total.sites) }}</b>
        <span class="kc-fig-sub">已接入 {{ num(sum.total.covered) }} 家</span></div>
      <div class="kc-fig"><span class="kc-fig-label">接入率</span><b data-test="fig-covered">{{ share(sum.total.covered, sum.total.sites) }}</b>
        <span class="kc-fig-sub">有在用摄像系统的单位</span></div>
      <div class="kc-fig"><span class="kc-fig-label">预警数</span><b data-test="fig-alerts">{{ num(sum.total.alerts) }}</b>
        <span class="kc-fig-sub">{{ periodText }}</span></div>
      <div class="kc-fig"><span class="kc-fig-label">处置率</span><b data-test="fig-handled">{{ share(sum.total.handled, sum.total.alerts) }}</b>
        <span class="kc-fig-sub">已处置 {{ num(sum.total.handled) }} 条</span></div>
      <div class="kc-fig"><span class="kc-fig-label">按时处置率</span><b data-test="fig-ontime">{{ share(sum.total.ontime, ontimeBase(sum.total)) }}</b>
        <span class="kc-fig-sub">按时处置 {{ num(sum.total.ontime) }} 条</span></div>
      <div class="kc-fig" :class="{ 'is-late': sum.total.late }"><span class="kc-fig-label">待处置</span><b data-test="fig-open">{{ num(sum.total.open) }}</b>
        <span class="kc-fig-sub">其中超时 {{ num(sum.total.late) }} 条</span></div>
    </div>
    <div v-show="sum.towns.length > 1" class="kc-chart-box">
      <div class="kc-chart-title">各镇街预警处置情况</div>
      <div ref="chartEl" class="kc-chart" data-test="fig-chart" role="img" :aria-label="chartLabel"></div>
    </div>
    <h4 class="kc-sub-title">按镇街</h4>
    <ul class="fz-phone-list" data-test="towns-phone-list">
      <li v-for="t in townRows" :key="t.unit_id">
        <div class="fz-phone-line"><span class="fz-phone-no">{{ t.town }}</span><span>预警 {{ num(t.alerts) }} 条</span></div>
        <div class="fz-muted">单位 {{ t.sites }} 家 · 接入率 {{ share(t.covered, t.sites) }} · 处置率 {{ share(t.handled, t.alerts) }}</div>
        <div class="fz-muted">按时处置率 {{ share(t.ontime, ontimeBase(t)) }} · 待处置 {{ t.open }} 条<span v-if="t.late" class="kc-late"> · 超时 {{ t.late }} 条</span></div>
      </li>
    </ul>
    <el-table :data="townRows" border stripe size="small" data-test="towns-table" class="fz-wide-table fz-mb" empty-text="暂无数据"
      :row-class-name="({ row }) => row.total ? 'kc-total-row' : ''">
      <el-table-column prop="town" label="镇街" min-width="120" />
      <el-table-column label="单位数" width="90" align="right"><template #default="{ row }">{{ num(row.sites) }}</template></el-table-column>
      <el-table-column label="接入率" width="100" align="right"><template #default="{ row }">{{ share(row.covered, row.sites) }}</template></el-table-column>
      <el-table-column label="预警数" width="100" align="right"><template #default="{ row }">{{ num(row.alerts) }}</template></el-table-column>
      <el-table-column label="处置率" width="100" align="right"><template #default="{ row }">{{ share(row.handled, row.alerts) }}</template></el-table-column>
      <el-table-column label="按时处置率" width="110" align="right"><template #default="{ row }">{{ share(row.ontime, ontimeBase(row)) }}</template></el-table-column>
      <el-table-column label="待处置" width="90" align="right"><template #default="{ row }">{{ num(row.open) }}</template></el-table-column>
      <el-table-column label="超时" width="80" align="right">
        <template #default="{ row }"><span :class="{ 'kc-late': row.late }">{{ num(row.late) }}</span></template>
      </el-table-column>
    </el-table>
    <h4 class="kc-sub-title">按预警类型</h4>
    <ul class="kc-bars" data-test="types-list">
      <li v-for="t in typeRows" :key="t.name">
        <span class="kc-bar-name">{{ t.name }}</span>
        <span class="kc-bar"><span class="kc-bar-fill" :style="{ width: t.width }"></span></span>
        <span class="kc-bar-num">{{ num(t.n) }} 条（{{ share(t.n, sum.total.alerts) }}）</span>
      </li>
      <li v-if="!typeRows.length" class="fz-muted">该期间暂无预警</li>
    </ul>
    <div class="fz-muted kc-defs">
      <div>接入率：有在用摄像系统接入的单位 ÷ 单位数。</div>
      <div>处置率：已处置（已整改或核实为误报）的预警 ÷ 该期间全部预警。</div>
      <div>按时处置率：在处置时限内处置的预警 ÷ 已处置或已超过处置时限的预警。</div>
      <div>超时：超过处置时限仍未处置；超过时限的督办到镇街和市场监管所，超过两倍时限的督办到区市场监管局。</div>
    </div>
  </div>

  <alert-dialog v-model="alertDlg" :alert="alertRow" @handled="afterHandle" />

  <el-dialog v-model="addDlg" title="登记阳光厨房单位" width="min(600px, 96vw)">
    <p class="fz-dialog-text">学校、托幼机构、养老机构、建筑工地等集中用餐单位的食堂；登记后新增摄像系统接入。</p>
    <el-form label-width="100px" :label-position="narrow ? 'top' : 'right'" data-test="add-form" @submit.prevent="add">
      <el-form-item label="名称" required :error="aerr.name"><el-input v-model.trim="aform.name" maxlength="100" placeholder="如：柯桥区某某小学食堂" data-test="add-name" /></el-form-item>
      <el-form-item label="类别" required :error="aerr.kind">
        <el-select v-model="aform.kind" placeholder="请选择类别" class="fz-full" data-test="add-kind">
          <el-option v-for="k in KINDS" :key="k.key" :label="k.name" :value="k.key" />
        </el-select>
      </el-form-item>
      <el-form-item label="所属镇街" required :error="aerr.town">
        <el-select v-model="aform.town" filterable placeholder="请选择镇街" class="fz-full" data-test="add-town">
          <el-option v-for="t in towns" :key="t.unit_id" :label="t.town" :value="t.unit_id" />
        </el-select>
      </el-form-item>
      <el-form-item label="地址" :error="aerr.address"><el-input v-model.trim="aform.address" maxlength="200" data-test="add-address" /></el-form-item>
      <el-form-item label="就餐人数" :error="aerr.diners">
        <el-input-number v-model="aform.diners" :min="0" :max="100000" controls-position="right" placeholder="未填报" data-test="add-diners" />
      </el-form-item>
      <el-form-item label="摄像头数" :error="aerr.cameras">
        <el-input-number v-model="aform.cameras" :min="0" :max="999" controls-position="right" data-test="add-cameras" />
        <div class="fz-form-hint">后厨、备餐间等处接入的摄像头个数</div>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="addDlg = false">取消</el-button>
      <el-button type="primary" :loading="busy" @click="add" data-test="add-submit">登记</el-button>
    </template>
  </el-dialog>
</el-card>
</div>`,
	setup() {
		const view = ref('alerts');
		const siteId = computed(() => route.query.site || '');
		const towns = ref([]), types = ref([]), busy = ref(false);

		// 预警处置
		// 待处置 first: the server lists them by due instant, the longest
		// late on top (every state together is newest first)
		const af = reactive({ state: 'open', type: '', town: '', site: '', siteName: '', q: '' });
		const alerts = reactive({ items: [], total: 0, page: 1, loading: false });
		const counts = reactive({ all: null, open: null, late: null, done: null });
		const alertDlg = ref(false), alertRow = ref(null);
		function alertQuery() {
			const q = {};
			if (af.type) q.type = af.type;
			if (af.town) q.town = af.town;
			if (af.site) q.site = af.site;
			else if (af.q) q.q = af.q;
			return q;
		}
		// what the list shows, as a sheet (the server's own filter and order)
		const alertsExport = computed(() => exportHref('/kitchen/alerts', { ...alertQuery(), state: af.state }));
		async function loadAlerts(p) {
			alerts.page = p || 1;
			alerts.loading = true;
			try {
				const r = await get('/kitchen/alerts', { ...alertQuery(), state: af.state, page: alerts.page, per_page: PER_PAGE });
				Object.assign(alerts, { items: r.items, total: r.total });
			} finally {
				alerts.loading = false;
			}
		}
		// each card counts its state under the other filters
		async function loadCounts() {
			await Promise.all(STATES.map(async (st) => {
				const r = await get('/kitchen/alerts', { ...alertQuery(), state: st.key, per_page: 1 }, { quiet: true })
					.catch(() => ({ total: null }));
				counts[st.key || 'all'] = r.total;
			}));
		}
		function applyAlerts() {
			loadAlerts(1);
			loadCounts();
		}
		function pickState(k) {
			af.state = k;
			loadAlerts(1);
		}
		function resetAlerts() {
			Object.assign(af, { state: 'open', type: '', town: '', site: '', siteName: '', q: '' });
			applyAlerts();
		}
		function clearSite() {
			Object.assign(af, { site: '', siteName: '' });
			applyAlerts();
		}
		const emptyText = computed(() => (af.state === 'open' || af.state === 'late' ? '暂无' +
			STATES.find((s) => s.key === af.state).name + '的预警' : '暂无预警'));
		function openAlert(a) {
			alertRow.value = a;
			alertDlg.value = true;
		}
		function afterHandle() {
			loadAlerts(alerts.page);
			loadCounts();
			if (sum.loaded) loadSummary();
		}
		// from a site's page: its alerts, every state
		function siteAlerts(s) {
			Object.assign(af, { state: '', type: '', town: '', site: String(s.id), siteName: s.name, q: '' });
			view.value = 'alerts';
			go('/kitchen');
			applyAlerts();
		}

		// 食堂与养老机构
		const sf = reactive({ q: '', town: '' });
		const sites = reactive({ items: [], total: 0, page: 1, loading: false, loaded: false });
		async function loadSites(p) {
			sites.page = p || 1;
			sites.loading = true;
			try {
				const r = await get('/kitchen/sites', { q: sf.q, town: sf.town, page: sites.page, per_page: PER_PAGE });
				Object.assign(sites, { items: r.items, total: r.total, loaded: true });
			} finally {
				sites.loading = false;
			}
		}
		function resetSites() {
			Object.assign(sf, { q: '', town: '' });
			loadSites(1);
		}
		const openSite = (row) => go('/kitchen', { site: row.id });
		const siteFacts = (row) => [row.diners == null ? '' : `就餐 ${num(row.diners)} 人`, `摄像头 ${row.cameras} 个`,
			row.sources ? `接入 ${row.sources} 个` : '', `待处置 ${row.open} 条` + (row.late ? `（超时 ${row.late}）` : '')]
			.filter(Boolean).join(' · ');

		// 统计
		const range = ref(reportRange());
		const sum = reactive({ from: '', to: '', total: {}, towns: [], types: {}, loaded: false });
		const chartEl = ref(null);
		let chart = null;
		// on time of those whose period is over: handled, or open and late
		// "1月1日至12月8日", with the years when they are not this year's
		const periodText = computed(() => {
			const y = todayISO().slice(0, 4);
			const day = (d) => (d ? (d.slice(0, 4) === y ? '' : +d.slice(0, 4) + '年') + +d.slice(5, 7) + '月' + +d.slice(8, 10) + '日' : '');
			return sum.from ? day(sum.from) + '至' + day(sum.to) : '';
		});
		const ontimeBase = (t) => (t.handled || 0) + (t.late || 0);
		const townRows = computed(() => (sum.towns.length > 1 ? [...sum.towns, { ...sum.total, unit_id: 0, town: '合计', total: true }] : sum.towns));
		const typeRows = computed(() => {
			const list = Object.entries(sum.types).map(([name, n]) => ({ name, n })).sort((x, y) => y.n - x.n);
			const top = list.length ? list[0].n : 1;
			return list.map((t) => ({ ...t, width: (t.n * 100 / top).toFixed(1) + '%' }));
		});
		async function loadSummary() {
			const r = await get('/kitchen/summary', { from: range.value[0], to: range.value[1] });
			Object.assign(sum, r, { loaded: true });
			if (!towns.value.length) towns.value = r.towns.map((t) => ({ unit_id: t.unit_id, town: t.town }));
			drawChart();
		}
		async function drawChart() {
			await nextTick();
			if (!chartEl.value || siteId.value || view.value !== 'figures' || sum.towns.length < 2) return;
			const ec = await loadEcharts();
			if (!chartEl.value) return;
			chart = ec.getInstanceByDom(chartEl.value) || ec.init(chartEl.value);
			const list = sum.towns, flat = narrow.value;
			// on a phone the bars lie down, one 镇街 a line
			const cats = { type: 'category', data: list.map((t) => t.town), inverse: flat,
				axisLabel: flat ? { fontSize: 11 } : { rotate: 35, interval: 0, fontSize: 11 } };
			const vals = { type: 'value', name: '条', nameTextStyle: flat ? {} : { align: 'right' } };
			const parts = [
				{ name: '按时处置', color: '#2f8a3e', v: (t) => t.ontime },
				{ name: '超时处置', color: '#e6a23c', v: (t) => t.handled - t.ontime },
				{ name: '待处置', color: '#d3302a', v: (t) => t.open },
			];
			chart.setOption({
				animation: false,
				tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
				legend: { top: 0, itemWidth: 14, data: parts.map((p) => p.name) },
				grid: { left: 8, right: flat ? 30 : 8, top: 34, bottom: 4, containLabel: true },
				xAxis: flat ? vals : cats,
				yAxis: flat ? cats : vals,
				series: parts.map((p) => ({ name: p.name, type: 'bar', stack: 'alerts', barMaxWidth: flat ? 16 : 36,
					itemStyle: { color: p.color }, data: list.map(p.v) })),
			}, true);
			chart.resize();
		}
		const onResize = () => { if (chart) chart.resize(); };
		const chartLabel = computed(() => '各镇街预警处置情况：' + sum.towns.map((t) =>
			`${t.town}预警${t.alerts}条，按时处置${t.ontime}条，超时处置${t.handled - t.ontime}条，待处置${t.open}条`).join('；'));

		function switchView(v) {
			if (v === 'sites' && !sites.loaded) loadSites(1);
			if (v === 'figures') drawChart();
		}

		// 登记单位
		const ablank = () => ({ name: '', kind: '', town: null, address: '', diners: undefined, cameras: 0 });
		const aform = reactive(ablank()), aerr = reactive({}), addDlg = ref(false);
		async function townOptions() {
			// 镇街 with sites come with the summary; a 镇街 still without any
			// is among the units a 镇街 user reads
			if (towns.value.length > 1) return;
			const r = await get('/units', null, { quiet: true }).catch(() => ({ items: [] }));
			const have = new Set(towns.value.map((t) => t.unit_id));
			const more = r.items.filter((u) => u.kind === 'town' && !have.has(u.id)).map((u) => ({ unit_id: u.id, town: u.name }));
			if (more.length) towns.value = [...towns.value, ...more];
		}
		async function openAdd() {
			Object.assign(aform, ablank());
			for (const k of Object.keys(aerr)) delete aerr[k];
			await townOptions();
			if (towns.value.length === 1) aform.town = towns.value[0].unit_id;
			addDlg.value = true;
		}
		async function add() {
			const ok = checkForm(aform, { name: '名称' }, aerr);
			if (!aform.kind) aerr.kind = '请选择类别';
			if (!aform.town) aerr.town = '请选择所属镇街';
			if (!ok || aerr.kind || aerr.town) return;
			const body = { ...aform };
			if (body.diners == null) delete body.diners;
			if (body.cameras == null) body.cameras = 0;
			if (!body.address) delete body.address;
			busy.value = true;
			try {
				const r = await post('/kitchen/sites', body);
				ElementPlus.ElMessage.success('已登记：' + aform.name);
				addDlg.value = false;
				view.value = 'sites';
				go('/kitchen', { site: r.id });
			} catch (e) { if (e.field) aerr[e.field] = e.message; } finally { busy.value = false; }
		}

		// back from a site: its counts may have changed
		watch(siteId, (id) => {
			if (id) return;
			if (sites.loaded) loadSites(sites.page);
			if (view.value === 'figures') loadSummary();
			else drawChart();
		});
		watch(narrow, drawChart);
		onMounted(() => {
			window.addEventListener('resize', onResize);
			applyAlerts();
			loadSummary();
			loadTypes().then((t) => { types.value = t; }).catch(() => {});
		});
		onBeforeUnmount(() => {
			window.removeEventListener('resize', onResize);
			if (chart) chart.dispose();
			chart = null;
		});
		return { PER_PAGE, STATES, KINDS, RANGE_SHORTCUTS, view, siteId, towns, types, busy, narrow, alertsExport,
			af, alerts, counts, alertDlg, alertRow, emptyText, loadAlerts, applyAlerts, pickState, resetAlerts, clearSite,
			openAlert, afterHandle, siteAlerts,
			sf, sites, loadSites, resetSites, openSite, siteFacts,
			range, sum, periodText, chartEl, chartLabel, townRows, typeRows, ontimeBase, loadSummary, switchView,
			aform, aerr, addDlg, openAdd, add, num, share, when };
	},
};

export default { key: 'kitchen', path: '/kitchen', title: '阳光厨房', icon: 'KnifeFork', component: KitchenPage };
