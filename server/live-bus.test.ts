// Live-status events across processes, on a real PostgreSQL cluster: two buses on two pools are
// two API instances. A change published on one reaches subscribers of that job on both (once
// each), and nobody else; a lost listening connection is opened again and its subscribers are
// told to re-read; JobEvents (what SSE and long polls listen to) works the same over it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobEvents } from './events';
import { createInProcessBus, createPgLiveBus, type LiveBus, type LiveEventKind } from './live-bus';
import { startPgCluster, type PgCluster } from './testing/pg-cluster';

let cluster: PgCluster;
let url: string;
const pools: pg.Pool[] = [];
const buses: LiveBus[] = [];

async function instance(): Promise<{ pool: pg.Pool; bus: LiveBus }> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  const bus = await createPgLiveBus({ pool, reconnectMs: 50 });
  pools.push(pool);
  buses.push(bus);
  return { pool, bus };
}

beforeAll(async () => {
  cluster = await startPgCluster();
  url = await cluster.createDatabase();
}, 120_000);

afterAll(async () => {
  for (const b of buses) await b.close();
  for (const p of pools) await p.end().catch(() => {});
  cluster?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe('PostgreSQL live bus', () => {
  it('an event published on instance A reaches the job subscribers on A and B once each, and nobody else', async () => {
    const a = await instance();
    const b = await instance();
    const onA: LiveEventKind[] = [];
    const onB: LiveEventKind[] = [];
    const other: string[] = [];
    const all: string[] = [];
    a.bus.subscribe('job_1', (k) => onA.push(k));
    const offB = b.bus.subscribe('job_1', (k) => onB.push(k));
    b.bus.subscribe('job_2', (k) => other.push(k));
    b.bus.subscribeAll((jobId, k) => all.push(`${jobId}:${k}`));

    await a.bus.publish('job_1', 'changed');
    await until(() => onA.length === 1 && onB.length === 1);
    await sleep(100);
    expect(onA).toEqual(['changed']);
    expect(onB).toEqual(['changed']);
    expect(other).toEqual([]);
    expect(all).toEqual(['job_1:changed']);

    offB();
    await b.bus.publish('job_1', 'created');
    await until(() => onA.length === 2);
    await sleep(100);
    expect(onA).toEqual(['changed', 'created']);
    expect(onB).toEqual(['changed']); // unsubscribed
  });

  it('a lost listening connection is opened again: subscribers re-read once, then hear later events', async () => {
    const a = await instance();
    const b = await instance();
    const onB: LiveEventKind[] = [];
    b.bus.subscribe('job_3', (k) => onB.push(k));
    // Kill B's listening session (pg_stat_activity shows it waiting in LISTEN's last query).
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
    await admin.end();
    expect(killed.rowCount).toBeGreaterThanOrEqual(2); // A's and B's listeners
    await until(() => onB.length === 1); // the re-read after reconnecting
    await a.bus.publish('job_3', 'changed');
    await until(() => onB.length === 2);
    expect(onB).toEqual(['changed', 'changed']);
  });

  it('JobEvents over the bus: a long poll on instance B wakes for a change emitted on A', async () => {
    const a = await instance();
    const b = await instance();
    const eventsA = new JobEvents(a.bus);
    const eventsB = new JobEvents(b.bus);
    const waiting = eventsB.next('job_4', 5_000);
    await sleep(50);
    const started = Date.now();
    eventsA.emit('job_4');
    expect(await waiting).toBe(true);
    console.log(`[live-bus] NOTIFY from A woke B's long poll in ${Date.now() - started} ms`);
    expect(await eventsB.next('job_4', 200)).toBe(false); // nothing more happened
  });
});

describe('in-process live bus', () => {
  it('delivers to the job subscribers at once, within the publish call', async () => {
    const bus = createInProcessBus();
    const got: string[] = [];
    bus.subscribe('job_5', (k) => got.push(k));
    bus.subscribe('job_6', (k) => got.push(`other:${k}`));
    const p = bus.publish('job_5', 'changed');
    expect(got).toEqual(['changed']);
    await p;
    await bus.close();
  });
});
