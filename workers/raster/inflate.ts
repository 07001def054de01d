// Bounded zlib inflation with the platform's DecompressionStream (browsers, workers, Node >= 18).
// Used for PNG's compressed ICC profile; stops at `cap` bytes so a tiny chunk cannot expand
// into gigabytes.
export async function inflateCapped(zlib: Uint8Array, cap: number): Promise<Uint8Array | null> {
  if (typeof DecompressionStream === 'undefined') return null;
  try {
    const stream = new Blob([zlib as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
    const reader = stream.getReader();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        await reader.cancel();
        return null;
      }
      parts.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  } catch {
    return null; // a damaged profile is not a damaged image
  }
}
