// Which objects read ahead are images: the read-ahead does not hold their samples (pieces.ts).
import { indexOfBytes } from './lexer';
import { latin1 } from './objects';

/** `/Subtype /Image` in a dictionary, the name ending at a delimiter (not `/ImageB`, a colour space name). */
const IMAGE_SUBTYPE = /\/Subtype\s*\/Image[\s/<>[\]()%]/;

/**
 * Whether `head` (the first bytes of an object read ahead) is an image XObject whose dictionary
 * ends within it: the bytes after it are samples, which no check reads (they are not kept where a
 * Blob streams through them, see pieces.ts). Anything else (a dictionary cut short, other objects)
 * says no, which only costs memory. A wrong yes would cost a read on demand, never a wrong byte.
 */
export function imageHead(head: Uint8Array): boolean {
  const end = indexOfBytes(head, 'stream'); // only the dictionary becomes a string (a thousand heads a file)
  return end > 0 && IMAGE_SUBTYPE.test(latin1(head, 0, end));
}
