// A lazily loaded PDF: objects are read on demand, through the byte source, by xref lookup.
// Falls back to reconstructing the xref by scanning for `N G obj` when the table is broken.
import type { ByteSource } from '../source';
import { BlockReader, prefetchPolicy } from './block-reader';
import { imageHead } from './image-head';
import { PdfInspectError, PdfParseError } from './errors';
import { UnsupportedFilter, decodeStream } from './filters';
import { Lexer, indexOfBytes } from './lexer';
import { PdfDict, PdfKeyword, PdfRef, PdfStream, PdfString, type PdfValue, dictOf, isName, latin1, numberOf } from './objects';
import { type Decryptor, openSecurity } from './security';
import { type XrefEntry, findStartXref, readXrefChain, scanForObjects } from './xref';

const MAX_OBJECT_WINDOW = 8 * 1024 * 1024;
const MAX_OBJECTS_LOADED = 500_000;
const MAX_STRUCTURE_DECODE = 256 * 1024 * 1024;
const MAX_ENDSTREAM_SEARCH = 64 * 1024 * 1024;
const MAX_OBJSTM_BYTES = 64 * 1024 * 1024;
/**
 * Read ahead at open where reads are round trips: the end of the file holds the trailer, the xref
 * and often the object streams. At most 2 % of the file, so that a file mostly of images is still
 * read only a few percent.
 */
const TAIL_AHEAD = 256 * 1024;
const TAIL_SHARE = 0.02;
/** Of each object, read ahead this much (a stream's dictionary; a small object or content stream whole). */
const OBJECT_HEAD = 2 * 1024;
const SMALL_OBJECT = 16 * 1024;
/** Objects past this many are not read ahead (a hostile cross-reference lists millions). */
const MAX_OBJECTS_AHEAD = 100_000;

interface ObjStm {
  data: Uint8Array;
  first: number;
  offsets: Map<number, number>;
}

export class PdfDocument {
  readonly reader: BlockReader;
  entries = new Map<number, XrefEntry>();
  trailer = new PdfDict();
  readonly warnings: string[] = [];
  headerVersion = '';
  /** Bytes of junk before %PDF-: some writers count xref offsets from the header, not the file start. */
  private headerOffset = 0;
  encrypted = false;
  /** Set when an encrypted file opens without a password and its handler is implemented. */
  private decryptor: Decryptor | null = null;
  /** Why an encrypted file cannot be decrypted here (unsupported handler), for a warning. */
  securityProblem: string | null = null;
  /** The encryption dictionary's object: never decrypted itself. */
  private encryptObject = -1;
  /** No startxref at the end: the upload was probably cut off. */
  truncated = false;
  private cache = new Map<number, PdfValue>();
  private objStms = new Map<number, ObjStm | null>();
  private loadingObjStm = new Set<number>();
  private reconstructed = false;
  private loaded = 0;
  private decoded = 0;

  private constructor(src: ByteSource) {
    this.reader = new BlockReader(src);
  }

  static async open(src: ByteSource): Promise<PdfDocument> {
    if (src.size === 0) throw new PdfInspectError('pdf_empty', 'The file is empty.');
    const doc = new PdfDocument(src);
    // the head and the tail in two parallel reads instead of a dozen in a row (see BlockReader)
    if (src.roundTrips) void doc.reader.prefetch([[0, 1024], [src.size - Math.max(8192, Math.min(TAIL_AHEAD, Math.floor(src.size * TAIL_SHARE))), src.size]], prefetchPolicy(src));
    const head = await doc.reader.read(0, 1024);
    const at = indexOfBytes(head, '%PDF-');
    if (at < 0) throw new PdfInspectError('not_a_pdf', 'This file is not a PDF.');
    doc.headerOffset = at;
    const m = /^%PDF-(\d+\.\d+)/.exec(latin1(head, at, at + 16));
    doc.headerVersion = m?.[1] ?? '';
    await doc.loadXref();
    if (src.roundTrips) void doc.readObjectsAhead();
    return doc;
  }

  /**
   * Where reads are round trips: read every object's head (a small object whole, the dictionary
   * of a large stream; an object stream whole) ahead, in file order, while pages are walked. The
   * cross-reference says where each object starts; the next object's offset bounds it.
   */
  private readObjectsAhead(): Promise<void> {
    const containers = new Set<number>();
    const starts: { num: number; offset: number }[] = [];
    for (const [num, e] of this.entries) {
      if (e.type === 2) containers.add(e.stream);
      else if (e.offset >= 0 && e.offset < this.reader.size) starts.push({ num, offset: e.offset });
      if (starts.length > MAX_OBJECTS_AHEAD) return Promise.resolve();
    }
    starts.sort((a, b) => a.offset - b.offset);
    const ranges: [number, number][] = [];
    starts.forEach(({ num, offset }, i) => {
      const span = (starts[i + 1]?.offset ?? this.reader.size) - offset;
      const want = containers.has(num) ? Math.min(span, MAX_OBJSTM_BYTES) : span <= SMALL_OBJECT ? span : OBJECT_HEAD;
      ranges.push([offset, offset + want]);
    });
    return this.reader.prefetch(ranges, prefetchPolicy(this.reader.src), imageHead);
  }

