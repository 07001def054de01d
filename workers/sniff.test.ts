import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SNIFF_BYTES, sniff } from './sniff';

const corpus = resolve(__dirname, '../../shared/corpus');

function head(path: string, n = SNIFF_BYTES): Uint8Array {
  return new Uint8Array(readFileSync(path).subarray(0, n));
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}

function corpusFolder(name: string): string | null {
  const dir = join(corpus, name);
  if (!existsSync(dir)) {
    console.warn(`[sniff.test] skipping corpus tests: ${dir} is absent`);
    return null;
  }
  return dir;
}

const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return new Uint8Array(out);
};

describe('sniff: synthetic buffers', () => {
  const cases: [string, Uint8Array, string, string | null][] = [
    ['PDF header', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'pdf', 'pdf'],
    ['PDF header after junk', bytes('x'.repeat(600), '%PDF-1.4\n'), 'pdf', 'pdf'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'jpeg', 'raster'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'png', 'raster'],
    ['TIFF little endian', bytes('II', [0x2a, 0, 8, 0, 0, 0]), 'tiff', 'raster'],
    ['TIFF big endian', bytes('MM', [0, 0x2a, 0, 0, 0, 8]), 'tiff', 'raster'],
    ['BigTIFF', bytes('II', [0x2b, 0, 8, 0, 0, 0]), 'tiff', 'raster'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'webp', 'raster'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'gif', 'raster'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif', 'raster'],
    ['BMP', bytes('BM', [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]), 'bmp', 'raster'],
    ['AVIF', bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'), 'avif', 'raster'],
    ['AVIF behind mif1', bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1avif'), 'avif', 'raster'],
    ['HEIF generic', bytes([0, 0, 0, 0x14], 'ftypmif1', [0, 0, 0, 0], 'mif1'), 'heic', 'raster'],
    ['PSD', bytes('8BPS', [0, 1]), 'psd', null],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg', null],
    ['SVG with BOM, declaration, comment and doctype', bytes('\xef\xbb\xbf  <?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg>'), 'svg', null],
    ['EPS', bytes('%!PS-Adobe-3.0 EPSF-3.0\n'), 'eps', null],
    ['DOS EPS binary', bytes([0xc5, 0xd0, 0xd3, 0xc6, 0x1e, 0, 0, 0]), 'eps', null],
    ['ZIP', bytes('PK', [3, 4, 20, 0]), 'zip', null],
    ['plain text', bytes('hello, this is a note'), 'unknown', null],
    ['HTML page', bytes('<!DOCTYPE html><html><body><svg></svg>'), 'unknown', null],
    ['MP4 video', bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isommp42'), 'unknown', null],
    ['text starting with BM', bytes('BMW brochure final'), 'unknown', null],
    ['empty', new Uint8Array(0), 'unknown', null],
  ];
  it.each(cases)('%s → %s', (_label, buf, format, kind) => {
    const r = sniff(buf);
    expect(r.format).toBe(format);
    expect(r.kind).toBe(kind);
  });

  it('gives canonical MIME types and extensions', () => {
    expect(sniff(bytes('%PDF-1.7'))).toEqual({ format: 'pdf', kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'] });
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xdb])).mime).toBe('image/jpeg');
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xdb])).extensions).toContain('jpg');
    expect(sniff(bytes('nothing'))).toEqual({ format: 'unknown', kind: null, mime: 'application/octet-stream', extensions: [] });
  });

  it('does not find a PDF header beyond the first 1024 bytes', () => {
    expect(sniff(bytes('x'.repeat(1100), '%PDF-1.4\n')).format).toBe('unknown');
  });

  it('decides by the first bytes even when a PDF header appears later (JPEG with text in EXIF)', () => {
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif %PDF-1.4')).format).toBe('jpeg');
  });

  it('recognises a ZIP with data in front of it from the tail', () => {
    const tail = bytes('...central directory...', 'PK', [5, 6], new Array(18).fill(0));
    expect(sniff(bytes('MZ self-extractor'), tail).format).toBe('zip');
    expect(sniff(bytes('MZ self-extractor'), bytes('no record here')).format).toBe('unknown');
  });
});

describe('sniff: real files', () => {
  it('recognises every veraPDF corpus file as a PDF, including headers after junk', () => {
    const dir = corpusFolder('verapdf');
    if (!dir) return;
    const pdfs = filesUnder(dir, /\.pdf$/i);
    expect(pdfs.length).toBeGreaterThan(100);
    const wrong = pdfs.filter((p) => sniff(head(p)).format !== 'pdf');
    expect(wrong).toEqual([]);
  });

  it('recognises PngSuite files as PNG and refuses those with a damaged signature', () => {
    const dir = corpusFolder('pngsuite');
    if (!dir) return;
    const pngs = filesUnder(dir, /\.png$/i);
    // xs1/xs2/xs4/xs7: signature bytes altered; xcr/xlf: CR/LF conversion damage.
    const damagedSignature = /^x(s[1247]n|crn|lfn)/;
    for (const p of pngs) {
      const name = p.split('/').pop()!;
      const expected = damagedSignature.test(name) ? 'unknown' : 'png';
      expect([name, sniff(head(p)).format]).toEqual([name, expected]);
    }
  });

  it('recognises camera JPEGs, TIFFs and phone HEIC/HEIF files', () => {
    const dir = corpusFolder('exif-samples');
    if (!dir) return;
    const jpegs = filesUnder(join(dir, 'jpg'), /\.jpe?g$/i);
    const tiffs = filesUnder(join(dir, 'tiff'), /\.tiff?$/i);
    const heics = filesUnder(join(dir, 'heic'), /\.(heic|heif)$/i);
    expect(jpegs.length).toBeGreaterThan(20);
    expect(tiffs.length).toBeGreaterThan(3);
    expect(heics.length).toBeGreaterThan(2);
    expect(jpegs.filter((p) => sniff(head(p)).format !== 'jpeg')).toEqual([]);
    expect(tiffs.filter((p) => sniff(head(p)).format !== 'tiff')).toEqual([]);
    expect(heics.filter((p) => sniff(head(p)).format !== 'heic')).toEqual([]);
    for (const p of [...jpegs, ...tiffs, ...heics]) expect(sniff(head(p)).kind).toBe('raster');
  });

  it('treats a README as unknown', () => {
    const dir = corpusFolder('exif-samples');
    if (!dir) return;
    expect(sniff(head(join(dir, 'README.rst'))).format).toBe('unknown');
  });
});
