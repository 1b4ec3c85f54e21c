// pages/password.js - 修改密码.  While the server says
// must_change_password, app.js shows only this page (without the menu) and
// every other route leads back here.

import { session, changePassword, logout } from '../session.js';
import { replace } from '../router.js';
import { passwordRule } from '../util.js';

const { ref, reactive, computed } = Vue;

const PasswordPage = {
	name: 'PasswordPage',
	template: `
<div :class="forced ? 'fz-plain-page fz-plain-column' : ''">
  <div v-if="forced" class="fz-login-band">
    <img class="fz-login-logo" src="img/logo.svg" alt="">
    <h1 class="fz-login-title">柯桥区法治政府数字化平台</h1>
  </div>
  <el-card :class="forced ? 'fz-password-card' : 'fz-narrow-card'" shadow="never">
    <template #header>
      <div class="fz-card-head">
        <span>修改密码</span>
        <el-button v-if="forced" link type="primary" @click="quit">退出登录</el-button>
      </div>
    </template>
    <el-alert v-if="forced" type="warning" :closable="false" show-icon
      title="首次登录或密码已被重置，请先修改密码后再使用系统。" class="fz-mb" />
    <div class="fz-rules fz-mb" data-test="password-rules">
      <div class="fz-rules-title"><el-icon><IconInfoFilled /></el-icon>密码规则</div>
      <ul>
        <li>长度至少 8 位；</li>
        <li>须包含大写字母、小写字母、数字、特殊字符中的至少 3 类；</li>
        <li>不能包含登录名，不能与原密码相同。</li>
      </ul>
      <div class="fz-rules-note">连续 5 次登录失败后，该地址须等待一段时间（最长 15 分钟）才能再次登录；账号不会因此被锁定。</div>
    </div>
    <el-form ref="formRef" :model="form" :rules="rules" label-width="96px" @submit.prevent="submit">
      <el-form-item label="原密码" prop="old_password">
        <el-input v-model="form.old_password" name="old_password" type="password" show-password
          autocomplete="current-password" />
      </el-form-item>
      <el-form-item label="新密码" prop="new_password">
        <el-input v-model="form.new_password" name="new_password" type="password" show-password
          autocomplete="new-password" />
      </el-form-item>
      <el-form-item label="确认新密码" prop="confirm">
        <el-input v-model="form.confirm" name="confirm" type="password" show-password
          autocomplete="new-password" @keyup.enter="submit" />
      </el-form-item>
      <el-form-item>
        <el-button type="primary" native-type="submit" :loading="busy">确认修改</el-button>
      </el-form-item>
    </el-form>
  </el-card>
</div>`,
	setup() {
		const formRef = ref(null);
		const form = reactive({ old_password: '', new_password: '', confirm: '' });
		const busy = ref(false);
		const forced = computed(() => !!(session.user && session.user.must_change_password));
		const rules = {
			old_password: [{ required: true, message: '请输入原密码', trigger: 'blur' }],
			new_password: [
				{ required: true, message: '请输入新密码', trigger: 'blur' },
				passwordRule(() => session.user && session.user.login),
				{
					validator(rule, value, cb) {
						if (value && value === form.old_password) cb(new Error('新密码不能与原密码相同'));
						else cb();
					},
					trigger: 'blur',
				},
			],
			confirm: [{ required: true, message: '请再次输入新密码', trigger: 'blur' }, {
				validator(rule, value, cb) {
					if (value !== form.new_password) cb(new Error('两次输入的新密码不一致'));
					else cb();
				},
				trigger: 'blur',
			}],
		};

		async function submit() {
			if (busy.value) return;
			const valid = await formRef.value.validate().catch(() => false);
			if (!valid) return;
			busy.value = true;
			try {
				await changePassword(form.old_password, form.new_password);
				ElementPlus.ElMessage.success('密码已修改');
				replace('/');
			} catch (e) {
				ElementPlus.ElMessage.error(e.message);
			} finally {
				busy.value = false;
			}
		}
		async function quit() {
			await logout();
			replace('/login');
		}
		return { formRef, form, rules, busy, forced, submit, quit };
	},
};

export default {
	key: 'password',
	anyUser: true,
	path: '/password',
	title: '修改密码',
	icon: 'Key',
	component: PasswordPage,
};
