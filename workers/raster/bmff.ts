// HEIC/HEIF and AVIF (ISO base media file format). Top-level boxes are walked by their headers
// (mdat is skipped, never read); the 'meta' box is read whole (capped) and parsed in memory:
// pitm names the primary item, ipma ties it to its properties in ipco: ispe (size), irot/imir
// (display rotation), pixi (bit depth), colr (ICC profile or nclx colour declaration), auxC (an
// alpha plane). A tiled image (a 'grid' item) often carries its colour on the tiles: iref 'dimg'
// names them. The stated resolution is in the EXIF item (iinf 'Exif', located by iloc, usually
// described by iref 'cdsc'); it is the one small read outside 'meta'.
import type { ColorMode, RasterFacts } from '../../src/core/types';
import { cicpName } from './cicp';
import { parseExif } from './exif';
import { corrupt, InspectError } from './errors';
import type { ParsedRaster } from './facts';
import { memoryRange, readIcc } from './icc';
import { ascii, ByteReader, MAX_SEGMENT, view } from './reader';

interface Box {
  type: string;
  /** Start of the box content (after the header). */
  start: number;
  end: number;
}

const MAX_TOP_LEVEL_BOXES = 1000;
const MAX_CHILDREN = 10_000;

export async function parseBmff(r: ByteReader): Promise<ParsedRaster> {
  let meta: Uint8Array | undefined;
  let sawFtyp = false;
  let pos = 0;
  for (let n = 0; pos + 8 <= r.size && n < MAX_TOP_LEVEL_BOXES; n++) {
    const head = await r.bytes(pos, Math.min(16, r.size - pos), 'box header');
    const box = boxAt(head, 0, head.length, r.size - pos);
    if (!box) throw corrupt(`Damaged box header at byte ${pos}`);
    const end = pos + box.end;
    if (n === 0 && box.type !== 'ftyp') throw corrupt('Not an HEIF/AVIF file (no ftyp box)');
    if (box.type === 'ftyp') sawFtyp = true;
    if (box.type === 'meta') {
      meta = await r.bytes(pos, box.end, "'meta' box", MAX_SEGMENT);
      break;
    }
    pos = end;
  }
  if (!sawFtyp) throw corrupt('Not an HEIF/AVIF file (no ftyp box)');
  if (!meta) throw new InspectError('truncated', "The file ends before its 'meta' box");
  return parseMeta(meta, r);
}

/**
 * The box starting at `at` in `b`, positions relative to `b`. `toEof` is how many bytes the file
 * has from `at` on (a size of 0 means "to the end of the file").
 */
function boxAt(b: Uint8Array, at: number, limit: number, toEof = limit - at): Box | null {
  if (at + 8 > limit) return null;
  const dv = view(b);
  let size = dv.getUint32(at);
  const type = ascii(b, at + 4, 4);
  let header = 8;
  if (size === 1) {
    if (at + 16 > limit) return null;
    const big = dv.getBigUint64(at + 8);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    size = Number(big);
    header = 16;
  } else if (size === 0) {
    size = toEof;
  }
  if (size < header) return null;
  return { type, start: at + header, end: at + size };
}

function children(b: Uint8Array, start: number, end: number): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end && out.length < MAX_CHILDREN) {
    const box = boxAt(b, at, end);
    if (!box || box.end > end) throw corrupt('Damaged box inside the image metadata');
    out.push(box);
    at = box.end;
  }
  return out;
}

