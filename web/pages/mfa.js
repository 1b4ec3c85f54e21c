// pages/mfa.js - 动态口令: bind (or bind anew) the second factor of one's
// own account (RFC 6238 TOTP, docs/security.md 8.1.4.1 d): the server
// makes a secret, shown here as a QR code for an authenticator app and as
// text; a code from the app confirms it, and the ten recovery codes are
// shown once.  Required for the three administrators, 依法治区办 and 司法局,
// who bind it at their first login; anyone else may.

import * as api from '../api.js';
import MfaCodes from './mfa_codes.js';

const { ref, onMounted } = Vue;

const MfaPage = {
	name: 'MfaPage',
	components: { MfaCodes },
	template: `
<el-card class="fz-narrow-card" shadow="never">
  <template #header><div class="fz-card-head"><span>动态口令（双因素认证）</span></div></template>
  <el-descriptions v-if="status" :column="1" border class="fz-mb" data-test="mfa-status">
    <el-descriptions-item label="绑定状态">
      <el-tag :type="status.enrolled ? 'success' : 'info'">{{ status.enrolled ? '已绑定' : '未绑定' }}</el-tag>
    </el-descriptions-item>
    <el-descriptions-item label="本角色要求">{{ status.required ? '必须使用' : '可选' }}</el-descriptions-item>
    <el-descriptions-item label="本次登录">{{ status.session_second_factor ? '已使用动态口令' : '仅密码' }}</el-descriptions-item>
    <el-descriptions-item label="剩余恢复码">{{ status.recovery_codes_left }} 个</el-descriptions-item>
  </el-descriptions>
  <mfa-codes v-if="codes" :codes="codes" @done="finish" />
  <div v-else-if="secret" data-test="mfa-enrol">
    <p>请用手机验证器（如微信小程序、国密令牌或其他支持 TOTP 的应用）扫描二维码，然后输入显示的 6 位动态口令。</p>
    <div class="fz-mfa-qr" v-html="secret.qr_svg"></div>
    <div class="fz-mfa-secret fz-mb">无法扫码时手工输入密钥：<code data-test="mfa-secret">{{ secret.secret }}</code></div>
    <el-form inline @submit.prevent="confirm">
      <el-form-item label="动态口令">
        <el-input v-model.trim="code" name="totp_code" maxlength="6" inputmode="numeric"
          autocomplete="one-time-code" placeholder="6 位数字" />
      </el-form-item>
      <el-button type="primary" native-type="submit" :loading="busy" data-test="mfa-confirm">确认绑定</el-button>
      <el-button @click="secret = null">取消</el-button>
    </el-form>
  </div>
  <el-button v-else type="primary" :loading="busy" @click="begin" data-test="mfa-begin">
    {{ status && status.enrolled ? '重新绑定（更换手机）' : '绑定动态口令' }}</el-button>
</el-card>`,
	setup() {
		const status = ref(null);
		const secret = ref(null);
		const codes = ref(null);
		const code = ref('');
		const busy = ref(false);

		async function load() { status.value = await api.get('/me/totp'); }
		async function begin() {
			busy.value = true;
			try { secret.value = await api.post('/me/totp', {}); } finally { busy.value = false; }
		}
		async function confirm() {
			busy.value = true;
			try {
				const r = await api.post('/me/totp/confirm', { code: code.value });
				codes.value = r.recovery_codes;
				secret.value = null;
				await load();
			} finally {
				code.value = '';
				busy.value = false;
			}
		}
		function finish() { codes.value = null; }
		onMounted(load);
		return { status, secret, codes, code, busy, begin, confirm, finish };
	},
};

export default {
	key: 'mfa',
	path: '/mfa',
	title: '动态口令',
	icon: 'Iphone',
	component: MfaPage,
};
