// Inspector on images written by a real encoder (sharp/libvips) for every format and for the
// cases print cares about: CMYK, 16-bit, stated resolution, alpha, ICC, EXIF orientation.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { blobSource, bytesSource } from '../source';
import { inspectRaster, inspectRasterFacts, type RasterFormat } from './index';
import { animatedGif, bigTiffHeaderOnly, bmp, concat, pngChunk, pngHeaderOnly, rgbTiffEntries, tiffHeaderOnly } from './test-fixtures';

/** A 120×80 half-transparent red image to encode. */
const image = () => sharp({ create: { width: 120, height: 80, channels: 4, background: { r: 200, g: 10, b: 10, alpha: 0.5 } } });
const opaque = () => image().flatten({ background: '#ffffff' });

const inspect = (bytes: Uint8Array, format: RasterFormat) => inspectRaster(bytesSource(bytes), format);

describe('JPEG', () => {
  it('CMYK JPEG is CMYK, 4 channels', async () => {
    const bytes = await opaque().toColourspace('cmyk').jpeg().toBuffer();
    expect(await inspect(bytes, 'jpeg')).toMatchObject({ widthPx: 120, heightPx: 80, colorMode: 'cmyk', channels: 4, bitsPerChannel: 8, hasAlpha: false });
  });

  it('a JPEG whose Adobe marker says YCCK is YCCK', async () => {
    const bytes = new Uint8Array(await opaque().toColourspace('cmyk').jpeg().toBuffer());
    const adobe = Buffer.from(bytes).indexOf('Adobe');
    expect(adobe).toBeGreaterThan(0);
    bytes[adobe + 11] = 2; // transform flag: 0 = CMYK/RGB, 1 = YCbCr, 2 = YCCK
    expect((await inspect(bytes, 'jpeg')).colorMode).toBe('ycck');
  });

  it('grayscale JPEG is gray', async () => {
    const bytes = await opaque().toColourspace('b-w').jpeg().toBuffer();
    expect(await inspect(bytes, 'jpeg')).toMatchObject({ colorMode: 'gray', channels: 1 });
  });

  it('300 dpi JPEG states 300 dpi and its size in mm', async () => {
    const bytes = await opaque().withMetadata({ density: 300 }).jpeg().toBuffer();
    const facts = await inspect(bytes, 'jpeg');
    expect(facts).toMatchObject({ dpiX: 300, dpiY: 300, widthMm: 10.16, heightMm: 6.77 });
  });

  it('an encoder JPEG without JFIF or EXIF states no resolution', async () => {
    const facts = await inspect(await opaque().jpeg().toBuffer(), 'jpeg');
    expect(facts.dpiSource).toBe('none');
    expect(facts.widthMm).toBeUndefined();
  });

  it.each([
    [1, 150, 150],
    [2, 59, 149.86], // dots per cm
    [0, 1, undefined], // aspect ratio only
  ])('JFIF units %i density %i gives %s dpi', async (units, density, dpi) => {
    const plain = new Uint8Array(await opaque().jpeg().toBuffer());
    const app0 = new Uint8Array([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, units, 0, density, 0, density, 0, 0]);
    const facts = await inspect(concat(plain.subarray(0, 2), app0, plain.subarray(2)), 'jpeg');
    expect(facts.dpiX).toBe(dpi);
    expect(facts.dpiSource).toBe(dpi ? 'jfif' : 'none');
  });

  it('EXIF orientation 6 turns the displayed size', async () => {
    const facts = await inspect(await opaque().withMetadata({ orientation: 6 }).jpeg().toBuffer(), 'jpeg');
    expect(facts).toMatchObject({ orientation: 6, widthPx: 120, heightPx: 80, displayWidthPx: 80, displayHeightPx: 120 });
  });

  it('multi-profile: a Display P3 profile is named', async () => {
    const facts = await inspect(await opaque().withIccProfile('p3').jpeg().toBuffer(), 'jpeg');
    expect(facts.icc).toMatchObject({ colorSpace: 'RGB' });
    expect(facts.icc?.description).toMatch(/P3/);
  });

  it('a profile split over several APP2 chunks is reassembled', async () => {
    // Re-chunk the profile of a real file into 3 APP2 segments
    const bytes = new Uint8Array(await opaque().withIccProfile('p3').jpeg().toBuffer());
    const profile = new Uint8Array((await sharp(bytes).metadata()).icc!);
    const withoutIcc = new Uint8Array(await opaque().jpeg().toBuffer());
    const parts = [profile.subarray(0, 100), profile.subarray(100, 300), profile.subarray(300)];
    const app2 = parts.map((p, i) => {
      const head = new Uint8Array(4 + 14);
      const len = 2 + 14 + p.length;
      head.set([0xff, 0xe2, len >> 8, len & 0xff]);
      head.set(new TextEncoder().encode('ICC_PROFILE\0'), 4);
      head[16] = i + 1;
      head[17] = parts.length;
      return concat(head, p);
    });
    // Insert out of order after SOI: order comes from the sequence numbers, not file order
    const rebuilt = concat(withoutIcc.subarray(0, 2), app2[2]!, app2[0]!, app2[1]!, withoutIcc.subarray(2));
    const facts = await inspect(rebuilt, 'jpeg');
    expect(facts.icc).toMatchObject({ size: profile.length, colorSpace: 'RGB' });
    expect(facts.icc?.description).toMatch(/P3/);
  });
});

