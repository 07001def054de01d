// The engines on real files made here with pdf-lib and sharp, read back with independent tools:
// boxes with the project's own PDF reader (workers/) AND pdf-lib, colour with sharp; and the
// re-check of each output with the same inspect + evaluate code passes what failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, rgb } from 'pdf-lib';
import { evaluateFile, fileOutcome } from '../../src/core/evaluate';
import { planRemediation } from '../../src/core/remediation';
import type { AcceptEntry, FileFacts, Profile } from '../../src/core/types';
import { inspectFile } from '../inspect-file';
import { applyRemediation } from './apply';
import { findEngines } from './engines';

const MM = 72 / 25.4;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-remediate-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function entry(kind: 'pdf' | 'raster', rules: Record<string, { severity: string; target?: Record<string, unknown> }>, convertToPdf = false): AcceptEntry {
  const profile: Profile = {
    sections: { all: { enabled: true, rules: Object.fromEntries(Object.entries(rules).map(([id, r]) => [id, { enabled: true, severity: r.severity as 'autofix', target: r.target ?? {} }])) } },
  };
  return { kind, mimeTypes: [], extensions: [], convertToPdf, onFail: 'reject', preflight: { enabled: true, profile } };
}

async function facts(file: string): Promise<FileFacts> {
  const i = await inspectFile(file);
  if (!i.ok) throw new Error(`inspection failed: ${i.error.code} ${i.error.message}`);
  return i.facts;
}

/** Inspect, evaluate, plan, apply; then inspect and evaluate the output again. */
async function remediate(file: string, e: AcceptEntry, context = {}) {
  const before = await facts(file);
  const findings = evaluateFile(before, e, context);
  const plan = planRemediation(before, findings, e, context);
  const run = await applyRemediation(file, before.kind!, plan.fixes, path.join(dir, `out-${path.basename(file)}`));
  expect(run.outputPath, JSON.stringify(run.fixes)).not.toBeNull();
  const after = await facts(run.outputPath!);
  const recheck = evaluateFile(after, e.kind === 'raster' && after.kind === 'pdf' ? { ...e, kind: 'pdf' } : e, context);
  return { before, findings, plan, run, after, recheck };
}

async function cardPdf(name: string, opts: { pages?: number; rotate?: number; rgbColour?: boolean; extras?: boolean } = {}): Promise<string> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < (opts.pages ?? 1); i++) {
    const p = doc.addPage([85 * MM, 55 * MM]);
    // a blue band on the left edge and a red band on the right: mirrored bleed must repeat them
    p.drawRectangle({ x: 0, y: 0, width: 85 * MM, height: 55 * MM, color: rgb(1, 1, 0.8) });
    p.drawRectangle({ x: 0, y: 0, width: 10 * MM, height: 55 * MM, color: rgb(0, 0, 1) });
    p.drawRectangle({ x: 75 * MM, y: 0, width: 10 * MM, height: 55 * MM, color: rgb(1, 0, 0) });
    if (opts.rotate) p.setRotation({ type: 'degrees' as never, angle: opts.rotate } as never);
  }
  if (opts.extras) {
    doc.addJavaScript('hello', 'app.alert("hi")');
    await doc.attach(Buffer.from('secret'), 'notes.txt', { mimeType: 'text/plain' });
    const page = doc.getPage(0);
    const annot = doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [10, 10, 30, 30], Contents: 'note' });
    page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(annot)]));
    const form = doc.getForm();
    const field = form.createTextField('name');
    field.setText('Ada');
    field.addToPage(page, { x: 40, y: 40, width: 80, height: 20 });
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, await doc.save());
  return file;
}

function pdfLibBox(page: ReturnType<PDFDocument['getPage']>, name: string): number[] {
  const raw = page.node.lookup(PDFName.of(name), PDFArray);
  return [0, 1, 2, 3].map((i) => raw.lookup(i, PDFNumber).asNumber());
}

const mm = (pt: number) => pt / MM;

