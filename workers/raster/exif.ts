// The few EXIF facts print cares about: orientation and stated resolution, from IFD0 of an EXIF
// block held in memory (JPEG APP1 after "Exif\0\0", a WebP EXIF chunk). Broken EXIF is common
// in camera files and must never fail the image: we return what we could read.
import { bytesSource } from '../source';
import { InspectError } from './errors';
import { firstNumber, readIfd, readTiffHeader, resolution } from './ifd';
import { ByteReader } from './reader';

export interface ExifFacts {
  orientation?: number;
  dpiX?: number;
  dpiY?: number;
}

export async function parseExif(tiff: Uint8Array): Promise<ExifFacts> {
  try {
    const r = new ByteReader(bytesSource(tiff), tiff.length);
    const h = await readTiffHeader(r, 0);
    const { entries } = await readIfd(r, h, h.firstIfd);
    const orientation = await firstNumber(r, h, entries.get(274)).catch(() => undefined);
    const res = await resolution(r, h, entries).catch(() => ({}));
    return { orientation, ...res };
  } catch (err) {
    if (err instanceof InspectError) return {};
    throw err;
  }
}
