// The Comlink entry of the inspection worker. The main thread only hands over a Blob (a cheap
// reference, no copy); every byte is read here through range reads.
import * as Comlink from 'comlink';
import type { FileFacts, SniffResult } from '../src/core/types';
import { blobSource } from './source';
import { inspectSource, sniffSource } from './inspect';
import { makeThumbnail, type ThumbnailReply } from './thumbnail';
import { backgroundInWorker } from './raster/background-decode';
import type { RenderPageOptions, RenderPageReply } from './render-page';
import { loadPdfInspector, loadRenderPage } from './parts';

/** Errors cross the worker boundary as plain data with a stable code. */
export interface InspectFailure {
  code: string;
  message: string;
}

export type InspectReply = { ok: true; facts: FileFacts } | { ok: false; error: InspectFailure };

function toFailure(err: unknown): InspectFailure {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'inspect_failed';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { code, message };
}

/**
 * Aborted by the first customer's file this worker gets: the PDF reader's practice (see `warm`)
 * stops at its next read then, and never starts after it. (Previews come after their file's sniff,
 * in a worker of their own that is never warmed: inspector-pool.ts.)
 */
const fileArrived = new AbortController();

export const inspectorApi = {
  async sniff(blob: Blob): Promise<SniffResult> {
    fileArrived.abort();
    return sniffSource(blobSource(blob));
  },
  async inspect(blob: Blob, sniffed: SniffResult): Promise<InspectReply> {
    fileArrived.abort();
    const src = blobSource(blob);
    try {
      const facts = await inspectSource(src, sniffed);
      if (facts.raster) {
        // raster.background_removal needs pixels: a small downscale, decoded here off the main thread
        const background = await backgroundInWorker(blob, facts);
        if (background) facts.raster.background = background;
      }
      return { ok: true, facts: { ...facts, bytesRead: src.bytesRead } };
    } catch (err) {
      return { ok: false, error: toFailure(err) };
    }
  },
  /**
   * Sniff the file again here and inspect it when its kind is one of `kinds` (null when it is not,
   * or when it cannot be read: the sniff asked beside this reports why). The pool asks this right
   * behind `sniff`, without waiting for the sniff's answer to reach the page: the inspection starts
   * one round trip to the page earlier (inspector-pool.ts, `check`).
   */
  async sniffAndInspect(blob: Blob, kinds: readonly string[]): Promise<InspectReply | null> {
    fileArrived.abort();
    let sniffed: SniffResult;
    try {
      sniffed = await sniffSource(blobSource(blob)); // its own source: bytesRead counts the inspection only
    } catch {
      return null;
    }
    if (!sniffed.kind || !kinds.includes(sniffed.kind)) return null;
    return inspectorApi.inspect(blob, sniffed);
  },
  /**
   * The customer is about to choose a file (pointer on the drop zone, focus, a drag): load the PDF
   * reader now, while the picker is open, so that the first PDF does not wait for its download and
   * compile; then, until a file arrives, let it practise once on a small made-up PDF (pdf/warm-up.ts:
   * V8 compiles the reader's hot code then rather than during the customer's first file). Never
   * throws: a reader that cannot load is reported by the inspection that needs it.
   */
  async warm(kinds: readonly string[]): Promise<void> {
    if (!kinds.includes('pdf')) return;
    const reader = await loadPdfInspector().catch(() => null);
    await reader?.practise(fileArrived.signal);
  },
  /** A small WebP preview (long side ≤ maxPx); never throws, never decodes a file over the pixel cap. */
  async thumbnail(blob: Blob, maxPx: number): Promise<ThumbnailReply> {
    return makeThumbnail(blob, maxPx);
  },
  /** A soft-proof image of one PDF page (1-based) with trim, bleed, safe-zone and finding marks; never throws. */
  async renderPage(blob: Blob, pageNumber: number, opts: RenderPageOptions): Promise<RenderPageReply> {
    const { renderPage } = await loadRenderPage(); // pdf.js loads only when a proof is wanted
    return renderPage(blob, pageNumber, opts);
  },
};

export type InspectorApi = typeof inspectorApi;

Comlink.expose(inspectorApi);
