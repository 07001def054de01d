// WebP: RIFF chunk headers only. Size from VP8X (canvas), VP8 (frame header) or VP8L (bit-packed
// header); alpha from the VP8X flag, ALPH or the VP8L flag; ICC from ICCP; orientation and
// resolution from the EXIF chunk, which comes after the image data and is reached by skipping.
import { corrupt, InspectError } from './errors';
import { parseExif } from './exif';
import type { ParsedRaster } from './facts';
import { readIcc } from './icc';
import { ascii, ByteReader, MAX_ICC, MAX_SEGMENT, startsWith, view } from './reader';

/** Animated files have one ANMF chunk per frame; we count this many at most. */
const MAX_CHUNKS = 10_000;

export async function parseWebp(r: ByteReader): Promise<ParsedRaster> {
  const riff = await r.bytes(0, 12, 'WebP header');
  if (!startsWith(riff, 'RIFF') || !startsWith(riff, 'WEBP', 8)) throw corrupt('Not a WebP file');
  const declaredEnd = 8 + view(riff).getUint32(4, true);
  const riffEnd = Math.min(r.size, declaredEnd);

  let size: { width: number; height: number } | undefined;
  let hasAlpha = false;
  let frames = 0;
  let icc: ParsedRaster['icc'];
  let exif: Awaited<ReturnType<typeof parseExif>> = {};
  let pos = 12;
  for (let n = 0; pos + 8 <= riffEnd; n++) {
    if (n > MAX_CHUNKS) break;
    const head = await r.bytes(pos, 8, 'WebP chunk header');
    const type = ascii(head, 0, 4);
    const length = view(head).getUint32(4, true);
    const dataAt = pos + 8;
    if (dataAt + length > r.size) {
      if (!size) throw new InspectError('truncated', `The WebP file ends inside its ${type} chunk`);
      break; // image data cut short after the header we need: judged from the header
    }
    if (type === 'VP8X') {
      const d = await r.bytes(dataAt, 10, 'WebP VP8X chunk');
      hasAlpha ||= (d[0]! & 0x10) !== 0;
      size = { width: 1 + uint24(d, 4), height: 1 + uint24(d, 7) };
    } else if (type === 'VP8 ' && !size) {
      const d = await r.bytes(dataAt, 10, 'WebP VP8 frame header');
      if (d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) throw corrupt('WebP VP8 frame header is damaged');
      const dv = view(d);
      size = { width: dv.getUint16(6, true) & 0x3fff, height: dv.getUint16(8, true) & 0x3fff };
    } else if (type === 'VP8L' && !size) {
      const d = await r.bytes(dataAt, 5, 'WebP VP8L header');
      if (d[0] !== 0x2f) throw corrupt('WebP lossless header is damaged');
      const bits = view(d).getUint32(1, true);
      size = { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
      hasAlpha ||= ((bits >>> 28) & 1) === 1;
    } else if (type === 'ALPH') {
      hasAlpha = true;
    } else if (type === 'ANMF') {
      frames++;
    } else if (type === 'ICCP' && !icc) {
      if (length > MAX_ICC) throw new InspectError('header_too_large', 'WebP ICC profile larger than 4 MB');
      icc = await readIcc(async (off, len) => (off + len <= length ? r.bytes(dataAt + off, len, 'ICC profile', MAX_ICC) : null), length);
    } else if (type === 'EXIF' && length <= MAX_SEGMENT) {
      const d = await r.bytes(dataAt, length, 'WebP EXIF chunk');
      exif = await parseExif(startsWith(d, 'Exif\0\0') ? d.subarray(6) : d);
    }
    pos = dataAt + length + (length & 1); // chunks are padded to even sizes
  }
  if (!size) {
    if (declaredEnd > r.size) throw new InspectError('truncated', 'The WebP file ends before its image header');
    throw corrupt('WebP without image size');
  }
  return {
    widthPx: size.width,
    heightPx: size.height,
    orientation: exif.orientation,
    dpiX: exif.dpiX,
    dpiY: exif.dpiY,
    dpiSource: 'exif',
    colorMode: 'rgb',
    bitsPerChannel: 8,
    channels: hasAlpha ? 4 : 3,
    hasAlpha,
    icc,
    frames: frames || 1,
  };
}

function uint24(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
}
