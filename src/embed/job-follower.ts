// Follows a job's status on the server while the widget waits for verdicts: server-sent events
// when they work, polling when they don't. Reports "unreachable" so the widget can say why the
// gate stays closed (it never opens on a transport error).
//
// A stream can also stay open and silent: a proxy that buffers it passes nothing on, not even an
// error, and the server's keep-alive comments are invisible to EventSource. So while a file waits
// for its verdict and nothing has come for `quietMs`, the status is asked for once more; then
// again after each further `quietMs` of silence (without it, a stream held open and mute left the
// widget 'processing' for ever: e2e/verdict.spec.ts, "a live stream that stays silent").
import type { ApiClient, ServerStatus } from './api-client';

export interface JobFollower {
  /** Make sure updates flow (idempotent); called again whenever a file starts waiting for its verdict. */
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
  /** Whether a file waits for its verdict now (the quiet stream check asks only then). */
  awaitsVerdict?: () => boolean;
  pollMs?: number;
  /** Polling while no verdict is awaited: a page left open after a server restart must not ask every 2 s for ever. */
  idlePollMs?: number;
  /** Silence on the stream after which the status is asked for while a verdict is awaited. */
  quietMs?: number;
}

/** A live stream that says nothing for this long while a verdict is awaited is not trusted alone. */
const QUIET_MS = 5000;
/** Polling with nothing awaited (the stream failed for good): slow, the verdicts are all in. */
const IDLE_POLL_MS = 30_000;

export function createJobFollower(opts: FollowerOptions): JobFollower {
  const pollMs = opts.pollMs ?? 2000;
  const quietMs = opts.quietMs ?? QUIET_MS;
  const idlePollMs = opts.idlePollMs ?? IDLE_POLL_MS;
  let source: EventSource | null = null;
  let sseFailures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the poll timer fires. */
  let pollDue = 0;
  let quietTimer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let reachable = true;
  /** When the server last told us the job's status (an event or an answer). */
  let heardAt = Date.now();

  function setReachable(value: boolean): void {
    if (value === reachable) return;
    reachable = value;
    opts.onReachable(value);
  }

  async function refresh(): Promise<void> {
    try {
      const status = await opts.api.status(opts.jobId, opts.token);
      heardAt = Date.now();
      opts.onStatus(status);
      setReachable(true);
    } catch {
      setReachable(false);
    }
  }

  /** While the stream is open: ask once when it has been quiet for quietMs and a verdict is awaited. */
  function watchQuiet(): void {
    if (!running || !source || quietTimer) return;
    quietTimer = setTimeout(async () => {
      quietTimer = null;
      if (!running || !source) return;
      if (Date.now() - heardAt >= quietMs) {
        // counted as heard either way: the next look is a full quietMs later, answered or not
        heardAt = Date.now();
        if (opts.awaitsVerdict?.() ?? true) await refresh();
      }
      watchQuiet();
    }, Math.max(0, heardAt + quietMs - Date.now()));
  }

  /** Polling: every pollMs while a verdict is awaited, every idlePollMs otherwise (the shop's review may still come). */
  function poll(): void {
    if (!running || source || timer) return;
    const wait = (opts.awaitsVerdict?.() ?? true) ? pollMs : idlePollMs;
    pollDue = Date.now() + wait;
    timer = setTimeout(async () => {
      timer = null;
      await refresh();
      poll();
    }, wait);
  }

  function openEvents(): void {
    if (typeof EventSource === 'undefined' || sseFailures >= 3) {
      poll();
      return;
    }
    const es = new EventSource(opts.api.eventsUrl(opts.jobId, opts.token));
    source = es;
    heardAt = Date.now();
    watchQuiet();
    es.addEventListener('status', (ev) => {
      sseFailures = 0;
      heardAt = Date.now();
      setReachable(true);
      try {
        opts.onStatus(JSON.parse((ev as MessageEvent).data) as ServerStatus);
      } catch {
        /* a malformed event is ignored; the next one or a poll corrects it */
      }
    });
    es.onerror = () => {
      // EventSource reconnects by itself, but a server without SSE (or a proxy that refuses it)
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
      if (running) {
        // a file now waits for its verdict: a slow poll comes sooner
        if (timer && pollDue > Date.now() + pollMs) {
          clearTimeout(timer);
          timer = null;
          poll();
        }
        return;
      }
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
      if (quietTimer) clearTimeout(quietTimer);
      quietTimer = null;
    },
  };
}
