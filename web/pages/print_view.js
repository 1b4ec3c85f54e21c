// pages/print_view.js - the print view of a list: every filtered row (up
// to PRINT_MAX) as a plain table under the list's title, the filters said
// in words and the day printed; on screen it is hidden, on paper it is the
// only thing (style.css, @media print).  A page calls printList(): it
// fetches the rows, then opens the browser's print dialog.

import { get } from '../api.js';

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
