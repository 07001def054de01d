// Loading a lazy part (chunk) with retries: a flaky network or a CDN hiccup gets a few more
// chances, with growing waits, before the widget gives up and says so with the stable code
// `chunk_load_failed` (and a "Try again" action). Never a raw browser message for customers.

/** Waits before each further attempt. */
export const CHUNK_RETRY_DELAYS_MS = [300, 1000, 3000];

export interface CodedError extends Error {
  code: string;
}

export function codedError(code: string, message: string, cause?: unknown): CodedError {
  return Object.assign(new Error(message), { code, cause });
}

/** `load(attempt)` is called again after each failure (attempt 1, 2…: a URL may be varied to skip a cached failure). */
export async function importWithRetry<T>(what: string, load: (attempt: number) => Promise<T>, delays: readonly number[] = CHUNK_RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load(attempt);
    } catch (err) {
      if (attempt >= delays.length) {
        throw codedError('chunk_load_failed', `${what} could not be loaded: ${(err as Error)?.message ?? String(err)}`, err);
      }
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
