// Real customer files that are slightly off (issue 13, point 2): what libjpeg, exiftool and
// metadata-extractor read is read, with a warning where something was skipped; and what is
// really cut off is reported as truncated, not passed.
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { evaluateFile } from '../../src/core/evaluate';
import type { AcceptEntry } from '../../src/core/types';
import { bytesSource } from '../source';
import { InspectError, inspectRaster, inspectRasterFacts, type RasterFormat } from './index';
import { concat, pngChunk } from './test-fixtures';

const inspect = (bytes: Uint8Array, format: RasterFormat = 'jpeg') => inspectRaster(bytesSource(bytes), format);

async function codeOf(bytes: Uint8Array, format: RasterFormat = 'jpeg'): Promise<string> {
  try {
    await inspect(bytes, format);
    return 'facts';
  } catch (e) {
    if (e instanceof InspectError) return e.code;
    throw e;
  }
}

/** A camera-like JPEG: noise (so the scan data is long), 300 dpi in EXIF. */
async function photo(): Promise<Uint8Array> {
  const noise = Buffer.alloc(400 * 300 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  return new Uint8Array(await sharp(noise, { raw: { width: 400, height: 300, channels: 3 } }).withMetadata({ density: 300 }).jpeg({ quality: 92 }).toBuffer());
}

/** Offset of the segment after the first APPn segment (where cameras leave stray bytes). */
function afterFirstApp(b: Uint8Array): number {
  let p = 2;
  while (!(b[p] === 0xff && b[p + 1]! >= 0xe0 && b[p + 1]! <= 0xef)) p += 2 + ((b[p + 2]! << 8) | b[p + 3]!);
  return p + 2 + ((b[p + 2]! << 8) | b[p + 3]!);
}

describe('JPEG', () => {
  it('a few stray bytes between marker segments (as cameras write them) are skipped with a warning, not refused', async () => {
    const good = await photo();
    const at = afterFirstApp(good);
    const stray = concat(good.subarray(0, at), new Uint8Array([0x00, 0x00, 0x0a]), good.subarray(at));
    const facts = await inspect(stray);
    expect(facts).toMatchObject({ widthPx: 400, heightPx: 300, dpiX: 300 });
    expect(facts.warnings).toEqual([expect.stringMatching(/3 stray bytes/)]);
  });

  it('a JPEG whose scan data is cut off (no end-of-image marker) is truncated, not passed', async () => {
    const good = await photo();
    expect(await codeOf(good)).toBe('facts');
    expect(await codeOf(good.subarray(0, Math.floor(good.length * 0.7)))).toBe('truncated');
    expect(await codeOf(good.subarray(0, good.length - 2))).toBe('truncated');
  });

  it('data after the end-of-image marker (a phone\'s video trailer, zero padding) is no truncation', async () => {
    const good = await photo();
    const trailer = new Uint8Array(50_000);
    for (let i = 0; i < trailer.length; i++) trailer[i] = (i * 2246822519 + 7) >>> 24;
    expect(await codeOf(concat(good, trailer))).toBe('facts');
    expect(await codeOf(concat(good, new Uint8Array(100_000)))).toBe('facts');
    expect(await codeOf(concat(good, new TextEncoder().encode('ftypmp42 MotionPhoto_Data trailer '.repeat(3000))))).toBe('facts');
  });

  it('reads only the header and one small piece of the end of a large photo', async () => {
    const good = await photo();
    const src = bytesSource(good);
    await inspectRaster(src, 'jpeg');
    expect(src.bytesRead).toBeLessThan(good.length);
  });
});

/** A TIFF laid out as libtiff writes it: pixel data and values first, the directory last. */
function tiffDirectoryLast(entries: { tag: number; type: number; values: number[] | Uint8Array }[]): Uint8Array {
  const sizes: Record<number, number> = { 1: 1, 3: 2, 4: 4, 5: 8, 7: 1 };
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const parts: Uint8Array[] = [];
  let at = 8;
  const placed = sorted.map((e) => {
    const n = e.values.length * sizes[e.type]!;
    if (n <= 4) return { e, offset: -1 };
    const buf = new Uint8Array(n + (n & 1));
    const dv = new DataView(buf.buffer);
    e.values.forEach((v, i) => {
      if (e.type === 5) { dv.setUint32(i * 8, v, true); dv.setUint32(i * 8 + 4, 1, true); }
      else if (e.type === 3) dv.setUint16(i * 2, v, true);
      else if (e.type === 4) dv.setUint32(i * 4, v, true);
      else buf[i] = v;
    });
    parts.push(buf);
    const offset = at;
    at += buf.length;
    return { e, offset };
  });
  const ifd = new Uint8Array(2 + sorted.length * 12 + 4);
  const dv = new DataView(ifd.buffer);
  dv.setUint16(0, sorted.length, true);
  placed.forEach(({ e, offset }, i) => {
    const p = 2 + i * 12;
    dv.setUint16(p, e.tag, true);
    dv.setUint16(p + 2, e.type, true);
    dv.setUint32(p + 4, e.values.length, true);
    if (offset >= 0) dv.setUint32(p + 8, offset, true);
    else if (e.type === 3) e.values.forEach((v, k) => dv.setUint16(p + 8 + k * 2, v, true));
    else if (e.type === 4) dv.setUint32(p + 8, e.values[0]!, true);
    else e.values.forEach((v, k) => (ifd[p + 8 + k] = v));
  });
  const head = new Uint8Array(8);
  head.set([0x49, 0x49, 42, 0]);
  new DataView(head.buffer).setUint32(4, at, true);
  return concat(head, ...parts, ifd);
}

async function iccProfile(): Promise<Uint8Array> {
  const jpg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).withIccProfile('p3').tiff().toBuffer();
  return new Uint8Array((await sharp(jpg).metadata()).icc!);
}

