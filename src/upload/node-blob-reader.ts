// tus-js-client's Node build only reads Buffers and streams. Browsers hand us Blobs/Files, and our
// Node tests do too, so in Node we read a Blob chunk by chunk into Buffers. Browsers keep
// tus-js-client's own reader, which sends Blob slices without copying.

interface FileSourceLike {
  size: number;
  slice(start: number, end: number): Promise<{ value: unknown; done: boolean }>;
  close(): void;
}

export const nodeBlobFileReader = {
  async openFile(input: Blob, _chunkSize: number): Promise<FileSourceLike> {
    return {
      size: input.size,
      async slice(start, end) {
        const bytes = Buffer.from(await input.slice(start, end).arrayBuffer());
        // tus' Node HTTP stack sets Content-Length from `size`.
        (bytes as Buffer & { size: number }).size = bytes.length;
        return { value: bytes, done: end >= input.size };
      },
      close() {},
    };
  },
};

export function needsNodeBlobReader(file: unknown): boolean {
  const isNode =
    typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof window === 'undefined';
  return isNode && typeof Blob !== 'undefined' && file instanceof Blob;
}
