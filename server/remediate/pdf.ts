// PDF fixes with pdf-lib (structure, boxes, rotation, scale, mirrored bleed, output intent) and
// Ghostscript (colour conversion). Each function changes the document in place and returns the
// parameters it actually used, for the record on the file.
//
// Decisions:
// - Content is never re-encoded by pdf-lib: rotation and scale wrap the page's existing content
//   streams in `q <matrix> cm … Q`; mirrored bleed turns the page into one form XObject drawn
//   nine times (the page, then each side and corner mirrored about the trim edge, each clipped
//   to its strip of bleed). Bytes of images and fonts are shared, so a 100-page file grows little.
// - Mirrored bleed mirrors what is inside the trim: an existing partial bleed is replaced.
// - Boxes after bleed: TrimBox = the trim, BleedBox = MediaBox = CropBox = trim + bleed.
import {
  PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFPage, PDFPageEmbedder, PDFRef, PDFString,
} from 'pdf-lib';
import type { BleedFill } from '../../src/core/remediation';

export type Box = [number, number, number, number];
type Matrix = [number, number, number, number, number, number];

const MM = 72 / 25.4;
const r4 = (v: number) => Math.round(v * 10000) / 10000;

function boxOf(page: PDFPage, name: 'MediaBox' | 'CropBox' | 'TrimBox' | 'BleedBox'): Box | null {
  const node = page.node;
  const raw = name === 'MediaBox' ? node.MediaBox() : name === 'CropBox' ? node.CropBox() : name === 'TrimBox' ? node.TrimBox() : node.BleedBox();
  if (!(raw instanceof PDFArray) || raw.size() !== 4) return null;
  const n = [0, 1, 2, 3].map((i) => raw.lookup(i, PDFNumber).asNumber());
  return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
}

function intersect(a: Box, b: Box): Box {
  const r: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[2] > r[0] && r[3] > r[1] ? r : a;
}

/** The page's visible area: CropBox ∩ MediaBox (design.md "Geometry decisions"). */
export function visibleBox(page: PDFPage): Box {
  const media = boxOf(page, 'MediaBox') ?? [0, 0, 612, 792];
  const crop = boxOf(page, 'CropBox');
  return crop ? intersect(crop, media) : media;
}

/** The trim: TrimBox when present, else the visible area. */
export function trimOf(page: PDFPage): Box {
  return boxOf(page, 'TrimBox') ?? visibleBox(page);
}

function setBox(page: PDFPage, name: 'MediaBox' | 'CropBox' | 'TrimBox' | 'BleedBox' | 'ArtBox', b: Box): void {
  page.node.set(PDFName.of(name), page.doc.context.obj(b.map(r4)));
}

