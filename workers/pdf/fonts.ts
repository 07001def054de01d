// Font dictionary facts: name, type family, embedded, subset, Type 3. Cached per font object.
import type { PdfDocument } from './document';
import { PdfRef, PdfStream, type PdfValue, dictOf, nameOf } from './objects';

export interface FontInfo {
  name: string;
  /** 'Type1' | 'TrueType' | 'OpenType' | 'CID' | 'Type3' | 'MMType1' | 'unknown'. */
  type: string;
  embedded: boolean;
  subset: boolean;
  type3: boolean;
}

const cacheKey = new WeakMap<object, FontInfo>();

export async function describeFont(doc: PdfDocument, ref: PdfValue | undefined, fallbackName: string): Promise<FontInfo | null> {
  const font = dictOf(await doc.resolve(ref));
  if (!font) return null;
  const cached = cacheKey.get(font);
  if (cached) return cached;
  const subtype = nameOf(font.get('Subtype')) ?? 'unknown';
  const name = nameOf(await doc.resolve(font.get('BaseFont'))) ?? nameOf(font.get('Name')) ?? fallbackName;
  let descriptorHolder = font;
  if (subtype === 'Type0') {
    const kids = await doc.resolve(font.get('DescendantFonts'));
    const first = Array.isArray(kids) ? dictOf(await doc.resolve(kids[0])) : undefined;
    if (first) descriptorHolder = first;
  }
  const fd = dictOf(await doc.resolve(descriptorHolder.get('FontDescriptor')));
  let fontFile: PdfStream | undefined;
  for (const key of ['FontFile', 'FontFile2', 'FontFile3']) {
    // `/FontFile3 null` (seen in real files) means: not embedded.
    const v = await doc.resolve(fd?.get(key));
    if (v instanceof PdfStream) {
      fontFile = v;
      break;
    }
  }
  const isOpenType = nameOf(fontFile?.dict.get('Subtype')) === 'OpenType';
  const type3 = subtype === 'Type3';
  let type: string;
  if (type3) type = 'Type3';
  else if (isOpenType) type = 'OpenType';
  else if (subtype === 'Type0') type = 'CID';
  else if (subtype === 'Type1' || subtype === 'MMType1' || subtype === 'TrueType') type = subtype;
  else type = 'unknown';
  const info: FontInfo = {
    name,
    type,
    // Type 3 glyphs are content streams inside the file: always "embedded".
    embedded: type3 || fontFile !== undefined,
    subset: /^[A-Z]{6}\+/.test(name),
    type3,
  };
  cacheKey.set(font, info);
  return info;
}

/** Stable identity of a font across pages: its object number, else its name. */
export function fontIdentity(ref: PdfValue | undefined, info: FontInfo): string {
  return ref instanceof PdfRef ? `obj:${ref.num}` : `name:${info.name}:${info.type}`;
}
