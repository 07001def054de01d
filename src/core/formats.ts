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
  pdf: { kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'], magic: ['%PDF-'] },
  jpeg: { kind: 'raster', mime: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], magic: ['\xff\xd8\xff'] },
  // All eight bytes: the PNG signature exists to catch damaged transfers (CR/LF conversion,
  // 7-bit stripping), and a file with a broken signature is not a PNG any decoder will read.
  png: { kind: 'raster', mime: 'image/png', extensions: ['png'], magic: ['\x89PNG\r\n\x1a\n'] },
  // Classic TIFF (42) and BigTIFF (43), little and big endian.
  tiff: { kind: 'raster', mime: 'image/tiff', extensions: ['tif', 'tiff'], magic: ['II*\0', 'MM\0*', 'II+\0', 'MM\0+'] },
  webp: { kind: 'raster', mime: 'image/webp', extensions: ['webp'], magic: ['RIFF????WEBP'] },
  heic: { kind: 'raster', mime: 'image/heic', extensions: ['heic', 'heif'] },
  avif: { kind: 'raster', mime: 'image/avif', extensions: ['avif'] },
  gif: { kind: 'raster', mime: 'image/gif', extensions: ['gif'], magic: ['GIF87a', 'GIF89a'] },
  bmp: { kind: 'raster', mime: 'image/bmp', extensions: ['bmp', 'dib'] },
  psd: { kind: null, mime: 'image/vnd.adobe.photoshop', extensions: ['psd', 'psb'], magic: ['8BPS'] },
  svg: { kind: null, mime: 'image/svg+xml', extensions: ['svg'] },
  eps: { kind: null, mime: 'application/postscript', extensions: ['eps', 'ps'], magic: ['%!PS', '\xc5\xd0\xd3\xc6'] },
  zip: { kind: null, mime: 'application/zip', extensions: ['zip'], magic: ['PK\x03\x04', 'PK\x05\x06'] },
  unknown: { kind: null, mime: 'application/octet-stream', extensions: [] },
};

/**
 * Other MIME types browsers and shop owners use for the same formats. Apart from the table because
 * only acceptance reads them (the inspection worker, which sniffs with the table, need not carry them).
 */
export const MIME_ALIASES: Partial<Record<FileFormat, readonly string[]>> = {
  pdf: ['application/x-pdf', 'application/acrobat'],
  jpeg: ['image/jpg', 'image/pjpeg'],
  png: ['image/x-png'],
  heic: ['image/heif', 'image/heic-sequence', 'image/heif-sequence'],
  avif: ['image/avif-sequence'],
  tiff: ['image/tif', 'image/x-tiff'],
  bmp: ['image/x-bmp', 'image/x-ms-bmp'],
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
