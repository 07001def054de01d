// Which files get a preview: one home for the widget (which asks) and the worker (which refuses
// anything else, whatever the caller asks).
import type { FileFacts, FileFormat } from './types';

/** Raster formats browsers decode (createImageBitmap). TIFF and HEIC are not among them. */
export const THUMBNAIL_FORMATS: ReadonlySet<FileFormat> = new Set<FileFormat>(['jpeg', 'png', 'webp', 'gif', 'bmp', 'avif']);

/** Never decode more pixels than this for a preview (100 MP: a 10000×10000 image). */
export const MAX_THUMBNAIL_SOURCE_PIXELS = 100_000_000;

/** Nor read more bytes than this: the decoder takes the whole Blob into memory (a 500 MB file is skipped). */
export const MAX_THUMBNAIL_SOURCE_BYTES = 100 * 1024 * 1024;

/** Does this file get a preview? */
export function wantsThumbnail(facts: FileFacts | null): boolean {
  const r = facts?.raster;
  return !!r && THUMBNAIL_FORMATS.has(facts!.format) && r.widthPx > 0 && r.heightPx > 0 && r.widthPx * r.heightPx <= MAX_THUMBNAIL_SOURCE_PIXELS && facts!.size <= MAX_THUMBNAIL_SOURCE_BYTES;
}
