// pdf.js as a second opinion: used when the object reader cannot parse a file, and to tell a
// user password (cannot open) from an owner password (opens, restricted) on encrypted files.
// pdf.js runs in the calling thread (no nested worker), reads through the ByteSource by ranges,
// and never evaluates code or injects fonts. It can still hang on hostile files: callers run
// inspection under a watchdog (the worker pool terminates stuck workers); here we add a timeout.
import type { IncompleteFact, PdfFacts, PdfFontFact, Rect } from '../../src/core/types';
import { CONTENT_AREAS } from '../../src/core/checks/unverified';
import type { ByteSource } from '../source';
import { PDFJS_OPEN_OPTIONS, PDFJS_RANGE_CHUNK } from '../../src/core/pdfjs-options';

export interface PdfjsFallback {
  /** Facts from pdf.js. Rejects with an error whose `name` tells what went wrong. */
  facts(src: ByteSource): Promise<PdfFacts>;
  /** True when the file cannot be opened without a user password. */
  needsPassword(src: ByteSource): Promise<boolean>;
}

export interface PdfjsFallbackOptions {
  timeoutMs?: number;
  /** Pages whose operator list is built to learn fonts (it decodes images, so keep it small). */
  fontPages?: number;
  /** Pages whose boxes and annotations are read. */
  maxPages?: number;
}

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<PdfjsModule> | null = null;

/** Minimal DOMMatrix for Node: pdf.js constructs one at import time but we never render. */
class DOMMatrixStub {
  a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;
  constructor(init?: number[]) {
    if (Array.isArray(init) && init.length >= 6) [this.a, this.b, this.c, this.d, this.e, this.f] = init as [number, number, number, number, number, number];
  }
  multiplySelf(): this { return this; }
  preMultiplySelf(): this { return this; }
  translate(): this { return this; }
  scale(): this { return this; }
  invertSelf(): this { return this; }
}

export async function loadPdfjs(): Promise<PdfjsModule> {
  loading ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    if (typeof g.DOMMatrix === 'undefined') g.DOMMatrix = DOMMatrixStub;
    // Run pdf.js's worker code in this thread: we are already inside a worker (or in Node).
    // @ts-ignore -- pdfjs-dist ships no type declarations for its worker module
    if (!g.pdfjsWorker) g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc ||= 'pdf.worker.mjs';
    return pdfjs;
  })();
  return loading;
}

/**
 * Open a PDF by ranges from a ByteSource with our one set of options (src/core/pdfjs-options.ts);
 * `extra` adds a caller's own (the renderer's canvas factories). Returns pdf.js's loading task.
 */
export async function openDocument(pdfjs: PdfjsModule, src: ByteSource, extra: object = {}) {
  const initial = await src.read(0, Math.min(src.size, PDFJS_RANGE_CHUNK));
  class ByteSourceTransport extends pdfjs.PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      src.read(begin, end - begin).then(
        (chunk) => this.onDataRange(begin, chunk),
        () => this.abort(),
      );
    }
  }
  return pdfjs.getDocument({ ...PDFJS_OPEN_OPTIONS, ...extra, range: new ByteSourceTransport(src.size, initial), length: src.size });
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      const err = new Error(`pdf.js did not finish within ${ms} ms`);
      err.name = 'TimeoutError';
      reject(err);
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function isPasswordError(e: unknown): boolean {
  const err = e as { name?: string; code?: number } | null;
  return err?.name === 'PasswordException';
}

