// pages/login.js - 登录.  Shows the server's own message on failure (401
// wrong pair, 429 wait after repeated failures, 423 locked by an
// administrator, 503 the attempt could not be recorded).

import { login } from '../session.js';
import { route, replace } from '../router.js';

const { ref, reactive } = Vue;

const LoginPage = {
	name: 'LoginPage',
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
    <el-form ref="formRef" :model="form" :rules="rules" label-position="top" size="large"
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
    <div class="fz-login-tip">连续 5 次密码错误，账号将锁定 15 分钟。</div>
  </el-card>
  <div class="fz-login-foot">柯桥区法治政府数字化平台 · 建议使用 Chrome、Edge 等新版浏览器访问</div>
</div>`,
	setup() {
		const formRef = ref(null);
		const form = reactive({ login: '', password: '' });
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
				await login(form.login, form.password);
				const next = route.query.next;
				replace(next && next.startsWith('/') && next !== '/login' ? next : '/');
			} catch (e) {
				locked.value = e.status === 423 || e.status === 429 ? e.status : false;
				error.value = e.message;
				form.password = '';
			} finally {
				busy.value = false;
			}
		}
		return { formRef, form, rules, busy, error, locked, submit, icons };
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
