// pages/print_view.js - the print view of a list: every filtered row (up
// to PRINT_MAX) as a plain table under the list's title, the filters said
// in words and the day printed; on screen it is hidden, on paper it is the
// only thing (style.css, @media print).  A page calls printList(): it
// fetches the rows, then opens the browser's print dialog.

import { get } from '../api.js';
import { exportHref } from '../util.js';

const { ref, computed, nextTick } = Vue;

export const PRINT_MAX = 500;

export const PrintView = {
	name: 'PrintView',
	props: {
		title: { type: String, required: true },
		cols: { type: Array, required: true },   // [{ key, label }]
		rows: { type: Array, default: () => [] },
		note: { type: String, default: '' },     // the filters in words
	},
	/* teleported to <body>, so on paper it starts at the page's corner */
	template: `
<Teleport to="body">
<div class="fz-print-only" data-test="print-view">
  <h2 class="fz-print-title">{{ title }}</h2>
  <div class="fz-print-meta">{{ note }}{{ note ? '；' : '' }}共 {{ rows.length }} 条；打印于 {{ today }}</div>
  <table class="fz-print-table">
    <thead><tr><th>序号</th><th v-for="c in cols" :key="c.key">{{ c.label }}</th></tr></thead>
    <tbody><tr v-for="(r, i) in rows" :key="r.id || i"><td>{{ i + 1 }}</td><td v-for="c in cols" :key="c.key">{{ r[c.key] ?? '' }}</td></tr></tbody>
  </table>
</div>
</Teleport>`,
	setup() {
		const d = new Date(Date.now() + 8 * 3600 * 1000);
		return { today: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日` };
	},
};

// The rows of path under query (its page and size replaced) for printing;
// a note when there were more than PRINT_MAX.
export async function printRows(path, query) {
	const q = { ...query, page: 1, per_page: PRINT_MAX };
	delete q.after;
	const r = await get(path, q);
	return { rows: r.items || [], more: (r.total || 0) > PRINT_MAX };
}

// What a case list's 导出表格 and 打印 need, for the list at path whose
// current filters query() gives and note() says in words: the export
// link, and print(), which fetches the rows, fills the view, opens the
// dialog.  The page binds printed and printNote to its <PrintView>.
export function listTools(path, query, note) {
	const printed = ref([]), printNote = ref(''), printing = ref(false);
	const exportLink = computed(() => exportHref(path, query()));
	async function print() {
		printing.value = true;
		try {
			const r = await printRows(path, query());
			printed.value = r.rows;
			printNote.value = (note() || '全部') + (r.more ? `；仅前 ${PRINT_MAX} 条，全部请导出表格` : '');
			await nextTick();
			window.print();
		} finally {
			printing.value = false;
		}
	}
	return { exportLink, print, printing, printed, printNote };
}
