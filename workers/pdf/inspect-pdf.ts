// Entry point of PDF inspection: the lazy object reader first (fast, reads a few percent of the
// file, knows boxes and colour), pdf.js when the reader cannot parse the file. Encrypted files
// with the Standard handler are decrypted when they open without a password (security.ts) and
// refused as pdf_encrypted when they need one; for other handlers pdf.js tells the two apart.
import type { FileFacts, PdfFacts } from '../../src/core/types';
import type { ByteSource } from '../source';
import { PdfDocument } from './document';
import { PdfInspectError } from './errors';
import { lastIndexOfBytes } from './lexer';
import { type ReaderLimits, readPdfFacts } from './object-reader';
import type { PdfjsFallback } from './pdfjs-fallback';
import { loadPdfjsFallback } from '../parts';

export { PdfInspectError } from './errors';
export type { PdfjsFallback } from './pdfjs-fallback';
export { practise } from './warm-up';

export interface InspectPdfOptions {
  /** pdf.js fallback. undefined: loaded on first need (a separate chunk); null: never use pdf.js. */
  pdfjs?: PdfjsFallback | null;
  limits?: ReaderLimits;
}

export async function inspectPdf(src: ByteSource, opts: InspectPdfOptions = {}): Promise<FileFacts> {
  const wrap = (pdf: PdfFacts): FileFacts => ({
    format: 'pdf',
    kind: 'pdf',
    mime: 'application/pdf',
    size: src.size,
    bytesRead: src.bytesRead,
    pdf,
  });
  let doc: PdfDocument | null = null;
  let readerError: unknown;
  try {
    doc = await PdfDocument.open(src);
    const facts = await readPdfFacts(doc, opts.limits);
    // decrypted files opened with the empty user password; others ask pdf.js whether one is needed
    if (doc.locked) await refuseUserPassword(src, opts, facts);
    return wrap(facts);
  } catch (e) {
    if (e instanceof PdfInspectError) throw e;
    readerError = e;
  }

  const reason = readerError instanceof Error ? readerError.message : String(readerError);
  // A cut-off upload is not worth pdf.js's slow recovery: the customer should send it again.
  if (doc?.truncated || (await looksTruncated(src))) throw truncatedError();
  const pdfjs = await fallback(opts);
  if (!pdfjs) throw await failure(src, reason);
  let facts: PdfFacts;
  try {
    facts = await pdfjs.facts(src);
  } catch (e) {
    const name = (e as { name?: string } | null)?.name;
    if (name === 'PasswordException') throw encryptedError();
    throw await failure(src, reason);
  }
  if (doc?.encrypted) facts.encrypted = true;
  facts.warnings.unshift(`object reader: ${reason}`);
  return wrap(facts);
}

async function refuseUserPassword(src: ByteSource, opts: InspectPdfOptions, facts: PdfFacts): Promise<void> {
  const pdfjs = await fallback(opts);
  if (!pdfjs) {
    facts.warnings.push('encrypted: could not check whether a password is needed to open it');
    return;
  }
  let needs: boolean;
  try {
    needs = await pdfjs.needsPassword(src);
  } catch {
    facts.warnings.push('encrypted: pdf.js could not open it to check for a password');
    return;
  }
  if (needs) throw encryptedError();
}

function encryptedError(): PdfInspectError {
  return new PdfInspectError('pdf_encrypted', 'This PDF is protected by a password and cannot be opened.');
}

async function fallback(opts: InspectPdfOptions): Promise<PdfjsFallback | null> {
  if (opts.pdfjs !== undefined) return opts.pdfjs;
  const mod = await loadPdfjsFallback();
  return mod.createPdfjsFallback();
}

async function looksTruncated(src: ByteSource): Promise<boolean> {
  const tailLen = Math.min(src.size, 1024);
  const tail = await src.read(src.size - tailLen, tailLen);
  return lastIndexOfBytes(tail, '%%EOF') < 0 && lastIndexOfBytes(tail, 'startxref') < 0;
}

function truncatedError(): PdfInspectError {
  return new PdfInspectError('pdf_truncated', 'This PDF is incomplete: the end of the file is missing. Please upload it again.');
}

/** Truncated when the end-of-file marker is missing, else corrupt. */
async function failure(src: ByteSource, reason: string): Promise<PdfInspectError> {
  if (await looksTruncated(src)) return truncatedError();
  return new PdfInspectError('pdf_corrupt', `This PDF is damaged and cannot be read (${reason}).`);
}
