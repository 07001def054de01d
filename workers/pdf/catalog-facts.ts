// Document-level facts from the catalog and trailer: output intents, attachments, JavaScript,
// forms and signatures, layers, PDF/X and PDF/A identification, version, encryption permissions.
import type { IncompleteFact, PdfFacts } from '../../src/core/types';
import type { PdfDocument } from './document';
import { PdfDict, PdfStream, PdfString, type PdfValue, dictOf, isName, latin1, nameOf, numberOf } from './objects';

const MAX_TREE_NODES = 10_000;
const MAX_FIELDS = 50_000;
const MAX_XMP_BYTES = 4 * 1024 * 1024;

export type CatalogFacts = Pick<
  PdfFacts,
  'outputIntents' | 'attachments' | 'javascript' | 'formFields' | 'xfa' | 'signatures' | 'layers' | 'pdfx' | 'pdfa' | 'permissions' | 'encrypted'
> & { catalogVersion?: string; /** Catalog facts read only in part (whole-file gaps). */ gaps: IncompleteFact[] };

export async function readCatalogFacts(doc: PdfDocument): Promise<CatalogFacts> {
  const cat = await doc.catalog();
  const facts: CatalogFacts = {
    outputIntents: await outputIntents(doc, cat),
    attachments: 0,
    javascript: await isJavaScriptAction(doc, cat.get('OpenAction')),
    formFields: 0,
    xfa: false,
    signatures: 0,
    layers: 0,
    encrypted: doc.encrypted,
    permissions: doc.encrypted ? await permissions(doc) : null,
    gaps: [],
  };
  const names = dictOf(await doc.resolve(cat.get('Names')));
  const attachments = await countNameTree(doc, names?.get('EmbeddedFiles'));
  const scripts = await countNameTree(doc, names?.get('JavaScript'));
  facts.attachments = attachments.count;
  if (scripts.count > 0) facts.javascript = true;
  if (attachments.capped || scripts.capped) facts.gaps.push({ area: 'names', reason: 'object_limit' });
  if (doc.locked) {
    // strings and metadata of an encrypted file are encrypted too: not readable without the key
    facts.gaps.push({ area: 'output_intents', reason: 'encrypted' }, { area: 'metadata', reason: 'encrypted' });
  }
  const aa = dictOf(await doc.resolve(cat.get('AA')));
  if (aa) for (const v of aa.map.values()) if (await isJavaScriptAction(doc, v)) facts.javascript = true;

  const acro = dictOf(await doc.resolve(cat.get('AcroForm')));
  if (acro) {
    const xfa = await doc.resolve(acro.get('XFA'));
    facts.xfa = xfa !== undefined && xfa !== null;
    const counted = await countFields(doc, acro.get('Fields'));
    facts.formFields = counted.fields;
    facts.signatures = counted.signatures;
    if (counted.capped) facts.gaps.push({ area: 'forms', reason: 'object_limit' });
  }
  const oc = dictOf(await doc.resolve(cat.get('OCProperties')));
  const ocgs = await doc.resolve(oc?.get('OCGs'));
  facts.layers = Array.isArray(ocgs) ? ocgs.length : 0;

  const ids = await conformance(doc, cat);
  if (ids.unreadable) facts.gaps.push({ area: 'metadata', reason: 'undecodable' });
  if (ids.pdfx) facts.pdfx = ids.pdfx;
  if (ids.pdfa) facts.pdfa = ids.pdfa;
  const version = nameOf(await doc.resolve(cat.get('Version')));
  if (version && /^\d\.\d$/.test(version)) facts.catalogVersion = version;
  return facts;
}

async function outputIntents(doc: PdfDocument, cat: PdfDict): Promise<PdfFacts['outputIntents']> {
  const arr = await doc.resolve(cat.get('OutputIntents'));
  if (!Array.isArray(arr)) return [];
  const out: PdfFacts['outputIntents'] = [];
  for (const item of arr.slice(0, 32)) {
    const d = dictOf(await doc.resolve(item));
    if (!d) continue;
    const intent: PdfFacts['outputIntents'][number] = { subtype: nameOf(await doc.resolve(d.get('S'))) ?? '' };
    // strings of an encrypted file we cannot decrypt are garbage: not reported as an identifier
    const id = doc.locked ? undefined : await text(doc, d.get('OutputConditionIdentifier'));
    const info = doc.locked ? undefined : await text(doc, d.get('Info'));
    if (id) intent.identifier = id;
    if (info) intent.info = info;
    out.push(intent);
  }
  return out;
}

async function text(doc: PdfDocument, v: PdfValue | undefined): Promise<string | undefined> {
  const r = await doc.resolve(v);
  return r instanceof PdfString ? r.text : undefined;
}

