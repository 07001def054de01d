// The worker pool's watchdog and scheduling, with a fake Worker at the boundary: each fake is a
// MessageChannel whose far end runs a scripted inspector API through real Comlink, so the pool's
// own code (wrap, race, terminate, replace) is exactly what runs in the browser.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileFacts, SniffResult } from '../core/types';
import type { InspectReply } from '../../workers/inspect.worker';
import type { ThumbnailReply } from '../../workers/thumbnail';
import { createInspectorPool, type InspectorPool } from './inspector-pool';

const png: SniffResult = { format: 'png', kind: 'raster', mime: 'image/png', extensions: ['png'] };

/** What the scripted worker does for a file, chosen by the file's name. 'slowCrash': crashes once the gate opens. */
type Behaviour = 'ok' | 'hang' | 'crash' | 'slow' | 'slowCrash';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

class FakeWorker {
  static all: FakeWorker[] = [];
  terminated = false;
  /** Calls currently running inside this worker. */
  running = 0;
  readonly calls: string[] = [];
  private readonly port: MessagePort;
  private readonly errorListeners: ((ev: ErrorEvent) => void)[] = [];

  constructor(private readonly env: FakeEnv) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    FakeWorker.all.push(this);
    const self = this;
    const work = async (method: string, blob: Blob): Promise<void> => {
      // the name travels in the bytes (a File's name does not survive structured cloning in Node)
      const name = (await blob.text()).trim();
      self.calls.push(`${method}:${name}`);
      self.running += 1;
      env.peak = Math.max(env.peak, FakeWorker.all.reduce((n, w) => n + (w.terminated ? 0 : w.running), 0));
      try {
        const behaviour = env.behaviour(name, method);
        if (behaviour === 'hang') await new Promise<never>(() => undefined);
        if (behaviour === 'slowCrash') await env.gate.promise;
        if (behaviour === 'crash' || behaviour === 'slowCrash') {
          // what a worker does when it dies: an uncaught error event on the Worker object
          setTimeout(() => self.fireError('Uncaught RangeError: Maximum call stack size exceeded'), 1);
          await new Promise<never>(() => undefined);
        }
        if (behaviour === 'slow') await env.gate.promise;
      } finally {
        self.running -= 1;
      }
    };
    Comlink.expose(
      {
        async sniff(blob: Blob): Promise<SniffResult> {
          await work('sniff', blob);
          return png;
        },
        async inspect(blob: Blob): Promise<InspectReply> {
          await work('inspect', blob);
          const facts: FileFacts = { format: 'png', kind: 'raster', mime: 'image/png', size: blob.size, bytesRead: 33 };
          return { ok: true, facts };
        },
        async sniffAndInspect(blob: Blob, kinds: string[]): Promise<InspectReply | null> {
          await work('sniffAndInspect', blob);
          if (!kinds.includes('raster')) return null;
          const facts: FileFacts = { format: 'png', kind: 'raster', mime: 'image/png', size: blob.size, bytesRead: 33 };
          return { ok: true, facts };
        },
        async thumbnail(blob: Blob, maxPx: number): Promise<ThumbnailReply> {
          await work('thumbnail', blob);
          return { ok: true, blob: new Blob(['webp']), width: maxPx, height: maxPx };
        },
        async warm(kinds: string[]): Promise<void> {
          self.calls.push(`warm:${kinds.join(',')}`);
          if (env.behaviour('', 'warm') === 'crash') throw new Error('the reader did not load');
        },
        ping: () => 'pong',
      },
      port2 as unknown as Comlink.Endpoint,
    );
  }

  postMessage(msg: unknown, transfer?: Transferable[]): void {
    if (!this.terminated) this.port.postMessage(msg, (transfer ?? []) as never);
  }
  addEventListener(type: string, fn: (ev: never) => void): void {
    if (type === 'error') this.errorListeners.push(fn as (ev: ErrorEvent) => void);
    else {
      this.port.addEventListener(type as 'message', fn as never);
      this.port.start();
    }
  }
  removeEventListener(type: string, fn: (ev: never) => void): void {
    if (type !== 'error') this.port.removeEventListener(type as 'message', fn as never);
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
  fireError(message: string): void {
    const ev = { message, preventDefault: () => undefined } as ErrorEvent;
    for (const fn of this.errorListeners) fn(ev);
  }
}

