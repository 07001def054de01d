// Our PDF facts next to poppler's. What counts as comparable ("unambiguous") is decided here, each
// rule with its reason:
//
// A PDF is UNAMBIGUOUS when (1) pdfinfo, pdffonts and pdfimages all exit 0 and print nothing on
// stderr (poppler reports every repair it makes: "Syntax Error", "Syntax Warning", "Internal
// Error"), (2) our object reader read it (not the pdf.js fallback) and reported no parser warning,
// and (3) it is not encrypted. Damaged files are left out because the PDF standard does not say
// what a repaired file contains: two correct readers may repair differently. Within an unambiguous
// file some facts are still not comparable, by definition of what each tool reports:
//  - fonts: pdffonts lists every font in the pages' resources; we list the fonts text is drawn
//    with. A font in the resources that no text uses is in pdffonts only (left out, counted).
//    Type 3 fonts: their glyphs are drawings inside the file, which we call embedded and pdffonts
//    prints as "no" (left out). Two different font objects with the same name whose flags differ
//    cannot be paired by name (left out).
//  - images: pdfimages -list prints soft masks (smask) as rows of their own; we report them as a
//    property of the image (hasMask), so smask rows are left out. pdfimages skips tiling-pattern
//    cells (poppler's image lister does not run pattern fills), so pages that paint patterns are
//    left out. Pages whose content we did not walk completely (budget) are left out. Colour
//    space: a JPEG 2000 image without /ColorSpace keeps its space in the codestream (poppler
//    decodes it, we do not); in a file with DefaultRGB/DefaultCMYK/DefaultGray, poppler names the
//    substituted space of a device-colour image, we name the space the image declares: both left out.
//  - fonts without a /BaseFont are "[none]" in pdffonts and paired with ours by that.
//  - boxes: poppler prints two decimals, so boxes agree within 0.006 pt.
import type { PdfFacts, PdfImageFact, Rect } from '../../src/core/types';
import type { PdfInfo, PopplerFont, PopplerImage } from './tools';
import type { Tally } from './tally';

const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;
const sameBox = (a: Rect, b: number[]) => a.every((v, i) => near(v, b[i]!, 0.006));

export function compareInfo(t: Tally, file: string, pdf: PdfFacts, info: PdfInfo): void {
  t.compare('pdf page count', file, pdf.pageCount, info.pages);
  // every page must have been printed (pdfinfo -box -f 1 -l N): a page without boxes is no pass
  if (info.boxes.length !== info.pages) t.compare('pdf page boxes', `${file} (pages with boxes)`, info.pages, info.boxes.length);
  for (const p of info.boxes) {
    const ours = pdf.pages[p.page - 1];
    if (!ours) {
      t.compare('pdf page boxes', file, null, p);
      continue;
    }
    const b = ours.boxes;
    const mine = { media: b.media, crop: b.crop, bleed: b.bleed ?? b.crop, trim: b.trim ?? b.crop, art: b.art ?? b.crop };
    const theirs = { media: p.media, crop: p.crop, bleed: p.bleed, trim: p.trim, art: p.art };
    t.compare('pdf page boxes', `${file} p${p.page}`, mine, theirs, () => (['media', 'crop', 'bleed', 'trim', 'art'] as const).every((k) => sameBox(mine[k], theirs[k])));
    t.compare('pdf page rotation', `${file} p${p.page}`, ours.rotate, p.rot);
  }
}

/** pdffonts' type column → our type family. */
export function popplerFontFamily(type: string): string {
  if (type.endsWith('(OT)')) return 'OpenType';
  if (type.startsWith('CID')) return 'CID';
  if (type === 'Type 3') return 'Type3';
  if (type.startsWith('Type 1')) return 'Type1';
  if (type === 'TrueType') return 'TrueType';
  return type;
}

