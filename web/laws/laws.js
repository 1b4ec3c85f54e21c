// laws.js - 一键找法, the public law-search page: a search box with title
// suggestions, results with highlighted snippets and pages, and a reader
// for a whole law with chapter navigation and a permalink per article.
//
// Routes (in the hash, so every view has a link people can share):
//   #/                        the search box and examples
//   #/search?q=…&page=N       results (GET /api/v1/laws/search)
//   #/law/ID                  a whole law (GET /api/v1/laws/ID)
//   #/law/ID/art/KEY          the same, opened at one article (KEY 20 or 120-1)
//   #/cite?q=行政处罚法 第三十六条
//                             a citation: opens the article it names, or
//                             shows the search when it names none.  Other
//                             modules link a legal basis this way, by its
//                             text, without knowing the law's id.
//
// Snippets and titles arrive HTML-escaped from the server with <mark>
// around matches (engine/search/search.c), so they are shown with v-html;
// every other text goes through normal interpolation.

const { createApp, ref, reactive, computed, watch, nextTick, onMounted, onUnmounted } = Vue;

const API = '/api/v1/laws';
const PER_PAGE = 10;

// ---- talking to the API ---------------------------------------------------

class LawError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

function failText(status) {
	if (status === 0) return '无法连接服务器，请检查网络后重试';
	if (status === 404) return '没有找到要查看的内容';
	if (status === 429) return '查询过于频繁，请稍候片刻再试';
	if (status >= 500) return '服务器暂时无法完成查询，请稍后再试';
	return '查询失败（' + status + '）';
}

async function getJSON(path, params) {
	const qs = params ? '?' + new URLSearchParams(params).toString() : '';
	let res;
	try {
		res = await fetch(API + path + qs, { headers: { Accept: 'application/json' } });
	} catch (e) {
		throw new LawError(0, failText(0));
	}
	let body = null;
	try {
		body = await res.json();
	} catch (e) {
		body = null;
	}
	if (!res.ok) {
		const msg = body && body.error && body.error.message;
		throw new LawError(res.status, msg || failText(res.status));
	}
	return body;
}

// ---- the hash router -------------------------------------------------------

