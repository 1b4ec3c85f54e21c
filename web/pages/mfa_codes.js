// pages/mfa_codes.js - the ten recovery codes, shown once after the second
// factor is enrolled (only their keyed hashes are kept: docs/security.md,
// 8.1.4.1 d).  Used by the login page and the 动态口令 page.

export default {
	name: 'MfaCodes',
	props: { codes: { type: Array, required: true } },
	emits: ['done'],
	template: `
<div class="fz-mfa-codes" data-test="recovery-codes">
  <el-alert type="warning" :closable="false" show-icon class="fz-mb"
    title="请立即抄写或打印以下恢复码并妥善保管"
    description="每个恢复码只能使用一次，用于手机丢失或无法使用验证器时登录。离开本页后将无法再次查看。" />
  <ol class="fz-mfa-code-list">
    <li v-for="c in codes" :key="c"><code>{{ c }}</code></li>
  </ol>
  <el-button type="primary" class="fz-mfa-done" @click="$emit('done')">我已妥善保存，继续</el-button>
</div>`,
};
