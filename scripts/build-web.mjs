// build-web.mjs - lay out the web UI the server serves: web/ copied to
// build/web/, with every Vue template compiled to a render function.
//
//   node scripts/build-web.mjs [SRC [OUT]]      (defaults: web build/web)
//
// Why: Vue's in-browser template compiler turns strings into code, which a
// Content-Security-Policy can only allow with 'unsafe-eval'.  Compiled here,
// the browser runs the runtime-only Vue (vendor/vue.runtime.global.prod.js)
// and the server's CSP forbids eval (src/http/server.c).
//
// The convention (docs/ui.md): in any .js file under web/ outside vendor/,
// an object property `template:` whose value is a string or a template
// literal is a Vue template.  A ${} in it may only name a string constant
// declared at the top of the same file (`const PLATFORM = '…'`), which is
// put in as the browser would.  It is replaced by
// `render: (() => { ... })()`, the compiler's output for it; nothing else in
// the file changes.  A template that does not compile, or a `template:`
// whose value is computed, stops the build with the file and line.
//
// Every other file is copied as it is.  Files already up to date are left
// alone, and files that are no longer in web/ are removed from build/web/.

import { compileTemplate, babelParse, walk, version as compilerVersion } from '@vue/compiler-sfc';
import { createRequire } from 'node:module';
import { readdir, readFile, writeFile, mkdir, stat, copyFile, rm } from 'node:fs/promises';
import { join, relative, dirname, sep } from 'node:path';

const SRC = process.argv[2] || 'web';
const OUT = process.argv[3] || join('build', 'web');

class BuildError extends Error {}

// Every file under dir, as paths relative to dir.
async function listFiles(dir, base = dir) {
	const out = [];
	for (const e of await readdir(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) out.push(...await listFiles(p, base));
		else if (e.isFile()) out.push(relative(base, p));
	}
	return out;
}

const isScript = (rel) => /\.m?js$/.test(rel) && rel.split(sep)[0] !== 'vendor';

// Top-level `const NAME = 'text'` declarations of a module: name -> text.
function stringConstants(program) {
	const consts = new Map();
	for (const st of program.body) {
		const decl = st.type === 'ExportNamedDeclaration' ? st.declaration : st;
		if (!decl || decl.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
		for (const d of decl.declarations) {
			const v = d.init;
			if (d.id.type !== 'Identifier' || !v) continue;
			if (v.type === 'StringLiteral') consts.set(d.id.name, v.value);
			else if (v.type === 'TemplateLiteral' && !v.expressions.length) consts.set(d.id.name, v.quasis[0].value.cooked);
		}
	}
	return consts;
}

// The template text of a `template:` property, or a BuildError.
function templateText(file, prop, consts) {
	const v = prop.value;
	const fail = (why) => new BuildError(`${file}:${prop.loc.start.line}: ${why} ` +
		'(templates are compiled at build time, docs/ui.md)');
	if (v.type === 'StringLiteral') return v.value;
	if (v.type !== 'TemplateLiteral') throw fail('a template must be a string or a template literal');
	let text = v.quasis[0].value.cooked;
	v.expressions.forEach((e, i) => {
		if (e.type !== 'Identifier' || !consts.has(e.name))
			throw fail('${} in a template may only name a top-level string constant');
		text += consts.get(e.name) + v.quasis[i + 1].value.cooked;
	});
	return text;
}

function isTemplateProp(node) {
	if (node.type !== 'ObjectProperty' || node.computed) return false;
	const k = node.key;
	return (k.type === 'Identifier' && k.name === 'template') ||
		(k.type === 'StringLiteral' && k.value === 'template');
}

// The render function for one template, as an expression.
function compile(file, line, source) {
	const r = compileTemplate({
		source, filename: file, id: file, isProd: true,
		transformAssetUrls: false, // src="…" stays a URL, not an import
		compilerOptions: {
			mode: 'function',        // no imports: Vue is a global here
			prefixIdentifiers: true, // _ctx.x instead of with(_ctx), strict-mode code
			hoistStatic: true,
			cacheHandlers: true,
			runtimeGlobalName: 'Vue',
		},
	});
	if (r.errors.length) {
		const e = r.errors[0];
		const at = e.loc ? line + e.loc.start.line - 1 : line;
		throw new BuildError(`${file}:${at}: template: ${e.message || e}`);
	}
	return `(() => {\n${r.code}\n})()`;
}

// The script with each template replaced by its render function.
export function compileScript(file, code) {
	let ast;
	try {
		ast = babelParse(code, { sourceType: 'module', plugins: [] });
	} catch (e) {
		throw new BuildError(`${file}: ${e.message}`);
	}
	const props = [];
	walk(ast.program, {
		enter(node) {
			if (isTemplateProp(node)) props.push(node);
		},
	});
	const consts = stringConstants(ast.program);
	let out = code;
	for (const p of props.sort((a, b) => b.start - a.start)) {
		const line = p.value.loc.start.line;
		const render = compile(file, line, templateText(file, p, consts));
		out = out.slice(0, p.start) + 'render: ' + render + out.slice(p.end);
	}
	return { code: out, count: props.length };
}

async function writeIfChanged(dst, text) {
	try {
		if ((await readFile(dst, 'utf8')) === text) return false;
	} catch {
		// not there yet
	}
	await mkdir(dirname(dst), { recursive: true });
	await writeFile(dst, text);
	return true;
}

async function copyIfNewer(src, dst) {
	const s = await stat(src);
	try {
		const d = await stat(dst);
		if (d.size === s.size && d.mtimeMs >= s.mtimeMs) return false;
	} catch {
		// not there yet
	}
	await mkdir(dirname(dst), { recursive: true });
	await copyFile(src, dst);
	return true;
}

async function removeStale(files) {
	const keep = new Set(files);
	let old = [];
	try {
		old = await listFiles(OUT);
	} catch {
		return 0;
	}
	let n = 0;
	for (const rel of old) {
		if (keep.has(rel)) continue;
		await rm(join(OUT, rel));
		n++;
	}
	return n;
}

// Compiled render functions call the runtime's helpers by name: the
// compiler must be the version of the Vue the pages load.
function checkVersions() {
	const vue = createRequire(import.meta.url)('vue/package.json').version;
	if (vue !== compilerVersion) {
		throw new BuildError(`@vue/compiler-sfc ${compilerVersion} is not vue ${vue}: ` +
			'give both the same version in package.json and run make deps');
	}
}

async function main() {
	checkVersions();
	const files = await listFiles(SRC);
	let templates = 0, changed = 0;
	for (const rel of files) {
		const src = join(SRC, rel), dst = join(OUT, rel);
		if (isScript(rel)) {
			const r = compileScript(join(SRC, rel), await readFile(src, 'utf8'));
			templates += r.count;
			if (await writeIfChanged(dst, r.code)) changed++;
		} else if (await copyIfNewer(src, dst)) {
			changed++;
		}
	}
	const removed = await removeStale(files);
	await writeFile(OUT + '.stamp', ''); // for make: beside OUT, never served
	console.log(`build-web: ${OUT}: ${files.length} files, ${templates} templates compiled, ` +
		`${changed} written, ${removed} removed`);
}

try {
	await main();
} catch (e) {
	if (e instanceof BuildError) {
		console.error('build-web: ' + e.message);
		process.exit(1);
	}
	throw e;
}
