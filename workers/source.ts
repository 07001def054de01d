// Random-access byte sources for inspectors. Inspectors read only what they need (headers,
// xref tables, page dictionaries) through this interface, never the whole file.
// Browser: a Blob sliced lazily. Node (server, CLI, tests): see source-node.ts.

export interface ByteSource {
  readonly size: number;
  /** Read up to `length` bytes at `offset` (fewer at end of file). Counts bytes in `bytesRead`. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Total bytes handed out so far, for budgets and benchmarks. */
  readonly bytesRead: number;
  /**
   * Each read is a round trip that costs about as much as a few hundred KB of data (Blob.slice in
   * a browser worker), so readers should batch and read ahead. Unset: reads are cheap (a file).
   */
  readonly roundTrips?: boolean;
  /**
   * The bytes of [offset, offset + length) as one sequential stream (fewer at end of file), also
   * counted in `bytesRead`. Where reads are round trips this is the cheap way to read much: one
   * round trip, and the first bytes arrive while the rest is still being read (see block-reader.ts).
   */
  stream?(offset: number, length: number, signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /**
   * The Blob behind a browser source. The PDF reader streams ranges of it (pdf/blob-stream.ts,
   * kept out of the worker's first file) and adds what it streamed to `bytesRead` by `counted`.
   */
  readonly blob?: Blob;
  counted?(bytes: number): void;
}

export function blobSource(blob: Blob): ByteSource {
  let bytesRead = 0;
  return {
    size: blob.size,
    roundTrips: true,
    get bytesRead() {
      return bytesRead;
    },
    async read(offset, length) {
      const start = Math.max(0, Math.min(offset, blob.size));
      const end = Math.max(start, Math.min(blob.size, offset + length));
      const buf = new Uint8Array(await blob.slice(start, end).arrayBuffer());
      bytesRead += buf.length;
      return buf;
    },
    blob,
    counted(n) {
      bytesRead += n;
    },
  };
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  let bytesRead = 0;
  return {
    size: bytes.length,
    get bytesRead() {
      return bytesRead;
    },
    async read(offset, length) {
      const start = Math.max(0, Math.min(offset, bytes.length));
      const end = Math.max(start, Math.min(bytes.length, offset + length));
      bytesRead += end - start;
      return bytes.subarray(start, end);
    },
  };
}