interface FakeEnv {
  behaviour: (name: string, method: string) => Behaviour;
  gate: Deferred;
  peak: number;
}

let pool: InspectorPool | null = null;
function makePool(env: Partial<FakeEnv>, o: { maxWorkers?: number; timeoutMs?: number; thumbnailTimeoutMs?: number } = {}) {
  const full: FakeEnv = { behaviour: () => 'ok', gate: deferred(), peak: 0, ...env };
  pool = createInspectorPool({ createWorker: () => new FakeWorker(full) as unknown as Worker, ...o });
  return { pool, env: full };
}
const file = (name: string) => new File([name.padEnd(64, ' ')], name, { type: 'image/png' });
const live = () => FakeWorker.all.filter((w) => !w.terminated);
const inspectWorkers = () => live().filter((w) => !w.calls.some((c) => c.startsWith('thumbnail')));

afterEach(() => {
  pool?.terminate();
  pool = null;
  for (const w of FakeWorker.all) w.terminate();
  FakeWorker.all = [];
});

describe('a worker that cannot be started (e.g. blocked by the page CSP) is not the file\'s fault', () => {
  it('a throwing Worker constructor: retried, then worker_blocked (never inspect_failed)', async () => {
    let attempts = 0;
    const p = createInspectorPool({
      createWorker: () => {
        attempts++;
        throw new Error("Failed to construct 'Worker': refused by the Content Security Policy");
      },
      workerRetryDelaysMs: [5, 5],
    });
    const reply = await p.sniff(file('a.png'));
    expect(reply).toMatchObject({ ok: false, error: { code: 'worker_blocked' } });
    expect(attempts).toBe(3);
    expect(await p.inspect(file('a.png'), png)).toMatchObject({ ok: false, error: { code: 'worker_blocked' } });
  });

  it('a worker whose script fails to load once is started again and the file is checked', async () => {
    let first = true;
    const env: FakeEnv = { behaviour: () => 'ok', gate: deferred(), peak: 0 };
    pool = createInspectorPool({
      createWorker: () => {
        const w = new FakeWorker(env);
        if (first) {
          first = false;
          // a plain Event, as a browser fires when the worker script cannot be loaded
          queueMicrotask(() => (w as unknown as { errorListeners: ((ev: Event) => void)[] }).errorListeners.forEach((fn) => fn({ preventDefault() {} } as Event)));
        }
        return w as unknown as Worker;
      },
      workerRetryDelaysMs: [5],
    });
    expect(await pool.sniff(file('a.png'))).toEqual({ ok: true, sniffed: png });
  });
});

