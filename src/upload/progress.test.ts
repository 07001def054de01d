import { describe, expect, it } from 'vitest';
import { createRateEstimator, estimateEtaSeconds, makeProgress, percentOf } from './progress';
import { createThrottle } from './throttle';

describe('rate estimator', () => {
  it('reports a steady rate exactly', () => {
    const r = createRateEstimator();
    for (let t = 0; t <= 5000; t += 250) r.sample(t * 1000, t); // 1 000 000 B/s
    expect(r.rateBps).toBeCloseTo(1_000_000, -2);
  });

  it('does not count the idle time before the first byte', () => {
    const r = createRateEstimator();
    for (let t = 0; t <= 2000; t += 250) r.sample(0, t); // connecting, creating the upload
    for (let t = 2250; t <= 3000; t += 250) r.sample((t - 2000) * 1000, t);
    expect(r.rateBps).toBeCloseTo(1_000_000, -2);
  });

  it('smooths bursts: a chunk every 500 ms reads as the average rate', () => {
    const r = createRateEstimator({ windowMs: 3000 });
    let bytes = 0;
    for (let t = 0; t <= 6000; t += 250) {
      if (t % 500 === 0) bytes += 1_000_000;
      r.sample(bytes, t);
    }
    expect(r.rateBps).toBeGreaterThan(1_800_000);
    expect(r.rateBps).toBeLessThan(2_400_000);
  });

  it('reports nothing until enough time was measured', () => {
    const r = createRateEstimator({ minSpanMs: 500 });
    r.sample(0, 0);
    expect(r.sample(1_000_000, 200)).toBe(0);
    expect(r.sample(3_000_000, 600)).toBeCloseTo(5_000_000, -3);
  });

  it('falls to zero within one window when nothing moves', () => {
    const r = createRateEstimator({ windowMs: 1000 });
    for (let t = 0; t <= 2000; t += 250) r.sample(t * 1000, t);
    for (let t = 2250; t <= 3250; t += 250) r.sample(2_000_000, t);
    expect(r.rateBps).toBe(0);
  });

  it('starts over after reset', () => {
    const r = createRateEstimator();
    r.sample(0, 0);
    r.sample(1000, 1000);
    r.reset();
    expect(r.rateBps).toBe(0);
    r.sample(5000, 2000);
    expect(r.sample(7000, 3000)).toBeCloseTo(2000);
  });
});

describe('progress snapshot', () => {
  it('computes percent and eta', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(5, 5)).toBe(100);
    expect(estimateEtaSeconds(0, 0)).toBe(0);
    expect(estimateEtaSeconds(100, 0)).toBeNull();
    expect(estimateEtaSeconds(1000, 300)).toBe(4);
    expect(makeProgress(250, 1000, 50.4)).toEqual({
      bytesSent: 250,
      bytesTotal: 1000,
      percent: 25,
      rateBps: 50,
      etaSeconds: 15,
    });
  });
});

describe('throttle', () => {
  it('notifies at once, then at most once per interval, and keeps the last request', async () => {
    const calls: number[] = [];
    const t = createThrottle(50, () => calls.push(Date.now()));
    for (let i = 0; i < 100; i++) {
      t.request();
      await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 80));
    expect(calls.length).toBeGreaterThanOrEqual(3);
    // 100 requests over ≥200 ms at one per 50 ms, plus the leading and trailing call.
    expect(calls.length).toBeLessThanOrEqual(Math.ceil((calls.at(-1)! - calls[0]!) / 50) + 2);
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(45);
    t.cancel();
  });

  it('flush notifies immediately', () => {
    let n = 0;
    const t = createThrottle(1000, () => n++);
    t.request();
    t.request();
    t.flush();
    expect(n).toBe(2);
    t.cancel();
  });
});
