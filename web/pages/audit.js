// pages/audit.js - 审计日志: the append-only, hash-chained log, newest
// first.  三员分立: the audit administrator reads every entry and may ask
// the server to verify the chain; the system and security administrators
// read the audit administrator's own entries (the server filters).

import { get } from '../api.js';
import { session } from '../session.js';
import { go } from '../router.js';
import { fmtTime } from '../util.js';

const { ref, reactive, onMounted } = Vue;

// Chinese names for the action verbs the platform writes.  A verb missing
// here is shown as is, so a new module's actions never disappear.
export const ACTION_NAMES = {
	'login': '登录',
	'login_failed': '登录失败',
	'user.locked': '连续失败锁定',
	'login.throttled': '登录受限（须等待）',
	'login_refused': '已锁定账号登录被拒',
	'logout': '退出登录',
	'password.change': '修改密码',
	'user.create': '新增用户',
	'user.update': '编辑用户',
	'user.lock': '锁定用户',
	'user.unlock': '解锁用户',
	'user.password_reset': '重置密码',
	'user.reveal': '查看完整个人信息',
	'unit.create': '新增单位',
	'unit.update': '编辑单位',
	'unit.delete': '删除单位',
	'token.create': '创建接口令牌',
	'token.revoke': '撤销接口令牌',
	'token.revoke_all': '撤销用户的全部接口令牌',
	'audit.rekey': '审计日志改为密钥链',
	'audit.anchor': '审计链头签名锚定',
	'audit.verify': '校验审计日志',
	'user.role': '变更角色',
	'totp.begin': '生成动态口令密钥',
	'totp.enrol': '绑定动态口令',
	'totp.reset': '重置动态口令',
	'enforce.inspection': '执法检查',
	'enforce.penalty': '行政处罚立案',
	'enforce.transfer': '两法衔接移送',
	'enforce.no_transfer': '决定不移送',
	'enforce.review': '案卷评查',
	'enforce.finding.close': '评查问题销号',
	'enforce.code.rate': '行政行为码评价',
	'enforce.code.revoke': '撤销行政行为码',
	'review.apply': '复议申请',
	'report.publish': '发布法治政府建设年度报告',
	'supervise.item': '法治督察事项办理',
	'supervise.demo': '演示数据（法治督察）',
	'review.case': '复议案件办理',
	'review.assign': '分配复议员',
	'review.officer.add': '新增复议员',
	'review.suit.add': '登记复议后诉讼',
	'review.suit.judge': '登记诉讼结果',
	'review.appearance': '负责人出庭应诉',
	'review.demo': '演示数据（复议）',
	'mediate.open': '受理调解',
	'mediate.dispute': '纠纷调解',
	'mediate.labor': '劳动争议',
	'mediate.assign': '指派调解员',
	'mediate.org.add': '新增调解组织',
	'mediate.mediator.add': '新增调解员',
	'mediate.court_stat': '法院诉前调解统计',
	'mediate.wage.import': '导入欠薪线索',
	'mediate.wage.update': '欠薪线索处置',
	'mediate.demo': '演示数据（调解）',
	'pattern.upload': '上传图样',
	'pattern.register': '图样登记',
	'pattern.case': '花样著作权案件',
	'policy.refuse': '越权访问被拒绝',
	'calendar.import': '导入节假日安排',
	'case.recompute': '补算案件期限',
	'case.flag.resolve': '处理案件提示',
	'pattern.reindex': '重建图样索引',
	'grid.add': '登记市场主体',
	'grid.update': '修改市场主体',
	'grid.import': '批量导入市场主体',
	'grid.record': '登记检查、处罚或事故记录',
	'grid.rectified': '重大事故隐患复查通过',
	'grid.override': '人工调整风险等级',
	'grid.override_clear': '撤销风险等级调整',
	'grid.regrade': '按规则重新评定风险等级',
	'kitchen.site_add': '登记阳光厨房单位',
	'kitchen.source_add': '新增摄像系统接入',
	'kitchen.source_revoke': '停用摄像系统接入',
	'kitchen.photo': '上传处置照片',
	'kitchen.handle': '处置阳光厨房预警',
	'kitchen.event_refused': '拒绝无效令牌的预警推送',
};

