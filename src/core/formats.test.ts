import { describe, expect, it } from 'vitest';
import { FORMATS, FORMAT_IDS, RASTER_FORMAT_IDS, formatByMagic, formatTag } from './formats';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('the file-format table', () => {
  it('recognises each fixed signature, and only a whole one', () => {
    expect(formatByMagic(bytes('%PDF-1.7\n'))).toBe('pdf');
    expect(formatByMagic(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(formatByMagic(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    // a PNG signature damaged by a CR/LF conversion is no PNG
    expect(formatByMagic(bytes([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x1a, 0x0a, 0x00]))).toBeNull();
    expect(formatByMagic(bytes([0x4d, 0x4d, 0x00, 0x2b]))).toBe('tiff');
    expect(formatByMagic(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('webp');
    expect(formatByMagic(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBeNull(); // a sound file
    expect(formatByMagic(bytes('GIF89a'))).toBe('gif');
    expect(formatByMagic(bytes('8BPS'))).toBe('psd');
    expect(formatByMagic(bytes([0x50, 0x4b, 0x03, 0x04]))).toBe('zip');
    expect(formatByMagic(bytes('%!PS-Adobe-3.0'))).toBe('eps');
    expect(formatByMagic(bytes('%PD'))).toBeNull(); // cut short
  });

  it('names rasters in the customer order and keeps every format described', () => {
    expect(RASTER_FORMAT_IDS).toEqual(['jpeg', 'png', 'tiff', 'webp', 'heic', 'avif', 'gif', 'bmp']);
    for (const f of FORMAT_IDS) expect(FORMATS[f].mime).toMatch(/^[a-z]+\/[\w.+-]+$/);
  });

  it('gives a type icon its tag without the table', () => {
    expect(formatTag('tiff')).toBe('TIFF');
    expect(formatTag('unknown')).toBe('');
    expect(formatTag(null)).toBe('');
  });
});
