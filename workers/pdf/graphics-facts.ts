// What the page content draws, for the print checks the profile format names: effective text
// sizes (text matrix × CTM × UserUnit), stroke widths (thinnest direction of the CTM), overprint
// (ExtGState OP/op/OPM) on colours other than pure black, rich black text, and the ICC profiles
// of ICCBased colour spaces. ContentWalker calls `operator` after each operator it has handled
// (so gs.fill/gs.stroke and the text matrix are current) and brackets forms with enter/exit; this
// module keeps the part of the graphics state it needs (line width, overprint, colour values,
// font size, current path) on its own stack, mirroring q/Q.
import type { PdfGraphicsFacts, PdfOverprintFact, Rect } from '../../src/core/types';
import { readIcc } from '../raster/icc';
import type { ColorSpaceInfo } from './colorspace';
import type { PdfDocument } from './document';
import type { FontInfo } from './fonts';
import { type Matrix, applyPoint, multiply, round2 } from './matrix';
import { PdfDict, PdfStream, type PdfValue, dictOf, nameOf, numberOf } from './objects';

/** The part of ContentWalker's graphics state this module reads. */
export interface WalkState {
  ctm: Matrix;
  tr: number;
  font: { info: FontInfo } | null;
  fill: ColorSpaceInfo;
  stroke: ColorSpaceInfo;
}

interface Own {
  lineWidth: number;
  fontSize: number;
  fillValues: number[];
  strokeValues: number[];
  /** Overprint for strokes (OP) and fills (op, defaulting to OP). */
  OP: boolean;
  op: boolean;
  OPM: number;
}

const MAX_STACK = 256;
const MAX_PER_PAGE = 100;
/**
 * Text sizes and strokes kept for the whole document: the smallest ones. Enough to judge any
 * minimum (if the smallest kept are above it, so is everything dropped) while a 2000-page file's
 * facts stay small enough to cross the worker boundary and be stored.
 */
const MAX_SMALLEST = 500;
/** Strokes at least this wide are never a print risk; listing them would only cost memory. */
const STROKE_LIST_BELOW = 2;
const MAX_ICC_BYTES = 16 * 1024 * 1024;

const initial = (): Own => ({ lineWidth: 1, fontSize: 0, fillValues: [0], strokeValues: [0], OP: false, op: false, OPM: 0 });

/** Values a colour space starts with after cs/CS (PDF 32000-1, 8.6.8). */
function initialValues(cs: ColorSpaceInfo): number[] {
  if (cs.names[0] === 'DeviceCMYK' || (cs.names[0]?.startsWith('ICCBased') && cs.components === 4)) return [0, 0, 0, 1];
  if (cs.names[0] === 'Separation' || cs.names[0] === 'DeviceN') return new Array(Math.max(1, cs.components)).fill(1);
  return new Array(Math.max(1, cs.components)).fill(0);
}

/** Smallest scale factor of a matrix (its smallest singular value). */
function minScale(m: Matrix): number {
  const [a, b, c, d] = m;
  const s = a * a + b * b + c * c + d * d;
  const det = a * d - b * c;
  return Math.sqrt(Math.max(0, (s - Math.sqrt(Math.max(0, s * s - 4 * det * det))) / 2));
}

function bbox(points: [number, number][]): Rect {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map(round2) as Rect;
}

type ColorClass = 'black' | 'white' | 'colour' | 'other';

/** Pure black (prints on the K plate only), white (no ink), or a colour, for overprint. */
function classify(cs: ColorSpaceInfo, v: number[]): ColorClass {
  const near = (x: number | undefined, y: number) => Math.abs((x ?? 0) - y) < 0.002;
  const first = cs.names[0];
  if (first === 'DeviceCMYK' || (cs.kind === 'cmyk' && first?.startsWith('ICCBased'))) {
    if (near(v[0], 0) && near(v[1], 0) && near(v[2], 0)) return near(v[3], 1) ? 'black' : near(v[3], 0) ? 'white' : 'colour';
    return 'colour';
  }
  if (first === 'DeviceGray' || (cs.kind === 'gray' && first?.startsWith('ICCBased'))) return near(v[0], 0) ? 'black' : near(v[0], 1) ? 'white' : 'colour';
  if (first === 'Separation' || first === 'DeviceN') {
    if (v.every((x) => near(x, 0))) return 'white';
    if (cs.colorant === 'Black' && near(v[0], 1)) return 'black';
    return 'colour';
  }
  // RGB, Lab, Indexed, patterns: overprint has no defined effect on them before conversion
  return 'other';
}

