import { describe, expect, it } from 'vitest';
import type { FileFacts, FileFormat } from './types';
import { MAX_THUMBNAIL_SOURCE_BYTES, PREVIEW_WAITS_FOR_UPLOAD_ENDING_WITHIN_S, previewWaitsForUpload, thumbnailSize, thumbnailSource } from './thumbnail-policy';

const raster = (format: FileFormat, w: number, h: number, size = 10_000) =>
  ({ format, kind: 'raster', mime: 'image/x', size, raster: { widthPx: w, heightPx: h, displayWidthPx: w, displayHeightPx: h } }) as unknown as FileFacts;
const pdf = (pageCount: number, size = 10_000) => ({ format: 'pdf', kind: 'pdf', mime: 'application/pdf', size, pdf: { pageCount, pages: [] } }) as unknown as FileFacts;

describe('which files get a preview', () => {
  it('a PDF: page 1, whatever its size (it is read by ranges)', () => {
    expect(thumbnailSource(pdf(3))).toBe('page');
    expect(thumbnailSource(pdf(1, 2 * MAX_THUMBNAIL_SOURCE_BYTES))).toBe('page');
    expect(thumbnailSource(pdf(0))).toBeNull(); // nothing to draw
  });

  it('a raster the browser decodes, within the pixel and byte caps', () => {
    expect(thumbnailSource(raster('jpeg', 4000, 3000))).toBe('image');
    expect(thumbnailSource(raster('png', 20_000, 20_000))).toBeNull(); // 400 MP: a decompression bomb
    expect(thumbnailSource(raster('png', 100, 100, MAX_THUMBNAIL_SOURCE_BYTES + 1))).toBeNull();
    expect(thumbnailSource(raster('png', 0, 100))).toBeNull();
  });

  it('no preview for formats browsers cannot decode, nor without facts (the row shows its type icon)', () => {
    expect(thumbnailSource(raster('tiff', 100, 100))).toBeNull();
    expect(thumbnailSource(raster('heic', 100, 100))).toBeNull();
    expect(thumbnailSource(null)).toBeNull();
  });

  it('scales the long side down to the asked size, never up', () => {
    expect(thumbnailSize(4000, 3000, 96)).toEqual({ width: 96, height: 72 });
    expect(thumbnailSize(30, 3000, 96)).toEqual({ width: 1, height: 96 });
    expect(thumbnailSize(50, 40, 96)).toEqual({ width: 50, height: 40 });
  });
});

describe('when a preview waits for its file\'s upload', () => {
  const eta = (etaSeconds: number | null) => ({ etaSeconds });
  it('a fast upload about to end keeps the preview back, and so does one whose rate is not yet measured', () => {
    expect(previewWaitsForUpload('running', eta(1))).toBe(true);
    expect(previewWaitsForUpload('running', eta(PREVIEW_WAITS_FOR_UPLOAD_ENDING_WITHIN_S))).toBe(true);
    expect(previewWaitsForUpload('running', eta(null))).toBe(true);
    expect(previewWaitsForUpload('running', null)).toBe(true); // the job being created, no byte sent yet
  });

  it('a slow line does not: the customer sees their file at once while it uploads', () => {
    expect(previewWaitsForUpload('running', eta(PREVIEW_WAITS_FOR_UPLOAD_ENDING_WITHIN_S + 1))).toBe(false);
    expect(previewWaitsForUpload('running', eta(120))).toBe(false);
  });

  it('no upload under way (none yet, paused, done, failed, no server): nothing to wait for', () => {
    for (const phase of ['none', 'paused', 'done', 'failed'] as const) expect(previewWaitsForUpload(phase, eta(1))).toBe(false);
  });
});
