// How many bytes the next PATCH carries, from the throughput the last ones measured (issue 18.3).
// Pure: no timers, no I/O; the upload task feeds it each chunk's size and duration.
//
// Small first (the server confirms the first bytes within a second even on a slow line), then
// each chunk aims to take about `targetMs`: long enough that the per-request cost (a round trip,
// the server opening the upload) is a small share, short enough that a cut connection or a pause
// costs little. Growth is at most ×4 per chunk so one lucky burst does not jump to the cap; a
// chunk that ran well past the target, or failed, shrinks the next one at once.

export interface ChunkSizeOptions {
  /** First chunk. Default 1 MiB. */
  initial?: number;
  /** Never smaller. Default 256 KiB. */
  min?: number;
  /** Never larger: also the most one cut connection can make the client send again. Default 64 MiB. */
  max?: number;
  /** Aim for chunks that take this long. Default 2000 ms. */
  targetMs?: number;
}

export interface ChunkSizer {
  /** Bytes for the next PATCH. */
  readonly size: number;
  /** A chunk of `bytes` was confirmed by the server `ms` after it started. */
  chunkDone(bytes: number, ms: number): void;
  /** A chunk failed (cut, stalled, refused): the next one is half as large. */
  chunkFailed(): void;
}

const MiB = 1024 * 1024;
const MAX_GROWTH = 4;

export function createChunkSizer(opts: ChunkSizeOptions = {}): ChunkSizer {
  const max = Math.max(1, opts.max ?? 64 * MiB);
  const min = Math.min(max, Math.max(1, opts.min ?? 256 * 1024));
  const targetMs = Math.max(1, opts.targetMs ?? 2000);
  const clamp = (n: number) => Math.round(Math.min(max, Math.max(min, n)));
  let size = clamp(opts.initial ?? MiB);
  return {
    get size() {
      return size;
    },
    chunkDone(bytes, ms) {
      if (!(bytes > 0)) return;
      // a chunk confirmed "at once" (clock granularity) says only that the line is fast
      const wanted = (bytes / Math.max(ms, 1)) * targetMs;
      size = clamp(Math.min(wanted, size * MAX_GROWTH));
    },
    chunkFailed() {
      size = clamp(size / 2);
    },
  };
}
