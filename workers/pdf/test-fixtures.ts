// Test fixtures: PDFs made with pdf-lib (a dev dependency) with raw content streams and resources,
// plus a hand-written PDF builder for files pdf-lib cannot make (encryption, broken xrefs).
// Used by tests and the benchmark only.
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, StandardFonts } from 'pdf-lib';

export interface PageSpec {
  size?: [number, number];
  trim?: [number, number, number, number];
  bleed?: [number, number, number, number];
  crop?: [number, number, number, number];
  rotate?: number;
  userUnit?: number;
  /** Raw content stream operators. */
  content?: string;
  /** Resources dictionary (pdf-lib literal: strings become names). */
  resources?: (doc: PDFDocument) => Record<string, unknown>;
  annots?: (doc: PDFDocument) => unknown[];
  /** Set /Group << /S /Transparency >> on the page. */
  transparencyGroup?: boolean;
}

export interface DocSpec {
  objectStreams?: boolean;
  catalog?: (doc: PDFDocument, catalog: PDFDict) => void | Promise<void>;
  build?: (doc: PDFDocument) => void | Promise<void>;
}

export async function makePdf(pages: PageSpec[], spec: DocSpec = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const p of pages) {
    const page = doc.addPage(p.size ?? [595.28, 841.89]);
    if (p.trim) page.setTrimBox(...p.trim);
    if (p.bleed) page.setBleedBox(...p.bleed);
    if (p.crop) page.setCropBox(...p.crop);
    if (p.rotate) page.node.set(PDFName.of('Rotate'), doc.context.obj(p.rotate));
    if (p.userUnit) page.node.set(PDFName.of('UserUnit'), doc.context.obj(p.userUnit));
    if (p.content !== undefined) {
      const stream = doc.context.flateStream(p.content);
      page.node.set(PDFName.of('Contents'), doc.context.register(stream));
    }
    if (p.resources) page.node.set(PDFName.of('Resources'), doc.context.obj(p.resources(doc) as never));
    if (p.annots) page.node.set(PDFName.of('Annots'), doc.context.obj(p.annots(doc) as never));
    if (p.transparencyGroup) page.node.set(PDFName.of('Group'), doc.context.obj({ S: 'Transparency' }));
  }
  await spec.build?.(doc);
  await spec.catalog?.(doc, doc.catalog);
  return doc.save({ useObjectStreams: spec.objectStreams ?? true });
}

/** An image XObject of w×h pixels (data is not a real image: inspection never decodes pixels). */
export function imageXObject(
  doc: PDFDocument,
  w: number,
  h: number,
  opts: { colorSpace?: unknown; bits?: number; smask?: boolean; filter?: string } = {},
): PDFRef {
  const dict: Record<string, unknown> = {
    Type: 'XObject',
    Subtype: 'Image',
    Width: w,
    Height: h,
    ColorSpace: opts.colorSpace ?? 'DeviceRGB',
    BitsPerComponent: opts.bits ?? 8,
  };
  if (opts.filter) dict.Filter = opts.filter;
  if (opts.smask) dict.SMask = imageXObject(doc, w, h, { colorSpace: 'DeviceGray' });
  return doc.context.register(doc.context.stream(new Uint8Array(16), dict as never));
}

/** A Form XObject with its own content and resources. */
export function formXObject(doc: PDFDocument, content: string, resources: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): PDFRef {
  return doc.context.register(
    doc.context.flateStream(content, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1000, 1000], Resources: resources, ...extra } as never),
  );
}

/** A standard 14 font (not embedded) as a font resource. */
export async function standardFont(doc: PDFDocument, name: StandardFonts = StandardFonts.Helvetica): Promise<PDFRef> {
  return (await doc.embedFont(name)).ref;
}

/** A TrueType font whose FontDescriptor has /FontFile2 (a stand-in program: never parsed). */
export function embeddedTrueType(doc: PDFDocument, baseFont = 'ABCDEF+Calibri', fontFileKey = 'FontFile2'): PDFRef {
  const file = doc.context.register(doc.context.stream(new Uint8Array(32), {}));
  const descriptor = doc.context.obj({ Type: 'FontDescriptor', FontName: baseFont, Flags: 32, FontBBox: [0, 0, 1000, 1000], ItalicAngle: 0, Ascent: 800, Descent: -200, CapHeight: 700, StemV: 80, [fontFileKey]: file });
  return doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: baseFont, FirstChar: 32, LastChar: 126, FontDescriptor: doc.context.register(descriptor) }));
}

/** A Separation colour space for a named spot ink. */
export function separation(doc: PDFDocument, ink: string): unknown {
  const tint = doc.context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [0, 1, 0, 0], N: 1 });
  return ['Separation', PDFName.of(ink), 'DeviceCMYK', tint];
}

export function pdfString(s: string): PDFString {
  return PDFString.of(s);
}

export function hexString(s: string): PDFHexString {
  return PDFHexString.fromText(s);
}

// ---------------------------------------------------------------------------------------------
// Hand-written PDFs: exact bytes, correct xref offsets unless told otherwise.

export interface RawPdfOptions {
  header?: string;
  /** Extra trailer entries, e.g. '/Encrypt 9 0 R'. */
  trailer?: string;
  /** Replace the computed xref section entirely (e.g. a broken one). */
  xref?: (offsets: number[]) => string;
  /** Text after %%EOF or instead of the tail. */
  tail?: string;
  omitTail?: boolean;
}

/** objects[i] is the body of object i+1 (without `N 0 obj`/`endobj`). Root is object 1. */
export function rawPdf(objects: string[], opts: RawPdfOptions = {}): Uint8Array {
  let out = opts.header ?? '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  if (opts.xref) out += opts.xref(offsets);
  else {
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  }
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${opts.trailer ?? ''} >>\n`;
  if (!opts.omitTail) out += `startxref\n${xrefAt}\n%%EOF\n`;
  if (opts.tail) out += opts.tail;
  return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
}

/** The minimal page objects 1–3 for rawPdf: catalog, pages, one page with the given content. */
export function minimalPageObjects(pageExtra = '', content = 'BT ET'): string[] {
  return [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R ${pageExtra} >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
}
