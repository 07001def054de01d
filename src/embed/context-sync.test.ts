import { describe, expect, it } from 'vitest';
import { createContextSync, type ContextSyncOptions } from './context-sync';
import { ApiError } from './api-client';
import type { IntakeContext } from '../core/types';

const A5: IntakeContext = { artworkSize: { width_mm: 148, height_mm: 210 } };
const A4: IntakeContext = { artworkSize: { width_mm: 210, height_mm: 297 } };
const A3: IntakeContext = { artworkSize: { width_mm: 297, height_mm: 420 } };

/** A server whose answers the test gives one by one; records what the page sent and heard. */
function harness(page: { context: IntakeContext }) {
  const sent: IntakeContext[] = [];
  const answers: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  const heard: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const opts: ContextSyncOptions = {
    send: (context) => {
      sent.push(context);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<void>((resolve, reject) => answers.push({ resolve, reject })).finally(() => inFlight--);
    },
    current: () => page.context,
    onSettled: () => heard.push('settled'),
    onUnreachable: (u) => heard.push(u ? 'unreachable' : 'reachable'),
    onError: (e) => heard.push(`error ${e.code}`),
    retryDelaysMs: [1, 1],
  };
  return { sent, answers, heard, opts, maxInFlight: () => maxInFlight };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

/** A job the server judges as A5; the customer has just picked A4 and its request is on its way. */
async function changedToA4() {
  const page = { context: A5 };
  const h = harness(page);
  const sync = createContextSync(h.opts);
  sync.known(A5);
  page.context = A4;
  sync.changed();
  await tick();
  return { h, sync };
}

describe('context sync', () => {
  it('sends one order at a time and ends with the newest: a quick A4 then A3 never leaves the server on A4', async () => {
    const page = { context: A4 };
    const h = harness(page);
    const sync = createContextSync(h.opts);
    sync.known(A5);
    await tick();
    page.context = A3;
    sync.changed();
    await tick();
    expect(h.sent).toEqual([A4]); // A3 waits for A4's answer
    h.answers[0]!.resolve();
    await tick();
    expect(h.sent).toEqual([A4, A3]);
    expect(h.heard).toEqual([]); // not settled while the server holds A4
    h.answers[1]!.resolve();
    await tick();
    expect(h.heard).toEqual(['settled']);
    expect(h.maxInFlight()).toBe(1);
  });

  it('a change that cannot reach the server is tried again until it lands; the page hears it wait, then settle', async () => {
    const { h } = await changedToA4();
    h.answers[0]!.reject(new ApiError('server_unreachable', 'no answer', 0));
    await tick();
    h.answers[1]!.reject(new ApiError('server_error', 'busy', 503));
    await tick();
    h.answers[2]!.resolve();
    await tick();
    expect(h.sent).toEqual([A4, A4, A4]);
    expect(h.heard).toEqual(['unreachable', 'reachable', 'settled']);
  });

  it('a refusal is said once and not tried again; the files keep waiting (no settle)', async () => {
    const { h } = await changedToA4();
    h.answers[0]!.reject(new ApiError('job_finalized', 'frozen', 409));
    await tick();
    expect(h.sent).toEqual([A4]);
    expect(h.heard).toEqual(['error job_finalized']);
  });

  it('the page changed its order while the job was being created: the new order is sent once the job exists', async () => {
    const page = { context: A5 };
    const h = harness(page);
    const sync = createContextSync(h.opts);
    page.context = A4;
    sync.changed(); // no job yet: nothing to send to
    await tick();
    expect(h.sent).toEqual([]);
    sync.known(A5); // created with what the page showed when it asked
    await tick();
    expect(h.sent).toEqual([A4]);
  });

  it('nothing is sent when the server already holds the page\'s order, whatever its key order', async () => {
    const page = { context: { artworkSize: { height_mm: 210, width_mm: 148 } } as IntakeContext };
    const h = harness(page);
    const sync = createContextSync(h.opts);
    sync.known(A5);
    sync.changed();
    await tick();
    expect(h.sent).toEqual([]);
  });

  it('an order the server never said it holds (a reload that could not ask) is sent to be sure', async () => {
    const page = { context: A5 };
    const h = harness(page);
    createContextSync(h.opts).known(undefined);
    await tick();
    expect(h.sent).toEqual([A5]);
  });

  it('an answer for a job finalized meanwhile settles nothing', async () => {
    const { h, sync } = await changedToA4();
    sync.reset();
    h.answers[0]!.resolve();
    await tick();
    expect(h.heard).toEqual([]);
    sync.changed(); // no job: nothing sent
    await tick();
    expect(h.sent).toEqual([A4]);
  });
});
