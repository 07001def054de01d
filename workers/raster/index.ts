// Raster inspection from headers only: every format parser reads a few KB through a bounded
// ByteReader, whatever the file size or the pixel count it claims. Pixels are never decoded.
import type { FileFacts, RasterFacts } from '../../src/core/types';
import type { ByteSource } from '../source';
import { FORMATS } from '../../src/core/formats';
import { parseBmff } from './bmff';
import { parseBmp } from './bmp';
import { InspectError } from './errors';
import { completeFacts, type ParsedRaster } from './facts';
import { parseGif } from './gif';
import { parseJpeg } from './jpeg';
import { parsePng } from './png';
import { ByteReader } from './reader';
import { parseTiff } from './tiff';
import { parseWebp } from './webp';

export { InspectError, type InspectErrorCode } from './errors';

export type RasterFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'gif' | 'bmp' | 'heic' | 'avif';

const PARSERS: Record<RasterFormat, (r: ByteReader) => Promise<ParsedRaster>> = {
  jpeg: parseJpeg,
  png: parsePng,
  tiff: parseTiff,
  webp: parseWebp,
  gif: parseGif,
  bmp: parseBmp,
  heic: parseBmff,
  avif: parseBmff,
};


/** Facts about an image from its headers. Throws InspectError (with a `code`) for files we cannot judge. */
export async function inspectRaster(src: ByteSource, format: RasterFormat): Promise<RasterFacts> {
  const parse = PARSERS[format];
  if (!parse) throw new InspectError('unsupported_image', `Unsupported image format '${String(format)}'`);
  if (src.size === 0) throw new InspectError('truncated', 'The file is empty');
  try {
    return completeFacts(await parse(new ByteReader(src)));
  } catch (err) {
    if (err instanceof InspectError) throw err;
    // A DataView read past the bytes we hold: some length field pointed outside its own segment.
    if (err instanceof RangeError) throw new InspectError('corrupt_image', `The image header is damaged (${err.message})`);
    throw err;
  }
}

/** inspectRaster wrapped as the FileFacts the evaluator works with. */
export async function inspectRasterFacts(src: ByteSource, format: RasterFormat): Promise<FileFacts> {
  const raster = await inspectRaster(src, format);
  return { format, kind: 'raster', mime: FORMATS[format].mime, size: src.size, bytesRead: src.bytesRead, raster };
}
