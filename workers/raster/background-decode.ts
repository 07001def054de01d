// The worker's pixels for raster.background_removal: createImageBitmap decodes and scales the
// file to a small downscale in one step, an OffscreenCanvas hands over its RGBA. Only formats the
// browser decodes and files within the thumbnail caps (no decompression bomb reaches the decoder);
// otherwise the facts carry no background and the server judges it after upload.
import type { FileFacts, RasterBackgroundFacts } from '../../src/core/types';
import { decodable, thumbnailSize } from '../../src/core/thumbnail-policy';
import { BACKGROUND_SAMPLE_PX, analyseBackground } from './background';

export async function backgroundInWorker(blob: Blob, facts: FileFacts): Promise<RasterBackgroundFacts | { error: string } | undefined> {
  const r = facts.raster;
  if (!r || typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return undefined;
  if (!decodable(facts.format, blob.size, r.widthPx, r.heightPx)) return undefined;
  const size = thumbnailSize(r.displayWidthPx, r.displayHeightPx, BACKGROUND_SAMPLE_PX);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium' });
  } catch (e) {
    return { error: `the browser could not decode the image (${(e as Error)?.message ?? e})` };
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return analyseBackground(data, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
