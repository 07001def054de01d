// The repositories on the backend under test (SQLite by default, PostgreSQL with
// FILECHECK_TEST_DB=postgres): migrations, and the writes whose atomicity several instances rely on.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Database } from '.';
import { databaseUrlFor, onPostgres, tempDataDir } from '../test-support';

const opened: Database[] = [];
const dirs: string[] = [];

async function open(dataDir = tempDataDir()) {
  dirs.push(dataDir);
  const db = openDatabase({ dataDir, databaseUrl: await databaseUrlFor(dataDir) });
  opened.push(db);
  return db;
}

afterAll(async () => {
  for (const db of opened) await db.close().catch(() => {});
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const WORKFLOW = { id: 'wf', version: 1, rule: { accepts: [], cardinality: { min: 1, max: 1, slots: [] } } } as never;

async function jobWithFile(db: Database, id: string) {
  await db.jobs.create({ id, workflowId: 'wf', workflow: WORKFLOW, tokenHash: 'h', context: null, status: 'idle' });
  await db.files.replace({ jobId: id, id: 'f', uploadId: `up_${id}`, name: 'a.pdf', size: 10, slot: null, declaredType: null });
  await db.files.update(id, 'f', { state: 'verifying' });
}

describe(`database (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('runs on the backend the suite was asked for', async () => {
    const db = await open();
    expect(db.dialect).toBe(onPostgres ? 'postgres' : 'sqlite');
  });

  it('an order attached while another request\'s transaction is open survives that transaction\'s rollback', async () => {
    const db = await open();
    await db.migrate();
    await jobWithFile(db, 'job_tx');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // A transaction that is still working (awaiting) when the store attaches an order, then fails.
    const failing = db.sql.transaction(async (tx) => {
      await tx.run('UPDATE jobs SET status = ? WHERE id = ?', ['processing', 'job_tx']);
      await held;
      throw new Error('verdict refused');
    }).catch((err: Error) => err.message);
    await new Promise((r) => setTimeout(r, 20));
    const attached = db.jobs.attachOrder('job_tx', { orderId: 'ORD-1', lineId: null });
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect(await failing).toBe('verdict refused');
    await attached;
    const job = await db.jobs.get('job_tx');
    expect(job!.order?.orderId).toBe('ORD-1');
    expect(job!.status).toBe('idle');
  });

  it('two instances migrating one database at once apply each migration once', async () => {
    const dir = tempDataDir();
    const a = await open(dir);
    const b = await open(dir);
    // SQLite serves one process (a second connection in this process would block its event loop
    // on the file lock): there the two start one after the other.
    const [x, y] = onPostgres ? await Promise.all([a.migrate(), b.migrate()]) : [await a.migrate(), await b.migrate()];
    const all = Array.from({ length: schemaVersion(a.dialect) }, (_, i) => i + 1);
    expect([...x, ...y].sort((p, q) => p - q)).toEqual(all);
    expect((await a.sql.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version))).toEqual(all);
    expect(await a.ready()).toEqual({ ok: true });
  });

  it('a database without migrations is not ready', async () => {
    const db = await open();
    expect(await db.ready()).toMatchObject({ ok: false });
  });

  it('a verdict lands once: a second writer for the same upload changes nothing', async () => {
    const db = await open();
    await db.migrate();
    await jobWithFile(db, 'job_a');
    const guard = { onlyUpload: 'up_job_a', onlyState: 'verifying' as const };
    const [first, second] = await Promise.all([
      db.files.update('job_a', 'f', { state: 'done', outcome: 'pass' }, guard),
      db.files.update('job_a', 'f', { state: 'done', outcome: 'fail' }, guard),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const stored = await db.files.get('job_a', 'f');
    expect(stored?.outcome).toBe((first ?? second)!.outcome);
    // Nor does a verdict land on a newer upload of the same file.
    await db.files.replace({ jobId: 'job_a', id: 'f', uploadId: 'up_newer', name: 'a.pdf', size: 10, slot: null, declaredType: null });
    expect(await db.files.update('job_a', 'f', { state: 'done' }, { onlyUpload: 'up_job_a' })).toBeNull();
    expect((await db.files.get('job_a', 'f'))?.state).toBe('uploading');
  });

  it('the completed status is claimed by one caller per status', async () => {
    const db = await open();
    await db.migrate();
    await jobWithFile(db, 'job_b');
    const claims = await Promise.all(Array.from({ length: 6 }, () => db.jobs.claimCompletedStatus('job_b', 'ready')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await db.jobs.claimCompletedStatus('job_b', 'rejected')).toBe(true);
  });

  it('webhook deliveries are claimed by one sender each', async () => {
    const db = await open();
    await db.migrate();
    await db.deliveries.enqueue(Array.from({ length: 10 }, (_, i) => ({ eventId: `evt_${i}`, eventType: 'job.created', url: 'http://x/hook', body: '{}' })));
    const lease = Date.now() + 60_000;
    const batches = await Promise.all(Array.from({ length: 4 }, () => db.deliveries.claimDue('http://x/hook', Date.now(), 4, lease)));
    const ids = batches.flat().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(10);
  });

  it('keeps files in the order they were added', async () => {
    const db = await open();
    await db.migrate();
    await db.jobs.create({ id: 'job_c', workflowId: 'wf', workflow: WORKFLOW, tokenHash: 'h', context: null, status: 'idle' });
    for (const id of ['z', 'a', 'm']) await db.files.replace({ jobId: 'job_c', id, uploadId: `u_${id}`, name: `${id}.pdf`, size: 1, slot: null, declaredType: null });
    expect((await db.files.list('job_c')).map((f) => f.id)).toEqual(['z', 'a', 'm']);
  });
});
