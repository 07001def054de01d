// Proof renders in the pool: the low-priority lane, its own watchdog, aborts. The fake Worker is a
// MessageChannel whose far end runs a scripted API through real Comlink (as inspector-pool.test.ts).
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { SniffResult } from '../core/types';
import type { RenderPageOptions, RenderPageReply } from '../../workers/render-page';
import { createInspectorPool, type InspectorPool } from './inspector-pool';

const pdf: SniffResult = { format: 'pdf', kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'] };

class FakeWorker {
  static all: FakeWorker[] = [];
  terminated = false;
  readonly calls: string[] = [];
  private readonly port: MessagePort;
  constructor(hang: (name: string) => boolean) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    FakeWorker.all.push(this);
    const calls = this.calls;
    Comlink.expose(
      {
        async sniff(blob: Blob) {
          calls.push(`sniff:${(await blob.text()).trim()}`);
          return pdf;
        },
        async inspect(blob: Blob) {
          calls.push(`inspect:${(await blob.text()).trim()}`);
          return { ok: true, facts: { format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: blob.size } };
        },
        async renderPage(blob: Blob, n: number, opts: RenderPageOptions): Promise<RenderPageReply> {
          const name = (await blob.text()).trim();
          calls.push(`render:${name}:${n}:${opts.maxPx}:${JSON.stringify(opts.overlay ?? {})}:${opts.timeoutMs}`);
          if (hang(name)) await new Promise<never>(() => undefined);
          return { ok: true, blob: new Blob(['png']), width: 800, height: 600, page: n, pageCount: 2 };
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
    if (type === 'error') return;
    this.port.addEventListener(type as 'message', fn as never);
    this.port.start();
  }
  removeEventListener(type: string, fn: (ev: never) => void): void {
    if (type !== 'error') this.port.removeEventListener(type as 'message', fn as never);
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
}

let pool: InspectorPool | null = null;
const file = (name: string) => new File([name.padEnd(64, ' ')], name, { type: 'application/pdf' });

afterEach(() => {
  pool?.terminate();
  pool = null;
  for (const w of FakeWorker.all) w.terminate();
  FakeWorker.all = [];
});

describe('proof renders in the pool', () => {
  it('renders in the low-priority lane, passing page, size and overlay through', async () => {
    pool = createInspectorPool({ createWorker: () => new FakeWorker(() => false) as unknown as Worker, maxWorkers: 1, renderTimeoutMs: 5000 });
    await pool.inspect(file('a.pdf'), pdf);
    const reply = await pool.renderPage!(file('a.pdf'), 2, { maxPx: 640, overlay: { trim: [1, 2, 3, 4], safeMm: 3 } });
    expect(reply).toMatchObject({ ok: true, width: 800, height: 600, page: 2 });
    expect(pool.size()).toBe(1); // the lane's worker is not an inspection worker
    const lane = FakeWorker.all.find((w) => w.calls.some((c) => c.startsWith('render')))!;
    expect(lane.calls).toEqual(['render:a.pdf:2:640:{"trim":[1,2,3,4],"safeMm":3}:3000']);
    expect(FakeWorker.all.find((w) => w.calls.some((c) => c.startsWith('inspect')))).not.toBe(lane);
  });

  it('a render that hangs answers render_timeout; its worker is replaced and the next render works', async () => {
    pool = createInspectorPool({ createWorker: () => new FakeWorker((n) => n === 'stuck.pdf') as unknown as Worker, renderTimeoutMs: 150 });
    const t0 = Date.now();
    expect(await pool.renderPage!(file('stuck.pdf'), 1)).toMatchObject({ ok: false, error: { code: 'render_timeout' } });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    expect(await pool.renderPage!(file('fine.pdf'), 1)).toMatchObject({ ok: true });
    // inspections were never affected
    expect(await pool.inspect(file('fine.pdf'), pdf)).toMatchObject({ ok: true });
  });

  it('a render dropped before its turn answers render_aborted and never runs', async () => {
    pool = createInspectorPool({ createWorker: () => new FakeWorker((n) => n === 'slow.pdf') as unknown as Worker, renderTimeoutMs: 300 });
    const first = pool.renderPage!(file('slow.pdf'), 1);
    const ctl = new AbortController();
    const second = pool.renderPage!(file('later.pdf'), 1, { signal: ctl.signal });
    ctl.abort();
    expect(await second).toMatchObject({ ok: false, error: { code: 'render_aborted' } });
    await first;
    expect(FakeWorker.all.flatMap((w) => w.calls).some((c) => c.includes('later.pdf'))).toBe(false);
    const pre = new AbortController();
    pre.abort();
    expect(await pool.renderPage!(file('x.pdf'), 1, { signal: pre.signal })).toMatchObject({ ok: false, error: { code: 'render_aborted' } });
  });
});
