// In-memory shapes of PDF objects as the lazy reader sees them. Kept tiny on purpose: the reader
// only needs names, numbers, dictionaries, arrays, references and the position of stream data.

export class PdfName {
  constructor(readonly name: string) {}
}

/** A string's raw bytes (literal or hex); decoding to text is the caller's business. */
export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
  get text(): string {
    return decodePdfText(this.bytes);
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}

/** An operator keyword in a content stream (or a stray keyword in a damaged file). */
export class PdfKeyword {
  constructor(readonly word: string) {}
}

export class PdfDict {
  readonly map = new Map<string, PdfValue>();
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
}

/**
 * A stream: its dictionary plus where its data starts. `data` is set for streams held in memory
 * (inside object streams cannot occur, so only for tests and inline images).
 */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** Absolute file offset of the first data byte. */
    readonly dataOffset: number,
    /** The indirect object it is (its number keys the decryption of an encrypted file). */
    readonly num = -1,
    readonly gen = 0,
  ) {}
}

export type PdfValue =
  | null
  | boolean
  | number
  | PdfName
  | PdfString
  | PdfRef
  | PdfDict
  | PdfStream
  | PdfKeyword
  | PdfValue[];

export function isName(v: unknown, name?: string): v is PdfName {
  return v instanceof PdfName && (name === undefined || v.name === name);
}

export function nameOf(v: unknown): string | undefined {
  return v instanceof PdfName ? v.name : undefined;
}

export function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Dictionary of a dict or a stream (a Form XObject is a stream, its dictionary holds /Resources). */
export function dictOf(v: unknown): PdfDict | undefined {
  if (v instanceof PdfDict) return v;
  if (v instanceof PdfStream) return v.dict;
  return undefined;
}

/** PDFDocEncoding is close enough to Latin-1 for names in messages; UTF-16BE when marked. */
export function decodePdfText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return s;
  }
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(stop, i + 8192)));
  }
  return s;
}
