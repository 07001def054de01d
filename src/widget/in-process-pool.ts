// An inspector pool that runs the real inspectors on the calling thread. For Node (tests, and
// any host without Workers); the browser uses the worker pool.
import type { InspectorPool } from './inspector-pool';
import { blobSource } from '../../workers/source';
import { inspectSource, sniffSource } from '../../workers/inspect';

export function createInProcessPool(): InspectorPool {
  const pool: InspectorPool = {
    async sniff(blob) {
      try {
        return { ok: true, sniffed: await sniffSource(blobSource(blob)) };
      } catch (err) {
        return { ok: false, error: { code: 'inspect_failed', message: (err as Error).message } };
      }
    },
    async inspect(blob, sniffed) {
      const src = blobSource(blob);
      try {
        return { ok: true, facts: { ...(await inspectSource(src, sniffed)), bytesRead: src.bytesRead } };
      } catch (err) {
        const e = err as { code?: string; message?: string };
        return { ok: false, error: { code: e.code ?? 'inspect_failed', message: e.message ?? String(err) } };
      }
    },
    check(blob, kinds) {
      // on one thread there is no round trip to save: the sniff, then the inspection
      const sniffed = pool.sniff(blob);
      const inspected = sniffed.then((r) => (r.ok && r.sniffed.kind && kinds.includes(r.sniffed.kind) ? pool.inspect(blob, r.sniffed) : null));
      return { sniffed, inspected };
    },
    size: () => 0,
    terminate: () => undefined,
  };
  return pool;
}
