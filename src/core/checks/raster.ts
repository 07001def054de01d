// Raster preflight checks (reference "Checks and their targets", Raster). Each check is a pure
// function of the image facts, its (context-narrowed) target and the context; it reports the
// measured value and the target with a catalogue key, never a finished sentence.
//
// Geometry decision (design.md): the effective resolution of an image file is its pixels over
// the print size, orientation-aware (the shop may turn the image to fit), and the worse of the
// two axes when the proportions differ (the image must cover the whole print area).
import type { ColorMode, FileFacts, IntakeContext, RasterFacts } from '../types';
import type { CheckDef, CheckResult } from './types';
import './messages-en';

const MM_PER_INCH = 25.4;
const BYTES_PER_MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A positive finite number from untrusted workflow JSON, else undefined. */
function positive(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Millimetres as a customer reads them: whole mm from 10 mm on, one decimal below. */
function mm(v: number): number {
  return v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
}

function notInspected(checkId: string): CheckResult {
  return { outcome: 'skipped', messageKey: 'raster.not_inspected', params: { check: checkId } };
}

function withRaster(checkId: string, facts: FileFacts, fn: (r: RasterFacts) => CheckResult): CheckResult[] {
  return [facts.raster ? fn(facts.raster) : notInspected(checkId)];
}

/** The target's print size, when it has both sides. */
function printSize(target: Record<string, unknown>): { widthMm: number; heightMm: number } | undefined {
  const widthMm = positive(target.target_width_mm);
  const heightMm = positive(target.target_height_mm);
  return widthMm && heightMm ? { widthMm, heightMm } : undefined;
}

/** Context artworkSize replaces the print size of the target (reference "How checks apply"). */
function narrowPrintSize(target: Record<string, unknown>, context: IntakeContext): Record<string, unknown> {
  const size = context.artworkSize;
  if (!size || !positive(size.width_mm) || !positive(size.height_mm)) return target;
  return { ...target, target_width_mm: size.width_mm, target_height_mm: size.height_mm };
}

/** Does a w×h image fit a requirement in either orientation? */
function fitsEitherWay(w: number, h: number, test: (a: number, b: number) => boolean): boolean {
  return test(w, h) || test(h, w);
}

// ---------------------------------------------------------------------------------------------
// Effective resolution

export interface DpiFit {
  /** Effective dpi: the worse of the two axes in the better of the two orientations. */
  dpi: number;
  /** True when the image has to be turned 90° to fit the print size. */
  rotated: boolean;
}

/** Effective resolution of a w×h pixel image printed at widthMm×heightMm (either orientation). */
export function effectiveDpi(widthPx: number, heightPx: number, widthMm: number, heightMm: number): DpiFit {
  const dpiAt = (pw: number, ph: number) => Math.min(widthPx / (pw / MM_PER_INCH), heightPx / (ph / MM_PER_INCH));
  const upright = dpiAt(widthMm, heightMm);
  const turned = dpiAt(heightMm, widthMm);
  return turned > upright ? { dpi: turned, rotated: true } : { dpi: upright, rotated: false };
}

/** Half a dot per inch is rounding, not a real shortfall (1004 px over 85 mm is "300 dpi"). */
const DPI_SLACK = 0.5;

const effectiveDpiCheck: CheckDef = {
  id: 'raster.effective_dpi',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'reject',
  narrow: narrowPrintSize,
  run(facts, target) {
    return withRaster('raster.effective_dpi', facts, (r): CheckResult => {
      const minDpi = positive(target.min_dpi) ?? 300;
      const size = printSize(target);
      const w = r.displayWidthPx;
      const h = r.displayHeightPx;

      if (size) {
        const fit = effectiveDpi(w, h, size.widthMm, size.heightMm);
        // Largest sharp print, in the orientation the customer asked for.
        const maxW = (w / minDpi) * MM_PER_INCH;
        const maxH = (h / minDpi) * MM_PER_INCH;
        const [maxWidthMm, maxHeightMm] = fit.rotated ? [maxH, maxW] : [maxW, maxH];
        const dpi = Math.round(fit.dpi);
        const params = {
          dpi,
          min_dpi: minDpi,
          width_mm: mm(size.widthMm),
          height_mm: mm(size.heightMm),
          max_width_mm: mm(maxWidthMm),
          max_height_mm: mm(maxHeightMm),
        };
        const ok = fit.dpi >= minDpi - DPI_SLACK;
        return {
          outcome: ok ? 'pass' : 'fail',
          messageKey: ok ? 'raster.effective_dpi.pass' : 'raster.effective_dpi.fail',
          params,
          actual: { dpi, widthPx: w, heightPx: h, rotated: fit.rotated, maxWidthMm: mm(maxWidthMm), maxHeightMm: mm(maxHeightMm) },
          target: { min_dpi: minDpi, target_width_mm: size.widthMm, target_height_mm: size.heightMm },
        };
      }

      if (r.dpiX !== undefined && r.dpiY !== undefined) {
        // No print size: the image prints at its own stated resolution.
        const stated = Math.min(r.dpiX, r.dpiY);
        const dpi = Math.round(stated);
        const ok = stated >= minDpi - DPI_SLACK;
        return {
          outcome: ok ? 'pass' : 'fail',
          messageKey: ok ? 'raster.effective_dpi.pass_stated' : 'raster.effective_dpi.fail_stated',
          params: {
            dpi,
            min_dpi: minDpi,
            width_mm: mm(r.widthMm ?? (w / stated) * MM_PER_INCH),
            height_mm: mm(r.heightMm ?? (h / stated) * MM_PER_INCH),
            max_width_mm: mm((w / minDpi) * MM_PER_INCH),
            max_height_mm: mm((h / minDpi) * MM_PER_INCH),
          },
          actual: { dpi, source: r.dpiSource, widthPx: w, heightPx: h },
          target: { min_dpi: minDpi },
        };
      }

      return {
        outcome: 'skipped',
        messageKey: 'raster.effective_dpi.skipped',
        params: { min_dpi: minDpi, max_width_mm: mm((w / minDpi) * MM_PER_INCH), max_height_mm: mm((h / minDpi) * MM_PER_INCH) },
        actual: { widthPx: w, heightPx: h },
        target: { min_dpi: minDpi },
      };
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Pixel dimensions

const minDimensionsCheck: CheckDef = {
  id: 'raster.min_dimensions_px',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withRaster('raster.min_dimensions_px', facts, (r): CheckResult => {
      const minW = positive(target.min_width) ?? 0;
      const minH = positive(target.min_height) ?? 0;
      const w = r.displayWidthPx;
      const h = r.displayHeightPx;
      const params = { width: w, height: h, min_width: minW, min_height: minH };
      if (!minW && !minH) return { outcome: 'skipped', messageKey: 'raster.min_dimensions_px.skipped', params };
      const ok = fitsEitherWay(w, h, (a, b) => a >= minW && b >= minH);
      return {
        outcome: ok ? 'pass' : 'fail',
        messageKey: ok ? 'raster.min_dimensions_px.pass' : 'raster.min_dimensions_px.fail',
        params,
        actual: { width: w, height: h },
        target: { min_width: minW, min_height: minH },
      };
    });
  },
};

const DEFAULT_MAX_MEGAPIXELS = 300;

const maxPixelsCheck: CheckDef = {
  id: 'raster.max_pixels',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withRaster('raster.max_pixels', facts, (r): CheckResult => {
      const w = r.displayWidthPx;
      const h = r.displayHeightPx;
      const megapixels = Math.round((w * h) / 1e4) / 100;
      const maxW = positive(target.max_width);
      const maxH = positive(target.max_height);
      if (maxW || maxH) {
        const ok = fitsEitherWay(w, h, (a, b) => a <= (maxW ?? Infinity) && b <= (maxH ?? Infinity));
        return {
          outcome: ok ? 'pass' : 'fail',
          messageKey: ok ? 'raster.max_pixels.pass' : 'raster.max_pixels.fail_size',
          params: { width: w, height: h, max_width: maxW ?? maxH!, max_height: maxH ?? maxW!, megapixels },
          actual: { width: w, height: h, megapixels },
          target: { max_width: maxW, max_height: maxH },
        };
      }
      const maxMp = positive(target.max_megapixels) ?? DEFAULT_MAX_MEGAPIXELS;
      const ok = megapixels <= maxMp;
      return {
        outcome: ok ? 'pass' : 'fail',
        messageKey: ok ? 'raster.max_pixels.pass' : 'raster.max_pixels.fail',
        params: { width: w, height: h, megapixels, max_megapixels: maxMp },
        actual: { width: w, height: h, megapixels },
        target: { max_megapixels: maxMp },
      };
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Colour

const ALL_MODES = ['rgb', 'cmyk', 'gray', 'lab', 'indexed'];
/** Names shown to customers; technical terms that read the same in most languages. */

/** YCCK is CMYK stored in a JPEG-friendly form; for print it is CMYK. */
function printMode(mode: ColorMode): string {
  return mode === 'ycck' ? 'cmyk' : mode;
}

function stringList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v.toLowerCase()];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((x) => (x.toLowerCase() === 'grey' || x.toLowerCase() === 'grayscale' ? 'gray' : x.toLowerCase()));
  return undefined;
}

const colorModeCheck: CheckDef = {
  id: 'raster.color_mode',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withRaster('raster.color_mode', facts, (r): CheckResult => {
      const allowed = stringList(target.allowed) ?? ALL_MODES;
      const mode = printMode(r.colorMode);
      const ok = allowed.includes(mode);
      return {
        outcome: ok ? 'pass' : 'fail',
        messageKey: ok ? 'raster.color_mode.pass' : 'raster.color_mode.fail',
        // codes, not words: the message says them in the customer's language ({mode, term})
        params: { mode, allowed: allowed.join('|') },
        actual: { colorMode: r.colorMode },
        target: { allowed },
      };
    });
  },
};

const bitDepthCheck: CheckDef = {
  id: 'raster.bit_depth',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withRaster('raster.bit_depth', facts, (r): CheckResult => {
      const bits = r.bitsPerChannel;
      const allowed = Array.isArray(target.allowed) ? target.allowed.map(positive).filter((v): v is number => v !== undefined) : undefined;
      // Reference default "bit depth [8]": at most 8 bits per channel unless the profile says otherwise.
      const max = positive(target.max) ?? positive(target.bits) ?? (allowed?.length ? undefined : 8);
      const min = positive(target.min);
      let messageKey = 'raster.bit_depth.pass';
      if (allowed?.length && !allowed.includes(bits)) messageKey = 'raster.bit_depth.fail_allowed';
      else if (max !== undefined && bits > max) messageKey = 'raster.bit_depth.fail_max';
      else if (min !== undefined && bits < min) messageKey = 'raster.bit_depth.fail_min';
      const ok = messageKey === 'raster.bit_depth.pass';
      return {
        outcome: ok ? 'pass' : 'fail',
        messageKey,
        params: { bits, ...(max !== undefined ? { max } : {}), ...(min !== undefined ? { min } : {}), ...(allowed ? { allowed: allowed.join(', ') } : {}) },
        actual: { bitsPerChannel: bits },
        target: { min, max, allowed },
      };
    });
  },
};

const transparencyCheck: CheckDef = {
  id: 'raster.transparency',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withRaster('raster.transparency', facts, (r): CheckResult => {
      const allowed = target.allowed === true;
      const ok = allowed || !r.hasAlpha;
      return {
        outcome: ok ? 'pass' : 'fail',
        messageKey: ok ? (r.hasAlpha ? 'raster.transparency.pass_allowed' : 'raster.transparency.pass') : 'raster.transparency.fail',
        actual: { hasAlpha: r.hasAlpha },
        target: { allowed },
      };
    });
  },
};

const iccRequiredCheck: CheckDef = {
  id: 'raster.icc_required',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'autofix',
  run(facts) {
    return withRaster('raster.icc_required', facts, (r): CheckResult => {
      // No profile, but the file says which colour space its numbers are in (PNG sRGB or cICP
      // chunk, HEIF/AVIF nclx box): the colours are defined, and the message says how.
      if (!r.icc && r.declaredColor) {
        return { outcome: 'pass', messageKey: `raster.icc_required.pass_${r.declaredColor.source}`, params: { space: r.declaredColor.space }, actual: { icc: null, declared: r.declaredColor }, target: { required: true } };
      }
      const ok = !!r.icc;
      const profile = r.icc?.description ?? r.icc?.colorSpace ?? '';
      return {
        outcome: ok ? 'pass' : 'fail',
        messageKey: ok ? (profile ? 'raster.icc_required.pass' : 'raster.icc_required.pass_unnamed') : 'raster.icc_required.fail',
        params: ok && profile ? { profile } : {},
        actual: { icc: r.icc ?? null },
        target: { required: true },
        ...(ok ? {} : { absent: true }),
      };
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Proportions and file size

/** ratio: [w, h] or "w:h"; else the context's artwork size. */
function ratioOf(v: unknown): [number, number] | undefined {
  const parts = typeof v === 'string' ? v.split(/[:x×/]/) : Array.isArray(v) ? v : undefined;
  if (!parts || parts.length !== 2) return undefined;
  const a = positive(parts[0]);
  const b = positive(parts[1]);
  return a && b ? [a, b] : undefined;
}

const aspectRatioCheck: CheckDef = {
  id: 'raster.aspect_ratio',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'autofix',
  narrow(target, context) {
    if (ratioOf(target.ratio) || !context.artworkSize) return target;
    const { width_mm, height_mm } = context.artworkSize;
    return positive(width_mm) && positive(height_mm) ? { ...target, ratio: [width_mm, height_mm] } : target;
  },
  run(facts, target) {
    return withRaster('raster.aspect_ratio', facts, (r): CheckResult => {
      const ratio = ratioOf(target.ratio);
      const tolerance = typeof target.tolerance === 'number' && target.tolerance >= 0 ? target.tolerance : 0.05;
      if (!ratio) return { outcome: 'skipped', messageKey: 'raster.aspect_ratio.skipped' };
      // Orientation-aware: compare long side over short side.
      const longShort = (a: number, b: number) => Math.max(a, b) / Math.min(a, b);
      const image = longShort(r.displayWidthPx, r.displayHeightPx);
      const wanted = longShort(ratio[0], ratio[1]);
      const deviation = Math.abs(image - wanted) / wanted;
      const ok = deviation <= tolerance + 1e-9;
      return {
        outcome: ok ? 'pass' : 'fail',
        messageKey: ok ? 'raster.aspect_ratio.pass' : 'raster.aspect_ratio.fail',
        params: {
          image_ratio: Math.round(image * 100) / 100,
          target_ratio: Math.round(wanted * 100) / 100,
          ratio_w: ratio[0],
          ratio_h: ratio[1],
          deviation_percent: Math.round(deviation * 1000) / 10,
          tolerance_percent: Math.round(tolerance * 1000) / 10,
        },
        actual: { ratio: Math.round(image * 1000) / 1000, widthPx: r.displayWidthPx, heightPx: r.displayHeightPx },
        target: { ratio, tolerance },
      };
    });
  },
};

const DEFAULT_MAX_MB = 50;

const maxFileSizeCheck: CheckDef = {
  id: 'raster.max_file_size',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'reject',
  run(facts, target) {
    const maxBytes = positive(target.max_bytes) ?? (positive(target.max_mb) ?? DEFAULT_MAX_MB) * BYTES_PER_MB;
    const ok = facts.size <= maxBytes;
    const toMb = (b: number) => Math.round((b / BYTES_PER_MB) * 10) / 10;
    return [
      {
        outcome: ok ? 'pass' : 'fail',
        messageKey: ok ? 'raster.max_file_size.pass' : 'raster.max_file_size.fail',
        params: { size_mb: toMb(facts.size), max_mb: toMb(maxBytes) },
        actual: { bytes: facts.size },
        target: { max_bytes: maxBytes },
      },
    ];
  },
};

export const rasterChecks: CheckDef[] = [
  effectiveDpiCheck,
  minDimensionsCheck,
  maxPixelsCheck,
  colorModeCheck,
  bitDepthCheck,
  transparencyCheck,
  iccRequiredCheck,
  aspectRatioCheck,
  maxFileSizeCheck,
];
