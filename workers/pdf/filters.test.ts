// Stream filters used for structure and content: correct output, and bounded output on bombs
// and garbage.
import { constants, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeStream, inflate, unpredict } from './filters';
import { InflateError, inflateSync } from './inflate-sync';
import { PdfDict, PdfName } from './objects';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('filters', () => {
  it('inflates zlib data, and keeps what it could of damaged data', async () => {
    const z = new Uint8Array(deflateSync(Buffer.from('BT (hello) Tj ET'.repeat(100))));
    expect(dec(await inflate(z, 1e6))).toBe('BT (hello) Tj ET'.repeat(100));
    const cut = await inflate(z.subarray(0, z.length - 10), 1e6);
    expect(cut.length).toBeLessThanOrEqual(1600);
    expect(await inflate(enc('not deflate at all'), 1e6)).toBeInstanceOf(Uint8Array);
  });

  it('stops a zip bomb at the output cap', async () => {
    const bomb = new Uint8Array(deflateSync(Buffer.alloc(50 * 1024 * 1024)));
    const out = await inflate(bomb, 1024 * 1024);
    expect(out.length).toBe(1024 * 1024);
  });

  it('undoes PNG Up predictors as used by xref streams', () => {
    // two rows of 3 columns, filter type 2 (Up): row 2 = row 1 + deltas
    const data = Uint8Array.from([2, 1, 2, 3, 2, 1, 1, 1]);
    const parms = new PdfDict();
    parms.map.set('Predictor', 12);
    parms.map.set('Columns', 3);
    expect([...unpredict(data, parms)]).toEqual([1, 2, 3, 2, 3, 4]);
  });

  it('decodes ASCIIHex, ASCII85, RunLength and LZW, and refuses image codecs', async () => {
    expect(dec(await decodeStream(enc('48656C6C6F>'), new PdfName('ASCIIHexDecode'), undefined, 100))).toBe('Hello');
    expect(dec(await decodeStream(enc('87cURD]i,"Ebo7~>'), new PdfName('ASCII85Decode'), undefined, 100))).toBe('Hello World');
    expect(dec(await decodeStream(Uint8Array.from([1, 65, 66, 254, 67, 128]), new PdfName('RunLengthDecode'), undefined, 100))).toBe('ABCCC');
    // "-----A---B" LZW-encoded, the example from the PDF specification (7.4.4.2)
    const lzw = Uint8Array.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]);
    expect(dec(await decodeStream(lzw, new PdfName('LZWDecode'), undefined, 100))).toBe('-----A---B');
    await expect(decodeStream(enc('x'), new PdfName('DCTDecode'), undefined, 100)).rejects.toThrow(/not decoded/);
  });
});

describe('synchronous inflate', () => {
  it('matches zlib on varied data, levels and strategies, and honours the output cap', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE];
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(rnd() * 20000);
      const buf = Buffer.alloc(n);
      for (let k = 0; k < n; k++) buf[k] = i % 3 === 0 ? Math.floor(rnd() * 256) : i % 3 === 1 ? 65 + Math.floor(rnd() * 4) : 32 + Math.floor(rnd() * 60);
      const z = new Uint8Array(deflateSync(buf, { level: i % 10, strategy: strategies[i % 4] }));
      expect(Buffer.compare(Buffer.from(inflateSync(z, 1 << 30)), buf)).toBe(0);
      expect(inflateSync(z, 50).length).toBe(Math.min(50, n));
    }
  });

  it('throws only InflateError on garbage', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 2000; i++) {
      const z = Uint8Array.from({ length: 2 + Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256));
      z[0] = 0x78;
      z[1] = 0x9c;
      try {
        inflateSync(z, 1 << 20);
      } catch (e) {
        expect(e).toBeInstanceOf(InflateError);
      }
    }
  });
});
