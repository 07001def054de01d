// PdfFacts from the file's own objects, read lazily through a ByteSource. Throws PdfInspectError
// for files that are not PDFs or empty, PdfParseError (or anything else) when it cannot cope;
// inspectPdf then falls back to pdf.js.
import type { PdfFacts, PdfFontFact, PdfImageFact, PdfPageFacts, Rect } from '../../src/core/types';
import { readCatalogFacts, isJavaScriptAction } from './catalog-facts';
import { ContentWalker, type WalkBudget, newPageScan } from './content-walk';
import { DocumentGraphics, outputIntentProfiles } from './graphics-facts';
import type { PdfDocument } from './document';
import { dictOf, isName, nameOf, numberOf } from './objects';
import { type PageNode, readPages, readRect, trimSizeMm } from './pages';

export interface ReaderLimits {
  /** Decoded content-stream bytes per page (default 8 MB). */
  pageContentBytes?: number;
  /** Decoded content-stream bytes for the whole document (default 64 MB). */
  totalContentBytes?: number;
  /** Operators interpreted per page (default 2 million). */
  pageOperators?: number;
  /** Operators interpreted for the whole document (default 20 million). */
  totalOperators?: number;
  /** Pages whose content is walked; later pages get boxes only (default 2000). */
  maxWalkedPages?: number;
}

const MAX_ANNOTS_PER_PAGE = 500;

