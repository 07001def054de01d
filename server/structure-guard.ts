// Early refusal of absurd structures (issue 12.3): before a stored PDF goes to an inspection
// worker, its cross-reference size (the trailer's /Size: how many objects the file declares) is
// read from two small ranges, the file's tail and the cross-reference section startxref points at.
// A file declaring more objects than any print file needs is refused at once ("file_too_complex")
// instead of holding a worker and hundreds of MB for a minute. Costs two reads of a few KB.
import fs from 'node:fs/promises';
import { describeFormat } from '../workers/sniff';
import { VerifierClosedError, type FileVerifier } from './verify';
import type { Inspection } from '../src/core/judge';

const TAIL = 64 * 1024;
const AT_XREF = 4 * 1024;

async function readRange(handle: fs.FileHandle, position: number, length: number): Promise<string> {
  const buffer = Buffer.alloc(Math.max(0, length));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, Math.max(0, position));
  return buffer.subarray(0, bytesRead).toString('latin1');
}

const lastSize = (text: string): number | null => {
  const all = [...text.matchAll(/\/Size\s+(\d{1,12})/g)];
  return all.length ? Number(all[all.length - 1]![1]) : null;
};

/** The object count a PDF declares (its last trailer's /Size), or null when it is not found. */
export async function declaredPdfObjects(path: string): Promise<number | null> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    if ((await readRange(handle, 0, 5)) !== '%PDF-') return null;
    const tail = await readRange(handle, size - TAIL, TAIL);
    // Classic trailer (after the xref table, before startxref) sits in the tail.
    const trailer = tail.lastIndexOf('trailer');
    if (trailer >= 0) {
      const n = lastSize(tail.slice(trailer));
      if (n !== null) return n;
    }
    // A cross-reference stream: its dictionary is where startxref points.
    const m = /startxref\s+(\d{1,15})\s*%%EOF\s*$/.exec(tail.slice(-1024)) ?? [...tail.matchAll(/startxref\s+(\d{1,15})/g)].pop() ?? null;
    if (!m) return null;
    const offset = Number(m[1]);
    if (offset >= size) return null;
    return lastSize(await readRange(handle, offset, AT_XREF));
  } finally {
    await handle.close();
  }
}

export interface StructureLimits {
  /** Most objects a PDF may declare. */
  maxPdfObjects: number;
}

/** A verifier that refuses absurd structures before they reach `inner`'s workers. */
export function guardStructure(inner: FileVerifier, limits: StructureLimits): FileVerifier {
  let closed = false;
  return {
    async inspect(path, owner, measures) {
      if (closed) throw new VerifierClosedError();
      const objects = await declaredPdfObjects(path).catch(() => null);
      // Closed while reading: the file stays 'verifying' and is queued again at the next start.
      if (closed) throw new VerifierClosedError();
      if (objects !== null && objects > limits.maxPdfObjects) {
        const refused: Inspection = {
          ok: false, sniffed: describeFormat('pdf'),
          error: { code: 'file_too_complex', message: `The PDF declares ${objects} objects; the server inspects files of at most ${limits.maxPdfObjects}.` },
        };
        return refused;
      }
      return inner.inspect(path, owner, measures);
    },
    // Places in the pool are the inner pool's (a file waits for one before its bytes are read).
    ...(inner.admit ? { admit: (owner: string, size: number) => inner.admit!(owner, size) } : {}),
    close: () => {
      closed = true;
      return inner.close();
    },
  };
}