function mapBox(m: Matrix, b: Box): Box {
  const pts = [[b[0], b[1]], [b[2], b[1]], [b[0], b[3]], [b[2], b[3]]].map(([x, y]) => [m[0] * x! + m[2] * y! + m[4], m[1] * x! + m[3] * y! + m[5]]);
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Wrap the page's content streams in `q <m> cm … Q` and move every box by the same matrix. */
function transformPage(doc: PDFDocument, page: PDFPage, m: Matrix): void {
  const ctx = doc.context;
  const pre = ctx.register(ctx.flateStream(`q ${m.map(r4).join(' ')} cm\n`));
  const post = ctx.register(ctx.flateStream('\nQ\n'));
  const contents = ctx.obj([]) as PDFArray;
  contents.push(pre);
  const current = page.node.get(PDFName.of('Contents'));
  const resolved = current instanceof PDFRef ? ctx.lookup(current) : current;
  if (resolved instanceof PDFArray) for (let i = 0; i < resolved.size(); i++) contents.push(resolved.get(i));
  else if (current) contents.push(current);
  contents.push(post);
  page.node.set(PDFName.of('Contents'), contents);
  for (const name of ['MediaBox', 'CropBox', 'TrimBox', 'BleedBox'] as const) {
    const b = boxOf(page, name);
    if (b) setBox(page, name, mapBox(m, b));
  }
  const art = page.node.ArtBox();
  if (art) page.node.delete(PDFName.of('ArtBox'));
}

/** Bake /Rotate into the content, so every tool sees the page the way the customer does. */
export function normalizeRotation(doc: PDFDocument): { pages: number } {
  let pages = 0;
  for (const page of doc.getPages()) {
    const turns = (((page.getRotation().angle / 90) % 4) + 4) % 4;
    if (turns === 0) continue;
    const [x0, y0, x1, y1] = boxOf(page, 'MediaBox') ?? [0, 0, 612, 792];
    // /Rotate turns the page clockwise for display; these matrices do the same to the content.
    const m: Matrix = turns === 1 ? [0, -1, 1, 0, -y0, x1] : turns === 2 ? [-1, 0, 0, -1, x1, y1] : [0, 1, -1, 0, y1, -x0];
    transformPage(doc, page, m);
    page.node.set(PDFName.of('Rotate'), PDFNumber.of(0));
    pages++;
  }
  return { pages };
}

/** Add a TrimBox where none is set: the visible page, or the ordered size centred on it. */
export function addTrimBox(doc: PDFDocument, opts: { widthMm?: number; heightMm?: number }): { pages: number } {
  let pages = 0;
  for (const page of doc.getPages()) {
    if (boxOf(page, 'TrimBox')) continue;
    const v = visibleBox(page);
    let trim = v;
    if (opts.widthMm && opts.heightMm) {
      const vw = v[2] - v[0];
      const vh = v[3] - v[1];
      const [w, h] = (vw >= vh) === (opts.widthMm >= opts.heightMm) ? [opts.widthMm * MM, opts.heightMm * MM] : [opts.heightMm * MM, opts.widthMm * MM];
      if (w < vw + 0.01 && h < vh + 0.01) {
        const cx = (v[0] + v[2]) / 2;
        const cy = (v[1] + v[3]) / 2;
        trim = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
        if (!boxOf(page, 'BleedBox')) setBox(page, 'BleedBox', v);
      }
    }
    setBox(page, 'TrimBox', trim);
    pages++;
  }
  return { pages };
}

/** Scale every page (content and boxes) uniformly by `factor` about the origin. */
export function scalePages(doc: PDFDocument, factor: number): { pages: number } {
  for (const page of doc.getPages()) transformPage(doc, page, [factor, 0, 0, factor, 0, 0]);
  return { pages: doc.getPageCount() };
}

function clipRect(b: Box): string {
  return `${r4(b[0])} ${r4(b[1])} ${r4(b[2] - b[0])} ${r4(b[3] - b[1])} re W n`;
}

/** Add `bleedMm` of bleed on every side of each page's trim. */
export async function addBleed(doc: PDFDocument, bleedMm: number, fill: BleedFill): Promise<{ pages: number; bleed_mm: number; fill: BleedFill }> {
  const b = bleedMm * MM;
  const ctx = doc.context;
  let index = 0;
  for (const page of doc.getPages()) {
    const t = trimOf(page);
    const [x0, y0, x1, y1] = t;
    const outer: Box = [x0 - b, y0 - b, x1 + b, y1 + b];
    if (fill !== 'none') {
      // The page as a form XObject in its own user space (identity matrix), bounded by what showed.
      const visible = visibleBox(page);
      const embedder = await PDFPageEmbedder.for(page.node, { left: visible[0], bottom: visible[1], right: visible[2], top: visible[3] }, [1, 0, 0, 1, 0, 0]);
      const ref = await embedder.embedIntoContext(ctx);
      const name = page.node.newXObject(`FcPage${index++}`, ref);
      const draw = `${name.asString()} Do`;
      let ops: string;
      if (fill === 'mirror') {
        const parts = [`q ${clipRect(t)} ${draw} Q`];
        const xs: [Box[0], Box[2], number, number][] = [[x0 - b, x0, -1, 2 * x0], [x0, x1, 1, 0], [x1, x1 + b, -1, 2 * x1]];
        const ys: [number, number, number, number][] = [[y0 - b, y0, -1, 2 * y0], [y0, y1, 1, 0], [y1, y1 + b, -1, 2 * y1]];
        // Each mirrored strip reaches a hair (0.25 pt) into the trim: where two clip paths meet
        // exactly, anti-aliasing shows a light seam on screen; the overlap is the same artwork.
        const e = 0.25;
        for (const [ax, bx, sx, tx] of xs) {
          for (const [ay, by, sy, ty] of ys) {
            if (sx === 1 && sy === 1) continue; // the page itself
            const clip: Box = [ax === x1 ? ax - e : ax, ay === y1 ? ay - e : ay, bx === x0 ? bx + e : bx, by === y0 ? by + e : by];
            parts.push(`q ${clipRect(clip)} ${sx} 0 0 ${sy} ${r4(tx)} ${r4(ty)} cm ${draw} Q`);
          }
        }
        ops = parts.join('\n');
      } else {
        // 'scale': enlarge about the trim's centre until the artwork covers the bleed
        const s = Math.max((x1 - x0 + 2 * b) / (x1 - x0), (y1 - y0 + 2 * b) / (y1 - y0));
        const cx = (x0 + x1) / 2;
        const cy = (y0 + y1) / 2;
        ops = `q ${clipRect(outer)} ${r4(s)} 0 0 ${r4(s)} ${r4(cx - s * cx)} ${r4(cy - s * cy)} cm ${draw} Q`;
      }
      page.node.set(PDFName.of('Contents'), ctx.register(ctx.flateStream(ops + '\n')));
    }
    setBox(page, 'MediaBox', outer);
    setBox(page, 'CropBox', outer);
    setBox(page, 'BleedBox', outer);
    setBox(page, 'TrimBox', t);
  }
  return { pages: doc.getPageCount(), bleed_mm: bleedMm, fill };
}

/** Remove document and page JavaScript: name tree, open action, additional actions. */
export function stripJavascript(doc: PDFDocument): { removed: number } {
  let removed = 0;
  const cat = doc.catalog;
  const names = cat.lookupMaybe(PDFName.of('Names'), PDFDict);
  if (names?.has(PDFName.of('JavaScript'))) {
    names.delete(PDFName.of('JavaScript'));
    removed++;
  }
  for (const key of ['OpenAction', 'AA']) {
    if (cat.has(PDFName.of(key))) {
      cat.delete(PDFName.of(key));
      removed++;
    }
  }
  for (const page of doc.getPages()) {
    if (page.node.has(PDFName.of('AA'))) {
      page.node.delete(PDFName.of('AA'));
      removed++;
    }
    const annots = page.node.Annots();
    for (let i = 0; annots && i < annots.size(); i++) {
      const a = annots.lookupMaybe(i, PDFDict);
      for (const key of ['A', 'AA']) {
        const action = a?.lookupMaybe(PDFName.of(key), PDFDict);
        if (action && (key === 'AA' || action.get(PDFName.of('S'))?.toString() === '/JavaScript')) {
          a!.delete(PDFName.of(key));
          removed++;
        }
      }
    }
  }
  return { removed };
}

/** Remove annotations that matter for print (everything but `keep` subtypes). */
export function stripAnnotations(doc: PDFDocument, keep: readonly string[]): { removed: number } {
  let removed = 0;
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    const kept = doc.context.obj([]) as PDFArray;
    for (let i = 0; i < annots.size(); i++) {
      const subtype = annots.lookupMaybe(i, PDFDict)?.get(PDFName.of('Subtype'))?.toString().slice(1) ?? '';
      if (keep.includes(subtype)) kept.push(annots.get(i));
      else removed++;
    }
    if (kept.size() === 0) page.node.delete(PDFName.of('Annots'));
    else page.node.set(PDFName.of('Annots'), kept);
  }
  return { removed };
}

