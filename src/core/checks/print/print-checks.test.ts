// The checks the profile format names that used to be skipped (issue 13 point 6), judged on PDFs
// made with pdf-lib and read by the real inspector: outcome, message, page and boxes, the same
// outcome in every locale, and 'skipped' with a reason whenever the facts cannot prove a pass.
import { describe, expect, it } from 'vitest';
import { inspectPdf } from '../../../../workers/pdf/inspect-pdf';
import { type PageSpec, embeddedTrueType, makePdf } from '../../../../workers/pdf/test-fixtures';
import { bytesSource } from '../../../../workers/source';
import { evaluateFile } from '../../evaluate';
import { SUPPORTED_LOCALES } from '../../locales';
import type { AcceptEntry, FileFacts } from '../../types';
import { registerCatalogue } from '../../i18n';
import { run } from '../pdf/test-facts';

async function facts(pages: Parameters<typeof makePdf>[0], spec: Parameters<typeof makePdf>[1] = {}): Promise<FileFacts> {
  return inspectPdf(bytesSource(await makePdf(pages, spec)), { pdfjs: null });
}
const font = (doc: Parameters<NonNullable<PageSpec['resources']>>[0]) => ({ Font: { F1: embeddedTrueType(doc) } });

describe('text.min_font_size_pt', () => {
  it('fails text that prints below the minimum after scaling, with the page and where it is', async () => {
    const f = await facts([
      { content: 'BT /F1 12 Tf 72 700 Td (Title) Tj ET', resources: font },
      { content: 'q 0.5 0 0 0.5 0 0 cm BT /F1 8 Tf 100 100 Td (fine print) Tj ET Q', resources: font },
    ]);
    const [r, ...rest] = run('text.min_font_size_pt', f, { pt: 5 });
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ outcome: 'fail', page: 2, boxes: [{ page: 2, rect: [50, 50, 54, 54] }] });
    expect(r!.message).toBe('Page 2 has text as small as 4 pt (ABCDEF+Calibri); at least 5 pt is needed to print legibly.');
    expect(run('text.min_font_size_pt', f, { pt: 4 })[0]).toMatchObject({ outcome: 'pass', message: 'All text is at least 4 pt (smallest 4 pt).' });
  });

  it('never passes what it could not read: pdf.js facts and cut-short walks are skipped with a reason', async () => {
    const f = await facts([{ content: 'BT /F1 12 Tf 72 700 Td (Title) Tj ET', resources: font }]);
    const viaPdfjs: FileFacts = { ...f, pdf: { ...f.pdf!, reader: 'pdfjs', graphics: undefined } };
    expect(run('text.min_font_size_pt', viaPdfjs, { pt: 5 })[0]).toMatchObject({ outcome: 'skipped', message: 'The drawn content of this PDF could not be read, so this was not checked.' });
    const partly: FileFacts = { ...f, pdf: { ...f.pdf!, pages: f.pdf!.pages.map((p) => ({ ...p, contentIncomplete: true })) } };
    expect(run('text.min_font_size_pt', partly, { pt: 5 })[0]).toMatchObject({ outcome: 'skipped', message: 'No text below 5 pt was found, but pages 1 could only partly be checked.' });
  });
});

describe('text.min_stroke_width_pt', () => {
  it('fails lines thinner than the minimum and hairlines, per page, and passes thick ones', async () => {
    const f = await facts([{ content: '0.1 w 0 0 m 100 0 l S' }, { content: '0 w 10 10 50 50 re S' }, { content: '1 w 0 0 m 9 9 l S' }]);
    const results = run('text.min_stroke_width_pt', f, { pt: 0.25 });
    expect(results.map((r) => [r.page, r.messageKey])).toEqual([
      [1, 'text.min_stroke_width_pt.fail'],
      [2, 'text.min_stroke_width_pt.fail_hairline'],
    ]);
    expect(results[0]!.message).toBe('Page 1 has lines as thin as 0.1 pt; lines thinner than 0.25 pt may break up or not print at all.');
    expect(results[1]!.boxes).toEqual([{ page: 2, rect: [10, 10, 60, 60] }]);
  });
});

describe('color.overprint and color.rich_black_text', () => {
  const pages: PageSpec[] = [
    { content: '/OP gs 0 0 0 1 k 0 0 10 10 re f', resources: () => ({ ExtGState: { OP: { Type: 'ExtGState', OP: true } } }) },
    { content: '/OP gs 0 0 0 0 k 20 20 30 30 re f BT /F1 9 Tf 0.5 0.4 0.4 1 k 100 100 Td (Rich) Tj ET', resources: (doc) => ({ ExtGState: { OP: { Type: 'ExtGState', OP: true } }, ...font(doc) }) },
  ];

  it('flags white overprint (it disappears), not black overprint, with page and box', async () => {
    const f = await facts(pages);
    const [r, ...rest] = run('color.overprint', f, {});
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ outcome: 'fail', page: 2, messageKey: 'color.overprint.fail_white' });
    expect(r!.boxes).toContainEqual({ page: 2, rect: [20, 20, 50, 50] });
    expect(r!.message).toBe('Page 2 has white set to overprint; it will disappear in print.');
  });

  it('flags rich black text and passes plain black', async () => {
    const f = await facts(pages);
    const [r] = run('color.rich_black_text', f, {});
    expect(r).toMatchObject({ outcome: 'fail', page: 2 });
    expect(r!.message).toContain('CMYK 50/40/40/100 %, from 9 pt');
    expect(run('color.rich_black_text', f, { max_pt: 8 })[0]!.outcome).toBe('pass');
  });
});

