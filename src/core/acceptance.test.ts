import { describe, expect, it } from 'vitest';
import { acceptContent, acceptedFormats, describeAccepted } from './acceptance';
import { formatBytes } from './bytes';
import { roomFor, tooManyFilesFinding } from './room';
import { parseWorkflow } from './workflow';
import { describeFormat, sniff } from '../../workers/sniff';
import type { FileFormat, Rule } from './types';

function ruleOf(raw: unknown): Rule {
  const r = parseWorkflow({ rule: raw });
  if (!r.ok) throw new Error(r.error.message);
  return r.workflow.rule;
}

const MB = 1024 * 1024;
const pdfAndImages = ruleOf({
  cardinality: { min: 1, max: 2 },
  accepts: [
    { kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], maxSize: 10 * MB, onFail: 'reject' },
    { kind: 'raster', mimeTypes: ['image/jpeg', 'image/png'], extensions: ['jpg', 'jpeg', 'png'], maxSize: 25 * MB, onFail: 'accept_with_warnings' },
  ],
});
const pdfOnly = ruleOf({ accepts: [{ kind: 'pdf', maxSize: 10 * MB }] });

const as = (format: FileFormat, name = 'file', size = 1000) => ({ sniffed: describeFormat(format), name, size });

describe('acceptContent: type is decided by content', () => {
  it('accepts a PDF under the pdf entry', () => {
    const r = acceptContent(as('pdf', 'flyer.pdf'), pdfAndImages);
    expect(r).toMatchObject({ ok: true, index: 0, entry: { kind: 'pdf' } });
  });

  it('accepts a PNG named .pdf as an image', () => {
    const png = sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const r = acceptContent({ sniffed: png, name: 'artwork.pdf', size: 5000 }, pdfAndImages);
    expect(r).toMatchObject({ ok: true, index: 1, entry: { kind: 'raster' } });
  });

  it('refuses a PNG named .pdf when only PDFs are taken, and names both formats', () => {
    const r = acceptContent(as('png', 'artwork.pdf'), pdfOnly);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.finding).toMatchObject({
      checkId: 'intake.type',
      code: 'file_type_refused',
      severity: 'reject',
      outcome: 'fail',
      messageKey: 'intake.type.refused',
      actual: { format: 'png', mime: 'image/png' },
      target: { formats: ['pdf'] },
    });
    expect(r.finding.message).toBe("We can't print from PNG files. Please upload a PDF.");
  });

  it('refuses a TIFF when the raster entry lists only JPEG and PNG', () => {
    const r = acceptContent(as('tiff', 'scan.tif'), pdfAndImages);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.finding.message).toBe("We can't print from TIFF files. Please upload a PDF or an image (JPEG, PNG).");
  });

  it('matches by extension when the entry lists only extensions', () => {
    const tiffByExt = ruleOf({ accepts: [{ kind: 'raster', extensions: ['tif'] }] });
    expect(acceptContent(as('tiff'), tiffByExt).ok).toBe(true);
    expect(acceptContent(as('jpeg'), tiffByExt).ok).toBe(false);
  });

  it('understands MIME aliases and wildcards', () => {
    expect(acceptContent(as('jpeg'), ruleOf({ accepts: [{ kind: 'raster', mimeTypes: ['image/jpg'] }] })).ok).toBe(true);
    expect(acceptContent(as('webp'), ruleOf({ accepts: [{ kind: 'raster', mimeTypes: ['image/*'] }] })).ok).toBe(true);
  });

  it('an entry that lists nothing takes every format of its kind', () => {
    const anyImage = ruleOf({ accepts: [{ kind: 'raster' }] });
    for (const f of ['jpeg', 'png', 'tiff', 'webp', 'gif', 'bmp', 'heic', 'avif'] as const) expect(acceptContent(as(f), anyImage).ok).toBe(true);
    expect(acceptContent(as('pdf'), anyImage).ok).toBe(false);
  });

  it.each(['zip', 'psd', 'svg', 'eps'] as const)('refuses %s content even when unknown types are allowed', (format) => {
    const lenient = ruleOf({ accepts: [{ kind: 'pdf' }], rejectUnknownTypes: false });
    const r = acceptContent(as(format), lenient);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.finding.code).toBe('file_type_refused');
  });

  it('refuses unknown content with a message that does not guess its type', () => {
    const r = acceptContent(as('unknown', 'notes.pdf'), pdfOnly);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.finding.message).toBe("We couldn't tell what kind of file this is. Please upload a PDF.");
  });

  it('lets unknown content through without preflight when the rule allows it, with a warning', () => {
    const lenient = ruleOf({ accepts: [{ kind: 'pdf', maxSize: 10 * MB, preflight: { enabled: true, profile: { sections: {} } } }], rejectUnknownTypes: false });
    const r = acceptContent(as('unknown', 'file.cdr'), lenient);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.index).toBe(0);
    expect(r.entry.preflight).toEqual({ enabled: false });
    expect(lenient.accepts[0]!.preflight.enabled).toBe(true); // the rule itself is untouched
    expect(r.finding).toMatchObject({ checkId: 'intake.type', code: 'file_type_unverified', severity: 'warn', outcome: 'warn' });
  });
});

