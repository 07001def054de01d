// Buffered, bounded random access over a ByteSource. Every inspector reads through this so that
// (a) small header reads share one block instead of many tiny Blob slices, and (b) no header can
// make us allocate or read more than a fixed cap, whatever it claims.
import type { ByteSource } from '../source';
import { InspectError } from './errors';

/** Largest single read for an ordinary header segment. */
export const MAX_SEGMENT = 1 << 20; // 1 MB
/** ICC profiles may be larger than ordinary segments. */
export const MAX_ICC = 4 << 20; // 4 MB

export class ByteReader {
  private cacheStart = 0;
  private cache: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly src: ByteSource,
    private readonly blockSize = 16 * 1024,
  ) {}

  get size(): number {
    return this.src.size;
  }

  /** Exactly `length` bytes at `offset`; throws 'truncated' when the file is shorter. */
  async bytes(offset: number, length: number, what: string, cap = MAX_SEGMENT): Promise<Uint8Array> {
    if (!Number.isFinite(offset) || offset < 0 || !Number.isFinite(length) || length < 0) {
      throw new InspectError('corrupt_image', `${what}: impossible position ${offset}+${length}`);
    }
    if (length > cap) throw new InspectError('header_too_large', `${what} claims ${length} bytes (limit ${cap})`);
    if (offset + length > this.src.size) {
      throw new InspectError('truncated', `The file ends before its ${what} (needs ${offset + length} bytes, has ${this.src.size})`);
    }
    const inCache = offset >= this.cacheStart && offset + length <= this.cacheStart + this.cache.length;
    if (!inCache) {
      const cacheEnd = this.cacheStart + this.cache.length;
      if (offset >= this.cacheStart && offset < cacheEnd) {
        // Starts in the cached block: fetch only what is missing, never the same bytes twice.
        const want = Math.min(Math.max(offset + length - cacheEnd, this.blockSize), this.src.size - cacheEnd);
        const more = await this.src.read(cacheEnd, want);
        const kept = this.cache.subarray(offset - this.cacheStart);
        const merged = new Uint8Array(kept.length + more.length);
        merged.set(kept);
        merged.set(more, kept.length);
        this.cache = merged;
      } else {
        const want = Math.min(Math.max(length, this.blockSize), this.src.size - offset);
        this.cache = await this.src.read(offset, want);
      }
      this.cacheStart = offset;
      if (this.cache.length < length) throw new InspectError('truncated', `Could not read the ${what}`);
    }
    const start = offset - this.cacheStart;
    return this.cache.subarray(start, start + length);
  }

  /** Like bytes() but returns what exists (possibly fewer bytes) at the end of the file. */
  async upTo(offset: number, length: number, what: string): Promise<Uint8Array> {
    const available = Math.max(0, Math.min(length, this.src.size - offset));
    return this.bytes(offset, available, what);
  }
}

export function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function ascii(b: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Compare bytes with an ASCII/latin-1 signature at a position. */
export function startsWith(b: Uint8Array, sig: string, at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig.charCodeAt(i)) return false;
  return true;
}
