// pages/phone_list.js - a case list as cards, for phones (under 600 px the
// wide tables of 执法办案, 行政复议 and 调解 give way to this; style.css):
// each card the 案号 and the light, what the case is, then a line of the
// list's own facts.  A tap opens the case.

const TYPES = { overdue: 'danger', red: 'danger', yellow: 'warning', green: 'success' };

export const PhoneList = {
	name: 'PhoneList',
	props: {
		items: { type: Array, required: true },
		// the row members shown under the title, in order ("opened_on", ...)
		meta: { type: Array, default: () => [] },
	},
	emits: ['open'],
	template: `
<ul class="fz-phone-list" data-test="phone-list">
  <li v-for="row in items" :key="row.id" @click="$emit('open', row)">
    <div class="fz-phone-line">
      <span class="fz-phone-no">{{ row.number || '（未编号）' }}</span>
      <el-tag v-if="row.light_name && row.light !== 'none'" :type="type(row)" size="small" effect="dark">{{ row.light_name }}</el-tag>
    </div>
    <div class="fz-phone-what">{{ row.title }}</div>
    <div class="fz-muted">{{ meta.map((k) => row[k]).filter(Boolean).join(' · ') }}</div>
  </li>
  <li v-if="!items.length" class="fz-muted">暂无记录</li>
</ul>`,
	setup() {
		return { type: (row) => TYPES[row.light] || 'info' };
	},
};
