import { describe, expect, it } from 'vitest';
import { buildIntakeFacts, buildStatusPayload } from './payload';
import type { FileFacts, PdfFacts, PdfPageFacts, RasterFacts } from './types';

const job = { status: 'partial', terminal: true, canProceed: true, review: false } as const;

describe('buildStatusPayload', () => {
  it('has exactly the reference shape', () => {
    const payload = buildStatusPayload({
      job,
      workflowId: 'wf_1',
      jobId: 'job_1',
      files: [
        { id: 'a', name: 'front.pdf', state: 'done', outcome: 'warn', fileRef: 'up_1' },
        { id: 'b', name: 'back.pdf', state: 'uploading', outcome: 'pass' },
        { id: 'c', name: 'photo.zip', state: 'refused', outcome: null },
        { id: 'd', name: 'broken.pdf', state: 'error', outcome: null, outputRef: null },
      ],
    });
    expect(payload).toEqual({
      status: 'partial',
      terminal: true,
      canProceed: true,
      workflowId: 'wf_1',
      jobId: 'job_1',
      files: [
        { id: 'a', name: 'front.pdf', fileRef: 'up_1', outcome: 'warn', status: 'done', outputRef: null },
        { id: 'b', name: 'back.pdf', fileRef: null, outcome: null, status: 'uploading', outputRef: null },
        { id: 'c', name: 'photo.zip', fileRef: null, outcome: 'fail', status: 'refused', outputRef: null },
        { id: 'd', name: 'broken.pdf', fileRef: null, outcome: 'fail', status: 'error', outputRef: null },
      ],
    });
    expect('facts' in payload).toBe(false);
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  });

  it('uses null ids in preview mode and carries facts when given', () => {
    const facts = buildIntakeFacts([]);
    const payload = buildStatusPayload({ job: { status: 'idle', terminal: false, canProceed: false, review: false }, files: [], facts });
    expect(payload).toMatchObject({ status: 'idle', workflowId: null, jobId: null, files: [], facts });
  });
});

const page = (n: number, widthMm: number, heightMm: number, isColor?: boolean | null): PdfPageFacts => ({
  page: n,
  boxes: { media: [0, 0, 0, 0], crop: [0, 0, 0, 0] },
  rotate: 0,
  userUnit: 1,
  widthMm,
  heightMm,
  ...(isColor !== undefined ? { isColor } : {}),
});

const pdf = (pages: PdfPageFacts[], extra: Partial<PdfFacts> = {}): FileFacts => ({
  format: 'pdf',
  kind: 'pdf',
  mime: 'application/pdf',
  size: 1,
  pdf: {
    version: '1.7', pageCount: pages.length, pages, fonts: [], images: [], colorSpaces: [], spotColors: [], outputIntents: [],
    usesTransparency: false, annotations: [], formFields: 0, xfa: false, javascript: false, attachments: 0, layers: 0,
    signatures: 0, encrypted: false, permissions: null, warnings: [], reader: 'object-reader', ...extra,
  },
});

const raster = (r: Partial<RasterFacts>): FileFacts => ({
  format: 'jpeg',
  kind: 'raster',
  mime: 'image/jpeg',
  size: 1,
  raster: { widthPx: 1000, heightPx: 600, orientation: 1, displayWidthPx: 1000, displayHeightPx: 600, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false, ...r },
});

describe('buildIntakeFacts', () => {
  it('describes a PDF by its first page and counts colour and mono pages', () => {
    const facts = buildIntakeFacts([
      { id: 'a', name: 'card.pdf', facts: pdf([page(1, 85.000001, 55, true), page(2, 85, 55, false)], { spotColors: ['Pantone 186 C'], usesTransparency: true }) },
    ]);
    expect(facts.files[0]).toEqual({
      id: 'a', name: 'card.pdf', pageCount: 2, width: 85, height: 55, area: 4675, orientation: 'landscape',
      spotColorCount: 1, usesTransparency: true, colorPageCount: 1, monoPageCount: 1,
    });
  });

  it('leaves colour counts unknown when any page is unknown', () => {
    const f = buildIntakeFacts([{ id: 'a', name: 'x.pdf', facts: pdf([page(1, 210, 297, true), page(2, 210, 297, null)]) }]).files[0]!;
    expect(f).toMatchObject({ pageCount: 2, orientation: 'portrait', colorPageCount: null, monoPageCount: null });
  });

  it('sizes an image from its stated resolution, or not at all', () => {
    const [withDpi, without] = buildIntakeFacts([
      { id: 'a', name: 'a.jpg', facts: raster({ widthMm: 84.666, heightMm: 50.8, dpiX: 300, dpiY: 300 }) },
      { id: 'b', name: 'b.png', facts: raster({ colorMode: 'gray', hasAlpha: true, displayWidthPx: 600, displayHeightPx: 1000 }) },
    ]).files;
    expect(withDpi).toMatchObject({ pageCount: 1, width: 84.67, height: 50.8, area: 4301.24, orientation: 'landscape', colorPageCount: 1, monoPageCount: 0, usesTransparency: false });
    expect(without).toMatchObject({ pageCount: 1, width: null, height: null, area: null, orientation: 'portrait', colorPageCount: 0, monoPageCount: 1, usesTransparency: true });
  });

  it('takes the aggregate size from the first file only and sums pages', () => {
    const facts = buildIntakeFacts([
      { id: 'a', name: 'a.pdf', facts: pdf([page(1, 100, 100, true)]) },
      { id: 'b', name: 'b.pdf', facts: pdf([page(1, 200, 300, false), page(2, 200, 300, false)]) },
      { id: 'c', name: 'c.jpg', facts: raster({}) },
    ]);
    expect(facts.files[0]!.orientation).toBe('square');
    expect(facts.aggregate).toEqual({ fileCount: 3, pageCount: 4, colorPageCount: 2, monoPageCount: 2, width: 100, height: 100, area: 10000 });
  });

  it('keeps files that are not inspected yet, with unknown values', () => {
    const facts = buildIntakeFacts([{ id: 'a', name: 'pending.pdf', facts: null }]);
    expect(facts.files[0]).toMatchObject({ id: 'a', pageCount: null, width: null, orientation: null });
    expect(facts.aggregate).toEqual({ fileCount: 1, pageCount: 0, colorPageCount: 0, monoPageCount: 0, width: null, height: null, area: null });
  });

  it('is empty for no files', () => {
    expect(buildIntakeFacts([])).toEqual({ files: [], aggregate: { fileCount: 0, pageCount: 0, colorPageCount: 0, monoPageCount: 0, width: null, height: null, area: null } });
  });
});