/** Number of leaf entries in a name tree (pairs in /Names arrays), bounded: `capped` when nodes were left unread. */
async function countNameTree(doc: PdfDocument, root: PdfValue | undefined): Promise<{ count: number; capped: boolean }> {
  let count = 0;
  const queue: PdfValue[] = [root ?? null];
  const seen = new Set<PdfDict>();
  for (let n = 0; queue.length > 0 && n < MAX_TREE_NODES; n++) {
    const node = dictOf(await doc.resolve(queue.shift()));
    if (!node || seen.has(node)) continue;
    seen.add(node);
    const names = await doc.resolve(node.get('Names'));
    if (Array.isArray(names)) count += Math.floor(names.length / 2);
    const kids = await doc.resolve(node.get('Kids'));
    if (Array.isArray(kids)) queue.push(...kids);
  }
  return { count, capped: queue.length > 0 };
}

/** Whether an action (or one of its /Next actions) runs JavaScript. Each action is visited once. */
export async function isJavaScriptAction(doc: PdfDocument, v: PdfValue | undefined): Promise<boolean> {
  const queue: (PdfValue | undefined)[] = [v];
  const seen = new Set<PdfDict>();
  // a hostile file can chain /Next arrays into a huge tree of the same few actions
  while (queue.length > 0 && seen.size < 256) {
    const action = dictOf(await doc.resolve(queue.shift()));
    if (!action || seen.has(action)) continue;
    seen.add(action);
    if (isName(await doc.resolve(action.get('S')), 'JavaScript')) return true;
    const next = await doc.resolve(action.get('Next'));
    queue.push(...(Array.isArray(next) ? next.slice(0, 64) : [next]));
  }
  return false;
}

async function countFields(doc: PdfDocument, fields: PdfValue | undefined): Promise<{ fields: number; signatures: number; capped: boolean }> {
  let count = 0;
  let signatures = 0;
  const seen = new Set<PdfDict>();
  const top = await doc.resolve(fields);
  const queue: { v: PdfValue; ft?: string }[] = Array.isArray(top) ? top.map((v) => ({ v })) : [];
  while (queue.length > 0 && seen.size < MAX_FIELDS) {
    const { v, ft } = queue.shift()!;
    const f = dictOf(await doc.resolve(v));
    if (!f || seen.has(f)) continue;
    seen.add(f);
    const type = nameOf(await doc.resolve(f.get('FT'))) ?? ft; // FT is inheritable
    const kids = await doc.resolve(f.get('Kids'));
    // a field whose kids are only widgets (no /T) is a terminal field
    const kidDicts: PdfDict[] = [];
    if (Array.isArray(kids)) for (const k of kids) {
      const d = dictOf(await doc.resolve(k));
      if (d && d.has('T')) kidDicts.push(d);
    }
    if (kidDicts.length === 0) {
      count++;
      if (type === 'Sig') signatures++;
    } else for (const k of kidDicts) queue.push({ v: k, ...(type ? { ft: type } : {}) });
  }
  return { fields: count, signatures, capped: queue.length > 0 };
}

async function permissions(doc: PdfDocument): Promise<PdfFacts['permissions']> {
  const enc = dictOf(await doc.resolve(doc.trailer.get('Encrypt')));
  const p = numberOf(await doc.resolve(enc?.get('P')));
  if (p === undefined) return { print: false, modify: false, copy: false };
  const bits = p | 0; // P is a signed 32-bit integer; bits are numbered from 1
  return { print: (bits & (1 << 2)) !== 0, modify: (bits & (1 << 3)) !== 0, copy: (bits & (1 << 4)) !== 0 };
}

/** PDF/X and PDF/A identification from the XMP metadata (and the Info dictionary for PDF/X). */
async function conformance(doc: PdfDocument, cat: PdfDict): Promise<{ pdfx?: string; pdfa?: string; unreadable?: boolean }> {
  const out: { pdfx?: string; pdfa?: string; unreadable?: boolean } = {};
  const meta = await doc.resolve(cat.get('Metadata'));
  // an encrypted file's metadata is usually encrypted too: not readable without decrypting
  if (meta instanceof PdfStream && !doc.locked) {
    try {
      const xmp = latin1(await doc.streamData(meta, MAX_XMP_BYTES));
      const x = xmpValue(xmp, 'pdfxid:GTS_PDFXVersion') ?? xmpValue(xmp, 'pdfx:GTS_PDFXVersion');
      if (x) out.pdfx = x;
      const part = xmpValue(xmp, 'pdfaid:part');
      const conf = xmpValue(xmp, 'pdfaid:conformance');
      if (part) out.pdfa = `PDF/A-${part}${conf ? conf.toLowerCase() : ''}`;
    } catch {
      doc.warnings.push('XMP metadata could not be read');
      out.unreadable = true;
    }
  }
  if (!out.pdfx && !doc.locked) {
    const info = dictOf(await doc.resolve(doc.trailer.get('Info')));
    const x = await text(doc, info?.get('GTS_PDFXVersion'));
    if (x) out.pdfx = x;
  }
  return out;
}

/** `<ns:key>value</ns:key>` or `ns:key="value"` in an XMP packet. */
function xmpValue(xmp: string, key: string): string | undefined {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<${esc}>\\s*([^<]*?)\\s*</${esc}>`).exec(xmp) ?? new RegExp(`${esc}\\s*=\\s*["']([^"']*)["']`).exec(xmp);
  return m?.[1] || undefined;
}
