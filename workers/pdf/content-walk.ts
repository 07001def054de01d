// Walks a page's content streams (and Form XObjects, tiling patterns, printable annotation
// appearances, soft-mask groups) with just enough of a graphics state to learn what a preflight
// needs: placed images with their effective resolution, fonts and whether their text is visible,
// colour spaces and colour use, transparency, and the rough extent of text. What does not print
// is not counted: content on layers that are off by default, and soft masks (their images are
// listed apart). Work is capped per page and per document (see WalkBudget).
import type { IncompleteReason, PdfImageFact, Rect } from '../../src/core/types';
import { type ColorSpaceInfo, GRAY, canBeColor, describeColorSpace, isColorful } from './colorspace';
import type { PdfDocument } from './document';
import { type FontInfo, describeFont, fontIdentity } from './fonts';
import { Lexer, isWhite } from './lexer';
import { PdfDict, PdfKeyword, PdfName, PdfRef, PdfStream, type PdfValue, dictOf, isName, nameOf, numberOf } from './objects';
import { IDENTITY, type Matrix, applyPoint, multiply, round2, toMatrix } from './matrix';
import type { OptionalContent } from './optional-content';
import { describeImage, extGStateIsTransparent, softMaskGroup } from './xobject-facts';
import type { PageGraphics } from './graphics-facts';

/** Form and pattern nesting followed (veraPDF 6-1-12-t08, a valid PDF/A, nests 33 forms). */
const MAX_DEPTH = 64;
const MAX_STACK = 256;
const MAX_OPERANDS = 4096;
/**
 * Image placements recorded per page: a page of 10 000 tiny logos needs no 10 000 facts. Past it
 * the page's images are not all known (imagesCapped), and the checks on images say so.
 */
const MAX_IMAGES_PER_PAGE = 2000;
/** Operators that put marks on the page (skipped inside content on a hidden layer). */
const MARKING_OPS = new Set(['Tj', 'TJ', "'", '"', 'Do', 'BI', 'sh', 'cs', 'CS', 'sc', 'scn', 'SC', 'SCN', 'g', 'G', 'rg', 'RG', 'k', 'K', 'gs']);

export interface WalkBudget {
  /** Decoded content bytes still allowed for the whole document. */
  totalBytes: number;
  /** Operators still allowed for the whole document (forms drawn many times add up). */
  totalOps: number;
  /** Per page: decoded bytes and operators. */
  pageBytes: number;
  pageOps: number;
  /** Form XObjects and tiling patterns run per page (a form drawing two forms, 20 deep, is 2^20 runs). */
  pageForms: number;
}

export interface PageScan {
  images: PdfImageFact[];
  /** Images inside soft-mask groups: they shape transparency, they are not printed themselves. */
  softMaskImages: PdfImageFact[];
  fonts: Map<string, FontInfo & { visible: boolean }>;
  colorSpaces: Set<string>;
  spots: Set<string>;
  isColor: boolean;
  transparency: boolean;
  textBox?: Rect;
  /** Some content was not walked (budget, encryption, undecodable filter). */
  incomplete: boolean;
  /** Why: checks that depend on the page's content say which limit stopped the walk. */
  cuts: Set<IncompleteReason>;
  imagesCapped?: boolean;
  /** Collector of print facts (text sizes, strokes, overprint...), see graphics-facts.ts. */
  graphics?: PageGraphics;
}

interface GState {
  ctm: Matrix;
  tr: number;
  font: { key: string; info: FontInfo } | null;
  fill: ColorSpaceInfo;
  stroke: ColorSpaceInfo;
}

export function newPageScan(): PageScan {
  return { images: [], softMaskImages: [], fonts: new Map(), colorSpaces: new Set(), spots: new Set(), isColor: false, transparency: false, incomplete: false, cuts: new Set() };
}

export class ContentWalker {
  private formStack = new Set<number>();
  /** Decoded forms of this page: a logo drawn 500 times is inflated once. */
  private decodedForms = new Map<PdfStream, Uint8Array | null>();
  /** Soft-mask groups already walked on this page (a mask set 1000 times is read once). */
  private walkedMasks = new Set<PdfStream>();
  /** > 0 while walking a soft-mask group: its images are listed apart, its colours print nothing. */
  private inMask = 0;

