// PNG: read chunk headers from the signature up to the first IDAT, never the image data itself
// (the first IDAT is checksummed only when it is small). IHDR gives size, bit depth, colour type
// and interlacing; pHYs the resolution; tRNS transparency; iCCP the profile; acTL animation.
// Checksums are verified on the chunks we read, so the PngSuite corrupt files are refused.
import type { ColorMode } from '../../src/core/types';
import { crc32 } from './crc32';
import { cicpName } from './cicp';
import { corrupt, InspectError } from './errors';
import type { ParsedRaster } from './facts';
import { memoryRange, readIcc } from './icc';
import { inflateCapped } from './inflate';
import { ascii, ByteReader, MAX_ICC, view } from './reader';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_CHUNKS = 10_000;
/** The first IDAT is checksummed only up to this size (catches damaged small files, costs nothing for big ones). */
const SMALL_CHUNK = 64 * 1024;

/** Allowed bit depths per colour type (PNG spec table 11.1). */
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Ancillary chunks whose content we use; others are skipped unread. */
const USED_ANCILLARY = new Set(['pHYs', 'tRNS', 'acTL', 'iCCP', 'sRGB', 'cICP']);

export async function parsePng(r: ByteReader): Promise<ParsedRaster> {
  const sig = await r.bytes(0, 8, 'PNG signature');
  if (SIGNATURE.some((v, i) => sig[i] !== v)) throw corrupt('Not a valid PNG file (damaged signature, e.g. by a text-mode transfer)');

  let ihdr: { width: number; height: number; depth: number; colorType: number } | undefined;
  const found: Partial<ParsedRaster> = {};
  let pos = 8;
  for (let n = 0; ; n++) {
    if (n > MAX_CHUNKS) throw corrupt('PNG has too many chunks before its image data');
    const head = await r.bytes(pos, 8, 'PNG chunk header');
    const length = view(head).getUint32(0);
    const type = ascii(head, 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) throw corrupt(`PNG chunk with invalid type at byte ${pos}`);
    if (length > 0x7fffffff) throw corrupt(`PNG chunk ${type} with impossible length`);
    if (n === 0 && type !== 'IHDR') throw corrupt('PNG does not start with its IHDR header');
    const dataAt = pos + 8;
    const next = dataAt + length + 4;
    if (next > r.size) throw new InspectError('truncated', `The PNG file ends inside its ${type} chunk`);

    // Critical chunks (upper-case first letter) must be intact; a damaged ancillary chunk is
    // dropped, as libpng and browsers do, and the image is judged without it.
    const critical = type.charCodeAt(0) < 0x61;
    const wanted = USED_ANCILLARY.has(type) || type === 'IHDR' || type === 'PLTE' || (type === 'IDAT' && length <= SMALL_CHUNK);
    let data: Uint8Array | undefined;
    if (wanted) {
      const cap = type === 'iCCP' ? MAX_ICC : SMALL_CHUNK;
      const chunk = await r.bytes(dataAt, length + 4, `PNG ${type} chunk`, cap + 4);
      data = chunk.subarray(0, length);
      if (crc32(head.subarray(4, 8), data) !== view(chunk).getUint32(length)) {
        if (critical) throw corrupt(`PNG ${type} chunk is damaged (checksum mismatch)`);
        data = undefined;
      }
    }

    if (type === 'IHDR') {
      if (length !== 13 || !data) throw corrupt('PNG IHDR has the wrong length');
      const dv = view(data);
      ihdr = { width: dv.getUint32(0), height: dv.getUint32(4), depth: data[8]!, colorType: data[9]! };
      if (!DEPTHS[ihdr.colorType]?.includes(ihdr.depth)) throw corrupt(`PNG with invalid colour type ${ihdr.colorType} / bit depth ${ihdr.depth}`);
      if (data[10] !== 0 || data[11] !== 0 || data[12]! > 1) throw corrupt('PNG with unknown compression, filter or interlace method');
      if (ihdr.width === 0 || ihdr.height === 0 || ihdr.width > 0x7fffffff || ihdr.height > 0x7fffffff) throw corrupt('PNG with impossible dimensions');
    } else if (type === 'pHYs' && data && length === 9 && data[8] === 1) {
      // unit 1 = pixels per metre; unit 0 states the pixel aspect only
      const dv = view(data);
      found.dpiX = dv.getUint32(0) * 0.0254;
      found.dpiY = dv.getUint32(4) * 0.0254;
      found.dpiSource = 'phys';
    } else if (type === 'tRNS' && data) {
      found.hasAlpha = true;
    } else if (type === 'acTL' && data && length === 8) {
      found.frames = view(data).getUint32(0);
    } else if (type === 'iCCP' && data) {
      found.icc = await pngIcc(data);
    } else if (type === 'sRGB' && data && length === 1) {
      // "the image samples conform to the sRGB colour space": a declaration, not a profile
      found.declaredColor ??= { source: 'srgb', space: 'sRGB' };
    } else if (type === 'cICP' && data && length === 4) {
      const space = cicpName(data[0]!, data[1]!, data[2]!);
      if (space) found.declaredColor = { source: 'cicp', space };
    } else if (type === 'IDAT') {
      break;
    } else if (type === 'IEND') {
      throw corrupt('PNG without image data');
    }
    pos = next;
  }

  if (!ihdr) throw corrupt('PNG without header');
  const colorMode: ColorMode = ihdr.colorType === 3 ? 'indexed' : ihdr.colorType === 0 || ihdr.colorType === 4 ? 'gray' : 'rgb';
  return {
    widthPx: ihdr.width,
    heightPx: ihdr.height,
    colorMode,
    bitsPerChannel: ihdr.depth,
    channels: CHANNELS[ihdr.colorType],
    hasAlpha: ihdr.colorType === 4 || ihdr.colorType === 6 || !!found.hasAlpha,
    dpiX: found.dpiX,
    dpiY: found.dpiY,
    dpiSource: found.dpiSource,
    icc: found.icc,
    ...(found.declaredColor ? { declaredColor: found.declaredColor } : {}),
    frames: found.frames,
  };
}

/** iCCP: profile name, NUL, compression method 0, zlib data. Inflated only to read the description. */
async function pngIcc(data: Uint8Array): Promise<NonNullable<ParsedRaster['icc']>> {
  const nul = data.indexOf(0);
  if (nul < 1 || nul > 79) throw corrupt('PNG iCCP chunk with an invalid profile name');
  const name = ascii(data, 0, nul);
  const profile = await inflateCapped(data.subarray(nul + 2), MAX_ICC);
  if (!profile) return { description: name, size: 0 };
  const icc = await readIcc(memoryRange(profile), profile.length);
  icc.description ??= name;
  return icc;
}