  private async loadXref(): Promise<void> {
    const start = await findStartXref(this.reader);
    if (start === null) {
      this.truncated = true;
      this.warnings.push('startxref missing (file may be truncated); cross-reference rebuilt');
      await this.reconstruct();
    } else {
      try {
        await this.readXref(start).catch((e) => {
          if (this.headerOffset > 0 && e instanceof PdfParseError) return this.readXref(start + this.headerOffset);
          throw e;
        });
      } catch (e) {
        if (!(e instanceof PdfParseError)) throw e;
        this.warnings.push(`cross-reference broken (${e.message}); rebuilt by scanning`);
        await this.reconstruct();
      }
    }
    this.encrypted = this.trailer.has('Encrypt') && this.trailer.get('Encrypt') !== null;
    if (this.encrypted) await this.openEncryption();
    if (!(await this.catalogLooksValid()) && !this.reconstructed) {
      this.warnings.push('catalog not found through the cross-reference; rebuilt by scanning');
      await this.reconstruct();
    }
    if (!(await this.catalogLooksValid())) throw new PdfParseError('no document catalog');
  }

  /** Encrypted and readable: the owner password restricts, but anyone can open and print it. */
  get decrypts(): boolean {
    return this.decryptor !== null;
  }

  /** Encrypted and not readable here: page content, strings and metadata stay unknown. */
  get locked(): boolean {
    return this.encrypted && this.decryptor === null;
  }

  private async openEncryption(): Promise<void> {
    const ref = this.trailer.get('Encrypt');
    if (ref instanceof PdfRef) this.encryptObject = ref.num;
    const enc = dictOf(await this.resolve(ref));
    const ids = await this.resolve(this.trailer.get('ID'));
    const id0 = Array.isArray(ids) && ids[0] instanceof PdfString ? ids[0].bytes : new Uint8Array(0);
    const outcome = enc ? await openSecurity(enc, id0, (v) => this.resolve(v)) : { kind: 'unsupported' as const, reason: 'no encryption dictionary' };
    if (outcome.kind === 'password') throw new PdfInspectError('pdf_encrypted', 'This PDF is protected by a password and cannot be opened.');
    if (outcome.kind === 'unsupported') {
      this.securityProblem = outcome.reason;
      return;
    }
    this.decryptor = outcome.decryptor;
    // objects read before the key was known hold encrypted strings: read them again
    const keep = this.cache.get(this.encryptObject);
    this.cache.clear();
    if (keep !== undefined) this.cache.set(this.encryptObject, keep);
    this.objStms.clear();
  }

  private async readXref(start: number): Promise<void> {
    const res = await readXrefChain(
      this.reader,
      start,
      (off) => this.parseAt(off),
      (s, max) => this.streamData(s, max, true),
    );
    this.entries = res.entries;
    this.trailer = res.trailer;
    this.warnings.push(...res.warnings);
  }

  private async catalogLooksValid(): Promise<boolean> {
    const root = dictOf(await this.resolve(this.trailer.get('Root')));
    return !!root && dictOf(await this.resolve(root.get('Pages'))) !== undefined;
  }

  private async reconstruct(): Promise<void> {
    if (this.reconstructed) return;
    this.reconstructed = true;
    this.cache.clear();
    this.objStms.clear();
    const scan = await scanForObjects(this.reader);
    if (scan.entries.size === 0) throw new PdfParseError('no objects found');
    this.entries = scan.entries;
    const oldTrailer = this.trailer;
    this.trailer = new PdfDict();
    for (const t of scan.trailers) for (const [k, v] of t.map) this.trailer.map.set(k, v);
    for (const [k, v] of oldTrailer.map) if (!this.trailer.has(k)) this.trailer.map.set(k, v);
    for (const num of scan.objStreams) {
      const stm = await this.objStm(num).catch(() => null);
      if (!stm) continue;
      let index = 0;
      for (const inner of stm.offsets.keys()) {
        if (!this.entries.has(inner)) this.entries.set(inner, { type: 2, stream: num, index });
        index++;
      }
    }
    const rootOk = dictOf(await this.resolve(this.trailer.get('Root')).catch(() => null));
    if (!rootOk || !rootOk.has('Pages')) {
      const catalogs = [...scan.catalogs];
      // catalogs inside object streams are invisible to the byte scan: look at streamed objects
      for (const [num, e] of this.entries) if (e.type === 2 && catalogs.length < 1) {
        const v = dictOf(await this.get(num).catch(() => null));
        if (v && isName(v.get('Type'), 'Catalog')) catalogs.push(num);
      }
      const last = catalogs[catalogs.length - 1];
      if (last !== undefined) this.trailer.map.set('Root', new PdfRef(last, 0));
    }
  }

