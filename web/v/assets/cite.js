// cite.js - legal-basis text with each cited article linked to the law
// search's article page (一键找法, web/laws/laws.js): a citation opens
// /laws/#/cite?q=<law short title> 第N条, which goes straight to the
// article when the search resolves it and shows the search otherwise.
// Shared by the public code page (/v/) and the staff pages (执法办案, 裁量
// 计算); needs only the global Vue.
//
// What is recognised:
//   《中华人民共和国产品质量法》第四十九条           (one link)
//   《中华人民共和国行政处罚法》第三十六条、第五十四条 (a link per article)
//   《…》第六十条第一款第（五）项                     (款/项 stay in the link
//                                                      text, the link opens
//                                                      the article)
//   行政处罚法第三十三条, 行政处罚法 Art. 60         (without 《》 only for
//                                                      the laws named below)
// Everything else stays plain text (never v-html).

const NUM = '[零〇一二三四五六七八九十百千两0-9]+';
const SUB = '(?:之[一二三四五六七八九十]+)?(?:第' + NUM + '款)?(?:第[（(]?' + NUM + '[）)]?项)?';
const ART = '第(' + NUM + ')条' + SUB;
// Laws the enforcement pages cite without 《》 (docs, notes, engine cites).
const BARE = ['行政处罚法', '行政强制法', '行政复议法', '行政诉讼法', '产品质量法',
	'食品安全法', '大气污染防治法', '水污染防治法', '环境影响评价法', '消防法', '安全生产法',
	'城市道路管理条例'];

const RE = new RegExp(
	'《([^》]{2,60})》(' + ART + '(?:[、和及]' + ART + ')*)' +
	'|(' + BARE.join('|') + ')\\s*(?:(' + ART + '(?:[、和及]' + ART + ')*)|Art\\.\\s*([0-9]+))', 'g');
const ONE = new RegExp(ART, 'g');

// The title the law search resolves best: without 中华人民共和国.
export function shortTitle(law) {
	return law.replace(/^中华人民共和国/, '').trim();
}

export function citeUrl(law, art) {
	return '/laws/#/cite?q=' + encodeURIComponent(shortTitle(law) + ' 第' + art + '条');
}

const DIGITS = '零一二三四五六七八九';

// 1..999 in Chinese numerals, as articles are numbered: 六十, 一百零五.
export function cnNumber(n) {
	n = Number(n);
	if (!(n > 0 && n < 1000)) return String(n);
	const h = Math.floor(n / 100), t = Math.floor(n / 10) % 10, u = n % 10;
	let out = h ? DIGITS[h] + '百' : '';
	if (t) out += (t === 1 && !h ? '' : DIGITS[t]) + '十';
	else if (h && u) out += '零';
	if (u) out += DIGITS[u];
	return out;
}

// The engine's short citations ("行政处罚法 Art. 64(1), Art. 85") as people
// read them ("行政处罚法第六十四条第一款、第八十五条"): no English reaches a
// page.
export function citeText(text) {
	return (text == null ? '' : String(text))
		.replace(/,\s*(?=Art\.)/g, '、')
		.replace(/\s*Art\.\s*([0-9]+)(?:\(([0-9]+)\))?(?:\(([0-9]+|[一二三四五六七八九十]+)\))?/g,
			(m, a, k, x) => '第' + cnNumber(a) + '条' + (k ? '第' + cnNumber(k) + '款' : '') +
				(x ? '第（' + (/^[0-9]+$/.test(x) ? cnNumber(x) : x) + '）项' : ''));
}

// Split text into [{text, href?}]: linked citations and plain runs.
export function citeParts(text) {
	const s = citeText(text);
	const out = [];
	let last = 0, m;
	const plain = (a, b) => { if (b > a) out.push({ text: s.slice(a, b) }); };
	RE.lastIndex = 0;
	while ((m = RE.exec(s))) {
		plain(last, m.index);
		const law = m[1] || m[5];
		const refs = m[1] ? m[2] : m[6];
		if (m[9] !== undefined && !refs) {
			// "行政处罚法 Art. 60"
			out.push({ text: m[0], href: citeUrl(law, m[9]) });
		} else {
			// the law's name goes with the first article's link
			let pos = m.index, first = true, a;
			const base = m.index + m[0].length - refs.length;
			ONE.lastIndex = 0;
			while ((a = ONE.exec(refs))) {
				const start = base + a.index, end = start + a[0].length;
				if (!first) plain(pos, start);
				out.push({ text: s.slice(first ? m.index : start, end), href: citeUrl(law, a[1]) });
				pos = end;
				first = false;
			}
		}
		last = m.index + m[0].length;
	}
	plain(last, s.length);
	return out;
}

// <law-text :text="…" />: the text with its citations as links (new tab).
export const LawText = {
	name: 'LawText',
	props: { text: [String, Number] },
	template: `<span class="fz-law-text"><template v-for="(p, i) in parts" :key="i"><a v-if="p.href" :href="p.href" target="_blank" rel="noopener" class="fz-cite" data-test="cite">{{ p.text }}</a><template v-else>{{ p.text }}</template></template></span>`,
	setup(props) {
		return { parts: Vue.computed(() => citeParts(props.text)) };
	},
};
