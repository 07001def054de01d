// Jobs and uploads survive a server restart: the job database is on disk, and the tus file store
// keeps each upload's bytes and state, so a client continues from the stored offset.
import fs from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Upload } from 'tus-js-client';
import type { FilecheckServer } from './app';
import { schemaVersion } from './db';
import type { FileVerifier } from './verify';
import { VerifierClosedError } from './verify';
import { createJob, fakePdf, getJson, makePdf, settledJob, sha256, SK, startServer, tempDataDir, tusUpload } from './test-support';

const dataDir = tempDataDir();
let server: FilecheckServer | null = null;

afterAll(async () => {
  await server?.close();
  // @tus/file-store starts an unawaited mkdir in its constructor; let it land before removing the directory.
  await new Promise((r) => setTimeout(r, 100));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const MB = 1024 * 1024;

describe('server restart', () => {
  it.each([
    { label: 'between 512 KB chunks', chunkSize: 512 * 1024 },
    { label: 'in the middle of one large PATCH', chunkSize: Infinity },
  ])('an upload cut by a restart $label resumes from its offset, byte-identical', async ({ chunkSize }) => {
    server ??= await startServer(dataDir);
    const port = server.port;
    const base = server.url;
    const job = await createJob(base, 'wf_poster');
    const data = fakePdf(12 * MB);

    let upload: Upload | null = null;
    let restart: Promise<void> | null = null;
    let offsetAtRestart = 0;
    let sentAfterRestart = 0;
    let lastSent = 0;
    const restartServer = () => {
      // Close (cutting the connection) and start again on the same port and data directory.
      restart ??= (async () => {
        const stopped = server!;
        await stopped.close();
        // What the stopped server had stored (its storage outlives it: a directory or a bucket).
        offsetAtRestart = await stopped.uploads.offsetOf(upload!.url!.split('/').pop()!);
        server = await startServer(dataDir, port);
      })();
    };
    if (chunkSize === Infinity) {
      // Loopback is too fast to cut from the client side: cut from the server once it has
      // received 3 MB of the single PATCH, as a crash mid-request would.
      const store = server.uploads.store;
      const write = store.write.bind(store);
      store.write = (readable, id, offset) => {
        let seen = offset;
        const tap = new Transform({
          transform(chunk: Buffer, _enc, done) {
            seen += chunk.length;
            if (seen >= 3 * MB) restartServer();
            done(null, chunk);
          },
        });
        return write(pipeline(readable, tap, () => {}), id, offset);
      };
    }
    const result = await tusUpload(base, job, data, { filename: 'poster.pdf', fileId: 'poster' }, {
      chunkSize,
      // The client retries while the server is down, as the widget does.
      retryDelays: [100, 200, 400, 800, 1000, 1000, 1000, 1000],
      onStart: (u) => (upload = u),
      onProgress: (sent) => {
        // tus-js-client reports absolute offsets; after the restart it starts again from the server's.
        if (restart && sent > lastSent) sentAfterRestart += sent - lastSent;
        if (restart && sent < lastSent) lastSent = sent;
        lastSent = sent;
      },
      onChunkComplete: (_c, sent) => {
        if (sent >= 3 * MB && chunkSize !== Infinity) restartServer();
      },
    });

    expect(result.error).toBeNull();
    expect(restart).not.toBeNull();
    await restart;
    expect(offsetAtRestart).toBeGreaterThan(0);
    expect(offsetAtRestart).toBeLessThan(data.length);
    // Resumed, not started over: after the restart, the rest of the file plus at most one chunk
    // (or, for one large PATCH, what was in flight when the connection was cut).
    const slack = Number.isFinite(chunkSize) ? chunkSize : 4 * MB;
    expect(sentAfterRestart).toBeLessThanOrEqual(data.length - offsetAtRestart + slack);

    const body = await settledJob(server!.url, job.id);
    expect(body.files).toHaveLength(1);
    // Random bytes behind a PDF header: stored intact, and the server's inspection says it is no PDF.
    expect(body.files[0]).toMatchObject({ id: 'poster', size: data.length, sha256: sha256(data), state: 'error', outcome: 'fail' });
    expect(body.canProceed).toBe(false);
    const download = await fetch(body.files[0].downloadUrl, { headers: { Authorization: `Bearer ${SK}` } });
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(data));
  });

  it('a restarted server opens the same database without re-running migrations', async () => {
    await server?.close();
    server = await startServer(dataDir);
    // Every migration recorded once; nothing applied again by this start.
    const versions = (await server.db.sql.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
    expect(versions).toEqual(Array.from({ length: schemaVersion(server.db.dialect) }, (_, i) => i + 1));
    expect(await server.db.migrate()).toEqual([]);
    if (server.db.dialect === 'sqlite') {
      expect((await server.db.sql.get('PRAGMA user_version'))?.user_version).toBe(schemaVersion('sqlite'));
      expect((await server.db.sql.get('PRAGMA journal_mode'))?.journal_mode).toBe('wal');
    }
  });

  it('files left verifying by a stop are verified at the next start', async () => {
    await server?.close();
    // A verifier that never answers, as when the process stops in the middle of an inspection.
    const stuck: FileVerifier = {
      inspect: () => new Promise((_resolve, reject) => closers.push(() => reject(new VerifierClosedError()))),
      close: async () => closers.splice(0).forEach((c) => c()),
    };
    const closers: (() => void)[] = [];
    server = await startServer(dataDir, 0, {}, { verifier: stuck });
    const job = await createJob(server.url, 'wf_flyer_a5');
    const pdf = await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]);
    expect((await tusUpload(server.url, job, pdf, { filename: 'flyer.pdf', fileId: 'f1' })).error).toBeNull();
    const before = await getJson(`${server.url}/v1/jobs/${job.id}`, SK);
    expect(before.body).toMatchObject({ status: 'processing', canProceed: false, files: [{ state: 'verifying', outcome: null }] });
    await server.close();

    server = await startServer(dataDir);
    const after = await settledJob(server.url, job.id);
    expect(after.files[0]).toMatchObject({ state: 'done', outcome: expect.stringMatching(/^(pass|warn|fixed)$/) });
    expect(after.canProceed).toBe(true);
  });

  it('an upload whose bytes were all stored but whose finish step never ran is finished at the next start', async () => {
    await server?.close();
    server = await startServer(dataDir);
    const job = await createJob(server.url, 'wf_flyer_a5');
    const pdf = await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]);
    expect((await tusUpload(server.url, job, pdf, { filename: 'flyer.pdf', fileId: 'f1' })).error).toBeNull();
    await settledJob(server.url, job.id);
    // As if the process died between storing the last byte and the finish hook.
    await server.db.sql.run(`UPDATE files SET state = 'uploading', completed_at = NULL, sha256 = NULL, outcome = NULL WHERE job_id = ?`, [job.id]);
    await server.close();

    server = await startServer(dataDir);
    const after = await settledJob(server.url, job.id);
    expect(after.files[0]).toMatchObject({ state: 'done', sha256: sha256(pdf), outcome: expect.stringMatching(/^(pass|warn|fixed)$/) });
    expect(after.canProceed).toBe(true);
  });
});
