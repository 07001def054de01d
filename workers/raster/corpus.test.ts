// Inspector on real files made by other people's tools (../shared/corpus): PngSuite, camera JPEGs
// with EXIF, TIFFs and phone HEIC/HEIF files.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../source-node';
import { InspectError, inspectRaster, type RasterFormat } from './index';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const HAVE_CORPUS = existsSync(CORPUS);
const PNG = join(CORPUS, 'pngsuite');
const EXIF = join(CORPUS, 'exif-samples');

async function inspectFile(path: string, format: RasterFormat) {
  const src = await fileSource(path);
  try {
    const facts = await inspectRaster(src, format);
    return { facts, bytesRead: src.bytesRead, size: src.size };
  } finally {
    await src.close();
  }
}

async function errorOf(path: string, format: RasterFormat): Promise<InspectError> {
  try {
    await inspectFile(path, format);
  } catch (err) {
    return err as InspectError;
  }
  throw new Error(`${path} was accepted`);
}

describe.skipIf(!HAVE_CORPUS)(`PngSuite ${HAVE_CORPUS ? '' : '(skipped: ../shared/corpus is absent)'}`, () => {
  it.each([
    ['basn0g01.png', 'gray', 1, false, 1],
    ['basn0g02.png', 'gray', 2, false, 1],
    ['basn0g04.png', 'gray', 4, false, 1],
    ['basn0g08.png', 'gray', 8, false, 1],
    ['basn0g16.png', 'gray', 16, false, 1],
    ['basn2c08.png', 'rgb', 8, false, 3],
    ['basn2c16.png', 'rgb', 16, false, 3],
    ['basn3p01.png', 'indexed', 1, false, 1],
    ['basn3p08.png', 'indexed', 8, false, 1],
    ['basn4a08.png', 'gray', 8, true, 2],
    ['basn4a16.png', 'gray', 16, true, 2],
    ['basn6a08.png', 'rgb', 8, true, 4],
    ['basn6a16.png', 'rgb', 16, true, 4],
    ['basi6a16.png', 'rgb', 16, true, 4], // interlaced
    ['tbbn3p08.png', 'indexed', 8, true, 1], // palette with tRNS
    ['tbrn2c08.png', 'rgb', 8, true, 3], // RGB with tRNS colour key
    ['tp0n2c08.png', 'rgb', 8, false, 3], // no tRNS
  ] as const)('%s: %s, %i bit, alpha %s', async (name, mode, bits, alpha, channels) => {
    const { facts } = await inspectFile(join(PNG, name), 'png');
    expect(facts).toMatchObject({ widthPx: 32, heightPx: 32, colorMode: mode, bitsPerChannel: bits, hasAlpha: alpha, channels });
  });

  it('reads odd sizes from s01..s40', async () => {
    for (const n of [1, 2, 3, 9, 33, 40]) {
      const name = readdirSync(PNG).find((f) => f.startsWith(`s${String(n).padStart(2, '0')}n`))!;
      const { facts } = await inspectFile(join(PNG, name), 'png');
      expect([facts.widthPx, facts.heightPx]).toEqual([n, n]);
    }
  });

  it('pHYs in metres gives dpi and a physical size (cdun: 1000 px/m = 25.4 dpi)', async () => {
    const { facts } = await inspectFile(join(PNG, 'cdun2c08.png'), 'png');
    expect(facts).toMatchObject({ dpiX: 25.4, dpiY: 25.4, dpiSource: 'phys', widthMm: 32, heightMm: 32 });
  });

  it.each(['cdfn2c08.png', 'cdhn2c08.png', 'cdsn2c08.png'])('pHYs without unit (%s) states an aspect only, not a resolution', async (name) => {
    const { facts } = await inspectFile(join(PNG, name), 'png');
    expect(facts.dpiX).toBeUndefined();
    expect(facts.dpiSource).toBe('none');
    expect(facts.widthMm).toBeUndefined();
  });

  const corrupt = HAVE_CORPUS ? readdirSync(PNG).filter((f) => /^x.*\.png$/.test(f)) : [];
  it('has the 14 corrupt files', () => expect(corrupt).toHaveLength(14));
  it.each(corrupt)('refuses corrupt %s with an InspectError', async (name) => {
    const err = await errorOf(join(PNG, name), 'png');
    expect(err).toBeInstanceOf(InspectError);
    expect(['corrupt_image', 'truncated']).toContain(err.code);
    expect(err.message.length).toBeGreaterThan(10);
  });

  it('reads every valid PngSuite file from its headers, never more than the file', async () => {
    for (const name of readdirSync(PNG).filter((f) => /^[^x].*\.png$/.test(f))) {
      const { facts, bytesRead, size } = await inspectFile(join(PNG, name), 'png');
      expect(facts.widthPx, name).toBeGreaterThan(0);
      expect(bytesRead, name).toBeLessThanOrEqual(size);
    }
  });
});