export function createPdfjsFallback(options: PdfjsFallbackOptions = {}): PdfjsFallback {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const fontPages = options.fontPages ?? 10;
  const maxPages = options.maxPages ?? 2000;
  return {
    async needsPassword(src) {
      const pdfjs = await loadPdfjs();
      const task = await openDocument(pdfjs, src);
      try {
        const doc = await withTimeout(task.promise, timeoutMs, () => void task.destroy());
        await doc.destroy();
        return false;
      } catch (e) {
        if (isPasswordError(e)) return true;
        throw e;
      } finally {
        void task.destroy();
      }
    },
    async facts(src) {
      const pdfjs = await loadPdfjs();
      const task = await openDocument(pdfjs, src);
      try {
        return await withTimeout(collect(pdfjs, await task.promise), timeoutMs, () => void task.destroy());
      } finally {
        void task.destroy();
      }
      async function collect(lib: PdfjsModule, doc: Awaited<typeof task.promise>): Promise<PdfFacts> {
        const meta = await doc.getMetadata().catch(() => null);
        const info = (meta?.info ?? {}) as Record<string, unknown>;
        const perms = await doc.getPermissions().catch(() => null);
        const P = lib.PermissionFlag;
        const fonts = new Map<string, PdfFontFact>();
        /** Pages whose fonts pdf.js did not report (past fontPages, or its operator list failed). */
        const fontGaps: number[] = [];
        const pages: PdfFacts['pages'] = [];
        const annotations: PdfFacts['annotations'] = [];
        const count = Math.min(doc.numPages, maxPages);
        for (let n = 1; n <= count; n++) {
          const page = await doc.getPage(n);
          const view = page.view as Rect;
          const rotate = ((page.rotate % 360) + 360) % 360;
          const uu = page.userUnit || 1;
          const w = ((view[2] - view[0]) * uu * 25.4) / 72;
          const h = ((view[3] - view[1]) * uu * 25.4) / 72;
          const swap = rotate === 90 || rotate === 270;
          pages.push({
            page: n,
            boxes: { media: view, crop: view },
            rotate,
            userUnit: uu,
            widthMm: Math.round((swap ? h : w) * 100) / 100,
            heightMm: Math.round((swap ? w : h) * 100) / 100,
            isColor: null,
          });
          for (const a of (await page.getAnnotations().catch(() => [])) as { subtype?: string; rect?: Rect }[]) {
            annotations.push({ page: n, subtype: a.subtype ?? 'Unknown', ...(a.rect ? { rect: a.rect } : {}) });
          }
          if (n > fontPages || !(await collectFonts(lib, page, n, fonts))) fontGaps.push(n);
          page.cleanup();
        }
        const attachments = await doc.getAttachments().catch(() => null);
        const js = await doc.getJSActions().catch(() => null);
        const fields = await doc.getFieldObjects().catch(() => null);
        const oc = await doc.getOptionalContentConfig().catch(() => null);
        const layers = oc ? [...oc].length : 0;
        let signatures = 0;
        for (const list of Object.values(fields ?? {})) for (const f of list as { type?: string }[]) if (f.type === 'signature') signatures++;
        return {
          version: String(info.PDFFormatVersion ?? ''),
          pageCount: doc.numPages,
          pages,
          fonts: [...fonts.values()],
          images: [],
          colorSpaces: [],
          spotColors: [],
          outputIntents: [],
          usesTransparency: false,
          annotations,
          formFields: fields ? Object.keys(fields).length : 0,
          xfa: info.IsXFAPresent === true,
          javascript: !!js && Object.keys(js).length > 0,
          attachments: attachments ? Object.keys(attachments).length : 0,
          layers,
          signatures,
          encrypted: perms !== null, // pdf.js returns permissions only for encrypted files
          // bit 12 (high-quality print) means nothing without bit 3 (print)
          permissions: perms
            ? { print: perms.includes(P.PRINT), modify: perms.includes(P.MODIFY_CONTENTS), copy: perms.includes(P.COPY) }
            : null,
          warnings: [
            'read with pdf.js: trim and bleed boxes, colour spaces, images and transparency are not known',
            ...(doc.numPages > fontPages ? [`read with pdf.js: fonts checked on the first ${fontPages} pages only`] : []),
          ],
          incomplete: fallbackGaps(doc.numPages, count, fontGaps),
          reader: 'pdfjs',
        };
      }
    },
  };
}

/**
 * What pdf.js's facts leave open (the checks that need it say "could not be verified"): page
 * boxes other than the crop box, everything the content walk learns except fonts, output intents
 * and XMP identification on every page; fonts on the pages it built no operator list for; and
 * every page-level fact past `maxPages`.
 */
function fallbackGaps(numPages: number, readPages: number, fontGaps: number[]): IncompleteFact[] {
  const gaps: IncompleteFact[] = [...CONTENT_AREAS.filter((a) => a !== 'fonts'), 'boxes' as const, 'output_intents' as const, 'metadata' as const].map((area) => ({ area, reason: 'fallback_reader' }));
  const unread = Array.from({ length: Math.max(0, numPages - readPages) }, (_, i) => readPages + i + 1);
  if (fontGaps.length) gaps.push({ area: 'fonts', reason: 'fallback_reader', pages: fontGaps });
  if (unread.length) gaps.push(...(['fonts', 'annotations'] as const).map((area) => ({ area, reason: 'page_limit' as const, pages: unread })));
  return gaps;
}

/** Fonts used on one page; false when pdf.js could not build the page's operator list. */
async function collectFonts(lib: PdfjsModule, page: Awaited<ReturnType<Awaited<ReturnType<PdfjsModule['getDocument']>['promise']>['getPage']>>, n: number, fonts: Map<string, PdfFontFact>): Promise<boolean> {
  const ops = await page.getOperatorList().catch(() => null);
  if (!ops) return false;
  const used = new Set<string>();
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] === lib.OPS.setFont) used.add(String((ops.argsArray[i] as unknown[])[0]));
  }
  let allKnown = true;
  for (const id of used) {
    if (!page.commonObjs.has(id)) {
      allKnown = false; // a font pdf.js could not load: its embedding is unknown
      continue;
    }
    const f = page.commonObjs.get(id) as { name?: string; missingFile?: boolean; isType3Font?: boolean; type?: string; subtype?: string };
    const name = f.name ?? id;
    const known = fonts.get(name);
    if (known) {
      if (!known.pages.includes(n)) known.pages.push(n);
      continue;
    }
    fonts.set(name, {
      name,
      type: f.isType3Font ? 'Type3' : (f.type ?? 'unknown'),
      embedded: f.isType3Font ? true : f.missingFile !== true,
      subset: /^[A-Z]{6}\+/.test(name),
      type3: !!f.isType3Font,
      pages: [n],
    });
  }
  return allKnown;
}