/** Room for a new entry of `value` in a map capped at MAX_PER_PAGE: evicts the largest when the new one is smaller. */
function makeRoom<K, V>(map: Map<K, V>, of: (v: V) => number, value: number): boolean {
  if (map.size < MAX_PER_PAGE) return true;
  let worstKey: K | undefined;
  let worst = -Infinity;
  for (const [k, v] of map) if (of(v) > worst) [worst, worstKey] = [of(v), k];
  if (worstKey === undefined || worst <= value) return false;
  map.delete(worstKey);
  return true;
}

/** The `k` smallest by `of`, in their original order. */
function smallest<T>(list: T[], of: (t: T) => number, k: number): T[] {
  if (list.length <= k) return list;
  const limit = [...list].map(of).sort((a, b) => a - b)[k - 1]!;
  const out: T[] = [];
  for (const t of list) if (of(t) < limit && out.length < k) out.push(t);
  for (const t of list) if (of(t) === limit && out.length < k) out.push(t);
  return out;
}

export class PageGraphics {
  private own: Own = initial();
  private stack: Own[] = [];
  private path: [number, number][] = [];
  private readonly textSizes = new Map<string, PdfGraphicsFacts['textSizes'][number]>();
  private readonly strokes = new Map<number, PdfGraphicsFacts['strokes'][number]>();
  private readonly overprint = new Map<string, PdfOverprintFact>();
  private readonly richBlack = new Map<string, PdfGraphicsFacts['richBlackText'][number]>();
  /** ICC streams met on this page. */
  readonly iccStreams = new Set<PdfStream>();

  constructor(
    private readonly doc: PdfDocument,
    private readonly page: number,
    private readonly userUnit: number,
  ) {}

  /** A form or pattern cell runs inside an implicit q … Q. */
  enterForm(): number {
    this.stack.push({ ...this.own });
    return this.stack.length;
  }

  exitForm(depth: number): void {
    this.stack.length = Math.min(this.stack.length, depth);
    this.own = this.stack.pop() ?? this.own;
  }

  /** Synchronous except for operators that look up resources (gs, cs, CS): no await per operator. */
  operator(op: string, ops: PdfValue[], gs: WalkState, tm: Matrix, res: PdfDict | undefined): Promise<void> | void {
    const n = (i: number) => numberOf(ops[i]) ?? 0;
    const nums = () => ops.map((x) => numberOf(x)).filter((x): x is number => x !== undefined);
    const o = this.own;
    switch (op) {
      case 'q':
        if (this.stack.length < MAX_STACK) this.stack.push({ ...o });
        return;
      case 'Q':
        this.own = this.stack.pop() ?? o;
        return;
      case 'w':
        o.lineWidth = Math.abs(n(0));
        return;
      case 'Tf':
        o.fontSize = n(1);
        return;
      case 'gs':
        return this.extGState(res, nameOf(ops[0]));
      case 'g':
      case 'rg':
      case 'k':
      case 'sc':
      case 'scn':
        o.fillValues = nums();
        return;
      case 'G':
      case 'RG':
      case 'K':
      case 'SC':
      case 'SCN':
        o.strokeValues = nums();
        return;
      case 'cs':
        o.fillValues = initialValues(gs.fill);
        return this.noteIcc(ops[0], res);
      case 'CS':
        o.strokeValues = initialValues(gs.stroke);
        return this.noteIcc(ops[0], res);
      case 'm':
      case 'l':
        this.path.push(applyPoint(gs.ctm, n(0), n(1)));
        return;
      case 'c':
        this.path.push(applyPoint(gs.ctm, n(0), n(1)), applyPoint(gs.ctm, n(2), n(3)), applyPoint(gs.ctm, n(4), n(5)));
        return;
      case 'v':
      case 'y':
        this.path.push(applyPoint(gs.ctm, n(0), n(1)), applyPoint(gs.ctm, n(2), n(3)));
        return;
      case 're': {
        const [x, y, w, h] = [n(0), n(1), n(2), n(3)];
        this.path.push(applyPoint(gs.ctm, x, y), applyPoint(gs.ctm, x + w, y), applyPoint(gs.ctm, x, y + h), applyPoint(gs.ctm, x + w, y + h));
        return;
      }
      case 'S':
      case 's':
        this.paint(gs, false, true);
        return;
      case 'f':
      case 'F':
      case 'f*':
        this.paint(gs, true, false);
        return;
      case 'B':
      case 'B*':
      case 'b':
      case 'b*':
        this.paint(gs, true, true);
        return;
      case 'n':
        this.path = [];
        return;
      case 'Tj':
      case 'TJ':
      case "'":
      case '"':
        this.text(gs, tm);
        return;
    }
  }

  /** An image XObject or inline image: its ICC profile counts as used. */
  async image(dict: PdfDict): Promise<void> {
    await this.noteIcc(dict.get('ColorSpace'), undefined);
  }

