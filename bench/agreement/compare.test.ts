// The agreement test must fail when our facts and the reference tools differ: a real pdfinfo /
// pdfimages run on a file made here, compared once with our real facts (agrees) and once with a
// trim box or an image resolution off by a little (disagrees, with the file and both values).
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePdf, imageXObject } from '../../workers/pdf/test-fixtures';
import { inspectPdf } from '../../workers/pdf/inspect-pdf';
import { bytesSource } from '../../workers/source';
import type { PdfFacts } from '../../src/core/types';
import { compareImages, compareInfo } from './compare-pdf';
import { Tally } from './tally';
import { parsePdfimages, parsePdfinfo, run } from './tools';

const dir = mkdtempSync(join(tmpdir(), 'agreement-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const havePoppler = (await run('pdfinfo', ['-v'])).stderr.includes('pdfinfo');

async function sample(): Promise<{ path: string; pdf: PdfFacts }> {
  const bytes = await makePdf([
    {
      size: [600, 800],
      trim: [20, 20, 580, 780],
      bleed: [10, 10, 590, 790],
      rotate: 90,
      content: 'q 144 0 0 72 100 100 cm /Im0 Do Q',
      resources: (doc) => ({ XObject: { Im0: imageXObject(doc, 600, 300, { colorSpace: 'DeviceCMYK' }) } }),
    },
  ]);
  const path = join(dir, 'sample.pdf');
  writeFileSync(path, bytes);
  return { path, pdf: (await inspectPdf(bytesSource(bytes), { pdfjs: null })).pdf! };
}

describe.skipIf(!havePoppler)('agreement with poppler', () => {
  it('agrees on boxes, rotation and placed ppi of a file with distinct trim and bleed', async () => {
    const { path, pdf } = await sample();
    const t = new Tally();
    compareInfo(t, 'sample', pdf, parsePdfinfo((await run('pdfinfo', ['-box', '-f', '1', '-l', '9', path])).stdout));
    compareImages(t, 'sample', pdf, parsePdfimages((await run('pdfimages', ['-list', path])).stdout), new Set(), false);
    expect(t.failures()).toEqual([]);
    expect(t.facts.get('pdf page boxes')).toMatchObject({ compared: 1, agreed: 1 });
    expect(t.facts.get('pdf page rotation')).toMatchObject({ compared: 1, agreed: 1 });
    expect(t.facts.get('pdf image ppi')).toMatchObject({ compared: 1, agreed: 1 });
  });

  it('fails, naming the file and both values, when a box or a resolution is off', async () => {
    const { path, pdf } = await sample();
    pdf.pages[0]!.boxes.trim = [20, 20, 579, 780];
    pdf.images[0]!.ppiX = 301;
    const t = new Tally();
    compareInfo(t, 'sample', pdf, parsePdfinfo((await run('pdfinfo', ['-box', '-f', '1', '-l', '9', path])).stdout));
    compareImages(t, 'sample', pdf, parsePdfimages((await run('pdfimages', ['-list', path])).stdout), new Set(), false);
    expect(t.failures()).toEqual(['pdf page boxes', 'pdf image ppi']);
    expect(t.report()).toContain('DISAGREE pdf page boxes: sample p1');
    expect(t.report()).toMatch(/DISAGREE pdf image ppi: .*ours \[301,300\] · reference \[300,300\]/);
  });
});