describe('TIFF', () => {
  async function entries() {
    return [
      { tag: 256, type: 4, values: [3000] },
      { tag: 257, type: 4, values: [2000] },
      { tag: 258, type: 3, values: [8, 8, 8] },
      { tag: 259, type: 3, values: [1] },
      { tag: 262, type: 3, values: [2] },
      { tag: 277, type: 3, values: [3] },
      { tag: 282, type: 5, values: [300] },
      { tag: 283, type: 5, values: [300] },
      { tag: 296, type: 3, values: [2] },
      { tag: 34675, type: 7, values: await iccProfile() },
    ];
  }

  it('a directory whose last entry is cut short by a few bytes is read as far as it goes, with a warning', async () => {
    const whole = tiffDirectoryLast(await entries());
    expect((await inspect(whole, 'tiff')).icc).toBeDefined();
    const cut = whole.subarray(0, whole.length - 6); // the next-directory pointer and half the last entry
    const facts = await inspect(cut, 'tiff');
    expect(facts).toMatchObject({ widthPx: 3000, heightPx: 2000, dpiX: 300, colorMode: 'rgb' });
    expect(facts.warnings).toEqual([expect.stringMatching(/directory.*cut short/i)]);
    // what the lost entry held (the colour profile) is not known: icc_required cannot pass
    expect(facts.incomplete).toEqual([{ area: 'icc', reason: 'truncated' }]);
    const entry: AcceptEntry = { kind: 'raster', mimeTypes: [], extensions: [], convertToPdf: false, onFail: 'reject', preflight: { enabled: true, profile: { sections: { raster: { enabled: true, rules: { 'raster.icc_required': { enabled: true, severity: 'reject', target: {} }, 'raster.effective_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 300 } } } } } } } };
    const findings = evaluateFile(await inspectRasterFacts(bytesSource(cut), 'tiff'), entry);
    expect(findings.find((f) => f.checkId === 'raster.icc_required')).toMatchObject({ outcome: 'fail', code: 'check_unverified' });
    expect(findings.find((f) => f.checkId === 'raster.effective_dpi')).toMatchObject({ outcome: 'pass' });
  });

  it('a cut that takes the resolution entry leaves the print size unknown, never guessed', async () => {
    const list = (await entries()).filter((e) => e.tag !== 34675);
    const whole = tiffDirectoryLast(list);
    const facts = await inspect(whole.subarray(0, whole.length - 8), 'tiff'); // ResolutionUnit half gone
    expect(facts.incomplete).toEqual([{ area: 'resolution', reason: 'truncated' }]);
  });

  it('a directory cut before the image size is still damaged', async () => {
    const whole = tiffDirectoryLast(await entries());
    const dirAt = new DataView(whole.buffer).getUint32(4, true);
    expect(await codeOf(whole.subarray(0, dirAt + 2 + 12), 'tiff')).toBe('truncated');
  });
});

const HEIC = '../shared/corpus/exif-samples/heic';
const haveCorpus = existsSync(HEIC);
const iccRule: AcceptEntry = { kind: 'raster', mimeTypes: [], extensions: [], convertToPdf: false, onFail: 'reject', preflight: { enabled: true, profile: { sections: { raster: { enabled: true, rules: { 'raster.icc_required': { enabled: true, severity: 'reject', target: {} } } } } } } };
async function iccFinding(bytes: Uint8Array, format: RasterFormat) {
  return evaluateFile(await inspectRasterFacts(bytesSource(bytes), format), iccRule).find((f) => f.checkId === 'raster.icc_required')!;
}

/** The iPhone's tiled HEIC with the colour profile taken off the grid item: only its tiles carry it. */
function profileOnTilesOnly(heic: Uint8Array): Uint8Array {
  const b = heic.slice();
  const ipma = Buffer.from(b).indexOf('ipma');
  // version 0, 16-bit item ids: item 49 (the grid, primary) with 4 associations; the first is colr (1)
  const at = Buffer.from(b).indexOf(Buffer.from([0x00, 49, 4]), ipma);
  expect(at).toBeGreaterThan(ipma);
  expect(b[at + 3]! & 0x7f).toBe(1);
  b[at + 3] = (b[at + 3]! & 0x80) | 6; // point it at pixi instead (already associated: harmless)
  return b;
}

describe('raster details', () => {
  it('EXIF resolution in WebP and AVIF is read', async () => {
    const img = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).withMetadata({ density: 300 });
    expect(await inspect(new Uint8Array(await img().webp().toBuffer()), 'webp')).toMatchObject({ dpiX: 300, dpiY: 300, dpiSource: 'exif' });
    expect(await inspect(new Uint8Array(await img().avif().toBuffer()), 'avif')).toMatchObject({ dpiX: 300, dpiY: 300, dpiSource: 'exif', widthMm: 5.42 });
  });

  it.skipIf(!haveCorpus)('EXIF resolution in a phone HEIC is read (exiftool: 72 dpi), still from a small part of the file', async () => {
    const bytes = new Uint8Array(readFileSync(`${HEIC}/mobile/iphone_13_pro_max.HEIC`));
    const src = bytesSource(bytes);
    expect(await inspectRaster(src, 'heic')).toMatchObject({ dpiX: 72, dpiY: 72, dpiSource: 'exif', orientation: 6 });
    expect(src.bytesRead).toBeLessThanOrEqual(96 * 1024);
  });

  it.skipIf(!haveCorpus)('the colour profile of a tiled HEIC that only its tiles carry is found', async () => {
    const bytes = profileOnTilesOnly(new Uint8Array(readFileSync(`${HEIC}/mobile/iphone_13_pro_max.HEIC`)));
    expect((await inspect(bytes, 'heic')).icc?.description).toBe('Display P3');
  });

  it('icc_required is satisfied by a PNG sRGB chunk, and says so', async () => {
    const png = new Uint8Array(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } }).png().toBuffer());
    expect((await iccFinding(png, 'png')).outcome).toBe('fail');
    const ihdrEnd = 8 + 8 + 13 + 4;
    const withSrgb = concat(png.subarray(0, ihdrEnd), pngChunk('sRGB', new Uint8Array([0])), png.subarray(ihdrEnd));
    const f = await iccFinding(withSrgb, 'png');
    expect(f).toMatchObject({ outcome: 'pass', messageKey: 'raster.icc_required.pass_srgb' });
    expect(f.message).toMatch(/sRGB chunk/);
  });

  it.skipIf(!haveCorpus)('icc_required is satisfied by an nclx colour box (a Nokia HDR photo), and says so', async () => {
    const bytes = new Uint8Array(readFileSync(`${HEIC}/mobile/HMD_Nokia_8.3_5G_hdr.heif`));
    expect((await inspect(bytes, 'heic')).declaredColor).toEqual({ source: 'nclx', space: 'BT.601 (625 lines) (CICP 5/1/5)' });
    const f = await iccFinding(bytes, 'heic');
    expect(f).toMatchObject({ outcome: 'pass', messageKey: 'raster.icc_required.pass_nclx' });
    expect(f.message).toMatch(/BT\.601.*nclx colour box/);
  });
});
