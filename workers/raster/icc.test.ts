// ICC profile descriptions: v2 'desc' (ASCII) and v4 'mluc' (UTF-16, several languages).
import { describe, expect, it } from 'vitest';
import { decodeDescription, memoryRange, readIcc } from './icc';

const enc = new TextEncoder();

function descTag(text: string): Uint8Array {
  const b = new Uint8Array(12 + text.length + 1 + 67);
  b.set(enc.encode('desc'));
  new DataView(b.buffer).setUint32(8, text.length + 1);
  b.set(enc.encode(text), 12);
  return b;
}

function mlucTag(records: [string, string][]): Uint8Array {
  const headerSize = 16 + records.length * 12;
  const strings = records.map(([, s]) => s);
  const total = headerSize + strings.reduce((n, s) => n + s.length * 2, 0);
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set(enc.encode('mluc'));
  dv.setUint32(8, records.length);
  dv.setUint32(12, 12);
  let at = headerSize;
  records.forEach(([lang, s], i) => {
    const r = 16 + i * 12;
    b.set(enc.encode(lang), r);
    dv.setUint32(r + 4, s.length * 2);
    dv.setUint32(r + 8, at);
    for (const ch of s) { dv.setUint16(at, ch.charCodeAt(0)); at += 2; }
  });
  return b;
}

/** A minimal profile: 128-byte header, tag table with one 'desc' tag. */
function profile(tag: Uint8Array, colorSpace = 'CMYK'): Uint8Array {
  const b = new Uint8Array(132 + 12 + tag.length);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, b.length);
  b.set(enc.encode(colorSpace), 16);
  b.set(enc.encode('acsp'), 36);
  dv.setUint32(128, 1);
  b.set(enc.encode('desc'), 132);
  dv.setUint32(136, 144);
  dv.setUint32(140, tag.length);
  b.set(tag, 144);
  return b;
}

describe('ICC description', () => {
  it("reads a v2 'desc' text", () => {
    expect(decodeDescription(descTag('Coated FOGRA39 (ISO 12647-2:2004)'))).toBe('Coated FOGRA39 (ISO 12647-2:2004)');
  });

  it("reads a v4 'mluc' text, preferring English", () => {
    expect(decodeDescription(mlucTag([['fr', 'Profil écran'], ['en', 'Display P3']]))).toBe('Display P3');
    expect(decodeDescription(mlucTag([['de', 'ISO Coated v2']]))).toBe('ISO Coated v2');
  });

  it('reads colour space and description from a whole profile', async () => {
    const p = profile(descTag('PSO Uncoated ISO12647 (ECI)'));
    expect(await readIcc(memoryRange(p), p.length)).toEqual({ size: p.length, colorSpace: 'CMYK', description: 'PSO Uncoated ISO12647 (ECI)' });
  });

  it('a damaged profile still counts as present, without a description', async () => {
    const p = profile(descTag('x'));
    p[36] = 0; // no 'acsp' signature
    expect(await readIcc(memoryRange(p), p.length)).toEqual({ size: p.length });
    const cut = profile(descTag('Some profile')).subarray(0, 150); // tag data missing
    expect(await readIcc(memoryRange(cut), 500)).toEqual({ size: 500, colorSpace: 'CMYK' });
  });
});