export function compareFonts(t: Tally, file: string, pdf: PdfFacts, fonts: PopplerFont[]): void {
  for (const f of pdf.fonts) {
    // a font without a BaseFont (often Type 3) is "[none]" in pdffonts; we name it by its resource
    let rows = fonts.filter((r) => r.name === f.name);
    if (rows.length === 0) rows = fonts.filter((r) => r.name === '[none]');
    if (rows.length === 0) {
      t.compare('pdf fonts found', `${file} ${f.name}`, f.name, null);
      continue;
    }
    t.compare('pdf fonts found', `${file} ${f.name}`, f.name, f.name);
    if (new Set(rows.map((r) => `${r.emb}${r.type}`)).size > 1) {
      t.exclude('pdf font embedded', 'two font objects share the name but differ');
      continue;
    }
    const r = rows[0]!;
    if (f.type3) t.exclude('pdf font embedded', 'Type 3 font (drawn glyphs: we say embedded, pdffonts says no)');
    else t.compare('pdf font embedded', `${file} ${f.name}`, f.embedded, r.emb);
    t.compare('pdf font subset', `${file} ${f.name}`, f.subset, r.sub);
    const ours = f.type === 'MMType1' ? 'Type1' : f.type;
    t.compare('pdf font type', `${file} ${f.name} (${r.type})`, ours, popplerFontFamily(r.type));
  }
  const unused = fonts.filter((r) => r.name !== '[none]' && !pdf.fonts.some((f) => f.name === r.name)).length;
  if (unused) t.exclude('pdf fonts found', 'in the resources but no text drawn with it (pdffonts only)', unused);
}

/** Our colour space label → pdfimages' colour column. */
export function popplerColor(img: PdfImageFact): string {
  const cs = img.colorSpace;
  if (cs === 'ImageMask') return '-';
  const first = cs.split('/')[0]!;
  if (first.startsWith('ICCBased')) return 'icc';
  switch (first) {
    case 'DeviceGray':
    case 'CalGray':
      return 'gray';
    case 'DeviceRGB':
    case 'CalRGB':
      return 'rgb';
    case 'DeviceCMYK':
      return 'cmyk';
    case 'Lab':
      return 'lab';
    case 'Indexed':
      return 'index';
    case 'Separation':
      return 'sep';
    case 'DeviceN':
      return 'devn';
    default:
      return first;
  }
}

const key = (w: number, h: number) => `${w}×${h}`;

export function compareImages(t: Tally, file: string, pdf: PdfFacts, rows: PopplerImage[], patternPages: Set<number>, defaultSpaces: boolean): void {
  const smasks = rows.filter((r) => r.type === 'smask').length;
  if (smasks) t.exclude('pdf images placed', 'soft-mask rows (we report them as hasMask of their image)', smasks);
  for (const page of pdf.pages) {
    const theirs = rows.filter((r) => r.page === page.page && r.type !== 'smask');
    const ours = pdf.images.filter((i) => i.page === page.page);
    if (theirs.length === 0 && ours.length === 0) continue;
    const label = `${file} p${page.page}`;
    if (page.contentIncomplete) {
      t.exclude('pdf images placed', 'page content not walked completely (budget)');
      continue;
    }
    if (patternPages.has(page.page)) {
      t.exclude('pdf images placed', 'page paints a tiling pattern (pdfimages skips pattern cells)');
      continue;
    }
    const sizes = (list: { width?: number; widthPx?: number }[]) => list.map((x) => key((x as PopplerImage).width ?? (x as PdfImageFact).widthPx, (x as PopplerImage).height ?? (x as PdfImageFact).heightPx)).sort();
    const agree = t.compare('pdf images placed', label, sizes(ours), sizes(theirs));
    if (!agree) continue;
    // pair them up by pixel size, in drawing order, for the per-image facts
    const pool = [...theirs];
    for (const img of ours) {
      const i = pool.findIndex((r) => r.width === img.widthPx && r.height === img.heightPx);
      const r = pool.splice(i, 1)[0]!;
      const id = `${label} ${key(img.widthPx, img.heightPx)}`;
      if (img.colorSpace === 'JPX') t.exclude('pdf image colour space', 'JPEG 2000 image without /ColorSpace (the space is inside the codestream, which we do not decode)');
      else if (defaultSpaces && /^(Device|Indexed)/.test(img.colorSpace)) t.exclude('pdf image colour space', 'device colour replaced by a DefaultRGB/CMYK/Gray space (poppler names the substitute, we name what the image declares)');
      else t.compare('pdf image colour space', id, popplerColor(img), r.color);
      if (r.type !== 'stencil') t.compare('pdf image bits per component', id, img.bitsPerComponent, r.bpc);
      // pdfimages prints whole ppi (%5.0f)
      t.compare('pdf image ppi', id, [Math.round(img.ppiX), Math.round(img.ppiY)], [r.xppi, r.yppi], () => near(img.ppiX, r.xppi, 0.51) && near(img.ppiY, r.yppi, 0.51));
    }
  }
}
