// Node byte source over a file on disk (server verification, CLI, tests). Not bundled for browsers.
import { open } from 'node:fs/promises';
import type { ByteSource } from './source';

export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

export async function fileSource(path: string): Promise<FileByteSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  let bytesRead = 0;
  return {
    size,
    get bytesRead() {
      return bytesRead;
    },
    async read(offset, length) {
      const start = Math.max(0, Math.min(offset, size));
      const len = Math.max(0, Math.min(size, offset + length) - start);
      const buf = new Uint8Array(len);
      if (len > 0) await handle.read(buf, 0, len, start);
      bytesRead += len;
      return buf;
    },
    close: () => handle.close(),
  };
}
