// One inspector pool per page, shared by every intake. The pool's code (and Comlink) loads with
// the first file, and its workers start on first use; until then this stand-in just waits.
import type { InspectorPool } from '../widget/inspector-pool';
import { createInspectorWorker, loadPoolModule } from './lazy';

let pool: Promise<InspectorPool> | null = null;
let ready: InspectorPool | null = null;
let facade: InspectorPool | null = null;

function load(): Promise<InspectorPool> {
  // The worker factory is handed in: it knows where the chunks live (the script tag's URL).
  pool ??= loadPoolModule().then((m) => (ready = m.createInspectorPool({ createWorker: createInspectorWorker })));
  // A failed load is not kept: "Try again" loads it afresh.
  pool.catch(() => (pool = null));
  return pool;
}

export function sharedPool(): InspectorPool {
  facade ??= {
    sniff: (blob) => load().then((p) => p.sniff(blob)),
    inspect: (blob, sniffed) => load().then((p) => p.inspect(blob, sniffed)),
    check: (blob, kinds) => {
      const checking = load().then((p) => p.check(blob, kinds));
      return { sniffed: checking.then((c) => c.sniffed), inspected: checking.then((c) => c.inspected) };
    },
    thumbnail: (blob, maxPx, opts) =>
      load().then((p) => p.thumbnail?.(blob, maxPx, opts) ?? { ok: false as const, error: { code: 'thumbnail_unsupported' as const, message: 'no thumbnails here' } }),
    renderPage: (blob, page, opts) =>
      load().then((p) => p.renderPage?.(blob, page, opts) ?? { ok: false as const, error: { code: 'render_unsupported' as const, message: 'no renderer here' } }),
    // the pool's code, a worker and the PDF reader load while the customer chooses the file
    warm: (kinds) => void load().then((p) => p.warm?.(kinds), () => undefined),
    size: () => ready?.size() ?? 0,
    terminate: () => ready?.terminate(),
  };
  return facade;
}
