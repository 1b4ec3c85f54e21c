// pattern_png.mjs - test images for 版权AI智审 (tests/api/pattern.test.mjs,
// tests/browser/pattern.test.mjs): a tiny PNG encoder and a repeating
// textile-like design (ellipses on a ground, one tile repeated), different
// for every seed.  Imported by the tests; not a test itself.

import { deflateSync } from 'node:zlib';

const CRC = new Int32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c;
});

function crc32(bytes) {
	let c = -1;
	for (const x of bytes) c = CRC[(c ^ x) & 255] ^ (c >>> 8);
	return (c ^ -1) >>> 0;
}

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/* An 8-bit RGB PNG of w x h whose pixel (x, y) is px(x, y) = [r, g, b]. */
export function png(w, h, px) {
	const stride = w * 3 + 1;
	const raw = Buffer.alloc(stride * h);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const [r, g, b] = px(x, y);
			const o = y * stride + 1 + x * 3;
			raw[o] = r;
			raw[o + 1] = g;
			raw[o + 2] = b;
		}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; /* bit depth */
	ihdr[9] = 2; /* colour type RGB */
	return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/* Design number seed: seven ellipses on a tile of about 60 x 55 px,
 * repeated over side x side pixels.  palette (optional) recolours it. */
export function design(seed, side = 192, palette = null) {
	let s = seed >>> 0;
	const rnd = () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 4294967296;
	};
	const tw = 56 + Math.floor(rnd() * 24), th = 48 + Math.floor(rnd() * 24);
	const pal = palette || [[240, 232, 214], [160, 30, 50], [30, 70, 140], [60, 130, 70]];
	const shapes = [];
	for (let i = 0; i < 7; i++)
		shapes.push({ cx: rnd() * tw, cy: rnd() * th, rx: 4 + rnd() * 12, ry: 3 + rnd() * 10, c: 1 + (i % 3) });
	return png(side, side, (x, y) => {
		const u = x % tw, v = y % th;
		for (const sh of shapes)
			for (const dx of [-tw, 0, tw])
				for (const dy of [-th, 0, th]) {
					const a = (u - sh.cx + dx) / sh.rx, b = (v - sh.cy + dy) / sh.ry;
					if (a * a + b * b <= 1) return pal[sh.c];
				}
		return pal[0];
	});
}
