// GIF: logical screen size from the header; then the block stream is walked to see whether the
// first frame uses a transparent colour and to count frames, within a byte budget (frame data
// is a chain of 255-byte sub-blocks, so counting every frame of a big animation means reading
// it all; we stop at the budget and report the frames seen so far).
import { corrupt } from './errors';
import type { ParsedRaster } from './facts';
import { ByteReader, startsWith, view } from './reader';

const BUDGET = 256 * 1024;
const MAX_FRAMES = 1000;

export async function parseGif(r: ByteReader): Promise<ParsedRaster> {
  const head = await r.bytes(0, 13, 'GIF header');
  if (!startsWith(head, 'GIF87a') && !startsWith(head, 'GIF89a')) throw corrupt('Not a GIF file');
  const dv = view(head);
  const width = dv.getUint16(6, true);
  const height = dv.getUint16(8, true);
  const packed = head[10]!;
  let pos = 13 + (packed & 0x80 ? 3 * (2 << (packed & 7)) : 0);

  let frames = 0;
  let hasAlpha = false;
  try {
    while (pos < r.size && pos < BUDGET && frames < MAX_FRAMES) {
      const intro = (await r.bytes(pos, 1, 'GIF block'))[0];
      if (intro === 0x3b) break; // trailer
      if (intro === 0x21) {
        const label = (await r.bytes(pos + 1, 1, 'GIF extension'))[0];
        if (label === 0xf9 && frames === 0) {
          const gce = await r.bytes(pos + 2, 5, 'GIF graphic control');
          if (gce[0] === 4 && gce[1]! & 1) hasAlpha = true;
        }
        pos = await skipSubBlocks(r, pos + 2);
      } else if (intro === 0x2c) {
        frames++;
        const desc = await r.bytes(pos + 1, 9, 'GIF image descriptor');
        const lp = desc[8]!;
        pos += 10 + (lp & 0x80 ? 3 * (2 << (lp & 7)) : 0) + 1; // + LZW minimum code size
        pos = await skipSubBlocks(r, pos);
      } else {
        if (frames === 0) throw corrupt('GIF block stream is damaged before the first frame');
        break;
      }
    }
  } catch (err) {
    // A cut-off animation still has a judgeable first frame; a file cut before it does not.
    if (frames === 0) throw err;
  }
  if (frames === 0 && pos < BUDGET) throw corrupt('GIF without any image');
  return { widthPx: width, heightPx: height, colorMode: 'indexed', bitsPerChannel: 8, channels: 1, hasAlpha, frames: Math.max(frames, 1) };
}

async function skipSubBlocks(r: ByteReader, pos: number): Promise<number> {
  for (;;) {
    const n = (await r.bytes(pos, 1, 'GIF data block'))[0]!;
    pos += 1 + n;
    if (n === 0 || pos >= BUDGET) return pos;
  }
}
