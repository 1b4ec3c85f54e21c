// pages/tokens.js - 接口令牌: the bearer tokens other systems use to call
// the API (docs/api.md, src/domain/org/token.h).  Everyone sees and
// revokes their own; the security administrator (三员分立) sees every one
// and may create one for another user (not for another administrator).  A token's text is shown once, right after creation.

import { get, post, del } from '../api.js';
import { session } from '../session.js';
import { fmtTime } from '../util.js';

const { ref, reactive, computed, onMounted } = Vue;

// The state a person reads, from the answer's flags.
function stateOf(row) {
	if (row.revoked) return { text: '已撤销', type: 'info' };
	if (row.expired) return { text: '已过期', type: 'warning' };
	return { text: '有效', type: 'success' };
}

const TokensPage = {
	name: 'TokensPage',
	template: `
<el-card shadow="never">
  <template #header>
    <div class="fz-card-head">
      <span>接口令牌</span>
      <el-button type="primary" :icon="icons.Plus" @click="openCreate" data-test="token-new">新建令牌</el-button>
    </div>
  </template>
  <el-alert class="fz-mb" type="info" show-icon :closable="false"
    title="接口令牌供其他业务系统调用本平台接口，权限与所属用户的角色相同，到期自动失效；所属用户修改密码、变更角色或被锁定时，其令牌全部撤销。" />
  <el-table :data="items" v-loading="loading" border stripe data-test="tokens-table" empty-text="暂无令牌">
    <el-table-column prop="name" label="用途" min-width="140" show-overflow-tooltip />
    <el-table-column label="所属用户" min-width="110">
      <template #default="{ row }">{{ row.owner.name }}</template>
    </el-table-column>
    <el-table-column label="角色" min-width="100">
      <template #default="{ row }">{{ row.roles.map((r) => r.name).join('、') }}</template>
    </el-table-column>
    <el-table-column label="创建时间" width="170">
      <template #default="{ row }">{{ fmtTime(row.created_at) }}</template>
    </el-table-column>
    <el-table-column label="到期时间" width="170">
      <template #default="{ row }">{{ fmtTime(row.expires_at) }}</template>
    </el-table-column>
    <el-table-column label="最近使用" min-width="190">
      <template #default="{ row }">
        <span v-if="row.last_used_at">{{ fmtTime(row.last_used_at) }}（{{ row.last_used_ip }}）</span>
        <span v-else class="fz-muted">从未使用</span>
      </template>
    </el-table-column>
    <el-table-column label="状态" width="90" align="center">
      <template #default="{ row }">
        <el-tag :type="stateOf(row).type" size="small">{{ stateOf(row).text }}</el-tag>
      </template>
    </el-table-column>
    <el-table-column label="操作" width="90" align="center">
      <template #default="{ row }">
        <el-button v-if="!row.revoked" link type="danger" @click="revoke(row)">撤销</el-button>
        <el-tooltip v-else :content="row.revoke_reason || '已撤销'" placement="top">
          <span class="fz-muted">—</span>
        </el-tooltip>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination class="fz-pager" background layout="total, prev, pager, next"
    :total="total" v-model:current-page="page" :page-size="perPage" @current-change="load" />

  <el-dialog v-model="create.open" title="新建接口令牌" width="520px" :close-on-click-modal="false" destroy-on-close>
    <el-form v-if="!create.token" :model="create.form" label-width="96px" @submit.prevent="submit">
      <el-form-item label="用途" required>
        <el-input v-model.trim="create.form.name" maxlength="32" show-word-limit placeholder="如：执法监督系统对接" />
      </el-form-item>
      <el-form-item v-if="isAdmin" label="所属用户">
        <el-select v-model="create.form.user_id" filterable placeholder="本人" clearable class="fz-full">
          <el-option v-for="u in users" :key="u.id" :label="u.name + '（' + u.role_name + '，' + (u.unit ? u.unit.name : '') + '）'" :value="u.id" />
        </el-select>
      </el-form-item>
      <el-form-item label="有效期（天）">
        <el-input-number v-model="create.form.expires_days" :min="1" :max="365" :step="30" />
        <span class="fz-muted fz-ml">最长 365 天</span>
      </el-form-item>
    </el-form>
    <div v-else data-test="token-once">
      <el-alert type="warning" show-icon :closable="false" title="令牌只显示这一次，请立即复制并妥善保存，关闭后无法再次查看。" />
      <el-input class="fz-mt" :model-value="create.token" readonly type="textarea" :rows="2" data-test="token-text" />
    </div>
    <template #footer>
      <template v-if="!create.token">
        <el-button @click="create.open = false">取消</el-button>
        <el-button type="primary" :loading="create.busy" @click="submit">创建</el-button>
      </template>
      <el-button v-else type="primary" @click="create.open = false">我已保存</el-button>
    </template>
  </el-dialog>
</el-card>`,
	setup() {
		const icons = window.ElementPlusIconsVue;
		const items = ref([]);
		const total = ref(0);
		const page = ref(1);
		const perPage = 20;
		const loading = ref(false);
		const users = ref([]);
		const isAdmin = computed(() => session.user && session.user.role === 'secadmin');
		const create = reactive({ open: false, busy: false, token: '', form: {} });

		async function load() {
			loading.value = true;
			try {
				const r = await get('/tokens', { page: page.value, per_page: perPage });
				items.value = r.items || [];
				total.value = r.total || 0;
			} catch (e) {
				items.value = [];
			} finally {
				loading.value = false;
			}
		}
		async function openCreate() {
			create.form = { name: '', user_id: null, expires_days: 90 };
			create.token = '';
			create.open = true;
			if (isAdmin.value && !users.value.length) {
				try {
					users.value = (await get('/users', { per_page: 100 })).items || [];
				} catch (e) {
					users.value = [];
				}
			}
		}
		async function submit() {
			if (!create.form.name) {
				ElementPlus.ElMessage.warning('请填写令牌用途');
				return;
			}
			const body = { name: create.form.name, expires_days: create.form.expires_days };
			if (create.form.user_id) body.user_id = create.form.user_id;
			create.busy = true;
			try {
				create.token = (await post('/tokens', body)).token;
				load();
			} catch (e) {
				/* the server's message is already shown */
			} finally {
				create.busy = false;
			}
		}
		async function revoke(row) {
			try {
				await ElementPlus.ElMessageBox.confirm(
					`撤销令牌「${row.name}」后，使用它的系统将立即无法调用接口，且不能恢复。确定撤销吗？`,
					'撤销令牌', { type: 'warning', confirmButtonText: '撤销', cancelButtonText: '取消' });
			} catch (e) {
				return;
			}
			try {
				await del(`/tokens/${row.id}`);
				ElementPlus.ElMessage.success('令牌已撤销');
				load();
			} catch (e) {
				/* shown by api.js */
			}
		}
		onMounted(load);
		return {
			icons, items, total, page, perPage, loading, users, isAdmin, create,
			load, openCreate, submit, revoke, fmtTime, stateOf,
		};
	},
};

export default {
	key: 'tokens',
	path: '/tokens',
	title: '接口令牌',
	icon: 'Key',
	component: TokensPage,
};
