// Stream filters the reader needs for structure and content streams: Flate (with PNG/TIFF
// predictors), ASCIIHex, ASCII85, LZW and RunLength. Image codecs (DCT, JPX, JBIG2, CCITT) are
// never decoded: image facts come from the image dictionary alone.
// Every decoder caps its output (`maxOut`) so a zip bomb costs at most that many bytes.
import { inflateSync } from './inflate-sync';
import { PdfDict, type PdfValue, nameOf, numberOf } from './objects';

export class UnsupportedFilter extends Error {}

/** Small streams inflate synchronously (no thread hop); see inflate-sync.ts. */
const SYNC_INFLATE_MAX_INPUT = 64 * 1024;

export async function inflate(data: Uint8Array, maxOut: number): Promise<Uint8Array> {
  if (data.length <= SYNC_INFLATE_MAX_INPUT) {
    try {
      return inflateSync(data, maxOut);
    } catch {
      // damaged or unusual: the streaming decoder keeps whatever decodes before the damage
    }
  }
  const out = await runDecompression('deflate', data, maxOut);
  // Some writers omit the zlib header; retry raw when nothing came out.
  if (out.length === 0 && data.length > 2) return runDecompression('deflate-raw', data, maxOut);
  return out;
}

async function runDecompression(format: 'deflate' | 'deflate-raw', data: Uint8Array, maxOut: number): Promise<Uint8Array> {
  const ds = new DecompressionStream(format);
  const writer = ds.writable.getWriter();
  // Errors surface on the reader; the writer's promises must not become unhandled rejections.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (total >= maxOut) {
        reader.cancel().catch(() => {});
        break;
      }
    }
  } catch {
    // Damaged or truncated data: keep what decompressed before the error, like pdf.js does.
  }
  return concat(chunks, Math.min(total, maxOut));
}

export function concat(chunks: Uint8Array[], total?: number): Uint8Array {
  const size = total ?? chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    if (o >= size) break;
    const part = c.subarray(0, size - o);
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** Undo PNG (10..15) or TIFF (2, 8-bit only) predictors. */
export function unpredict(data: Uint8Array, params: PdfDict | undefined): Uint8Array {
  const predictor = numberOf(params?.get('Predictor')) ?? 1;
  if (predictor <= 1) return data;
  const colors = Math.max(1, Math.min(32, numberOf(params?.get('Colors')) ?? 1));
  const bpc = Math.max(1, Math.min(16, numberOf(params?.get('BitsPerComponent')) ?? 8));
  const columns = Math.max(1, Math.min(1 << 20, numberOf(params?.get('Columns')) ?? 1));
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) return data;
    const out = data.slice();
    for (let r = 0; r + rowLen <= out.length; r += rowLen) {
      for (let i = bpp; i < rowLen; i++) out[r + i] = (out[r + i]! + out[r + i - bpp]!) & 0xff;
    }
    return out;
  }
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const row = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? row[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      let v = src[i]!;
      switch (type) {
        case 1: v += left; break;
        case 2: v += up; break;
        case 3: v += (left + up) >> 1; break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          v += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
          break;
        }
      }
      row[i] = v & 0xff;
    }
    prev = row;
  }
  return out;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let hi = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1;
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else {
      out.push((hi << 4) | v);
      hi = -1;
    }
  }
  if (hi >= 0) out.push(hi << 4);
  return Uint8Array.from(out);
}

function ascii85(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  const group: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x7e) break; // '~>' ends the data
    if (c === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group.push(c - 0x21);
    if (group.length === 5) {
      let v = 0;
      for (const g of group) v = v * 85 + g;
      out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
      group.length = 0;
    }
  }
  if (group.length > 1) {
    const n = group.length;
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const g of group) v = v * 85 + g;
    const bytes = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    out.push(...bytes.slice(0, n - 1));
  }
  return Uint8Array.from(out);
}

function lzw(data: Uint8Array, earlyChange: number, maxOut: number): Uint8Array {
  const out: number[] = [];
  let dict: number[][] = [];
  const reset = () => {
    dict = [];
    for (let i = 0; i < 256; i++) dict.push([i]);
    dict.push([], []);
  };
  reset();
  let codeLen = 9;
  let bitBuf = 0;
  let bits = 0;
  let prev: number[] | null = null;
  for (let i = 0; i < data.length && out.length < maxOut; ) {
    while (bits < codeLen && i < data.length) {
      bitBuf = ((bitBuf << 8) | data[i++]!) >>> 0;
      bits += 8;
    }
    if (bits < codeLen) break;
    const code = (bitBuf >>> (bits - codeLen)) & ((1 << codeLen) - 1);
    bits -= codeLen;
    if (code === 256) {
      reset();
      codeLen = 9;
      prev = null;
      continue;
    }
    if (code === 257) break;
    let entry = dict[code];
    if (!entry || (entry.length === 0 && code > 257)) {
      if (!prev) break;
      entry = [...prev, prev[0]!];
    }
    out.push(...entry);
    if (prev && dict.length < 4096) dict.push([...prev, entry[0]!]);
    prev = entry;
    if (dict.length + earlyChange >= 1 << codeLen && codeLen < 12) codeLen++;
  }
  return Uint8Array.from(out.slice(0, maxOut));
}

function runLength(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.length; ) {
    const n = data[i++]!;
    if (n === 128) break;
    if (n < 128) {
      for (let k = 0; k <= n && i < data.length; k++) out.push(data[i++]!);
    } else {
      const b = data[i++] ?? 0;
      for (let k = 0; k < 257 - n; k++) out.push(b);
    }
  }
  return Uint8Array.from(out);
}

function asArray(v: PdfValue | undefined): PdfValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Apply a stream's /Filter chain. Throws UnsupportedFilter for image codecs. */
export async function decodeStream(
  raw: Uint8Array,
  filter: PdfValue | undefined,
  parms: PdfValue | undefined,
  maxOut: number,
): Promise<Uint8Array> {
  const filters = asArray(filter);
  const params = asArray(parms);
  let data = raw;
  for (let i = 0; i < filters.length; i++) {
    const name = nameOf(filters[i]);
    const p = params[i] instanceof PdfDict ? (params[i] as PdfDict) : undefined;
    switch (name) {
      case 'FlateDecode':
      case 'Fl':
        data = unpredict(await inflate(data, maxOut), p);
        break;
      case 'LZWDecode':
      case 'LZW':
        data = unpredict(lzw(data, numberOf(p?.get('EarlyChange')) ?? 1, maxOut), p);
        break;
      case 'ASCIIHexDecode':
      case 'AHx':
        data = asciiHex(data);
        break;
      case 'ASCII85Decode':
      case 'A85':
        data = ascii85(data);
        break;
      case 'RunLengthDecode':
      case 'RL':
        data = runLength(data);
        break;
      default:
        throw new UnsupportedFilter(`filter ${name ?? '?'} not decoded`);
    }
  }
  return data.length > maxOut ? data.subarray(0, maxOut) : data;
}
