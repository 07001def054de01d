// The adaptive chunk size: small first, growing toward ~2 s per chunk while the line keeps up,
// shrinking at once on a slow chunk or a failure, within its bounds.
import { describe, expect, it } from 'vitest';
import { createChunkSizer } from './chunk-size';

const MiB = 1024 * 1024;

describe('createChunkSizer', () => {
  it('starts at 1 MiB and grows at most ×4 per chunk toward the 64 MiB cap on a fast line', () => {
    const s = createChunkSizer();
    const sizes = [s.size];
    for (let i = 0; i < 6; i++) {
      s.chunkDone(s.size, 10); // loopback: every chunk confirmed within 10 ms
      sizes.push(s.size);
    }
    expect(sizes.map((n) => n / MiB)).toEqual([1, 4, 16, 64, 64, 64, 64]);
  });

  it('settles near 2 s of data per chunk on a 20 Mbit/s line', () => {
    const s = createChunkSizer();
    const bytesPerMs = 20e6 / 8 / 1000;
    for (let i = 0; i < 6; i++) s.chunkDone(s.size, s.size / bytesPerMs);
    expect(s.size).toBeGreaterThan(4.5e6);
    expect(s.size).toBeLessThan(5.5e6);
  });

  it('shrinks at once when the line slows down, and halves after a failure', () => {
    const s = createChunkSizer();
    for (let i = 0; i < 4; i++) s.chunkDone(s.size, 10);
    expect(s.size).toBe(64 * MiB);
    s.chunkDone(64 * MiB, 64_000); // 1 MiB/s now
    expect(s.size).toBe(2 * MiB);
    s.chunkFailed();
    expect(s.size).toBe(1 * MiB);
    for (let i = 0; i < 10; i++) s.chunkFailed();
    expect(s.size).toBe(256 * 1024); // the floor
  });

  it('a fixed size stays fixed', () => {
    const s = createChunkSizer({ initial: 8 * MiB, min: 8 * MiB, max: 8 * MiB });
    s.chunkDone(8 * MiB, 1);
    s.chunkFailed();
    expect(s.size).toBe(8 * MiB);
  });
});