describe('struct.pdfa', () => {
  const xmp = (part: number, conf: string) =>
    `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>${part}</pdfaid:part><pdfaid:conformance>${conf}</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const claiming = (part: number, conf: string, content: string, intent = false) =>
    facts([{ content, resources: font }], {
      catalog: (doc, cat) => {
        cat.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream(xmp(part, conf), { Type: 'Metadata', Subtype: 'XML' })));
        if (intent) cat.set(PDFName.of('OutputIntents'), doc.context.obj([{ Type: 'OutputIntent', S: 'GTS_PDFA1', OutputConditionIdentifier: PDFString.of('sRGB') }]));
      },
    });

  it('passes an identified PDF/A whose claims hold and fails a missing identification', async () => {
    const ok = await claiming(2, 'B', 'BT /F1 9 Tf 0 0 0 rg 10 10 Td (A) Tj ET', true);
    expect(run('struct.pdfa', ok, { required: ['A-2'] })[0]).toMatchObject({ outcome: 'pass', message: 'The file is PDF/A-2b.' });
    expect(run('struct.pdfa', ok, { required: ['A-1b'] })[0]!.messageKey).toBe('struct.pdfa.fail');
    const none = await facts([{ content: 'BT /F1 9 Tf 10 10 Td (A) Tj ET', resources: font }]);
    expect(run('struct.pdfa', none, {})[0]).toMatchObject({ outcome: 'fail', messageKey: 'struct.pdfa.fail_missing' });
  });

  it('fails a claim that does not hold: device colour without a PDF/A output intent', async () => {
    const bad = await claiming(1, 'B', 'BT /F1 9 Tf 1 0 0 rg 10 10 Td (A) Tj ET');
    expect(run('struct.pdfa', bad, {}).map((r) => r.message)).toEqual([
      'The file claims to be PDF/A-1b and uses device colours, but has no PDF/A output intent saying what they mean.',
    ]);
  });
});

describe('color.max_ink_coverage', () => {
  it('in the browser (no rendering) says it runs after upload, and judges a measurement', async () => {
    const f = await facts([{ content: '1 1 1 1 k 0 0 10 10 re f' }]);
    expect(run('color.max_ink_coverage', f, { percent: 300 })[0]).toMatchObject({ outcome: 'skipped', code: 'checked_after_upload', message: 'Total ink coverage (at most 300%) is checked on our server after upload.' });
    const measured: FileFacts = { ...f, pdf: { ...f.pdf!, inkCoverage: { dpi: 36, pagesMeasured: 1, pages: [{ page: 1, maxPercent: 400, rect: [0, 0, 10, 10] }] } } };
    expect(run('color.max_ink_coverage', measured, { percent: 300 })[0]).toMatchObject({ outcome: 'fail', page: 1, boxes: [{ page: 1, rect: [0, 0, 10, 10] }], message: 'Page 1 has up to 400% total ink (limit 300%); it may smear or dry slowly.' });
    const failed: FileFacts = { ...f, pdf: { ...f.pdf!, inkCoverage: { error: 'rendering took too long' } } };
    expect(run('color.max_ink_coverage', failed, { percent: 300 })[0]!.outcome).toBe('skipped');
  });
});

describe('the same outcomes in every locale', () => {
  it('gives each locale the same outcomes and its own words', async () => {
    const f = await facts([{ content: '/OP gs 0 0 0 0 k 0 0 9 9 re f 0.05 w 0 0 m 9 9 l S BT /F1 3 Tf 0.5 0.5 0.5 1 k 10 10 Td (x) Tj ET', resources: (doc) => ({ ExtGState: { OP: { Type: 'ExtGState', OP: true } }, ...font(doc) }) }]);
    const rule = (target: Record<string, unknown> = {}) => ({ enabled: true, target });
    const entry: AcceptEntry = {
      kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], convertToPdf: false, onFail: 'reject',
      preflight: { enabled: true, profile: { sections: {
        text: { enabled: true, rules: { 'text.min_font_size_pt': rule({ pt: 5 }), 'text.min_stroke_width_pt': rule() } },
        color: { enabled: true, rules: { 'color.overprint': rule(), 'color.rich_black_text': rule(), 'color.max_ink_coverage': rule({ percent: 300 }), 'color.icc_whitelist': rule({ allowed: ['ISO Coated v2 (ECI)'] }) } },
        structure: { enabled: true, rules: { 'struct.pdfa': rule() } },
      } } },
    };
    const en = evaluateFile(f, entry, {}, { locale: 'en' });
    expect(en.map((x) => [x.checkId, x.outcome])).toEqual([
      ['text.min_font_size_pt', 'warn'],
      ['text.min_stroke_width_pt', 'warn'],
      ['color.overprint', 'warn'],
      ['color.rich_black_text', 'warn'],
      ['color.max_ink_coverage', 'skipped'],
      ['color.icc_whitelist', 'pass'],
      ['struct.pdfa', 'fail'],
    ]);
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      const { messages } = (await import(`../../messages/${locale}.ts`)) as { messages: Record<string, string> };
      registerCatalogue(locale, messages);
      const other = evaluateFile(f, entry, {}, { locale });
      expect(other.map((x) => x.outcome), locale).toEqual(en.map((x) => x.outcome));
      other.forEach((x, i) => expect(x.message, `${locale} ${x.checkId}`).not.toBe(en[i]!.message));
    }
  });
});

import { PDFName, PDFString } from 'pdf-lib';
