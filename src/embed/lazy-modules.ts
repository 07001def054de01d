// Lazily loaded parts as plain dynamic imports: the source and npm builds share these (the host's
// bundler or Vite splits them into chunks). The script-tag build loads prebuilt chunks by URL
// instead (lazy.cdn.ts). Every load is retried with backoff (retry-import.ts).
import { importWithRetry } from './retry-import';

export function loadEvaluator(): Promise<typeof import('../core/evaluator-entry')> {
  return importWithRetry('../core/evaluator-entry', () => import('../core/evaluator-entry'));
}

export function loadWorkflowParser(): Promise<typeof import('./workflow-entry')> {
  return importWithRetry('./workflow-entry', () => import('./workflow-entry'));
}

export function loadTransport(): Promise<typeof import('./transport-entry')> {
  return importWithRetry('./transport-entry', () => import('./transport-entry'));
}

// Every catalogue file next to en.ts is its own chunk (src/core/locales.ts lists the shipped ones;
// the catalogue test checks each has its file).
const localeModules = import.meta.glob<{ messages: Record<string, string> }>([
  '../core/messages/*.ts',
  '!../core/messages/en.ts',
  '!../core/messages/*.test.ts',
]);

export function loadLocaleMessages(locale: string): Promise<{ messages: Record<string, string> }> {
  const load = localeModules[`../core/messages/${locale}.ts`];
  return load ? importWithRetry(locale, load) : Promise.reject(new Error(`no catalogue for ${locale}`));
}

export function loadExtras(): Promise<typeof import('./extras-entry')> {
  return importWithRetry('./extras-entry', () => import('./extras-entry'));
}

export function loadView(): Promise<typeof import('../widget/view/entry')> {
  return importWithRetry('../widget/view/entry', () => import('../widget/view/entry'));
}

export function loadProofView(): Promise<typeof import('../widget/view/ProofView')> {
  return importWithRetry('../widget/view/ProofView', () => import('../widget/view/ProofView'));
}

export function loadPoolModule(): Promise<typeof import('../widget/inspector-pool')> {
  return importWithRetry('../widget/inspector-pool', () => import('../widget/inspector-pool'));
}
