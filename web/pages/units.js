// pages/units.js - 单位管理 (admin): the unit tree with add, edit and
// delete.  The server refuses to delete a unit that still has users or
// children (409) and says why; we show its message.

import { get, post, put, del } from '../api.js';
import { UNIT_KINDS, unitTree } from '../util.js';
import { go } from '../router.js';

const { ref, reactive, computed, onMounted } = Vue;

const KIND_TAG = { district: 'danger', department: 'primary', town: 'success', station: 'warning' };

const UnitsPage = {
	name: 'UnitsPage',
	template: `
<el-card shadow="never">
  <template #header>
    <div class="fz-card-head">
      <span>单位管理</span>
      <div>
        <el-button :icon="icons.Refresh" @click="load">刷新</el-button>
        <el-button type="primary" :icon="icons.Plus" @click="openAdd(null)">新增单位</el-button>
      </div>
    </div>
  </template>
  <div class="fz-toolbar">
    <el-input v-model.trim="filter" placeholder="按名称或编码筛选" clearable :prefix-icon="icons.Search"
      class="fz-toolbar-input" />
    <el-button @click="expandAll(true)">全部展开</el-button>
    <el-button @click="expandAll(false)">全部收起</el-button>
    <span class="fz-muted">共 {{ units.length }} 个单位</span>
  </div>
  <el-table ref="tableRef" :data="tree" row-key="id" v-loading="loading" border
    :default-expand-all="true" :tree-props="{ children: 'children' }" data-test="units-table"
    empty-text="暂无单位">
    <el-table-column prop="name" label="单位名称" min-width="240" />
    <el-table-column label="类型" width="100" align="center">
      <template #default="{ row }">
        <el-tag :type="kindTag(row.kind)" size="small" effect="light">{{ row.kind_name || kindName(row.kind) }}</el-tag>
      </template>
    </el-table-column>
    <el-table-column prop="code" label="单位编码" width="180" />
    <el-table-column label="操作" width="240" align="center" fixed="right">
      <template #default="{ row }">
        <el-button link type="primary" :icon="icons.Plus" @click="openAdd(row)">新增下级</el-button>
        <el-button link type="primary" :icon="icons.Edit" @click="openEdit(row)">编辑</el-button>
        <el-button link type="danger" :icon="icons.Delete" @click="remove(row)">删除</el-button>
      </template>
    </el-table-column>
  </el-table>

  <el-dialog v-model="dialog.open" :title="dialog.id ? '编辑单位' : '新增单位'" width="520px"
    :close-on-click-modal="false" destroy-on-close>
    <el-form ref="formRef" :model="form" :rules="rules" label-width="96px">
      <el-form-item v-if="!dialog.id" label="上级单位" prop="parent_id">
        <el-tree-select v-model="form.parent_id" :data="allTree" node-key="id" check-strictly
          :props="{ label: 'name', children: 'children' }" clearable filterable
          placeholder="不选则为顶级单位" class="fz-full" />
      </el-form-item>
      <el-form-item label="单位名称" prop="name">
        <el-input v-model.trim="form.name" maxlength="64" show-word-limit />
      </el-form-item>
      <el-form-item label="单位类型" prop="kind">
        <el-select v-model="form.kind" placeholder="请选择" class="fz-full">
          <el-option v-for="k in kinds" :key="k.key" :label="k.name" :value="k.key" />
        </el-select>
      </el-form-item>
      <el-form-item label="单位编码" prop="code">
        <el-input v-model.trim="form.code" maxlength="12" placeholder="行政区划代码，最多 12 位数字，可不填" />
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="dialog.open = false">取消</el-button>
      <el-button type="primary" :loading="dialog.busy" @click="save">保存</el-button>
    </template>
  </el-dialog>
</el-card>`,
	setup() {
		const icons = window.ElementPlusIconsVue;
		const units = ref([]);
		const loading = ref(false);
		const filter = ref('');
		const tableRef = ref(null);
		const formRef = ref(null);
		const dialog = reactive({ open: false, id: null, busy: false });
		const form = reactive({ parent_id: null, name: '', kind: 'department', code: '' });
		const rules = {
			name: [{ required: true, message: '请输入单位名称', trigger: 'blur' }],
			kind: [{ required: true, message: '请选择单位类型', trigger: 'change' }],
			// The server's rule (src/domain/org/org.c): a GB/T 2260 style
			// region code, digits only, at most 12 (township level).
			code: [{ pattern: /^\d{0,12}$/, message: '单位编码应为最多 12 位数字（行政区划代码）', trigger: 'blur' }],
		};
		const allTree = computed(() => unitTree(units.value));
		const tree = computed(() => {
			const f = filter.value.toLowerCase();
			if (!f) return allTree.value;
			// Keep matching units together with their ancestors.
			const keep = (list) => list.map((u) => {
				const kids = u.children ? keep(u.children) : [];
				const hit = u.name.toLowerCase().includes(f) ||
					String(u.code || '').toLowerCase().includes(f);
				if (!hit && !kids.length) return null;
				return { ...u, children: kids.length ? kids : undefined };
			}).filter(Boolean);
			return keep(allTree.value);
		});

		async function load() {
			loading.value = true;
			try {
				units.value = (await get('/units')).items || [];
			} finally {
				loading.value = false;
			}
		}
		function openAdd(parent) {
			dialog.id = null;
			Object.assign(form, {
				parent_id: parent ? parent.id : null,
				name: '',
				kind: parent && parent.kind === 'town' ? 'station' : 'department',
				code: '',
			});
			dialog.open = true;
		}
		function openEdit(row) {
			dialog.id = row.id;
			Object.assign(form, { parent_id: row.parent_id, name: row.name, kind: row.kind, code: row.code || '' });
			dialog.open = true;
		}
		async function save() {
			const valid = await formRef.value.validate().catch(() => false);
			if (!valid) return;
			dialog.busy = true;
			try {
				if (dialog.id) {
					await put('/units/' + dialog.id, { name: form.name, kind: form.kind, code: form.code });
					ElementPlus.ElMessage.success('单位已保存');
				} else {
					await post('/units', { parent_id: form.parent_id, name: form.name, kind: form.kind, code: form.code });
					ElementPlus.ElMessage.success('单位已新增');
				}
				dialog.open = false;
				await load();
			} catch (e) {
				// api.js has shown the server's message.
			} finally {
				dialog.busy = false;
			}
		}
		async function remove(row) {
			try {
				await ElementPlus.ElMessageBox.confirm(
					'确定删除单位「' + row.name + '」吗？有下级单位或用户的单位不能删除。',
					'删除单位', { type: 'warning', confirmButtonText: '删除', cancelButtonText: '取消' });
			} catch (e) {
				return;
			}
			try {
				await del('/units/' + row.id);
				ElementPlus.ElMessage.success('单位已删除');
				await load();
			} catch (e) {
				// shown by api.js (409 explains what still hangs on it)
			}
		}
		function expandAll(open) {
			const walk = (list) => {
				for (const u of list) {
					if (u.children) {
						tableRef.value.toggleRowExpansion(u, open);
						walk(u.children);
					}
				}
			};
			walk(tree.value);
		}
		const kindName = (k) => (UNIT_KINDS.find((x) => x.key === k) || {}).name || k;
		const kindTag = (k) => KIND_TAG[k] || 'info';

		onMounted(load);
		return {
			icons, units, tree, allTree, loading, filter, tableRef, formRef, dialog, form, rules,
			kinds: UNIT_KINDS, load, openAdd, openEdit, save, remove, expandAll, kindName, kindTag,
		};
	},
};

