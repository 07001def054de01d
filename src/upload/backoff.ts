// How long to wait before the next attempt, and when to give up: the delays count failures in a
// row, and any byte the server confirmed since the last failure starts the count over. So a slow
// but moving upload never runs out of retries, while one that makes no progress stops after
// maxRetries.

export interface RetryBackoff {
  /** The server confirmed the upload up to `offset` bytes. */
  confirmed(offset: number): void;
  /** A failure: the wait before the next attempt in ms, or null when the retries are used up. */
  nextDelay(): number | null;
  /** Failures in a row start from zero (back online). */
  restartCount(): void;
  /** Forget all failures and offsets (the customer asked to try again). */
  reset(): void;
}

export function createRetryBackoff(retryDelays: number[], maxRetries: number): RetryBackoff {
  let failures = 0;
  /** Highest offset the server confirmed, and its value at the last failure. */
  let serverOffset = 0;
  let serverOffsetAtFailure = -1;
  return {
    confirmed(offset) {
      serverOffset = Math.max(serverOffset, offset);
    },
    nextDelay() {
      if (serverOffset > serverOffsetAtFailure) failures = 0;
      serverOffsetAtFailure = serverOffset;
      if (failures >= maxRetries) return null;
      const delay = retryDelays[Math.min(failures, retryDelays.length - 1)] ?? 0;
      failures++;
      return delay;
    },
    restartCount() {
      failures = 0;
    },
    reset() {
      failures = 0;
      serverOffsetAtFailure = -1;
    },
  };
}
