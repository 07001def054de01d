// Range reads through a small cache of aligned blocks. PDF objects are mostly tiny and often
// neighbours, so reading 1 KB blocks once keeps both the number of Blob.slice calls and the share
// of the file read low. Large reads (stream data) bypass the cache.
import type { ByteSource } from '../source';

const BLOCK = 1024;
const MAX_BLOCKS = 4096; // 4 MB of cached blocks
const DIRECT_READ = 16 * BLOCK;

export class BlockReader {
  private blocks = new Map<number, Uint8Array>();

  constructor(readonly src: ByteSource) {}

  get size(): number {
    return this.src.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.src.size));
    const end = Math.max(start, Math.min(this.src.size, offset + length));
    if (end - start >= DIRECT_READ) return this.src.read(start, end - start);
    const first = Math.floor(start / BLOCK);
    const last = Math.floor((end - 1) / BLOCK);
    if (end === start) return new Uint8Array(0);
    // fetch missing blocks in contiguous runs, one read per run
    let b = first;
    while (b <= last) {
      if (this.blocks.has(b)) {
        b++;
        continue;
      }
      let runEnd = b;
      while (runEnd + 1 <= last && !this.blocks.has(runEnd + 1)) runEnd++;
      const data = await this.src.read(b * BLOCK, (runEnd - b + 1) * BLOCK);
      for (let k = b; k <= runEnd; k++) {
        this.remember(k, data.slice((k - b) * BLOCK, (k - b + 1) * BLOCK));
      }
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

  private remember(index: number, data: Uint8Array): void {
    if (this.blocks.size >= MAX_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest !== undefined) this.blocks.delete(oldest);
    }
    this.blocks.set(index, data);
  }
}
