// Encrypted PDFs with only an owner password open without one, so a printer prints them: they are
// decrypted for inspection (issue 13, point 7) and their fonts, images and output intents are
// checked like any other file's. Files are encrypted by qpdf (an independent writer: Debian's
// `qpdf`, installed by .ci/run) with RC4 40/128, AES-128 and AES-256 (R5 and R6), with and
// without object streams. A user password still gives pdf_encrypted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFile } from '../../src/core/evaluate';
import type { AcceptEntry, PdfFacts } from '../../src/core/types';
import { bytesSource } from '../source';
import { PdfInspectError } from './errors';
import { inspectPdf } from './inspect-pdf';
import { imageXObject, makePdf, standardFont } from './test-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'fc-encrypt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A page with a font that is not embedded, a 300 ppi CMYK image and a FOGRA39 output intent. */
async function plain(): Promise<Uint8Array> {
  return makePdf([{ size: [300, 300], content: 'q 72 0 0 72 10 10 cm /Im Do Q BT /F1 12 Tf 100 100 Td (Hello) Tj ET' }], {
    async build(doc) {
      doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: await standardFont(doc, StandardFonts.Helvetica) }, XObject: { Im: imageXObject(doc, 300, 300, { colorSpace: 'DeviceCMYK' }) } }));
      const intent = doc.context.obj({ Type: 'OutputIntent', S: 'GTS_PDFX', OutputConditionIdentifier: PDFString.of('FOGRA39'), Info: PDFString.of('Coated FOGRA39') });
      doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([intent]));
    },
  });
}

let n = 0;
/** qpdf [--encrypt <user> <owner> <bits> [options] --]; no user password: the same file, unencrypted (the baseline). */
function qpdf(input: Uint8Array, user: string | null, args: string[], objectStreams: 'generate' | 'disable' = 'disable'): Uint8Array {
  const inPath = join(dir, `in-${++n}.pdf`);
  const outPath = join(dir, `out-${n}.pdf`);
  writeFileSync(inPath, input);
  const encrypt = user === null ? [] : ['--encrypt', user, 'owner-secret', ...args, '--'];
  execFileSync('qpdf', ['--allow-weak-crypto', `--object-streams=${objectStreams}`, ...encrypt, inPath, outPath]);
  return new Uint8Array(readFileSync(outPath));
}

async function facts(bytes: Uint8Array): Promise<PdfFacts> {
  return (await inspectPdf(bytesSource(bytes), { pdfjs: null })).pdf!;
}

const METHODS: [string, string[]][] = [
  ['RC4 40-bit (R2)', ['40']],
  ['RC4 128-bit (R3)', ['128', '--use-aes=n']],
  ['AES-128 (R4)', ['128', '--use-aes=y']],
  ['AES-256 (R5)', ['256', '--force-R5']],
  ['AES-256 (R6)', ['256']],
];

describe('owner-password-only files are decrypted for inspection', () => {
  it.each(METHODS.flatMap(([name, args]) => [[name, args, 'disable'] as const, [`${name}, object streams`, args, 'generate'] as const]))('%s: fonts, images and output intents as in the plain file', async (_name, args, objectStreams) => {
    const base = await facts(qpdf(await plain(), null, [], objectStreams));
    const bytes = qpdf(await plain(), '', [...args], objectStreams);
    const f = await facts(bytes);
    expect(f.reader).toBe('object-reader');
    expect(f.encrypted).toBe(true);
    expect(f.incomplete).toBeUndefined();
    expect(f.fonts).toEqual(base.fonts);
    expect(f.fonts).toEqual([expect.objectContaining({ name: 'Helvetica', embedded: false })]);
    expect(f.images).toEqual(base.images);
    expect(f.images[0]).toMatchObject({ widthPx: 300, ppiX: 300, colorSpace: 'DeviceCMYK' });
    expect(f.outputIntents).toEqual([{ subtype: 'GTS_PDFX', identifier: 'FOGRA39', info: 'Coated FOGRA39' }]);
    expect(f.permissions).toMatchObject({ print: true });
  });

  it('the missing font of an encrypted file is found and rejected, like in any other file', async () => {
    const bytes = qpdf(await plain(), '', ['256']);
    const file = await inspectPdf(bytesSource(bytes), { pdfjs: null });
    const entry: AcceptEntry = { kind: 'pdf', mimeTypes: [], extensions: [], convertToPdf: false, onFail: 'reject', preflight: { enabled: true, profile: { sections: { text: { enabled: true, rules: { 'text.fonts_embedded': { enabled: true, severity: 'reject', target: {} } } } } } } };
    const f = evaluateFile(file, entry).find((x) => x.checkId === 'text.fonts_embedded')!;
    expect(f).toMatchObject({ outcome: 'fail', messageKey: 'text.fonts_embedded.fail' });
    expect(f.message).toMatch(/Helvetica/);
  });

  it.each(METHODS)('%s with a user password: pdf_encrypted, told without pdf.js', async (_name, args) => {
    const bytes = qpdf(await plain(), 'user-secret', [...args]);
    const err = await inspectPdf(bytesSource(bytes), { pdfjs: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfInspectError);
    expect((err as PdfInspectError).code).toBe('pdf_encrypted');
  });
});
