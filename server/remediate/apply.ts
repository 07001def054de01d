// Apply a remediation plan to one stored file and write the production file. Runs inside a
// verification worker (server) or in-process (CLI); the caller bounds time and memory. Every
// planned fix ends with a record: applied (with the parameters actually used and the engine),
// or unavailable / failed with a reason — never silently skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { FixId, PlannedFix } from '../../src/core/remediation';
import { IGNORED_ANNOTATIONS } from '../../src/core/checks/pdf/structure';
import { findEngines, ghostscriptVersion, type Engines } from './engines';
import { EngineError, runGhostscript } from './ghostscript';
import { remediateImage } from './image';
import * as pdfFix from './pdf';

export interface FixRecord {
  fix: FixId;
  checkIds: string[];
  status: 'applied' | 'unavailable' | 'failed';
  /** Parameters the engine used (applied) or planned (otherwise). */
  params: Record<string, string | number | boolean>;
  engine?: string;
  reason?: string;
  messageKey: string;
  messageParams: Record<string, string | number>;
}

export interface RemediationLimits {
  /** Ghostscript's deadline (the whole remediation has the pool's deadline). */
  timeoutMs: number;
  /** Ghostscript's address-space ceiling. */
  memoryMb: number;
  maxInputPixels: number;
  maxOutputPixels: number;
}

export const DEFAULT_LIMITS: RemediationLimits = { timeoutMs: 120_000, memoryMb: 2048, maxInputPixels: 250e6, maxOutputPixels: 400e6 };

export interface RemediationRun {
  /** Where the production file was written; null when no fix could be applied. */
  outputPath: string | null;
  format: 'pdf' | 'jpeg' | 'png' | 'tiff' | null;
  fixes: FixRecord[];
}

const PDF_LIB = 'pdf-lib 1.17';

function record(f: PlannedFix, status: FixRecord['status'], extra: Partial<FixRecord> = {}): FixRecord {
  return { fix: f.fix, checkIds: f.checkIds, status, params: f.params, messageKey: f.messageKey, messageParams: f.messageParams, ...extra };
}

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e?.code && /^[a-z_]+$/.test(e.code) ? `${e.code}: ${e.message}` : String(e?.message ?? err);
}

/**
 * Apply `fixes` (ordered by the planner) to the file at `input`, writing the output to
 * `outputPath` (extension chosen by the caller from `plan.output`, corrected here if needed).
 */
export async function applyRemediation(
  input: string,
  kind: 'pdf' | 'raster',
  fixes: PlannedFix[],
  outputPath: string,
  limits: RemediationLimits = DEFAULT_LIMITS,
  engines: Engines = findEngines(),
): Promise<RemediationRun> {
  if (fixes.length === 0) return { outputPath: null, format: null, fixes: [] };
  return kind === 'pdf' ? remediatePdf(input, fixes, outputPath, limits, engines) : remediateRaster(input, fixes, outputPath, limits, engines);
}

async function remediateRaster(input: string, fixes: PlannedFix[], outputPath: string, limits: RemediationLimits, engines: Engines): Promise<RemediationRun> {
  const sharpVersion = `sharp ${(await import('sharp')).default.versions.sharp} (libvips ${(await import('sharp')).default.versions.vips}, lcms ${(await import('sharp')).default.versions.lcms ?? '?'})`;
  const usable = fixes.filter((f) => f.fix !== 'image.colour' || (f.params.to === 'gray' ? engines.gray : engines.cmyk));
  const records: FixRecord[] = fixes
    .filter((f) => !usable.includes(f))
    .map((f) => record(f, 'unavailable', { reason: `no ${f.params.to} ICC profile (set FILECHECK_${String(f.params.to).toUpperCase()}_PROFILE)` }));
  try {
    const result = await remediateImage(input, usable, engines, limits, outputPath.replace(/\.[A-Za-z0-9]+$/, ''));
    const out = result.path;
    for (const f of usable) records.push(record(f, 'applied', { params: { ...f.params, ...(result.used.get(f.fix) ?? {}) }, engine: f.fix === 'image.to_pdf' ? `${sharpVersion}, ${PDF_LIB}` : sharpVersion }));
    return { outputPath: out, format: result.format, fixes: sortRecords(records, fixes) };
  } catch (err) {
    for (const f of usable) records.push(record(f, 'failed', { reason: reasonOf(err), engine: sharpVersion }));
    return { outputPath: null, format: null, fixes: sortRecords(records, fixes) };
  }
}

function sortRecords(records: FixRecord[], order: PlannedFix[]): FixRecord[] {
  return [...records].sort((a, b) => order.findIndex((f) => f.fix === a.fix) - order.findIndex((f) => f.fix === b.fix));
}

function withExtension(p: string, format: string): string {
  const ext = format === 'jpeg' ? '.jpg' : format === 'tiff' ? '.tif' : `.${format}`;
  return p.replace(/\.[A-Za-z0-9]+$/, '') + ext;
}

