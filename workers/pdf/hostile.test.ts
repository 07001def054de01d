// Files that break naive PDF readers, each known from real uploads. Every one must give facts or
// a PdfInspectError with a clear code — never a crash, never a hang.
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../source';
import { PdfInspectError } from './errors';
import { Lexer } from './lexer';
import { PdfDict, PdfName, PdfString } from './objects';
import { inspectPdf } from './inspect-pdf';
import { encryptedPdf } from './test-encryption';
import { makePdf, minimalPageObjects, rawPdf } from './test-fixtures';

const reader = { pdfjs: null } as const;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof PdfInspectError) return e.code;
    throw e;
  }
}

describe('tokenizer', () => {
  it('reads null, names with #xx escapes, hex strings and references', () => {
    const lx = new Lexer(new TextEncoder().encode('<< /A null /B#20C 1 0 R /D <48 65 6C6C6f> /E [1 -2.5 .5 --3] >>'));
    const d = lx.parse() as PdfDict;
    expect(d.get('A')).toBeNull();
    expect(d.has('B C')).toBe(true);
    expect((d.get('D') as PdfString).text).toBe('Hello');
    expect(d.get('E')).toEqual([1, -2.5, 0.5, -3]);
  });

  it('keeps nested and escaped parentheses, and survives an unbalanced string', () => {
    const lx = new Lexer(new TextEncoder().encode('(a (b) \\) c) (unterminated ( string'));
    expect((lx.parse() as PdfString).text).toBe('a (b) ) c');
    expect((lx.parse() as PdfString).text).toBe('unterminated ( string');
    expect(lx.ranOut).toBe(true);
  });

  it('closes a dictionary that is missing its >> at endobj', () => {
    const lx = new Lexer(new TextEncoder().encode('<< /Type /Page /Rotate 90 endobj'));
    const d = lx.parse() as PdfDict;
    expect((d.get('Type') as PdfName).name).toBe('Page');
    expect(d.get('Rotate')).toBe(90);
  });

  it('does not overflow the stack on absurd nesting', () => {
    const lx = new Lexer(new TextEncoder().encode('['.repeat(100_000) + ']'.repeat(100_000)));
    expect(Array.isArray(lx.parse())).toBe(true);
  });
});

describe('damaged files', () => {
  it('reads a page whose dictionary uses the null keyword', async () => {
    const f = await inspectPdf(bytesSource(rawPdf(minimalPageObjects('/Annots null /CropBox null /Rotate null'))), reader);
    expect(f.pdf!.pageCount).toBe(1);
    expect(f.pdf!.pages[0]!.boxes.crop).toEqual([0, 0, 200, 100]);
  });

  it('treats /FontFile3 null as a font that is not embedded', async () => {
    const objs = minimalPageObjects('/Resources << /Font << /F1 5 0 R >> >>', 'BT /F1 9 Tf (x) Tj ET');
    objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Frutiger /FontDescriptor 6 0 R >>', '<< /Type /FontDescriptor /FontName /Frutiger /FontFile3 null >>');
    const f = await inspectPdf(bytesSource(rawPdf(objs)), reader);
    expect(f.pdf!.fonts).toMatchObject([{ name: 'Frutiger', embedded: false }]);
  });

  it('survives unbalanced parentheses in the Info dictionary and in content', async () => {
    const objs = minimalPageObjects('', 'BT (abc Tj ET 1 0 0 rg');
    objs.push('<< /Title (Broken ( title /Producer (x) >>');
    const f = await inspectPdf(bytesSource(rawPdf(objs, { trailer: '/Info 5 0 R' })), reader);
    expect(f.pdf!.pageCount).toBe(1);
  });

  it('survives a string left open at the end of the file', async () => {
    const good = rawPdf(minimalPageObjects());
    const cut = new Uint8Array([...good.subarray(0, good.length - 40), ...new TextEncoder().encode('(never closed \\')]);
    expect(['ok', 'pdf_truncated', 'pdf_corrupt']).toContain(await codeOf(inspectPdf(bytesSource(cut), reader)));
  });

  it('caps an absurd xref subsection count', async () => {
    const bytes = rawPdf(minimalPageObjects(), {
      xref: (offs) => `xref\n0 999999999\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`,
    });
    const f = await inspectPdf(bytesSource(bytes), reader);
    expect(f.pdf!.pageCount).toBe(1);
    expect(f.pdf!.warnings.join()).toMatch(/absurd/);
  });

  it('ignores negative offsets and rebuilds the cross-reference', async () => {
    const bytes = rawPdf(minimalPageObjects(), {
      xref: (offs) => `xref\n0 5\n0000000000 65535 f \n-000000015 00000 n \n${offs.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`,
    });
    const f = await inspectPdf(bytesSource(bytes), reader);
    expect(f.pdf!.pageCount).toBe(1);
    expect(f.pdf!.warnings.join()).toMatch(/rebuilt/);
  });

  it('rebuilds a cross-reference whose offsets are all wrong', async () => {
    const bytes = rawPdf(minimalPageObjects(), { xref: (offs) => `xref\n0 5\n0000000000 65535 f \n${offs.map((o) => `${String(o + 7).padStart(10, '0')} 00000 n \n`).join('')}` });
    const f = await inspectPdf(bytesSource(bytes), reader);
    expect(f.pdf!.pageCount).toBe(1);
    expect(f.pdf!.warnings.some((w) => w.includes('rebuilt'))).toBe(true);
  });

  it('rebuilds when startxref points nowhere, and stops a /Prev loop', async () => {
    const bad = rawPdf(minimalPageObjects(), { tail: '' });
    const text = new TextDecoder('latin1').decode(bad).replace(/startxref\n\d+/, 'startxref\n99999999');
    const f = await inspectPdf(bytesSource(Uint8Array.from(text, (c) => c.charCodeAt(0))), reader);
    expect(f.pdf!.pageCount).toBe(1);
    const looping = rawPdf(minimalPageObjects(), { trailer: '/Prev 0' });
    const xrefAt = new TextDecoder('latin1').decode(looping).lastIndexOf('xref\n0 5');
    const loopText = new TextDecoder('latin1').decode(looping).replace('/Prev 0', `/Prev ${xrefAt}`);
    const g = await inspectPdf(bytesSource(Uint8Array.from(loopText, (c) => c.charCodeAt(0))), reader);
    expect(g.pdf!.pageCount).toBe(1);
  });

  it('reads a file with junk before %PDF- whose offsets count from the header, without a full scan', async () => {
    const junk = new TextEncoder().encode('X-Mailer: something\r\n\r\n');
    const bytes = new Uint8Array([...junk, ...rawPdf(minimalPageObjects())]);
    const src = bytesSource(bytes);
    const f = await inspectPdf(src, reader);
    expect(f.pdf!.pageCount).toBe(1);
    expect(f.pdf!.warnings).toEqual([]);
  });

  it('rebuilds a pdf-lib file (xref stream, object streams) whose startxref is wrong', async () => {
    const good = await makePdf([{}, {}, {}]);
    const text = new TextDecoder('latin1').decode(good).replace(/startxref\s+\d+/, 'startxref\n12');
    const f = await inspectPdf(bytesSource(Uint8Array.from(text, (c) => c.charCodeAt(0))), reader);
    expect(f.pdf!.pageCount).toBe(3);
  });

  it('refuses an empty file, a non-PDF and a truncated PDF with clear codes', async () => {
    expect(await codeOf(inspectPdf(bytesSource(new Uint8Array(0)), reader))).toBe('pdf_empty');
    expect(await codeOf(inspectPdf(bytesSource(new TextEncoder().encode('PK\u0003\u0004 this is a zip file renamed to .pdf')), reader))).toBe('not_a_pdf');
    const good = await makePdf([{}]);
    expect(await codeOf(inspectPdf(bytesSource(good.subarray(0, 200)), reader))).toBe('pdf_truncated');
  });

  it('still reads a PDF cut after its page objects', async () => {
    const good = rawPdf(minimalPageObjects());
    const cut = good.subarray(0, new TextDecoder('latin1').decode(good).indexOf('xref'));
    const f = await inspectPdf(bytesSource(cut), reader);
    expect(f.pdf!.pageCount).toBe(1);
    expect(f.pdf!.warnings.join()).toMatch(/truncated/);
  });
});

