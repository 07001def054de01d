// BMP: the file header and the DIB header (BITMAPCOREHEADER, INFOHEADER, V4, V5). Negative height
// means rows stored top-down; pixels per metre convert to dpi; V5 may embed an ICC profile.
import { corrupt } from './errors';
import type { ParsedRaster } from './facts';
import { readIcc } from './icc';
import { ByteReader, MAX_ICC, startsWith, view } from './reader';

const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export async function parseBmp(r: ByteReader): Promise<ParsedRaster> {
  const fh = await r.bytes(0, 18, 'BMP header');
  if (!startsWith(fh, 'BM')) throw corrupt('Not a BMP file');
  const headerSize = view(fh).getUint32(14, true);
  if (headerSize === 12) {
    const d = view(await r.bytes(14, 12, 'BMP core header'));
    const bpp = d.getUint16(10, true);
    return bmpFacts(d.getUint16(4, true), d.getUint16(6, true), bpp, false);
  }
  if (headerSize < 40 || headerSize > 1024) throw corrupt(`BMP with unknown header size ${headerSize}`);
  const h = await r.bytes(14, headerSize, 'BMP info header');
  const d = view(h);
  const width = d.getInt32(4, true);
  const height = d.getInt32(8, true);
  const bpp = d.getUint16(14, true);
  const compression = d.getUint32(16, true);
  const ppmX = d.getInt32(24, true);
  const ppmY = d.getInt32(28, true);
  if (width <= 0 || height === 0 || height === -2147483648) throw corrupt('BMP with impossible dimensions');
  // An alpha mask exists in V4/V5 headers (and BI_ALPHABITFIELDS); plain 32-bit BI_RGB leaves that byte unused.
  const alphaMask = headerSize >= 56 && (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) ? d.getUint32(52, true) : 0;
  const facts = bmpFacts(width, Math.abs(height), bpp, alphaMask !== 0 && bpp === 32);
  if (ppmX > 0) facts.dpiX = ppmX * 0.0254;
  if (ppmY > 0) facts.dpiY = ppmY * 0.0254;
  facts.dpiSource = 'bmp';
  // V5: CSType 'MBED' (0x4D424544) = embedded profile at ProfileData (from the header start).
  if (headerSize >= 124 && d.getUint32(56, true) === 0x4d424544) {
    const at = 14 + d.getUint32(112, true);
    const size = d.getUint32(116, true);
    if (size > 0 && size <= MAX_ICC) facts.icc = await readIcc(async (off, len) => (off + len <= size ? r.bytes(at + off, len, 'ICC profile', MAX_ICC) : null), size);
  }
  return facts;
}

function bmpFacts(width: number, height: number, bpp: number, hasAlpha: boolean): ParsedRaster {
  if (![1, 2, 4, 8, 16, 24, 32, 64].includes(bpp)) throw corrupt(`BMP with ${bpp} bits per pixel`);
  const indexed = bpp <= 8;
  return {
    widthPx: width,
    heightPx: height,
    colorMode: indexed ? 'indexed' : 'rgb',
    bitsPerChannel: indexed ? bpp : bpp === 16 ? 5 : bpp === 64 ? 16 : 8,
    channels: indexed ? 1 : hasAlpha ? 4 : 3,
    hasAlpha,
  };
}
