// Range reads through a cache of aligned blocks. PDF objects are mostly tiny and often
// neighbours, so reading 1 KB blocks once keeps both the number of reads and the share of the
// file read low. Large reads (stream data) bypass the cache.
//
// Where each read is a round trip (Blob.slice in a browser worker: about 1 ms each, whatever its
// size up to megabytes), the document tells the reader ahead which ranges it will want (every
// object's head, once the cross-reference is known): `prefetch` coalesces them (neighbours, and
// ranges whose gap is small enough that reading through is cheaper than another round trip),
// reads the pieces a few at a time in parallel, and `read` waits for a piece in flight and hands
// out a view of it instead of reading again. The bytes handed out are the same either way; only
// the reads differ.
import type { ByteSource } from '../source';

const BLOCK = 1024;
const MAX_BLOCKS = 4096; // 4 MB of cached blocks when nothing is read ahead
const DIRECT_READ = 16 * BLOCK;

/** How far ahead a reader whose reads are round trips may go. */
export interface PrefetchPolicy {
  /** Ranges closer than this are read as one (the gap read through): cheaper than another round trip. */
  mergeGap: number;
  /** One read covers at most this much, so that pieces go in parallel and arrive early. */
  maxPiece: number;
  /** Reads in flight at once. */
  concurrency: number;
  /** Bytes read ahead in all (the cache holds them until used). */
  maxBytes: number;
}

/**
 * Measured on the 1,000-page and 200-page benchmark PDFs in Chromium (bench/quick-browser.ts): a
 * Blob read costs about as much as 200 KB of transfer, and 6–8 reads in flight overlap well.
 */
export const BLOB_PREFETCH: PrefetchPolicy = {
  mergeGap: 64 * BLOCK,
  maxPiece: 4 * 1024 * BLOCK,
  concurrency: 6,
  maxBytes: 48 * 1024 * BLOCK,
};

/** A range read ahead: its bytes once they have arrived (null while in flight or after a failed read). */
interface Piece {
  start: number;
  end: number;
  data: Uint8Array | null;
  arrived: Promise<void>;
}

export class BlockReader {
  private blocks = new Map<number, Uint8Array>();
  /** Ranges read ahead, sorted by start, never overlapping: a read inside one is a view of it. */
  private pieces: Piece[] = [];

  constructor(readonly src: ByteSource) {}

  get size(): number {
    return this.src.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.src.size));
    const end = Math.max(start, Math.min(this.src.size, offset + length));
    if (end === start) return new Uint8Array(0);
    // inside a range read ahead: wait for it, hand out a view (no copy, no new read)
    const piece = this.pieceAt(start);
    if (piece && end <= piece.end) {
      await piece.arrived;
      if (piece.data && piece.data.length >= end - piece.start) return piece.data.subarray(start - piece.start, end - piece.start);
    }
    if (end - start >= DIRECT_READ) return this.src.read(start, end - start);
    const first = Math.floor(start / BLOCK);
    const last = Math.floor((end - 1) / BLOCK);
    // fetch missing blocks in contiguous runs, one read per run
    let b = first;
    while (b <= last) {
      if (this.blocks.has(b) || (await this.fromPieces(b))) {
        b++;
        continue;
      }
      let runEnd = b;
      while (runEnd + 1 <= last && !this.blocks.has(runEnd + 1)) runEnd++;
      const data = await this.src.read(b * BLOCK, (runEnd - b + 1) * BLOCK);
      for (let k = b; k <= runEnd; k++) this.remember(k, data.slice((k - b) * BLOCK, (k - b + 1) * BLOCK));
      b = runEnd + 1;
    }
    const out = new Uint8Array(end - start);
    for (let k = first; k <= last; k++) {
      const block = this.blocks.get(k) ?? new Uint8Array(0);
      const blockStart = k * BLOCK;
      const from = Math.max(start, blockStart);
      const to = Math.min(end, blockStart + block.length);
      if (to > from) out.set(block.subarray(from - blockStart, to - blockStart), from - start);
    }
    return out;
  }

  /**
   * Read `ranges` ([start, end) byte offsets, any order) ahead of need, as `policy` allows. Resolves
   * when every piece has arrived or failed; a failed piece is read again on demand (never throws).
   */
  prefetch(ranges: Iterable<readonly [number, number]>, policy: PrefetchPolicy): Promise<void> {
    const size = this.src.size;
    const spans: [number, number][] = [];
    for (const [s, e] of ranges) {
      const start = Math.max(0, Math.min(Math.floor(s), size));
      const end = Math.min(size, Math.ceil(e));
      if (end > start) spans.push([start, end]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [a, b] of spans) {
      const prev = merged[merged.length - 1];
      if (prev && a <= prev[1] + policy.mergeGap) prev[1] = Math.max(prev[1], b);
      else merged.push([a, b]);
    }
    // cut into pieces of at most maxPiece, leaving out what an earlier prefetch covers, within maxBytes
    const fresh: Piece[] = [];
    const jobs: (() => Promise<void>)[] = [];
    let budget = policy.maxBytes;
    for (const [a, b] of merged) {
      let at = a;
      while (at < b && budget > 0) {
        const covering = this.pieceAt(at);
        if (covering) {
          at = covering.end;
          continue;
        }
        const nextPiece = this.pieces.find((p) => p.start > at);
        const end = Math.min(b, at + policy.maxPiece, at + budget, nextPiece?.start ?? Infinity);
        let settle!: () => void;
        const piece: Piece = { start: at, end, data: null, arrived: new Promise<void>((resolve) => (settle = resolve)) };
        fresh.push(piece);
        jobs.push(async () => {
          try {
            piece.data = await this.src.read(piece.start, piece.end - piece.start);
          } catch {
            // read again on demand, where the error is reported
          }
          settle();
        });
        budget -= end - at;
        at = end;
      }
    }
    if (fresh.length === 0) return Promise.resolve();
    this.pieces = [...this.pieces, ...fresh].sort((x, y) => x.start - y.start);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) await jobs[next++]!();
    };
    return Promise.all(Array.from({ length: Math.min(policy.concurrency, jobs.length) }, worker)).then(() => undefined);
  }

  /** The piece read ahead that holds byte `offset`, if any (binary search). */
  private pieceAt(offset: number): Piece | undefined {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.pieces[mid]!;
      if (offset < p.start) hi = mid - 1;
      else if (offset >= p.end) lo = mid + 1;
      else return p;
    }
    return undefined;
  }

  /** Cache block `index` from a piece read ahead, when one holds all of it; says whether it did. */
  private async fromPieces(index: number): Promise<boolean> {
    const start = index * BLOCK;
    const end = Math.min(this.src.size, start + BLOCK);
    const piece = this.pieceAt(start);
    if (!piece || end > piece.end) return false;
    await piece.arrived;
    if (!piece.data || piece.data.length < end - piece.start) return false;
    this.remember(index, piece.data.subarray(start - piece.start, end - piece.start));
    return true;
  }

  private remember(index: number, data: Uint8Array): void {
    if (this.blocks.size >= MAX_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest !== undefined) this.blocks.delete(oldest);
    }
    this.blocks.set(index, data);
  }
}
