// HEIC/HEIF and AVIF (ISO base media file format). Top-level boxes are walked by their headers
// (mdat is skipped, never read); the 'meta' box is read whole (capped) and parsed in memory:
// pitm names the primary item, ipma ties it to its properties in ipco: ispe (size), irot/imir
// (display rotation), pixi (bit depth), colr (ICC profile), auxC (an alpha plane).
import type { ColorMode } from '../../src/core/types';
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
  return parseMeta(meta);
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

async function parseMeta(b: Uint8Array): Promise<ParsedRaster> {
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

  // Property indexes (1-based into ipco) associated with the primary item.
  const associated = new Set<number>();
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
      for (let j = 0; j < count && at < ipma.end; j++) {
        const index = wide ? dv.getUint16(at) & 0x7fff : b[at]! & 0x7f;
        at += wide ? 2 : 1;
        if (item === primary) associated.add(index);
      }
    }
  }
  const forPrimary = props.filter((_, i) => associated.has(i + 1));
  const pick = (type: string) => forPrimary.find((p) => p.type === type);

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

  const colr = forPrimary.filter((p) => p.type === 'colr').find((p) => ['prof', 'rICC'].includes(ascii(b, p.start, 4)));
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
  };
}

/** irot (anticlockwise quarter turns) then imir (0 = top-bottom axis, 1 = left-right) as an EXIF orientation. */
function exifOrientation(quarterTurnsCcw: number, mirrorAxis: number | undefined): number {
  const rotated = [1, 8, 3, 6][quarterTurnsCcw]!;
  if (mirrorAxis === undefined) return rotated;
  // Mirrored variants: what matters for print is whether width and height swap, which they do for 5..8.
  const mirrored: Record<number, number> = { 1: 2, 3: 4, 6: 7, 8: 5 };
  return mirrored[rotated]!;
}
