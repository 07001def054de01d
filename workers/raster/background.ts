// Is there a flat background that would print? Judged from a small downscale of the decoded image
// (RGBA, long side BACKGROUND_SAMPLE_PX): the border (outer sixteenth of each side) is where a
// background shows. Its dominant colour is found by bucketing (4 bits per channel, the biggest
// bucket's mean); "uniform" is the share of the opaque border within ±6 % per channel of it;
// "area" the share of the whole image in that colour. Pure: pixels in, numbers out. The worker
// decodes with createImageBitmap + OffscreenCanvas (background-decode.ts), the server with sharp.
import type { RasterBackgroundFacts } from '../../src/core/types';

export const BACKGROUND_SAMPLE_PX = 64;
const TOLERANCE = 16; // ±6 % of 255, per channel

export function analyseBackground(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): RasterBackgroundFacts {
  const ring = Math.max(1, Math.round(Math.min(width, height) / 16));
  const border: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x < ring || y < ring || x >= width - ring || y >= height - ring) border.push((y * width + x) * 4);
    }
  }
  let transparent = 0;
  const buckets = new Map<number, { n: number; r: number; g: number; b: number }>();
  for (const i of border) {
    if (rgba[i + 3]! < 128) {
      transparent++;
      continue;
    }
    const key = ((rgba[i]! >> 4) << 8) | ((rgba[i + 1]! >> 4) << 4) | (rgba[i + 2]! >> 4);
    const bucket = buckets.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
    bucket.n++;
    bucket.r += rgba[i]!;
    bucket.g += rgba[i + 1]!;
    bucket.b += rgba[i + 2]!;
    buckets.set(key, bucket);
  }
  const opaque = border.length - transparent;
  let top = { n: 0, r: 0, g: 0, b: 0 };
  for (const b of buckets.values()) if (b.n > top.n) top = b;
  const color = top.n ? [top.r / top.n, top.g / top.n, top.b / top.n].map(Math.round) : [255, 255, 255];
  const near = (i: number) => rgba[i + 3]! >= 128 && Math.abs(rgba[i]! - color[0]!) <= TOLERANCE && Math.abs(rgba[i + 1]! - color[1]!) <= TOLERANCE && Math.abs(rgba[i + 2]! - color[2]!) <= TOLERANCE;
  let close = 0;
  for (const i of border) if (near(i)) close++;
  let inArea = 0;
  for (let i = 0; i < width * height * 4; i += 4) if (near(i)) inArea++;
  const round3 = (v: number) => Math.round(v * 1000) / 1000;
  return {
    samplePx: Math.max(width, height),
    transparent: round3(border.length ? transparent / border.length : 0),
    uniform: round3(opaque ? close / opaque : 0),
    color: `#${color.map((c) => c.toString(16).padStart(2, '0')).join('')}`,
    area: round3(inArea / (width * height)),
  };
}
