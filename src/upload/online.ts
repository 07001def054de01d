// Where the queue learns about connectivity. Browsers tell us (navigator.onLine and the
// online/offline events); Node and workers without `window` are treated as always online.

export interface OnlineSource {
  isOnline(): boolean;
  /** Calls `cb` on every change; returns the unsubscribe function. */
  subscribe(cb: (online: boolean) => void): () => void;
}

export const alwaysOnline: OnlineSource = {
  isOnline: () => true,
  subscribe: () => () => {},
};

export function browserOnlineSource(): OnlineSource {
  if (typeof window === 'undefined' || typeof navigator === 'undefined' || typeof window.addEventListener !== 'function') {
    return alwaysOnline;
  }
  return {
    isOnline: () => navigator.onLine !== false,
    subscribe(cb) {
      const on = () => cb(true);
      const off = () => cb(false);
      window.addEventListener('online', on);
      window.addEventListener('offline', off);
      return () => {
        window.removeEventListener('online', on);
        window.removeEventListener('offline', off);
      };
    },
  };
}

/** Resolves at once when online, else on the next change to online (waits however long that takes). */
export function untilOnline(source: OnlineSource = browserOnlineSource()): Promise<void> {
  if (source.isOnline()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = source.subscribe((online) => {
      if (!online) return;
      off();
      resolve();
    });
  });
}

/** A source you switch by hand: for tests and for hosts with their own connectivity signal. */
export function createManualOnlineSource(initial = true): OnlineSource & { set(online: boolean): void } {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => online,
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    set(next) {
      if (next === online) return;
      online = next;
      for (const cb of [...listeners]) cb(online);
    },
  };
}
