// Lazily loaded parts for the npm build. The worker ships prebuilt inside the package
// (dist/npm/chunks) and is referenced with the literal `new Worker(new URL(…, import.meta.url))`
// pattern that the host's bundler (Vite, webpack 5, Rollup plugins) recognises and re-emits.
// Our own library build must not bundle the worker again, so the source names it through a
// constant that scripts/build.mjs turns back into the literal in dist/npm.
export * from './lazy-modules';

const FC_WORKER_CHUNK = './chunks/inspect.worker.js';

export function createInspectorWorker(): Worker {
  return new Worker(new URL(FC_WORKER_CHUNK, import.meta.url), { type: 'module', name: 'filecheck-inspect' });
}