describe('content bombs', () => {
  it('a form that draws three copies of the next, 24 levels deep, finishes quickly and says so', async () => {
    const objs = minimalPageObjects('/Resources << /XObject << /F0 5 0 R >> >>', '/F0 Do');
    for (let i = 0; i < 24; i++) {
      const body = `q /F Do Q q 0.5 0 0 0.5 0 0 cm /F Do Q /F Do`;
      const res = i < 23 ? `/Resources << /XObject << /F ${6 + i} 0 R >> >>` : '';
      objs.push(`<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] ${res} /Length ${body.length} >>\nstream\n${body}\nendstream`);
    }
    const t = Date.now();
    const f = await inspectPdf(bytesSource(rawPdf(objs)), reader);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(f.pdf!.pages[0]!.contentIncomplete).toBe(true);
    expect(f.pdf!.warnings.join()).toMatch(/partly inspected/);
  });

  it('a chain of JavaScript-free actions that fans out is visited once per action', async () => {
    const objs = minimalPageObjects();
    objs[0] = '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>';
    for (let i = 0; i < 30; i++) objs.push(`<< /S /GoTo /D [3 0 R /Fit] /Next [${6 + i} 0 R ${6 + i} 0 R ${6 + i} 0 R] >>`);
    objs.push('<< /S /JavaScript /JS (app.alert(1)) >>');
    const f = await inspectPdf(bytesSource(rawPdf(objs)), reader);
    expect(f.pdf!.javascript).toBe(true);
  });
});

describe('encryption', () => {
  it('reports an owner-password-only file as facts: encrypted, printing not allowed, and decrypted for inspection', async () => {
    const f = await inspectPdf(bytesSource(encryptedPdf(false, -8)));
    expect(f.pdf).toMatchObject({ encrypted: true, permissions: { print: false, modify: true, copy: true }, pageCount: 1, reader: 'object-reader' });
    expect(f.pdf!.incomplete ?? []).not.toContainEqual(expect.objectContaining({ reason: 'encrypted' }));
  });

  it('an encryption handler the reader does not implement leaves the content "not inspected", listed as incomplete', async () => {
    const objs = minimalPageObjects();
    objs.push('<< /Filter /Adobe.PubSec /V 4 /R 4 /SubFilter /adbe.pkcs7.s5 >>');
    const f = await inspectPdf(bytesSource(rawPdf(objs, { trailer: '/Encrypt 5 0 R /ID [<00> <00>]' })), reader);
    expect(f.pdf!.incomplete).toContainEqual({ area: 'fonts', reason: 'encrypted', pages: [1] });
    expect(f.pdf!.warnings.join()).toMatch(/encrypted \(security handler Adobe.PubSec\)/);
  });

  it('refuses a file that needs a user password with pdf_encrypted', async () => {
    expect(await codeOf(inspectPdf(bytesSource(encryptedPdf(true, -4))))).toBe('pdf_encrypted');
  });

  it('without pdf.js too: the Standard handler itself tells that a user password is needed', async () => {
    expect(await codeOf(inspectPdf(bytesSource(encryptedPdf(true, -4)), reader))).toBe('pdf_encrypted');
  });
});