describe.skipIf(!HAVE_CORPUS)(`camera JPEGs ${HAVE_CORPUS ? '' : '(skipped: ../shared/corpus is absent)'}`, () => {
  it.each([
    ['Canon_40D.jpg', 100, 68, 72],
    ['Nikon_D70.jpg', 100, 66, 240],
    ['Pentax_K10D.jpg', 100, 72, 350],
    ['Canon_PowerShot_S40.jpg', 480, 360, 180],
    ['Fujifilm_FinePix_E500.jpg', 59, 100, 96],
    ['Canon_40D_photoshop_import.jpg', 100, 77, 300],
  ] as const)('%s: %i×%i px at %i dpi from EXIF', async (name, w, h, dpi) => {
    const { facts } = await inspectFile(join(EXIF, 'jpg', name), 'jpeg');
    expect(facts).toMatchObject({ widthPx: w, heightPx: h, dpiX: dpi, dpiY: dpi, dpiSource: 'exif', colorMode: 'rgb', bitsPerChannel: 8, channels: 3 });
    expect(facts.widthMm).toBeCloseTo((w / dpi) * 25.4, 1);
  });

  it('reads the embedded ICC profile description', async () => {
    const { facts } = await inspectFile(join(EXIF, 'jpg', 'Canon_40D.jpg'), 'jpeg');
    expect(facts.icc).toEqual({ size: 3144, colorSpace: 'RGB', description: 'sRGB IEC61966-2.1' });
  });

  it('a 426 KB camera JPEG costs one 16 KB read of its header and 4 KB of its end (the end-of-image check)', async () => {
    const { facts, bytesRead, size } = await inspectFile(join(EXIF, 'jpg', 'Reconyx_HC500_Hyperfire.jpg'), 'jpeg');
    expect(facts.widthPx).toBe(2048);
    expect(size).toBeGreaterThan(400_000);
    expect(bytesRead).toBeLessThanOrEqual(20 * 1024);
  });

  for (const shape of ['landscape', 'portrait'] as const) {
    it.each([1, 2, 3, 4, 5, 6, 7, 8])(`${shape}_%i.jpg displays ${shape} whatever its EXIF orientation`, async (o) => {
      const { facts } = await inspectFile(join(EXIF, 'jpg', 'orientation', `${shape}_${o}.jpg`), 'jpeg');
      expect(facts.orientation).toBe(o);
      const [w, h] = shape === 'landscape' ? [600, 450] : [450, 600];
      expect([facts.displayWidthPx, facts.displayHeightPx]).toEqual([w, h]);
      // Stored pixels are turned for 5..8
      expect([facts.widthPx, facts.heightPx]).toEqual(o >= 5 ? [h, w] : [w, h]);
      expect([facts.widthMm, facts.heightMm]).toEqual([Math.round((w / 72) * 2540) / 100, Math.round((h / 72) * 2540) / 100]);
    });
  }

  const invalid = HAVE_CORPUS ? readdirSync(join(EXIF, 'jpg', 'invalid')).filter((f) => f.endsWith('.jpg')) : [];
  it.each(invalid)('invalid EXIF in %s neither hangs nor breaks the image facts', async (name) => {
    const started = performance.now();
    const { facts } = await inspectFile(join(EXIF, 'jpg', 'invalid', name), 'jpeg');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(facts.widthPx).toBeGreaterThan(0);
  });

  it('reads every sample JPEG (broken EXIF included) or refuses it with an InspectError, quickly', async () => {
    const dirs = ['jpg', 'jpg/exif-org', 'jpg/gps', 'jpg/hdr', 'jpg/tests', 'jpg/xmp', 'jpg/mobile'];
    let read = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(join(EXIF, dir)).filter((f) => /\.jpe?g$/i.test(f))) {
        const started = performance.now();
        try {
          const { facts, bytesRead, size } = await inspectFile(join(EXIF, dir, name), 'jpeg');
          expect(facts.widthPx, name).toBeGreaterThan(0);
          expect(bytesRead, name).toBeLessThanOrEqual(Math.min(size, 128 * 1024));
          read++;
        } catch (err) {
          expect(err, name).toBeInstanceOf(InspectError);
        }
        expect(performance.now() - started, name).toBeLessThan(3000);
      }
    }
    expect(read).toBeGreaterThan(50);
  });
});

describe.skipIf(!HAVE_CORPUS)(`TIFF and HEIC samples ${HAVE_CORPUS ? '' : '(skipped: ../shared/corpus is absent)'}`, () => {
  it('Picoawards.tiff: 436×547 RGB at 96 dpi', async () => {
    const { facts } = await inspectFile(join(EXIF, 'tiff', 'Picoawards.tiff'), 'tiff');
    expect(facts).toMatchObject({ widthPx: 436, heightPx: 547, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false, dpiX: 96, dpiSource: 'tiff', frames: 1 });
  });

  it('BSG1.tiff: RGBA with a named ICC profile, read without the pixel data', async () => {
    const { facts, bytesRead, size } = await inspectFile(join(EXIF, 'tiff', 'BSG1.tiff'), 'tiff');
    expect(facts).toMatchObject({ widthPx: 635, heightPx: 348, hasAlpha: true, channels: 4, icc: { description: 'Color LCD', colorSpace: 'RGB' } });
    expect(bytesRead).toBeLessThan(size / 5);
  });

  it('reads every sample TIFF', async () => {
    for (const name of readdirSync(join(EXIF, 'tiff')).filter((f) => f.endsWith('.tiff'))) {
      const { facts } = await inspectFile(join(EXIF, 'tiff', name), 'tiff');
      expect(facts.widthPx, name).toBeGreaterThan(0);
    }
  });

  it.each([
    ['heic/IMG_5195.HEIC', 2566, 3313, 1, 'Display P3'],
    ['heic/samplefilehub.heif', 640, 426, 1, undefined],
    ['heic/mobile/iphone_13_pro_max.HEIC', 3024, 4032, 6, 'Display P3'],
    ['heic/mobile/HMD_Nokia_8.3_5G.heif', 3456, 4608, 6, undefined],
    ['heic/mobile/HMD_Nokia_8.3_5G_hdr.heif', 4608, 3456, 1, undefined],
  ] as const)('%s displays %i×%i (orientation %i)', async (name, w, h, orientation, profile) => {
    const { facts, bytesRead } = await inspectFile(join(EXIF, name), 'heic');
    expect(facts).toMatchObject({ displayWidthPx: w, displayHeightPx: h, orientation, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false });
    expect(facts.icc?.description).toBe(profile);
    expect(bytesRead).toBeLessThanOrEqual(64 * 1024);
  });
});
