// The widget hears the server's verdict even when its live stream says nothing: a stream a proxy
// buffers stays open and silent, and the files must not wait for ever.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, ServerStatus } from './api-client';
import { createJobFollower } from './job-follower';

/** An EventSource that opens and stays silent, unless the test makes it speak (the browser's, stubbed at the boundary). */
class SilentEventSource {
  static last: SilentEventSource | null = null;
  onerror: (() => void) | null = null;
  private listeners: ((ev: { data: string }) => void)[] = [];
  closed = false;
  constructor(readonly url: string) {
    SilentEventSource.last = this;
  }
  addEventListener(_type: string, listener: (ev: { data: string }) => void): void {
    this.listeners.push(listener);
  }
  fail(): void {
    this.onerror?.();
  }
  speak(status: ServerStatus): void {
    for (const l of this.listeners) l({ data: JSON.stringify(status) });
  }
  close(): void {
    this.closed = true;
  }
}

const judged = { jobId: 'job_1', status: 'ready', files: [] } as unknown as ServerStatus;

function follower(awaiting: { now: boolean }, answer: () => Promise<ServerStatus> = async () => judged) {
  const asked: number[] = [];
  const heard: ServerStatus[] = [];
  const api = {
    status: () => {
      asked.push(Date.now());
      return answer();
    },
    eventsUrl: () => 'http://127.0.0.1:1/v1/jobs/job_1/events',
  } as unknown as ApiClient;
  const f = createJobFollower({ api, jobId: 'job_1', token: 't', onStatus: (s) => heard.push(s), onReachable: () => undefined, awaitsVerdict: () => awaiting.now });
  return { f, asked, heard };
}

// every test: fake time, and the browser's EventSource replaced by the silent one
beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', SilentEventSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('job follower: a live stream that stays silent', () => {
  it('while a file waits for its verdict, the status is asked for after 5 s of silence, and again after each 5 s more', async () => {
    const { f, asked, heard } = follower({ now: true });
    f.start();
    await vi.advanceTimersByTimeAsync(4900);
    expect(asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(asked).toHaveLength(1);
    expect(heard).toEqual([judged]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(asked).toHaveLength(2);
    f.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(asked).toHaveLength(2);
  });

  it('a stream that speaks is trusted: nothing is asked while it keeps telling', async () => {
    const { f, asked } = follower({ now: true });
    f.start();
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(3000);
      SilentEventSource.last!.speak(judged);
    }
    expect(asked).toHaveLength(0);
    f.stop();
  });

  it('nothing awaited (all files judged): a quiet stream is left alone, no requests', async () => {
    const awaiting = { now: false };
    const { f, asked } = follower(awaiting);
    f.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toHaveLength(0);
    // a context change: the files wait again, and the next quiet 5 s ask
    awaiting.now = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(asked).toHaveLength(1);
    f.stop();
  });

  it('a server that does not answer is asked once per quiet period, not in a tight loop', async () => {
    const { f, asked } = follower({ now: true }, () => Promise.reject(new Error('unreachable')));
    f.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(asked.length).toBeGreaterThanOrEqual(5);
    expect(asked.length).toBeLessThanOrEqual(6);
    f.stop();
  });
});

describe('job follower: polling once the stream has failed for good', () => {
  it('asks every 2 s while a verdict is awaited, every 30 s once none is, and sooner again when a file starts waiting', async () => {
    const awaiting = { now: true };
    const { f, asked } = follower(awaiting);
    f.start();
    for (let i = 0; i < 3; i++) SilentEventSource.last!.fail(); // a server or proxy that refuses the stream
    expect(SilentEventSource.last!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toHaveLength(1); // at once on giving the stream up
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asked).toHaveLength(6);
    // every file judged: a page left open does not ask every 2 s for ever
    awaiting.now = false;
    await vi.advanceTimersByTimeAsync(2000); // the poll already planned
    const idle = asked.length;
    await vi.advanceTimersByTimeAsync(59_000);
    expect(asked.length - idle).toBe(1);
    // a new upload (or a context change) waits for its verdict: the next ask comes within 2 s
    awaiting.now = true;
    f.start();
    const before = asked.length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(asked.length).toBe(before + 1);
    f.stop();
  });
});
