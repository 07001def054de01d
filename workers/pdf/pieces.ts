// The pieces a read-ahead fills (block-reader.ts) and how a stream fills them. A piece is a range
// of the file whose bytes arrive later; the reader hands out views of it once it has arrived. A
// piece left without bytes (a failed or stalled stream, or bytes deliberately not kept) is read
// again on demand, where an error is reported: the bytes handed out are the same either way.

type Span = readonly [number, number];

/** A range read ahead: its bytes once they have arrived (null while in flight, after a failed read, or not kept). */
export interface Piece {
  start: number;
  end: number;
  data: Uint8Array | null;
  arrived: Promise<void>;
  settle: () => void;
  /**
   * Set on the bytes between a range asked for and the next one (streamed through because
   * another round trip costs more): that range. Whether they are kept depends on its bytes
   * (`StreamFill.skipAfter`).
   */
  after?: Span;
}

export function newPiece(start: number, end: number, after?: Span): Piece {
  let settle!: () => void;
  const arrived = new Promise<void>((resolve) => (settle = resolve));
  return { start, end, data: null, arrived, settle, ...(after ? { after } : {}) };
}

/** [a, b) cut at multiples of `step`, so that the first bytes of a long range are handed out early. */
export function cutAt(a: number, b: number, step: number, after?: Span): Piece[] {
  const pieces: Piece[] = [];
  for (let at = a; at < b; ) {
    const end = Math.min(b, (Math.floor(at / step) + 1) * step);
    pieces.push(newPiece(at, end, after));
    at = end;
  }
  return pieces;
}

/**
 * The pieces of `segment` (a stretch streamed as one): the parts inside the ranges asked for
 * (`asked`, sorted by start) and, between them, the parts streamed through, each marked with the
 * range just before it (when one ends there), all cut at multiples of `step`.
 */
export function piecesOfSegment([a, b]: Span, asked: readonly Span[], step: number): Piece[] {
  const out: Piece[] = [];
  let at = a;
  let before: Span | undefined; // the range asked for that ends at `at`, if one does
  // binary search: the first range that ends after a
  let k = 0;
  for (let hi = asked.length; k < hi; ) {
    const mid = (k + hi) >> 1;
    if (asked[mid]![1] <= a) k = mid + 1;
    else hi = mid;
  }
  while (k < asked.length && asked[k]![0] < b) {
    // one stretch: this range and the ranges touching it
    const s = Math.max(asked[k]![0], at);
    let last = asked[k]!;
    for (k++; k < asked.length && asked[k]![0] <= last[1]; k++) if (asked[k]![1] >= last[1]) last = asked[k]!;
    const end = Math.min(last[1], b);
    if (end <= at) continue;
    if (s > at) out.push(...cutAt(at, s, step, before));
    out.push(...cutAt(s, end, step));
    at = end;
    before = last[1] <= b ? last : undefined;
  }
  if (at < b) out.push(...cutAt(at, b, step, before));
  return out;
}

export interface StreamFill {
  /** Given up when the stream hands out nothing for this long. */
  stallMs: number;
  /**
   * The bytes of a range asked for (as far as they are read ahead), or null: true when the bytes
   * after it, up to the next range, need not be kept.
   */
  skipAfter?: (range: Uint8Array) => boolean;
  /** The bytes of [start, end) if pieces already hold them all (the range before a stretch streamed through). */
  held(start: number, end: number): Uint8Array | null;
}

/**
 * Measured in a Chromium worker (2026-12-07, the 1,000-page benchmark PDF, 29 MB streamed, about
 * 2 MB of it asked for, the rest its pages' photos): streamed into fresh memory the bytes take
 * 129–145 ms to arrive, into one reused buffer 47–54 ms. So the stream reuses one buffer, every
 * piece keeps a copy of its bytes, and the bytes after an image's dictionary (its samples, which no
 * check reads) are passed over: only what the reader may ask for is written into new memory.
 *
 * Fill `pieces` (consecutive, in file order) from one stream of their bytes whose chunks are valid
 * only until the next is asked for, settling each as soon as it is whole. Never throws, never waits
 * on a stalled stream: a piece the stream did not fill (an error, a file that shrank, a stall) keeps
 * no data and is read again on demand, where an error is reported.
 */
