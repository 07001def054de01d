import { describe, expect, it } from 'vitest';
import type { FileFacts } from '../../types';
import { outcomes, page, pdf, run } from './test-facts';

const card = { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 };

describe('geom.page_count', () => {
  it('passes within the range and fails outside it, with the count in the message', () => {
    const two = pdf({ pages: [page(1, 85, 55), page(2, 85, 55)] });
    expect(outcomes(run('geom.page_count', two, { min: 1, max: 2 }))).toEqual(['pass']);
    const [r] = run('geom.page_count', two, { max: 1 });
    expect(r!.outcome).toBe('fail');
    expect(r!.message).toBe('The file has 2 pages; this product takes at most 1.');
    expect(run('geom.page_count', two, { allowed: [1, 4, 8] })[0]!.message).toContain('takes 1, 4, 8 pages');
  });

  it('narrows the profile page count with the order\'s, never widens it', () => {
    const four = pdf({ pages: [1, 2, 3, 4].map((n) => page(n, 210, 297)) });
    expect(outcomes(run('geom.page_count', four, { min: 1, max: 8 }, { pageCount: { min: 4, max: 4 } }))).toEqual(['pass']);
    expect(outcomes(run('geom.page_count', four, { min: 1, max: 2 }, { pageCount: { min: 4, max: 4 } }))).toEqual(['fail']);
    expect(run('geom.page_count', four, { min: 1, max: 8 }, { pageCount: { max: 3 } })[0]!.messageKey).toBe('geom.page_count.fail_max');
    expect(run('geom.page_count', four, { allowed: [4] }, { pageCount: { min: 8 } })[0]!.messageKey).toBe('geom.page_count.fail_min');
  });
});

describe('geom.page_size', () => {
  it('accepts the size in either orientation within the tolerance', () => {
    expect(outcomes(run('geom.page_size', pdf({ pages: [page(1, 85.8, 55), page(2, 55, 85)] }), card))).toEqual(['pass']);
  });

  it('names the wrong page, its size and the size needed', () => {
    const [r] = run('geom.page_size', pdf({ pages: [page(1, 85, 55), page(2, 210, 297)] }), card);
    expect(r).toMatchObject({ outcome: 'fail', page: 2 });
    expect(r!.message).toBe('Page 2 is 210×297 mm; this product needs 85×55 mm (±1 mm).');
    expect(r!.boxes![0]!.page).toBe(2);
  });

  it('groups many wrong pages into one finding', () => {
    const results = run('geom.page_size', pdf({ pages: [1, 2, 3, 4].map((n) => page(n, 100, 100)) }), card);
    expect(results).toHaveLength(1);
    expect(results[0]!.message).toContain('Pages 1–4 are 100×100 mm');
  });

  it('takes the artwork size from the context', () => {
    const a5 = pdf({ pages: [page(1, 148, 210)] });
    expect(outcomes(run('geom.page_size', a5, card, { artworkSize: { width_mm: 148, height_mm: 210 } }))).toEqual(['pass']);
  });

  it('counts a page without trim box that is the size plus bleed as the right size', () => {
    const withBleed = pdf({ pages: [page(1, 91, 61)] }); // 85×55 + 3 mm each side, no TrimBox
    expect(outcomes(run('geom.page_size', withBleed, card))).toEqual(['pass']);
    expect(outcomes(run('geom.page_size', withBleed, card, { bleed: { required_mm: 5 } }))).toEqual(['fail']);
  });

  it('judges a raster file by its physical size', () => {
    const raster: FileFacts = {
      format: 'jpeg', kind: 'raster', mime: 'image/jpeg', size: 1,
      raster: { widthPx: 1004, heightPx: 650, orientation: 1, displayWidthPx: 1004, displayHeightPx: 650, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false, widthMm: 85, heightMm: 55 },
    };
    expect(outcomes(run('geom.page_size', raster, card))).toEqual(['pass']);
    const [r] = run('geom.page_size', raster, { allowed: [{ width_mm: 100, height_mm: 150 }] });
    expect(r!.message).toBe('The image prints at 85×55 mm at its own resolution; this product needs 100×150 mm (±1 mm).');
    // without a stated resolution only the proportions are judged (page-size-raster.test.ts)
    delete raster.raster!.widthMm;
    expect(run('geom.page_size', raster, card)[0]!.messageKey).toBe('geom.page_size.pass_raster_ratio');
  });
});

describe('geom.orientation', () => {
  it('passes allowed orientations and fails others (rotation applied)', () => {
    const portrait = pdf({ pages: [page(1, 210, 297)] });
    expect(outcomes(run('geom.orientation', portrait, { allowed: ['portrait'] }))).toEqual(['pass']);
    const turned = pdf({ pages: [page(1, 210, 297, { trim: true, rotate: 90 })] });
    const [r] = run('geom.orientation', turned, { allowed: ['portrait'] });
    expect(r!.message).toBe('Page 1 is landscape; this product needs portrait.');
  });
});

describe('geom.rotation', () => {
  it('flags rotated pages', () => {
    expect(outcomes(run('geom.rotation', pdf()))).toEqual(['pass']);
    const [r] = run('geom.rotation', pdf({ pages: [page(1, 85, 55), page(2, 85, 55, { rotate: 90 })] }));
    expect(r!.message).toBe('Page 2 is rotated by 90°; it will be printed upright as shown.');
  });
});

describe('geom.consistent_page_sizes', () => {
  it('passes equal sizes (either orientation) and names the odd pages', () => {
    expect(outcomes(run('geom.consistent_page_sizes', pdf({ pages: [page(1, 210, 297), page(2, 297, 210)] })))).toEqual(['pass']);
    const [r] = run('geom.consistent_page_sizes', pdf({ pages: [page(1, 210, 297), page(2, 210, 297), page(3, 148, 210)] }));
    expect(r!.message).toBe('Page 3 is 148×210 mm, while the other pages are 210×297 mm.');
    expect(r!.page).toBe(3);
  });
});

describe('geom.spread_vs_single', () => {
  const book = pdf({ pages: [page(1, 148, 210), page(2, 296, 210), page(3, 296, 210), page(4, 148, 210)] });
  const singles = pdf({ pages: [page(1, 148, 210), page(2, 148, 210)] });
  it('in single mode, flags pages that are two pages side by side', () => {
    expect(outcomes(run('geom.spread_vs_single', singles, { mode: 'single' }))).toEqual(['pass']);
    const [r] = run('geom.spread_vs_single', book, { mode: 'single' });
    expect(r!.message).toBe('Pages 2–3 look like a spread (two pages side by side); please supply single pages.');
  });
  it('in spread mode, passes spreads and flags single pages (with the artwork size)', () => {
    expect(outcomes(run('geom.spread_vs_single', book, { mode: 'spread' }))).toEqual(['pass']);
    expect(outcomes(run('geom.spread_vs_single', singles, { mode: 'spread' }, { artworkSize: { width_mm: 148, height_mm: 210 } }))).toEqual(['fail']);
    expect(outcomes(run('geom.spread_vs_single', singles, { mode: 'spread' }))).toEqual(['skipped']);
  });
});
