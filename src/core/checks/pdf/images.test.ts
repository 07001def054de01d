import { describe, expect, it } from 'vitest';
import type { PdfImageFact } from '../../types';
import { outcomes, pdf, run } from './test-facts';

const img = (ppi: number, more: Partial<PdfImageFact> = {}): PdfImageFact => ({
  page: 1, widthPx: 1000, heightPx: 1000, ppiX: ppi, ppiY: ppi, colorSpace: 'DeviceCMYK', bitsPerComponent: 8, hasMask: false, rect: [0, 0, 100, 100], ...more,
});

describe('image.min_resolution_dpi', () => {
  it('passes images at or above the minimum (half a ppi of rounding allowed)', () => {
    const [r] = run('image.min_resolution_dpi', pdf({ images: [img(300), img(149.6)] }), { min_dpi: 150 });
    expect(r!.outcome).toBe('pass');
    expect(r!.message).toBe('All images are sharp enough (lowest 150 ppi, at least 150 needed).');
  });

  it('fails a low-resolution image with its page, ppi and rectangle', () => {
    const [r] = run('image.min_resolution_dpi', pdf({ images: [img(300), img(72, { page: 1, rect: [10, 20, 30, 40] })] }), { min_dpi: 150 });
    expect(r).toMatchObject({ outcome: 'fail', page: 1, boxes: [{ page: 1, rect: [10, 20, 30, 40] }] });
    expect(r!.message).toBe('An image on page 1 is 72 ppi at the size it is placed; at least 150 is needed for sharp print.');
  });

  it('uses the worse axis of a stretched image, and ignores 1-bit line art', () => {
    expect(outcomes(run('image.min_resolution_dpi', pdf({ images: [img(300, { ppiY: 100 })] }), { min_dpi: 150 }))).toEqual(['fail']);
    expect(outcomes(run('image.min_resolution_dpi', pdf({ images: [img(100, { colorSpace: 'ImageMask', bitsPerComponent: 1 })] }), { min_dpi: 150 }))).toEqual(['pass']);
  });

  it('is applied to placed images when the profile uses raster.effective_dpi for PDFs', () => {
    const facts = pdf({ images: [img(200)] });
    expect(outcomes(run('raster.effective_dpi', facts, { min_dpi: 150 }))).toEqual(['pass']);
    expect(run('raster.effective_dpi', facts, { min_dpi: 300 })[0]!.messageKey).toBe('image.min_resolution_dpi.fail');
  });

  it('is skipped when pdf.js read the file (images unknown)', () => {
    expect(outcomes(run('image.min_resolution_dpi', pdf({ reader: 'pdfjs' }), {}))).toEqual(['skipped']);
  });
});

describe('image.max_resolution_dpi', () => {
  it('passes up to the maximum and flags images far above it', () => {
    expect(outcomes(run('image.max_resolution_dpi', pdf({ images: [img(600)] }), { max_dpi: 600 }))).toEqual(['pass']);
    const [r] = run('image.max_resolution_dpi', pdf({ images: [img(1200), img(900)] }), { max_dpi: 600 });
    expect(r!.message).toBe('2 images on page 1 are over 600 ppi (up to 1,200 ppi); they will be reduced.');
  });
});

describe('image.bit_depth', () => {
  it('accepts 8-bit images and flags 16-bit ones', () => {
    expect(outcomes(run('image.bit_depth', pdf({ images: [img(300)] }), { bits: 8 }))).toEqual(['pass']);
    expect(run('image.bit_depth', pdf({ images: [img(300, { bitsPerComponent: 16 })] }), { bits: 8 })[0]!.message).toBe('Page 1 has an image with 16 bits per channel; at most 8 are accepted.');
  });
});

describe('raster.effective_dpi in the registry', () => {
  it('is one check for both kinds: placed images for PDFs, the raster check for images', async () => {
    const { checks, indexChecks } = await import('../registry');
    const check = indexChecks(checks).get('raster.effective_dpi')!;
    expect(check.kinds).toEqual(expect.arrayContaining(['raster', 'pdf']));
    const raster = { format: 'png', kind: 'raster', mime: 'image/png', size: 1, raster: { widthPx: 1000, heightPx: 1000, orientation: 1, displayWidthPx: 1000, displayHeightPx: 1000, dpiX: 300, dpiY: 300, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false } } as const;
    const results = check.run(structuredClone(raster) as never, { min_dpi: 150 }, {});
    expect(results[0]!.messageKey.startsWith('raster.effective_dpi')).toBe(true);
  });
});