function parseHash() {
	const h = location.hash.replace(/^#/, '') || '/';
	const i = h.indexOf('?');
	let path;
	try {
		path = decodeURIComponent(i < 0 ? h : h.slice(0, i));
	} catch (e) {
		path = '/';
	}
	// the query part is decoded by URLSearchParams, so & = + in q survive
	const p = new URLSearchParams(i < 0 ? '' : h.slice(i + 1));
	let m;
	if (path === '/cite') {
		return { name: 'cite', q: p.get('q') || '', page: 1 };
	}
	if (path === '/search') {
		return { name: 'search', q: p.get('q') || '', page: Math.max(1, parseInt(p.get('page'), 10) || 1) };
	}
	if ((m = path.match(/^\/law\/([0-9a-f]{16})(?:\/art\/([0-9]+(?:-[0-9]+)?))?$/))) {
		return { name: 'law', id: m[1], art: m[2] || '' };
	}
	return { name: 'home' };
}

function go(hash) {
	if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
	else location.hash = hash;
}

function searchHash(q, page) {
	const p = new URLSearchParams({ q });
	if (page > 1) p.set('page', String(page));
	return '#/search?' + p.toString();
}

function lawHash(id, key) {
	return '#/law/' + id + (key ? '/art/' + key : '');
}

// ---- small shared pieces ---------------------------------------------------

function statusType(s) {
	return s === '有效' ? 'success' : s === '已被修订' ? 'warning' : 'info';
}

function useMobile() {
	const mobile = ref(window.innerWidth < 768);
	const on = () => { mobile.value = window.innerWidth < 768; };
	onMounted(() => window.addEventListener('resize', on));
	onUnmounted(() => window.removeEventListener('resize', on));
	return mobile;
}

// The search box: suggestions of law titles while typing; Enter or the
// button searches, a chosen suggestion opens that law.
const SearchBox = {
	props: { initial: { type: String, default: '' }, big: Boolean },
	template: `
<div class="lw-box" :class="{ big }">
  <el-autocomplete v-model="text" class="lw-input" :size="big ? 'large' : 'default'"
      :fetch-suggestions="suggest" :trigger-on-focus="false" :debounce="200"
      placeholder="输入法律名称、关键词、问题或条文，如：行政复议法 第二十条"
      clearable value-key="title" popper-class="lw-suggest"
      @select="open" @keyup.enter="submit" aria-label="检索词">
    <template #default="{ item }">
      <div class="lw-sug">
        <span class="lw-sug-title">{{ item.title }}<small v-if="item.promulgated" class="lw-sug-date">{{ item.promulgated.slice(0, 4) }}</small></span>
        <el-tag size="small" :type="statusType(item.status)" disable-transitions>{{ item.status }}</el-tag>
      </div>
    </template>
  </el-autocomplete>
  <el-button type="primary" :size="big ? 'large' : 'default'" class="lw-go" @click="submit">搜索</el-button>
</div>`,
	setup(props) {
		const text = ref(props.initial);
		let picked = false;
		watch(() => props.initial, (v) => { text.value = v; });
		async function suggest(q, cb) {
			q = (q || '').trim();
			if (!q || q.length > 50) return cb([]);
			try {
				const r = await getJSON('/suggest', { q, limit: 8 });
				cb(r.items);
			} catch (e) {
				cb([]);
			}
		}
		function open(item) {
			picked = true;
			setTimeout(() => { picked = false; }, 300);
			go(lawHash(item.id));
		}
		function submit() {
			if (picked) return;
			const q = text.value.trim();
			if (q) go(searchHash(q, 1));
		}
		return { text, suggest, open, submit, statusType };
	},
};

// 2023-09-01 -> 2023年9月1日, as dates are written for people.
function cnDate(d) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

// ---- the home view -----------------------------------------------------------

const EXAMPLES = [
	'行政复议法 第二十条',
	'试用期最长可以约定几个月',
	'法:行政处罚法 听证',
	'"醉酒驾驶机动车"',
	'罚款 OR 拘留',
	'民法典1165条',
];

const Home = {
	components: { SearchBox },
	template: `
<section class="lw-home">
  <h1 class="lw-hero">一键找法</h1>
  <p class="lw-hero-sub">现行法律、行政法规、司法解释和地方性法规，逐条检索</p>
  <SearchBox big />
  <div class="lw-examples">
    <span class="lw-ex-label">试试：</span>
    <a v-for="e in examples" :key="e" class="lw-ex" :href="hash(e)">{{ e }}</a>
  </div>
  <el-collapse class="lw-help">
    <el-collapse-item title="检索语法说明" name="help">
      <ul>
        <li>多个词用空格隔开，表示同时包含：<code>劳动合同 解除</code></li>
        <li>用引号检索完整短语：<code>"醉酒驾驶机动车"</code></li>
        <li><code>OR</code>（或）任一即可，<code>NOT</code>（非）排除：<code>处罚 NOT 罚款</code>；中文“和、或、非”需用空格隔开</li>
        <li>限定一部法律：<code>法:行政处罚法 听证</code></li>
        <li>直达条文：<code>行政复议法 第二十条</code>，也可写作 <code>第20条</code></li>
        <li>也可以直接输入问题，如“行政复议的申请期限是多久”</li>
      </ul>
    </el-collapse-item>
  </el-collapse>
</section>`,
	setup() {
		return { examples: EXAMPLES, hash: (e) => searchHash(e, 1) };
	},
};

// ---- the results view --------------------------------------------------------

const Results = {
	components: { SearchBox },
	props: { q: String, page: Number, cite: Boolean },
	template: `
<section class="lw-results">
  <SearchBox :initial="q" />
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="lw-gap" />
  <template v-else-if="data">
    <el-card v-if="data.direct" shadow="never" class="lw-direct lw-gap">
      <div class="lw-direct-head">
        <el-tag type="primary" effect="dark" size="small">直达条文</el-tag>
        <a :href="lawHash(data.direct.law.id, data.direct.article.key)" class="lw-direct-title">
          {{ data.direct.law.title }} {{ data.direct.article.no }}</a>
      </div>
      <p class="lw-text" v-for="(p, i) in paras(data.direct.article.text)" :key="i">{{ p }}</p>
    </el-card>
    <el-card v-if="data.answer && !data.direct" shadow="never" class="lw-answer lw-gap">
      <div class="lw-direct-head">
        <el-tag type="success" effect="dark" size="small">最相关的条文</el-tag>
        <a :href="lawHash(data.answer.law.id, data.answer.article.key)" class="lw-direct-title">
          {{ data.answer.law.title }} {{ data.answer.article.no }}</a>
      </div>
      <p v-if="data.answer.periods.length" class="lw-answer-period">条文规定的期限：{{ data.answer.periods.join('、') }}</p>
      <p class="lw-text" v-for="(p, i) in paras(data.answer.text_html)" :key="i" v-html="p"></p>
      <div v-if="data.answer.alternatives.length" class="lw-answer-alt">
        <span>也可参看：</span>
        <a v-for="a in data.answer.alternatives" :key="a.law.id + a.article.key"
           :href="lawHash(a.law.id, a.article.key)">{{ a.law.title }} {{ a.article.no }}</a>
      </div>
      <p class="lw-answer-note">以上为检索结果中最相关的条文，仅供参考；具体问题请以法律文本和有关部门的解释为准。</p>
    </el-card>
    <div class="lw-meta lw-gap" v-if="data.items.length">
      <span v-if="data.law">在《{{ data.law.title }}》中，</span>
      <span v-if="data.capped">找到超过 {{ data.total }} 条，显示最相关的 {{ data.total }} 条</span>
      <span v-else>共 {{ data.total }} 条结果</span>
      <span v-if="data.relaxed" class="lw-relaxed">（没有完全匹配的条文，以下为相关条文）</span>
    </div>
    <el-empty v-if="!data.items.length && !data.direct" description="没有找到相关条文，换个说法试试" />
    <article v-for="it in data.items" :key="it.id" class="lw-hit" @click="open(it)">
      <div class="lw-hit-head">
        <a class="lw-hit-title" :href="lawHash(it.law.id, it.key)" @click.stop v-html="it.title_html"></a>
        <span class="lw-hit-no">{{ it.no }}</span>
      </div>
      <div class="lw-hit-tags">
        <el-tag size="small" :type="statusType(it.law.status)" disable-transitions>{{ it.law.status }}</el-tag>
        <el-tag size="small" type="info" effect="plain" disable-transitions>{{ it.law.level }}</el-tag>
        <el-tag v-if="it.law.region" size="small" type="info" effect="plain" disable-transitions>{{ it.law.region }}</el-tag>
        <span v-if="it.chapter" class="lw-hit-chapter">{{ it.chapter }}</span>
      </div>
      <p class="lw-snippet" v-html="it.snippet"></p>
    </article>
    <el-pagination v-if="pages > 1" class="lw-pages" background :small="mobile"
        :pager-count="mobile ? 5 : 7" layout="prev, pager, next"
        :total="Math.min(data.total, 10000)" :page-size="perPage" :current-page="page"
        @current-change="toPage" />
  </template>
  <el-skeleton v-else :rows="6" animated class="lw-gap" />
</section>`,
	setup(props) {
		const data = ref(null);
		const error = ref('');
		const mobile = useMobile();
		async function load() {
			data.value = null;
			error.value = '';
			try {
				const r = await getJSON('/search', { q: props.q, page: props.page, per_page: PER_PAGE });
				if (props.cite && r.direct) {
					location.replace(lawHash(r.direct.law.id, r.direct.article.key));
					return;
				}
				data.value = r;
				window.scrollTo(0, 0);
			} catch (e) {
				error.value = e.message;
			}
		}
		watch(() => [props.q, props.page], load, { immediate: true });
		const pages = computed(() => data.value ? Math.ceil(data.value.total / PER_PAGE) : 0);
		return {
			data, error, mobile, pages, perPage: PER_PAGE, statusType, lawHash,
			paras: (t) => (t || '').split('\n'),
			open: (it) => go(lawHash(it.law.id, it.key)),
			toPage: (p) => go(searchHash(props.q, p)),
		};
	},
};

// ---- the reader ----------------------------------------------------------------

// Headings in reading order, each with the article it starts at.
function outline(articles) {
	const out = [];
	const last = { part: null, chapter: null, section: null };
	for (const a of articles) {
		for (const [lvl, k] of [[1, 'part'], [2, 'chapter'], [3, 'section']]) {
			if (a[k] && a[k] !== last[k]) {
				out.push({ level: lvl, text: a[k], key: a.key });
				if (k === 'part') { last.chapter = null; last.section = null; }
				if (k === 'chapter') last.section = null;
			}
			last[k] = a[k];
		}
	}
	return out;
}

const Reader = {
	props: { id: String, art: String },
	template: `
<section class="lw-reader">
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" />
  <el-skeleton v-else-if="!doc" :rows="10" animated />
  <template v-else>
    <div class="lw-crumb"><a href="#/">一键找法</a><span> / </span><el-button link type="primary" @click="back">返回上一页</el-button></div>
    <header class="lw-law-head">
      <h1 class="lw-law-title">{{ doc.law.title }}</h1>
      <div v-if="doc.law.subtitle" class="lw-law-sub">{{ doc.law.subtitle }}</div>
      <div class="lw-law-tags">
        <el-tag :type="statusType(doc.law.status)" disable-transitions>{{ doc.law.status }}</el-tag>
        <el-tag type="info" effect="plain" disable-transitions>{{ doc.law.level }}</el-tag>
        <el-tag v-if="doc.law.region" type="info" effect="plain" disable-transitions>{{ doc.law.region }}</el-tag>
      </div>
      <div class="lw-law-facts">
        <span v-if="doc.law.issuer">制定机关：{{ doc.law.issuer }}</span>
        <span v-if="doc.law.promulgated">公布：{{ doc.law.promulgated }}</span>
        <span v-if="doc.law.effective">施行：{{ doc.law.effective }}</span>
        <span>共 {{ doc.articles.length }} 条</span>
      </div>
      <el-alert v-if="doc.law.superseded_by" type="warning" show-icon :closable="false" class="lw-gap">
        <template #title><span v-if="doc.law.revised_on">本法已于{{ cnDate(doc.law.revised_on) }}修订。</span><span v-else>本文本已被修订。</span>现行文本：<a :href="lawHash(doc.law.current ? doc.law.current.id : doc.law.superseded_by)">{{ doc.law.current ? doc.law.current.title : (doc.law.superseded_by_title || '查看新版本') }}</a></template>
      </el-alert>
      <div v-if="doc.versions.length > 1" class="lw-versions">
        其他版本：
        <a v-for="v in otherVersions" :key="v.id" :href="lawHash(v.id)">{{ v.promulgated || '未注明日期' }}（{{ v.status }}）</a>
      </div>
    </header>
    <div class="lw-body">
      <nav v-if="toc.length && !mobile" class="lw-toc" aria-label="目录">
        <div class="lw-toc-title">目录</div>
        <a v-for="h in toc" :key="h.key + h.text" :class="'lv' + h.level" :href="lawHash(id, h.key)">{{ h.text }}</a>
      </nav>
      <div class="lw-content">
        <div v-if="doc.law.preamble" class="lw-preamble">
          <h2 class="lw-h lv2">序言</h2>
          <p class="lw-text" v-for="(p, i) in paras(doc.law.preamble)" :key="i">{{ p }}</p>
        </div>
        <template v-for="a in doc.articles" :key="a.key">
          <h2 v-for="h in headingsAt[a.key] || []" :key="h.text" :class="['lw-h', 'lv' + h.level]">{{ h.text }}</h2>
          <div :id="'art-' + a.key" class="lw-art" :class="{ target: a.key === art }">
            <el-button class="lw-copy" link size="small" @click="copy(a)">复制链接</el-button>
            <a class="lw-no" :href="lawHash(id, a.key)" title="本条链接">{{ a.no }}</a>
            <p class="lw-text" v-for="(p, i) in paras(a.text)" :key="i">{{ p }}</p>
          </div>
        </template>
        <div v-if="doc.law.appendix" class="lw-appendix">
          <h2 class="lw-h lv2">附件</h2>
          <p class="lw-text" v-for="(p, i) in paras(doc.law.appendix)" :key="i">{{ p }}</p>
        </div>
      </div>
    </div>
    <el-button v-if="toc.length && mobile" class="lw-toc-btn" type="primary" round @click="drawer = true">目录</el-button>
    <el-drawer v-model="drawer" title="目录" direction="ltr" size="80%">
      <nav class="lw-toc drawer">
        <a v-for="h in toc" :key="h.key + h.text" :class="'lv' + h.level" :href="lawHash(id, h.key)" @click="drawer = false">{{ h.text }}</a>
      </nav>
    </el-drawer>
    <el-backtop :right="16" :bottom="mobile ? 72 : 40" />
  </template>
</section>`,
	setup(props) {
		const doc = ref(null);
		const error = ref('');
		const drawer = ref(false);
		const mobile = useMobile();
		const toc = computed(() => (doc.value ? outline(doc.value.articles) : []));
		const headingsAt = computed(() => {
			const m = {};
			for (const h of toc.value) (m[h.key] = m[h.key] || []).push(h);
			return m;
		});
		const otherVersions = computed(() => doc.value.versions.filter((v) => v.id !== props.id));
		async function scrollToArt() {
			await nextTick();
			const el = props.art && document.getElementById('art-' + props.art);
			if (el) el.scrollIntoView({ block: 'start' });
			else if (!props.art) window.scrollTo(0, 0);
		}
		async function load() {
			if (doc.value && doc.value.law.id === props.id) return scrollToArt();
			doc.value = null;
			error.value = '';
			try {
				doc.value = await getJSON('/' + props.id);
				document.title = doc.value.law.title + ' · 一键找法';
			} catch (e) {
				error.value = e.message;
				return;
			}
			scrollToArt();
		}
		watch(() => [props.id, props.art], load, { immediate: true });
		async function copy(a) {
			const url = location.origin + location.pathname + lawHash(props.id, a.key);
			try {
				await navigator.clipboard.writeText(url);
				ElementPlus.ElMessage.success('已复制本条链接');
			} catch (e) {
				ElementPlus.ElMessage.info(url);
			}
		}
		return { cnDate,
			doc, error, drawer, mobile, toc, headingsAt, otherVersions, copy,
			back: () => (history.length > 1 ? history.back() : go('#/')),
			statusType, lawHash, paras: (t) => (t || '').split('\n'),
		};
	},
};

// ---- the page ------------------------------------------------------------------

const App = {
	components: { Home, Results, Reader },
	template: `
<el-config-provider :locale="locale">
  <header class="lw-bar">
    <a class="lw-brand" href="#/"><img src="/img/logo.svg" alt="" class="lw-logo"><span>一键找法</span></a>
    <a class="lw-platform" href="/">柯桥区法治政府数字化平台</a>
  </header>
  <main class="lw-main">
    <Home v-if="route.name === 'home'" />
    <Results v-else-if="route.name === 'search' || route.name === 'cite'" :q="route.q" :page="route.page" :cite="route.name === 'cite'" />
    <Reader v-else :id="route.id" :art="route.art" />
  </main>
  <footer class="lw-foot">
    <span v-if="corpusDate">法规库更新至{{ cnDate(corpusDate) }}。</span>法规文本整理自国家法律法规数据库（LawRefBook/Laws 2025-04-19 快照），仅供查阅参考，以官方公布的文本为准。
  </footer>
</el-config-provider>`,
	setup() {
		const route = reactive(parseHash());
		const corpusDate = ref('');
		const on = () => Object.assign(route, { q: '', page: 1, id: '', art: '' }, parseHash());
		onMounted(async () => {
			window.addEventListener('hashchange', on);
			// an empty suggestion costs nothing and carries the corpus date
			try {
				corpusDate.value = (await getJSON('/suggest', { q: '' })).corpus_date || '';
			} catch { corpusDate.value = ''; }
		});
		return { route, corpusDate, cnDate, locale: window.ElementPlusLocaleZhCn };
	},
};

const app = createApp(App);
app.use(ElementPlus, { locale: window.ElementPlusLocaleZhCn });
app.mount('#app');