  constructor(
    private readonly doc: PdfDocument,
    private readonly scan: PageScan,
    private readonly budget: WalkBudget,
    private readonly pageNumber: number,
    private readonly userUnit: number,
    private readonly layers?: OptionalContent,
  ) {}

  /**
   * A printable annotation's appearance stream, drawn into the annotation's Rect as a printer
   * does (PDF 32000-1 12.5.5: the BBox, transformed by the form's Matrix, is fitted to the Rect).
   */
  async walkAppearance(stream: PdfStream, ref: PdfValue | undefined, pageResources: PdfDict | undefined, rect: Rect): Promise<void> {
    const bbox = await this.doc.resolve(stream.dict.get('BBox'));
    const box = Array.isArray(bbox) && bbox.length >= 4 ? bbox.slice(0, 4).map((v) => numberOf(v) ?? 0) : null;
    if (!box) return;
    const m = toMatrix(await this.doc.resolve(stream.dict.get('Matrix'))) ?? IDENTITY;
    const pts = [applyPoint(m, box[0]!, box[1]!), applyPoint(m, box[2]!, box[1]!), applyPoint(m, box[0]!, box[3]!), applyPoint(m, box[2]!, box[3]!)];
    const x0 = Math.min(...pts.map((p) => p[0]));
    const y0 = Math.min(...pts.map((p) => p[1]));
    const w = Math.max(...pts.map((p) => p[0])) - x0;
    const h = Math.max(...pts.map((p) => p[1])) - y0;
    if (w <= 0 || h <= 0) return;
    const sx = (rect[2] - rect[0]) / w;
    const sy = (rect[3] - rect[1]) / h;
    const fit: Matrix = [sx, 0, 0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy];
    await this.form(stream, ref, pageResources, fit, 0);
  }

  async walkPage(contents: PdfValue | undefined, resources: PdfDict | undefined): Promise<void> {
    const streams = await this.doc.resolve(contents);
    const list = Array.isArray(streams) ? streams : [streams];
    const parts: Uint8Array[] = [];
    for (const s of list) {
      const stream = await this.doc.resolve(s);
      if (stream instanceof PdfStream) {
        const data = await this.decode(stream);
        if (data) parts.push(data, new Uint8Array([0x0a]));
      }
    }
    const total = parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    await this.run(all, resources, IDENTITY, 0);
  }

  private async decode(stream: PdfStream): Promise<Uint8Array | null> {
    const allowed = Math.min(this.budget.totalBytes, this.budget.pageBytes);
    if (allowed <= 0) {
      this.cut('decode_budget');
      return null;
    }
    try {
      const data = await this.doc.streamData(stream, allowed + 1);
      if (data.length > allowed) this.cut('decode_budget');
      this.budget.totalBytes -= data.length;
      this.budget.pageBytes -= data.length;
      return data.subarray(0, allowed);
    } catch {
      this.cut(this.doc.locked ? 'encrypted' : 'undecodable');
      return null;
    }
  }

  /** The walk stops short of part of the page: say why, so dependent checks cannot pass. */
  private cut(reason: IncompleteReason): void {
    this.scan.incomplete = true;
    this.scan.cuts.add(reason);
  }

