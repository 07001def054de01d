// Event plumbing: every event given to on() listeners is also dispatched on the mount element as
// CustomEvent('filecheck:<name>'), bubbling and composed, so any page script can listen.

export type IntakeEventName = 'ready' | 'status' | 'facts' | 'ui' | 'error' | 'proof' | 'destroy';
export type Listener = (detail: any) => void;

export interface Emitter {
  on(name: IntakeEventName, fn: Listener): () => void;
  off(name: IntakeEventName, fn: Listener): void;
  emit(name: IntakeEventName, detail: unknown): void;
  setTarget(el: Element | null): void;
}

export function createEmitter(): Emitter {
  const listeners = new Map<IntakeEventName, Set<Listener>>();
  let target: Element | null = null;
  return {
    on(name, fn) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(fn);
      return () => listeners.get(name)?.delete(fn);
    },
    off(name, fn) {
      listeners.get(name)?.delete(fn);
    },
    emit(name, detail) {
      for (const fn of [...(listeners.get(name) ?? [])]) {
        try {
          fn(detail);
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
