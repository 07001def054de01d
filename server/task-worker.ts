// A worker's side of the durable verification queue (PostgreSQL, db/tasks.ts): lease tasks, run
// each through verification.verifyOne (inspect, judge, remediate, store the verdict), renew the
// leases while they run, and give unfinished tasks back when stopping. A worker that dies simply
// stops renewing: once its leases run out another worker takes the tasks, and the verdict is
// stored only under the newest lease, so a late writer changes nothing.
//
// It hears of new tasks through LISTEN (TASKS_CHANNEL, notified by Tasks.enqueue) and also looks
// every `pollMs`, which takes over expired leases and covers a lost notification.
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import type { Database, TaskRow } from './db';
import { TASKS_CHANNEL } from './db/tasks';
import type { Verification } from './verification';

export interface TaskWorkerOptions {
  db: Database;
  /** The same database's URL: one connection of its own for LISTEN. */
  databaseUrl: string;
  verification: Verification;
  /** Tasks run at the same time (the verifier pool's size). */
  concurrency: number;
  /** Tasks held beyond those running, so the pool can pick (small-file lane, turns between jobs). */
  prefetch?: number;
  /** How long a lease lasts without renewal. Default 30 s; renewed every third of it. */
  leaseMs?: number;
  pollMs?: number;
  /** Leases taken on one task before it is judged "could not be verified" (its inspections keep dying). Default 3. */
  maxAttempts?: number;
}

export interface TaskWorker {
  readonly owner: string;
  start(): Promise<void>;
  /** Look for tasks now. */
  wake(): void;
  /** Stop taking tasks (the ones running finish or are given back: see drain). */
  close(): Promise<void>;
  /** Resolves when every task taken has finished or been given back. */
  drain(): Promise<void>;
}

export function createTaskWorker(o: TaskWorkerOptions): TaskWorker {
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  const leaseMs = o.leaseMs ?? 30_000;
  const pollMs = o.pollMs ?? 1_000;
  const maxAttempts = o.maxAttempts ?? 3;
  const capacity = o.concurrency + (o.prefetch ?? o.concurrency);
  const held = new Map<number, TaskRow>();
  const runs = new Set<Promise<void>>();
  let closed = false;
  let filling: Promise<void> | null = null;
  let again = false;
  let poll: NodeJS.Timeout | null = null;
  let beat: NodeJS.Timeout | null = null;
  let listener: pg.Client | null = null;

  const lease = (task: TaskRow) => ({
    holds: (tx: Database) => tx.tasks.holds(task, owner),
    finish: (tx: Database) => tx.tasks.finish(task),
  });

  const run = async (task: TaskRow) => {
    try {
      const file = await o.db.files.get(task.jobId, task.fileId);
      if (!file || file.uploadId !== task.uploadId || file.state !== 'verifying') {
        await o.db.tasks.finish(task); // removed, replaced or judged already: nothing to do
        return;
      }
      const failed = task.attempt > maxAttempts
        ? { code: 'inspect_failed', message: `The file could not be verified: its inspection stopped ${task.attempt - 1} times without an answer.` }
        : undefined;
      const result = await o.verification.verifyOne(file, lease(task), failed);
      if (result === 'closed') await o.db.tasks.release(task, owner).catch(() => {});
      else if (result === 'skipped') await o.db.tasks.finish(task).catch(() => {});
    } catch (err) {
      if (!closed) console.error('[filecheck-server] task', task.id, err);
      // Left leased: it runs again after the lease (a passing database hiccup must not lose it).
    } finally {
      held.delete(task.id);
      wake();
    }
  };

  const fill = async () => {
    do {
      again = false;
      if (closed) return;
      const room = capacity - held.size;
      if (room <= 0) return;
      const tasks = await o.db.tasks.claim(owner, leaseMs, room);
      for (const t of tasks) {
        held.set(t.id, t);
        const r = run(t);
        runs.add(r);
        void r.finally(() => runs.delete(r));
      }
      if (tasks.length === room) again = true;
    } while (again && !closed);
  };

  function wake(): void {
    if (closed) return;
    if (filling) {
      again = true;
      return;
    }
    filling = fill()
      .catch((err: unknown) => {
        if (!closed) console.error('[filecheck-server] claiming tasks', (err as Error).message);
      })
      .finally(() => {
        filling = null;
      });
  }

  const renew = async () => {
    const lost = await o.db.tasks.heartbeat([...held.values()], owner, leaseMs).catch(() => []);
    // A lost lease: another worker has the task now; ours will store nothing (Lease.holds).
    for (const id of lost) held.delete(id);
  };

  return {
    owner,
    wake,
    async start() {
      listener = new pg.Client({ connectionString: o.databaseUrl });
      listener.on('error', (err) => {
        if (!closed) console.error('[filecheck-server] task listener', err.message);
      });
      listener.on('notification', () => wake());
      await listener.connect();
      await listener.query(`LISTEN ${TASKS_CHANNEL}`);
      poll = setInterval(wake, pollMs);
      poll.unref();
      beat = setInterval(() => void renew(), Math.max(250, Math.floor(leaseMs / 3)));
      beat.unref();
      wake();
    },
    async close() {
      closed = true;
      if (poll) clearInterval(poll);
      if (beat) clearInterval(beat);
      await filling?.catch(() => {});
      await listener?.end().catch(() => {});
    },
    async drain() {
      while (runs.size > 0) await Promise.allSettled([...runs]);
    },
  };
}
