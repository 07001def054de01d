// Hand-made image headers for tests and the benchmark: exact bytes for cases no encoder will
// write (decompression bombs, IFD loops, absurd counts, BigTIFF, top-down BMP).
import { crc32 } from './crc32';

const enc = new TextEncoder();

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function u32be(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v);
  return b;
}

export function pngChunk(type: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const t = enc.encode(type);
  return concat(u32be(data.length), t, data, u32be(crc32(t, data)));
}

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG with a valid header for any claimed size and a tiny (not decodable to that size) IDAT. */
export function pngHeaderOnly(width: number, height: number, opts: { colorType?: number; depth?: number; extra?: Uint8Array[] } = {}): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = opts.depth ?? 8;
  ihdr[9] = opts.colorType ?? 2;
  return concat(PNG_SIGNATURE, pngChunk('IHDR', ihdr), ...(opts.extra ?? []), pngChunk('IDAT', new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), pngChunk('IEND'));
}

export interface TiffEntry { tag: number; type: number; values: number[] }

/**
 * A classic TIFF (little or big endian) with one IFD at offset 8 and values stored after it.
 * `next` sets the next-IFD pointer (e.g. 8 to make the IFD point at itself).
 */
export function tiffHeaderOnly(entries: TiffEntry[], opts: { littleEndian?: boolean; next?: number; count?: number } = {}): Uint8Array {
  const le = opts.littleEndian ?? true;
  const sizes: Record<number, number> = { 1: 1, 3: 2, 4: 4, 5: 8, 7: 1 };
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const ifdSize = 2 + sorted.length * 12 + 4;
  const extraAt = 8 + ifdSize;
  let extraSize = 0;
  for (const e of sorted) { const n = sizes[e.type]! * e.values.length; if (n > 4) extraSize += n + (n & 1); }
  const b = new Uint8Array(extraAt + extraSize);
  const dv = new DataView(b.buffer);
  b.set(enc.encode(le ? 'II' : 'MM'));
  dv.setUint16(2, 42, le);
  dv.setUint32(4, 8, le);
  dv.setUint16(8, opts.count ?? sorted.length, le);
  let extra = extraAt;
  sorted.forEach((e, i) => {
    const at = 10 + i * 12;
    dv.setUint16(at, e.tag, le);
    dv.setUint16(at + 2, e.type, le);
    dv.setUint32(at + 4, e.values.length, le);
    const size = sizes[e.type]! * e.values.length;
    let v = at + 8;
    if (size > 4) { dv.setUint32(at + 8, extra, le); v = extra; extra += size + (size & 1); }
    for (const x of e.values) {
      if (e.type === 3) { dv.setUint16(v, x, le); v += 2; }
      else if (e.type === 4) { dv.setUint32(v, x, le); v += 4; }
      else if (e.type === 5) { dv.setUint32(v, x, le); dv.setUint32(v + 4, 1, le); v += 8; }
      else { b[v++] = x; }
    }
  });
  dv.setUint32(10 + sorted.length * 12, opts.next ?? 0, le);
  return b;
}

/** The usual tags of an 8-bit RGB TIFF of the given size and resolution. */
export function rgbTiffEntries(width: number, height: number, dpi?: number): TiffEntry[] {
  const e: TiffEntry[] = [
    { tag: 256, type: 4, values: [width] },
    { tag: 257, type: 4, values: [height] },
    { tag: 258, type: 3, values: [8, 8, 8] },
    { tag: 259, type: 3, values: [1] },
    { tag: 262, type: 3, values: [2] },
    { tag: 277, type: 3, values: [3] },
  ];
  if (dpi) e.push({ tag: 282, type: 5, values: [dpi] }, { tag: 283, type: 5, values: [dpi] }, { tag: 296, type: 3, values: [2] });
  return e;
}

/** A little-endian BigTIFF with one IFD of SHORT/LONG values (all inline). */
export function bigTiffHeaderOnly(entries: { tag: number; type: 3 | 4; value: number }[]): Uint8Array {
  const b = new Uint8Array(16 + 8 + entries.length * 20 + 8);
  const dv = new DataView(b.buffer);
  b.set(enc.encode('II'));
  dv.setUint16(2, 43, true);
  dv.setUint16(4, 8, true);
  dv.setBigUint64(8, 16n, true);
  dv.setBigUint64(16, BigInt(entries.length), true);
  entries.forEach((e, i) => {
    const at = 24 + i * 20;
    dv.setUint16(at, e.tag, true);
    dv.setUint16(at + 2, e.type, true);
    dv.setBigUint64(at + 4, 1n, true);
    if (e.type === 3) dv.setUint16(at + 12, e.value, true);
    else dv.setUint32(at + 12, e.value, true);
  });
  return b;
}

/** A 24-bit BMP (BITMAPINFOHEADER); negative height = top-down rows. Pixel data left zeroed. */
export function bmp(width: number, height: number, opts: { bpp?: number; ppm?: number } = {}): Uint8Array {
  const bpp = opts.bpp ?? 24;
  const rowSize = Math.ceil((width * bpp) / 32) * 4;
  const palette = bpp <= 8 ? 4 * (1 << bpp) : 0;
  const b = new Uint8Array(54 + palette + rowSize * Math.abs(height));
  const dv = new DataView(b.buffer);
  b.set(enc.encode('BM'));
  dv.setUint32(2, b.length, true);
  dv.setUint32(10, 54 + palette, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, width, true);
  dv.setInt32(22, height, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, bpp, true);
  dv.setInt32(38, opts.ppm ?? 0, true);
  dv.setInt32(42, opts.ppm ?? 0, true);
  return b;
}

/** A two-frame 1×1 GIF whose first frame uses a transparent colour. */
export function animatedGif(frames = 2, transparent = true): Uint8Array {
  const header = [...enc.encode('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0xff, 0xff, 0xff, 0, 0, 0];
  const frame = [0x21, 0xf9, 4, transparent ? 1 : 0, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0];
  return new Uint8Array([...header, ...Array.from({ length: frames }, () => frame).flat(), 0x3b]);
}
