// PdfFacts from the file's own objects, read lazily through a ByteSource. Throws PdfInspectError
// for files that are not PDFs or empty, PdfParseError (or anything else) when it cannot cope;
// inspectPdf then falls back to pdf.js.
import type { FactArea, IncompleteFact, IncompleteReason, PdfFacts, PdfFontFact, PdfImageFact, PdfPageFacts, Rect } from '../../src/core/types';
import { CONTENT_AREAS } from '../../src/core/checks/unverified';
import { readCatalogFacts, isJavaScriptAction } from './catalog-facts';
import { printableAppearances } from './annotations';
import { ContentWalker, type WalkBudget, newPageScan } from './content-walk';
import { OptionalContent } from './optional-content';
import { DocumentGraphics, outputIntentProfiles } from './graphics-facts';
import type { PdfDocument } from './document';
import { dictOf, isName, nameOf, numberOf } from './objects';
import { MAX_PAGES, type PageNode, readPages, readRect, trimSizeMm } from './pages';

/**
 * Work limits of the content walk. Whatever they cut short is reported in PdfFacts.incomplete and
 * fails the checks that depend on it, so they only bound time and memory; they are set high
 * enough that real heavy vector pages (maps, CAD plans: tens of MB of path operators) are read in
 * full (src/core/checks/pdf/unverified.test.ts). The worker pool's deadline bounds time anyway.
 */
export interface ReaderLimits {
  /** Decoded content-stream bytes per page (default 256 MB). */
  pageContentBytes?: number;
  /** Decoded content-stream bytes for the whole document (default 1 GB). */
  totalContentBytes?: number;
  /** Tokens (operators and operands) interpreted per page (default 150 million). */
  pageOperators?: number;
  /** Tokens interpreted for the whole document (default 600 million). */
  totalOperators?: number;
  /** Pages whose content is walked; later pages get boxes only (default 20 000). */
  maxWalkedPages?: number;
}

export const DEFAULT_LIMITS: Required<ReaderLimits> = {
  pageContentBytes: 256 * 1024 * 1024,
  totalContentBytes: 1024 * 1024 * 1024,
  pageOperators: 150_000_000,
  totalOperators: 600_000_000,
  maxWalkedPages: 20_000,
};

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
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const budget: WalkBudget = {
    totalBytes: lim.totalContentBytes,
    totalOps: lim.totalOperators,
    pageBytes: 0,
    pageOps: 0,
    pageForms: 0,
  };
  const maxWalked = lim.maxWalkedPages;
  const gaps = new GapList();
  const layers = await OptionalContent.read(doc, await doc.catalog());
  // pages past the page-tree cap are not read at all: nothing about them is known
  if (pages.length >= MAX_PAGES) gaps.add([...CONTENT_AREAS, 'boxes', 'annotations'], 'page_limit');

  const pageFacts: PdfPageFacts[] = [];
  const images: PdfImageFact[] = [];
  const softMaskImages: PdfImageFact[] = [];
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

    if (doc.locked || i >= maxWalked) {
      skippedWalks++;
      facts.isColor = null;
      facts.contentIncomplete = true;
      gaps.add(CONTENT_AREAS, doc.locked ? 'encrypted' : 'page_limit', number);
    } else {
      const scan = newPageScan();
      scan.graphics = graphics.page(number, node.userUnit);
      walkedPages++;
      budget.pageBytes = lim.pageContentBytes;
      budget.pageOps = lim.pageOperators;
      budget.pageForms = 5_000;
      const walker = new ContentWalker(doc, scan, budget, number, node.userUnit, layers);
      await walker.walkPage(node.dict.get('Contents'), node.resources);
      // a printer prints the appearances of printable annotations (widgets, FreeText, stamps) too
      for (const ap of await printableAppearances(doc, node.dict.get('Annots'), layers)) await walker.walkAppearance(ap.stream, ap.ref, node.resources, ap.rect);
      await graphics.add(scan.graphics, number);
      pageTransparency ||= scan.transparency;
      images.push(...scan.images);
      softMaskImages.push(...scan.softMaskImages);
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
      for (const reason of scan.cuts) gaps.add(CONTENT_AREAS, reason, number);
      if (scan.incomplete && scan.cuts.size === 0) gaps.add(CONTENT_AREAS, 'undecodable', number);
      if (scan.imagesCapped) {
        doc.warnings.push(`page ${number} places more images than are listed`);
        gaps.add(['images'], 'object_limit', number);
      }
    }
    facts.usesTransparency = pageTransparency;
    usesTransparency ||= pageTransparency;
    const annots = await readAnnotations(doc, node, number, annotations);
    if (annots.javascript) javascript = true;
    if (annots.capped) gaps.add(['annotations'], 'object_limit', number);
  }
  if (skippedWalks > 0) {
    doc.warnings.push(doc.locked ? `page content not inspected: the file is encrypted (${doc.securityProblem ?? 'not decrypted'})` : `page content of ${plural(skippedWalks, 'page')} not inspected (page limit)`);
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
    ...(softMaskImages.length ? { softMaskImages } : {}),
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
  for (const g of catalog.gaps) gaps.add([g.area], g.reason);
  const open = gaps.list();
  if (open.length) facts.incomplete = open;
  return facts;
}

/** Collect a page's annotations; says whether one of them runs JavaScript, and whether some were left out. */
async function readAnnotations(doc: PdfDocument, node: PageNode, page: number, out: PdfFacts['annotations']): Promise<{ javascript: boolean; capped: boolean }> {
  const annots = await doc.resolve(node.dict.get('Annots'));
  if (!Array.isArray(annots)) return { javascript: false, capped: false };
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
  return { javascript: js, capped: annots.length > MAX_ANNOTS_PER_PAGE };
}

function newerVersion(header: string, catalog: string | undefined): string {
  if (!catalog) return header;
  return (numberOf(Number(catalog)) ?? 0) > (numberOf(Number(header)) ?? 0) ? catalog : header;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Gaps in the facts, merged by area and reason with the pages they are on (null: whole file). */
class GapList {
  private byKey = new Map<string, { area: FactArea; reason: IncompleteReason; pages: Set<number> | null }>();

  add(areas: readonly FactArea[], reason: IncompleteReason, page?: number): void {
    for (const area of areas) {
      const key = `${area}:${reason}`;
      let g = this.byKey.get(key);
      if (!g) this.byKey.set(key, (g = { area, reason, pages: new Set() }));
      if (page === undefined) g.pages = null;
      else g.pages?.add(page);
    }
  }

  list(): IncompleteFact[] {
    return [...this.byKey.values()].map((g) => ({ area: g.area, reason: g.reason, ...(g.pages ? { pages: [...g.pages].sort((a, b) => a - b) } : {}) }));
  }
}
