// TIFF image file directories: the structure of TIFF files and of EXIF blocks (JPEG APP1, WebP
// EXIF chunk). Classic and BigTIFF, both byte orders. Reads entries lazily through a ByteReader
// whose offsets are relative to `base` (the start of the TIFF header).
import { corrupt, InspectError } from './errors';
import { ByteReader, MAX_SEGMENT, view } from './reader';

export interface TiffHeader {
  base: number;
  littleEndian: boolean;
  big: boolean;
  firstIfd: number;
}

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute position of the value bytes (inline in the entry or at the stated offset). */
  valueAt: number;
}

/** Bytes per value of each TIFF field type; 0 for unknown types. */
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };
/** No real IFD has thousands of entries; more means a broken or hostile file. */
const MAX_ENTRIES = 4096;

export async function readTiffHeader(r: ByteReader, base: number): Promise<TiffHeader> {
  const b = await r.bytes(base, 8, 'TIFF header');
  const order = String.fromCharCode(b[0]!, b[1]!);
  if (order !== 'II' && order !== 'MM') throw corrupt('Not a TIFF structure (bad byte order mark)');
  const le = order === 'II';
  const dv = view(b);
  const version = dv.getUint16(2, le);
  if (version === 42) return { base, littleEndian: le, big: false, firstIfd: dv.getUint32(4, le) };
  if (version === 43) {
    const b16 = await r.bytes(base, 16, 'BigTIFF header');
    const dv16 = view(b16);
    if (dv16.getUint16(4, le) !== 8) throw corrupt('BigTIFF header with unexpected offset size');
    return { base, littleEndian: le, big: true, firstIfd: safeNumber(dv16.getBigUint64(8, le)) };
  }
  throw corrupt(`Not a TIFF structure (version ${version})`);
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('TIFF offset beyond any possible file size');
  return Number(v);
}

/** A directory the file ends inside of: how many entries were lost, and what is known of them. */
export interface IfdCut {
  lost: number;
  /** Tag of the first lost entry, when its first bytes are in the file. */
  firstLostTag?: number;
  /** Tag of the last whole entry (entries are sorted by tag, so lost ones come after it). */
  lastTag: number;
}

/**
 * Entries of the IFD at `offset` (relative to the header) and the offset of the next IFD (0 =
 * none). A directory the file ends inside of is read as far as its whole entries go (`cut` says
 * what is missing), as libtiff and exiftool do; one cut before its first entry is truncated.
 */
export async function readIfd(r: ByteReader, h: TiffHeader, offset: number): Promise<{ entries: Map<number, IfdEntry>; next: number; cut?: IfdCut }> {
  const at = h.base + offset;
  const countSize = h.big ? 8 : 2;
  const entrySize = h.big ? 20 : 12;
  const cb = view(await r.bytes(at, countSize, 'image directory'));
  const count = h.big ? safeNumber(cb.getBigUint64(0, h.littleEndian)) : cb.getUint16(0, h.littleEndian);
  if (count === 0 || count > MAX_ENTRIES) throw corrupt(`Image directory with ${count} entries`);
  const tableLength = count * entrySize + (h.big ? 8 : 4);
  const table = await r.upTo(at + countSize, tableLength, 'image directory');
  const whole = Math.min(count, Math.floor(table.length / entrySize));
  if (whole === 0) throw new InspectError('truncated', 'The file ends inside its image directory');
  const dv = view(table);
  const entries = new Map<number, IfdEntry>();
  let lastTag = 0;
  for (let i = 0; i < whole; i++) {
    const e = i * entrySize;
    const tag = dv.getUint16(e, h.littleEndian);
    const type = dv.getUint16(e + 2, h.littleEndian);
    const n = h.big ? safeNumber(dv.getBigUint64(e + 4, h.littleEndian)) : dv.getUint32(e + 4, h.littleEndian);
    const size = (TYPE_SIZE[type] ?? 0) * n;
    const inlineCapacity = h.big ? 8 : 4;
    const fieldAt = at + countSize + e + (h.big ? 12 : 8);
    let valueAt = fieldAt;
    if (size > inlineCapacity) {
      const rel = h.big ? safeNumber(dv.getBigUint64(e + 12, h.littleEndian)) : dv.getUint32(e + 8, h.littleEndian);
      valueAt = h.base + rel;
    }
    if (!entries.has(tag)) entries.set(tag, { tag, type, count: n, valueAt });
    lastTag = tag;
  }
  const tail = count * entrySize;
  if (table.length < tableLength) {
    // the next-directory pointer is gone too: no further directories are followed
    const lost = count - whole;
    const partial = whole * entrySize;
    const cut: IfdCut = { lost, lastTag, ...(lost > 0 && table.length >= partial + 2 ? { firstLostTag: dv.getUint16(partial, h.littleEndian) } : {}) };
    return { entries, next: 0, cut };
  }
  const next = h.big ? safeNumber(dv.getBigUint64(tail, h.littleEndian)) : dv.getUint32(tail, h.littleEndian);
  return { entries, next };
}