describe('PNG', () => {
  it('16-bit RGBA PNG', async () => {
    const facts = await inspect(await image().toColourspace('rgb16').png().toBuffer(), 'png');
    expect(facts).toMatchObject({ colorMode: 'rgb', bitsPerChannel: 16, hasAlpha: true, channels: 4 });
  });

  it('PNG without pHYs states no resolution', async () => {
    const facts = await inspect(pngHeaderOnly(120, 80), 'png');
    expect(facts).toMatchObject({ dpiSource: 'none', hasAlpha: false });
    expect(facts.dpiX).toBeUndefined();
  });

  it('PNG with pHYs of 300 dpi', async () => {
    const facts = await inspect(await opaque().withMetadata({ density: 300 }).png().toBuffer(), 'png');
    expect(facts.dpiX).toBeCloseTo(300, 0);
    expect(facts.dpiSource).toBe('phys');
  });

  it('iCCP profile is inflated and named', async () => {
    const facts = await inspect(await image().withIccProfile('p3').png().toBuffer(), 'png');
    expect(facts.icc?.colorSpace).toBe('RGB');
    expect(facts.icc?.description).toMatch(/P3/);
    expect(facts.icc!.size).toBeGreaterThan(100);
  });
});

describe('TIFF', () => {
  it('300 dpi TIFF with its size in mm', async () => {
    const facts = await inspect(await opaque().withMetadata({ density: 300 }).tiff().toBuffer(), 'tiff');
    expect(facts).toMatchObject({ widthPx: 120, heightPx: 80, dpiX: 300, dpiSource: 'tiff', widthMm: 10.16, colorMode: 'rgb', frames: 1 });
  });

  it('CMYK TIFF', async () => {
    const facts = await inspect(await opaque().toColourspace('cmyk').tiff().toBuffer(), 'tiff');
    expect(facts).toMatchObject({ colorMode: 'cmyk', channels: 4, hasAlpha: false });
  });

  it.each([true, false])('16-bit RGBA TIFF (little-endian: %s) with unassociated alpha', async (littleEndian) => {
    // sharp's TIFF writer flattens to 8-bit RGB here, so the header is made by hand.
    const entries = rgbTiffEntries(5000, 4000, 300).filter((e) => e.tag !== 258 && e.tag !== 277);
    entries.push({ tag: 258, type: 3, values: [16, 16, 16, 16] }, { tag: 277, type: 3, values: [4] }, { tag: 338, type: 3, values: [2] });
    const facts = await inspect(tiffHeaderOnly(entries, { littleEndian }), 'tiff');
    expect(facts).toMatchObject({ widthPx: 5000, heightPx: 4000, bitsPerChannel: 16, hasAlpha: true, channels: 4, colorMode: 'rgb', dpiX: 300 });
  });

  it('Lab TIFF (photometric 8) and palette TIFF (3)', async () => {
    const withPhotometric = (v: number) => rgbTiffEntries(10, 10).map((e) => (e.tag === 262 ? { ...e, values: [v] } : e));
    expect((await inspect(tiffHeaderOnly(withPhotometric(8)), 'tiff')).colorMode).toBe('lab');
    expect((await inspect(tiffHeaderOnly(withPhotometric(3)), 'tiff')).colorMode).toBe('indexed');
  });

  it('BigTIFF', async () => {
    const bytes = bigTiffHeaderOnly([
      { tag: 256, type: 4, value: 70000 },
      { tag: 257, type: 4, value: 50000 },
      { tag: 258, type: 3, value: 8 },
      { tag: 262, type: 3, value: 1 },
      { tag: 274, type: 3, value: 8 },
      { tag: 277, type: 3, value: 1 },
    ]);
    expect(await inspect(bytes, 'tiff')).toMatchObject({ widthPx: 70000, heightPx: 50000, colorMode: 'gray', orientation: 8, displayWidthPx: 50000, displayHeightPx: 70000 });
  });
});

describe('WebP', () => {
  it('lossy WebP with alpha (VP8X + ALPH)', async () => {
    expect(await inspect(await image().webp().toBuffer(), 'webp')).toMatchObject({ widthPx: 120, heightPx: 80, hasAlpha: true, colorMode: 'rgb' });
  });
  it('lossy WebP without alpha (plain VP8)', async () => {
    expect(await inspect(await opaque().webp().toBuffer(), 'webp')).toMatchObject({ widthPx: 120, heightPx: 80, hasAlpha: false });
  });
  it('lossless WebP (VP8L) with alpha', async () => {
    expect(await inspect(await image().webp({ lossless: true }).toBuffer(), 'webp')).toMatchObject({ widthPx: 120, heightPx: 80, hasAlpha: true });
  });
  it('WebP EXIF chunk (after the image data) gives orientation and resolution', async () => {
    const bytes = await opaque().withMetadata({ orientation: 6, density: 300 }).webp().toBuffer();
    const facts = await inspect(bytes, 'webp');
    expect(facts).toMatchObject({ orientation: 6, displayWidthPx: 80, displayHeightPx: 120, dpiX: 300, dpiSource: 'exif' });
  });
  it('WebP ICCP chunk names the profile', async () => {
    const facts = await inspect(await opaque().withIccProfile('p3').webp().toBuffer(), 'webp');
    expect(facts.icc?.description).toMatch(/P3/);
  });
});

