// Which files get a preview, and how: one home for the widget (which asks), the workers (which
// refuse anything else, whatever the caller asks) and the background check (which decodes under
// the same caps). Pure: no DOM, no I/O.
import type { FileFacts, FileFormat } from './types';
import type { UploadPhase } from './file-life';

/** Raster formats browsers decode (createImageBitmap). TIFF and HEIC are not among them. */
export const THUMBNAIL_FORMATS: ReadonlySet<FileFormat> = new Set<FileFormat>(['jpeg', 'png', 'webp', 'gif', 'bmp', 'avif']);

/** Never decode more pixels than this for a preview (100 MP: a 10000×10000 image). */
export const MAX_THUMBNAIL_SOURCE_PIXELS = 100_000_000;

/** Nor read more bytes than this: the decoder takes the whole Blob into memory (a 500 MB file is skipped). */
export const MAX_THUMBNAIL_SOURCE_BYTES = 100 * 1024 * 1024;

/** Long side of a preview in device pixels (a row shows it at 40 CSS px: sharp on HiDPI). */
export const THUMBNAIL_PX = 96;

/** The most a caller may ask for. */
export const MAX_THUMBNAIL_PX = 512;

/**
 * How a file's preview is made: 'image' — the browser decodes the raster (workers/thumbnail.ts);
 * 'page' — pdf.js draws page 1 (workers/render-page.ts, the PDF is read by ranges, so its size does
 * not matter); null — no preview (TIFF, HEIC, PSD…, a decompression bomb, no facts): the row shows
 * the file's type icon instead.
 */
export type ThumbnailSource = 'image' | 'page';

/** May a raster of this format, byte size and pixel size be handed to the browser's decoder? */
export function decodable(format: FileFormat, bytes: number, widthPx: number, heightPx: number): boolean {
  return THUMBNAIL_FORMATS.has(format) && bytes <= MAX_THUMBNAIL_SOURCE_BYTES && widthPx > 0 && heightPx > 0 && widthPx * heightPx <= MAX_THUMBNAIL_SOURCE_PIXELS;
}

/** Does this file get a preview, and from what? */
export function thumbnailSource(facts: FileFacts | null | undefined): ThumbnailSource | null {
  if (!facts) return null;
  if (facts.format === 'pdf') return (facts.pdf?.pageCount ?? 0) >= 1 ? 'page' : null;
  const r = facts.raster;
  return r && decodable(facts.format, facts.size, r.widthPx, r.heightPx) ? 'image' : null;
}

/** The scaled size of a w×h image whose long side becomes at most maxPx (never upscaled). */
export function thumbnailSize(w: number, h: number, maxPx: number): { width: number; height: number } {
  const scale = Math.min(1, maxPx / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** A preview waits for its file's upload when that upload should end within this many seconds… */
export const PREVIEW_WAITS_FOR_UPLOAD_ENDING_WITHIN_S = 3;

/** …and never waits longer than this in all, from the moment it could have started. */
export const PREVIEW_MAX_WAIT_MS = 3000;

/**
 * Should a row's preview wait for its file's upload? Rendering a PDF's page 1 loads and compiles
 * pdf.js in a worker: a burst of CPU. On a slow line that costs the upload nothing (it waits on the
 * network), so the preview starts at once. On a fast line (a LAN, fibre, the shop's own office) the
 * upload is bounded by the CPU the browser needs to send it, and the burst slowed it by a quarter
 * (bench/upload-contention.ts): there the upload ends within seconds, and the preview waits for it.
 * While the rate is not yet measured (the job being created, the first half second of bytes) the preview waits too; the
 * caller bounds the wait (PREVIEW_MAX_WAIT_MS), so a paused, stalled or failed upload never keeps a
 * preview back for long.
 */
export function previewWaitsForUpload(upload: UploadPhase, progress: { etaSeconds: number | null } | null): boolean {
  if (upload !== 'running') return false;
  // no progress yet: the job is being created or the first bytes are on their way
  if (!progress || progress.etaSeconds === null) return true;
  return progress.etaSeconds <= PREVIEW_WAITS_FOR_UPLOAD_ENDING_WITHIN_S;
}
