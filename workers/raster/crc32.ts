// CRC-32 (ISO-HDLC, as in PNG chunks). Table built once on first use.
let table: Uint32Array | undefined;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

export function crc32(...parts: Uint8Array[]): number {
  table ??= makeTable();
  let c = 0xffffffff;
  for (const p of parts) for (let i = 0; i < p.length; i++) c = table[(c ^ p[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
