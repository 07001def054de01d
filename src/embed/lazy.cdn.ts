// Lazily loaded parts for the script-tag bundle: chunks live next to filecheck.js, wherever it
// is served from, so the URL is taken from the <script> element while the bundle first runs.
import { startModuleWorker } from './module-worker';
import { importWithRetry } from './retry-import';
import { batch, signal } from '@preact/signals';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import { hasMessage, t } from '../core/i18n';

const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
const base = new URL('./', script?.src || (typeof location !== 'undefined' ? location.href : 'http://localhost/'));

export function assetUrl(path: string): string {
  return new URL(path, base).href;
}

/** A chunk by URL, retried with backoff; a retry varies the URL so a cached failure is not reused. */
function chunk<T>(path: string): Promise<T> {
  return importWithRetry(path, (attempt) => import(/* @vite-ignore */ assetUrl(attempt ? `${path}?retry=${attempt}` : path)));
}

export function createInspectorWorker(): Worker {
  return startModuleWorker(assetUrl('chunks/inspect.worker.js'), 'filecheck-inspect');
}

export function loadEvaluator(): Promise<typeof import('../core/evaluator-entry')> {
  return chunk('chunks/evaluate.js');
}

export function loadWorkflowParser(): Promise<typeof import('./workflow-entry')> {
  return chunk('chunks/workflow.js');
}

export function loadTransport(): Promise<typeof import('./transport-entry')> {
  return chunk('chunks/transport.js');
}

export function loadLocaleMessages(locale: string): Promise<{ messages: Record<string, string> }> {
  return chunk(`chunks/locale-${locale}.js`);
}

export function loadExtras(): Promise<typeof import('./extras-entry')> {
  return chunk('chunks/extras.js');
}

/**
 * The view and the proof view are Preact components in their own chunks. A chunk would bring its
 * own copy of Preact, signals and the catalogues, which cannot render into this bundle's tree,
 * so these chunks are built against this bundle's copies, handed over here (scripts/runtime/).
 */
function handOverRuntime(): void {
  (globalThis as Record<string, unknown>).__filecheckRuntime ??= { useState, useEffect, useRef, useMemo, signal, batch, jsx, jsxs, Fragment, t, hasMessage };
}

export function loadView(): Promise<typeof import('../widget/view/entry')> {
  handOverRuntime();
  return chunk('chunks/view.js');
}

export async function loadProofView(): Promise<typeof import('../widget/view/ProofView')> {
  handOverRuntime();
  return chunk('chunks/proof-view.js');
}

export function loadPoolModule(): Promise<typeof import('../widget/inspector-pool')> {
  return chunk('chunks/pool.js');
}
