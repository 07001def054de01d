// ICC profile header and description. Reads only the header, the tag table and the 'desc' tag
// through a range getter, so a 4 MB profile inside a TIFF costs a few hundred bytes.
import type { RasterFacts } from '../../src/core/types';
import { ascii, view } from './reader';

export type RangeGetter = (offset: number, length: number) => Promise<Uint8Array | null>;

/** Getter over bytes already in memory (JPEG APP2 chunks, inflated PNG iCCP). */
export const memoryRange =
  (b: Uint8Array): RangeGetter =>
  async (offset, length) =>
    offset >= 0 && length >= 0 && offset + length <= b.length ? b.subarray(offset, offset + length) : null;

const COLOR_SPACES: Record<string, string> = { 'RGB ': 'RGB', CMYK: 'CMYK', GRAY: 'GRAY', 'Lab ': 'Lab', 'XYZ ': 'XYZ', 'YCbr': 'YCbCr' };
const MAX_TAGS = 200;
const MAX_DESC = 4096;

/**
 * Facts about a profile of `size` bytes. An unreadable profile still counts as present (the
 * file does carry one); it just has no description.
 */
export async function readIcc(get: RangeGetter, size: number): Promise<NonNullable<RasterFacts['icc']>> {
  const icc: NonNullable<RasterFacts['icc']> = { size };
  const header = await get(0, 132);
  if (!header || ascii(header, 36, 4) !== 'acsp') return icc;
  const sig = ascii(header, 16, 4);
  icc.colorSpace = COLOR_SPACES[sig] ?? sig.trim();
  const tagCount = view(header).getUint32(128);
  if (tagCount > MAX_TAGS) return icc;
  const table = await get(132, tagCount * 12);
  if (!table) return icc;
  const dv = view(table);
  for (let i = 0; i < tagCount; i++) {
    if (ascii(table, i * 12, 4) !== 'desc') continue;
    const offset = dv.getUint32(i * 12 + 4);
    const length = Math.min(dv.getUint32(i * 12 + 8), MAX_DESC);
    const tag = await get(offset, length);
    const description = tag ? decodeDescription(tag) : undefined;
    if (description) icc.description = description;
    break;
  }
  return icc;
}

/** ICC v2 'desc' (textDescriptionType, ASCII part) or v4 'mluc' (UTF-16BE, English preferred). */
export function decodeDescription(tag: Uint8Array): string | undefined {
  if (tag.length < 12) return undefined;
  const type = ascii(tag, 0, 4);
  const dv = view(tag);
  if (type === 'desc') {
    const count = dv.getUint32(8);
    const text = ascii(tag, 12, Math.min(count, tag.length - 12));
    return clean(text);
  }
  if (type === 'mluc' && tag.length >= 16) {
    const records = dv.getUint32(8);
    const recordSize = dv.getUint32(12);
    if (recordSize < 12) return undefined;
    let chosen: { len: number; off: number } | undefined;
    for (let i = 0; i < Math.min(records, 64); i++) {
      const at = 16 + i * recordSize;
      if (at + 12 > tag.length) break;
      const lang = ascii(tag, at, 2);
      const rec = { len: dv.getUint32(at + 4), off: dv.getUint32(at + 8) };
      if (!chosen || lang === 'en') chosen = rec;
      if (lang === 'en') break;
    }
    if (!chosen) return undefined;
    let text = '';
    for (let p = chosen.off; p + 1 < Math.min(tag.length, chosen.off + chosen.len); p += 2) text += String.fromCharCode(dv.getUint16(p));
    return clean(text);
  }
  if (type === 'text') return clean(ascii(tag, 8, tag.length - 8));
  return undefined;
}

function clean(s: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/\u0000.*$/s, '').replace(/[\u0000-\u001f]/g, '').trim();
  return t ? t.slice(0, 200) : undefined;
}