async function remediatePdf(input: string, fixes: PlannedFix[], outputPath: string, limits: RemediationLimits, engines: Engines): Promise<RemediationRun> {
  const records: FixRecord[] = [];
  let source = input;
  let tmp: string | null = null;
  const colour = fixes.find((f) => f.fix === 'pdf.convert_colour');
  let convertedTo: 'cmyk' | 'gray' | null = null;
  if (colour) {
    const to = colour.params.to === 'gray' ? 'gray' : 'cmyk';
    const profile = to === 'gray' ? engines.gray : engines.cmyk;
    if (!engines.ghostscript) records.push(record(colour, 'unavailable', { reason: 'Ghostscript is not installed (Debian package ghostscript)' }));
    else if (!profile) records.push(record(colour, 'unavailable', { reason: `no ${to} ICC profile (set FILECHECK_${to.toUpperCase()}_PROFILE)` }));
    else {
      tmp = path.join(os.tmpdir(), `fc-gs-${randomBytes(8).toString('hex')}.pdf`);
      const engine = `ghostscript ${ghostscriptVersion(engines.ghostscript)}`;
      try {
        await runGhostscript(
          engines.ghostscript,
          [
            '-sDEVICE=pdfwrite',
            '-dCompatibilityLevel=1.6',
            // never let pdfwrite turn pages by their text direction: rotation is its own fix
            '-dAutoRotatePages=/None',
            `-sColorConversionStrategy=${to === 'gray' ? 'Gray' : 'CMYK'}`,
            `-sProcessColorModel=${to === 'gray' ? 'DeviceGray' : 'DeviceCMYK'}`,
            `-sOutputICCProfile=${profile.path}`,
            `-sOutputFile=${tmp}`,
            input,
          ],
          { timeoutMs: limits.timeoutMs, memoryMb: limits.memoryMb },
        );
        source = tmp;
        convertedTo = to;
        records.push(record(colour, 'applied', { params: { to, profile: profile.description }, engine }));
      } catch (err) {
        records.push(record(colour, err instanceof EngineError && err.code === 'engine_unavailable' ? 'unavailable' : 'failed', { reason: reasonOf(err), engine }));
      }
    }
  }

  try {
    const doc = await PDFDocument.load(fs.readFileSync(source), { updateMetadata: false, throwOnInvalidObject: false });
    for (const f of fixes) {
      if (f.fix === 'pdf.convert_colour') continue;
      try {
        const used = await applyPdfFix(doc, f, engines, convertedTo);
        if (used === null) records.push(record(f, 'unavailable', { reason: 'no CMYK ICC profile for the output intent (set FILECHECK_CMYK_PROFILE)' }));
        else records.push(record(f, 'applied', { params: { ...f.params, ...used }, engine: PDF_LIB }));
      } catch (err) {
        records.push(record(f, 'failed', { reason: reasonOf(err), engine: PDF_LIB }));
      }
    }
    const applied = records.some((r) => r.status === 'applied');
    if (!applied) return { outputPath: null, format: null, fixes: sortRecords(records, fixes) };
    const out = withExtension(outputPath, 'pdf');
    fs.writeFileSync(out, await doc.save({ updateFieldAppearances: false }));
    return { outputPath: out, format: 'pdf', fixes: sortRecords(records, fixes) };
  } catch (err) {
    for (const f of fixes) if (!records.some((r) => r.fix === f.fix)) records.push(record(f, 'failed', { reason: reasonOf(err), engine: PDF_LIB }));
    return { outputPath: null, format: null, fixes: sortRecords(records, fixes) };
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
  }
}

type Used = Record<string, string | number | boolean>;

async function applyPdfFix(doc: PDFDocument, f: PlannedFix, engines: Engines, convertedTo: 'cmyk' | 'gray' | null): Promise<Used | null> {
  const num = (k: string) => (typeof f.params[k] === 'number' ? (f.params[k] as number) : undefined);
  switch (f.fix) {
    case 'pdf.strip_javascript':
      return pdfFix.stripJavascript(doc);
    case 'pdf.strip_annotations':
      return pdfFix.stripAnnotations(doc, IGNORED_ANNOTATIONS);
    case 'pdf.strip_attachments':
      return pdfFix.stripAttachments(doc);
    case 'pdf.strip_forms':
      return pdfFix.stripForms(doc);
    case 'pdf.normalize_rotation':
      return pdfFix.normalizeRotation(doc);
    case 'pdf.add_trim_box':
      return pdfFix.addTrimBox(doc, f.params.from === 'product_size' ? { widthMm: num('width_mm'), heightMm: num('height_mm') } : {});
    case 'pdf.scale_to_size':
      return pdfFix.scalePages(doc, num('factor') ?? 1);
    case 'pdf.add_bleed': {
      const fill = f.params.fill === 'scale' || f.params.fill === 'none' ? f.params.fill : 'mirror';
      return pdfFix.addBleed(doc, num('bleed_mm') ?? 3, fill);
    }
    case 'pdf.output_intent': {
      const gray = convertedTo === 'gray';
      const profile = gray ? engines.gray : engines.cmyk;
      if (!profile) return null;
      return { ...pdfFix.setOutputIntent(doc, fs.readFileSync(profile.path), profile.description, gray ? 1 : 4), profile: profile.description };
    }
    default:
      throw new Error(`fix ${f.fix} does not apply to a PDF`);
  }
}
