// Background analysis of decoded pixels (raster.background_removal, issue 13 point 5), on images
// made with sharp and decoded with sharp (as the server does): the reference demo's white-background
// logo has a flat opaque background, its transparent twin does not, and a photo has none.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyseBackground, BACKGROUND_SAMPLE_PX } from './background';

const logo = (background: sharp.Color) =>
  sharp({ create: { width: 800, height: 600, channels: 4, background } })
    .composite([{ input: Buffer.from('<svg width="400" height="300"><circle cx="200" cy="150" r="140" fill="#d02020"/></svg>'), top: 150, left: 200 }])
    .png()
    .toBuffer();

async function analyse(bytes: Buffer) {
  const { data, info } = await sharp(bytes).resize(BACKGROUND_SAMPLE_PX, BACKGROUND_SAMPLE_PX, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return analyseBackground(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height);
}

describe('analyseBackground', () => {
  it('finds the flat white background of a logo', async () => {
    const bg = await analyse(await logo('#ffffff'));
    expect(bg).toMatchObject({ transparent: 0, color: '#ffffff' });
    expect(bg.uniform).toBeGreaterThan(0.99);
    expect(bg.area).toBeGreaterThan(0.6);
  });

  it('sees the transparent twin as transparent', async () => {
    const bg = await analyse(await logo({ r: 255, g: 255, b: 255, alpha: 0 }));
    expect(bg.transparent).toBeGreaterThan(0.99);
  });

  it('finds no flat background in a photo-like image', async () => {
    const w = 400, h = 300;
    const raw = Buffer.alloc(w * h * 3);
    let x = 12345;
    for (let i = 0; i < raw.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      raw[i] = ((i % (w * 3)) / 6 + (x & 63)) & 255;
    }
    const bg = await analyse(await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg().toBuffer());
    expect(bg.uniform).toBeLessThan(0.5);
  });
});
