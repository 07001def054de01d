// Tokenizer and object parser for PDF syntax, shared by file objects and content streams.
// Lenient by design: real files have unbalanced parentheses, strings cut off at EOF, `null` where
// a stream should be, stray keywords and missing `>>`. The parser never throws on bad syntax; it
// returns what it could read and sets `ranOut` when it hit the end of its buffer, so the caller
// can retry with a larger window (the buffer is a slice of the file, not the whole file).
import { PdfDict, PdfKeyword, PdfName, PdfRef, PdfString, type PdfValue } from './objects';

const MAX_NESTING = 64;
const MAX_ITEMS = 1_000_000;

export function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

export function isDelimiter(c: number): boolean {
  // ( ) < > [ ] { } / %
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

const DICT_END = Symbol('dict-end');
const ARRAY_END = Symbol('array-end');
type Token = PdfValue | typeof DICT_END | typeof ARRAY_END;

export class Lexer {
  pos: number;
  /** Set when a read went past the end of the buffer. */
  ranOut = false;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
  ) {
    this.pos = start;
  }

  get atEnd(): boolean {
    return this.pos >= this.buf.length;
  }

  skipWhitespaceAndComments(): void {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else return;
    }
    this.ranOut = true;
  }

  /** Next raw token: a value, a keyword, or a closing bracket. undefined at end of buffer. */
  private token(): Token | undefined {
    this.skipWhitespaceAndComments();
    const b = this.buf;
    if (this.pos >= b.length) return undefined;
    const c = b[this.pos]!;
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) {
        this.pos += 2;
        return new PdfKeyword('<<');
      }
      return this.hexString();
    }
    if (c === 0x3e) {
      this.pos += b[this.pos + 1] === 0x3e ? 2 : 1;
      return DICT_END;
    }
    if (c === 0x5b) {
      this.pos++;
      return new PdfKeyword('[');
    }
    if (c === 0x5d) {
      this.pos++;
      return ARRAY_END;
    }
    if (c === 0x29 || c === 0x7b || c === 0x7d) {
      // stray delimiter: PostScript braces or an unbalanced ')'; skip it
      this.pos++;
      return new PdfKeyword(String.fromCharCode(c));
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) return this.number();
    const start = this.pos;
    while (this.pos < b.length && !isWhite(b[this.pos]!) && !isDelimiter(b[this.pos]!)) this.pos++;
    if (this.pos >= b.length) this.ranOut = true;
    let word = '';
    for (let i = start; i < this.pos && i < start + 64; i++) word += String.fromCharCode(b[i]!);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return new PdfKeyword(word);
  }

  private name(): PdfName {
    const b = this.buf;
    this.pos++;
    let s = '';
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (isWhite(c) || isDelimiter(c)) break;
      if (c === 0x23 && hexValue(b[this.pos + 1] ?? 0) >= 0 && hexValue(b[this.pos + 2] ?? 0) >= 0) {
        s += String.fromCharCode(hexValue(b[this.pos + 1]!) * 16 + hexValue(b[this.pos + 2]!));
        this.pos += 3;
        continue;
      }
      if (s.length < 256) s += String.fromCharCode(c);
      this.pos++;
    }
    if (this.pos >= b.length) this.ranOut = true;
    return new PdfName(s);
  }

  private number(): number {
    const b = this.buf;
    let sign = 1;
    let seenDigit = false;
    let intPart = 0;
    let frac = 0;
    let scale = 1;
    let inFrac = false;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (c === 0x2d) {
        // leading minus (repeated minus signs occur in broken generators: treat `--5` as -5)
        if (!seenDigit && !inFrac) sign = -1;
      } else if (c === 0x2b) {
        // ignore
      } else if (c === 0x2e) {
        if (inFrac) break;
        inFrac = true;
      } else if (c >= 0x30 && c <= 0x39) {
        seenDigit = true;
        if (inFrac) {
          if (scale < 1e12) {
            scale *= 10;
            frac = frac * 10 + (c - 0x30);
          }
        } else if (intPart < 1e15) intPart = intPart * 10 + (c - 0x30);
      } else break;
      this.pos++;
    }
    if (this.pos >= b.length) this.ranOut = true;
    return sign * (intPart + frac / scale);
  }

  private literalString(): PdfString {
    const b = this.buf;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        if (this.pos >= b.length) break;
        const e = b[this.pos++]!;
        switch (e) {
          case 0x6e: out.push(0x0a); break;
          case 0x72: out.push(0x0d); break;
          case 0x74: out.push(0x09); break;
          case 0x62: out.push(0x08); break;
          case 0x66: out.push(0x0c); break;
          case 0x0d:
            if (b[this.pos] === 0x0a) this.pos++;
            break;
          case 0x0a: break;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let k = 0; k < 2 && (b[this.pos] ?? 0) >= 0x30 && (b[this.pos] ?? 0) <= 0x37; k++) {
                v = v * 8 + (b[this.pos++]! - 0x30);
              }
              out.push(v & 0xff);
            } else out.push(e);
        }
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return new PdfString(Uint8Array.from(out));
      if (out.length < 65536) out.push(c);
    }
    // Unterminated (or unbalanced) string: everything to the end of the buffer was swallowed.
    this.ranOut = true;
    return new PdfString(Uint8Array.from(out));
  }

  private hexString(): PdfString {
    const b = this.buf;
    this.pos++;
    const out: number[] = [];
    let hi = -1;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x3e) {
        if (hi >= 0) out.push(hi << 4);
        return new PdfString(Uint8Array.from(out));
      }
      const v = hexValue(c);
      if (v < 0) continue;
      if (hi < 0) hi = v;
      else {
        if (out.length < 65536) out.push((hi << 4) | v);
        hi = -1;
      }
    }
    this.ranOut = true;
    return new PdfString(Uint8Array.from(out));
  }

  /**
   * Parse one object. In file mode (`refs` true) `N G R` becomes a PdfRef. Keywords come back as
   * PdfKeyword (content operators, `obj`, `stream`, `endobj`...). undefined at end of buffer.
   */
  parse(refs = true, depth = 0): PdfValue | undefined {
    const tok = this.token();
    if (tok === DICT_END || tok === ARRAY_END) return new PdfKeyword(tok === DICT_END ? '>>' : ']');
    return this.complete(tok, refs, depth);
  }

  private complete(tok: Token | undefined, refs: boolean, depth: number): PdfValue | undefined {
    if (tok instanceof PdfKeyword) {
      if (tok.word === '<<') return this.dict(refs, depth + 1);
      if (tok.word === '[') return this.array(refs, depth + 1);
      return tok;
    }
    if (typeof tok === 'number' && refs && Number.isInteger(tok) && tok >= 0) return this.maybeRef(tok);
    return tok as PdfValue | undefined;
  }

  /** `N G R` lookahead; rewinds when the next tokens are not a generation number and R. */
  private maybeRef(num: number): PdfValue {
    const save = this.pos;
    const saveRanOut = this.ranOut;
    const gen = this.token();
    if (typeof gen === 'number' && Number.isInteger(gen) && gen >= 0) {
      const r = this.token();
      if (r instanceof PdfKeyword && r.word === 'R') return new PdfRef(num, gen);
    }
    this.pos = save;
    this.ranOut = saveRanOut;
    return num;
  }

  private dict(refs: boolean, depth: number): PdfDict {
    const d = new PdfDict();
    if (depth > MAX_NESTING) {
      this.skipNested();
      return d;
    }
    for (let n = 0; n < MAX_ITEMS; n++) {
      const key = this.token();
      if (key === undefined || key === DICT_END) return d;
      if (key instanceof PdfKeyword && isObjectEnd(key.word)) {
        // missing `>>`: give the keyword back so the caller still sees `stream`/`endobj`
        this.pos -= key.word.length;
        return d;
      }
      if (!(key instanceof PdfName)) continue; // garbage where a key should be: skip it
      const save = this.pos;
      const vtok = this.token();
      if (vtok === DICT_END) {
        d.map.set(key.name, null);
        return d;
      }
      if (vtok instanceof PdfKeyword && isObjectEnd(vtok.word)) {
        this.pos = save;
        return d;
      }
      const value = this.complete(vtok, refs, depth);
      if (value === undefined) return d;
      if (value instanceof PdfKeyword) continue;
      d.map.set(key.name, value);
    }
    return d;
  }

  private array(refs: boolean, depth: number): PdfValue[] {
    const out: PdfValue[] = [];
    if (depth > MAX_NESTING) {
      this.skipNested();
      return out;
    }
    for (let n = 0; n < MAX_ITEMS; n++) {
      const tok = this.token();
      if (tok === undefined || tok === ARRAY_END) return out;
      if (tok === DICT_END) continue;
      if (tok instanceof PdfKeyword && isObjectEnd(tok.word)) {
        this.pos -= tok.word.length;
        return out;
      }
      const v = this.complete(tok, refs, depth);
      if (v === undefined) return out;
      if (v instanceof PdfKeyword) continue;
      out.push(v);
    }
    return out;
  }

  /** Too deep: skip to the end of the current object without building it (stack safety). */
  private skipNested(): void {
    let level = 1;
    while (level > 0) {
      const t = this.token();
      if (t === undefined) return;
      if (t === DICT_END || t === ARRAY_END) level--;
      else if (t instanceof PdfKeyword && (t.word === '<<' || t.word === '[')) level++;
      else if (t instanceof PdfKeyword && isObjectEnd(t.word)) return;
    }
  }
}

function isObjectEnd(word: string): boolean {
  return word === 'endobj' || word === 'stream' || word === 'endstream' || word === 'obj';
}

/** Find `needle` (ASCII) in bytes from `from`; -1 when absent. */
export function indexOfBytes(hay: Uint8Array, needle: string, from = 0): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = Math.max(0, from); i <= hay.length - needle.length; i++) {
    if (hay[i] !== first) continue;
    for (let k = 1; k < needle.length; k++) if (hay[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

export function lastIndexOfBytes(hay: Uint8Array, needle: string): number {
  outer: for (let i = hay.length - needle.length; i >= 0; i--) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}
