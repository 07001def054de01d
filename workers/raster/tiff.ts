// TIFF (classic and BigTIFF, both byte orders): everything print needs is in IFD0. The chain of
// further IFDs is walked only to count pages, with a visited set and a cap so that a looping or
// endless chain cannot hang us. A directory the file ends inside of is read as far as it goes,
// with a warning; the facts its lost entries could have held are marked incomplete.
import type { ColorMode, FactArea, IncompleteFact } from '../../src/core/types';
import { corrupt, InspectError } from './errors';
import type { ParsedRaster } from './facts';
import { readIcc } from './icc';
import { firstNumber, type IfdCut, numbers, readIfd, readTiffHeader, resolution, TAG } from './ifd';
import { ByteReader, MAX_ICC } from './reader';

/** Pages counted at most; a count above this is reported as the cap. */
export const MAX_PAGES_COUNTED = 64;

export async function parseTiff(r: ByteReader): Promise<ParsedRaster> {
  const h = await readTiffHeader(r, 0);
  if (h.firstIfd < 8) throw corrupt('TIFF without a first image directory');
  const { entries, next, cut } = await readIfd(r, h, h.firstIfd);
  const get = (tag: number) => entries.get(tag);

  const width = await firstNumber(r, h, get(TAG.width));
  const height = await firstNumber(r, h, get(TAG.height));
  if (width === undefined || height === undefined) {
    if (cut) throw new InspectError('truncated', 'The TIFF file ends inside its image directory, before the image size');
    throw corrupt('TIFF without image width or height');
  }
  const samples = (await firstNumber(r, h, get(TAG.samplesPerPixel))) ?? 1;
  if (samples < 1 || samples > 64) throw corrupt(`TIFF with ${samples} samples per pixel`);
  const bits = await numbers(r, h, get(TAG.bitsPerSample), 16);
  const photometric = await firstNumber(r, h, get(TAG.photometric));
  const extra = await numbers(r, h, get(TAG.extraSamples), 16);
  const { dpiX, dpiY } = await resolution(r, h, entries).catch(() => ({ dpiX: undefined, dpiY: undefined }));
  const orientation = await firstNumber(r, h, get(TAG.orientation)).catch(() => undefined);

  const iccEntry = get(TAG.icc);
  let icc: ParsedRaster['icc'];
  if (iccEntry && iccEntry.count > 0 && iccEntry.count <= MAX_ICC) {
    const end = iccEntry.valueAt + iccEntry.count;
    // Read only the parts of the profile the description needs, not all of it.
    icc = await readIcc(async (off, len) => (off + len <= iccEntry.count && end <= r.size ? r.bytes(iccEntry.valueAt + off, len, 'ICC profile', MAX_ICC) : null), iccEntry.count);
  }

  return {
    widthPx: width,
    heightPx: height,
    orientation,
    dpiX,
    dpiY,
    dpiSource: 'tiff',
    colorMode: tiffColorMode(photometric, samples - extra.length),
    bitsPerChannel: bits.length ? Math.max(...bits) : 1,
    channels: samples,
    // ExtraSamples 1 = associated alpha, 2 = unassociated alpha; 0 is an unspecified extra channel.
    hasAlpha: extra.some((v) => v === 1 || v === 2),
    icc,
    frames: await countPages(r, h, h.firstIfd, next),
    ...(cut ? { warnings: [`the TIFF image directory is cut short at the end of the file: ${cut.lost} of its entries ${cut.lost === 1 ? 'is' : 'are'} missing`], incomplete: lostFacts(cut) } : {}),
  };
}

/** Facts a lost entry may have held, by tag: entries are sorted, so they lie after the last whole one. */
const TAG_AREAS: [number, FactArea][] = [
  [TAG.bitsPerSample, 'colors'],
  [TAG.photometric, 'colors'],
  [TAG.orientation, 'resolution'],
  [TAG.samplesPerPixel, 'colors'],
  [TAG.xResolution, 'resolution'],
  [TAG.yResolution, 'resolution'],
  [TAG.resolutionUnit, 'resolution'],
  [TAG.extraSamples, 'colors'],
  [TAG.icc, 'icc'],
];

function lostFacts(cut: IfdCut): IncompleteFact[] {
  if (cut.lost === 0) return [];
  const lo = cut.firstLostTag ?? cut.lastTag + 1;
  const hi = cut.firstLostTag !== undefined && cut.lost === 1 ? cut.firstLostTag : Infinity;
  const areas = new Set(TAG_AREAS.filter(([tag]) => tag >= lo && tag <= hi).map(([, area]) => area));
  return [...areas].map((area) => ({ area, reason: 'truncated' }));
}

function tiffColorMode(photometric: number | undefined, colorSamples: number): ColorMode {
  switch (photometric) {
    case 0: case 1: return 'gray'; // WhiteIsZero, BlackIsZero
    case 2: case 6: return 'rgb'; // RGB, YCbCr
    case 3: return 'indexed';
    case 5: return colorSamples === 4 ? 'cmyk' : 'unknown'; // Separated: CMYK or other ink sets
    case 8: case 9: case 10: return 'lab'; // CIELab, ICCLab, ITULab
    case undefined: return colorSamples >= 3 ? 'rgb' : 'gray';
    default: return 'unknown';
  }
}

async function countPages(r: ByteReader, h: Awaited<ReturnType<typeof readTiffHeader>>, first: number, next: number): Promise<number> {
  const seen = new Set([first]);
  let pages = 1;
  while (next !== 0 && pages < MAX_PAGES_COUNTED) {
    if (seen.has(next)) break; // a loop: the pages we saw are all there is
    seen.add(next);
    try {
      next = (await readIfd(r, h, next)).next;
    } catch {
      break; // a broken later page does not make the first one unreadable
    }
    pages++;
  }
  return pages;
}