describe('inspector pool watchdog', () => {
  it('answers sniff and inspect through a worker', async () => {
    const { pool } = makePool({}, { maxWorkers: 2 });
    expect(await pool.sniff(file('a.png'))).toEqual({ ok: true, sniffed: png });
    const reply = await pool.inspect(file('a.png'), png);
    expect(reply).toMatchObject({ ok: true, facts: { format: 'png', size: 64 } });
    // the same idle worker served both
    expect(FakeWorker.all).toHaveLength(1);
    expect(FakeWorker.all[0]!.calls).toEqual(['sniff:a.png', 'inspect:a.png']);
  });

  it('check(): the worker is asked to inspect the file while its sniff is still being answered, and both answer', async () => {
    const { pool, env } = makePool({ behaviour: (_, method) => (method === 'sniff' ? 'slow' : 'ok') }, { maxWorkers: 2 });
    const { sniffed, inspected } = pool.check(file('a.png'), ['raster']);
    let sniffAnswered = false;
    void sniffed.then(() => (sniffAnswered = true));
    // the inspection reached the worker with the sniff not yet answered: no round trip to the page between them
    await expect.poll(() => FakeWorker.all[0]?.calls).toEqual(['sniff:a.png', 'sniffAndInspect:a.png']);
    expect(sniffAnswered).toBe(false);
    env.gate.resolve();
    expect(await sniffed).toEqual({ ok: true, sniffed: png });
    expect(await inspected).toMatchObject({ ok: true, facts: { format: 'png', size: 64 } });
    expect(FakeWorker.all).toHaveLength(1); // one task, one worker
  });

  it('check(): a file of a kind the rule does not take is sniffed, not inspected', async () => {
    const { pool } = makePool({});
    const { sniffed, inspected } = pool.check(file('a.png'), ['pdf']);
    expect(await sniffed).toEqual({ ok: true, sniffed: png });
    expect(await inspected).toBeNull();
  });

  it('check(): a crash before the sniff answers fails both; after it, the sniff stands and the inspection fails', async () => {
    const early = makePool({ behaviour: (_, method) => (method === 'sniff' ? 'crash' : 'slow') }).pool.check(file('a.png'), ['raster']);
    expect(await early.sniffed).toMatchObject({ ok: false, error: { code: 'inspect_failed', message: expect.stringContaining('Maximum call stack') } });
    expect(await early.inspected).toMatchObject({ ok: false, error: { code: 'inspect_failed' } });
    // the worker dies once the sniff has answered (held until then: on a busy machine a crash 1 ms
    // into the inspection could come before the sniff's answer, which is the case above)
    const second = makePool({ behaviour: (_, method) => (method === 'sniffAndInspect' ? 'slowCrash' : 'ok') });
    const late = second.pool.check(file('b.png'), ['raster']);
    expect(await late.sniffed).toEqual({ ok: true, sniffed: png });
    second.env.gate.resolve();
    expect(await late.inspected).toMatchObject({ ok: false, error: { code: 'inspect_failed' } });
  });

  it('check(): an inspection that hangs after the sniff answered times out (inspect_timeout); the sniff stands', async () => {
    const { pool } = makePool({ behaviour: (_, method) => (method === 'sniffAndInspect' ? 'hang' : 'ok') }, { timeoutMs: 80 });
    const { sniffed, inspected } = pool.check(file('a.png'), ['raster']);
    expect(await sniffed).toEqual({ ok: true, sniffed: png });
    expect(await inspected).toMatchObject({ ok: false, error: { code: 'inspect_timeout' } });
  });

  it('warm() starts one worker before any file and has it load the readers; the first file then runs on it', async () => {
    const { pool } = makePool({}, { maxWorkers: 2 });
    pool.warm!(['pdf', 'raster']);
    pool.warm!(['pdf']); // again (the pointer comes back): no second worker
    await expect.poll(() => FakeWorker.all[0]?.calls.length).toBe(2);
    expect(FakeWorker.all).toHaveLength(1);
    expect(await pool.sniff(file('a.png'))).toEqual({ ok: true, sniffed: png });
    expect(FakeWorker.all).toHaveLength(1);
    expect(FakeWorker.all[0]!.calls).toEqual(['warm:pdf,raster', 'warm:pdf', 'sniff:a.png']);
  });

  it('a worker whose readers fail to load while warming still checks the file (the failure is the inspection\'s to report)', async () => {
    const { pool } = makePool({ behaviour: (_, method) => (method === 'warm' ? 'crash' : 'ok') });
    pool.warm!(['pdf']);
    await expect.poll(() => FakeWorker.all[0]?.calls.length).toBe(1);
    const reply = await pool.inspect(file('a.png'), png);
    expect(reply).toMatchObject({ ok: true, facts: { format: 'png' } });
    expect(live()).toHaveLength(1); // not replaced: warming is not a task
  });

  it('a stuck inspection times out: inspect_timeout, the worker is terminated and replaced, the next file still works', async () => {
    const { pool } = makePool({ behaviour: (n) => (n === 'stuck.png' ? 'hang' : 'ok') }, { maxWorkers: 1, timeoutMs: 80 });
    const started = Date.now();
    const stuck = await pool.inspect(file('stuck.png'), png);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(stuck).toEqual({ ok: false, error: { code: 'inspect_timeout', message: expect.stringMatching(/took longer than/) } });
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    expect(pool.size()).toBe(0);

    const next = await pool.inspect(file('next.png'), png);
    expect(next).toMatchObject({ ok: true });
    expect(FakeWorker.all).toHaveLength(2);
    expect(FakeWorker.all[1]!.calls).toEqual(['inspect:next.png']);
    expect(pool.size()).toBe(1);
  });

  it('a file queued behind a stuck one is not charged for its wait: it runs on the replacement', async () => {
    const { pool } = makePool({ behaviour: (n) => (n === 'stuck.png' ? 'hang' : 'ok') }, { maxWorkers: 1, timeoutMs: 80 });
    const [stuck, queued] = await Promise.all([pool.inspect(file('stuck.png'), png), pool.inspect(file('queued.png'), png)]);
    expect(stuck).toMatchObject({ ok: false, error: { code: 'inspect_timeout' } });
    expect(queued).toMatchObject({ ok: true });
  });

  it('a crashing worker yields inspect_failed with its message, is replaced, and the next file still works', async () => {
    const { pool } = makePool({ behaviour: (n) => (n === 'crash.png' ? 'crash' : 'ok') }, { maxWorkers: 1, timeoutMs: 5_000 });
    const crashed = await pool.inspect(file('crash.png'), png);
    expect(crashed).toEqual({ ok: false, error: { code: 'inspect_failed', message: 'Uncaught RangeError: Maximum call stack size exceeded' } });
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    // sniff gets the same treatment
    const sniffCrash = await pool.sniff(file('crash.png'));
    expect(sniffCrash).toMatchObject({ ok: false, error: { code: 'inspect_failed' } });

    const next = await pool.inspect(file('good.png'), png);
    expect(next).toMatchObject({ ok: true });
    expect(live()).toHaveLength(1);
  });

  it('a crash in one worker does not touch files running in the others', async () => {
    const { pool, env } = makePool({ behaviour: (n) => (n === 'crash.png' ? 'crash' : n === 'slow.png' ? 'slow' : 'ok') }, { maxWorkers: 2 });
    const slow = pool.inspect(file('slow.png'), png);
    const crashed = await pool.inspect(file('crash.png'), png);
    expect(crashed).toMatchObject({ ok: false, error: { code: 'inspect_failed' } });
    env.gate.resolve();
    expect(await slow).toMatchObject({ ok: true });
  });

  it('never runs more workers than maxWorkers, and reuses them for queued files', async () => {
    const { pool, env } = makePool({ behaviour: () => 'slow' }, { maxWorkers: 2 });
    const replies = Array.from({ length: 7 }, (_, i) => pool.inspect(file(`f${i}.png`), png));
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeWorker.all).toHaveLength(2);
    expect(pool.size()).toBe(2);
    expect(env.peak).toBe(2);
    env.gate.resolve();
    expect((await Promise.all(replies)).every((r) => r.ok)).toBe(true);
    expect(FakeWorker.all).toHaveLength(2);
    expect(env.peak).toBe(2);
    // every file ran exactly once
    expect(FakeWorker.all.flatMap((w) => w.calls).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `inspect:f${i}.png`).sort());
  });

  it('keeps at most maxWorkers alive while replacing timed-out workers', async () => {
    const { pool } = makePool({ behaviour: (n) => (n.startsWith('stuck') ? 'hang' : 'ok') }, { maxWorkers: 2, timeoutMs: 50 });
    const replies = await Promise.all(['stuck1.png', 'stuck2.png', 'stuck3.png', 'ok1.png', 'ok2.png'].map((n) => pool.inspect(file(n), png)));
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['inspect_timeout', 'inspect_timeout', 'inspect_timeout', 'ok', 'ok']);
    expect(live().length).toBeLessThanOrEqual(2);
    expect(pool.size()).toBeLessThanOrEqual(2);
  });
});

