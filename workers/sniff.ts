// Content sniffing: what a file is, from its first bytes only. The name and the browser's MIME
// type are never trusted (a PNG renamed to .pdf is a PNG). Pure: runs in browser, worker and Node.
import type { FileFormat, SniffResult } from '../src/core/types';
import { FORMATS, formatByMagic } from '../src/core/formats';

/** How many head bytes callers should read before calling sniff(). */
export const SNIFF_BYTES = 4096;

/** Acrobat accepts a PDF header anywhere in the first 1024 bytes, so we do too. */
const PDF_HEADER_WINDOW = 1024;

/** The canonical description of a format (kind, MIME type, extensions), from the format table. */
export function describeFormat(format: FileFormat): SniffResult {
  const info = FORMATS[format];
  return { format, kind: info.kind, mime: info.mime, extensions: [...info.extensions] };
}

/**
 * Identify a file from its first bytes (`head`, ideally SNIFF_BYTES long). `tail` (the last bytes
 * of the file) is only consulted when the head says nothing: it recognises a ZIP archive with
 * data in front of it (self-extracting archives), so it is refused as a ZIP rather than "unknown".
 */
export function sniff(head: Uint8Array, tail?: Uint8Array): SniffResult {
  return describeFormat(sniffFormat(head, tail));
}

function sniffFormat(b: Uint8Array, tail?: Uint8Array): FileFormat {
  // Fixed signatures first (the table's; no two of them can match the same bytes).
  const byMagic = formatByMagic(b);
  if (byMagic) return byMagic;
  if (isBmp(b)) return 'bmp';
  const isoBmff = isoBmffImage(b);
  if (isoBmff) return isoBmff;
  // A PDF header after some leading junk (mail gateways, old generators) is still a PDF.
  if (indexOf(b, '%PDF-', PDF_HEADER_WINDOW) >= 0) return 'pdf';
  if (isSvg(b)) return 'svg';
  if (tail && hasZipEndRecord(tail)) return 'zip';
  return 'unknown';
}

function isBmp(b: Uint8Array): boolean {
  // "BM" alone is too weak (plain text can start with it); also require a known DIB header size.
  if (!startsWith(b, 0, 'BM') || b.length < 18) return false;
  const dibSize = b[14]! | (b[15]! << 8) | (b[16]! << 16) | (b[17]! << 24);
  return [12, 16, 40, 52, 56, 64, 108, 124].includes(dibSize);
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);

/** HEIC/HEIF/AVIF: an ISO BMFF 'ftyp' box whose brands name an image format (not MP4 video). */
function isoBmffImage(b: Uint8Array): 'heic' | 'avif' | null {
  if (b.length < 16 || !startsWith(b, 4, 'ftyp')) return null;
  const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const end = Math.min(b.length, boxSize >= 16 ? boxSize : 16);
  const major = ascii(b, 8, 4);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= end; at += 4) compatible.push(ascii(b, at, 4));
  // The major brand decides; a generic HEIF major brand (mif1/msf1) defers to the compatible list.
  if (AVIF_BRANDS.has(major)) return 'avif';
  if (HEIC_BRANDS.has(major)) return 'heic';
  if (HEIF_GENERIC_BRANDS.has(major) || compatible.some((c) => HEIF_GENERIC_BRANDS.has(c))) {
    if (compatible.some((c) => AVIF_BRANDS.has(c))) return 'avif';
    return 'heic';
  }
  if (compatible.some((c) => AVIF_BRANDS.has(c))) return 'avif';
  if (compatible.some((c) => HEIC_BRANDS.has(c))) return 'heic';
  return null;
}

/** SVG: text that, after an optional BOM, whitespace, XML declaration, comments and DOCTYPE, opens <svg. */
function isSvg(b: Uint8Array): boolean {
  let text = ascii(b, 0, Math.min(b.length, SNIFF_BYTES));
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?xml', i)) i = skipPast(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i, '-->');
    else if (text.startsWith('<!DOCTYPE', i)) i = skipPast(text, i, '>');
    else break;
    if (i < 0) return false;
  }
  return /^<svg[\s>/]/.test(text.slice(i, i + 5));
}

function skipPast(text: string, from: number, marker: string): number {
  const at = text.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

/** The ZIP end-of-central-directory record sits in the last 22..65557 bytes. */
function hasZipEndRecord(tail: Uint8Array): boolean {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  }
  return false;
}

function startsWith(b: Uint8Array, at: number, text: string): boolean {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function indexOf(b: Uint8Array, text: string, within: number): number {
  const last = Math.min(b.length, within) - text.length;
  for (let i = 0; i <= last; i++) if (startsWith(b, i, text)) return i;
  return -1;
}

function ascii(b: Uint8Array, at: number, length: number): string {
  let s = '';
  const end = Math.min(b.length, at + length);
  for (let i = at; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}
