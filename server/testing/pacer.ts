// Holds request bodies back to a byte rate, as a slow uplink would, for the test proxies
// (server/testing/round-robin.ts, e2e/server-process.ts). One pacer per proxy: the rate applies
// to all its connections together. A transform that waits before passing a chunk on delays its
// callback, so backpressure reaches the browser's socket.

export interface Pacer {
  /** Milliseconds to hold a chunk of `bytes` back (0: pass it on now). */
  delay(bytes: number): number;
  /** Bytes per second (0: no limit); starts a fresh schedule. */
  setRate(bytesPerSecond: number): void;
}

export function createPacer(bytesPerSecond = 0): Pacer {
  let rate = bytesPerSecond;
  let nextFree = 0;
  return {
    delay(bytes) {
      if (!rate) return 0;
      const now = Date.now();
      nextFree = Math.max(nextFree, now) + (bytes / rate) * 1000;
      const wait = nextFree - now;
      return wait < 2 ? 0 : wait;
    },
    setRate(r) {
      rate = r;
      nextFree = 0;
    },
  };
}

/** Passes `chunk` on through a transform's callback after the pacer's delay. */
export function passPaced(pacer: Pacer, chunk: Buffer, done: (err: null, chunk: Buffer) => void): void {
  const wait = pacer.delay(chunk.length);
  if (wait === 0) done(null, chunk);
  else setTimeout(() => done(null, chunk), wait);
}
