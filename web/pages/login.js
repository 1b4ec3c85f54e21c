// pages/login.js - 登录.  Shows the server's own message on failure (401
// wrong pair, 429 wait after repeated failures, 423 locked by an
// administrator, 503 the attempt could not be recorded).  A user with a
// second factor (docs/api.md, "Login") gets a second step on the same
// card: the 6-digit code of the authenticator app, or a recovery code; a
// role that needs one and has none enrols here first (QR code, confirm)
// and is shown the recovery codes once.  A wrong code counts like a wrong
// password: the second step may answer 429 too.

import { login, loginSecond, enrolChallenge, finishLogin } from '../session.js';
import MfaCodes from './mfa_codes.js';
import { route, replace } from '../router.js';

const { ref, reactive } = Vue;

const LoginPage = {
	name: 'LoginPage',
	components: { MfaCodes },
	template: `
<div class="fz-login">
  <div class="fz-login-band">
    <img class="fz-login-logo" src="img/logo.svg" alt="">
    <div>
      <h1 class="fz-login-title">柯桥区法治政府数字化平台</h1>
      <div class="fz-login-sub">绍兴市柯桥区 · 法治建设一体化工作平台</div>
    </div>
  </div>
  <el-card class="fz-login-card" shadow="always">
    <div class="fz-login-card-head">用户登录</div>
    <el-alert v-if="error" class="fz-login-error" :type="locked ? 'warning' : 'error'"
      :title="locked ? (locked === 429 ? '请稍后再试' : '账号已锁定') : '登录失败'" :description="error" show-icon :closable="false"
      data-test="login-error" />
    <mfa-codes v-if="codes" :codes="codes" @done="codesKept" />
    <el-form v-else-if="step" :model="form" label-position="top" size="large"
      @submit.prevent="second" data-test="login-second">
      <div class="fz-mb">{{ step.message }}</div>
      <div v-if="enrol" class="fz-mfa-enrol" data-test="mfa-enrol">
        <div class="fz-mfa-qr" v-html="enrol.qr_svg"></div>
        <div class="fz-mfa-secret">无法扫码时手工输入密钥：<code data-test="mfa-secret">{{ enrol.secret }}</code></div>
      </div>
      <el-form-item v-if="!useRecovery" label="动态口令">
        <el-input v-model.trim="form.code" name="totp_code" inputmode="numeric" maxlength="6"
          autocomplete="one-time-code" placeholder="手机验证器上的 6 位数字" @keyup.enter="second" />
      </el-form-item>
      <el-form-item v-else label="恢复码">
        <el-input v-model.trim="form.recovery" name="recovery_code" placeholder="例如 ABCDE-FGHIJ"
          @keyup.enter="second" />
      </el-form-item>
      <el-button type="primary" class="fz-login-btn" native-type="submit" :loading="busy">
        {{ enrol ? '绑 定 并 登 录' : '验 证' }}
      </el-button>
      <div class="fz-login-tip">
        <el-button v-if="step.second_factor === 'totp'" link type="primary" @click="useRecovery = !useRecovery">
          {{ useRecovery ? '使用动态口令' : '手机不在身边？使用恢复码' }}</el-button>
        <el-button link @click="restart">重新输入密码</el-button>
      </div>
    </el-form>
    <el-form v-else ref="formRef" :model="form" :rules="rules" label-position="top" size="large"
      @submit.prevent="submit">
      <el-form-item label="账号" prop="login">
        <el-input v-model.trim="form.login" name="login" autocomplete="username"
          placeholder="请输入账号" :prefix-icon="icons.User" clearable />
      </el-form-item>
      <el-form-item label="密码" prop="password">
        <el-input v-model="form.password" name="password" type="password" show-password
          autocomplete="current-password" placeholder="请输入密码" :prefix-icon="icons.Lock"
          @keyup.enter="submit" />
      </el-form-item>
      <el-button type="primary" class="fz-login-btn" native-type="submit" :loading="busy">
        登 录
      </el-button>
    </el-form>
    <div class="fz-login-tip">连续 5 次密码或动态口令错误后，须等待一段时间才能再次登录。</div>
  </el-card>
  <div class="fz-login-foot">柯桥区法治政府数字化平台 · 建议使用 Chrome、Edge 等新版浏览器访问</div>
</div>`,
	setup() {
		const formRef = ref(null);
		const form = reactive({ login: '', password: '', code: '', recovery: '' });
		const step = ref(null);        // the server's second-step answer
		const enrol = ref(null);       // { secret, uri, qr_svg } while enrolling
		const codes = ref(null);       // recovery codes, shown once
		const useRecovery = ref(false);
		const rules = {
			login: [{ required: true, message: '请输入账号', trigger: 'blur' }],
			password: [{ required: true, message: '请输入密码', trigger: 'blur' }],
		};
		const busy = ref(false);
		const error = ref('');
		const locked = ref(false);
		const icons = window.ElementPlusIconsVue;

		async function submit() {
			if (busy.value) return;
			const valid = await formRef.value.validate().catch(() => false);
			if (!valid) return;
			busy.value = true;
			error.value = '';
			try {
				const r = await login(form.login, form.password);
				if (!r) return enter();
				step.value = r;
				if (r.second_factor === 'enrol')
					enrol.value = await enrolChallenge(r.challenge);
			} catch (e) {
				fail(e);
				form.password = '';
			} finally {
				busy.value = false;
			}
		}

		function fail(e) {
			locked.value = e.status === 423 || e.status === 429 ? e.status : false;
			error.value = e.message;
			// an expired challenge or a lock: start again from the password
			if (e.status === 423 || e.field === 'challenge') restart();
		}

		async function second() {
			if (busy.value) return;
			busy.value = true;
			error.value = '';
			const body = { challenge: step.value.challenge };
			if (useRecovery.value) body.recovery_code = form.recovery;
			else body.code = form.code;
			try {
				const r = await loginSecond(body);
				if (r.recovery_codes) {
					pending = r;
					codes.value = r.recovery_codes;
				} else {
					enter();
				}
			} catch (e) {
				fail(e);
			} finally {
				form.code = '';
				form.recovery = '';
				busy.value = false;
			}
		}

		function restart() {
			step.value = null;
			enrol.value = null;
			useRecovery.value = false;
		}

		let pending = null;            // the enrolment's answer, until the codes are kept
		async function codesKept() {
			await finishLogin(pending);
			enter();
		}

		function enter() {
			const next = route.query.next;
			replace(next && next.startsWith('/') && next !== '/login' ? next : '/');
		}
		return { formRef, form, rules, busy, error, locked, submit, icons, step, enrol,
			codes, useRecovery, second, restart, enter, codesKept };
	},
};

export default {
	key: 'login',
	path: '/login',
	title: '登录',
	layout: 'plain',
	public: true,
	component: LoginPage,
};
