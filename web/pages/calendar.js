// pages/calendar.js - 节假日安排 (admin): the years the deadlines count
// with (内置 / 已导入 / 暂定), a year's days on twelve small month grids,
// and the import of a new State Council notice: paste the text, check the
// parsed days beside the month grids, then import.  The server parses
// (POST /calendar/preview writes nothing) and recomputes the open cases'
// deadlines on import.

import { get, post } from '../api.js';

const { ref, reactive, computed, onMounted } = Vue;

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];
const KIND_NAMES = { holiday: '放假', workday: '调休上班' };
const SOURCE_TAG = { compiled: 'info', imported: 'success', provisional: 'warning' };

// The weeks of one month as rows of 7 cells (Monday first), each
// { day, date, kind, label, weekend } or null outside the month.
function monthWeeks(year, month, byDate) {
	const first = new Date(Date.UTC(year, month - 1, 1));
	const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const lead = (first.getUTCDay() + 6) % 7;
	const cells = [];
	for (let i = 0; i < lead; i++) cells.push(null);
	for (let d = 1; d <= days; d++) {
		const date = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
		const listed = byDate[date];
		const wd = (lead + d - 1) % 7;
		cells.push({ day: d, date, kind: listed ? listed.kind : '', label: listed ? listed.label : '', weekend: wd >= 5 });
	}
	while (cells.length % 7) cells.push(null);
	const weeks = [];
	for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
	return weeks;
}

const MonthGrids = {
	name: 'MonthGrids',
	props: { year: Number, days: Array },
	template: `
<div class="cal-months" data-test="month-grids">
  <div v-for="m in months" :key="m.month" class="cal-month">
    <div class="cal-month-title">{{ m.month }}月</div>
    <table class="cal-grid">
      <tr><th v-for="w in week" :key="w">{{ w }}</th></tr>
      <tr v-for="(row, i) in m.weeks" :key="i">
        <td v-for="(c, j) in row" :key="j" :class="cellClass(c)" :title="c && c.label ? c.label + '（' + kindName(c.kind) + '）' : ''">
          {{ c ? c.day : '' }}
        </td>
      </tr>
    </table>
  </div>
  <div class="cal-legend">
    <span class="cal-cell-holiday cal-key"></span>放假
    <span class="cal-cell-workday cal-key"></span>调休上班
    <span class="cal-cell-weekend cal-key"></span>周末
  </div>
</div>`,
	setup(props) {
		const months = computed(() => {
			const byDate = {};
			for (const d of props.days || []) byDate[d.date] = d;
			const out = [];
			for (let m = 1; m <= 12; m++) out.push({ month: m, weeks: monthWeeks(props.year, m, byDate) });
			return out;
		});
		const cellClass = (c) => !c ? 'cal-empty' : c.kind === 'holiday' ? 'cal-cell-holiday'
			: c.kind === 'workday' ? 'cal-cell-workday' : c.weekend ? 'cal-cell-weekend' : '';
		return { months, week: WEEK, cellClass, kindName: (k) => KIND_NAMES[k] || '' };
	},
};

