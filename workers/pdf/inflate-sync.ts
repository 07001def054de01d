// A small synchronous inflater (RFC 1950/1951) for small streams. DecompressionStream is async and
// costs a thread hop per stream (~0.1 ms); a 1000-page file has 1000 tiny content streams. Big or
// damaged streams still go through DecompressionStream (see filters.ts).
// Why not a library: fflate 0.8.3 (the well-kept small one) was measured on the 1,022 Flate streams
// of the 1,000-page benchmark PDF (127 KB, in Node, warm, median of 10): this decoder 13 ms,
// fflate's unzlibSync 35–39 ms, its streaming Unzlib (the way to stop at `maxOut`) 80–92 ms —
// for streams of ~100 bytes its per-call buffers cost more than its faster table decoding saves.

export class InflateError extends Error {}

interface Huffman {
  counts: Uint16Array; // number of codes of each length
  symbols: Uint16Array; // symbols ordered by code
}

function buildHuffman(lengths: Uint8Array, n: number): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < n; i++) counts[lengths[i]!]!++;
  counts[0] = 0;
  const offs = new Uint16Array(16);
  for (let i = 1; i < 16; i++) offs[i] = offs[i - 1]! + counts[i - 1]!;
  const symbols = new Uint16Array(n);
  for (let i = 0; i < n; i++) if (lengths[i]) symbols[offs[lengths[i]!]!++] = i;
  return { counts, symbols };
}

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

let fixed: { lit: Huffman; dist: Huffman } | null = null;
function fixedTables(): { lit: Huffman; dist: Huffman } {
  if (fixed) return fixed;
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  fixed = { lit: buildHuffman(l, 288), dist: buildHuffman(new Uint8Array(30).fill(5), 30) };
  return fixed;
}

/** Inflate zlib-wrapped data. Throws InflateError on damage; stops at `maxOut` bytes. */
export function inflateSync(data: Uint8Array, maxOut: number): Uint8Array {
  if (data.length < 2 || (data[0]! & 0x0f) !== 8 || ((data[0]! << 8) | data[1]!) % 31 !== 0) throw new InflateError('no zlib header');
  let pos = 2;
  let bitBuf = 0;
  let bitCnt = 0;
  let out = new Uint8Array(Math.min(maxOut, Math.max(1024, data.length * 4)));
  let outLen = 0;

  const bits = (n: number): number => {
    while (bitCnt < n) {
      if (pos >= data.length) throw new InflateError('unexpected end of data');
      bitBuf |= data[pos++]! << bitCnt;
      bitCnt += 8;
    }
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCnt -= n;
    return v;
  };
  const decode = (h: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.counts[len]!;
      if (code - count < first) {
        const sym = h.symbols[index + (code - first)];
        if (sym === undefined) throw new InflateError('bad code');
        return sym;
      }
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new InflateError('bad code');
  };
  const ensure = (extra: number): boolean => {
    if (outLen + extra <= out.length) return true;
    if (out.length >= maxOut) return false;
    const bigger = new Uint8Array(Math.min(maxOut, Math.max(out.length * 2, outLen + extra)));
    bigger.set(out.subarray(0, outLen));
    out = bigger;
    return outLen + extra <= out.length;
  };

  for (let last = 0; !last; ) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCnt = 0;
      if (pos + 4 > data.length) throw new InflateError('unexpected end of data');
      const len = data[pos]! | (data[pos + 1]! << 8);
      pos += 4;
      if (pos + len > data.length) throw new InflateError('unexpected end of data');
      const n = ensure(len) ? len : out.length - outLen;
      out.set(data.subarray(pos, pos + n), outLen);
      outLen += n;
      pos += len;
      if (n < len) break;
      continue;
    }
    let lit: Huffman;
    let dist: Huffman;
    if (type === 1) ({ lit, dist } = fixedTables());
    else if (type === 2) ({ lit, dist } = dynamicTables(bits, decode));
    else throw new InflateError('bad block type');
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        if (!ensure(1)) return out.subarray(0, outLen);
        out[outLen++] = sym;
      } else if (sym === 256) break;
      else {
        const li = sym - 257;
        if (li >= 29) throw new InflateError('bad length');
        const len = LEN_BASE[li]! + bits(LEN_EXTRA[li]!);
        const di = decode(dist);
        if (di >= 30) throw new InflateError('bad distance');
        const d = DIST_BASE[di]! + bits(DIST_EXTRA[di]!);
        if (d > outLen) throw new InflateError('distance too far back');
        const n = ensure(len) ? len : out.length - outLen;
        for (let k = 0; k < n; k++, outLen++) out[outLen] = out[outLen - d]!;
        if (n < len) return out.subarray(0, outLen);
      }
    }
  }
  return out.subarray(0, outLen);
}

function dynamicTables(bits: (n: number) => number, decode: (h: Huffman) => number): { lit: Huffman; dist: Huffman } {
  const hlit = bits(5) + 257;
  const hdist = bits(5) + 1;
  const hclen = bits(4) + 4;
  const cl = new Uint8Array(19);
  for (let i = 0; i < hclen; i++) cl[CL_ORDER[i]!] = bits(3);
  const clTable = buildHuffman(cl, 19);
  const lengths = new Uint8Array(hlit + hdist);
  for (let i = 0; i < hlit + hdist; ) {
    const sym = decode(clTable);
    if (sym < 16) lengths[i++] = sym;
    else {
      let repeat: number;
      let value = 0;
      if (sym === 16) {
        if (i === 0) throw new InflateError('repeat with no previous length');
        value = lengths[i - 1]!;
        repeat = 3 + bits(2);
      } else if (sym === 17) repeat = 3 + bits(3);
      else repeat = 11 + bits(7);
      if (i + repeat > hlit + hdist) throw new InflateError('too many lengths');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
  }
  return { lit: buildHuffman(lengths.subarray(0, hlit), hlit), dist: buildHuffman(lengths.subarray(hlit), hdist) };
}