  private paint(gs: WalkState, fill: boolean, stroke: boolean): void {
    const rect = this.path.length ? bbox(this.path) : undefined;
    this.path = [];
    const o = this.own;
    if (stroke) {
      const width = round2(o.lineWidth * minScale(gs.ctm) * this.userUnit);
      if (width < STROKE_LIST_BELOW && !this.strokes.has(width) && makeRoom(this.strokes, (s) => s.widthPt, width)) {
        this.strokes.set(width, { page: this.page, widthPt: width, ...(rect ? { rect } : {}) });
      }
      if (o.OP) this.noteOverprint('stroke', gs.stroke, o.strokeValues, rect);
    }
    if (fill && o.op) this.noteOverprint('fill', gs.fill, o.fillValues, rect);
  }

  private text(gs: WalkState, tm: Matrix): void {
    const font = gs.font;
    // invisible (3) and clip-only (7) text does not print
    if (!font || gs.tr === 3 || gs.tr === 7) return;
    const o = this.own;
    const m = multiply(tm, gs.ctm);
    const size = round2(Math.abs(o.fontSize) * Math.hypot(m[2], m[3]) * this.userUnit);
    const s = o.fontSize;
    const rect = bbox([applyPoint(m, 0, 0), applyPoint(m, s, 0), applyPoint(m, 0, s), applyPoint(m, s, s)]);
    const name = font.info.name;
    const key = `${name}@${size}`;
    if (!this.textSizes.has(key) && makeRoom(this.textSizes, (t) => t.sizePt, size)) this.textSizes.set(key, { page: this.page, font: name, sizePt: size, rect });
    const fills = gs.tr === 0 || gs.tr === 2 || gs.tr === 4 || gs.tr === 6;
    const strokes = gs.tr === 1 || gs.tr === 2 || gs.tr === 5 || gs.tr === 6;
    if (fills && o.op) this.noteOverprint('text', gs.fill, o.fillValues, rect);
    if (strokes && o.OP) this.noteOverprint('text', gs.stroke, o.strokeValues, rect);
    if (fills && gs.fill.kind === 'cmyk' && (gs.fill.names[0] === 'DeviceCMYK' || gs.fill.names[0]?.startsWith('ICCBased'))) {
      const [c = 0, mg = 0, y = 0, k = 0] = o.fillValues;
      if (k >= 0.85 && Math.max(c, mg, y) >= 0.05 && !this.richBlack.has(key) && this.richBlack.size < MAX_PER_PAGE) {
        this.richBlack.set(key, { page: this.page, font: name, sizePt: size, cmyk: [c, mg, y, k].map(round2), rect });
      }
    }
  }

  private noteOverprint(paint: PdfOverprintFact['paint'], cs: ColorSpaceInfo, values: number[], rect: Rect | undefined): void {
    const cls = classify(cs, values);
    if (cls === 'black' || cls === 'other') return;
    const value = `${cs.names.join('/')} ${values.map(round2).join(' ')}`;
    const key = `${paint}|${value}`;
    if (this.overprint.has(key) || this.overprint.size >= MAX_PER_PAGE) return;
    this.overprint.set(key, { page: this.page, paint, color: cls, value, opm: this.own.OPM, ...(rect ? { rect } : {}) });
  }

  private async extGState(res: PdfDict | undefined, name: string | undefined): Promise<void> {
    if (!name) return;
    const table = dictOf(await this.doc.resolve(res?.get('ExtGState')));
    const d = dictOf(await this.doc.resolve(table?.get(name)));
    if (!d) return;
    const o = this.own;
    const lw = numberOf(await this.doc.resolve(d.get('LW')));
    if (lw !== undefined) o.lineWidth = Math.abs(lw);
    const OP = await this.doc.resolve(d.get('OP'));
    const op = await this.doc.resolve(d.get('op'));
    if (typeof OP === 'boolean') {
      o.OP = OP;
      // op defaults to OP when only OP is given (PDF 32000-1, table 58)
      if (typeof op !== 'boolean') o.op = OP;
    }
    if (typeof op === 'boolean') o.op = op;
    const opm = numberOf(await this.doc.resolve(d.get('OPM')));
    if (opm !== undefined) o.OPM = opm;
    const font = await this.doc.resolve(d.get('Font'));
    if (Array.isArray(font)) o.fontSize = numberOf(font[1]) ?? o.fontSize;
  }