describe('acceptContent: size', () => {
  it('refuses a file over the entry limit with human sizes', () => {
    const r = acceptContent(as('pdf', 'big.pdf', Math.round(12.4 * MB)), pdfAndImages);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.finding).toMatchObject({ checkId: 'intake.size', code: 'file_too_large', actual: Math.round(12.4 * MB), target: 10 * MB });
    expect(r.finding.message).toBe('This file is 12.4 MB; the limit for PDF files is 10 MB.');
  });

  it('uses the limit of the entry that matched the content', () => {
    expect(acceptContent(as('png', 'photo.png', 20 * MB), pdfAndImages).ok).toBe(true);
    const r = acceptContent(as('png', 'photo.png', 30 * MB), pdfAndImages);
    if (!r.ok) expect(r.finding.message).toBe('This file is 30 MB; the limit for image files is 25 MB.');
    else throw new Error('expected a refusal');
  });

  it('accepts a file exactly at the limit', () => {
    expect(acceptContent(as('pdf', 'x.pdf', 10 * MB), pdfAndImages).ok).toBe(true);
  });

  it('never says "10 MB; the limit is 10 MB"', () => {
    const r = acceptContent(as('pdf', 'x.pdf', 10 * MB + 1), pdfAndImages);
    if (r.ok) throw new Error('expected a refusal');
    expect(r.finding.message).toBe('This file is 10,485,761 bytes; the limit for PDF files is 10,485,760 bytes.');
    const r2 = acceptContent(as('pdf', 'x.pdf', 10 * MB + 20_000), pdfAndImages);
    if (r2.ok) throw new Error('expected a refusal');
    expect(r2.finding.message).toBe('This file is 10.02 MB; the limit for PDF files is 10 MB.');
  });

  it('formats the message in the requested locale', () => {
    const r = acceptContent(as('pdf', 'big.pdf', Math.round(12.4 * MB)), pdfAndImages, 'de-DE');
    // No German catalogue yet: English words, but sizes stay readable.
    if (!r.ok) expect(r.finding.message).toContain('12');
  });

  it('refuses an empty file', () => {
    const r = acceptContent(as('unknown', 'empty.pdf', 0), pdfAndImages);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.finding).toMatchObject({ checkId: 'intake.empty', code: 'file_empty', severity: 'reject', outcome: 'fail' });
    expect(r.finding.message).toMatch(/empty/);
  });
});

describe('roomFor: count, asked on its own before any byte is read', () => {
  it('refuses a file when the job is full', () => {
    const finding = roomFor(2, 2);
    expect(finding).toMatchObject({ checkId: 'intake.count', code: 'too_many_files', actual: 3, target: 2, params: { max: 2 } });
    expect(finding!.message).toBe('Only 2 files can be added; remove one to add this.');
    expect(finding).toEqual(tooManyFilesFinding(2, 2));
  });

  it('speaks of one file when only one is allowed', () => {
    expect(roomFor(1, 1)!.message).toBe('Only one file can be added; remove it to add this one.');
  });

  it('has room below the maximum, and no limit with Infinity', () => {
    expect(roomFor(1, 2)).toBeNull();
    expect(roomFor(99, Infinity)).toBeNull();
  });
});

describe('helpers', () => {
  it('formatBytes', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1,023 bytes');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(10 * MB)).toBe('10 MB');
    expect(formatBytes(Math.round(12.4 * MB))).toBe('12.4 MB');
    expect(formatBytes(3 * 1024 * MB)).toBe('3 GB');
    expect(formatBytes(Math.round(12.4 * MB), 'de')).toBe('12,4 MB');
  });

  it('acceptedFormats and describeAccepted', () => {
    expect(acceptedFormats(pdfAndImages)).toEqual(['pdf', 'jpeg', 'png']);
    expect(describeAccepted(pdfAndImages)).toBe('a PDF or an image (JPEG, PNG)');
    expect(describeAccepted(ruleOf({ accepts: [{ kind: 'raster' }] }))).toBe('an image');
  });
});
