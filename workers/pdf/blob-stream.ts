// Ranges of a Blob as one sequential stream: what the PDF reader's read-ahead uses in the browser,
// where every ranged read is a round trip (see block-reader.ts).
// Lives in the PDF part, not in source.ts, so the worker's first file stays small.

/** The stream is handed out in pieces of this size, cut at its multiples (the reader's pieces). */
export const STREAM_CHUNK = 256 * 1024;

/** Blob streams being read, held so that nothing collects one while a read of it is pending. */
const streaming = new Set<ReadableStream<Uint8Array>>();

/**
 * The bytes of `ranges` ([start, end) offsets, in file order) of `blob`, one after another, as
 * one stream, each chunk passed to `counted` as it arrives. Several ranges are one Blob made of
 * the slices: measured in a Chromium worker, the 201 object heads of the 200-page benchmark PDF
 * (704 KB) arrive in 97–132 ms this way against 187–211 ms as 201 reads 6 at a time (each read is
 * a round trip the browser serves one after another). Chunks are cut at the ends of the ranges
 * and at multiples of STREAM_CHUNK inside them. A chunk is valid only until the next one is asked
 * for: the stream is read into one buffer, again and again (the caller copies what it keeps).
 */
export async function* blobRanges(blob: Blob, ranges: readonly (readonly [number, number])[], counted: (bytes: number) => void, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const spans = ranges.map(([a, b]) => {
    const start = Math.max(0, Math.min(a, blob.size));
    return [start, Math.max(start, Math.min(blob.size, b))] as const;
  }).filter(([a, b]) => b > a);
  if (spans.length === 0) return;
  const source = spans.length === 1 ? blob.slice(spans[0]![0], spans[0]![1]) : new Blob(spans.map(([a, b]) => blob.slice(a, b)));
  const body = source.stream();
  streaming.add(body); // held until done (see `streaming`)
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = body.getReader({ mode: 'byob' });
  } catch {
    // not a byte stream here: take the chunks as they come
  }
  // an abort ends a pending read (done), whatever the stream is waiting for
  const cancel = () => void (byob ?? body).cancel().catch(() => {});
  signal?.addEventListener('abort', cancel, { once: true });
  if (!byob) {
    const reader = body.getReader();
    signal?.removeEventListener('abort', cancel);
    signal?.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        counted(value.length);
        yield value;
      }
    } finally {
      streaming.delete(body);
      reader.cancel().catch(() => {});
    }
  }
  // Read into one buffer of our own, again and again, cut at multiples of STREAM_CHUNK. Measured
  // in a Chromium worker (2026-12-07, the 29 MB 1,000-page benchmark PDF, medians of 7): 47–54 ms
  // into one reused buffer, 129–145 ms into a fresh buffer per chunk (64 KB, 256 KB or 1 MB alike)
  // and 121–132 ms as one arrayBuffer(): writing into memory the worker had not used yet costs
  // more than the read. The stream's own chunks (each a fresh allocation and copy) took 265–360 ms.
  let complete = false;
  let buffer = new ArrayBuffer(STREAM_CHUNK);
  try {
    for (const [start, end] of spans) {
      for (let at = start; at < end; ) {
        const size = Math.min(end, (Math.floor(at / STREAM_CHUNK) + 1) * STREAM_CHUNK) - at;
        let filled = 0;
        while (filled < size) {
          const { done, value } = await byob.read(new Uint8Array(buffer, filled, size - filled));
          if (!value) break; // cancelled
          buffer = value.buffer; // the view's buffer was handed to the stream and back
          if (done) break;
          filled += value.byteLength;
        }
        if (filled === 0) return;
        counted(filled);
        yield new Uint8Array(buffer, 0, filled);
        if (filled < size) return; // the blob ended early
        at += filled;
      }
    }
    complete = true;
  } finally {
    streaming.delete(body);
    // cancelling a stream read to its end cost about 0.5 ms each in a Chromium worker (profiled)
    if (!complete) byob.cancel().catch(() => {});
  }
}
