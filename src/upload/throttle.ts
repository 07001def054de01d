// Leading + trailing throttle for change notifications: the first change is reported at once,
// later ones at most every `intervalMs`, and the last one is never lost.

export interface Throttle {
  /** Ask for a notification; coalesced with others inside the interval. */
  request(): void;
  /** Notify now (state changes must not wait) and restart the interval. */
  flush(): void;
  cancel(): void;
}

export function createThrottle(intervalMs: number, notify: () => void): Throttle {
  let lastAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    lastAt = Date.now();
    notify();
  };
  return {
    request() {
      if (timer !== null) return;
      const wait = lastAt + intervalMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    flush: fire,
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
