// Lazily loaded parts, for source builds (Vite dev server, tests, bundlers that understand
// `new URL(..., import.meta.url)` workers). The script-tag build swaps this file for lazy.cdn.ts
// and the npm build for lazy.npm.ts (see scripts/build.mjs).
export * from './lazy-modules';

export function createInspectorWorker(): Worker {
  return new Worker(new URL('../../workers/inspect.worker.ts', import.meta.url), { type: 'module', name: 'filecheck-inspect' });
}
