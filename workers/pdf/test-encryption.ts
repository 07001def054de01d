// Test helper: PDFs protected with the Standard security handler (RC4 40-bit, revision 2), built
// by hand because pdf-lib cannot encrypt. With a correct /U for the empty user password the file
// opens without a password (owner password only); with a random /U it needs a user password.
import { createHash } from 'node:crypto';
import { minimalPageObjects, rawPdf } from './test-fixtures';

export const PAD = Uint8Array.from([0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a]);

export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const ID = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
const O = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

/** The file key for the empty user password (algorithm 2, revision 2). */
function fileKey(P: number): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, P, true);
  return createHash('md5').update(PAD).update(O).update(p).update(ID).digest().subarray(0, 5);
}

function encryptDict(userPasswordNeeded: boolean, P: number): string {
  const U = userPasswordNeeded ? Uint8Array.from({ length: 32 }, (_, i) => i * 3) : rc4(fileKey(P), PAD);
  return `<< /Filter /Standard /V 1 /R 2 /Length 40 /P ${P} /O <${hex(O)}> /U <${hex(U)}> >>`;
}

export function encryptedPdf(userPasswordNeeded: boolean, P: number): Uint8Array {
  const id = ID;
  const objs = minimalPageObjects('', '');
  objs.push(encryptDict(userPasswordNeeded, P));
  return rawPdf(objs, { trailer: `/Encrypt 5 0 R /ID [<${hex(id)}> <${hex(id)}>]` });
}


/**
 * An owner-password-only file whose catalog and pages sit in an (encrypted) object stream: the
 * object reader cannot read it without decrypting, pdf.js can.
 */
export function encryptedObjStmPdf(P: number): Uint8Array {
  const inner = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 150] /Rotate 90 >>'];
  let body = '';
  const header: string[] = [];
  inner.forEach((o, i) => {
    header.push(`${i + 1} ${body.length}`);
    body += `${o}\n`;
  });
  const head = `${header.join(' ')}\n`;
  const plain = Uint8Array.from(head + body, (c) => c.charCodeAt(0));
  // per-object key: MD5(file key + object number (3 bytes LE) + generation (2 bytes LE))
  const objKey = createHash('md5').update(fileKey(P)).update(Uint8Array.from([4, 0, 0, 0, 0])).digest().subarray(0, 10);
  const data = rc4(objKey, plain);
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  offsets[4] = out.length;
  out += `4 0 obj\n<< /Type /ObjStm /N 3 /First ${head.length} /Length ${data.length} >>\nstream\n${String.fromCharCode(...data)}\nendstream\nendobj\n`;
  offsets[5] = out.length;
  out += `5 0 obj\n${encryptDict(false, P)}\nendobj\n`;
  offsets[6] = out.length;
  const rows: number[][] = [[0, 0, 65535], [2, 4, 0], [2, 4, 1], [2, 4, 2], [1, offsets[4]!, 0], [1, offsets[5]!, 0], [1, offsets[6]!, 0]];
  const xref = rows.flatMap(([t, f2, f3]) => [t!, (f2! >>> 24) & 255, (f2! >>> 16) & 255, (f2! >>> 8) & 255, f2! & 255, (f3! >>> 8) & 255, f3! & 255]);
  out += `6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Encrypt 5 0 R /ID [<${hex(ID)}> <${hex(ID)}>] /Length ${xref.length} >>\nstream\n${String.fromCharCode(...xref)}\nendstream\nendobj\n`;
  out += `startxref\n${offsets[6]}\n%%EOF\n`;
  return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
}
