// Small previews of raster files, made in the inspection worker so the main thread never
// decodes pixels. The worker first reads the header again (a few KB, milliseconds) and refuses
// formats the browser cannot decode and images over a pixel (or byte) cap, so a decompression bomb is
// never handed to the decoder whatever the caller asks. Then createImageBitmap decodes and
// scales in one step (EXIF orientation applied), and an OffscreenCanvas encodes a tiny WebP.
//
// A thumbnail is a nicety: every failure is a plain `{ ok: false }` reply, never an exception,
// and it never touches the file's verdict.
import type { RasterFacts } from '../src/core/types';
import { blobSource } from './source';
import { sniffSource } from './inspect';
import { inspectRaster, type RasterFormat } from './raster/index';

// The policy (formats, pixel and byte caps, sizes) has one home, shared with the widget.
import { MAX_THUMBNAIL_PX, MAX_THUMBNAIL_SOURCE_BYTES, THUMBNAIL_FORMATS, THUMBNAIL_PX, decodable, thumbnailSize } from '../src/core/thumbnail-policy';

export type ThumbnailErrorCode =
  | 'thumbnail_unsupported' // format not decodable by browsers, or no decoder here (Node)
  | 'thumbnail_too_large' // over the pixel cap: not decoded on purpose
  | 'thumbnail_failed' // the decoder refused the bytes (corrupt, truncated)
  | 'thumbnail_timeout' // set by the pool
  | 'thumbnail_aborted'; // set by the pool: the row went away before its turn

export type ThumbnailReply =
  | { ok: true; blob: Blob; width: number; height: number }
  | { ok: false; error: { code: ThumbnailErrorCode; message: string } };

const fail = (code: ThumbnailErrorCode, message: string): ThumbnailReply => ({ ok: false, error: { code, message } });

export async function makeThumbnail(blob: Blob, maxPx: number = THUMBNAIL_PX): Promise<ThumbnailReply> {
  const long = Math.max(1, Math.min(MAX_THUMBNAIL_PX, Math.round(Number.isFinite(maxPx) ? maxPx : THUMBNAIL_PX)));
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    return fail('thumbnail_unsupported', 'No image decoder here.');
  }

  if (blob.size > MAX_THUMBNAIL_SOURCE_BYTES) return fail('thumbnail_too_large', 'The file is too big to preview.');

  // Header first: what the bytes are (not what the name says) and how many pixels they claim.
  let raster: RasterFacts;
  let sniffedFormat: RasterFormat;
  try {
    const src = blobSource(blob);
    const sniffed = await sniffSource(src);
    if (!THUMBNAIL_FORMATS.has(sniffed.format)) return fail('thumbnail_unsupported', `No preview for ${sniffed.format} files.`);
    sniffedFormat = sniffed.format as RasterFormat;
    raster = await inspectRaster(src, sniffedFormat);
  } catch (err) {
    return fail('thumbnail_failed', (err as Error)?.message ?? String(err));
  }
  if (!decodable(sniffedFormat, blob.size, raster.widthPx, raster.heightPx)) return fail('thumbnail_too_large', `${raster.widthPx}×${raster.heightPx} pixels is too many to preview.`);

  // Scale on the displayed (EXIF-oriented) size: createImageBitmap orients before resizing.
  const size = thumbnailSize(raster.displayWidthPx, raster.displayHeightPx, long);
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(blob, {
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: 'medium',
      imageOrientation: 'from-image',
      premultiplyAlpha: 'default',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return fail('thumbnail_unsupported', 'No 2D canvas here.');
    ctx.drawImage(bitmap, 0, 0);
    let out = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
    // A browser without a WebP encoder answers with PNG by spec; say so rather than guess.
    if (out.type !== 'image/webp' && out.type !== 'image/png') out = await canvas.convertToBlob({ type: 'image/png' });
    return { ok: true, blob: out, width: bitmap.width, height: bitmap.height };
  } catch (err) {
    return fail('thumbnail_failed', (err as Error)?.message ?? String(err));
  } finally {
    bitmap?.close();
  }
}
