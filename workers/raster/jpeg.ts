// JPEG: walk the marker segments up to the first scan (SOS), never into the compressed data.
// Size, precision and components come from SOFn; resolution from EXIF, Photoshop or JFIF (in that
// order: EXIF and Photoshop are what editors update, JFIF is often a stale default);
// CMYK vs YCCK from the Adobe APP14 transform flag; the ICC profile from APP2 chunks.
// Like libjpeg, a few stray bytes between segments are skipped (with a warning); unlike a header
// reader that stops at the scan, one read at the file's end tells a photo whose image data was cut
// off (no end-of-image marker) from a whole one.
import type { ColorMode } from '../../src/core/types';
import { corrupt, InspectError } from './errors';
import { parseExif, type ExifFacts } from './exif';
import type { ParsedRaster } from './facts';
import { memoryRange, readIcc } from './icc';
import { ByteReader, MAX_ICC, startsWith, view } from './reader';

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** Far more segments than any real header has; stops a file made of empty segments. */
const MAX_SEGMENTS = 10_000;
/** Stray bytes skipped between two segments at most (cameras leave a few; more is damage). */
const MAX_STRAY = 4096;
/** The end of the file read to find the end-of-image marker. */
const TAIL = 4 * 1024;

export async function parseJpeg(r: ByteReader): Promise<ParsedRaster> {
  const soi = await r.bytes(0, 2, 'JPEG start marker');
  if (soi[0] !== 0xff || soi[1] !== 0xd8) throw corrupt('Not a JPEG file (no start-of-image marker)');

  let sof: { precision: number; height: number; width: number; components: number } | undefined;
  let jfifDpi: { x: number; y: number } | undefined;
  let psdDpi: { x: number; y: number } | undefined;
  let exif: ExifFacts = {};
  let adobeTransform: number | undefined;
  const iccChunks = new Map<number, Uint8Array>();
  let iccBytes = 0;
  const warnings: string[] = [];

  let pos = 2;
  for (let n = 0; ; n++) {
    if (n > MAX_SEGMENTS) throw corrupt('JPEG header has too many segments');
    if (pos + 2 > r.size) throw new InspectError('truncated', 'The JPEG file ends inside its header');
    const m = await r.bytes(pos, 2, 'JPEG marker');
    if (m[0] !== 0xff) {
      const skip = await strayBytes(r, pos);
      warnings.push(`${skip} stray bytes before a JPEG marker at byte ${pos} were skipped`);
      pos += skip;
      continue;
    }
    const marker = m[1]!;
    if (marker === 0xff) { pos += 1; continue; } // fill byte
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { pos += 2; continue; } // no length
    if (marker === 0xd9) throw corrupt('JPEG file ends before any image data');
    const length = view(await r.bytes(pos + 2, 2, 'JPEG segment length')).getUint16(0);
    if (length < 2) throw corrupt(`JPEG segment with impossible length ${length}`);
    const payloadAt = pos + 4;
    const payloadLength = length - 2;

    if (marker === 0xda) {
      if (!sof) throw corrupt('JPEG image data starts before the frame header (SOF)');
      if (await scanCutOff(r, pos)) throw new InspectError('truncated', 'The JPEG file is incomplete: its image data is cut off (no end-of-image marker)');
      break;
    }
    if (SOF.has(marker)) {
      const p = view(await r.bytes(payloadAt, Math.min(payloadLength, 6), 'JPEG frame header'));
      if (payloadLength < 6) throw corrupt('JPEG frame header too short');
      sof ??= { precision: p.getUint8(0), height: p.getUint16(1), width: p.getUint16(3), components: p.getUint8(5) };
    } else if (marker >= 0xe0 && marker <= 0xef) {
      const seg = await r.bytes(payloadAt, payloadLength, 'JPEG APP segment');
      if (marker === 0xe0 && startsWith(seg, 'JFIF\0') && seg.length >= 12) jfifDpi ??= jfifDensity(seg);
      else if (marker === 0xe1 && startsWith(seg, 'Exif\0') && exif.orientation === undefined && exif.dpiX === undefined) exif = await parseExif(seg.subarray(6));
      else if (marker === 0xe2 && startsWith(seg, 'ICC_PROFILE\0') && seg.length > 14) {
        iccBytes += seg.length - 14;
        if (iccBytes > MAX_ICC) throw new InspectError('header_too_large', 'JPEG ICC profile larger than 4 MB');
        iccChunks.set(seg[12]!, seg.slice(14));
      }
      else if (marker === 0xed && startsWith(seg, 'Photoshop 3.0\0')) psdDpi ??= photoshopResolution(seg);
      else if (marker === 0xee && startsWith(seg, 'Adobe') && seg.length >= 12) adobeTransform = seg[11];
    }
    pos = payloadAt + payloadLength;
  }

  if (!sof) throw corrupt('JPEG without a frame header');
  if (sof.height === 0) throw new InspectError('unsupported_image', 'JPEG whose height is only given after the image data (DNL) is not supported');
  const dpi = exif.dpiX !== undefined ? { x: exif.dpiX, y: exif.dpiY ?? exif.dpiX, source: 'exif' as const }
    : psdDpi ? { ...psdDpi, source: 'psd' as const }
    : jfifDpi ? { ...jfifDpi, source: 'jfif' as const } : undefined;
  const icc = iccChunks.size ? await assembleIcc(iccChunks) : undefined;

  return {
    widthPx: sof.width,
    heightPx: sof.height,
    orientation: exif.orientation,
    dpiX: dpi?.x,
    dpiY: dpi?.y,
    dpiSource: dpi?.source,
    colorMode: jpegColorMode(sof.components, adobeTransform),
    bitsPerChannel: sof.precision,
    channels: sof.components,
    hasAlpha: false,
    icc,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** Bytes to skip from `pos` to the next marker, or a corrupt-image error when none is near. */
async function strayBytes(r: ByteReader, pos: number): Promise<number> {
  const buf = await r.upTo(pos, MAX_STRAY + 2, 'JPEG header');
  for (let k = 1; k + 1 < buf.length; k++) {
    if (buf[k] === 0xff && buf[k + 1] !== 0x00 && buf[k + 1] !== 0xff) return k;
  }
  throw corrupt(`JPEG header is damaged at byte ${pos}`);
}

/** Marker bytes that may follow 0xFF inside or between the scans of a JPEG stream. */
function inStream(b: number): boolean {
  return b === 0x00 || b === 0xff || (b >= 0xd0 && b <= 0xd7) || b === 0xc4 || b === 0xcc || b === 0xda || b === 0xdb || b === 0xdc || b === 0xdd || b === 0xfe || (b >= 0xe0 && b <= 0xef);
}

/**
 * True when the file ends inside its image data: the last bytes after the first scan hold no
 * end-of-image marker (FF D9) and still look like JPEG data. Data appended after the marker (a
 * phone's video, text, zero padding) does not look like JPEG data, so it is no truncation.
 */
async function scanCutOff(r: ByteReader, sosAt: number): Promise<boolean> {
  const from = Math.max(sosAt + 2, r.size - TAIL);
  const tail = await r.upTo(from, r.size - from, 'JPEG end');
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0x00) end--;
  if (end === 0) return false; // zero padding (or nothing): nothing says the data was cut
  let marks = 0;
  for (let i = 0; i + 1 < tail.length; i++) {
    if (tail[i] !== 0xff) continue;
    if (tail[i + 1] === 0xd9) return false;
    if (!inStream(tail[i + 1]!)) return false; // not JPEG data: something appended after the image
    marks++;
  }
  if (marks > 0) return true;
  // no 0xFF at all: compressed data of this length almost always has some; text does not
  let printable = 0;
  for (let i = 0; i < end; i++) if ((tail[i]! >= 0x20 && tail[i]! < 0x7f) || tail[i] === 0x0a || tail[i] === 0x0d) printable++;
  return printable < end * 0.9;
}

function jpegColorMode(components: number, adobeTransform: number | undefined): ColorMode {
  if (components === 1) return 'gray';
  if (components === 3) return 'rgb'; // YCbCr or RGB: both are RGB data for print purposes
  if (components === 4) return adobeTransform === 2 ? 'ycck' : 'cmyk';
  return 'unknown';
}

function jfifDensity(seg: Uint8Array): { x: number; y: number } | undefined {
  const dv = view(seg);
  const units = seg[7];
  const factor = units === 1 ? 1 : units === 2 ? 2.54 : 0; // 0 = aspect ratio only
  if (!factor) return undefined;
  return { x: dv.getUint16(8) * factor, y: dv.getUint16(10) * factor };
}

/** Photoshop image resource 0x03ED (ResolutionInfo): 16.16 fixed-point pixels per inch or cm. */
function photoshopResolution(seg: Uint8Array): { x: number; y: number } | undefined {
  const dv = view(seg);
  let p = 14;
  while (p + 12 <= seg.length && startsWith(seg, '8BIM', p)) {
    const id = dv.getUint16(p + 4);
    const nameLength = seg[p + 6]!;
    const nameField = (nameLength + 2) & ~1; // Pascal string padded to even, including length byte
    const sizeAt = p + 6 + nameField;
    if (sizeAt + 4 > seg.length) return undefined;
    const size = dv.getUint32(sizeAt);
    const data = sizeAt + 4;
    if (id === 0x03ed && data + 16 <= seg.length) {
      const toPpi = (unit: number) => (unit === 2 ? 2.54 : 1);
      return { x: (dv.getUint32(data) / 65536) * toPpi(dv.getUint16(data + 4)), y: (dv.getUint32(data + 8) / 65536) * toPpi(dv.getUint16(data + 12)) };
    }
    p = data + size + (size & 1);
  }
  return undefined;
}

async function assembleIcc(chunks: Map<number, Uint8Array>) {
  const ordered = [...chunks.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  const size = ordered.reduce((s, c) => s + c.length, 0);
  const whole = new Uint8Array(size);
  let at = 0;
  for (const c of ordered) { whole.set(c, at); at += c.length; }
  return readIcc(memoryRange(whole), size);
}
