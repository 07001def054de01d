import { describe, expect, it } from 'vitest';
import { evaluateFile } from '../../evaluate';
import type { AcceptEntry, PdfFontFact } from '../../types';
import { outcomes, pdf, run } from './test-facts';

const font = (f: Partial<PdfFontFact>): PdfFontFact => ({ name: 'ABCDEF+Minion', type: 'Type1', embedded: true, subset: true, type3: false, pages: [1], invisibleOnly: false, ...f });

describe('text.fonts_embedded', () => {
  it('passes embedded fonts and names the missing ones with their pages', () => {
    expect(outcomes(run('text.fonts_embedded', pdf({ fonts: [font({})] })))).toEqual(['pass']);
    const [r] = run('text.fonts_embedded', pdf({ fonts: [font({}), font({ name: 'Helvetica', embedded: false, subset: false, pages: [2, 3] })] }));
    expect(r).toMatchObject({ outcome: 'fail', page: 2 });
    expect(r!.message).toMatch(/^The font Helvetica is not embedded \(pages 2–3\)/);
  });

  it('ignores fonts used only by invisible text (an OCR layer)', () => {
    expect(outcomes(run('text.fonts_embedded', pdf({ fonts: [font({ name: 'GlyphLessFont', embedded: false, invisibleOnly: true })] })))).toEqual(['pass']);
  });

  it('cannot pass the fonts of an encrypted file read without decrypting: "could not be verified"', () => {
    const facts = pdf({ encrypted: true, incomplete: [{ area: 'fonts', reason: 'encrypted', pages: [1] }] });
    const entry: AcceptEntry = { kind: 'pdf', mimeTypes: [], extensions: [], convertToPdf: false, onFail: 'reject', preflight: { enabled: true, profile: { sections: { text: { enabled: true, rules: { 'text.fonts_embedded': { enabled: true, severity: 'reject', target: {} } } } } } } };
    const [f] = evaluateFile(facts, entry);
    expect(f).toMatchObject({ outcome: 'fail', code: 'check_unverified', messageKey: 'check.unverified.encrypted', page: 1 });
    expect(f!.message).toBe('“text.fonts_embedded” could not be verified: the file is protected, so the content of page 1 could not be read.');
  });
});

describe('text.font_types', () => {
  it('accepts the allowed types, however they are spelt', () => {
    const facts = pdf({ fonts: [font({ type: 'Type1' }), font({ name: 'X', type: 'CID' })] });
    expect(outcomes(run('text.font_types', facts, { allowed: ['Type 1', 'CID', 'OpenType'] }))).toEqual(['pass']);
  });
  it('fails a Type 3 font when only outline fonts are allowed', () => {
    const [r] = run('text.font_types', pdf({ fonts: [font({ name: 'Bitmap', type: 'Type3', type3: true })] }), { allowed: ['Type 1', 'TrueType', 'OpenType', 'CID'] });
    expect(r!.message).toBe('The fonts Bitmap are of type Type3; this product accepts Type 1, TrueType, OpenType, CID.');
  });
});

describe('text.subset', () => {
  it('passes subsets and flags fonts embedded in full', () => {
    expect(outcomes(run('text.subset', pdf({ fonts: [font({})] })))).toEqual(['pass']);
    expect(run('text.subset', pdf({ fonts: [font({ name: 'Minion', subset: false })] }))[0]!.message).toBe('The font Minion is embedded in full; it will be subset.');
  });
});
