import { describe, expect, it } from 'vitest';
import { createRetryBackoff } from './backoff';

describe('retry backoff', () => {
  it('waits longer per failure in a row, repeats the last delay, and gives up after maxRetries', () => {
    const b = createRetryBackoff([0, 100, 500], 4);
    expect([b.nextDelay(), b.nextDelay(), b.nextDelay(), b.nextDelay(), b.nextDelay()]).toEqual([0, 100, 500, 500, null]);
  });

  it('a slow upload that keeps moving never runs out of retries: confirmed bytes start the count over', () => {
    const b = createRetryBackoff([0, 100, 500], 2);
    for (let offset = 1; offset <= 10; offset++) {
      b.confirmed(offset * 1000);
      expect(b.nextDelay()).toBe(0);
    }
    // no new bytes since the last failure: the count goes on
    expect(b.nextDelay()).toBe(100);
    expect(b.nextDelay()).toBeNull();
  });

  it('back online restarts the count; the customer\'s retry forgets everything', () => {
    const b = createRetryBackoff([0, 100], 2);
    b.nextDelay();
    b.nextDelay();
    expect(b.nextDelay()).toBeNull();
    b.restartCount();
    expect(b.nextDelay()).toBe(0);
    b.confirmed(500);
    b.nextDelay();
    b.reset();
    // after reset the offset confirmed before counts as new progress again
    expect(b.nextDelay()).toBe(0);
    expect(b.nextDelay()).toBe(100);
  });
});
