// Stall detection: a request can hang without ever failing (a dead connection the OS has not
// noticed yet), so while a task holds a slot a timer checks when its traffic last moved.

export interface StallWatchdog {
  /** Starts the timer (no-op when it runs). */
  start(): void;
  stop(): void;
  /** Traffic moved (a request sent, a response or progress arrived). */
  activity(): void;
}

export interface StallHooks {
  /** Whether a quiet spell now counts as a stall (only while uploading). */
  canStall(): boolean;
  /** No traffic for longer than the timeout. */
  onStall(): void;
  /** Every other tick, e.g. to let the shown rate fall while nothing moves. */
  onTick(): void;
}

export function createStallWatchdog(timeoutMs: number, hooks: StallHooks): StallWatchdog {
  let timer: ReturnType<typeof setInterval> | null = null;
  let lastActivity = 0;
  const check = () => {
    if (hooks.canStall() && Date.now() - lastActivity > timeoutMs) hooks.onStall();
    else hooks.onTick();
  };
  return {
    start() {
      if (timer !== null) return;
      const every = Math.max(50, Math.min(1000, timeoutMs / 4));
      timer = setInterval(check, every);
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    activity() {
      lastActivity = Date.now();
    },
  };
}
