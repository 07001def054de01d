import { describe, expect, it } from 'vitest';
import type { FileFacts, FileFormat } from './types';
import { MAX_THUMBNAIL_SOURCE_BYTES, thumbnailSize, thumbnailSource } from './thumbnail-policy';

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