  private async run(data: Uint8Array, resources: PdfDict | undefined, base: Matrix, depth: number): Promise<void> {
    const lx = new Lexer(data);
    const stack: GState[] = [];
    let gs: GState = { ctm: base, tr: 0, font: null, fill: GRAY, stroke: GRAY };
    let tm: Matrix = IDENTITY;
    let tlm: Matrix = IDENTITY;
    let leading = 0;
    const ops: PdfValue[] = [];
    const nums = (): number[] => ops.map((x) => numberOf(x) ?? 0);
    const res = resources;
    /** Marked-content nesting: true for a sequence on a layer that is off (it and its contents do not print). */
    const marked: boolean[] = [];
    let hidden = 0;

    for (;;) {
      if (--this.budget.pageOps < 0 || --this.budget.totalOps < 0) {
        this.cut('operator_budget');
        return;
      }
      const tok = lx.parse(false);
      if (tok === undefined) return;
      if (!(tok instanceof PdfKeyword)) {
        if (ops.length < MAX_OPERANDS) ops.push(tok);
        continue;
      }
      const op = tok.word;
      if (op === 'BMC' || op === 'BDC') {
        const off = op === 'BDC' && nameOf(ops[0]) === 'OC' && (await this.hiddenLayer(res, ops[1]));
        if (marked.length < MAX_STACK) marked.push(off);
        if (off) hidden++;
      } else if (op === 'EMC') {
        if (marked.pop()) hidden--;
      }
      if (hidden > 0 && MARKING_OPS.has(op)) {
        if (op === 'BI') await this.inlineImage(lx, res, gs, false);
        ops.length = 0;
        continue;
      }
      switch (op) {
        case 'q':
          if (stack.length < MAX_STACK) stack.push({ ...gs });
          break;
        case 'Q':
          gs = stack.pop() ?? gs;
          break;
        case 'cm': {
          const m = toMatrix(ops);
          if (m) gs.ctm = multiply(m, gs.ctm);
          break;
        }
        case 'BT':
          tm = tlm = IDENTITY;
          break;
        case 'Tm': {
          const m = toMatrix(ops);
          if (m) tm = tlm = m;
          break;
        }
        case 'Td':
        case 'TD': {
          const [tx = 0, ty = 0] = nums();
          if (op === 'TD') leading = -ty;
          tm = tlm = multiply([1, 0, 0, 1, tx, ty], tlm);
          break;
        }
        case 'TL':
          leading = nums()[0] ?? 0;
          break;
        case 'T*':
          tm = tlm = multiply([1, 0, 0, 1, 0, -leading], tlm);
          break;
        case 'Tr':
          gs.tr = nums()[0] ?? 0;
          break;
        case 'Tf': {
          const fname = nameOf(ops[0]);
          gs.font = fname ? await this.font(res, fname) : null;
          break;
        }
        case "'":
        case '"':
          tm = tlm = multiply([1, 0, 0, 1, 0, -leading], tlm);
          this.showText(gs, tm);
          break;
        case 'Tj':
        case 'TJ':
          this.showText(gs, tm);
          break;
        case 'gs':
          if (await extGStateIsTransparent(this.doc, res, nameOf(ops[0]))) this.scan.transparency = true;
          await this.softMask(res, nameOf(ops[0]), gs.ctm, depth);
          break;
        case 'g':
        case 'G':
          this.useSpace(GRAY);
          if (op === 'g') gs.fill = GRAY;
          else gs.stroke = GRAY;
          break;
        case 'rg':
        case 'RG':
          this.useColor(await describeColorSpace(this.doc, new PdfName('DeviceRGB'), res), nums(), op === 'rg' ? 'fill' : 'stroke', gs);
          break;
        case 'k':
        case 'K':
          this.useColor(await describeColorSpace(this.doc, new PdfName('DeviceCMYK'), res), nums(), op === 'k' ? 'fill' : 'stroke', gs);
          break;
        case 'cs':
        case 'CS': {
          const cs = await describeColorSpace(this.doc, ops[0], res);
          this.useSpace(cs);
          if (op === 'cs') gs.fill = cs;
          else gs.stroke = cs;
          break;
        }
        case 'sc':
        case 'scn':
        case 'SC':
        case 'SCN': {
          const cs = op === 'sc' || op === 'scn' ? gs.fill : gs.stroke;
          const patternName = nameOf(ops[ops.length - 1]);
          // a tiling pattern lives in the space of the content stream that owns it (`base`),
          // whatever the CTM is where it paints (PDF 32000-1 8.7.2)
          if (patternName !== undefined) await this.pattern(res, patternName, base, depth);
          else if (isColorful(cs, nums())) this.scan.isColor = true;
          break;
        }
        case 'sh': {
          const sh = dictOf(await this.doc.resolve(dictOf(await this.doc.resolve(res?.get('Shading')))?.get(nameOf(ops[0]) ?? '')));
          if (sh) this.useSpace(await describeColorSpace(this.doc, sh.get('ColorSpace'), res), true);
          break;
        }
        case 'Do':
          await this.xobject(res, nameOf(ops[0]), gs, depth);
          break;
        case 'BI':
          await this.inlineImage(lx, res, gs, true);
          break;
      }
      const pending = this.scan.graphics?.operator(op, ops, gs, tm, res);
      if (pending) await pending;
      ops.length = 0;
    }
  }

