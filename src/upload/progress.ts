// Progress arithmetic: smoothed transfer rate, ETA, the progress snapshot and one upload's byte
// meter. No timers and no I/O (the caller passes the clock), so the numbers the widget shows can
// be unit-tested exactly.

import type { UploadProgress } from '../core/progress';

export type { UploadProgress };

export interface RateEstimator {
  /** Feed a monotonic byte counter (never decreases) and the current time; returns the smoothed rate. */
  sample(totalBytes: number, nowMs: number): number;
  readonly rateBps: number;
  reset(): void;
}

/**
 * Average over a sliding time window. Upload progress is bursty (a whole chunk lands in the
 * socket buffer at once, then nothing until the server answers), so per-event rates swing
 * wildly; bytes over the last few seconds do not. The clock starts with the first byte moved
 * (connection setup is not "slow transfer"), nothing is reported before `minSpanMs` of data, and
 * when bytes stop the rate falls to zero within one window.
 */
export function createRateEstimator(opts: { windowMs?: number; minSpanMs?: number } = {}): RateEstimator {
  const windowMs = opts.windowMs ?? 3000;
  const minSpanMs = opts.minSpanMs ?? 500;
  let samples: { t: number; bytes: number }[] = [];
  let rate = 0;
  return {
    sample(totalBytes, nowMs) {
      const last = samples[samples.length - 1];
      if (!last || (samples.length === 1 && totalBytes <= last.bytes)) {
        // Nothing has moved yet: move the starting point forward instead of averaging idle time in.
        samples = [{ t: nowMs, bytes: totalBytes }];
        rate = 0;
        return rate;
      }
      samples.push({ t: nowMs, bytes: Math.max(totalBytes, last.bytes) });
      // Keep one sample at or before the window start as the anchor.
      while (samples.length > 2 && samples[1]!.t <= nowMs - windowMs) samples.shift();
      const first = samples[0]!;
      const newest = samples[samples.length - 1]!;
      const span = newest.t - first.t;
      rate = span >= minSpanMs ? ((newest.bytes - first.bytes) * 1000) / span : 0;
      return rate;
    },
    get rateBps() {
      return rate;
    },
    reset() {
      samples = [];
      rate = 0;
    },
  };
}

export function estimateEtaSeconds(bytesRemaining: number, rateBps: number): number | null {
  if (bytesRemaining <= 0) return 0;
  if (!(rateBps > 0)) return null;
  return Math.ceil(bytesRemaining / rateBps);
}

export function percentOf(bytesSent: number, bytesTotal: number): number {
  if (bytesTotal <= 0) return 0;
  return Math.min(100, Math.floor((bytesSent / bytesTotal) * 1000) / 10);
}

export function makeProgress(bytesSent: number, bytesTotal: number, rateBps: number): UploadProgress {
  return {
    bytesSent,
    bytesTotal,
    percent: percentOf(bytesSent, bytesTotal),
    rateBps: Math.round(rateBps),
    etaSeconds: estimateEtaSeconds(bytesTotal - bytesSent, rateBps),
  };
}

/**
 * One upload's bytes as its handle shows them: the position tus last reported (it can go back
 * when a cut request is sent again) and, for the rate, a count of bytes moved that never does.
 */
export interface ByteMeter {
  /** tus reports `sent` of `total` bytes. */
  report(sent: number, total: number): void;
  /** The upload completed: all bytes are there. */
  complete(): void;
  /** Feed the rate estimator; true when the smoothed rate changed. */
  sample(nowMs: number): boolean;
  resetRate(): void;
  /** `moving`: the upload is trying to move bytes, so a rate is shown. */
  progress(done: boolean, moving: boolean): UploadProgress;
}

export function createByteMeter(total: number): ByteMeter {
  /** Byte position tus last reported (may include bytes not yet acknowledged). */
  let position = 0;
  /** Monotonic count of bytes moved, the rate's input; goes on counting across re-sends. */
  let moved = 0;
  const rate = createRateEstimator();
  return {
    report(sent, newTotal) {
      if (sent > position) moved += sent - position;
      position = sent;
      total = newTotal;
    },
    complete() {
      position = total;
    },
    sample(nowMs) {
      const before = rate.rateBps;
      return rate.sample(moved, nowMs) !== before;
    },
    resetRate: () => rate.reset(),
    progress(done, moving) {
      if (done) return makeProgress(total, total, 0);
      return makeProgress(Math.min(position, total), total, moving ? rate.rateBps : 0);
    },
  };
}
