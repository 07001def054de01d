// The PDF Standard security handler (ISO 32000-2 7.6.4), for files protected by an owner password
// only: they open without a password, so a printer prints them, and their fonts and images must be
// checked like any other file's. Handles RC4 (40–128 bit, R2–R4), AES-128 (AESV2, R4) and AES-256
// (AESV3: R5 and R6). A file that needs a user password is told apart here, without pdf.js.
//
// Primitives: AES and SHA-2 from WebCrypto (globalThis.crypto.subtle): native in browsers and
// workers, and in Node it is node:crypto's own WebCrypto, so the server uses node:crypto through
// the same code (measured on this machine under load: AES-256-CBC decryption 36–49 MB/s through
// WebCrypto, 22–28 MB/s through createDecipheriv). MD5, which WebCrypto lacks, from @noble/hashes
// (audited, no dependencies; only for the file key and one short digest per object: 12 µs each).
// RC4, which neither has (OpenSSL 3 keeps it in its legacy provider), in a few lines below
// (30 MB/s). WebCrypto exists only in secure contexts (HTTPS, localhost): elsewhere an encrypted
// file stays "not inspected" and its content checks say "could not be verified".
import { md5 } from '@noble/hashes/legacy.js';
import { PdfDict, PdfName, PdfString, type PdfValue, isName, nameOf, numberOf } from './objects';

/** Password padding string (Algorithm 2, step a). */
const PAD = Uint8Array.from([0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a]);

type Method = 'none' | 'rc4' | 'aesv2' | 'aesv3';

export type SecurityOutcome =
  | { kind: 'open'; decryptor: Decryptor }
  /** Opening the file needs a user password: pdf_encrypted. */
  | { kind: 'password' }
  /** A handler or algorithm this reader does not implement (e.g. public-key security). */
  | { kind: 'unsupported'; reason: string };

export interface Decryptor {
  /** Data of stream `num gen`; `dict` tells an identity crypt filter or unencrypted metadata. */
  stream(data: Uint8Array, num: number, gen: number, dict: PdfDict): Promise<Uint8Array>;
  /** Every string inside the value of object `num gen` (a new value; dictionaries are updated in place). */
  strings(value: PdfValue, num: number, gen: number): Promise<PdfValue>;
}

export async function openSecurity(encrypt: PdfDict, id0: Uint8Array, resolve: (v: PdfValue | undefined) => Promise<PdfValue | undefined>): Promise<SecurityOutcome> {
  const num = async (k: string) => numberOf(await resolve(encrypt.get(k)));
  const bytes = async (k: string) => {
    const v = await resolve(encrypt.get(k));
    return v instanceof PdfString ? v.bytes : undefined;
  };
  if (!isName(await resolve(encrypt.get('Filter')), 'Standard')) return { kind: 'unsupported', reason: `security handler ${nameOf(await resolve(encrypt.get('Filter'))) ?? '?'}` };
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return { kind: 'unsupported', reason: 'no WebCrypto here (a page served over plain HTTP)' };
  const V = (await num('V')) ?? 0;
  const R = (await num('R')) ?? 0;
  const P = (await num('P')) ?? 0;
  const O = await bytes('O');
  const U = await bytes('U');
  if (!O || !U) return { kind: 'unsupported', reason: 'encryption dictionary without /O or /U' };
  const encryptMetadata = (await resolve(encrypt.get('EncryptMetadata'))) !== false;

  // which algorithm strings and streams use: V1/V2 RC4; V4/V5 a named crypt filter
  let stm: Method = 'rc4';
  let str: Method = 'rc4';
  let lengthBits = (await num('Length')) ?? 40;
  if (V === 4 || V === 5) {
    const cf = await resolve(encrypt.get('CF'));
    const method = async (name: string | undefined): Promise<Method> => {
      if (!name || name === 'Identity') return 'none';
      const f = cf instanceof PdfDict ? await resolve(cf.get(name)) : undefined;
      const cfm = f instanceof PdfDict ? nameOf(await resolve(f.get('CFM'))) : undefined;
      if (f instanceof PdfDict) lengthBits = numberOf(await resolve(f.get('Length'))) ?? lengthBits;
      return cfm === 'AESV2' ? 'aesv2' : cfm === 'AESV3' ? 'aesv3' : cfm === 'V2' ? 'rc4' : 'none';
    };
    stm = await method(nameOf(await resolve(encrypt.get('StmF'))));
    str = await method(nameOf(await resolve(encrypt.get('StrF'))));
  } else if (V !== 1 && V !== 2) {
    return { kind: 'unsupported', reason: `encryption version ${V}` };
  }

  let key: Uint8Array | null;
  if (R === 5 || R === 6) {
    const UE = await bytes('UE');
    if (!UE || U.length < 48) return { kind: 'unsupported', reason: 'AES-256 without /UE' };
    key = await aes256Key(U, UE, R);
  } else if (R >= 2 && R <= 4) {
    // CF lengths are in bytes (ISO 32000-2) though some writers put bits there
    const n = R === 2 ? 5 : Math.max(5, Math.min(16, lengthBits > 16 ? lengthBits / 8 : lengthBits));
    key = rc4Key(O, P, id0, R, n, encryptMetadata, U);
  } else {
    return { kind: 'unsupported', reason: `security handler revision ${R}` };
  }
  if (!key) return { kind: 'password' };
  return { kind: 'open', decryptor: new StandardDecryptor(key, stm, str, encryptMetadata) };
}