export function fillCopies(pieces: Piece[], open: (signal: AbortSignal) => AsyncIterable<Uint8Array>, fill: StreamFill): Promise<void> {
  let i = 0;
  let buf: Uint8Array | null = null;
  let filled = 0;
  let keep = true;
  let decided: Span | undefined; // the range whose bytes decided `keep` for the stretch after it
  let keepAfterDecided = true;
  const keeps = (p: Piece): boolean => {
    if (!p.after || !fill.skipAfter) return true;
    if (p.after !== decided) {
      decided = p.after;
      const range = fill.held(p.after[0], p.after[1]);
      keepAfterDecided = !range || !fill.skipAfter(range);
    }
    return keepAfterDecided;
  };
  return pump(pieces, open, fill.stallMs, (value) => {
    let at = 0;
    while (at < value.length && i < pieces.length) {
      const p = pieces[i]!;
      const want = p.end - p.start;
      if (filled === 0) keep = keeps(p);
      const n = Math.min(want - filled, value.length - at);
      if (keep) {
        buf ??= new Uint8Array(want);
        buf.set(value.subarray(at, at + n), filled);
      }
      filled += n;
      at += n;
      if (filled < want) continue;
      p.data = keep ? buf : null;
      buf = null;
      filled = 0;
      p.settle();
      i++;
    }
    return i;
  });
}

/**
 * Fill consecutive `pieces` from one stream of their bytes whose chunks are the stream's own (a
 * source's `stream`, never reused), settling each as soon as it is whole; a chunk that holds a
 * whole piece is handed out as a view, without a copy. Never throws, never waits on a stalled
 * stream (as fillCopies).
 */
export function fillViews(pieces: Piece[], open: (signal: AbortSignal) => AsyncIterable<Uint8Array>, stallMs: number): Promise<void> {
  let i = 0;
  let buf: Uint8Array | null = null;
  let filled = 0;
  return pump(pieces, open, stallMs, (value) => {
    let at = 0;
    while (at < value.length && i < pieces.length) {
      const p = pieces[i]!;
      const want = p.end - p.start;
      if (filled === 0 && value.length - at >= want) {
        p.data = value.subarray(at, at + want);
        at += want;
      } else {
        buf ??= new Uint8Array(want);
        const n = Math.min(want - filled, value.length - at);
        buf.set(value.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled < want) continue;
        p.data = buf;
        buf = null;
        filled = 0;
      }
      p.settle();
      i++;
    }
    return i;
  });
}

/**
 * Hand each chunk of one stream to `take`, which fills pieces from it and answers how many are
 * done, until all are. Never throws, never waits on a stalled stream (nothing handed out for
 * `stallMs`); the pieces not filled then settle without data and are read again on demand.
 */
async function pump(pieces: Piece[], open: (signal: AbortSignal) => AsyncIterable<Uint8Array>, stallMs: number, take: (chunk: Uint8Array) => number): Promise<void> {
  let done = 0;
  const ctl = new AbortController();
  const chunks = open(ctl.signal)[Symbol.asyncIterator]();
  try {
    while (done < pieces.length) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), stallMs)));
      const next = await Promise.race([chunks.next(), stalled]);
      clearTimeout(timer);
      if (!next || next.done) break;
      done = take(next.value);
    }
  } catch {
    // the pieces not filled are read again on demand
  } finally {
    ctl.abort(); // ends a read still pending
    chunks.return?.().catch(() => {});
  }
  for (; done < pieces.length; done++) pieces[done]!.settle();
}