  /** Remember the ICC stream of an ICCBased space (also as the base of Indexed, or by resource name). */
  private async noteIcc(value: PdfValue | undefined, res: PdfDict | undefined, depth = 0): Promise<void> {
    if (depth > 4) return;
    let v = await this.doc.resolve(value);
    const name = nameOf(v);
    if (name !== undefined) {
      if (!res) return;
      v = await this.doc.resolve(dictOf(await this.doc.resolve(res.get('ColorSpace')))?.get(name));
    }
    if (!Array.isArray(v) || v.length < 2) return;
    const family = nameOf(v[0]);
    if (family === 'ICCBased') {
      const s = await this.doc.resolve(v[1]);
      if (s instanceof PdfStream) this.iccStreams.add(s);
    } else if (family === 'Indexed' || family === 'I') await this.noteIcc(v[1], res, depth + 1);
  }

  result(): Omit<PdfGraphicsFacts, 'iccProfiles'> {
    return { textSizes: [...this.textSizes.values()], strokes: [...this.strokes.values()], overprint: [...this.overprint.values()], richBlackText: [...this.richBlack.values()] };
  }
}

/** Collects every page's graphics facts into the document's, with ICC descriptions read once per profile. */
export class DocumentGraphics {
  private readonly facts: PdfGraphicsFacts = { textSizes: [], strokes: [], overprint: [], richBlackText: [], iccProfiles: [] };
  private readonly icc = new Map<PdfStream, { description?: string; colorSpace?: string; pages: number[] }>();

  constructor(private readonly doc: PdfDocument) {}

  page(page: number, userUnit: number): PageGraphics {
    return new PageGraphics(this.doc, page, userUnit);
  }

  async add(pg: PageGraphics, page: number): Promise<void> {
    const r = pg.result();
    // Kept down to the smallest MAX_SMALLEST only now and then (and in result()): choosing the k
    // smallest of the k smallest so far plus the new ones, or of everything at once, keeps the
    // same items in the same order, and sorting 500 sizes per page cost ~40 ms on 1,000 pages.
    this.facts.textSizes.push(...r.textSizes);
    this.facts.strokes.push(...r.strokes);
    if (this.facts.textSizes.length > 4 * MAX_SMALLEST) this.facts.textSizes = smallest(this.facts.textSizes, (t) => t.sizePt, MAX_SMALLEST);
    if (this.facts.strokes.length > 4 * MAX_SMALLEST) this.facts.strokes = smallest(this.facts.strokes, (t) => t.widthPt, MAX_SMALLEST);
    // any one of these fails the check: the first ones found are enough
    this.facts.overprint.push(...r.overprint.slice(0, Math.max(0, MAX_SMALLEST - this.facts.overprint.length)));
    this.facts.richBlackText.push(...r.richBlackText.slice(0, Math.max(0, MAX_SMALLEST - this.facts.richBlackText.length)));
    for (const s of pg.iccStreams) {
      let entry = this.icc.get(s);
      if (!entry) {
        entry = { ...(await describeProfile(this.doc, s)), pages: [] };
        this.icc.set(s, entry);
        this.facts.iccProfiles.push(entry);
      }
      if (!entry.pages.includes(page)) entry.pages.push(page);
    }
  }

  result(): PdfGraphicsFacts {
    this.facts.textSizes = smallest(this.facts.textSizes, (t) => t.sizePt, MAX_SMALLEST);
    this.facts.strokes = smallest(this.facts.strokes, (t) => t.widthPt, MAX_SMALLEST);
    return this.facts;
  }
}

/** Description and colour space of an embedded ICC profile (decoded, header and 'desc' tag only). */
export async function describeProfile(doc: PdfDocument, s: PdfStream): Promise<{ description?: string; colorSpace?: string }> {
  try {
    const data = await doc.streamData(s, MAX_ICC_BYTES);
    const icc = await readIcc(async (off, len) => (off >= 0 && off + len <= data.length ? data.subarray(off, off + len) : null), data.length);
    return { ...(icc.description ? { description: icc.description } : {}), ...(icc.colorSpace ? { colorSpace: icc.colorSpace } : {}) };
  } catch {
    return {};
  }
}

/** Descriptions of the output intents' DestOutputProfile, in the catalog's order. */
export async function outputIntentProfiles(doc: PdfDocument): Promise<(string | undefined)[]> {
  if (doc.encrypted) return [];
  const cat = await doc.catalog();
  const arr = await doc.resolve(cat.get('OutputIntents'));
  if (!Array.isArray(arr)) return [];
  const out: (string | undefined)[] = [];
  for (const item of arr.slice(0, 32)) {
    const d = dictOf(await doc.resolve(item));
    if (!d) continue;
    const s = await doc.resolve(d.get('DestOutputProfile'));
    out.push(s instanceof PdfStream ? (await describeProfile(doc, s)).description : undefined);
  }
  return out;
}