/** Algorithm 2 with the empty user password, checked against /U (Algorithms 4 and 5). */
function rc4Key(O: Uint8Array, P: number, id0: Uint8Array, R: number, n: number, encryptMetadata: boolean, U: Uint8Array): Uint8Array | null {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, P | 0, true);
  const parts = [PAD, O.subarray(0, 32), p, id0];
  if (R >= 4 && !encryptMetadata) parts.push(Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
  let h = md5(concat(parts));
  if (R >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
  const key = h.slice(0, n);
  if (R === 2) return equal(rc4(key, PAD), U.subarray(0, 32)) ? key : null;
  let x = rc4(key, md5(concat([PAD, id0])));
  for (let i = 1; i <= 19; i++) x = rc4(key.map((b) => b ^ i), x);
  return equal(x, U.subarray(0, 16)) ? key : null;
}

/** R5 (SHA-256) and R6 (Algorithm 2.B) with the empty user password: the file key from /UE. */
async function aes256Key(U: Uint8Array, UE: Uint8Array, R: number): Promise<Uint8Array | null> {
  const empty = new Uint8Array(0);
  const hash = (salt: Uint8Array) => (R === 5 ? sha('SHA-256', salt) : hash2B(empty, salt));
  if (!equal(await hash(U.subarray(32, 40)), U.subarray(0, 32))) return null;
  const k = await hash(U.subarray(40, 48));
  return aesCbc(k, new Uint8Array(16), UE.subarray(0, 32), false);
}

/** ISO 32000-2 Algorithm 2.B, the hardened hash of revision 6 (user password: no extra data). */
async function hash2B(password: Uint8Array, salt: Uint8Array): Promise<Uint8Array> {
  let k = await sha('SHA-256', concat([password, salt]));
  let e: Uint8Array = new Uint8Array(0);
  for (let round = 0; round < 64 || e[e.length - 1]! > round - 32; round++) {
    const one = concat([password, k]);
    const k1 = new Uint8Array(one.length * 64);
    for (let i = 0; i < 64; i++) k1.set(one, i * one.length);
    e = await aesCbcEncryptNoPad(k.subarray(0, 16), k.subarray(16, 32), k1);
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i]!; // the first 16 bytes as a big number, mod 3
    k = await sha(['SHA-256', 'SHA-384', 'SHA-512'][sum % 3]!, e);
  }
  return k.subarray(0, 32);
}

class StandardDecryptor implements Decryptor {
  private readonly objectKeys = new Map<string, Uint8Array>();

  constructor(
    private readonly key: Uint8Array,
    private readonly stm: Method,
    private readonly str: Method,
    private readonly encryptMetadata: boolean,
  ) {}

  async stream(data: Uint8Array, num: number, gen: number, dict: PdfDict): Promise<Uint8Array> {
    if (!this.encryptMetadata && isName(dict.get('Type'), 'Metadata')) return data;
    const filters = dict.get('Filter');
    // a stream may name its own crypt filter (/Crypt first in its chain): Identity is plain
    if ((Array.isArray(filters) ? filters[0] : filters) instanceof PdfName && nameOf(Array.isArray(filters) ? filters[0] : filters) === 'Crypt') {
      const parms = dict.get('DecodeParms');
      const p = Array.isArray(parms) ? parms[0] : parms;
      if (!(p instanceof PdfDict) || nameOf(p.get('Name')) === 'Identity' || !p.has('Name')) return data;
    }
    return this.run(this.stm, data, num, gen);
  }