async function parseMeta(b: Uint8Array, r: ByteReader): Promise<ParsedRaster> {
  const metaBox = boxAt(b, 0, b.length)!;
  if (metaBox.end > b.length) throw new InspectError('truncated', "The file ends inside its 'meta' box");
  // 'meta' is a FullBox (4 bytes version/flags) in ISO BMFF; some old QuickTime writers omit them.
  const metaStart = ascii(b, metaBox.start + 4, 4) === 'hdlr' ? metaBox.start : metaBox.start + 4;
  const metaChildren = children(b, metaStart, metaBox.end);
  const dv = view(b);

  let primary: number | undefined;
  const pitm = metaChildren.find((c) => c.type === 'pitm');
  if (pitm) primary = b[pitm.start] === 0 ? dv.getUint16(pitm.start + 4) : dv.getUint32(pitm.start + 4);

  const iprp = metaChildren.find((c) => c.type === 'iprp');
  if (!iprp) throw corrupt('HEIF/AVIF without item properties');
  const iprpChildren = children(b, iprp.start, iprp.end);
  const ipco = iprpChildren.find((c) => c.type === 'ipco');
  if (!ipco) throw corrupt('HEIF/AVIF without item properties');
  const props = children(b, ipco.start, ipco.end);

  // Property indexes (1-based into ipco) associated with each item.
  const associations = new Map<number, Set<number>>();
  for (const ipma of iprpChildren.filter((c) => c.type === 'ipma')) {
    const version = b[ipma.start]!;
    const wide = (b[ipma.start + 3]! & 1) === 1;
    let at = ipma.start + 4;
    const entries = dv.getUint32(at);
    at += 4;
    for (let i = 0; i < entries && at < ipma.end; i++) {
      const item = version < 1 ? dv.getUint16(at) : dv.getUint32(at);
      at += version < 1 ? 2 : 4;
      const count = b[at++]!;
      const set = associations.get(item) ?? new Set<number>();
      associations.set(item, set);
      for (let j = 0; j < count && at < ipma.end; j++) {
        set.add(wide ? dv.getUint16(at) & 0x7fff : b[at]! & 0x7f);
        at += wide ? 2 : 1;
      }
    }
  }
  const propsOf = (item: number | undefined) => props.filter((_, i) => item !== undefined && !!associations.get(item)?.has(i + 1));
  const forPrimary = propsOf(primary);
  const pick = (type: string) => forPrimary.find((p) => p.type === type);
  const refs = readIref(b, metaChildren.find((c) => c.type === 'iref'));
  // the tiles of a grid (or the source of another derived image) the primary item is made of
  const sources = refs.filter((x) => x.type === 'dimg' && x.from === primary).flatMap((x) => x.to).slice(0, 4096);

  // Size: the primary item's ispe, else the largest one (files without pitm/ipma).
  let ispe = pick('ispe');
  if (!ispe) {
    let best = 0;
    for (const p of props.filter((p) => p.type === 'ispe')) {
      const area = dv.getUint32(p.start + 4) * dv.getUint32(p.start + 8);
      if (area > best) { best = area; ispe = p; }
    }
  }
  if (!ispe || ispe.end - ispe.start < 12) throw corrupt('HEIF/AVIF without image size');
  const width = dv.getUint32(ispe.start + 4);
  const height = dv.getUint32(ispe.start + 8);

  const irot = pick('irot');
  const imir = pick('imir');
  const pixi = pick('pixi');
  const channels = pixi ? b[pixi.start + 4]! : 3;
  const bits = pixi && channels > 0 ? b[pixi.start + 5]! : 8;
  const colorMode: ColorMode = channels === 1 ? 'gray' : 'rgb';

  // colour: the primary item's own colr, else the one its tiles carry
  const colrOf = (list: Box[], kinds: string[]) => list.filter((p) => p.type === 'colr').find((p) => kinds.includes(ascii(b, p.start, 4)));
  const fromTiles = (kinds: string[]) => sources.map((t) => colrOf(propsOf(t), kinds)).find((c) => c);
  const colr = colrOf(forPrimary, ['prof', 'rICC']) ?? fromTiles(['prof', 'rICC']);
  const nclx = colrOf(forPrimary, ['nclx']) ?? fromTiles(['nclx']);
  const exif = await readExifItem(b, metaChildren, refs, primary, r);
  const hasAlpha = props.some((p) => p.type === 'auxC' && /alpha|auxid:1$/.test(ascii(b, p.start + 4, p.end - p.start - 4).replace(/\0.*$/s, '')));

  return {
    widthPx: width,
    heightPx: height,
    orientation: exifOrientation(irot ? b[irot.start]! & 3 : 0, imir ? b[imir.start]! & 1 : undefined),
    colorMode,
    bitsPerChannel: bits,
    channels: channels + (hasAlpha ? 1 : 0),
    hasAlpha,
    icc: colr ? await readIcc(memoryRange(b.subarray(colr.start + 4, colr.end)), colr.end - colr.start - 4) : undefined,
    ...(nclx && !colr ? declaredColor(b, nclx) : {}),
    // irot/imir, not EXIF, decide how a HEIF image is displayed: only the resolution is taken
    ...(exif.dpiX !== undefined ? { dpiX: exif.dpiX, dpiY: exif.dpiY, dpiSource: 'exif' as const } : {}),
  };
}

interface ItemRef {
  type: string;
  from: number;
  to: number[];
}

/** iref: typed references between items (dimg: derived image from tiles; cdsc: metadata describing an item). */
function readIref(b: Uint8Array, iref: Box | undefined): ItemRef[] {
  if (!iref) return [];
  const dv = view(b);
  const wide = b[iref.start] !== 0;
  const out: ItemRef[] = [];
  for (const box of children(b, iref.start + 4, iref.end)) {
    let at = box.start;
    if (at + (wide ? 6 : 4) > box.end) continue;
    const from = wide ? dv.getUint32(at) : dv.getUint16(at);
    at += wide ? 4 : 2;
    const count = dv.getUint16(at);
    at += 2;
    const to: number[] = [];
    for (let i = 0; i < count && at + (wide ? 4 : 2) <= box.end; i++, at += wide ? 4 : 2) to.push(wide ? dv.getUint32(at) : dv.getUint16(at));
    out.push({ type: box.type, from, to });
  }
  return out;
}

