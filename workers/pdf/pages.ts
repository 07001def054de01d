// Page tree walk with inherited attributes (MediaBox, CropBox, Rotate, Resources) and page boxes.
import type { PdfBoxes, Rect } from '../../src/core/types';
import type { PdfDocument } from './document';
import { PdfParseError } from './errors';
import { PdfDict, PdfRef, type PdfValue, dictOf, isName, numberOf } from './objects';

export const MAX_PAGES = 100_000;
const MAX_TREE_DEPTH = 64;
const LETTER: Rect = [0, 0, 612, 792];

export interface PageNode {
  dict: PdfDict;
  boxes: PdfBoxes;
  rotate: number;
  userUnit: number;
  resources: PdfDict | undefined;
}

interface Inherited {
  media?: PdfValue;
  crop?: PdfValue;
  rotate?: PdfValue;
  resources?: PdfValue;
}

export async function readPages(doc: PdfDocument): Promise<PageNode[]> {
  const catalog = await doc.catalog();
  const root = dictOf(await doc.resolve(catalog.get('Pages')));
  const pages: PageNode[] = [];
  if (!root) return pages;
  const seen = new Set<PdfDict>();
  const visitedRefs = new Set<number>();

  async function walk(node: PdfDict, inh: Inherited, depth: number): Promise<void> {
    if (depth > MAX_TREE_DEPTH || pages.length >= MAX_PAGES || seen.has(node)) return;
    seen.add(node);
    const here: Inherited = {
      media: node.get('MediaBox') ?? inh.media,
      crop: node.get('CropBox') ?? inh.crop,
      rotate: node.get('Rotate') ?? inh.rotate,
      resources: node.get('Resources') ?? inh.resources,
    };
    const kids = await doc.resolve(node.get('Kids'));
    // A node with /Kids is an intermediate node even when /Type is missing or wrong.
    if (Array.isArray(kids) && !isName(node.get('Type'), 'Page')) {
      for (const kid of kids) {
        if (kid instanceof PdfRef) {
          if (visitedRefs.has(kid.num)) continue; // a loop in the tree
          visitedRefs.add(kid.num);
        }
        const d = dictOf(await doc.resolve(kid));
        if (d) await walk(d, here, depth + 1);
      }
      return;
    }
    pages.push(await makePage(doc, node, here));
  }

  await walk(root, {}, 0);
  if (pages.length >= MAX_PAGES) doc.warnings.push(`more than ${MAX_PAGES} pages; the rest were not read`);
  return pages;
}

async function makePage(doc: PdfDocument, dict: PdfDict, inh: Inherited): Promise<PageNode> {
  let media = await readRect(doc, inh.media);
  if (!media) {
    // In a cut-off file the box was probably lost, not absent: do not guess a size.
    if (doc.truncated) throw new PdfParseError('page size lost in a truncated file');
    doc.warnings.push('a page has no valid MediaBox; US Letter assumed');
    media = LETTER;
  }
  const cropRaw = await readRect(doc, inh.crop);
  const crop = (cropRaw && intersect(cropRaw, media)) ?? media;
  const boxes: PdfBoxes = { media, crop };
  for (const [key, field] of [
    ['TrimBox', 'trim'],
    ['BleedBox', 'bleed'],
    ['ArtBox', 'art'],
  ] as const) {
    const r = await readRect(doc, dict.get(key));
    const clipped = r && intersect(r, media);
    if (clipped) boxes[field] = clipped;
  }
  const rotRaw = numberOf(await doc.resolve(inh.rotate)) ?? 0;
  // Rotate must be a multiple of 90; anything else is treated like pdf.js does (ignored).
  const rotate = rotRaw % 90 === 0 ? (((rotRaw % 360) + 360) % 360) : 0;
  const uu = numberOf(await doc.resolve(dict.get('UserUnit')));
  const userUnit = uu !== undefined && uu > 0 && uu < 1000 ? uu : 1;
  return { dict, boxes, rotate, userUnit, resources: dictOf(await doc.resolve(inh.resources)) };
}

export async function readRect(doc: PdfDocument, v: PdfValue | undefined): Promise<Rect | undefined> {
  const arr = await doc.resolve(v);
  if (!Array.isArray(arr) || arr.length < 4) return undefined;
  const n: number[] = [];
  for (const x of arr.slice(0, 4)) {
    const num = numberOf(await doc.resolve(x));
    if (num === undefined) return undefined;
    n.push(num);
  }
  const r: Rect = [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
  return r[2] - r[0] > 0 && r[3] - r[1] > 0 ? r : undefined;
}

export function intersect(a: Rect, b: Rect): Rect | undefined {
  const r: Rect = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[2] > r[0] && r[3] > r[1] ? r : undefined;
}

export const PT_TO_MM = 25.4 / 72;

/** Trim size (TrimBox, else CropBox ∩ MediaBox) in mm, UserUnit and rotation applied. */
export function trimSizeMm(boxes: PdfBoxes, rotate: number, userUnit: number): { widthMm: number; heightMm: number } {
  const r = boxes.trim ?? boxes.crop;
  const w = (r[2] - r[0]) * userUnit * PT_TO_MM;
  const h = (r[3] - r[1]) * userUnit * PT_TO_MM;
  const swap = rotate === 90 || rotate === 270;
  return { widthMm: round2(swap ? h : w), heightMm: round2(swap ? w : h) };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