  async strings(value: PdfValue, num: number, gen: number): Promise<PdfValue> {
    if (this.str === 'none') return value;
    if (value instanceof PdfString) return new PdfString(await this.run(this.str, value.bytes, num, gen));
    if (Array.isArray(value)) {
      const out: PdfValue[] = [];
      for (const v of value) out.push(await this.strings(v, num, gen));
      return out;
    }
    if (value instanceof PdfDict) {
      for (const [k, v] of value.map) if (v instanceof PdfString || Array.isArray(v) || v instanceof PdfDict) value.map.set(k, await this.strings(v, num, gen));
    }
    return value;
  }

  private async run(method: Method, data: Uint8Array, num: number, gen: number): Promise<Uint8Array> {
    if (method === 'none') return data;
    if (method === 'rc4') return rc4(this.objectKey(num, gen, false), data);
    const key = method === 'aesv3' ? this.key : this.objectKey(num, gen, true);
    // 16 bytes of IV, then whole blocks (a damaged tail is cut to whole blocks, never fatal)
    if (data.length < 32) return new Uint8Array(0);
    const body = data.subarray(16, 16 + Math.floor((data.length - 16) / 16) * 16);
    return aesCbc(key, data.subarray(0, 16), body, true);
  }

  /** Algorithm 1: the key of one object (RC4 and AES-128). */
  private objectKey(num: number, gen: number, aes: boolean): Uint8Array {
    const id = `${num} ${gen} ${aes}`;
    let k = this.objectKeys.get(id);
    if (!k) {
      const extra = Uint8Array.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
      const salt = aes ? Uint8Array.from([0x73, 0x41, 0x6c, 0x54]) : new Uint8Array(0);
      k = md5(concat([this.key, extra, salt])).slice(0, Math.min(16, this.key.length + 5));
      if (this.objectKeys.size > 10_000) this.objectKeys.clear();
      this.objectKeys.set(id, k);
    }
    return k;
  }
}

// ---------------------------------------------------------------------------------------------
// Primitives

/** RC4 (a stream cipher: decrypting is encrypting). */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    const t = s[i]!;
    s[i] = s[j]!;
    s[j] = t;
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    const t = s[i]!;
    s[i] = s[j]!;
    s[j] = t;
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

async function sha(alg: string, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(alg, data as Uint8Array<ArrayBuffer>));
}

async function aesKey(key: Uint8Array, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'AES-CBC' }, false, [usage]);
}

/** AES-CBC encryption without padding (WebCrypto always pads: the padding block is dropped). */
async function aesCbcEncryptNoPad(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const out = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: iv as Uint8Array<ArrayBuffer> }, await aesKey(key, 'encrypt'), data as Uint8Array<ArrayBuffer>));
  return out.subarray(0, data.length);
}

/**
 * AES-CBC decryption of whole blocks. WebCrypto insists on PKCS#7 padding, so one block is
 * appended that decrypts to a full padding block (it is the encryption of the last ciphertext
 * block XOR 16×0x10); WebCrypto removes it and returns exactly the data. `unpad` then removes the
 * PDF's own padding when it is well-formed.
 */
async function aesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array, unpad: boolean): Promise<Uint8Array> {
  if (data.length === 0) return data;
  const last = data.subarray(data.length - 16);
  const pad = last.map((b) => b ^ 0x10);
  const extra = (await aesCbcEncryptNoPad(key, new Uint8Array(16), pad)).subarray(0, 16);
  const plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: iv as Uint8Array<ArrayBuffer> }, await aesKey(key, 'decrypt'), concat([data, extra]) as Uint8Array<ArrayBuffer>));
  if (!unpad) return plain;
  const n = plain[plain.length - 1]!;
  const padded = n >= 1 && n <= 16 && plain.length >= n && plain.subarray(plain.length - n).every((b) => b === n);
  return padded ? plain.subarray(0, plain.length - n) : plain;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
