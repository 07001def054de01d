// Colour space description: family name for facts, process/spot classification, component count
// and a "does this colour value print in colour" test used for colour vs mono page counts.
import type { PdfDocument } from './document';
import { PdfDict, PdfStream, type PdfValue, dictOf, nameOf, numberOf } from './objects';

export type ColorKind = 'gray' | 'rgb' | 'cmyk' | 'lab' | 'spot' | 'indexed' | 'pattern' | 'unknown';

export interface ColorSpaceInfo {
  /** Names for PdfFacts.colorSpaces, outermost first (e.g. ['Indexed', 'DeviceRGB']). */
  names: string[];
  kind: ColorKind;
  components: number;
  /** Separation/DeviceN colorant names that are real spot colours. */
  spots: string[];
  /** For Separation: the single colorant (Black prints as mono). */
  colorant?: string;
}

/** Colorant names that are not spot colours (process inks and the special names). */
const NOT_SPOT = new Set(['All', 'None', 'Cyan', 'Magenta', 'Yellow', 'Black']);

const DEVICE: Record<string, ColorSpaceInfo> = {
  DeviceGray: { names: ['DeviceGray'], kind: 'gray', components: 1, spots: [] },
  DeviceRGB: { names: ['DeviceRGB'], kind: 'rgb', components: 3, spots: [] },
  DeviceCMYK: { names: ['DeviceCMYK'], kind: 'cmyk', components: 4, spots: [] },
  Pattern: { names: ['Pattern'], kind: 'pattern', components: 0, spots: [] },
};
const ABBREVIATIONS: Record<string, string> = { G: 'DeviceGray', RGB: 'DeviceRGB', CMYK: 'DeviceCMYK', I: 'Indexed' };

export const GRAY = DEVICE.DeviceGray!;
const UNKNOWN: ColorSpaceInfo = { names: [], kind: 'unknown', components: 0, spots: [] };

export async function describeColorSpace(
  doc: PdfDocument,
  value: PdfValue | undefined,
  resources: PdfDict | undefined,
  depth = 0,
): Promise<ColorSpaceInfo> {
  if (depth > 8) return UNKNOWN;
  const v = await doc.resolve(value);
  const name = nameOf(v);
  if (name !== undefined) {
    const full = ABBREVIATIONS[name] ?? name;
    if (DEVICE[full]) return DEVICE[full]!;
    // a named resource: /CS0 cs → /Resources /ColorSpace /CS0
    const table = dictOf(await doc.resolve(resources?.get('ColorSpace')));
    const entry = table?.get(name);
    if (entry === undefined) return UNKNOWN;
    return describeColorSpace(doc, entry, undefined, depth + 1);
  }
  if (!Array.isArray(v) || v.length === 0) return UNKNOWN;
  const family = ABBREVIATIONS[nameOf(v[0]) ?? ''] ?? nameOf(v[0]) ?? '';
  switch (family) {
    case 'DeviceGray':
    case 'DeviceRGB':
    case 'DeviceCMYK':
    case 'Pattern': {
      if (family !== 'Pattern' || v.length < 2) return DEVICE[family]!;
      const base = await describeColorSpace(doc, v[1], resources, depth + 1);
      return { ...base, names: ['Pattern', ...base.names], kind: 'pattern' };
    }
    case 'CalGray':
      return { names: ['CalGray'], kind: 'gray', components: 1, spots: [] };
    case 'CalRGB':
      return { names: ['CalRGB'], kind: 'rgb', components: 3, spots: [] };
    case 'Lab':
      return { names: ['Lab'], kind: 'lab', components: 3, spots: [] };
    case 'ICCBased': {
      const stream = await doc.resolve(v[1]);
      const n = numberOf(await doc.resolve(stream instanceof PdfStream ? stream.dict.get('N') : undefined)) ?? 0;
      const kind: ColorKind = n === 1 ? 'gray' : n === 3 ? 'rgb' : n === 4 ? 'cmyk' : 'unknown';
      const label = kind === 'unknown' ? 'ICCBased' : `ICCBased(${kind.toUpperCase()})`;
      return { names: [label], kind, components: n, spots: [] };
    }
    case 'Indexed': {
      const base = await describeColorSpace(doc, v[1], resources, depth + 1);
      return { names: ['Indexed', ...base.names], kind: 'indexed', components: 1, spots: base.spots };
    }
    case 'Separation': {
      const colorant = nameOf(await doc.resolve(v[1])) ?? '';
      const spots = colorant && !NOT_SPOT.has(colorant) ? [colorant] : [];
      return { names: ['Separation'], kind: spots.length ? 'spot' : colorant === 'Black' ? 'gray' : 'cmyk', components: 1, spots, colorant };
    }
    case 'DeviceN': {
      const arr = await doc.resolve(v[1]);
      const names = Array.isArray(arr) ? arr.map((x) => nameOf(x) ?? '').filter(Boolean) : [];
      const spots = names.filter((n) => !NOT_SPOT.has(n));
      const kind: ColorKind = spots.length ? 'spot' : names.every((n) => n === 'Black' || n === 'None') ? 'gray' : 'cmyk';
      return { names: ['DeviceN'], kind, components: names.length, spots };
    }
    default:
      return UNKNOWN;
  }
}

/** Whether a colour value in a space would print in colour (false for neutral grays). */
export function isColorful(cs: ColorSpaceInfo, values: number[]): boolean {
  switch (cs.kind) {
    case 'gray':
      return false;
    case 'rgb':
      return values.length >= 3 && !(near(values[0]!, values[1]!) && near(values[1]!, values[2]!));
    case 'cmyk':
      if (cs.names[0] === 'Separation' || cs.names[0] === 'DeviceN') return true;
      return values.length >= 4 && (values[0]! > 0.001 || values[1]! > 0.001 || values[2]! > 0.001);
    case 'lab':
      return values.length >= 3 && (Math.abs(values[1]!) > 0.5 || Math.abs(values[2]!) > 0.5);
    case 'spot':
    case 'indexed':
      return true; // a spot ink, or a palette we do not decode: counts as colour
    default:
      return false;
  }
}

/** Whether anything drawn in this space can be in colour (images, shadings). */
export function canBeColor(cs: ColorSpaceInfo): boolean {
  return cs.kind !== 'gray' && cs.kind !== 'unknown' && !(cs.kind === 'pattern' && cs.components === 0);
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.004;
}