/** Numeric values of an entry (rationals as numbers), at most `max` of them. */
export async function numbers(r: ByteReader, h: TiffHeader, e: IfdEntry | undefined, max = 16): Promise<number[]> {
  if (!e) return [];
  const size = TYPE_SIZE[e.type] ?? 0;
  if (size === 0 || e.type === 2) return [];
  const n = Math.min(e.count, max);
  const b = await r.bytes(e.valueAt, n * size, `TIFF tag ${e.tag}`);
  const dv = view(b);
  const le = h.littleEndian;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * size;
    switch (e.type) {
      case 1: case 7: out.push(dv.getUint8(o)); break;
      case 6: out.push(dv.getInt8(o)); break;
      case 3: out.push(dv.getUint16(o, le)); break;
      case 8: out.push(dv.getInt16(o, le)); break;
      case 4: case 13: out.push(dv.getUint32(o, le)); break;
      case 9: out.push(dv.getInt32(o, le)); break;
      case 5: out.push(ratio(dv.getUint32(o, le), dv.getUint32(o + 4, le))); break;
      case 10: out.push(ratio(dv.getInt32(o, le), dv.getInt32(o + 4, le))); break;
      case 11: out.push(dv.getFloat32(o, le)); break;
      case 12: out.push(dv.getFloat64(o, le)); break;
      case 16: case 18: out.push(Number(dv.getBigUint64(o, le))); break;
      case 17: out.push(Number(dv.getBigInt64(o, le))); break;
    }
  }
  return out;
}

const ratio = (num: number, den: number) => (den === 0 ? NaN : num / den);

export async function firstNumber(r: ByteReader, h: TiffHeader, e: IfdEntry | undefined): Promise<number | undefined> {
  return (await numbers(r, h, e, 1))[0];
}

/** Raw bytes of an UNDEFINED/BYTE entry (e.g. the ICC profile), capped. */
export async function rawBytes(r: ByteReader, e: IfdEntry, cap = MAX_SEGMENT): Promise<Uint8Array> {
  const size = (TYPE_SIZE[e.type] ?? 0) * e.count;
  if (size > cap) throw new InspectError('header_too_large', `TIFF tag ${e.tag} claims ${size} bytes`);
  return r.bytes(e.valueAt, size, `TIFF tag ${e.tag}`, cap);
}

/** DPI from XResolution/YResolution/ResolutionUnit (2 = inch, the default; 3 = cm; 1 = no unit). */
export async function resolution(r: ByteReader, h: TiffHeader, entries: Map<number, IfdEntry>): Promise<{ dpiX?: number; dpiY?: number }> {
  const unit = (await firstNumber(r, h, entries.get(296))) ?? 2;
  const factor = unit === 2 ? 1 : unit === 3 ? 2.54 : 0;
  if (factor === 0) return {};
  const x = await firstNumber(r, h, entries.get(282));
  const y = await firstNumber(r, h, entries.get(283));
  return { dpiX: x !== undefined ? x * factor : undefined, dpiY: y !== undefined ? y * factor : undefined };
}

export const TAG = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  orientation: 274,
  samplesPerPixel: 277,
  xResolution: 282,
  yResolution: 283,
  resolutionUnit: 296,
  inkSet: 332,
  extraSamples: 338,
  icc: 34675,
} as const;
