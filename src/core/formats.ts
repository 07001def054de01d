// The file-format table: one home for what each format is (kind), how it is recognised from its
// first bytes (magic), and what browsers and shop owners call it (MIME type, aliases, extensions).
// The sniffer (workers/sniff.ts), acceptance (acceptance.ts) and the raster reader read it; the
// customer-facing names are translations (`format.<id>` in the message catalogues).
// Pure data: no DOM, no I/O.
import type { FileFormat, FileKind } from './types';

export interface FormatInfo {
  /** What the intake does with it; null: recognised so the refusal can name it, never accepted. */
  kind: FileKind | null;
  /** Canonical MIME type. */
  mime: string;
  /** Other MIME types browsers and shop owners use for the same format. */
  aliases: readonly string[];
  /** File-name extensions, lower case, without the dot. */
  extensions: readonly string[];
  /**
   * Fixed signatures at the start of the file, as Latin-1 text where `?` stands for any byte (no
   * signature holds a real 0x3F): the format matches when the head starts with one of them.
   * Formats without one are recognised structurally in workers/sniff.ts
   * (BMP: "BM" plus a known header size; HEIC/AVIF: the brands of an ISO BMFF 'ftyp' box; SVG:
   * text that opens <svg; a PDF header after leading junk).
   */
  magic?: readonly string[];
}

/** Every format we recognise, in the order we name them to customers (rasters: JPEG first). */
export const FORMATS: Readonly<Record<FileFormat, FormatInfo>> = {
  pdf: { kind: 'pdf', mime: 'application/pdf', aliases: ['application/x-pdf', 'application/acrobat'], extensions: ['pdf'], magic: ['%PDF-'] },
  jpeg: { kind: 'raster', mime: 'image/jpeg', aliases: ['image/jpg', 'image/pjpeg'], extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], magic: ['\xff\xd8\xff'] },
  // All eight bytes: the PNG signature exists to catch damaged transfers (CR/LF conversion,
  // 7-bit stripping), and a file with a broken signature is not a PNG any decoder will read.
  png: { kind: 'raster', mime: 'image/png', aliases: ['image/x-png'], extensions: ['png'], magic: ['\x89PNG\r\n\x1a\n'] },
  // Classic TIFF (42) and BigTIFF (43), little and big endian.
  tiff: {
    kind: 'raster',
    mime: 'image/tiff',
    aliases: ['image/tif', 'image/x-tiff'],
    extensions: ['tif', 'tiff'],
    magic: ['II*\0', 'MM\0*', 'II+\0', 'MM\0+'],
  },
  webp: { kind: 'raster', mime: 'image/webp', aliases: [], extensions: ['webp'], magic: ['RIFF????WEBP'] },
  heic: { kind: 'raster', mime: 'image/heic', aliases: ['image/heif', 'image/heic-sequence', 'image/heif-sequence'], extensions: ['heic', 'heif'] },
  avif: { kind: 'raster', mime: 'image/avif', aliases: ['image/avif-sequence'], extensions: ['avif'] },
  gif: { kind: 'raster', mime: 'image/gif', aliases: [], extensions: ['gif'], magic: ['GIF87a', 'GIF89a'] },
  bmp: { kind: 'raster', mime: 'image/bmp', aliases: ['image/x-bmp', 'image/x-ms-bmp'], extensions: ['bmp', 'dib'] },
  psd: { kind: null, mime: 'image/vnd.adobe.photoshop', aliases: [], extensions: ['psd', 'psb'], magic: ['8BPS'] },
  svg: { kind: null, mime: 'image/svg+xml', aliases: [], extensions: ['svg'] },
  eps: { kind: null, mime: 'application/postscript', aliases: [], extensions: ['eps', 'ps'], magic: ['%!PS', '\xc5\xd0\xd3\xc6'] },
  zip: { kind: null, mime: 'application/zip', aliases: [], extensions: ['zip'], magic: ['PK\x03\x04', 'PK\x05\x06'] },
  unknown: { kind: null, mime: 'application/octet-stream', aliases: [], extensions: [] },
};

/** Every format id, in the table's order. */
export const FORMAT_IDS = /* @__PURE__ */ Object.keys(FORMATS) as FileFormat[];

/** Raster formats, in the order we name them to customers. */
export const RASTER_FORMAT_IDS = /* @__PURE__ */ FORMAT_IDS.filter((f) => FORMATS[f].kind === 'raster');

function startsWithSignature(b: Uint8Array, sig: string): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (sig[i] !== '?' && b[i] !== sig.charCodeAt(i)) return false;
  return true;
}

/** The format whose fixed signature the head bytes carry, or null (then structural checks decide). */
export function formatByMagic(head: Uint8Array): FileFormat | null {
  for (const f of FORMAT_IDS) if (FORMATS[f].magic?.some((sig) => startsWithSignature(head, sig))) return f;
  return null;
}

/**
 * The short tag a type icon shows (e.g. "PDF", "TIFF"): the format id in capitals, no table
 * lookup, so the view can show it without carrying the table. Empty for unknown content.
 */
export function formatTag(format: FileFormat | null | undefined): string {
  return !format || format === 'unknown' ? '' : format.toUpperCase();
}
