// Event plumbing: every event given to on() listeners is also dispatched on the mount element as
// CustomEvent('filecheck:<name>'), bubbling and composed, so any page script can listen. The
// event map types both: `on('status', s => …)` and `addEventListener('filecheck:status', e => …)`.
import type { IntakeError, IntakeFacts, StatusPayload, UiOptions } from '../core/types';
import type { ProofEventDetail } from '../widget/proof-state';

/** Every event of an intake and its payload. */
export interface IntakeEventMap {
  /** The workflow is loaded and the widget is shown. */
  ready: { ui: UiOptions };
  /** The job changed (status, files, canProceed). */
  status: StatusPayload;
  /** Facts of the counted files, for connectors and pricing. */
  facts: IntakeFacts;
  /** `update({ ui })` changed the look. */
  ui: UiOptions;
  /** Something went wrong, with a stable code (server_unreachable, chunk_load_failed, worker_blocked…). */
  error: IntakeError;
  /** Soft-proof pages were rendered. */
  proof: ProofEventDetail;
  /** The customer proceeded: the job is frozen on the server (one job per cart item). */
  finalized: { jobId: string };
  destroy: Record<string, never>;
}

export type IntakeEventName = keyof IntakeEventMap;
export type Listener<K extends IntakeEventName = IntakeEventName> = (detail: IntakeEventMap[K]) => void;

/** The DOM events dispatched on the mount element. */
export type FilecheckDomEventMap = { [K in IntakeEventName as `filecheck:${K}`]: CustomEvent<IntakeEventMap[K]> };

declare global {
  // `el.addEventListener('filecheck:status', (e) => e.detail.canProceed)` is typed.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends FilecheckDomEventMap {}
}

export interface Emitter {
  on<K extends IntakeEventName>(name: K, fn: Listener<K>): () => void;
  off<K extends IntakeEventName>(name: K, fn: Listener<K>): void;
  emit<K extends IntakeEventName>(name: K, detail: IntakeEventMap[K]): void;
  setTarget(el: Element | null): void;
}

export function createEmitter(): Emitter {
  const listeners = new Map<IntakeEventName, Set<Listener<never>>>();
  let target: Element | null = null;
  return {
    on(name, fn) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(fn as Listener<never>);
      return () => listeners.get(name)?.delete(fn as Listener<never>);
    },
    off(name, fn) {
      listeners.get(name)?.delete(fn as Listener<never>);
    },
    emit(name, detail) {
      for (const fn of [...(listeners.get(name) ?? [])]) {
        try {
          (fn as Listener<typeof name>)(detail);
        } catch (err) {
          // a failing host listener must not break the widget or the other listeners
          console.error('[filecheck] listener for', name, 'threw', err);
        }
      }
      target?.dispatchEvent(new CustomEvent(`filecheck:${name}`, { detail, bubbles: true, composed: true }));
    },
    setTarget(el) {
      target = el;
    },
  };
}