  private async hiddenLayer(res: PdfDict | undefined, props: PdfValue | undefined): Promise<boolean> {
    if (!this.layers?.anyHidden) return false;
    const name = nameOf(props);
    const table = dictOf(await this.doc.resolve(res?.get('Properties')));
    return this.layers.hides(name !== undefined ? table?.get(name) : undefined);
  }

  /** An ExtGState's soft mask: walk its group so its images are known, apart from what prints. */
  private async softMask(res: PdfDict | undefined, name: string | undefined, ctm: Matrix, depth: number): Promise<void> {
    const g = await softMaskGroup(this.doc, res, name);
    if (!g || this.walkedMasks.has(g.stream)) return;
    this.walkedMasks.add(g.stream);
    this.inMask++;
    try {
      await this.form(g.stream, g.ref, res, ctm, depth);
    } finally {
      this.inMask--;
    }
  }

  private useSpace(cs: ColorSpaceInfo, drawsColor = false): void {
    if (this.inMask > 0) return; // a mask's colours are levels of opacity, not inks
    for (const n of cs.names) this.scan.colorSpaces.add(n);
    for (const s of cs.spots) this.scan.spots.add(s);
    if (drawsColor && canBeColor(cs)) this.scan.isColor = true;
  }

  private useColor(cs: ColorSpaceInfo, values: number[], which: 'fill' | 'stroke', gs: GState): void {
    this.useSpace(cs);
    if (which === 'fill') gs.fill = cs;
    else gs.stroke = cs;
    if (isColorful(cs, values) && this.inMask === 0) this.scan.isColor = true;
  }

  private showText(gs: GState, tm: Matrix): void {
    if (!gs.font) return;
    const visible = gs.tr !== 3 && gs.tr !== 7;
    const entry = this.scan.fonts.get(gs.font.key);
    if (!entry) this.scan.fonts.set(gs.font.key, { ...gs.font.info, visible });
    else if (visible) entry.visible = true;
    if (!visible || this.inMask > 0) return;
    const [x, y] = applyPoint(multiply(tm, gs.ctm), 0, 0);
    const b = this.scan.textBox;
    this.scan.textBox = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
  }

  private async font(res: PdfDict | undefined, name: string): Promise<GState['font']> {
    const table = dictOf(await this.doc.resolve(res?.get('Font')));
    const ref = table?.get(name);
    const info = await describeFont(this.doc, ref, name);
    return info ? { key: fontIdentity(ref, info), info } : null;
  }

  private async xobject(res: PdfDict | undefined, name: string | undefined, gs: GState, depth: number): Promise<void> {
    if (!name) return;
    const table = dictOf(await this.doc.resolve(res?.get('XObject')));
    const ref = table?.get(name);
    const x = await this.doc.resolve(ref);
    if (!(x instanceof PdfStream)) return;
    if (this.layers?.anyHidden && (await this.layers.hides(x.dict.get('OC')))) return;
    const subtype = nameOf(x.dict.get('Subtype'));
    if (subtype === 'Image') {
      await this.placeImage(x.dict, res, gs, false);
    } else if (subtype === 'Form') {
      await this.form(x, ref, res, gs.ctm, depth);
    }
  }

  private async form(x: PdfStream, ref: PdfValue | undefined, parentRes: PdfDict | undefined, ctm: Matrix, depth: number): Promise<void> {
    const refNum = ref instanceof PdfRef ? ref.num : -1;
    if (depth >= MAX_DEPTH || this.formStack.has(refNum)) {
      this.cut('operator_budget');
      this.doc.warnings.push('form or pattern nesting too deep or recursive; not followed');
      return;
    }
    if (--this.budget.pageForms < 0) {
      this.cut('operator_budget');
      return;
    }
    const group = dictOf(await this.doc.resolve(x.dict.get('Group')));
    if (group && isName(group.get('S'), 'Transparency')) this.scan.transparency = true;
    const matrix = toMatrix(await this.doc.resolve(x.dict.get('Matrix'))) ?? IDENTITY;
    const formRes = dictOf(await this.doc.resolve(x.dict.get('Resources'))) ?? parentRes;
    let data = this.decodedForms.get(x);
    if (data === undefined) {
      data = await this.decode(x);
      this.decodedForms.set(x, data);
    }
    if (!data) return;
    if (refNum >= 0) this.formStack.add(refNum);
    const graphicsDepth = this.scan.graphics?.enterForm();
    try {
      await this.run(data, formRes, multiply(matrix, ctm), depth + 1);
    } finally {
      this.formStack.delete(refNum);
      if (graphicsDepth !== undefined) this.scan.graphics!.exitForm(graphicsDepth);
    }
  }

