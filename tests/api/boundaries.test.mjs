// boundaries.test.mjs - no module reads or writes another module's tables
// (docs/architecture.md, "Who reads which table").  No server is needed:
// the test reads the C sources.
//
// A module is a folder src/<layer>/<name>/, or a .c file directly under a
// layer folder (src/engine/audit.c, src/store/store_sqlite.c).  It owns
// the tables its sources create (CREATE TABLE / CREATE VIRTUAL TABLE).
// src/app.c and src/cli/ own no table; they are checked like any module,
// so the CLI, too, goes through the modules' functions: even a command
// that is a module's own front end (fazhi user → org, fazhi import laws →
// laws) calls that module rather than carrying SQL, so there is no
// exception for it.
//
// Every C string literal outside the owner is scanned, with adjacent
// literals joined (SQL is usually split over lines), for FROM, JOIN,
// UPDATE and INTO followed by a foreign table.  REFERENCES t(...) in a
// CREATE TABLE is a schema dependency, not a read, and is not counted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ROOT } from './lib.mjs';

const SRC = join(ROOT, 'src');

function walk(dir, out = []) {
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, out);
		else if (name.endsWith('.c')) out.push(p);
	}
	return out;
}

// The module a source belongs to: src/<layer>/<name>/… → that folder,
// src/<layer>/<file>.c → the file, src/<file>.c → the file.
export function moduleOf(file) {
	const parts = relative(ROOT, file).split('/');
	if (parts.length >= 4) return parts.slice(0, 3).join('/');
	return parts.join('/');
}

// Every string literal of a C source with the line each piece starts on.
// Adjacent literals (only blanks and comments between them) are joined
// into one; `lines[i]` is the line of character i of the joined text, so
// a match reports the line where its keyword is.  Comments, character
// constants and preprocessor lines other than their strings are skipped.
export function literals(src) {
	const out = [];
	let i = 0, line = 1, cur = null;
	const flush = () => { if (cur) out.push(cur); cur = null; };
	while (i < src.length) {
		const c = src[i];
		if (c === '\n') { line++; i++; continue; }
		if (c === '\\' && src[i + 1] === '\n') { line++; i += 2; continue; }
		if (c === ' ' || c === '\t' || c === '\r' || c === '\f') { i++; continue; }
		if (c === '/' && src[i + 1] === '*') {
			const e = src.indexOf('*/', i + 2);
			const end = e < 0 ? src.length : e + 2;
			for (let k = i; k < end; k++) if (src[k] === '\n') line++;
			i = end; continue;
		}
		if (c === '/' && src[i + 1] === '/') {
			while (i < src.length && src[i] !== '\n') i++;
			continue;
		}
		if (c === '\'') {
			i++;
			while (i < src.length && src[i] !== '\'') { if (src[i] === '\\') i++; i++; }
			i++; flush(); continue;
		}
		if (c === '"') {
			// u8"", L"" prefixes were consumed as identifier characters,
			// which only breaks a join, never a match inside one literal.
			if (!cur) cur = { text: '', lines: [] };
			i++;
			while (i < src.length && src[i] !== '"') {
				let ch = src[i];
				if (ch === '\\') {
					const n = src[i + 1];
					ch = n === 'n' || n === 't' || n === 'r' ? ' ' : n;
					i++;
				}
				if (src[i] === '\n') line++;
				cur.text += ch; cur.lines.push(line);
				i++;
			}
			i++;
			continue;
		}
		flush();
		i++;
	}
	flush();
	return out;
}

// Tables created by each module.
function owners(files) {
	const own = new Map();   // table → module
	const re = /CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?([A-Za-z_][A-Za-z0-9_]*)/g;
	for (const f of files) {
		const mod = moduleOf(f);
		for (const lit of literals(readFileSync(f, 'utf8'))) {
			for (const m of lit.text.matchAll(re)) {
				const t = m[1].toLowerCase();
				if (own.has(t) && own.get(t) !== mod)
					throw new Error(`table ${t} created by ${own.get(t)} and ${mod}`);
				own.set(t, mod);
			}
		}
	}
	return own;
}

// file:line: KEYWORD table (owner) for each foreign table a file touches.
export function offences(files, own) {
	const out = [];
	const re = /\b(FROM|JOIN|UPDATE|INTO)\s+["`]?(?:main\.)?([A-Za-z_][A-Za-z0-9_]*)/gi;
	for (const f of files) {
		const rel = relative(ROOT, f);
		const mod = moduleOf(f);
		for (const lit of literals(readFileSync(f, 'utf8'))) {
			for (const m of lit.text.matchAll(re)) {
				const t = m[2].toLowerCase();
				// FTS5 keeps its index in shadow tables t_data, t_idx, …
				// owned with t; none is named here, so no special case.
				const o = own.get(t);
				if (!o || o === mod) continue;
				const line = lit.lines[m.index];
				out.push(`${rel}:${line}: ${m[1].toUpperCase()} ${t} (owned by ${o})`);
			}
		}
	}
	return out;
}

test('the scanner joins literals and skips comments', () => {
	const lits = literals('/* "FROM x" */ f("SELECT a "\n  // "no"\n  "FROM cases", \'"\');\n');
	assert.equal(lits.length, 1);
	assert.equal(lits[0].text, 'SELECT a FROM cases');
	assert.equal(lits[0].lines[lits[0].text.indexOf('FROM')], 3);
	const own = new Map([['cases', 'src/engine/case']]);
	assert.equal(moduleOf(join(ROOT, 'src/engine/audit.c')), 'src/engine/audit.c');
	assert.equal(moduleOf(join(ROOT, 'src/domain/org/org.c')), 'src/domain/org');
	assert.deepEqual(offences([], own), []);
});

test('no module reads or writes another module\'s tables', () => {
	const files = walk(SRC);
	const own = owners(files);
	// The owners the architecture names must be found by the scan.
	assert.equal(own.get('units'), 'src/domain/org');
	assert.equal(own.get('cases'), 'src/engine/case');
	assert.equal(own.get('audit_log'), 'src/engine/audit.c');
	const bad = offences(files, own);
	if (bad.length)
		console.log(`${bad.length} foreign table use(s):\n  ` + bad.join('\n  '));
	assert.equal(bad.length, 0, bad.join('\n'));
});
