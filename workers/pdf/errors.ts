// The one error type PDF inspection throws. Anything else escaping inspectPdf is a bug.

export type PdfInspectErrorCode = 'pdf_encrypted' | 'pdf_corrupt' | 'pdf_truncated' | 'pdf_empty' | 'not_a_pdf';

export class PdfInspectError extends Error {
  override readonly name = 'PdfInspectError';
  constructor(
    readonly code: PdfInspectErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Internal: the object reader could not make sense of the file. inspectPdf catches it and tries
 * pdf.js before giving up with a PdfInspectError.
 */
export class PdfParseError extends Error {
  override readonly name = 'PdfParseError';
}
