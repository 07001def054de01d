// The server's pixels for raster.background_removal: sharp (libvips) decodes a downscale of the
// stored image (shrink-on-load for JPEG/WebP keeps this cheap), capped like the browser's decoder.
// Formats the browser cannot decode (TIFF, HEIC where libvips has a decoder) are judged here.
import sharp from 'sharp';
import type { RasterBackgroundFacts, RasterFacts } from '../src/core/types';
import { BACKGROUND_SAMPLE_PX, analyseBackground } from '../workers/raster/background';

/** Never decode more pixels than this (as the browser: 100 MP). */
const MAX_PIXELS = 100_000_000;

export async function backgroundWithSharp(path: string, r: Pick<RasterFacts, 'widthPx' | 'heightPx'>): Promise<RasterBackgroundFacts | { error: string }> {
  if (r.widthPx * r.heightPx > MAX_PIXELS) return { error: `${r.widthPx}×${r.heightPx} pixels is more than is decoded for this check` };
  try {
    const { data, info } = await sharp(path, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .resize(BACKGROUND_SAMPLE_PX, BACKGROUND_SAMPLE_PX, { fit: 'inside' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return analyseBackground(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height);
  } catch (e) {
    return { error: `could not decode the image (${(e as Error).message})` };
  }
}
