// Hostile and broken input: decompression bombs, 500 MB files, truncation at every byte, random
// corruption, IFD loops, absurd counts. The inspector must answer from headers in milliseconds,
// and fail only with an InspectError carrying a code, never hang or allocate what a header claims.
import { mkdtempSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource } from '../source';
import { fileSource } from '../source-node';
import { InspectError, inspectRaster, type RasterFormat } from './index';
import { animatedGif, bmp, concat, PNG_SIGNATURE, pngChunk, pngHeaderOnly, rgbTiffEntries, tiffHeaderOnly } from './test-fixtures';

const inspect = (bytes: Uint8Array, format: RasterFormat) => inspectRaster(bytesSource(bytes), format);

async function outcome(bytes: Uint8Array, format: RasterFormat): Promise<'facts' | InspectError> {
  try {
    await inspect(bytes, format);
    return 'facts';
  } catch (err) {
    if (err instanceof InspectError) return err;
    throw err; // anything else is a bug in the inspector
  }
}

async function codeOf(bytes: Uint8Array, format: RasterFormat): Promise<string> {
  const r = await outcome(bytes, format);
  return r === 'facts' ? 'accepted' : r.code;
}

describe('decompression bomb and huge files', () => {
  it('a PNG claiming 60000×60000 pixels is judged from its header in milliseconds', async () => {
    const bomb = pngHeaderOnly(60000, 60000, { colorType: 6, depth: 16 });
    const src = bytesSource(bomb);
    const started = performance.now();
    const facts = await inspectRaster(src, 'png');
    // Speed budgets live in bench/ (checked by scripts); here only: no decoding, no hang.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(facts).toMatchObject({ widthPx: 60000, heightPx: 60000, bitsPerChannel: 16, hasAlpha: true });
    expect(src.bytesRead).toBeLessThanOrEqual(bomb.length);
  });

  describe('500 MB files on disk (sparse)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'fc-raster-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const HALF_GB = 500 * 1024 * 1024;
    it.each([
      ['tiff', () => tiffHeaderOnly(rgbTiffEntries(20000, 12000, 300))],
      ['png', () => pngHeaderOnly(20000, 12000)],
    ] as const)('a 500 MB %s is judged reading a few KB (time budget: bench/)', async (format, header) => {
      const path = join(dir, `big.${format}`);
      writeFileSync(path, header());
      truncateSync(path, HALF_GB); // the rest is a hole: no disk used, reads return zeros
      const src = await fileSource(path);
      try {
        const started = performance.now();
        const facts = await inspectRaster(src, format);
        const ms = performance.now() - started;
        expect(facts).toMatchObject({ widthPx: 20000, heightPx: 12000 });
        expect(src.size).toBe(HALF_GB);
        expect(src.bytesRead).toBeLessThanOrEqual(64 * 1024);
        expect(ms).toBeLessThan(2000); // no hang; the 100 ms budget is checked by bench/inspect-raster.ts
      } finally {
        await src.close();
      }
    });
  });
});

