// Follows a job's status on the server while the widget waits for verdicts: server-sent events
// when they work, polling when they don't. Reports "unreachable" so the widget can say why the
// gate stays closed (it never opens on a transport error).
import type { ApiClient, ServerStatus } from './api-client';

export interface JobFollower {
  /** Make sure updates flow (idempotent). */
  start(): void;
  /** Fetch the status once now (after a change we caused, e.g. a new context). */
  refresh(): Promise<void>;
  stop(): void;
}

export interface FollowerOptions {
  api: ApiClient;
  jobId: string;
  token: string;
  onStatus: (status: ServerStatus) => void;
  /** Called with true when the server cannot be reached, false when it answers again. */
  onReachable: (reachable: boolean) => void;
  pollMs?: number;
}

export function createJobFollower(opts: FollowerOptions): JobFollower {
  const pollMs = opts.pollMs ?? 2000;
  let source: EventSource | null = null;
  let sseFailures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let reachable = true;

  function setReachable(value: boolean): void {
    if (value === reachable) return;
    reachable = value;
    opts.onReachable(value);
  }

  async function refresh(): Promise<void> {
    try {
      opts.onStatus(await opts.api.status(opts.jobId, opts.token));
      setReachable(true);
    } catch {
      setReachable(false);
    }
  }

  function poll(): void {
    if (!running || source) return;
    timer = setTimeout(async () => {
      timer = null;
      await refresh();
      poll();
    }, pollMs);
  }

  function openEvents(): void {
    if (typeof EventSource === 'undefined' || sseFailures >= 3) {
      poll();
      return;
    }
    const es = new EventSource(opts.api.eventsUrl(opts.jobId, opts.token));
    source = es;
    es.addEventListener('status', (ev) => {
      sseFailures = 0;
      setReachable(true);
      try {
        opts.onStatus(JSON.parse((ev as MessageEvent).data) as ServerStatus);
      } catch {
        /* a malformed event is ignored; the next one or a poll corrects it */
      }
    });
    es.onerror = () => {
      // EventSource reconnects by itself, but a server without SSE (or a proxy that buffers)
      // would leave us waiting: after a few failures fall back to polling.
      sseFailures += 1;
      if (sseFailures >= 3) {
        es.close();
        source = null;
        void refresh().then(poll);
      }
    };
  }

  return {
    start() {
      if (running) return;
      running = true;
      openEvents();
    },
    refresh,
    stop() {
      running = false;
      source?.close();
      source = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
