import { describe, expect, it } from 'vitest';
import { outcomes, page, pdf, run } from './test-facts';

describe('struct.transparency', () => {
  it('names the pages that use transparency', () => {
    expect(outcomes(run('struct.transparency', pdf()))).toEqual(['pass']);
    const [r] = run('struct.transparency', pdf({ usesTransparency: true, pages: [page(1, 85, 55), page(2, 85, 55, { usesTransparency: true })] }));
    expect(r!.message).toBe('Page 2 uses transparency; it will be flattened for print, which can change how it looks.');
  });
});

describe('struct.annotations', () => {
  it('ignores links, popups, form widgets and printer marks; flags comments with their boxes', () => {
    const harmless = pdf({ annotations: ['Link', 'Popup', 'Widget', 'PrinterMark'].map((subtype) => ({ page: 1, subtype })) });
    expect(outcomes(run('struct.annotations', harmless))).toEqual(['pass']);
    const [r] = run('struct.annotations', pdf({ annotations: [{ page: 2, subtype: 'Text', rect: [1, 1, 2, 2] }, { page: 2, subtype: 'Highlight' }] }));
    expect(r).toMatchObject({ outcome: 'fail', page: 2, boxes: [{ page: 2, rect: [1, 1, 2, 2] }] });
    expect(r!.message).toBe('Page 2 has 2 comments or markups (Text, Highlight); remove them — they may print.');
  });
  it('lets a profile choose what to ignore', () => {
    expect(outcomes(run('struct.annotations', pdf({ annotations: [{ page: 1, subtype: 'Link' }] }), { ignore: [] }))).toEqual(['fail']);
  });
});

describe('presence checks', () => {
  const cases: [string, Parameters<typeof pdf>[0], string][] = [
    ['struct.layers', { layers: 2 }, 'The file has 2 layers; hidden layers will not print, visible ones will be merged.'],
    ['struct.javascript', { javascript: true }, 'The file contains JavaScript, which is not allowed in print files.'],
    ['struct.attachments', { attachments: 1 }, 'The file has an attached file; attachments are not accepted.'],
    ['struct.acroform', { formFields: 3 }, 'The file has 3 form fields; they will be flattened as shown.'],
    ['struct.xfa', { xfa: true }, 'The file is an XFA form, whose content may not print as shown.'],
    ['struct.signatures', { signatures: 1 }, 'The file is digitally signed; preparing it for print will remove the signature.'],
  ];
  for (const [id, bad, message] of cases) {
    it(`${id} passes a clean file and fails one that has it`, () => {
      expect(outcomes(run(id, pdf()))).toEqual(['pass']);
      expect(run(id, pdf(bad))[0]).toMatchObject({ outcome: 'fail', message });
    });
  }
});

describe('protection', () => {
  it('struct.encryption_allowed fails encrypted files unless allowed', () => {
    const enc = pdf({ encrypted: true, permissions: { print: true, modify: false, copy: false } });
    expect(outcomes(run('struct.encryption_allowed', pdf()))).toEqual(['pass']);
    expect(outcomes(run('struct.encryption_allowed', enc))).toEqual(['fail']);
    expect(outcomes(run('struct.encryption_allowed', enc, { allowed: true }))).toEqual(['pass']);
  });
  it('struct.permissions fails when printing is forbidden', () => {
    expect(outcomes(run('struct.permissions', pdf({ encrypted: true, permissions: { print: true, modify: false, copy: false } })))).toEqual(['pass']);
    expect(run('struct.permissions', pdf({ encrypted: true, permissions: { print: false, modify: true, copy: true } }))[0]!.message).toBe(
      'The file does not allow printing. Please upload a version without restrictions.',
    );
  });
});

describe('struct.pdf_version', () => {
  it('accepts 1.4 to 1.7 by default and refuses 2.0 and 1.3', () => {
    expect(outcomes(run('struct.pdf_version', pdf({ version: '1.6' })))).toEqual(['pass']);
    expect(run('struct.pdf_version', pdf({ version: '2.0' }))[0]!.message).toBe('The file is PDF 2.0; this product accepts PDF 1.4 to 1.7.');
    expect(outcomes(run('struct.pdf_version', pdf({ version: '1.3' })))).toEqual(['fail']);
    expect(outcomes(run('struct.pdf_version', pdf({ version: '2.0' }), { max: '2.0' }))).toEqual(['pass']);
  });
});

describe('struct.pdfx', () => {
  it('matches the required PDF/X version', () => {
    expect(outcomes(run('struct.pdfx', pdf({ pdfx: 'PDF/X-4' }), { required: 'X-4' }))).toEqual(['pass']);
    expect(run('struct.pdfx', pdf({ pdfx: 'PDF/X-1a:2001' }), { required: 'X-4' })[0]!.message).toBe('The file is PDF/X-1a:2001; this product expects PDF/X-4.');
    expect(run('struct.pdfx', pdf(), { required: 'X-4' })[0]!.messageKey).toBe('struct.pdfx.fail_missing');
  });
});

describe('struct.integrity', () => {
  it('turns parser warnings into a repair notice', () => {
    expect(outcomes(run('struct.integrity', pdf()))).toEqual(['pass']);
    expect(run('struct.integrity', pdf({ warnings: ['a stream has a wrong /Length'] }))[0]!.message).toBe(
      'The file has a structural problem and will be repaired (a stream has a wrong /Length).',
    );
  });
});
