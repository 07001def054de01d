// Image fixes with sharp (libvips, colour management by little-cms): EXIF orientation, flatten
// onto white, upscale (≤ 4×), crop or pad to an aspect ratio, mirrored bleed, CMYK or grey with
// an embedded ICC profile, and a PDF whose TrimBox is the print size and whose BleedBox carries
// the bleed (pdf-lib, embedding the JPEG as is).
//
// One sharp pipeline does it all: sharp orders its operations itself (orient → resize/crop →
// extend → flatten → colour), which is the order the planner documents; the pixels are decoded
// once, and libvips streams them in tiles so a 50-megapixel photo never sits in memory twice.
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { PDFDocument, PDFName } from 'pdf-lib';
import type { PlannedFix } from '../../src/core/remediation';
import type { ColourProfile } from './engines';

const MM_PER_INCH = 25.4;
/**
 * Print-quality JPEG. Huffman optimisation off: it makes the encoder keep every coefficient of the
 * image in memory (measured on 50 MP: 862 MB peak with it, 103 MB without, for ~5 % more bytes).
 */
const JPEG = { quality: 95, chromaSubsampling: '4:4:4', optimiseCoding: false } as const;
const PT_PER_MM = 72 / 25.4;

export interface ImageLimits {
  /** Refuse larger inputs (decompression bombs); default 250 MP. */
  maxInputPixels: number;
  /** Refuse outputs above this many pixels (upscaling a huge file); default 400 MP. */
  maxOutputPixels: number;
}

export interface ImageResult {
  /** Where the output was written (`outputBase` + the format's extension). */
  path: string;
  format: 'jpeg' | 'png' | 'tiff' | 'pdf';
  /** Parameters actually used, by fix id. */
  used: Map<string, Record<string, string | number | boolean>>;
}