describe('truncation', () => {
  let samples: [RasterFormat, Uint8Array][];
  beforeAll(async () => {
    const img = () => sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } });
    samples = [
      ['jpeg', new Uint8Array(await img().flatten().withMetadata({ density: 300, orientation: 6 }).withIccProfile('p3').jpeg().toBuffer())],
      ['png', new Uint8Array(await img().withIccProfile('p3').png().toBuffer())],
      ['tiff', new Uint8Array(await img().withMetadata({ density: 300 }).tiff().toBuffer())],
      ['webp', new Uint8Array(await img().withMetadata({ orientation: 3 }).webp().toBuffer())],
      ['gif', new Uint8Array(await img().gif().toBuffer())],
      ['avif', new Uint8Array(await img().avif().toBuffer())],
      ['bmp', bmp(64, 48, { ppm: 11811 })],
    ];
  });

  it('an empty file is refused as truncated, for every format', async () => {
    for (const format of ['jpeg', 'png', 'tiff', 'webp', 'gif', 'bmp', 'heic', 'avif'] as const) {
      expect(await codeOf(new Uint8Array(0), format)).toBe('truncated');
    }
  });

  it('a file cut inside its header is refused as truncated', async () => {
    for (const [format, bytes] of samples) {
      expect(await codeOf(bytes.subarray(0, 12), format), format).toBe('truncated');
    }
  });

  it('cut at every length, each format gives facts or an InspectError, never anything else', async () => {
    for (const [format, bytes] of samples) {
      const codes = new Set<string>();
      for (let len = 1; len < bytes.length; len += Math.max(1, Math.floor(bytes.length / 400))) {
        const r = await outcome(bytes.subarray(0, len), format);
        codes.add(r === 'facts' ? 'facts' : r.code);
      }
      expect([...codes].every((c) => ['facts', 'truncated', 'corrupt_image', 'header_too_large', 'unsupported_image'].includes(c)), `${format}: ${[...codes]}`).toBe(true);
      expect(codes.has('truncated'), format).toBe(true);
    }
  });

  it('random corruption never escapes as a non-InspectError and never takes long', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (const [format, bytes] of samples) {
      for (let round = 0; round < 150; round++) {
        const damaged = bytes.slice();
        const head = Math.min(damaged.length, 600); // corrupt where the headers are
        for (let k = 0; k < 1 + Math.floor(rand() * 6); k++) damaged[Math.floor(rand() * head)] = Math.floor(rand() * 256);
        const started = performance.now();
        await outcome(damaged, format);
        expect(performance.now() - started, format).toBeLessThan(2000); // never hangs
      }
    }
  });
});

