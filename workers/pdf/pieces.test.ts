// How a stream fills the pieces read ahead: the bytes asked for are kept whole and right even when
// the stream reuses one buffer for every chunk; the bytes after a range that `skipAfter` rules out
// are passed over (not held, read again on demand).
import { describe, expect, it } from 'vitest';
import { fillCopies, piecesOfSegment, type Piece } from './pieces';

const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 13 + (i >> 8)) & 255);

/** A stream of [a, b) in chunks of `chunk` bytes, every chunk written into the same buffer. */
function reusingStream(a: number, b: number, chunk: number) {
  return async function* (): AsyncGenerator<Uint8Array> {
    const buffer = new Uint8Array(chunk);
    for (let at = a; at < b; at += chunk) {
      const n = Math.min(chunk, b - at);
      buffer.set(bytes.subarray(at, at + n));
      yield buffer.subarray(0, n);
    }
  };
}

function held(pieces: Piece[]) {
  return (start: number, end: number): Uint8Array | null => {
    const p = pieces.find((x) => x.start <= start && end <= x.end && x.data);
    return p ? p.data!.subarray(start - p.start, end - p.start) : null;
  };
}

describe('piecesOfSegment', () => {
  it('cuts a segment into the ranges asked for (touching ones together) and the stretches between, each marked with the range before it', () => {
    const asked = [[0, 100], [100, 200], [5_000, 5_500], [9_000, 9_100]] as const;
    const pieces = piecesOfSegment([0, 10_000], asked, 4096);
    expect(pieces.map((p) => [p.start, p.end, p.after ?? null])).toEqual([
      [0, 200, null],
      [200, 4096, asked[1]],
      [4096, 5_000, asked[1]],
      [5_000, 5_500, null],
      [5_500, 8192, asked[2]],
      [8192, 9_000, asked[2]],
      [9_000, 9_100, null],
      [9_100, 10_000, asked[3]],
    ]);
  });
});

describe('fillCopies', () => {
  it('keeps a copy of every piece from a stream that reuses one buffer: the bytes are those of the file', async () => {
    const pieces = piecesOfSegment([1_000, 60_000], [[1_000, 3_000], [20_000, 21_000]], 8192);
    await fillCopies(pieces, reusingStream(1_000, 60_000, 3_000), { stallMs: 1000, held: held(pieces) });
    for (const p of pieces) expect(p.data).toEqual(bytes.subarray(p.start, p.end));
  });

  it('passes over the bytes after a range that skipAfter rules out (an image\'s samples), keeps the others', async () => {
    const asked = [[0, 500], [30_000, 30_500], [60_000, 60_100]] as const;
    const pieces = piecesOfSegment([0, 70_000], asked, 16_384);
    // the range at 30,000 is "an image": what follows it up to 60,000 is not kept
    const skipAfter = (range: Uint8Array) => range[0] === bytes[30_000] && range.length === 500;
    let settled = 0;
    for (const p of pieces) void p.arrived.then(() => settled++);
    await fillCopies(pieces, reusingStream(0, 70_000, 4_000), { stallMs: 1000, skipAfter, held: held(pieces) });
    await Promise.resolve();
    expect(settled).toBe(pieces.length); // nothing waits on a piece passed over
    for (const p of pieces) {
      const skipped = p.start >= 30_500 && p.end <= 60_000;
      expect(p.data, `${p.start}…${p.end}`).toEqual(skipped ? null : bytes.subarray(p.start, p.end));
    }
  });
});
