// Turns what a format parser found into RasterFacts: validates the numbers (a hostile header
// must not produce NaN or negative sizes), applies the EXIF orientation and derives the
// physical size from the stated resolution.
import type { ColorMode, RasterFacts } from '../../src/core/types';
import { corrupt } from './errors';

/** What a format parser reports; completeFacts() fills in the derived fields. */
export interface ParsedRaster {
  widthPx: number;
  heightPx: number;
  orientation?: number;
  dpiX?: number;
  dpiY?: number;
  dpiSource?: RasterFacts['dpiSource'];
  colorMode: ColorMode;
  bitsPerChannel: number;
  channels?: number;
  hasAlpha: boolean;
  icc?: RasterFacts['icc'];
  declaredColor?: RasterFacts['declaredColor'];
  frames?: number;
  warnings?: string[];
  incomplete?: RasterFacts['incomplete'];
}

const MM_PER_INCH = 25.4;
/** Largest dimension any format here can express (TIFF/BMFF use 32 bits). */
const MAX_DIMENSION = 0xffffffff;

function usableDpi(v: number | undefined): number | undefined {
  // 1 dpi and below is what tools write for "no resolution" (JFIF 1:1 aspect, pHYs unit 0 mishandled).
  return v !== undefined && Number.isFinite(v) && v > 1 && v < 1_000_000 ? v : undefined;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export function completeFacts(p: ParsedRaster): RasterFacts {
  for (const [name, v] of [['width', p.widthPx], ['height', p.heightPx]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_DIMENSION) throw corrupt(`The image header states an impossible ${name} (${v})`);
  }
  const orientation = p.orientation && Number.isInteger(p.orientation) && p.orientation >= 1 && p.orientation <= 8 ? p.orientation : 1;
  // Orientations 5..8 rotate by 90°: what the customer sees is the stored image turned sideways.
  const turned = orientation >= 5;
  const facts: RasterFacts = {
    widthPx: p.widthPx,
    heightPx: p.heightPx,
    orientation,
    displayWidthPx: turned ? p.heightPx : p.widthPx,
    displayHeightPx: turned ? p.widthPx : p.heightPx,
    colorMode: p.colorMode,
    bitsPerChannel: p.bitsPerChannel,
    hasAlpha: p.hasAlpha,
    dpiSource: 'none',
  };
  if (p.channels !== undefined) facts.channels = p.channels;
  if (p.icc) facts.icc = p.icc;
  if (p.declaredColor) facts.declaredColor = p.declaredColor;
  if (p.frames !== undefined) facts.frames = p.frames;
  if (p.warnings?.length) facts.warnings = p.warnings;
  if (p.incomplete?.length) facts.incomplete = p.incomplete;

  let dpiX = usableDpi(p.dpiX);
  let dpiY = usableDpi(p.dpiY);
  // A file that states one axis only means the same for both.
  dpiX ??= dpiY;
  dpiY ??= dpiX;
  if (dpiX !== undefined && dpiY !== undefined) {
    facts.dpiX = round2(dpiX);
    facts.dpiY = round2(dpiY);
    facts.dpiSource = p.dpiSource ?? 'none';
    // The stored x axis is displayed vertically when turned.
    const displayDpiX = turned ? dpiY : dpiX;
    const displayDpiY = turned ? dpiX : dpiY;
    facts.widthMm = round2((facts.displayWidthPx / displayDpiX) * MM_PER_INCH);
    facts.heightMm = round2((facts.displayHeightPx / displayDpiY) * MM_PER_INCH);
  }
  return facts;
}
