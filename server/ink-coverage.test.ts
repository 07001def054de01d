// Total ink from a real Ghostscript rendering of PDFs made with pdf-lib: a 400 % CMYK patch, a
// 150 % page, an RGB page (converted by Ghostscript), the location of the patch, and a clear
// error (never a number) when rendering is impossible.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePdf } from '../workers/pdf/test-fixtures';
import { inspectPdf } from '../workers/pdf/inspect-pdf';
import { bytesSource } from '../workers/source';
import { measureInkCoverage } from './ink-coverage';

const dir = mkdtempSync(join(tmpdir(), 'ink-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function file(bytes: Uint8Array) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, bytes);
  return { path, pdf: (await inspectPdf(bytesSource(bytes), { pdfjs: null })).pdf! };
}

describe('measureInkCoverage (Ghostscript pamcmyk32)', () => {
  it('finds the 400 % patch and where it is, and 150 % on the second page', async () => {
    const { path, pdf } = await file(
      await makePdf([
        { size: [400, 300], content: '0.1 0.1 0.1 0.1 k 0 0 400 300 re f 1 1 1 1 k 100 100 72 72 re f' },
        { size: [400, 300], content: '0.5 0.5 0.5 0 k 0 0 400 300 re f' },
      ]),
    );
    const ink = await measureInkCoverage(path, pdf.pages);
    expect('error' in ink).toBe(false);
    if ('error' in ink) return;
    expect(ink.pagesMeasured).toBe(2);
    expect(ink.pages[0]!.maxPercent).toBeGreaterThan(395);
    const r = ink.pages[0]!.rect!;
    for (const [got, want] of [[r[0], 100], [r[1], 100], [r[2], 172], [r[3], 172]] as const) expect(Math.abs(got - want)).toBeLessThan(4);
    expect(Math.abs(ink.pages[1]!.maxPercent - 150)).toBeLessThan(3);
  });

  it('caps the pages it renders and says how many', async () => {
    const { path, pdf } = await file(await makePdf([1, 2, 3].map(() => ({ size: [100, 100] as [number, number], content: '0 0 0 1 k 0 0 10 10 re f' }))));
    const ink = await measureInkCoverage(path, pdf.pages, { maxPages: 2 });
    expect(ink).toMatchObject({ pagesMeasured: 2, pages: [{ page: 1, maxPercent: 100 }, { page: 2, maxPercent: 100 }] });
  });

  it('reports an error, not a number, when Ghostscript is missing or the file cannot be rendered', async () => {
    const { path, pdf } = await file(await makePdf([{ content: '0 0 0 1 k 0 0 10 10 re f' }]));
    expect(await measureInkCoverage(path, pdf.pages, { gs: '/nonexistent/gs' })).toEqual({ error: 'Ghostscript (gs) is not installed' });
    const junk = join(dir, 'junk.pdf');
    writeFileSync(junk, '%PDF-1.4\nnot really\n');
    expect(await measureInkCoverage(junk, pdf.pages)).toHaveProperty('error');
  });
});
