// The practice run of the PDF reader (warm-up.ts): a real PDF read by the real reader through the
// Blob path, stopped as soon as a customer's file needs the worker, never handed to pdf.js.
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it, vi } from 'vitest';
import { blobSource, type ByteSource } from '../source';
import { inspectPdf, type InspectPdfOptions } from './inspect-pdf';
import { WARM_UP_PAGES, warmUpPdf, warmUpPdfReader } from './warm-up';

describe('the PDF reader warm-up', () => {
  it('practises on a PDF that other tools open and our reader reads like a customer\'s print file', async () => {
    const file = await warmUpPdf();
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(WARM_UP_PAGES);

    const facts = await inspectPdf(blobSource(file), { pdfjs: null });
    const pdf = facts.pdf!;
    expect(pdf.pageCount).toBe(WARM_UP_PAGES);
    expect(pdf.warnings.filter((w) => w.startsWith('object reader'))).toEqual([]); // no fallback: the reader itself
    expect(pdf.pages[0]!.widthMm).toBeCloseTo(210, 0); // the trim, inside a 3 mm bleed
    expect(pdf.images).toHaveLength(WARM_UP_PAGES);
    expect(pdf.images[0]).toMatchObject({ widthPx: 2480, heightPx: 3508, colorSpace: 'DeviceCMYK' });
    expect(pdf.fonts).toEqual([expect.objectContaining({ embedded: true, subset: true, pages: expect.arrayContaining([1, WARM_UP_PAGES]) })]);
    expect(pdf.colorSpaces).toContain('DeviceCMYK');
    // a small part of the file, as for a dropped file: the photos' samples are not read
    expect(facts.bytesRead).toBeGreaterThan(0);
    expect(facts.bytesRead).toBeLessThan(file.size * 0.2);
  });

  it('runs the reader to the end through the Blob path, never with pdf.js', async () => {
    const seen: { blob: boolean; pdfjs: unknown }[] = [];
    const inspect = (src: ByteSource, opts?: InspectPdfOptions) => {
      seen.push({ blob: !!src.blob && src.roundTrips === true, pdfjs: opts?.pdfjs });
      return inspectPdf(src, opts);
    };
    expect(await warmUpPdfReader(inspect, new AbortController().signal)).toBe(true);
    expect(seen).toEqual([{ blob: true, pdfjs: null }]);
  });

  it('stops at its next read or stream once a file arrives, and says it did not finish', async () => {
    for (const at of [1, 2, 3, 5, 8]) {
      const stop = new AbortController();
      let asked = 0;
      let reachedAfterStop = 0;
      // a customer's file arrives after the reader's `at`-th read or slice: count what still gets through
      const arrive = () => {
        if (stop.signal.aborted) reachedAfterStop++;
        if (++asked === at) stop.abort();
      };
      const inspect = (src: ByteSource, opts?: InspectPdfOptions) => {
        const blob = src.blob!;
        const watched: ByteSource = {
          ...src,
          get bytesRead() {
            return src.bytesRead;
          },
          read: (offset, length) => src.read(offset, length).then((b) => (arrive(), b)),
          blob: { size: blob.size, slice: (a?: number, b?: number) => { const s = blob.slice(a, b); arrive(); return s; } } as Blob,
        };
        return inspectPdf(watched, opts);
      };
      expect(await warmUpPdfReader(inspect, stop.signal)).toBe(false);
      expect(reachedAfterStop).toBe(0);
    }
  });

  it('does nothing when stopped before it starts', async () => {
    const stop = new AbortController();
    stop.abort();
    let called = false;
    const inspect = (src: ByteSource, opts?: InspectPdfOptions) => ((called = true), inspectPdf(src, opts));
    expect(await warmUpPdfReader(inspect, stop.signal)).toBe(false);
    expect(called).toBe(false);
  });

  it('practises once per worker, however often the customer points at the drop zone, and never once a file has arrived', async () => {
    vi.resetModules(); // a fresh worker
    const fresh = await import('./warm-up');
    let calls = 0;
    const inspect = (src: ByteSource, opts?: InspectPdfOptions) => (calls++, inspectPdf(src, opts));
    const noFile = new AbortController().signal;
    expect(await fresh.practise(noFile, inspect)).toBe(true);
    expect(await fresh.practise(noFile, inspect)).toBe(false);
    expect(calls).toBe(1);

    vi.resetModules(); // another worker, whose first file came before the pointer did
    const other = await import('./warm-up');
    const arrived = new AbortController();
    arrived.abort();
    expect(await other.practise(arrived.signal, inspect)).toBe(false);
    expect(await other.practise(arrived.signal, inspect)).toBe(false); // nor later: the signal stays aborted
    expect(calls).toBe(1);
  });
});
