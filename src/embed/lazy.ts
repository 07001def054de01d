// Lazily loaded parts, for source builds (Vite dev server, tests, bundlers that understand
// `new URL(..., import.meta.url)` workers). The script-tag build swaps this file for lazy.cdn.ts
// and the npm build for lazy.npm.ts (see scripts/build.mjs).
export function createInspectorWorker(): Worker {
  return new Worker(new URL('../../workers/inspect.worker.ts', import.meta.url), { type: 'module', name: 'filecheck-inspect' });
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