  /** Resolve a reference (one level; dictionaries keep their references). */
  async resolve(v: PdfValue | undefined): Promise<PdfValue | undefined> {
    for (let hops = 0; v instanceof PdfRef && hops < 8; hops++) v = await this.get(v.num);
    return v instanceof PdfRef ? null : v;
  }

  async get(num: number): Promise<PdfValue> {
    if (this.cache.has(num)) return this.cache.get(num)!;
    if (++this.loaded > MAX_OBJECTS_LOADED) throw new PdfParseError('too many objects');
    this.cache.set(num, null); // cycle guard: a reference to itself resolves to null
    const value = await this.load(num);
    this.cache.set(num, value);
    return value;
  }

  private async load(num: number): Promise<PdfValue> {
    const e = this.entries.get(num);
    if (!e) return null;
    if (e.type === 2) return this.fromObjStm(e.stream, num);
    if (e.offset < 0) return null;
    const found = await this.parseAt(e.offset);
    if (found && found.num === num) return this.decryptStrings(found.value, num, found.gen);
    if (this.headerOffset > 0) {
      const shifted = await this.parseAt(e.offset + this.headerOffset);
      if (shifted && shifted.num === num) return this.decryptStrings(shifted.value, num, shifted.gen);
    }
    if (!this.reconstructed) {
      this.warnings.push(`object ${num} is not where the cross-reference says; rebuilt by scanning`);
      await this.reconstruct();
      this.cache.set(num, null);
      return this.load(num);
    }
    this.warnings.push(`object ${num} missing`);
    return null;
  }

  /** Strings of an encrypted file's objects are encrypted (not those of the encryption dictionary or an xref stream). */
  private async decryptStrings(value: PdfValue, num: number, gen: number): Promise<PdfValue> {
    if (!this.decryptor || num === this.encryptObject) return value;
    if (value instanceof PdfStream) {
      if (!isName(value.dict.get('Type'), 'XRef')) await this.decryptor.strings(value.dict, num, gen);
      return value;
    }
    return this.decryptor.strings(value, num, gen);
  }

  /** Parse `N G obj <value> [stream]` at a file offset. */
  async parseAt(offset: number): Promise<{ num: number; gen: number; value: PdfValue } | null> {
    if (offset < 0 || offset >= this.reader.size) return null;
    for (let len = 1024; ; len *= 8) {
      const buf = await this.reader.read(offset, len);
      const atEof = offset + buf.length >= this.reader.size;
      const lx = new Lexer(buf);
      const num = lx.parse(false);
      const gen = lx.parse(false);
      const kw = lx.parse(false);
      if (typeof num !== 'number' || typeof gen !== 'number' || !(kw instanceof PdfKeyword) || kw.word !== 'obj') {
        if (lx.ranOut && !atEof && len < MAX_OBJECT_WINDOW) continue;
        return null;
      }
      let value: PdfValue = lx.parse(true) ?? null;
      if (value instanceof PdfKeyword) value = null; // `1 0 obj endobj`
      if (value instanceof PdfDict) {
        const save = lx.pos;
        const next = lx.parse(false);
        if (next instanceof PdfKeyword && next.word === 'stream') {
          let p = lx.pos;
          if (buf[p] === 0x0d) p++;
          if (buf[p] === 0x0a) p++;
          value = new PdfStream(value, offset + p, num, gen);
        } else lx.pos = save;
      }
      if (lx.ranOut && !atEof && len < MAX_OBJECT_WINDOW) continue;
      return { num, gen, value };
    }
  }

