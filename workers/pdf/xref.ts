// Cross-reference parsing: classic tables, xref streams, hybrid files, /Prev chains of
// incremental updates. Newest entries win. Anything implausible (absurd counts, negative or
// out-of-file offsets, /Prev loops) is ignored rather than trusted.
import type { BlockReader } from './block-reader';
import { PdfParseError } from './errors';
import { Lexer, indexOfBytes, lastIndexOfBytes } from './lexer';
import { PdfDict, PdfKeyword, PdfStream, type PdfValue, latin1, numberOf } from './objects';

export type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

export interface XrefResult {
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  warnings: string[];
}

const MAX_SECTIONS = 64;
const MAX_TABLE_BYTES = 32 * 1024 * 1024;
const MAX_ENTRIES = 5_000_000;

/** Parse an indirect object header + value at `offset` (used for xref streams here). */
export type ObjectAt = (offset: number) => Promise<{ num: number; value: PdfValue } | null>;
export type StreamBytes = (stream: PdfStream, maxOut: number) => Promise<Uint8Array>;

export async function findStartXref(reader: BlockReader): Promise<number | null> {
  const tailLen = Math.min(reader.size, 2048);
  const tail = await reader.read(reader.size - tailLen, tailLen);
  const at = lastIndexOfBytes(tail, 'startxref');
  if (at < 0) return null;
  const lx = new Lexer(tail, at + 9);
  const v = lx.parse(false);
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

export async function readXrefChain(
  reader: BlockReader,
  start: number,
  objectAt: ObjectAt,
  streamBytes: StreamBytes,
): Promise<XrefResult> {
  const entries = new Map<number, XrefEntry>();
  const warnings: string[] = [];
  let trailer: PdfDict | null = null;
  const seen = new Set<number>();
  const queue: number[] = [start];
  while (queue.length > 0) {
    const offset = queue.shift()!;
    if (seen.has(offset)) {
      warnings.push('xref /Prev chain loops; stopped following it');
      continue;
    }
    if (seen.size >= MAX_SECTIONS) {
      warnings.push('too many xref sections; older updates ignored');
      break;
    }
    seen.add(offset);
    if (offset < 0 || offset >= reader.size) throw new PdfParseError(`xref offset ${offset} outside the file`);
    const head = await reader.read(offset, 16);
    let sectionTrailer: PdfDict;
    if (latin1(head, 0, 4) === 'xref') {
      sectionTrailer = await readTable(reader, offset, entries, warnings);
      const stm = numberOf(sectionTrailer.get('XRefStm'));
      // hybrid file: the stream's entries come before older sections but after this table
      if (stm !== undefined && !seen.has(stm)) {
        seen.add(stm);
        try {
          await readXrefStream(stm, objectAt, streamBytes, entries);
        } catch {
          warnings.push('hybrid /XRefStm could not be read');
        }
      }
    } else {
      sectionTrailer = await readXrefStream(offset, objectAt, streamBytes, entries);
    }
    if (!trailer) trailer = sectionTrailer;
    else for (const [k, v] of sectionTrailer.map) if (!trailer.has(k)) trailer.map.set(k, v);
    const prev = numberOf(sectionTrailer.get('Prev'));
    if (prev !== undefined) {
      if (prev < 0 || prev >= reader.size) warnings.push(`xref /Prev ${prev} outside the file; ignored`);
      else queue.push(prev);
    }
  }
  if (!trailer) throw new PdfParseError('no trailer');
  return { entries, trailer, warnings };
}

async function readTable(reader: BlockReader, offset: number, entries: Map<number, XrefEntry>, warnings: string[]): Promise<PdfDict> {
  let windowLen = 64 * 1024;
  for (;;) {
    const buf = await reader.read(offset, windowLen);
    const atEof = offset + buf.length >= reader.size;
    const found = new Map<number, XrefEntry>();
    const lx = new Lexer(buf, 4);
    let trailer: PdfDict | null = null;
    let bad = false;
    while (!lx.ranOut) {
      const a = lx.parse(false);
      if (a instanceof PdfKeyword && a.word === 'trailer') {
        const t = lx.parse(true);
        if (t instanceof PdfDict) trailer = t;
        break;
      }
      const b = lx.parse(false);
      if (typeof a !== 'number' || typeof b !== 'number') {
        bad = true;
        break;
      }
      let count = Math.floor(b);
      if (count < 0 || count > MAX_ENTRIES || count * 18 > reader.size) {
        warnings.push(`xref subsection count ${b} is absurd; capped`);
        count = Math.min(Math.max(0, count), Math.floor(reader.size / 18), MAX_ENTRIES);
      }
      for (let i = 0; i < count; i++) {
        const save = lx.pos;
        const off = lx.parse(false);
        const gen = lx.parse(false);
        const kind = lx.parse(false);
        if (typeof off !== 'number' || typeof gen !== 'number' || !(kind instanceof PdfKeyword)) {
          lx.pos = save; // fewer entries than announced: the next subsection or trailer follows
          break;
        }
        const num = a + i;
        if (kind.word === 'n' && off > 0 && off < reader.size) found.set(num, { type: 1, offset: off, gen });
        else if (kind.word === 'n' && off !== 0) warnings.push(`object ${num} has an impossible offset ${off}`);
        else if (kind.word === 'f') found.set(num, { type: 1, offset: -1, gen });
      }
    }
    if ((lx.ranOut || !trailer) && !atEof && windowLen < MAX_TABLE_BYTES) {
      windowLen *= 4;
      continue;
    }
    if (!trailer) throw new PdfParseError(bad ? 'malformed xref table' : 'xref table without trailer');
    for (const [num, e] of found) if (!entries.has(num)) entries.set(num, e);
    return trailer;
  }
}

async function readXrefStream(offset: number, objectAt: ObjectAt, streamBytes: StreamBytes, entries: Map<number, XrefEntry>): Promise<PdfDict> {
  const obj = await objectAt(offset);
  const stream = obj?.value;
  if (!(stream instanceof PdfStream)) throw new PdfParseError('startxref does not point at an xref table or stream');
  const d = stream.dict;
  const w = d.get('W');
  if (!Array.isArray(w) || w.length < 3) throw new PdfParseError('xref stream without /W');
  const widths = w.slice(0, 3).map((x) => Math.max(0, Math.min(8, numberOf(x) ?? 0)));
  const entryLen = widths[0]! + widths[1]! + widths[2]!;
  if (entryLen === 0) throw new PdfParseError('xref stream /W is empty');
  const size = numberOf(d.get('Size')) ?? 0;
  const indexArr = Array.isArray(d.get('Index')) ? (d.get('Index') as PdfValue[]) : [0, size];
  const data = await streamBytes(stream, MAX_ENTRIES * entryLen);
  let pos = 0;
  const readField = (width: number, dflt: number): number => {
    if (width === 0) return dflt;
    let v = 0;
    for (let k = 0; k < width; k++) v = v * 256 + (data[pos++] ?? 0);
    return v;
  };
  for (let s = 0; s + 1 < indexArr.length; s += 2) {
    const first = numberOf(indexArr[s]) ?? 0;
    const count = Math.min(numberOf(indexArr[s + 1]) ?? 0, Math.floor((data.length - pos) / entryLen));
    for (let i = 0; i < count; i++) {
      const type = readField(widths[0]!, 1);
      const f2 = readField(widths[1]!, 0);
      const f3 = readField(widths[2]!, 0);
      const num = first + i;
      if (entries.has(num)) continue;
      if (type === 1) entries.set(num, { type: 1, offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 2, stream: f2, index: f3 });
      else if (type === 0) entries.set(num, { type: 1, offset: -1, gen: f3 });
    }
  }
  const trailer = new PdfDict();
  for (const [k, v] of d.map) trailer.map.set(k, v);
  return trailer;
}

export interface Reconstructed {
  entries: Map<number, XrefEntry>;
  trailers: PdfDict[];
  /** Objects that look like object streams or catalogs, to look at after the scan. */
  objStreams: number[];
  catalogs: number[];
}

const SCAN_CHUNK = 1024 * 1024;
export const MAX_RECONSTRUCT_BYTES = 512 * 1024 * 1024;

/** Broken xref: find every `N G obj` by scanning the file in chunks (bounded). */
export async function scanForObjects(reader: BlockReader): Promise<Reconstructed> {
  if (reader.size > MAX_RECONSTRUCT_BYTES) throw new PdfParseError('xref broken and file too large to scan');
  const entries = new Map<number, XrefEntry>();
  const trailers: PdfDict[] = [];
  const objStreams: number[] = [];
  const catalogs: number[] = [];
  const re = /(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj(?![A-Za-z])/g;
  for (let start = 0; start < reader.size; start += SCAN_CHUNK) {
    const overlap = 256;
    const buf = await reader.read(start, SCAN_CHUNK + overlap);
    const text = latin1(buf);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (m.index >= SCAN_CHUNK) break; // belongs to the next chunk
      // the number must start at a token boundary
      const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 0x20;
      if (before >= 0x30 && before <= 0x39) continue;
      const num = Number(m[1]);
      const offset = start + m.index;
      entries.set(num, { type: 1, offset, gen: Number(m[2]) });
      const peek = text.slice(re.lastIndex, re.lastIndex + 300);
      if (/\/Type\s*\/ObjStm/.test(peek)) objStreams.push(num);
      if (/\/Type\s*\/Catalog/.test(peek)) catalogs.push(num);
    }
    let t = indexOfBytes(buf, 'trailer');
    while (t >= 0 && t < SCAN_CHUNK) {
      const lx = new Lexer(buf, t + 7);
      const d = lx.parse(true);
      if (d instanceof PdfDict) trailers.push(d);
      t = indexOfBytes(buf, 'trailer', t + 7);
    }
  }
  return { entries, trailers, objStreams, catalogs };
}