// Home card for admins: how many units, of which kind.
const UnitsCard = {
	name: 'UnitsCard',
	template: `
<el-card shadow="never" class="fz-stat" data-test="card-units" @click="go('/units')">
  <div class="fz-stat-icon fz-stat-blue"><el-icon :size="28"><IconOfficeBuilding /></el-icon></div>
  <div class="fz-stat-body">
    <div class="fz-stat-label">单位总数</div>
    <div class="fz-stat-value">{{ total === null ? '—' : total }}</div>
    <div class="fz-stat-sub">{{ detail }}</div>
  </div>
</el-card>`,
	setup() {
		const total = ref(null);
		const detail = ref('');
		onMounted(async () => {
			try {
				const items = (await get('/units', null, { quiet: true })).items || [];
				total.value = items.length;
				detail.value = UNIT_KINDS
					.map((k) => [k.name, items.filter((u) => u.kind === k.key).length])
					.filter(([, n]) => n > 0)
					.map(([name, n]) => name + ' ' + n)
					.join(' · ');
			} catch (e) {
				detail.value = '加载失败';
			}
		});
		return { total, detail, go };
	},
};

export default {
	key: 'units',
	path: '/units',
	title: '单位管理',
	icon: 'OfficeBuilding',
	component: UnitsPage,
	homeCards: [{ key: 'units-count', order: 10, span: 8, component: UnitsCard }],
};