describe('animation', () => {
  it('animated PNG (acTL) reports its frame count', async () => {
    const actl = new Uint8Array([0, 0, 0, 12, 0, 0, 0, 0]); // 12 frames, loop forever
    expect(await inspect(pngHeaderOnly(300, 200, { extra: [pngChunk('acTL', actl)] }), 'png')).toMatchObject({ frames: 12, widthPx: 300 });
  });

  it('animated WebP (VP8X canvas + ANMF frames) reports canvas size and frames', async () => {
    const chunk = (type: string, data: Uint8Array) => {
      const head = new Uint8Array(8);
      head.set(new TextEncoder().encode(type));
      new DataView(head.buffer).setUint32(4, data.length, true);
      return concat(head, data, new Uint8Array(data.length & 1));
    };
    const vp8x = new Uint8Array(10);
    vp8x[0] = 0x02 | 0x10; // animation + alpha
    vp8x.set([0x1f, 0x03, 0x00], 4); // width - 1 = 799
    vp8x.set([0x57, 0x02, 0x00], 7); // height - 1 = 599
    const body = concat(new TextEncoder().encode('WEBP'), chunk('VP8X', vp8x), chunk('ANIM', new Uint8Array(6)), ...[1, 2, 3].map(() => chunk('ANMF', new Uint8Array(17))));
    const riff = concat(new TextEncoder().encode('RIFF'), new Uint8Array(new Uint32Array([body.length]).buffer), body);
    expect(await inspect(riff, 'webp')).toMatchObject({ widthPx: 800, heightPx: 600, frames: 3, hasAlpha: true });
  });
});

describe('GIF, BMP, AVIF', () => {
  it('GIF from an encoder: indexed with transparency', async () => {
    expect(await inspect(await image().gif().toBuffer(), 'gif')).toMatchObject({ widthPx: 120, heightPx: 80, colorMode: 'indexed', hasAlpha: true, frames: 1 });
  });
  it('animated GIF counts its frames', async () => {
    expect(await inspect(animatedGif(3), 'gif')).toMatchObject({ widthPx: 1, heightPx: 1, frames: 3, hasAlpha: true });
    expect(await inspect(animatedGif(1, false), 'gif')).toMatchObject({ frames: 1, hasAlpha: false });
  });
  it('BMP: 24-bit at 3780 px/m is 96 dpi', async () => {
    expect(await inspect(bmp(200, 100, { ppm: 3780 }), 'bmp')).toMatchObject({ widthPx: 200, heightPx: 100, colorMode: 'rgb', bitsPerChannel: 8, dpiX: 96.01, dpiSource: 'bmp' });
  });
  it('BMP: top-down (negative height) and 8-bit palette', async () => {
    expect(await inspect(bmp(30, -20, { bpp: 8 }), 'bmp')).toMatchObject({ widthPx: 30, heightPx: 20, colorMode: 'indexed', bitsPerChannel: 8 });
  });
  it('AVIF with alpha', async () => {
    const facts = await inspect(await image().avif().toBuffer(), 'avif');
    expect(facts).toMatchObject({ widthPx: 120, heightPx: 80, hasAlpha: true, bitsPerChannel: 8, colorMode: 'rgb' });
  });
  it('AVIF without alpha', async () => {
    expect(await inspect(await opaque().avif().toBuffer(), 'avif')).toMatchObject({ widthPx: 120, heightPx: 80, hasAlpha: false });
  });
});

describe('inspectRasterFacts', () => {
  it('works on a Blob, as in the browser worker', async () => {
    const bytes = await opaque().withMetadata({ density: 300 }).jpeg().toBuffer();
    const src = blobSource(new Blob([new Uint8Array(bytes)]));
    expect(await inspectRaster(src, 'jpeg')).toMatchObject({ widthPx: 120, dpiX: 300 });
    expect(src.bytesRead).toBe(bytes.length); // a small file is one block
  });

  it('wraps the facts with format, MIME type, size and bytes read', async () => {
    const bytes = await opaque().jpeg().toBuffer();
    const facts = await inspectRasterFacts(bytesSource(bytes), 'jpeg');
    expect(facts).toMatchObject({ format: 'jpeg', kind: 'raster', mime: 'image/jpeg', size: bytes.length, raster: { widthPx: 120 } });
    expect(facts.bytesRead).toBeGreaterThan(0);
  });
});
