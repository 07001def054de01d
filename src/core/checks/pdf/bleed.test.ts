import { describe, expect, it } from 'vitest';
import { outcomes, page, pdf, run } from './test-facts';

describe('geom.bleed.required', () => {
  it('passes 3 mm of bleed between TrimBox and BleedBox', () => {
    expect(outcomes(run('geom.bleed.required', pdf({ pages: [page(1, 85, 55, { bleedMm: 3 })] }), { required_mm: 3 }))).toEqual(['pass']);
  });

  it('fails too little bleed, with the measured amount and the trim box to highlight', () => {
    const [r] = run('geom.bleed.required', pdf({ pages: [page(1, 85, 55, { bleedMm: 1 })] }), { required_mm: 3 });
    expect(r!.outcome).toBe('fail');
    expect(r!.message).toMatch(/^Page 1 has only 1 mm of bleed; 3 mm is needed/);
    expect(r!.boxes![0]!.rect[0]).toBeCloseTo(2.83, 1);
  });

  it('takes the required bleed from the context', () => {
    const facts = pdf({ pages: [page(1, 85, 55, { bleedMm: 3 })] });
    expect(outcomes(run('geom.bleed.required', facts, { required_mm: 3 }, { bleed: { required_mm: 5 } }))).toEqual(['fail']);
  });

  it('a page without TrimBox has no bleed, unless it is the artwork size plus the bleed', () => {
    const plain = pdf({ pages: [page(1, 85, 55)] });
    expect(run('geom.bleed.required', plain, {})[0]!.message).toMatch(/^Page 1 has no bleed: the artwork stops at the page edge/);
    const oversized = pdf({ pages: [page(1, 91, 61)] });
    expect(outcomes(run('geom.bleed.required', oversized, {}, { artworkSize: { width_mm: 85, height_mm: 55 } }))).toEqual(['pass']);
  });

  it('is skipped when pdf.js read the file (it does not expose trim and bleed boxes)', () => {
    expect(outcomes(run('geom.bleed.required', pdf({ reader: 'pdfjs', pages: [page(1, 85, 55)] }), {}))).toEqual(['skipped']);
    expect(outcomes(run('geom.trim_box_required', pdf({ reader: 'pdfjs', pages: [page(1, 85, 55)] })))).toEqual(['skipped']);
  });

  it('checks only the sides asked for, as the customer sees the page (after /Rotate)', () => {
    // bleed only on the left and right in user space: at /Rotate 90 that is top and bottom
    const p = page(1, 85, 55, { bleedMm: 3, rotate: 90 });
    p.boxes.bleed = [p.boxes.trim![0] - 8.5, p.boxes.trim![1], p.boxes.trim![2] + 8.5, p.boxes.trim![3]];
    const facts = pdf({ pages: [p] });
    expect(outcomes(run('geom.bleed.required', facts, { sides: ['top', 'bottom'] }))).toEqual(['pass']);
    expect(outcomes(run('geom.bleed.required', facts, { sides: ['left'] }))).toEqual(['fail']);
  });
});

describe('geom.trim_box_required', () => {
  it('passes pages with a trim box and lists pages without', () => {
    expect(outcomes(run('geom.trim_box_required', pdf({ pages: [page(1, 85, 55, { bleedMm: 3 })] })))).toEqual(['pass']);
    const [r] = run('geom.trim_box_required', pdf({ pages: [page(1, 85, 55, { bleedMm: 3 }), page(2, 85, 55), page(3, 85, 55)] }));
    expect(r!.message).toBe('Pages 2–3 do not say where they will be cut (no trim box); the page edge will be used.');
  });
});

describe('geom.safety_margin', () => {
  const withContent = (textBox: [number, number, number, number] | undefined, imageRect?: [number, number, number, number]) =>
    pdf({
      pages: [page(1, 85, 55, { bleedMm: 3, ...(textBox ? { textBox } : {}) })],
      images: imageRect ? [{ page: 1, widthPx: 10, heightPx: 10, ppiX: 300, ppiY: 300, colorSpace: 'DeviceCMYK', bitsPerComponent: 8, hasMask: false, rect: imageRect }] : [],
    });
  it('passes text well inside the safe area and a background image that bleeds', () => {
    expect(outcomes(run('geom.safety_margin', withContent([40, 40, 150, 100], [0, 0, 258, 173]), { min_mm: 3 }))).toEqual(['pass']);
  });
  it('fails text that starts within the margin, highlighting it', () => {
    const [r] = run('geom.safety_margin', withContent([12, 40, 150, 100]), { min_mm: 3 });
    expect(r!.message).toBe('Page 1 has text or images within 3 mm of the cut; they may be trimmed off.');
    expect(r!.boxes).toEqual([{ page: 1, rect: [12, 40, 150, 100] }]);
  });
  it('fails a small image close to the edge, and takes the margin from the context', () => {
    expect(outcomes(run('geom.safety_margin', withContent(undefined, [20, 20, 40, 40]), { min_mm: 3 }))).toEqual(['pass']);
    expect(outcomes(run('geom.safety_margin', withContent(undefined, [20, 20, 40, 40]), { min_mm: 3 }, { safety: { min_mm: 5 } }))).toEqual(['fail']);
  });
  it('is skipped honestly when the content could not be walked', () => {
    expect(outcomes(run('geom.safety_margin', pdf({ reader: 'pdfjs' }), {}))).toEqual(['skipped']);
  });
});
