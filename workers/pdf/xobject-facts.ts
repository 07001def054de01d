// Facts from image dictionaries (XObject or inline) and ExtGState transparency, without decoding
// any pixel data.
import { type ColorSpaceInfo, describeColorSpace } from './colorspace';
import type { PdfDocument } from './document';
import { PdfDict, PdfStream, type PdfValue, dictOf, nameOf, numberOf } from './objects';

export interface ImageDictFacts {
  width: number;
  height: number;
  bits: number;
  colorSpace: ColorSpaceInfo | null;
  /** Used when the colour space is implicit (JPX) or unreadable. */
  colorSpaceFallback: string;
  imageMask: boolean;
  hasMask: boolean;
  transparency: boolean;
  filter?: string;
}

// Inline images may use abbreviated keys and filter names.
const INLINE_KEYS: Record<string, string> = { W: 'Width', H: 'Height', BPC: 'BitsPerComponent', CS: 'ColorSpace', IM: 'ImageMask', F: 'Filter', DP: 'DecodeParms' };
const INLINE_FILTERS: Record<string, string> = { AHx: 'ASCIIHexDecode', A85: 'ASCII85Decode', LZW: 'LZWDecode', Fl: 'FlateDecode', RL: 'RunLengthDecode', CCF: 'CCITTFaxDecode', DCT: 'DCTDecode' };

export async function describeImage(doc: PdfDocument, raw: PdfDict, res: PdfDict | undefined, inline: boolean): Promise<ImageDictFacts | null> {
  let dict = raw;
  if (inline) {
    dict = new PdfDict();
    for (const [k, v] of raw.map) dict.map.set(INLINE_KEYS[k] ?? k, v);
  }
  const get = async (k: string): Promise<PdfValue | undefined> => doc.resolve(dict.get(k));
  const width = numberOf(await get('Width')) ?? 0;
  const height = numberOf(await get('Height')) ?? 0;
  if (width <= 0 || height <= 0) return null;
  const imageMask = (await get('ImageMask')) === true;
  const filterV = await get('Filter');
  const filters = (Array.isArray(filterV) ? filterV : [filterV]).map((f) => nameOf(f)).filter((f): f is string => !!f);
  const filter = filters.map((f) => INLINE_FILTERS[f] ?? f).join(',');
  const csValue = await get('ColorSpace');
  const colorSpace = imageMask || csValue === undefined || csValue === null ? null : await describeColorSpace(doc, csValue, res);
  const smask = await get('SMask');
  const mask = await get('Mask');
  const smaskInData = numberOf(await get('SMaskInData')) ?? 0;
  const hasSoftMask = smask instanceof PdfStream || smaskInData > 0;
  return {
    width,
    height,
    bits: imageMask ? 1 : (numberOf(await get('BitsPerComponent')) ?? (filter.includes('JPX') ? 8 : 0)),
    colorSpace: colorSpace && colorSpace.names.length ? colorSpace : null,
    colorSpaceFallback: filter.includes('JPXDecode') ? 'JPX' : 'unknown',
    imageMask,
    hasMask: hasSoftMask || (mask !== undefined && mask !== null),
    transparency: hasSoftMask,
    ...(filter ? { filter } : {}),
  };
}

/** An ExtGState makes transparency when it has a soft mask, constant alpha < 1 or a blend mode. */
export async function extGStateIsTransparent(doc: PdfDocument, res: PdfDict | undefined, name: string | undefined): Promise<boolean> {
  if (!name) return false;
  const table = dictOf(await doc.resolve(res?.get('ExtGState')));
  const gs = dictOf(await doc.resolve(table?.get(name)));
  if (!gs) return false;
  const smask = await doc.resolve(gs.get('SMask'));
  if (smask !== undefined && smask !== null && nameOf(smask) !== 'None') return true;
  for (const key of ['CA', 'ca']) {
    const a = numberOf(await doc.resolve(gs.get(key)));
    if (a !== undefined && a < 1) return true;
  }
  const bm = await doc.resolve(gs.get('BM'));
  const modes = Array.isArray(bm) ? bm.map((m) => nameOf(m)) : [nameOf(bm)];
  return modes.some((m) => m !== undefined && m !== 'Normal' && m !== 'Compatible');
}

/** The transparency group (/G) of an ExtGState's soft-mask dictionary, when it has one. */
export async function softMaskGroup(doc: PdfDocument, res: PdfDict | undefined, name: string | undefined): Promise<{ stream: PdfStream; ref: PdfValue | undefined } | null> {
  if (!name) return null;
  const table = dictOf(await doc.resolve(res?.get('ExtGState')));
  const gs = dictOf(await doc.resolve(table?.get(name)));
  const mask = dictOf(await doc.resolve(gs?.get('SMask')));
  const ref = mask?.get('G');
  const g = await doc.resolve(ref);
  return g instanceof PdfStream ? { stream: g, ref } : null;
}
