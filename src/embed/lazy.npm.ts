// Lazily loaded parts for the npm build. The worker ships prebuilt inside the package
// (dist/npm/chunks) and is referenced with the literal `new Worker(new URL(…, import.meta.url))`
// pattern that the host's bundler (Vite, webpack 5, Rollup plugins) recognises and re-emits.
// Our own library build must not bundle the worker again, so the source names it through a
// constant that scripts/build.mjs turns back into the literal in dist/npm.
const FC_WORKER_CHUNK = './chunks/inspect.worker.js';

export function createInspectorWorker(): Worker {
  return new Worker(new URL(FC_WORKER_CHUNK, import.meta.url), { type: 'module', name: 'filecheck-inspect' });
}

export function loadEvaluator(): Promise<typeof import('../core/evaluator-entry')> {
  return import('../core/evaluator-entry');
}

export function loadTransport(): Promise<typeof import('./transport-entry')> {
  return import('./transport-entry');
}

const localeModules = import.meta.glob<{ messages: Record<string, string> }>('../core/messages/{de,fr,es,it,nl,pl}.ts');

export function loadLocaleMessages(locale: string): Promise<{ messages: Record<string, string> }> {
  const load = localeModules[`../core/messages/${locale}.ts`];
  return load ? load() : Promise.reject(new Error(`no catalogue for ${locale}`));
}

export function loadExtras(): Promise<typeof import('./extras-entry')> {
  return import('./extras-entry');
}

export function loadProofView(): Promise<typeof import('../widget/view/ProofView')> {
  return import('../widget/view/ProofView');
}

export function loadPoolModule(): Promise<typeof import('../widget/inspector-pool')> {
  return import('../widget/inspector-pool');
}