describe('PDF: mirrored bleed and boxes', () => {
  const card = entry('pdf', {
    'geom.page_size': { severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 } },
    'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3, tolerance_mm: 0.2 } },
  });

  it('a card without bleed gets 3 mm ± 0.1 on each side, the trim unchanged, and passes the re-check', async () => {
    const file = await cardPdf('card.pdf');
    const { findings, run, after, recheck } = await remediate(file, card);
    expect(fileOutcome(findings)).toBe('warn');
    expect(run.fixes.map((f) => [f.fix, f.status])).toEqual([['pdf.add_trim_box', 'applied'], ['pdf.add_bleed', 'applied']]);

    // the project's own reader
    const page = after.pdf!.pages[0]!;
    const trim = page.boxes.trim!;
    const bleed = page.boxes.bleed!;
    expect(mm(trim[2] - trim[0])).toBeCloseTo(85, 1);
    expect(mm(trim[3] - trim[1])).toBeCloseTo(55, 1);
    for (const side of [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]) expect(Math.abs(mm(side) - 3)).toBeLessThan(0.1);
    expect(page.boxes.media).toEqual(bleed);

    // pdf-lib, independently
    const doc = await PDFDocument.load(fs.readFileSync(run.outputPath!));
    const p = doc.getPage(0);
    const t = pdfLibBox(p, 'TrimBox');
    const b = pdfLibBox(p, 'BleedBox');
    expect(mm(t[2]! - t[0]!)).toBeCloseTo(85, 1);
    expect([t[0]! - b[0]!, t[1]! - b[1]!, b[2]! - t[2]!, b[3]! - t[3]!].every((d) => Math.abs(mm(d) - 3) < 0.1)).toBe(true);

    expect(fileOutcome(recheck)).toBe('pass');
  });

  it('the mirrored bleed repeats the edge colours (rendered with Ghostscript)', async () => {
    const file = await cardPdf('card-colours.pdf');
    const { run } = await remediate(file, card);
    const png = path.join(dir, 'render.png');
    const { execFileSync } = await import('node:child_process');
    execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=png16m', '-r72', '-dUseCropBox', `-sOutputFile=${png}`, run.outputPath!]);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const y = Math.round(info.height / 2);
    // first and last columns lie in the bleed: blue on the left, red on the right (mirrored edges)
    expect(at(1, y)).toEqual([0, 0, 255]);
    expect(at(info.width - 2, y)).toEqual([255, 0, 0]);
    // the corners too
    expect(at(1, 1)).toEqual([0, 0, 255]);
  });

  it('fill scale enlarges the artwork; fill none leaves the bleed blank', async () => {
    for (const fill of ['scale', 'none']) {
      const e = entry('pdf', { 'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3, fill } } });
      const { run, recheck } = await remediate(await cardPdf(`card-${fill}.pdf`), e);
      expect(run.fixes.find((f) => f.fix === 'pdf.add_bleed')?.params.fill).toBe(fill);
      expect(fileOutcome(recheck)).toBe('pass');
    }
  });

  it('rotated pages are turned upright with their boxes; 100 pages stay 100 pages', async () => {
    const e = entry('pdf', { 'geom.rotation': { severity: 'autofix' }, 'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3 } } });
    const { before, run, after, recheck } = await remediate(await cardPdf('rotated.pdf', { rotate: 90, pages: 100 }), e);
    expect(before.pdf!.pages[0]!.widthMm).toBeCloseTo(55, 0);
    expect(run.fixes.map((f) => f.fix)).toEqual(['pdf.normalize_rotation', 'pdf.add_trim_box', 'pdf.add_bleed']);
    expect(after.pdf!.pageCount).toBe(100);
    expect(after.pdf!.pages.every((p) => p.rotate === 0)).toBe(true);
    // as the customer saw it: 55 wide, 85 high
    expect(after.pdf!.pages[0]!.widthMm).toBeCloseTo(55, 0);
    expect(after.pdf!.pages[0]!.heightMm).toBeCloseTo(85, 0);
    expect(fileOutcome(recheck)).toBe('pass');
  });

  it('scales to the ordered size within autofix_within_percent', async () => {
    const e = entry('pdf', { 'geom.page_size': { severity: 'autofix', target: { allowed: [{ width_mm: 87, height_mm: 56.3 }], tolerance_mm: 0.5, autofix_within_percent: 3 } } });
    const { run, after, recheck } = await remediate(await cardPdf('small.pdf'), e);
    expect(run.fixes[0]!.status).toBe('applied');
    expect(after.pdf!.pages[0]!.widthMm).toBeCloseTo(87, 0);
    expect(fileOutcome(recheck)).toBe('pass');
  });

  it('strips JavaScript, annotations, attachments and form fields', async () => {
    const e = entry('pdf', {
      'struct.javascript': { severity: 'autofix' },
      'struct.annotations': { severity: 'autofix' },
      'struct.attachments': { severity: 'autofix' },
      'struct.acroform': { severity: 'autofix' },
    });
    const { before, run, after, recheck } = await remediate(await cardPdf('extras.pdf', { extras: true }), e);
    expect(before.pdf!.javascript).toBe(true);
    expect(before.pdf!.attachments).toBeGreaterThan(0);
    expect(before.pdf!.formFields).toBeGreaterThan(0);
    expect(run.fixes.every((f) => f.status === 'applied')).toBe(true);
    expect(after.pdf!.javascript).toBe(false);
    expect(after.pdf!.attachments).toBe(0);
    expect(after.pdf!.formFields).toBe(0);
    expect(after.pdf!.annotations.filter((a) => a.subtype === 'Text')).toEqual([]);
    expect(fileOutcome(recheck)).toBe('pass');
    const doc = await PDFDocument.load(fs.readFileSync(run.outputPath!));
    expect(doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.has(PDFName.of('JavaScript')) ?? false).toBe(false);
  });
});

describe('PDF: colour to CMYK with Ghostscript and an output intent', () => {
  it('RGB content becomes CMYK, the output intent carries the profile, the boxes survive', async () => {
    const engines = findEngines();
    expect(engines.ghostscript, 'ghostscript must be installed (.ci/run installs it)').not.toBeNull();
    const e = entry('pdf', {
      'color.mode': { severity: 'autofix', target: { allowed: ['cmyk', 'gray'] } },
      'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3 } },
    });
    const { before, run, after, recheck } = await remediate(await cardPdf('rgb.pdf'), e);
    expect(before.pdf!.colorSpaces).toContain('DeviceRGB');
    expect(run.fixes.map((f) => [f.fix, f.status])).toEqual([
      ['pdf.convert_colour', 'applied'], ['pdf.add_trim_box', 'applied'], ['pdf.add_bleed', 'applied'], ['pdf.output_intent', 'applied'],
    ]);
    expect(run.fixes[0]!.engine).toMatch(/^ghostscript \d+/);
    expect(after.pdf!.colorSpaces).not.toContain('DeviceRGB');
    expect(after.pdf!.colorSpaces).toContain('DeviceCMYK');
    expect(after.pdf!.outputIntents).toHaveLength(1);
    expect(after.pdf!.outputIntents[0]!.identifier).toBe(engines.cmyk!.description);
    expect(fileOutcome(recheck)).toBe('pass');
  });

  it('without Ghostscript the conversion is reported unavailable and the other fixes still apply', async () => {
    const e = entry('pdf', { 'color.mode': { severity: 'autofix', target: { allowed: ['cmyk'] } }, 'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3 } } });
    const file = await cardPdf('rgb-nogs.pdf');
    const before = await facts(file);
    const plan = planRemediation(before, evaluateFile(before, e), e);
    const run = await applyRemediation(file, 'pdf', plan.fixes, path.join(dir, 'nogs.pdf'), undefined, { ...findEngines(), ghostscript: null });
    expect(run.fixes.find((f) => f.fix === 'pdf.convert_colour')).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/Ghostscript/) });
    expect(run.fixes.find((f) => f.fix === 'pdf.add_bleed')?.status).toBe('applied');
    const recheck = evaluateFile(await facts(run.outputPath!), e);
    expect(recheck.find((f) => f.checkId === 'color.mode')?.outcome).toBe('warn');
  });

  it('a Ghostscript that overruns its deadline is killed and the fix is reported failed', async () => {
    const e = entry('pdf', { 'color.mode': { severity: 'autofix', target: { allowed: ['cmyk'] } } });
    const file = await cardPdf('rgb-slow.pdf');
    const before = await facts(file);
    const plan = planRemediation(before, evaluateFile(before, e), e);
    const slow = path.join(dir, 'slow-gs.sh');
    fs.writeFileSync(slow, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const started = Date.now();
    const run = await applyRemediation(file, 'pdf', plan.fixes, path.join(dir, 'slow.pdf'), { timeoutMs: 500, memoryMb: 512, maxInputPixels: 1e8, maxOutputPixels: 1e8 }, { ...findEngines(), ghostscript: slow });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.fixes[0]).toMatchObject({ fix: 'pdf.convert_colour', status: 'failed', reason: expect.stringMatching(/engine_timeout/) });
  });
});

describe('images', () => {
  it('RGB JPEG → CMYK with the profile embedded (read back with sharp), re-check passes', async () => {
    const file = path.join(dir, 'photo.jpg');
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 30, b: 40 } } }).jpeg().toFile(file);
    const e = entry('raster', { 'raster.color_mode': { severity: 'autofix', target: { allowed: ['cmyk'] } }, 'raster.icc_required': { severity: 'autofix' } });
    const { run, recheck } = await remediate(file, e);
    expect(run.format).toBe('jpeg');
    const meta = await sharp(run.outputPath!).metadata();
    expect(meta.space).toBe('cmyk');
    expect(meta.icc?.length ?? 0).toBeGreaterThan(1000);
    expect(fileOutcome(recheck)).toBe('pass');
  });

  it('to greyscale: one channel with the grey profile embedded', async () => {
    const file = path.join(dir, 'grey.jpg');
    await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 20, g: 160, b: 90 } } }).jpeg().toFile(file);
    const e = entry('raster', { 'raster.color_mode': { severity: 'autofix', target: { allowed: ['gray'] } } });
    const { run, recheck } = await remediate(file, e);
    const meta = await sharp(run.outputPath!).metadata();
    expect(meta.channels).toBe(1);
    expect(meta.icc?.length ?? 0).toBeGreaterThan(100);
    expect(fileOutcome(recheck)).toBe('pass');
  });

  it('PNG with alpha is flattened onto white and becomes a PDF with TrimBox = print size and BleedBox = bleed', async () => {
    const file = path.join(dir, 'logo.png');
    // 85×55 mm at 300 dpi, transparent with an opaque blue square in the middle
    await sharp({ create: { width: 1004, height: 650, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } }, left: 300, top: 175 }])
      .png()
      .toFile(file);
    const e = entry('raster', {
      'raster.transparency': { severity: 'autofix' },
      'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3 } },
    }, true);
    const context = { artworkSize: { width_mm: 85, height_mm: 55 } };
    const { run, after } = await remediate(file, e, context);
    expect(run.fixes.map((f) => [f.fix, f.status])).toEqual([['image.flatten', 'applied'], ['image.add_bleed', 'applied'], ['image.to_pdf', 'applied']]);
    expect(run.format).toBe('pdf');
    const page = after.pdf!.pages[0]!;
    const trim = page.boxes.trim!;
    const bleed = page.boxes.bleed!;
    expect(mm(trim[2] - trim[0])).toBeCloseTo(85, 1);
    expect(mm(trim[3] - trim[1])).toBeCloseTo(55, 1);
    for (const side of [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]) expect(Math.abs(mm(side) - 3)).toBeLessThan(0.1);
    expect(after.pdf!.usesTransparency).toBe(false);
    // the PDF's own bleed check, on the output: passes
    const pdfEntry = entry('pdf', { 'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3 } } });
    expect(fileOutcome(evaluateFile(after, pdfEntry, context))).toBe('pass');
  });

  it('applies the EXIF orientation, upscales at most 4× and crops to the aspect ratio', async () => {
    const file = path.join(dir, 'turned.jpg');
    await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 10, g: 120, b: 10 } } }).jpeg().withMetadata({ orientation: 6 }).toFile(file);
    const e = entry('raster', {
      'raster.min_dimensions_px': { severity: 'autofix', target: { min_width: 500, min_height: 500 } },
      'raster.aspect_ratio': { severity: 'autofix', target: { ratio: [1, 1], tolerance: 0.02 } },
    });
    const { run, after, recheck } = await remediate(file, e);
    expect(run.fixes.map((f) => f.fix)).toEqual(['image.orient', 'image.upscale', 'image.fit_aspect']);
    expect(after.raster!.orientation).toBe(1);
    expect(after.raster!.displayWidthPx).toBe(after.raster!.displayHeightPx);
    expect(after.raster!.displayWidthPx).toBeGreaterThanOrEqual(500);
    expect(fileOutcome(recheck)).toBe('pass');
  });
});