/** Item types by id, from iinf's infe entries (version 2 and 3 carry a four-character type). */
function readItemTypes(b: Uint8Array, iinf: Box | undefined): Map<number, string> {
  const types = new Map<number, string>();
  if (!iinf) return types;
  const dv = view(b);
  const start = iinf.start + 4 + (b[iinf.start] === 0 ? 2 : 4);
  for (const infe of children(b, start, iinf.end)) {
    if (infe.type !== 'infe' || infe.end - infe.start < 12) continue;
    const version = b[infe.start]!;
    if (version < 2) continue;
    const id = version === 2 ? dv.getUint16(infe.start + 4) : dv.getUint32(infe.start + 4);
    const typeAt = infe.start + 4 + (version === 2 ? 2 : 4) + 2;
    if (typeAt + 4 <= infe.end) types.set(id, ascii(b, typeAt, 4));
  }
  return types;
}

interface ItemLocation {
  /** 0: offsets in the file; 1: offsets in the meta box's idat. */
  method: number;
  extents: { offset: number; length: number }[];
}

/** iloc: where each item's data is (ISO/IEC 14496-12 8.11.3). */
function readLocations(b: Uint8Array, iloc: Box | undefined): Map<number, ItemLocation> {
  const out = new Map<number, ItemLocation>();
  if (!iloc) return out;
  const dv = view(b);
  const version = b[iloc.start]!;
  let at = iloc.start + 4;
  const sizes = dv.getUint16(at);
  at += 2;
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 15;
  const baseSize = (sizes >> 4) & 15;
  const indexSize = version === 1 || version === 2 ? sizes & 15 : 0;
  const uint = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + b[at + i]!;
    at += n;
    return v;
  };
  const count = version < 2 ? uint(2) : uint(4);
  for (let i = 0; i < count && at < iloc.end; i++) {
    const id = version < 2 ? uint(2) : uint(4);
    const method = version === 1 || version === 2 ? uint(2) & 15 : 0;
    uint(2); // data reference index
    const base = uint(baseSize);
    const n = uint(2);
    const extents: ItemLocation['extents'] = [];
    for (let k = 0; k < n && at < iloc.end; k++) {
      uint(indexSize);
      const offset = base + uint(offsetSize);
      extents.push({ offset, length: uint(lengthSize) });
    }
    out.set(id, { method, extents });
  }
  return out;
}

/** How much of an EXIF item is read: IFD0 with the resolution sits at its start. */
const EXIF_READ = 64 * 1024;

/** Resolution from the EXIF item that describes the primary item (or the only EXIF item). */
async function readExifItem(b: Uint8Array, meta: Box[], refs: ItemRef[], primary: number | undefined, r: ByteReader): Promise<{ dpiX?: number; dpiY?: number }> {
  try {
    const types = readItemTypes(b, meta.find((c) => c.type === 'iinf'));
    const exifItems = [...types].filter(([, t]) => t === 'Exif').map(([id]) => id);
    const describing = exifItems.find((id) => refs.some((x) => x.type === 'cdsc' && x.from === id && primary !== undefined && x.to.includes(primary)));
    const id = describing ?? (exifItems.length === 1 ? exifItems[0] : undefined);
    const loc = id !== undefined ? readLocations(b, meta.find((c) => c.type === 'iloc')).get(id) : undefined;
    const extent = loc?.extents[0];
    if (!loc || !extent) return {};
    let data: Uint8Array;
    if (loc.method === 0) {
      const length = Math.min(extent.length || r.size - extent.offset, EXIF_READ);
      data = await r.upTo(extent.offset, length, 'EXIF item');
    } else if (loc.method === 1) {
      const idat = meta.find((c) => c.type === 'idat');
      if (!idat) return {};
      data = b.subarray(idat.start + extent.offset, Math.min(idat.end, idat.start + extent.offset + (extent.length || EXIF_READ)));
    } else return {};
    // the item starts with the offset of the TIFF header after these 4 bytes ("Exif\0\0" usually)
    if (data.length < 8) return {};
    const skip = view(data).getUint32(0);
    const exif = await parseExif(data.subarray(4 + skip));
    return { dpiX: exif.dpiX, dpiY: exif.dpiY };
  } catch (err) {
    if (err instanceof InspectError || err instanceof RangeError) return {}; // broken EXIF never fails the image
    throw err;
  }
}

/** An nclx colour box: the colour space declared by its code points (ITU-T H.273) instead of a profile. */
function declaredColor(b: Uint8Array, nclx: Box): { declaredColor?: RasterFacts['declaredColor'] } {
  if (nclx.end - nclx.start < 11) return {};
  const dv = view(b);
  const primaries = dv.getUint16(nclx.start + 4);
  const transfer = dv.getUint16(nclx.start + 6);
  const matrix = dv.getUint16(nclx.start + 8);
  const named = cicpName(primaries, transfer, matrix);
  return named ? { declaredColor: { source: 'nclx', space: named } } : {};
}


/** irot (anticlockwise quarter turns) then imir (0 = top-bottom axis, 1 = left-right) as an EXIF orientation. */
function exifOrientation(quarterTurnsCcw: number, mirrorAxis: number | undefined): number {
  const rotated = [1, 8, 3, 6][quarterTurnsCcw]!;
  if (mirrorAxis === undefined) return rotated;
  // Mirrored variants: what matters for print is whether width and height swap, which they do for 5..8.
  const mirrored: Record<number, number> = { 1: 2, 3: 4, 6: 7, 8: 5 };
  return mirrored[rotated]!;
}
