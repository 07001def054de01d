import { describe, expect, it } from 'vitest';
import { outcomes, page, pdf, run } from './test-facts';

describe('color.mode', () => {
  it('passes when only allowed colour modes are used (ICC and Indexed included)', () => {
    const facts = pdf({ colorSpaces: ['DeviceCMYK', 'ICCBased(GRAY)', 'Indexed', 'DeviceCMYK', 'Separation'] });
    expect(outcomes(run('color.mode', facts, { allowed: ['cmyk', 'gray'] }))).toEqual(['pass']);
  });

  it('fails RGB content in a CMYK product, naming the pages and highlighting RGB images', () => {
    const facts = pdf({
      colorSpaces: ['DeviceCMYK', 'ICCBased(RGB)'],
      pages: [page(1, 210, 297, { colorSpaces: ['DeviceCMYK'] }), page(2, 210, 297, { colorSpaces: ['ICCBased(RGB)'] })],
      images: [{ page: 2, widthPx: 1, heightPx: 1, ppiX: 300, ppiY: 300, colorSpace: 'ICCBased(RGB)', bitsPerComponent: 8, hasMask: false, rect: [1, 2, 3, 4] }],
    });
    const [r] = run('color.mode', facts, { allowed: ['cmyk'] });
    expect(r).toMatchObject({ outcome: 'fail', page: 2, boxes: [{ page: 2, rect: [1, 2, 3, 4] }] });
    expect(r!.message).toBe('The file uses RGB colour (pages 2); this product needs CMYK. The colours will be converted and may shift.');
  });
});

describe('color.spot_colors', () => {
  it('allows up to max_count spot colours', () => {
    const facts = pdf({ spotColors: ['PANTONE 185 C'] });
    expect(outcomes(run('color.spot_colors', facts, { max_count: 1 }))).toEqual(['pass']);
    expect(run('color.spot_colors', pdf({ spotColors: ['A', 'B'] }), { max_count: 1 })[0]!.message).toBe('The file uses 2 spot colours (A, B); at most 1 are accepted.');
  });
  it('without a limit, any spot colour is flagged; a whitelist names the unknown inks', () => {
    expect(run('color.spot_colors', pdf({ spotColors: ['Gold'] }), {})[0]!.messageKey).toBe('color.spot_colors.fail_none_allowed');
    expect(outcomes(run('color.spot_colors', pdf({ spotColors: [] }), {}))).toEqual(['pass']);
    const [r] = run('color.spot_colors', pdf({ spotColors: ['Gold', 'White'] }), { allowed: ['white', 'Varnish'] });
    expect(r!.message).toBe('The spot colour Gold cannot be printed; accepted: white, Varnish.');
  });
});

describe('color.output_intent', () => {
  const fogra = pdf({ outputIntents: [{ subtype: 'GTS_PDFX', identifier: 'FOGRA39' }] });
  it('passes a present intent and fails a missing one', () => {
    expect(outcomes(run('color.output_intent', fogra, { required: true }))).toEqual(['pass']);
    expect(run('color.output_intent', pdf(), { required: true })[0]!.messageKey).toBe('color.output_intent.fail_missing');
  });
  it('checks the identifier when the product names one', () => {
    expect(outcomes(run('color.output_intent', fogra, { identifiers: ['fogra39', 'FOGRA51'] }))).toEqual(['pass']);
    expect(run('color.output_intent', fogra, { identifiers: ['FOGRA51'] })[0]!.message).toBe('The file is made for FOGRA39; this product expects FOGRA51.');
  });
});

describe('color.max_ink_coverage', () => {
  it('is honestly skipped: it needs rendered separations', () => {
    expect(run('color.max_ink_coverage', pdf(), { percent: 300 })[0]).toMatchObject({ outcome: 'skipped', message: expect.stringContaining('300%') });
  });
});