  private async objStm(num: number): Promise<ObjStm | null> {
    if (this.objStms.has(num)) return this.objStms.get(num)!;
    if (this.loadingObjStm.has(num)) return null;
    this.loadingObjStm.add(num);
    try {
      const s = await this.get(num);
      if (!(s instanceof PdfStream)) return null;
      if (this.locked) throw new PdfParseError('object streams of an encrypted file cannot be read without decrypting');
      const data = await this.streamData(s, MAX_OBJSTM_BYTES, true);
      const n = Math.min(numberOf(s.dict.get('N')) ?? 0, 1_000_000);
      const first = numberOf(s.dict.get('First')) ?? 0;
      const lx = new Lexer(data);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const objNum = lx.parse(false);
        const off = lx.parse(false);
        if (typeof objNum !== 'number' || typeof off !== 'number') break;
        offsets.set(objNum, off);
      }
      const stm = { data, first, offsets };
      this.objStms.set(num, stm);
      return stm;
    } finally {
      this.loadingObjStm.delete(num);
    }
  }

  private async fromObjStm(stream: number, num: number): Promise<PdfValue> {
    const stm = await this.objStm(stream);
    const off = stm?.offsets.get(num);
    if (!stm || off === undefined) {
      this.warnings.push(`object ${num} missing from its object stream`);
      return null;
    }
    const lx = new Lexer(stm.data, stm.first + off);
    const v = lx.parse(true);
    return v === undefined || v instanceof PdfKeyword ? null : v;
  }

  /** Raw bytes of a stream, using /Length when it is right and `endstream` when it is not. */
  async streamRaw(stream: PdfStream, maxRaw = MAX_ENDSTREAM_SEARCH): Promise<Uint8Array> {
    const start = stream.dataOffset;
    const len = numberOf(await this.resolve(stream.dict.get('Length')));
    if (len !== undefined && len >= 0 && start + len <= this.reader.size) {
      const after = await this.reader.read(start + len, 24);
      if (indexOfBytes(after, 'endstream') >= 0 || start + len === this.reader.size) {
        return this.reader.read(start, Math.min(len, maxRaw));
      }
    }
    // /Length missing or wrong: find `endstream` (bounded search)
    const chunk = 256 * 1024;
    for (let pos = start; pos < this.reader.size && pos - start < maxRaw; pos += chunk) {
      const buf = await this.reader.read(pos, chunk + 16);
      const at = indexOfBytes(buf, 'endstream');
      if (at >= 0) {
        let end = pos + at;
        const tail = await this.reader.read(Math.max(start, end - 2), end - Math.max(start, end - 2));
        for (let k = tail.length - 1; k >= 0 && (tail[k] === 0x0a || tail[k] === 0x0d); k--) end--;
        this.warnings.push('a stream has a wrong /Length');
        return this.reader.read(start, end - start);
      }
    }
    this.warnings.push('a stream runs past the end of the file');
    return this.reader.read(start, Math.min(maxRaw, this.reader.size - start));
  }

  /** Decoded stream data, capped at `maxOut` bytes. `structural` streams count toward a budget. */
  async streamData(stream: PdfStream, maxOut: number, structural = false): Promise<Uint8Array> {
    const encrypted = this.encrypted && !isName(stream.dict.get('Type'), 'XRef');
    if (encrypted && !this.decryptor) throw new PdfParseError('stream is encrypted');
    // compressed data is rarely larger than what it decodes to: do not read more raw bytes than
    // the output allowed (a 500 MB content stream costs at most its budget)
    let raw = await this.streamRaw(stream, Math.min(MAX_ENDSTREAM_SEARCH, Math.max(maxOut, 1024 * 1024)));
    if (encrypted && this.decryptor) raw = await this.decryptor.stream(raw, stream.num, stream.gen, stream.dict);
    let filter = await this.resolve(stream.dict.get('Filter'));
    // a /Crypt filter has been applied by the decryptor: the rest of the chain decodes as usual
    let parmsValue = stream.dict.get('DecodeParms');
    if (Array.isArray(filter) && isName(filter[0], 'Crypt')) {
      filter = filter.slice(1);
      if (Array.isArray(parmsValue)) parmsValue = parmsValue.slice(1);
    } else if (isName(filter, 'Crypt')) {
      filter = undefined;
      parmsValue = undefined;
    }
    const parms = await this.resolve(parmsValue);
    let data: Uint8Array;
    try {
      data = await decodeStream(raw, filter, await this.resolveArray(parms), maxOut);
    } catch (e) {
      if (e instanceof UnsupportedFilter) throw new PdfParseError(e.message);
      throw e;
    }
    if (structural) {
      this.decoded += data.length;
      if (this.decoded > MAX_STRUCTURE_DECODE) throw new PdfParseError('structure too large');
    }
    return data;
  }

  private async resolveArray(v: PdfValue | undefined): Promise<PdfValue | undefined> {
    if (!Array.isArray(v)) return v;
    const out: PdfValue[] = [];
    for (const x of v) out.push((await this.resolve(x)) ?? null);
    return out;
  }

  async catalog(): Promise<PdfDict> {
    const root = dictOf(await this.resolve(this.trailer.get('Root')));
    if (!root) throw new PdfParseError('no document catalog');
    return root;
  }
}
