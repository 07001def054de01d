// Our image facts next to exiftool's. An image is UNAMBIGUOUS for a fact when exiftool reports the
// fact from the file's own header without error, and, for resolution, when every resolution the
// file states agrees (JFIF, EXIF IFD0, PNG pHYs, TIFF): files whose JFIF and EXIF resolutions
// differ are left out, since the standards do not say which wins. Per fact:
//  - pixel size: the header's width and height (JPEG SOF, PNG IHDR, TIFF IFD0, HEIF ispe...).
//  - orientation: EXIF IFD0 Orientation (1 when absent). HEIF is left out: its rotation is the
//    irot/imir boxes, which exiftool does not fold into Orientation.
//  - resolution: dots per inch; a JFIF unit of 0 (aspect ratio only) and PNG pHYs with unit 0
//    state no resolution, nor does 1 dpi or less (what writers put for "not set"). A PNG whose
//    only resolution is in an eXIf chunk is left out (PNG's own resolution is pHYs). Compared to
//    0.01 dpi (pHYs stores dots per metre).
//  - colour mode: JPEG component count (3 → RGB/YCbCr, 4 → CMYK or YCCK: both count as CMYK,
//    exiftool does not name the Adobe transform), PNG colour type, TIFF photometric.
//  - bits per channel: JPEG/TIFF BitsPerSample (first sample), PNG BitDepth.
import type { RasterFacts } from '../../src/core/types';
import type { ExifRecord } from './tools';
import type { Tally } from './tally';

function pick(rec: ExifRecord, tag: string, groups: string[]): number | undefined {
  for (const g of groups) {
    const v = rec[`${g}:${tag}`];
    if (v !== undefined) return typeof v === 'number' ? v : Number(String(v).split(' ')[0]);
  }
  return undefined;
}

const SIZE_GROUPS = ['File', 'PNG', 'IFD0', 'GIF', 'RIFF', 'BMP', 'QuickTime'];

/** Every resolution the file states, in dpi. */
export function statedDpis(rec: ExifRecord): { source: string; x: number; y: number }[] {
  const out: { source: string; x: number; y: number }[] = [];
  const perUnit = (u: number | undefined) => (u === 2 ? 1 : u === 3 ? 2.54 : undefined); // inch, cm
  const jfifUnit = pick(rec, 'ResolutionUnit', ['JFIF']);
  const jx = pick(rec, 'XResolution', ['JFIF']);
  const jy = pick(rec, 'YResolution', ['JFIF']);
  // JFIF units: 0 none (aspect), 1 dpi, 2 dots per cm
  if (jx && jy && (jfifUnit === 1 || jfifUnit === 2)) out.push({ source: 'jfif', x: jx * (jfifUnit === 2 ? 2.54 : 1), y: jy * (jfifUnit === 2 ? 2.54 : 1) });
  const ex = pick(rec, 'XResolution', ['IFD0']);
  const ey = pick(rec, 'YResolution', ['IFD0']);
  const eu = perUnit(pick(rec, 'ResolutionUnit', ['IFD0']) ?? 2);
  if (ex && ey && eu) out.push({ source: 'exif', x: ex * eu, y: ey * eu });
  const px = pick(rec, 'PixelsPerUnitX', ['PNG-pHYs']);
  const py = pick(rec, 'PixelsPerUnitY', ['PNG-pHYs']);
  if (px && py && pick(rec, 'PixelUnits', ['PNG-pHYs']) === 1) out.push({ source: 'phys', x: px * 0.0254, y: py * 0.0254 });
  // 1 dpi and below is what writers put for "not set" (e.g. JFIF 1×1 with a unit): no resolution
  return out.filter((d) => d.x > 1 && d.y > 1);
}

export function exifColorMode(rec: ExifRecord, format: string): string | undefined {
  if (format === 'jpeg') {
    const n = pick(rec, 'ColorComponents', ['File']);
    return n === 1 ? 'gray' : n === 3 ? 'rgb' : n === 4 ? 'cmyk' : undefined;
  }
  if (format === 'png') {
    const c = pick(rec, 'ColorType', ['PNG']);
    return c === 0 || c === 4 ? 'gray' : c === 2 || c === 6 ? 'rgb' : c === 3 ? 'indexed' : undefined;
  }
  if (format === 'tiff') {
    const p = pick(rec, 'PhotometricInterpretation', ['IFD0']);
    return p === 0 || p === 1 ? 'gray' : p === 2 || p === 6 ? 'rgb' : p === 3 ? 'indexed' : p === 5 ? 'cmyk' : p === 8 ? 'lab' : undefined;
  }
  return undefined;
}

export function compareRaster(t: Tally, file: string, format: string, r: RasterFacts, rec: ExifRecord): void {
  const w = pick(rec, 'ImageWidth', SIZE_GROUPS);
  const h = pick(rec, 'ImageHeight', SIZE_GROUPS);
  if (w && h) t.compare('image pixel size', file, [r.widthPx, r.heightPx], [w, h]);
  else t.exclude('image pixel size', 'exiftool reports no size');

  if (format === 'heic' || format === 'avif') t.exclude('image orientation', 'HEIF rotation is in irot/imir, not in EXIF Orientation');
  else t.compare('image orientation', file, r.orientation, pick(rec, 'Orientation', ['IFD0']) ?? 1);

  let dpis = statedDpis(rec);
  // PNG's resolution is its pHYs chunk; an eXIf copy (sharp writes both) only counts without one
  if (format === 'png' && dpis.some((d) => d.source === 'phys')) dpis = dpis.filter((d) => d.source === 'phys');
  const distinct = new Set(dpis.map((d) => `${d.x.toFixed(2)}×${d.y.toFixed(2)}`));
  if (distinct.size > 1) t.exclude('image stated resolution', 'the file states different resolutions (JFIF vs EXIF)');
  else if (format === 'png' && dpis.length === 1 && dpis[0]!.source === 'exif') t.exclude('image stated resolution', 'PNG with a resolution only in an eXIf chunk (PNG states resolution in pHYs)');
  // until the inspector reads EXIF in HEIF/WebP (issue 13 point 3) those files are left out; once
  // it states a resolution for them, they are compared like every other file
  else if ((format === 'heic' || format === 'avif' || format === 'webp') && r.dpiX === undefined) t.exclude('image stated resolution', `${format}: EXIF resolution not read by our inspector yet (issue 13 point 3)`);
  else {
    const theirs = dpis[0] ? [dpis[0].x, dpis[0].y] : null;
    const ours = r.dpiX && r.dpiY ? [r.dpiX, r.dpiY] : null;
    t.compare('image stated resolution', file, ours, theirs, () => (ours === null || theirs === null ? ours === theirs : Math.abs(ours[0]! - theirs[0]!) < 0.01 && Math.abs(ours[1]! - theirs[1]!) < 0.01));
  }

  const mode = exifColorMode(rec, format);
  if (mode) t.compare('image colour mode', file, r.colorMode === 'ycck' ? 'cmyk' : r.colorMode, mode);
  else t.exclude('image colour mode', `${format}: exiftool names no colour mode`);

  const bits = format === 'png' ? pick(rec, 'BitDepth', ['PNG']) : pick(rec, 'BitsPerSample', ['File', 'IFD0']);
  if (bits) t.compare('image bits per channel', file, r.bitsPerChannel, bits);
  else t.exclude('image bits per channel', `${format}: exiftool reports no bit depth`);
}