// Prefixes for actions without their own label (case.* from the case engine).
const ACTION_PREFIXES = [
	['case.', '案件流转'],
	['enforce.', '行政执法'],
	['review.', '行政复议'],
	['mediate.', '调解'],
	['pattern.', '版权智审'],
];

// What a person reads for an action: the page's own name for the verb,
// else the name the server gives (a case type's step: named by the module
// that owns the object), else the module's general word - never the code.
export function actionName(a, named) {
	if (ACTION_NAMES[a]) return ACTION_NAMES[a];
	if (named) return named;
	const p = ACTION_PREFIXES.find(([k]) => String(a).startsWith(k));
	return p ? p[1] : '其他操作';
}

const AuditPage = {
	name: 'AuditPage',
	template: `
<el-card shadow="never">
  <template #header>
    <div class="fz-card-head">
      <span>审计日志</span>
      <el-button v-if="isAuditor" type="primary" :icon="icons.CircleCheck" :loading="verifying" @click="verify"
        data-test="verify">校验日志链</el-button>
      <span v-else class="fz-form-hint">三员分立：此处仅显示审计管理员的操作记录</span>
    </div>
  </template>
  <el-alert v-if="result" class="fz-mb" :type="result.ok ? 'success' : 'error'" show-icon
    :title="result.ok ? '日志链完整' : '日志链校验未通过'" :closable="true" @close="result = null"
    data-test="verify-result">
    <div v-if="result.ok">共校验 {{ result.count }} 条记录，密钥校验链首尾相接，未发现篡改或删除。</div>
    <div v-else>
      共校验 {{ result.count }} 条记录，第 {{ result.bad_seq }} 条起校验失败：{{ result.message }}
    </div>
  </el-alert>
  <el-form :inline="true" class="fz-toolbar" @submit.prevent="search">
    <el-form-item label="操作类型">
      <el-select v-model="filters.action" placeholder="全部" clearable filterable allow-create
        class="fz-toolbar-input" @change="search">
        <el-option v-for="(name, key) in actions" :key="key" :label="name" :value="key" />
      </el-select>
    </el-form-item>
    <el-form-item label="操作人">
      <el-input v-model.trim="filters.actor" placeholder="账号" clearable class="fz-toolbar-input"
        @clear="search" />
    </el-form-item>
    <el-form-item>
      <el-button type="primary" native-type="submit" :icon="icons.Search">查询</el-button>
      <el-button @click="resetFilters">重置</el-button>
    </el-form-item>
  </el-form>
  <el-table :data="items" v-loading="loading" border stripe data-test="audit-table" empty-text="暂无记录">
    <el-table-column prop="seq" label="序号" width="80" align="center" />
    <el-table-column label="时间" width="170">
      <template #default="{ row }">{{ fmtTime(row.at) }}</template>
    </el-table-column>
    <el-table-column label="操作人" min-width="110">
      <template #default="{ row }">{{ row.actor_name || '匿名' }}</template>
    </el-table-column>
    <el-table-column label="操作类型" min-width="120">
      <template #default="{ row }">{{ actionName(row.action, row.action_name) }}</template>
    </el-table-column>
    <el-table-column label="对象" min-width="150" show-overflow-tooltip>
      <template #default="{ row }">{{ row.object_name || '—' }}</template>
    </el-table-column>
    <el-table-column prop="detail" label="详情" min-width="200" show-overflow-tooltip />
    <el-table-column prop="ip" label="IP 地址" width="130" />
    <el-table-column label="结果" width="80" align="center">
      <template #default="{ row }">
        <el-tag :type="row.ok ? 'success' : 'danger'" size="small">{{ row.ok ? '成功' : '失败' }}</el-tag>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination class="fz-pager" background layout="total, sizes, prev, pager, next, jumper"
    :total="total" v-model:current-page="page" v-model:page-size="perPage"
    :page-sizes="[20, 50, 100]" @current-change="load" @size-change="search" />
</el-card>`,
	setup() {
		const icons = window.ElementPlusIconsVue;
		const items = ref([]);
		const total = ref(0);
		const page = ref(1);
		const perPage = ref(20);
		const loading = ref(false);
		const verifying = ref(false);
		const result = ref(null);
		const filters = reactive({ action: '', actor: '' });

		async function load() {
			loading.value = true;
			try {
				const r = await get('/audit', {
					action: filters.action, actor: filters.actor, page: page.value, per_page: perPage.value,
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
			filters.action = '';
			filters.actor = '';
			search();
		}
		async function verify() {
			verifying.value = true;
			try {
				result.value = await get('/audit/verify');
			} catch (e) {
				result.value = null;
			} finally {
				verifying.value = false;
			}
		}
		onMounted(load);
		return {
			isAuditor: Vue.computed(() => session.user && session.user.role === 'auditor'),
			icons, items, total, page, perPage, loading, verifying, result, filters,
			actions: ACTION_NAMES, load, search, resetFilters, verify, fmtTime, actionName,
		};
	},
};

// Home card for admins: the latest entries.
const AuditCard = {
	name: 'AuditCard',
	template: `
<el-card shadow="never" class="fz-home-card" data-test="card-audit">
  <template #header>
    <div class="fz-card-head">
      <span>最近操作记录</span>
      <el-button link type="primary" @click="go('/audit')">查看全部</el-button>
    </div>
  </template>
  <el-table :data="items" size="small" v-loading="loading" empty-text="暂无记录">
    <el-table-column label="时间" width="160">
      <template #default="{ row }">{{ fmtTime(row.at) }}</template>
    </el-table-column>
    <el-table-column label="操作人" min-width="100">
      <template #default="{ row }">{{ row.actor_name || '匿名' }}</template>
    </el-table-column>
    <el-table-column label="操作类型" min-width="100">
      <template #default="{ row }">{{ actionName(row.action, row.action_name) }}</template>
    </el-table-column>
    <el-table-column label="对象" min-width="120" show-overflow-tooltip>
      <template #default="{ row }">{{ row.object_name || '—' }}</template>
    </el-table-column>
    <el-table-column prop="ip" label="IP 地址" width="120" />
    <el-table-column label="结果" width="70" align="center">
      <template #default="{ row }">
        <el-tag :type="row.ok ? 'success' : 'danger'" size="small">{{ row.ok ? '成功' : '失败' }}</el-tag>
      </template>
    </el-table-column>
  </el-table>
</el-card>`,
	setup() {
		const items = ref([]);
		const loading = ref(true);
		onMounted(async () => {
			try {
				items.value = (await get('/audit', { per_page: 8 }, { quiet: true })).items || [];
			} catch (e) {
				items.value = [];
			} finally {
				loading.value = false;
			}
		});
		return { items, loading, go, fmtTime, actionName };
	},
};

// A small count card too, so an admin's first row reads units · users · log.
const AuditCountCard = {
	name: 'AuditCountCard',
	template: `
<el-card shadow="never" class="fz-stat" data-test="card-audit-count" @click="go('/audit')">
  <div class="fz-stat-icon fz-stat-orange"><el-icon :size="28"><IconTickets /></el-icon></div>
  <div class="fz-stat-body">
    <div class="fz-stat-label">审计记录</div>
    <div class="fz-stat-value">{{ total === null ? '—' : total }}</div>
    <div class="fz-stat-sub">只增不改，哈希链防篡改</div>
  </div>
</el-card>`,
	setup() {
		const total = ref(null);
		onMounted(async () => {
			try {
				total.value = (await get('/audit', { per_page: 1 }, { quiet: true })).total;
			} catch (e) {
				total.value = null;
			}
		});
		return { total, go };
	},
};

export default {
	key: 'audit',
	path: '/audit',
	title: '审计日志',
	icon: 'Tickets',
	component: AuditPage,
	homeCards: [
		{ key: 'audit-count', order: 30, span: 8, component: AuditCountCard },
		{ key: 'audit-recent', order: 40, span: 24, component: AuditCard },
	],
};
