// The cross-instance tus lock against a real PostgreSQL cluster (server/testing/pg-cluster.ts).
// Two pools are two API instances. They never hold one upload at once; a waiter gets the lock as
// soon as the holder releases it, asks the holder (on the other instance) to finish, gives up after
// its timeout or when its request is cancelled; an instance that dies frees its locks. Last, two
// real @tus/server instances over one store: a PATCH stuck on instance A is ended when the client
// comes back through instance B, which then finishes the upload byte-identical.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { ERRORS } from '@tus/utils';
import { PgLocker } from './pg-locker';
import { startPgCluster, type PgCluster } from './testing/pg-cluster';

let cluster: PgCluster;
let url: string;
const pools: pg.Pool[] = [];
const lockers: PgLocker[] = [];

function instance(options: { acquireTimeoutMs?: number } = {}): { pool: pg.Pool; locker: PgLocker } {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => {}); // idle connections killed by the 'instance dies' test
  const locker = new PgLocker({ pool, acquireTimeoutMs: options.acquireTimeoutMs ?? 10_000, pollMs: 20 });
  pools.push(pool);
  lockers.push(locker);
  return { pool, locker };
}

beforeAll(async () => {
  cluster = await startPgCluster();
  url = await cluster.createDatabase();
}, 120_000);

afterAll(async () => {
  for (const l of lockers) await l.close();
  for (const p of pools) await p.end().catch(() => {});
  cluster?.stop();
});

const never = new AbortController().signal;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PgLocker', () => {
  it('two instances never hold one upload at once, and other uploads are not held up', async () => {
    const a = instance();
    const b = instance();
    let inside = 0;
    let most = 0;
    const rounds = Array.from({ length: 16 }, async (_, i) => {
      const lock = (i % 2 ? a : b).locker.newLock('upload-1');
      await lock.lock(never, () => {});
      inside++;
      most = Math.max(most, inside);
      await sleep(5 + (i % 4) * 5);
      inside--;
      await lock.unlock();
    });
    // Meanwhile another upload is locked and unlocked at once.
    const other = a.locker.newLock('upload-2');
    const started = Date.now();
    await other.lock(never, () => {});
    const otherWaitedMs = Date.now() - started;
    await other.unlock();
    await Promise.all(rounds);
    expect(most).toBe(1);
    expect(otherWaitedMs).toBeLessThan(1_000);
  }, 60_000);

  it('a waiter on instance B asks the holder on A to finish, and gets the lock once A unlocks', async () => {
    const a = instance();
    const b = instance();
    const held = a.locker.newLock('upload-3');
    let asked = 0;
    await held.lock(never, () => void asked++);
    const waiting = b.locker.newLock('upload-3');
    let got = 0;
    const acquired = waiting.lock(never, () => {}).then(() => (got = Date.now()));
    await sleep(300);
    expect(got).toBe(0); // still waiting
    expect(asked).toBeGreaterThanOrEqual(1); // the NOTIFY reached A's holder
    const releasedAt = Date.now();
    await held.unlock();
    await acquired;
    expect(got - releasedAt).toBeLessThan(500);
    await waiting.unlock();
  }, 30_000);

  it('a waiter gives up after its timeout or when its request is cancelled, and returns its connections', async () => {
    const a = instance();
    const b = instance({ acquireTimeoutMs: 300 });
    const held = a.locker.newLock('upload-4');
    await held.lock(never, () => {});
    await expect(b.locker.newLock('upload-4').lock(never, () => {})).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    const cancel = new AbortController();
    const cancelled = b.locker.newLock('upload-4').lock(cancel.signal, () => {});
    setTimeout(() => cancel.abort(), 100);
    await expect(cancelled).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    // Only B's listening connection is checked out.
    expect(b.pool.totalCount - b.pool.idleCount).toBe(1);
    await held.unlock();
  }, 30_000);

  it('an instance that dies frees its locks (PostgreSQL ends its session)', async () => {
    const a = instance();
    const b = instance();
    const held = a.locker.newLock('upload-5');
    let told = 0;
    await held.lock(never, () => void told++);
    // Kill A's sessions as a crashed machine would lose them (its pool's backends).
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()`);
    await admin.end();
    const waiting = b.locker.newLock('upload-5');
    await waiting.lock(never, () => {});
    expect(told).toBeGreaterThanOrEqual(1); // A's request was told it lost the lock
    await waiting.unlock();
    await held.unlock(); // its broken connection is destroyed, without throwing
  }, 30_000);
});

describe('PgLocker with two @tus/server instances', () => {
  it('a PATCH stuck on instance A is ended when the client resumes through B, which finishes the upload byte-identical', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-lock-'));
    const servers: http.Server[] = [];
    const start = async (locker: PgLocker) => {
      const tus = new TusServer({ path: '/files', datastore: new FileStore({ directory: dir }), locker });
      const srv = http.createServer((req, res) => void tus.handle(req, res));
      servers.push(srv);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(srv.address() as AddressInfo).port}/files`;
    };
    try {
      const A = await start(instance().locker);
      const B = await start(instance().locker);
      const data = crypto.randomBytes(256 * 1024);
      const created = await fetch(`${A}/`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(data.length) } });
      expect(created.status).toBe(201);
      const id = created.headers.get('location')!.split('/').pop()!;

      // Through A: a PATCH that sends 64 KB and then stalls (a client gone quiet).
      const stuck = http.request(`${A}/${id}`, {
        method: 'PATCH',
        headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(data.length) },
      });
      const stuckEnded = new Promise<void>((resolve) => {
        stuck.on('response', (res) => res.resume().on('end', resolve));
        stuck.on('error', () => resolve());
        stuck.on('close', () => resolve());
      });
      stuck.write(data.subarray(0, 64 * 1024));
      await sleep(300);

      // The client comes back through B: HEAD (needs the lock: A is asked to finish), then PATCH the rest.
      const began = Date.now();
      const head = await fetch(`${B}/${id}`, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
      const headWaitedMs = Date.now() - began;
      expect(head.status).toBe(200);
      await stuckEnded; // A's request was ended so B could have the upload
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset).toBeLessThanOrEqual(64 * 1024);
      const rest = await fetch(`${B}/${id}`, {
        method: 'PATCH',
        headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
        body: data.subarray(offset),
      });
      expect(rest.status).toBe(204);
      expect(Number(rest.headers.get('upload-offset'))).toBe(data.length);
      expect(crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, id))).digest('hex')).toBe(crypto.createHash('sha256').update(data).digest('hex'));
      console.log(`[pg-locker] HEAD through B waited ${headWaitedMs} ms for A's stuck PATCH to finish`);
    } finally {
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