const CalendarPage = {
	name: 'CalendarPage',
	components: { MonthGrids },
	template: `
<el-card shadow="never" class="fz-mb">
  <template #header>
    <div class="fz-card-head">
      <span>节假日安排</span>
      <el-button type="primary" @click="openImport" data-test="open-import">导入国务院通知</el-button>
    </div>
  </template>
  <el-alert type="info" :closable="false" show-icon class="fz-mb"
    title="办案期限按国务院办公厅每年发布的节假日安排计算。尚未发布通知的年份暂按法定节假日和周末计算，相关期限标注“暂定”；通知发布后请在此导入，系统将重新计算在办案件的期限。" />
  <el-table :data="years" v-loading="loading" border size="small" data-test="years" empty-text="暂无数据"
    highlight-current-row @row-click="(r) => pick(r.year)">
    <el-table-column prop="year" label="年份" width="80" align="center" />
    <el-table-column label="来源" width="100" align="center">
      <template #default="{ row }"><el-tag :type="sourceTag[row.source]" size="small">{{ row.source_name }}</el-tag></template>
    </el-table-column>
    <el-table-column label="依据" min-width="280">
      <template #default="{ row }">{{ row.title || (row.provisional ? '通知尚未发布：按法定节假日和周末暂定计算' : '') }}</template>
    </el-table-column>
    <el-table-column label="导入" min-width="180">
      <template #default="{ row }">{{ row.imported_at ? row.imported_by + ' 于 ' + row.imported_at.slice(0, 10) : '' }}</template>
    </el-table-column>
  </el-table>
</el-card>
<el-card shadow="never" v-if="year">
  <template #header>{{ year }}年{{ yearProvisional ? '（暂定：仅含法定节假日）' : '' }}</template>
  <month-grids :year="year" :days="days" />
</el-card>

<el-dialog v-model="dlg.open" title="导入国务院节假日安排通知" width="1240px" :close-on-click-modal="false" top="4vh">
  <el-row :gutter="16">
    <el-col :span="9">
      <el-input v-model="dlg.text" type="textarea" :rows="18" data-test="notice-text"
        placeholder="粘贴通知全文，例如：&#10;国务院办公厅关于2027年部分节假日安排的通知&#10;一、元旦：1月1日（周五）至3日（周日）放假，共3天。&#10;……" />
      <div class="fz-mt">
        <el-button @click="preview" :loading="dlg.busy" data-test="preview">解析预览</el-button>
      </div>
      <el-alert v-for="(e, i) in dlg.errors" :key="i" type="error" :closable="false" show-icon class="fz-mt"
        :title="e.message" data-test="preview-error" />
    </el-col>
    <el-col :span="15" v-if="dlg.result">
      <div class="fz-mb">
        <b>{{ dlg.result.title }}</b>：放假 {{ count('holiday') }} 天，调休上班 {{ count('workday') }} 天
        <el-tag v-if="dlg.result.replaces" type="warning" size="small">将替换{{ dlg.result.year }}年现有安排</el-tag>
      </div>
      <el-row :gutter="12">
        <el-col :span="10">
          <el-table :data="dlg.result.days" size="small" border height="420" data-test="preview-days">
            <el-table-column prop="date" label="日期" width="100" />
            <el-table-column label="类型" width="96">
              <template #default="{ row }"><el-tag size="small" :type="row.kind === 'holiday' ? 'danger' : 'primary'">{{ kindName(row.kind) }}</el-tag></template>
            </el-table-column>
            <el-table-column prop="label" label="节日" min-width="110" show-overflow-tooltip />
          </el-table>
        </el-col>
        <el-col :span="14"><month-grids :year="dlg.result.year" :days="dlg.result.days" /></el-col>
      </el-row>
    </el-col>
  </el-row>
  <template #footer>
    <el-button @click="dlg.open = false">取消</el-button>
    <el-button type="primary" :disabled="!dlg.result" :loading="dlg.busy" @click="doImport" data-test="import">确认导入</el-button>
  </template>
</el-dialog>`,
	setup() {
		const years = ref([]);
		const loading = ref(false);
		const year = ref(0);
		const days = ref([]);
		const yearProvisional = ref(false);
		const dlg = reactive({ open: false, text: '', busy: false, result: null, errors: [] });

		async function load() {
			loading.value = true;
			try {
				years.value = (await get('/calendar')).years;
				if (!year.value && years.value.length) {
					const now = new Date().getFullYear();
					await pick(years.value.some((y) => y.year === now + 1) ? now + 1 : years.value[0].year);
				}
			} catch (e) {
				// api.js has shown the server's message
			} finally {
				loading.value = false;
			}
		}
		async function pick(y) {
			try {
				const r = await get('/calendar', { year: y });
				year.value = y;
				days.value = r.days;
				yearProvisional.value = r.provisional;
			} catch (e) {
				// shown by api.js
			}
		}
		function openImport() {
			Object.assign(dlg, { open: true, result: null, errors: [] });
		}
		async function preview() {
			dlg.busy = true;
			try {
				const r = await post('/calendar/preview', { text: dlg.text });
				dlg.result = r.ok ? r : null;
				dlg.errors = r.errors || [];
			} catch (e) {
				dlg.result = null;
			} finally {
				dlg.busy = false;
			}
		}
		async function doImport() {
			try {
				await ElementPlus.ElMessageBox.confirm(
					`导入后 ${dlg.result.year} 年的期限将按该通知计算，在办案件的期限将重新计算。确认导入？`,
					'确认导入', { type: 'warning', confirmButtonText: '导入', cancelButtonText: '取消' });
			} catch (e) {
				return;
			}
			dlg.busy = true;
			try {
				const r = await post('/calendar/import', { text: dlg.text });
				ElementPlus.ElMessage.success(`已导入${r.year}年节假日安排，重新计算了 ${r.recomputed} 件案件的期限`);
				dlg.open = false;
				await load();
				await pick(r.year);
			} catch (e) {
				// shown by api.js
			} finally {
				dlg.busy = false;
			}
		}
		const count = (k) => (dlg.result ? dlg.result.days.filter((d) => d.kind === k).length : 0);

		onMounted(load);
		return { years, loading, year, days, yearProvisional, dlg, pick, openImport, preview, doImport,
			count, sourceTag: SOURCE_TAG, kindName: (k) => KIND_NAMES[k] || '' };
	},
};

export default {
	key: 'calendar',
	path: '/calendar',
	title: '节假日安排',
	icon: 'Calendar',
	component: CalendarPage,
};