function param(fix: PlannedFix | undefined, key: string): number | undefined {
  const v = fix?.params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export async function remediateImage(
  input: string | Buffer,
  fixes: PlannedFix[],
  profiles: { cmyk: ColourProfile | null; gray: ColourProfile | null },
  limits: ImageLimits,
  /** Output path without extension. */
  outputBase: string,
): Promise<ImageResult> {
  sharp.cache(false);
  const find = (id: string) => fixes.find((f) => f.fix === id);
  const used = new Map<string, Record<string, string | number | boolean>>();
  const meta = await sharp(input, { limitInputPixels: limits.maxInputPixels }).metadata();
  if (!meta.width || !meta.height) throw new Error('image has no size');
  const turned = (meta.orientation ?? 1) >= 5;
  let w = turned ? meta.height : meta.width;
  let h = turned ? meta.width : meta.height;

  let img = sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error' });
  // EXIF orientation: applied to the output (the tag is dropped with the metadata). Only when
  // there is one: turning needs the whole image in memory, an upright one streams.
  if ((meta.orientation ?? 1) > 1) img = img.rotate();
  if (find('image.orient')) used.set('image.orient', { orientation: meta.orientation ?? 1 });

  const up = find('image.upscale');
  const fit = find('image.fit_aspect');
  let targetW = w;
  let targetH = h;
  if (up) {
    const f = Math.min(4, param(up, 'factor') ?? 1);
    targetW = Math.round(w * f);
    targetH = Math.round(h * f);
    used.set('image.upscale', { factor: f, from: `${w}×${h}`, to: `${targetW}×${targetH}`, kernel: 'lanczos3' });
  }
  let pad = false;
  if (fit) {
    const rw = param(fit, 'ratio_w')!;
    const rh = param(fit, 'ratio_h')!;
    // same orientation as the image
    const ratio = (targetW >= targetH) === (rw >= rh) ? rw / rh : rh / rw;
    pad = fit.params.mode === 'pad';
    if (pad) {
      if (targetW / targetH > ratio) targetH = Math.round(targetW / ratio);
      else targetW = Math.round(targetH * ratio);
    } else if (targetW / targetH > ratio) targetW = Math.round(targetH * ratio);
    else targetH = Math.round(targetW / ratio);
    used.set('image.fit_aspect', { mode: pad ? 'pad' : 'crop', ratio: `${rw}:${rh}`, to: `${targetW}×${targetH}` });
  }
  if (targetW * targetH > limits.maxOutputPixels) throw new Error(`output would have ${Math.round((targetW * targetH) / 1e6)} MP (limit ${Math.round(limits.maxOutputPixels / 1e6)} MP)`);
  if (targetW !== w || targetH !== h) {
    img = img.resize(targetW, targetH, { fit: pad ? 'contain' : 'cover', position: 'centre', kernel: 'lanczos3', background: '#ffffff' });
    w = targetW;
    h = targetH;
  }

  const bleed = find('image.add_bleed');
  let bleedMm = 0;
  if (bleed) {
    bleedMm = param(bleed, 'bleed_mm') ?? 3;
    const tw = param(bleed, 'width_mm')!;
    const th = param(bleed, 'height_mm')!;
    const [pw, ph] = (w >= h) === (tw >= th) ? [tw, th] : [th, tw];
    const bx = Math.round((bleedMm / pw) * w);
    const by = Math.round((bleedMm / ph) * h);
    const fill = bleed.params.fill;
    img = img.extend({ left: bx, right: bx, top: by, bottom: by, extendWith: fill === 'none' ? 'background' : fill === 'scale' ? 'copy' : 'mirror', background: '#ffffff' });
    used.set('image.add_bleed', { bleed_mm: bleedMm, fill: String(fill), px_x: bx, px_y: by });
    w += 2 * bx;
    h += 2 * by;
  }

  // Flatten after the geometry in sharp's own pipeline order; onto white (paper).
  if (find('image.flatten') || meta.hasAlpha) {
    img = img.flatten({ background: '#ffffff' });
    if (find('image.flatten')) used.set('image.flatten', { background: '#ffffff' });
  }

  const colour = find('image.colour');
  let space: 'cmyk' | 'gray' | 'source' = 'source';
  if (colour) {
    const to = colour.params.to === 'gray' ? 'gray' : 'cmyk';
    const profile = to === 'gray' ? profiles.gray : profiles.cmyk;
    if (!profile) throw Object.assign(new Error(`no ${to} ICC profile configured`), { code: 'engine_unavailable' });
    // withIccProfile converts to the profile and embeds it; the source's own profile (sRGB when
    // absent) is the input side of the transform.
    // (Measured on a 50 MP photo: withIccProfile alone converts in 7 s of CPU; adding
    // toColourspace('cmyk') first goes through libvips' own CMYK profile as well, 20 s.)
    img = to === 'gray' ? img.toColourspace('b-w').withIccProfile(profile.path) : img.withIccProfile(profile.path);
    used.set('image.colour', { to, profile: profile.description, bits: 8 });
    space = to;
  } else {
    img = img.keepIccProfile();
  }

  const toPdf = find('image.to_pdf');
  const srcFormat = meta.format;
  if (toPdf) {
    const jpeg = await img.jpeg(JPEG).toBuffer();
    const pdf = await imageToPdf(jpeg, w, h, param(toPdf, 'width_mm')!, param(toPdf, 'height_mm')!, bleedMm, space === 'cmyk' ? profiles.cmyk : null);
    used.set('image.to_pdf', { width_mm: param(toPdf, 'width_mm')!, height_mm: param(toPdf, 'height_mm')!, bleed_mm: bleedMm, dpi: Math.round(w / ((param(toPdf, 'width_mm')! + 2 * bleedMm) / MM_PER_INCH)) });
    const out = `${outputBase}.pdf`;
    await writeFile(out, pdf);
    return { path: out, format: 'pdf', used };
  }
  // Keep the format when it can carry the colour space: PNG has no CMYK (TIFF then). Written
  // straight to disk: libvips streams the pixels, nothing of the output sits in JS memory.
  if (srcFormat === 'jpeg') {
    await img.jpeg(JPEG).toFile(`${outputBase}.jpg`);
    return { path: `${outputBase}.jpg`, format: 'jpeg', used };
  }
  if (srcFormat === 'png' && space !== 'cmyk') {
    await img.png().toFile(`${outputBase}.png`);
    return { path: `${outputBase}.png`, format: 'png', used };
  }
  await img.tiff({ compression: 'lzw' }).toFile(`${outputBase}.tif`);
  return { path: `${outputBase}.tif`, format: 'tiff', used };
}

/**
 * A one-page PDF: MediaBox = BleedBox = trim + bleed, TrimBox = the print size; the image covers
 * the whole page (cropped centrally if its proportions differ by rounding).
 */
async function imageToPdf(jpeg: Buffer, wPx: number, hPx: number, trimWmm: number, trimHmm: number, bleedMm: number, cmyk: ColourProfile | null): Promise<Uint8Array> {
  const [tw, th] = (wPx >= hPx) === (trimWmm >= trimHmm) ? [trimWmm, trimHmm] : [trimHmm, trimWmm];
  const doc = await PDFDocument.create({ updateMetadata: false });
  const b = bleedMm * PT_PER_MM;
  const W = tw * PT_PER_MM + 2 * b;
  const H = th * PT_PER_MM + 2 * b;
  const page = doc.addPage([W, H]);
  const image = await doc.embedJpg(jpeg);
  const scale = Math.max(W / wPx, H / hPx);
  const dw = wPx * scale;
  const dh = hPx * scale;
  page.drawImage(image, { x: (W - dw) / 2, y: (H - dh) / 2, width: dw, height: dh });
  page.setBleedBox(0, 0, W, H);
  page.setTrimBox(b, b, tw * PT_PER_MM, th * PT_PER_MM);
  if (cmyk) {
    const { setOutputIntent } = await import('./pdf');
    const fs = await import('node:fs');
    setOutputIntent(doc, fs.readFileSync(cmyk.path), cmyk.description, 4);
  }
  doc.catalog.set(PDFName.of('Version'), PDFName.of('1.6'));
  return doc.save();
}
