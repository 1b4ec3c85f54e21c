// pages/users.js - 用户管理.  三员分立 (docs/security.md, 8.1.4.2 d): the
// system administrator adds, edits and locks users and resets passwords
// (the user must change it at next login); the security administrator
// unlocks (an administrator's lock, and 登录受限: a name whose failed
// logins make some address wait), changes a user's role and resets a
// second factor.  Each sees only the buttons of their own duties; the
// server decides either way.

import { get, post, put } from '../api.js';
import { session } from '../session.js';
import { route, go } from '../router.js';
import { fmtTime, unitTree, passwordRule, PASSWORD_RULE_TEXT, randomPassword } from '../util.js';

const { ref, reactive, computed, onMounted } = Vue;

const PHONE_RE = /^1[3-9]\d{9}$/;

const UsersPage = {
	name: 'UsersPage',
	template: `
<el-card shadow="never">
  <template #header>
    <div class="fz-card-head">
      <span>用户管理</span>
      <el-button v-if="isAdmin" type="primary" :icon="icons.Plus" @click="openAdd">新增用户</el-button>
    </div>
  </template>
  <el-form :inline="true" class="fz-toolbar" @submit.prevent="search">
    <el-form-item label="关键字">
      <el-input v-model.trim="filters.q" placeholder="账号或姓名" clearable class="fz-toolbar-input"
        @clear="search" />
    </el-form-item>
    <el-form-item label="所属单位">
      <el-tree-select v-model="filters.unit_id" :data="tree" node-key="id" check-strictly clearable
        filterable :props="{ label: 'name', children: 'children' }" placeholder="全部单位"
        class="fz-toolbar-input" @change="search" />
    </el-form-item>
    <el-form-item>
      <el-button type="primary" native-type="submit" :icon="icons.Search">查询</el-button>
      <el-button @click="resetFilters">重置</el-button>
    </el-form-item>
  </el-form>

  <el-table :data="items" v-loading="loading" border stripe data-test="users-table" empty-text="暂无用户">
    <el-table-column type="index" label="序号" width="64" align="center" :index="rowIndex" />
    <el-table-column prop="login" label="账号" min-width="100" />
    <el-table-column prop="name" label="姓名" min-width="100" />
    <el-table-column label="角色" min-width="110">
      <template #default="{ row }">{{ row.role_name || row.role }}</template>
    </el-table-column>
    <el-table-column label="所属单位" min-width="150" show-overflow-tooltip>
      <template #default="{ row }">{{ row.unit ? row.unit.name : '—' }}</template>
    </el-table-column>
    <el-table-column label="手机号" width="120">
      <template #default="{ row }">{{ row.phone || '—' }}</template>
    </el-table-column>
    <el-table-column label="状态" width="90" align="center">
      <template #default="{ row }">
        <el-tag v-if="row.locked" type="danger" size="small">已锁定</el-tag>
        <el-tag v-else-if="row.login_limited" type="warning" size="small">登录受限</el-tag>
        <el-tag v-else-if="row.must_change_password" type="warning" size="small">待改密</el-tag>
        <el-tag v-else type="success" size="small">正常</el-tag>
      </template>
    </el-table-column>
    <el-table-column label="动态口令" width="90" align="center">
      <template #default="{ row }">
        <el-tag :type="row.totp_enrolled ? 'success' : 'info'" size="small">{{ row.totp_enrolled ? '已绑定' : '未绑定' }}</el-tag>
      </template>
    </el-table-column>
    <el-table-column label="最近登录" width="165">
      <template #default="{ row }">{{ fmtTime(row.last_login_at) }}</template>
    </el-table-column>
    <el-table-column label="操作" width="200" align="center" fixed="right">
      <template #default="{ row }">
        <template v-if="isAdmin">
          <el-button link type="primary" @click="openEdit(row)">编辑</el-button>
          <el-button v-if="!row.locked" link type="warning" @click="setLock(row, true)">锁定</el-button>
          <el-button link type="danger" @click="openReset(row)">重置密码</el-button>
        </template>
        <template v-if="isSec">
          <el-button v-if="row.locked || row.login_limited" link type="success" @click="setLock(row, false)">解锁</el-button>
          <el-button link type="primary" @click="openRole(row)">变更角色</el-button>
          <el-button link type="danger" @click="resetTotp(row)">重置动态口令</el-button>
        </template>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination class="fz-pager" background layout="total, sizes, prev, pager, next, jumper"
    :total="total" v-model:current-page="page" v-model:page-size="perPage"
    :page-sizes="[10, 20, 50, 100]" @current-change="load" @size-change="search" />

  <el-dialog v-model="edit.open" :title="edit.id ? '编辑用户' : '新增用户'" width="560px"
    :close-on-click-modal="false" destroy-on-close>
    <el-form ref="editRef" :model="edit.form" :rules="editRules" label-width="96px">
      <el-form-item label="账号" prop="login">
        <el-input v-model.trim="edit.form.login" :disabled="!!edit.id" maxlength="32"
          placeholder="字母、数字，用于登录" />
      </el-form-item>
      <el-form-item label="姓名" prop="name">
        <el-input v-model.trim="edit.form.name" maxlength="32" />
      </el-form-item>
      <el-form-item label="角色" prop="role">
        <el-select v-model="edit.form.role" placeholder="请选择角色" class="fz-full" :disabled="!!edit.id">
          <el-option v-for="r in roles" :key="r.key" :label="r.name" :value="r.key" />
        </el-select>
      </el-form-item>
      <el-form-item label="所属单位" prop="unit_id">
        <el-tree-select v-model="edit.form.unit_id" :data="tree" node-key="id" check-strictly
          filterable :props="{ label: 'name', children: 'children' }" placeholder="请选择单位"
          class="fz-full" />
      </el-form-item>
      <el-form-item label="手机号" prop="phone">
        <el-input v-model.trim="edit.form.phone" maxlength="11"
          :placeholder="edit.id ? '留空则不修改（当前 ' + (edit.oldPhone || '未填') + '）' : '选填'" />
      </el-form-item>
      <el-form-item v-if="!edit.id" label="初始密码" prop="password">
        <el-input v-model="edit.form.password" autocomplete="off" spellcheck="false" class="fz-mono">
          <template #append><el-button @click="edit.form.password = randomPassword()">生成</el-button></template>
        </el-input>
        <div class="fz-form-hint">{{ ruleText }}请将初始密码通过安全途径告知本人，用户首次登录时须修改密码。</div>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="edit.open = false">取消</el-button>
      <el-button type="primary" :loading="edit.busy" @click="save">保存</el-button>
    </template>
  </el-dialog>

  <el-dialog v-model="roleDlg.open" title="变更角色" width="420px" destroy-on-close>
    <p class="fz-dialog-text">变更用户「{{ roleDlg.name }}」的角色；该用户的接口令牌将被撤销。系统管理员、安全管理员、审计管理员的角色不能变更。</p>
    <el-select v-model="roleDlg.role" class="fz-full">
      <el-option v-for="r in businessRoles" :key="r.key" :label="r.name" :value="r.key" />
    </el-select>
    <template #footer>
      <el-button @click="roleDlg.open = false">取消</el-button>
      <el-button type="primary" @click="saveRole">确定</el-button>
    </template>
  </el-dialog>

  <el-dialog v-model="reset.open" title="重置密码" width="480px" :close-on-click-modal="false" destroy-on-close>
    <p class="fz-dialog-text">为用户「{{ reset.name }}」设置新密码，该用户下次登录时须修改密码。</p>
    <el-form ref="resetRef" :model="reset" :rules="resetRules" label-width="80px">
      <el-form-item label="新密码" prop="password">
        <el-input v-model="reset.password" autocomplete="off" spellcheck="false" class="fz-mono">
          <template #append><el-button @click="reset.password = randomPassword()">生成</el-button></template>
        </el-input>
        <div class="fz-form-hint">{{ ruleText }}</div>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="reset.open = false">取消</el-button>
      <el-button type="primary" :loading="reset.busy" @click="doReset">确认重置</el-button>
    </template>
  </el-dialog>
</el-card>`,
	setup() {
		const icons = window.ElementPlusIconsVue;
		const items = ref([]);
		const total = ref(0);
		const page = ref(Number(route.query.page) || 1);
		const perPage = ref(20);
		const loading = ref(false);
		const filters = reactive({ q: route.query.q || '', unit_id: null });
		const roles = ref([]);
		const units = ref([]);
		const tree = computed(() => unitTree(units.value));
		const editRef = ref(null);
		const resetRef = ref(null);
		const edit = reactive({ open: false, id: null, busy: false, oldPhone: '', form: {} });
		const isAdmin = computed(() => session.user && session.user.role === 'admin');
		const isSec = computed(() => session.user && session.user.role === 'secadmin');
		const ADMIN_ROLES = ['admin', 'secadmin', 'auditor'];
		const businessRoles = computed(() => roles.value.filter((r) => !ADMIN_ROLES.includes(r.key)));
		const roleDlg = reactive({ open: false, id: null, name: '', role: '' });
		function openRole(row) {
			Object.assign(roleDlg, { open: true, id: row.id, name: row.name, role: row.role });
		}
		async function saveRole() {
			try {
				await post('/users/' + roleDlg.id + '/role', { role: roleDlg.role });
				ElementPlus.ElMessage.success('角色已变更');
				roleDlg.open = false;
				await load();
			} catch (e) {
				// shown by api.js
			}
		}
		async function resetTotp(row) {
			try {
				await ElementPlus.ElMessageBox.confirm('重置后该用户的动态口令和恢复码全部作废，须在下次登录时重新绑定。确定重置用户「'
					+ row.name + '」的动态口令吗？', '重置动态口令', { type: 'warning' });
			} catch (e) {
				return;
			}
			try {
				await post('/users/' + row.id + '/totp/reset');
				ElementPlus.ElMessage.success('已重置，该用户下次登录时须重新绑定动态口令');
				await load();
			} catch (e) {
				// shown by api.js
			}
		}
		const reset = reactive({ open: false, id: null, name: '', login: '', password: '', busy: false });
		const phoneRule = {
			validator(rule, value, cb) {
				if (value && !PHONE_RE.test(value)) cb(new Error('手机号格式不正确'));
				else cb();
			},
			trigger: 'blur',
		};
		const editRules = computed(() => ({
			login: [{ required: true, message: '请输入账号', trigger: 'blur' }],
			name: [{ required: true, message: '请输入姓名', trigger: 'blur' }],
			role: [{ required: true, message: '请选择角色', trigger: 'change' }],
			unit_id: [{ required: true, message: '请选择所属单位', trigger: 'change' }],
			phone: [phoneRule],
			password: edit.id ? [] : [
				{ required: true, message: '请输入初始密码', trigger: 'blur' },
				passwordRule(() => edit.form.login),
			],
		}));
		const resetRules = {
			password: [
				{ required: true, message: '请输入新密码', trigger: 'blur' },
				passwordRule(() => reset.login),
			],
		};

		async function load() {
			loading.value = true;
			try {
				const r = await get('/users', {
					q: filters.q, unit_id: filters.unit_id, page: page.value, per_page: perPage.value,
				});
				items.value = r.items || [];
				total.value = r.total || 0;
			} catch (e) {
				items.value = [];
			} finally {
				loading.value = false;
			}
		}
		function search() {
			page.value = 1;
			load();
		}
		function resetFilters() {
			filters.q = '';
			filters.unit_id = null;
			search();
		}
		function openAdd() {
			Object.assign(edit, { open: true, id: null, oldPhone: '' });
			edit.form = { login: '', name: '', role: '', unit_id: null, phone: '', password: randomPassword() };
		}
		function openEdit(row) {
			Object.assign(edit, { open: true, id: row.id, oldPhone: row.phone || '' });
			edit.form = {
				login: row.login, name: row.name, role: row.role,
				unit_id: row.unit ? row.unit.id : null, phone: '',
			};
		}
		async function save() {
			const valid = await editRef.value.validate().catch(() => false);
			if (!valid) return;
			edit.busy = true;
			const f = edit.form;
			try {
				if (edit.id) {
					// The list shows masked phones: send a phone only when typed anew.
					const body = { name: f.name, unit_id: f.unit_id };
					if (f.phone) body.phone = f.phone;
					await put('/users/' + edit.id, body);
					ElementPlus.ElMessage.success('用户已保存');
				} else {
					const body = { login: f.login, name: f.name, role: f.role, unit_id: f.unit_id, password: f.password };
					if (f.phone) body.phone = f.phone;
					await post('/users', body);
					ElementPlus.ElMessage.success('用户已新增');
				}
				edit.open = false;
				await load();
			} catch (e) {
				// api.js has shown the server's message.
			} finally {
				edit.busy = false;
			}
		}
		async function setLock(row, lock) {
			try {
				await ElementPlus.ElMessageBox.confirm(
					(lock ? '锁定后该用户将无法登录。确定锁定用户「' : '确定解锁用户「') + row.name + '」吗？',
					lock ? '锁定用户' : '解锁用户', { type: 'warning' });
			} catch (e) {
				return;
			}
			try {
				await post('/users/' + row.id + (lock ? '/lock' : '/unlock'));
				ElementPlus.ElMessage.success(lock ? '已锁定' : '已解锁');
				await load();
			} catch (e) {
				// shown by api.js
			}
		}
		function openReset(row) {
			Object.assign(reset, { open: true, id: row.id, name: row.name, login: row.login, password: randomPassword() });
		}
		async function doReset() {
			const valid = await resetRef.value.validate().catch(() => false);
			if (!valid) return;
			reset.busy = true;
			try {
				await post('/users/' + reset.id + '/password', { password: reset.password });
				ElementPlus.ElMessage.success('密码已重置，该用户下次登录时须修改密码');
				reset.open = false;
				await load();
			} catch (e) {
				// shown by api.js
			} finally {
				reset.busy = false;
			}
		}
		const rowIndex = (i) => (page.value - 1) * perPage.value + i + 1;

		onMounted(async () => {
			load();
			try {
				const [r, u] = await Promise.all([get('/roles'), get('/units')]);
				roles.value = r.items || [];
				units.value = u.items || [];
			} catch (e) {
				// shown by api.js
			}
		});
		return {
			icons, items, total, page, perPage, loading, filters, roles, tree, editRef, resetRef,
			edit, reset, editRules, resetRules, load, search, resetFilters, openAdd, openEdit, save,
			setLock, openReset, doReset, rowIndex, fmtTime, randomPassword, ruleText: PASSWORD_RULE_TEXT,
			isAdmin, isSec, businessRoles, roleDlg, openRole, saveRole, resetTotp,
		};
	},
};

// Home card for admins: how many accounts.
const UsersCard = {
	name: 'UsersCard',
	template: `
<el-card shadow="never" class="fz-stat" data-test="card-users" @click="go('/users')">
  <div class="fz-stat-icon fz-stat-green"><el-icon :size="28"><IconUser /></el-icon></div>
  <div class="fz-stat-body">
    <div class="fz-stat-label">用户总数</div>
    <div class="fz-stat-value">{{ total === null ? '—' : total }}</div>
    <div class="fz-stat-sub">{{ sub }}</div>
  </div>
</el-card>`,
	setup() {
		const total = ref(null);
		const sub = ref('');
		onMounted(async () => {
			try {
				total.value = (await get('/users', { per_page: 1 }, { quiet: true })).total;
				sub.value = '含各单位全部账号';
			} catch (e) {
				sub.value = '加载失败';
			}
		});
		return { total, sub, go };
	},
};

export default {
	key: 'users',
	path: '/users',
	title: '用户管理',
	icon: 'User',
	component: UsersPage,
	homeCards: [{ key: 'users-count', order: 20, span: 8, component: UsersCard }],
};
