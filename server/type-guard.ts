// Type mismatches the sniffer lets through on purpose. The shared sniffer (workers/sniff.ts)
// accepts a PDF header anywhere in the first 1 KB, as Acrobat does; on the server that would let a
// file that is really something else (an HTML page, a script) with `%PDF-` somewhere near its top
// be stored and handed to the shop as a PDF. The server wants the header first: only a byte-order
// mark or whitespace may come before it.
import type { SniffResult } from '../src/core/types';

const PDF = Buffer.from('%PDF-', 'latin1');

/** Why a sniffed type is not what the file is, or null when it is. */
export function typeMismatch(head: Uint8Array, sniffed: SniffResult): string | null {
  if (sniffed.format !== 'pdf') return null;
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  if (bytes.subarray(start, start + PDF.length).equals(PDF)) return null;
  const before = bytes.subarray(start, Math.min(bytes.length, start + 64)).toString('latin1');
  const looksLike = /^<(!doctype|html|head|body|script|svg|\?xml)/i.test(before) ? 'an HTML or XML document' : 'another kind of file';
  return `The file is ${looksLike} with a PDF header inside it, not a PDF.`;
}