describe('loops and absurd counts', () => {
  it('a TIFF whose IFD points at itself is one page, not an endless loop', async () => {
    const facts = await inspect(tiffHeaderOnly(rgbTiffEntries(100, 100), { next: 8 }), 'tiff');
    expect(facts.frames).toBe(1);
  });

  it('a TIFF claiming 5000 directory entries is corrupt', async () => {
    expect(await codeOf(tiffHeaderOnly(rgbTiffEntries(100, 100), { count: 5000 }), 'tiff')).toBe('corrupt_image');
  });

  it('a TIFF with 4 billion bits-per-sample values and a 3 GB ICC tag reads a few bytes of each', async () => {
    const bytes = tiffHeaderOnly(rgbTiffEntries(100, 100));
    const dv = new DataView(bytes.buffer);
    // Patch the counts in the directory: entries are 12 bytes from offset 10, sorted by tag.
    for (let i = 0; i < dv.getUint16(8, true); i++) {
      if (dv.getUint16(10 + i * 12, true) === 258) dv.setUint32(10 + i * 12 + 4, 0xffffffff, true);
    }
    // 258 now points at an offset holding 8,8,8 followed by the end of file: reading 16 of them is truncated
    expect(['truncated', 'accepted']).toContain(await codeOf(bytes, 'tiff'));
    const withIcc = tiffHeaderOnly([...rgbTiffEntries(100, 100), { tag: 34675, type: 7, values: [1, 2, 3, 4, 5] }]);
    const dv2 = new DataView(withIcc.buffer);
    for (let i = 0; i < dv2.getUint16(8, true); i++) {
      if (dv2.getUint16(10 + i * 12, true) === 34675) dv2.setUint32(10 + i * 12 + 4, 3_000_000_000, true);
    }
    const src = bytesSource(withIcc);
    const facts = await inspectRaster(src, 'tiff');
    expect(facts.icc).toBeUndefined();
    expect(src.bytesRead).toBeLessThanOrEqual(withIcc.length);
  });

  it('a JPEG made of 20000 empty comment segments is refused quickly', async () => {
    const com = new Uint8Array([0xff, 0xfe, 0x00, 0x02]);
    const bytes = concat(new Uint8Array([0xff, 0xd8]), ...Array.from({ length: 20000 }, () => com));
    const started = performance.now();
    expect(await codeOf(bytes, 'jpeg')).toBe('corrupt_image');
    expect(performance.now() - started).toBeLessThan(2000); // never hangs
  });

  it('JPEG oddities: no frame header, a segment length below 2', async () => {
    expect(await codeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'jpeg')).toBe('corrupt_image');
    expect(await codeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0, 0]), 'jpeg')).toBe('corrupt_image');
    expect(await codeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'jpeg')).toBe('corrupt_image');
  });

  it('PNG: a chunk claiming 2 GB, an IEND before any IDAT, a non-IHDR first chunk', async () => {
    const hugeChunk = concat(PNG_SIGNATURE, new Uint8Array([0x7f, 0xff, 0xff, 0xff]), new TextEncoder().encode('IHDR'));
    expect(await codeOf(hugeChunk, 'png')).toBe('truncated');
    const ihdr = pngHeaderOnly(10, 10).subarray(0, 8 + 25);
    expect(await codeOf(concat(ihdr, pngChunk('IEND')), 'png')).toBe('corrupt_image');
    expect(await codeOf(concat(PNG_SIGNATURE, pngChunk('tEXt', new Uint8Array(13))), 'png')).toBe('corrupt_image');
  });

  it('PNG: a damaged ancillary chunk is dropped (as browsers do), a damaged critical one refuses the file', async () => {
    const badCrc = (chunk: Uint8Array) => { const c = chunk.slice(); c[c.length - 1]! ^= 0xff; return c; };
    const phys = new Uint8Array([0, 0, 0x2e, 0x23, 0, 0, 0x2e, 0x23, 1]); // 11811 px/m = 300 dpi
    const good = await inspect(pngHeaderOnly(10, 10, { extra: [pngChunk('pHYs', phys)] }), 'png');
    expect(good.dpiX).toBeCloseTo(300, 0);
    const dropped = await inspect(pngHeaderOnly(10, 10, { extra: [badCrc(pngChunk('pHYs', phys)), badCrc(pngChunk('tEXt', new Uint8Array(20)))] }), 'png');
    expect(dropped).toMatchObject({ widthPx: 10, dpiSource: 'none' });
    expect(await codeOf(pngHeaderOnly(10, 10, { colorType: 3, extra: [badCrc(pngChunk('PLTE', new Uint8Array(6)))] }), 'png')).toBe('corrupt_image');
  });

  it('PNG: an iCCP zlib bomb (tiny chunk, 16 MB inflated) is not inflated past the cap', async () => {
    const bomb = deflateSync(Buffer.alloc(16 * 1024 * 1024));
    const iccp = concat(new TextEncoder().encode('bomb\0\0'), new Uint8Array(bomb));
    const facts = await inspect(pngHeaderOnly(10, 10, { extra: [pngChunk('iCCP', iccp)] }), 'png');
    expect(facts.icc).toEqual({ description: 'bomb', size: 0 });
  });

  it('HEIF: a meta box claiming a terabyte, a file without ftyp', async () => {
    const ftyp = new Uint8Array([0, 0, 0, 16, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0]);
    const meta = new Uint8Array([0, 0, 0, 1, ...new TextEncoder().encode('meta'), 0, 0, 0x01, 0, 0, 0, 0, 0]);
    expect(await codeOf(concat(ftyp, meta), 'heic')).toBe('header_too_large');
    expect(await codeOf(meta, 'heic')).toBe('corrupt_image');
  });

  it('GIF without frames, BMP with an absurd header size', async () => {
    expect(await codeOf(concat(animatedGif(0)), 'gif')).toBe('corrupt_image');
    const b = bmp(10, 10);
    new DataView(b.buffer).setUint32(14, 0x7fffffff, true);
    expect(await codeOf(b, 'bmp')).toBe('corrupt_image');
  });

  it('an unknown format name is refused with a code', async () => {
    expect(await codeOf(new Uint8Array(10), 'psd' as RasterFormat)).toBe('unsupported_image');
  });
});