/** Remove embedded files: the EmbeddedFiles name tree and FileAttachment annotations. */
export function stripAttachments(doc: PDFDocument): { removed: number } {
  let removed = 0;
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  if (names?.has(PDFName.of('EmbeddedFiles'))) {
    names.delete(PDFName.of('EmbeddedFiles'));
    removed++;
  }
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    const kept = doc.context.obj([]) as PDFArray;
    for (let i = 0; i < annots.size(); i++) {
      const subtype = annots.lookupMaybe(i, PDFDict)?.get(PDFName.of('Subtype'))?.toString();
      if (subtype === '/FileAttachment') removed++;
      else kept.push(annots.get(i));
    }
    page.node.set(PDFName.of('Annots'), kept);
  }
  if (doc.catalog.has(PDFName.of('AF'))) doc.catalog.delete(PDFName.of('AF'));
  return { removed };
}

/** Form fields: their appearances are drawn into the pages (flattened), then AcroForm and XFA go. */
export function stripForms(doc: PDFDocument): { fields: number; flattened: boolean } {
  let fields = 0;
  let flattened = false;
  try {
    const form = doc.getForm();
    fields = form.getFields().length;
    form.deleteXFA();
    form.flatten({ updateFieldAppearances: false });
    flattened = true;
  } catch {
    // a broken field tree: remove it without drawing (the check is re-run on the output)
  }
  doc.catalog.delete(PDFName.of('AcroForm'));
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    const kept = doc.context.obj([]) as PDFArray;
    for (let i = 0; i < annots.size(); i++) {
      if (annots.lookupMaybe(i, PDFDict)?.get(PDFName.of('Subtype'))?.toString() !== '/Widget') kept.push(annots.get(i));
    }
    page.node.set(PDFName.of('Annots'), kept);
  }
  return { fields, flattened };
}

/** Set the output intent to `icc` (replacing any): what the colours were converted for. */
export function setOutputIntent(doc: PDFDocument, icc: Uint8Array, description: string, components: 1 | 3 | 4): { identifier: string } {
  const ctx = doc.context;
  const profile = ctx.register(ctx.flateStream(icc, { N: components }));
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: PDFString.of(description),
    Info: PDFString.of(description),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([ctx.register(intent)]));
  return { identifier: description };
}