  private async pattern(res: PdfDict | undefined, name: string, ctm: Matrix, depth: number): Promise<void> {
    const table = dictOf(await this.doc.resolve(res?.get('Pattern')));
    const ref = table?.get(name);
    const p = await this.doc.resolve(ref);
    const d = dictOf(p);
    if (!d) return;
    if (numberOf(d.get('PatternType')) === 2) {
      const sh = dictOf(await this.doc.resolve(d.get('Shading')));
      if (sh) this.useSpace(await describeColorSpace(this.doc, sh.get('ColorSpace'), res), true);
    } else if (p instanceof PdfStream) {
      // tiling pattern: its cell is a content stream like a form (pattern cycles are guarded)
      await this.form(p, ref, res, ctm, depth);
    }
  }

  private async placeImage(dict: PdfDict, res: PdfDict | undefined, gs: GState, inline: boolean): Promise<void> {
    const img = await describeImage(this.doc, dict, res, inline);
    if (!img) return;
    await this.scan.graphics?.image(dict);
    if (img.transparency) this.scan.transparency = true;
    if (img.colorSpace) this.useSpace(img.colorSpace, true);
    const m = gs.ctm;
    const wPt = Math.hypot(m[0], m[1]) * this.userUnit;
    const hPt = Math.hypot(m[2], m[3]) * this.userUnit;
    if (wPt < 1e-6 || hPt < 1e-6) return; // degenerate placement: nothing visible
    const list = this.inMask > 0 ? this.scan.softMaskImages : this.scan.images;
    if (list.length >= MAX_IMAGES_PER_PAGE) {
      if (this.inMask === 0) this.scan.imagesCapped = true;
      return;
    }
    const corners = [applyPoint(m, 0, 0), applyPoint(m, 1, 0), applyPoint(m, 0, 1), applyPoint(m, 1, 1)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const rect: Rect = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map(round2) as Rect;
    list.push({
      page: this.pageNumber,
      widthPx: img.width,
      heightPx: img.height,
      ppiX: round2(img.width / (wPt / 72)),
      ppiY: round2(img.height / (hPt / 72)),
      colorSpace: img.imageMask ? 'ImageMask' : (img.colorSpace?.names.join('/') ?? img.colorSpaceFallback),
      bitsPerComponent: img.bits,
      hasMask: img.hasMask,
      ...(img.filter ? { filter: img.filter } : {}),
      rect,
    });
  }

  /** BI <dict> ID <binary> EI: read the dict, then skip the data to a whitespace-delimited EI (and place it when it prints). */
  private async inlineImage(lx: Lexer, res: PdfDict | undefined, gs: GState, prints: boolean): Promise<void> {
    const dict = new PdfDict();
    for (let i = 0; i < 256; i++) {
      const key = lx.parse(false);
      if (key === undefined) return;
      if (key instanceof PdfKeyword && key.word === 'ID') break;
      if (!(key instanceof PdfName)) continue;
      const value = lx.parse(false);
      if (value === undefined) return;
      if (value instanceof PdfKeyword && value.word === 'ID') break;
      dict.map.set(key.name, value);
    }
    const buf = lx.buf;
    let p = lx.pos + 1;
    const declared = numberOf(dict.get('L')) ?? numberOf(dict.get('Length'));
    if (declared !== undefined && declared > 0) p += declared;
    while (p + 1 < buf.length) {
      if (buf[p] === 0x45 && buf[p + 1] === 0x49 && isWhite(buf[p - 1]!) && (p + 2 >= buf.length || isWhite(buf[p + 2]!))) break;
      p++;
    }
    lx.pos = Math.min(buf.length, p + 2);
    if (prints) await this.placeImage(dict, res, gs, true);
  }
}
