// pages/enforce_sup.js - 执法监督: the procuratorate's 两法衔接 list
// (warnings and how each was handled) and the rule-of-law office's lists
// (decisions outside the discretion range, 评查 results per agency and
// officer, the findings and their close-out).  Each list is shown to the roles the API lets read it.

import { get } from '../api.js';
import { go } from '../router.js';
import { session } from '../session.js';
import { FindingsTable } from './enforce_common.js';

const { ref, onMounted } = Vue;

const yuan = (c) => (c / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 });
const pct = (r) => r == null ? '—' : r.toFixed(1);

const SupPage = {
	name: 'EnforceSupervision',
	template: `
<el-card shadow="never">
  <template #header><div class="fz-card-head"><span>执法监督</span></div></template>
  <el-tabs v-model="tab">
    <el-tab-pane label="两法衔接预警" name="transfers" v-if="transfers">
      <el-table :data="transfers" border stripe data-test="sup-transfers" @row-click="(r) => go('/enforce', { id: r.case_id })">
        <el-table-column prop="number" label="案号" width="200" />
        <el-table-column prop="agency" label="执法机关" width="200" />
        <el-table-column prop="reason" label="预警内容" />
        <el-table-column prop="decision_due" label="处置期限" width="110" />
        <el-table-column label="处理情况" width="120">
          <template #default="{ row }"><el-tag :type="row.handling === '未处理' ? (row.overdue ? 'danger' : 'warning') : 'success'">{{ row.handling }}{{ row.overdue ? '（超期）' : '' }}</el-tag></template>
        </el-table-column>
        <el-table-column label="移送/理由" width="220"><template #default="{ row }">{{ row.doc_no || row.resolution }}</template></el-table-column>
      </el-table>
    </el-tab-pane>
    <el-tab-pane label="超裁量幅度决定" name="discretion" v-if="outside">
      <el-table :data="outside" border stripe data-test="sup-discretion">
        <el-table-column prop="number" label="案号" width="200" />
        <el-table-column prop="agency" label="执法机关" width="200" />
        <el-table-column label="罚款（元）" width="120"><template #default="{ row }">{{ yuan(row.fine) }}</template></el-table-column>
        <el-table-column label="建议幅度（元）" width="200"><template #default="{ row }">{{ yuan(row.rec_min) }} – {{ yuan(row.rec_max) }}</template></el-table-column>
        <el-table-column prop="reason" label="裁量说明" />
      </el-table>
    </el-tab-pane>
    <el-tab-pane label="案卷评查" name="reviews" v-if="reviews">
      <div class="fz-muted fz-mb">评查已办结的行政处罚案卷：在案件页点击“评查打分”，按评查标准逐项打分；扣分项成为被评查单位的整改问题，由该单位整改销号。按得分率从低到高排列。</div>
      <el-tabs v-model="rtab" type="card">
        <el-tab-pane label="按执法机关" name="agencies">
          <el-table :data="reviews.agencies" border stripe data-test="review-agencies">
            <el-table-column prop="agency" label="执法机关" />
            <el-table-column prop="reviews" label="评查案卷" width="100" />
            <el-table-column label="得分率（%）" width="110"><template #default="{ row }">{{ pct(row.rate) }}</template></el-table-column>
            <el-table-column prop="findings" label="发现问题" width="100" />
            <el-table-column label="待整改" width="100"><template #default="{ row }"><el-tag v-if="row.open_findings" type="warning" size="small">{{ row.open_findings }}</el-tag><span v-else>0</span></template></el-table-column>
          </el-table>
        </el-tab-pane>
        <el-tab-pane label="按执法人员" name="officers">
          <el-table :data="reviews.officers" border stripe data-test="review-officers">
            <el-table-column prop="officer" label="执法人员" width="120" />
            <el-table-column prop="cert" label="执法证号" width="140" />
            <el-table-column prop="agency" label="执法机关" />
            <el-table-column prop="reviews" label="评查案卷" width="100" />
            <el-table-column label="得分率（%）" width="110"><template #default="{ row }">{{ pct(row.rate) }}</template></el-table-column>
            <el-table-column prop="findings" label="涉及问题" width="100" />
          </el-table>
        </el-tab-pane>
        <el-tab-pane label="评查问题" name="findings" lazy><FindingsTable status="" /></el-tab-pane>
      </el-tabs>
    </el-tab-pane>
  </el-tabs>
</el-card>`,
	setup() {
		const tab = ref('transfers'), transfers = ref(null), outside = ref(null), reviews = ref(null), rtab = ref('agencies');
		// Each list only for the roles its route lets read it
		// (src/domain/enforce/enforce_api.c): asking and being refused
		// would put a refusal in the console and the audit log.
		const role = session.user ? session.user.role : '';
		const may = { transfers: ['procurator', 'office'], discretion: ['office', 'justice'],
			reviews: ['office', 'justice'] };
		onMounted(async () => {
			const q = { quiet: true };
			if (may.transfers.includes(role))
				transfers.value = (await get('/enforce/supervision/transfers', null, q).catch(() => null))?.items || null;
			if (may.discretion.includes(role))
				outside.value = (await get('/enforce/supervision/discretion', null, q).catch(() => null))?.items || null;
			if (may.reviews.includes(role))
				reviews.value = await get('/enforce/supervision/reviews', null, q).catch(() => null);
			if (!transfers.value) tab.value = 'discretion';
		});
		return { tab, transfers, outside, reviews, rtab, yuan, pct, go };
	},
};
SupPage.components = { FindingsTable };

export default { key: 'enforce-supervision', path: '/enforce-supervision', title: '执法监督', icon: 'View', component: SupPage };