/** Facts of an opened document (see PdfDocument.open). */
export async function readPdfFacts(doc: PdfDocument, limits: ReaderLimits = {}): Promise<PdfFacts> {
  const catalog = await readCatalogFacts(doc);
  (await outputIntentProfiles(doc)).forEach((profile, i) => {
    const intent = catalog.outputIntents[i];
    if (intent && profile) intent.profile = profile;
  });
  const graphics = new DocumentGraphics(doc);
  let walkedPages = 0;
  const pages = await readPages(doc);
  const budget: WalkBudget = {
    totalBytes: limits.totalContentBytes ?? 64 * 1024 * 1024,
    totalOps: limits.totalOperators ?? 20_000_000,
    pageBytes: 0,
    pageOps: 0,
    pageForms: 0,
  };
  const maxWalked = limits.maxWalkedPages ?? 2000;

  const pageFacts: PdfPageFacts[] = [];
  const images: PdfImageFact[] = [];
  const fonts = new Map<string, PdfFontFact & { visible: boolean }>();
  const colorSpaces = new Set<string>();
  const spots = new Set<string>();
  const annotations: PdfFacts['annotations'] = [];
  let usesTransparency = false;
  let javascript = catalog.javascript;
  let skippedWalks = 0;

  for (let i = 0; i < pages.length; i++) {
    const node = pages[i]!;
    const number = i + 1;
    const facts: PdfPageFacts = { page: number, boxes: node.boxes, rotate: node.rotate, userUnit: node.userUnit, ...trimSizeMm(node.boxes, node.rotate, node.userUnit) };
    pageFacts.push(facts);
    const group = dictOf(await doc.resolve(node.dict.get('Group')));
    let pageTransparency = !!group && isName(await doc.resolve(group.get('S')), 'Transparency');

    if (doc.encrypted || i >= maxWalked) {
      skippedWalks++;
      facts.isColor = null;
      facts.contentIncomplete = true;
    } else {
      const scan = newPageScan();
      scan.graphics = graphics.page(number, node.userUnit);
      walkedPages++;
      budget.pageBytes = limits.pageContentBytes ?? 8 * 1024 * 1024;
      budget.pageOps = limits.pageOperators ?? 2_000_000;
      budget.pageForms = 5_000;
      await new ContentWalker(doc, scan, budget, number, node.userUnit).walkPage(node.dict.get('Contents'), node.resources);
      await graphics.add(scan.graphics, number);
      pageTransparency ||= scan.transparency;
      images.push(...scan.images);
      for (const [key, f] of scan.fonts) {
        const known = fonts.get(key);
        if (known) {
          if (!known.pages.includes(number)) known.pages.push(number);
          known.visible ||= f.visible;
        } else fonts.set(key, { name: f.name, type: f.type, embedded: f.embedded, subset: f.subset, type3: f.type3, pages: [number], visible: f.visible });
      }
      for (const c of scan.colorSpaces) colorSpaces.add(c);
      for (const s of scan.spots) spots.add(s);
      facts.colorSpaces = [...scan.colorSpaces];
      facts.isColor = scan.incomplete ? (scan.isColor ? true : null) : scan.isColor;
      if (scan.textBox) facts.textBox = scan.textBox.map((n) => Math.round(n * 100) / 100) as Rect;
      if (scan.incomplete) facts.contentIncomplete = true;
      if (scan.imagesCapped) doc.warnings.push(`page ${number} places more images than are listed`);
    }
    facts.usesTransparency = pageTransparency;
    usesTransparency ||= pageTransparency;
    if (await readAnnotations(doc, node, number, annotations)) javascript = true;
  }
  if (skippedWalks > 0) {
    doc.warnings.push(doc.encrypted ? 'page content not inspected: the file is encrypted' : `page content of ${plural(skippedWalks, 'page')} not inspected (page limit)`);
  }
  const incomplete = pageFacts.filter((p) => p.contentIncomplete).length - skippedWalks;
  if (incomplete > 0) doc.warnings.push(`page content of ${plural(incomplete, 'page')} only partly inspected`);

  const version = newerVersion(doc.headerVersion, catalog.catalogVersion);
  const facts: PdfFacts = {
    version,
    pageCount: pages.length,
    pages: pageFacts,
    fonts: [...fonts.values()].map(({ visible, ...f }) => ({ ...f, invisibleOnly: !visible })),
    images,
    colorSpaces: [...colorSpaces],
    spotColors: [...spots],
    outputIntents: catalog.outputIntents,
    usesTransparency,
    annotations,
    formFields: catalog.formFields,
    xfa: catalog.xfa,
    javascript,
    attachments: catalog.attachments,
    layers: catalog.layers,
    signatures: catalog.signatures,
    encrypted: catalog.encrypted,
    permissions: catalog.permissions,
    ...(catalog.pdfx ? { pdfx: catalog.pdfx } : {}),
    ...(catalog.pdfa ? { pdfa: catalog.pdfa } : {}),
    ...(walkedPages > 0 ? { graphics: graphics.result() } : {}),
    warnings: [...new Set(doc.warnings)],
    reader: 'object-reader',
  };
  return facts;
}

/** Collect a page's annotations; returns true when one of them runs JavaScript. */
async function readAnnotations(doc: PdfDocument, node: PageNode, page: number, out: PdfFacts['annotations']): Promise<boolean> {
  const annots = await doc.resolve(node.dict.get('Annots'));
  if (!Array.isArray(annots)) return false;
  let js = false;
  for (const a of annots.slice(0, MAX_ANNOTS_PER_PAGE)) {
    const d = dictOf(await doc.resolve(a));
    if (!d) continue;
    const subtype = nameOf(await doc.resolve(d.get('Subtype'))) ?? 'Unknown';
    const rect = await readRect(doc, d.get('Rect'));
    out.push({ page, subtype, ...(rect ? { rect } : {}) });
    if (await isJavaScriptAction(doc, d.get('A'))) js = true;
    const aa = dictOf(await doc.resolve(d.get('AA')));
    if (aa) for (const v of aa.map.values()) if (await isJavaScriptAction(doc, v)) js = true;
  }
  return js;
}

function newerVersion(header: string, catalog: string | undefined): string {
  if (!catalog) return header;
  return (numberOf(Number(catalog)) ?? 0) > (numberOf(Number(header)) ?? 0) ? catalog : header;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