describe('thumbnails in the pool', () => {
  it('makes a thumbnail in a worker of its own, so inspection workers stay free', async () => {
    const { pool } = makePool({}, { maxWorkers: 1 });
    const thumb = await pool.thumbnail!(file('a.png'), 96);
    expect(thumb).toMatchObject({ ok: true, width: 96, height: 96 });
    expect(thumb.ok && thumb.blob).toBeInstanceOf(Blob);
    expect(pool.size()).toBe(0); // no inspection worker was needed
    expect(live()).toHaveLength(1);
  });

  it('an inspection is never queued behind a slow thumbnail', async () => {
    const { pool, env } = makePool({ behaviour: (n, m) => (m === 'thumbnail' && n === 'big.png' ? 'slow' : 'ok') }, { maxWorkers: 1 });
    const thumb = pool.thumbnail!(file('big.png'), 96);
    await new Promise((r) => setTimeout(r, 10));
    // the decode is running; an inspection still gets its worker at once
    const reply = await pool.inspect(file('new.png'), png);
    expect(reply).toMatchObject({ ok: true });
    env.gate.resolve();
    expect(await thumb).toMatchObject({ ok: true });
  });

  it('waits while inspections are queued, then runs', async () => {
    const { pool, env } = makePool({ behaviour: (_n, m) => (m === 'inspect' ? 'slow' : 'ok') }, { maxWorkers: 1 });
    const order: string[] = [];
    const a = pool.inspect(file('a.png'), png).then(() => order.push('inspect a'));
    const b = pool.inspect(file('b.png'), png).then(() => order.push('inspect b')); // queued
    const t = pool.thumbnail!(file('t.png'), 96).then(() => order.push('thumbnail'));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    expect(live().some((w) => w.calls.includes('thumbnail:t.png'))).toBe(false);
    env.gate.resolve();
    await Promise.all([a, b, t]);
    expect(order.indexOf('thumbnail')).toBeGreaterThan(order.indexOf('inspect a'));
  });

  it('waits while an inspection runs (none queued), so a preview never takes CPU from a verdict', async () => {
    const { pool, env } = makePool({ behaviour: (_n, m) => (m === 'inspect' ? 'slow' : 'ok') }, { maxWorkers: 2 });
    const order: string[] = [];
    const a = pool.inspect(file('a.pdf'), png).then(() => order.push('inspect a'));
    const t = pool.thumbnail!(file('a.pdf'), 96).then(() => order.push('thumbnail a'));
    await new Promise((r) => setTimeout(r, 20));
    // a free inspection worker and nothing queued: still no decode while a.pdf is being checked
    expect(live().some((w) => w.calls.includes('thumbnail:a.pdf'))).toBe(false);
    env.gate.resolve();
    await Promise.all([a, t]);
    expect(order).toEqual(['inspect a', 'thumbnail a']);
  });

  it('a stuck decoder gives thumbnail_timeout, is replaced, and verdicts are untouched', async () => {
    const { pool } = makePool({ behaviour: (n, m) => (m === 'thumbnail' && n === 'bomb.png' ? 'hang' : 'ok') }, { maxWorkers: 1, thumbnailTimeoutMs: 60 });
    const [thumb, reply] = await Promise.all([pool.thumbnail!(file('bomb.png'), 96), pool.inspect(file('bomb.png'), png)]);
    expect(thumb).toMatchObject({ ok: false, error: { code: 'thumbnail_timeout' } });
    expect(reply).toMatchObject({ ok: true });
    expect(await pool.thumbnail!(file('next.png'), 96)).toMatchObject({ ok: true });
  });

  it('a crashed decoder gives thumbnail_failed', async () => {
    const { pool } = makePool({ behaviour: (n, m) => (m === 'thumbnail' && n === 'bad.png' ? 'crash' : 'ok') }, { maxWorkers: 1 });
    expect(await pool.thumbnail!(file('bad.png'), 96)).toMatchObject({ ok: false, error: { code: 'thumbnail_failed' } });
    expect(await pool.thumbnail!(file('good.png'), 96)).toMatchObject({ ok: true });
  });

  it('a thumbnail aborted before its turn never reaches a worker', async () => {
    const { pool, env } = makePool({ behaviour: (n) => (n === 'first.png' ? 'slow' : 'ok') }, { maxWorkers: 1 });
    const first = pool.thumbnail!(file('first.png'), 96);
    const ctl = new AbortController();
    const second = pool.thumbnail!(file('second.png'), 96, { signal: ctl.signal });
    ctl.abort();
    expect(await second).toMatchObject({ ok: false, error: { code: 'thumbnail_aborted' } });
    env.gate.resolve();
    await first;
    expect(FakeWorker.all.flatMap((w) => w.calls)).not.toContain('thumbnail:second.png');
    const pre = new AbortController();
    pre.abort();
    expect(await pool.thumbnail!(file('third.png'), 96, { signal: pre.signal })).toMatchObject({ ok: false, error: { code: 'thumbnail_aborted' } });
  });
});
