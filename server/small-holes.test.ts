// Issue 12.7: small holes, each through the real server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, fakePdf, onPostgres, PK, settledJob, SK, startServer, storedUploads, tempDataDir, tusUpload } from './test-support';

let server: FilecheckServer;
let dataDir: string;
let base: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir, 0, { bodyTimeoutMs: 400, log: true });
  base = server.url;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface RawOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  localAddress?: string;
}

/** node:http request (fetch cannot pick the local address or send a partial body). */
function raw(url: string, method: string, o: RawOptions = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : Buffer.from(o.body);
    const req = http.request(url, {
      method, localAddress: o.localAddress, agent: false,
      headers: { ...(body ? { 'Content-Length': String(body.length) } : {}), ...o.headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const jsonHeaders = (key?: string) => ({ Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) });

describe('idempotency', () => {
  it('a replay never hands one client another client\'s job token', async () => {
    const body = JSON.stringify({ workflowId: 'wf_flyer_a5' });
    const a = await raw(`${base}/v1/jobs`, 'POST', { headers: jsonHeaders('order-42'), body, localAddress: '127.0.0.1' });
    expect(a.status).toBe(201);
    const first = JSON.parse(a.body);
    // Another client with the same key and body: its own job, not a replay of the first.
    const b = await raw(`${base}/v1/jobs`, 'POST', { headers: jsonHeaders('order-42'), body, localAddress: '127.0.0.2' });
    expect(b.status).toBe(201);
    const other = JSON.parse(b.body);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(other.id).not.toBe(first.id);
    expect(other.token).not.toBe(first.token);
    // The first client's retry is still a replay with its own token.
    const again = await raw(`${base}/v1/jobs`, 'POST', { headers: jsonHeaders('order-42'), body, localAddress: '127.0.0.1' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(again.body)).toMatchObject({ id: first.id, token: first.token });
    // No job token in clear in the database.
    const stored = (await server.db.sql.all('SELECT response_json FROM idempotency_keys')) as { response_json: string }[];
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const r of stored) expect(r.response_json).not.toContain('jt_');
  });
});

describe('JSON bodies', () => {
  it('5,000-deep JSON is a 400, not a 500', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    for (const [body, key] of [[deep, undefined], [`{"workflowId":"wf_flyer_a5","context":${deep}}`, 'deep-1'], [`{"workflowId":"wf_flyer_a5","x":${deep}}`, undefined]] as const) {
      const res = await raw(`${base}/v1/jobs`, 'POST', { headers: jsonHeaders(key), body });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe('bad_request');
    }
    const job = await createJob(base, 'wf_flyer_a5');
    const put = await raw(`${base}/v1/jobs/${job.id}/context`, 'PUT', { headers: { Authorization: `Bearer ${job.token}`, 'Content-Type': 'application/json' }, body: deep });
    expect(put.status).toBe(400);
  });

  it('a body that trickles in is cut with 408 after the body timeout', async () => {
    const started = Date.now();
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base}/v1/jobs`, { method: 'POST', agent: false, headers: { ...jsonHeaders(), 'Content-Length': '1000' } }, (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c)).on('end', () => resolve({ status: r.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write('{"workflowId":'); // …and never the rest
    });
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).error.code).toBe('request_timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('uploads', () => {
  it('an HTML file with %PDF- inside is refused as a type mismatch', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const html = Buffer.from(`<!doctype html><html><body><script>alert(1)</script>\n%PDF-1.7\n${'x'.repeat(6000)}</body></html>`);
    const up = await tusUpload(base, job, html, { filename: 'flyer.pdf', fileId: 'f', filetype: 'application/pdf' });
    expect(up.status).toBe(415);
    expect(up.body?.error?.code).toBe('file_type_refused');
    const view = await settledJob(base, job.id);
    expect(view.files[0]).toMatchObject({ state: 'refused', outcome: 'fail', downloadUrl: null });
    expect(view.canProceed).toBe(false);
  });

  it('bidi and other control characters are removed from stored file names', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const name = 'invoice\u202Efdp.exe\u0085\u200B\u2066x\u2069\u0007\u2028.pdf';
    expect((await tusUpload(base, job, fakePdf(2000), { filename: name, fileId: 'f' })).error).toBeNull();
    const view = await settledJob(base, job.id);
    expect(view.files[0].name).toBe('invoicefdp.exex.pdf');
  });

  it('parallel creations with one file id leave one upload and no orphan bytes', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const create = () => raw(`${base}/v1/uploads/`, 'POST', {
      headers: {
        Authorization: `Bearer ${job.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': '5000',
        'Upload-Metadata': `jobId ${b64(job.id)},filename ${b64('a.pdf')},fileId ${b64('same')}`,
      },
    });
    const results = await Promise.all(Array.from({ length: 12 }, create));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const rows = await server.db.files.list(job.id);
    expect(rows).toHaveLength(1);
    // The losing creations remove their bytes after their database write fails; with the async
    // repositories that can land a little after the responses on a loaded machine (a fresh-clone
    // CI run saw one still there at 200 ms). Bytes nobody references must be gone within seconds.
    const orphans = async () => {
      const onDisk = await storedUploads(server);
      const known = new Set((await server.db.sql.all('SELECT upload_id FROM files')).map((r) => String(r.upload_id)));
      return onDisk.filter((id) => !known.has(id));
    };
    await expect.poll(orphans, { timeout: 5_000, interval: 100 }).toEqual([]);
  });
});

describe('logs', () => {
  it('job tokens never appear in the request log', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    try {
      const job = await createJob(base, 'wf_flyer_a5');
      const controller = new AbortController();
      const res = await fetch(`${base}/v1/jobs/${job.id}/events?token=${encodeURIComponent(job.token)}`, { signal: controller.signal });
      expect(res.status).toBe(200);
      await res.body!.getReader().read();
      controller.abort();
      await fetch(`${base}/v1/jobs/${job.id}/status`, { headers: { Authorization: `Bearer ${job.token}` } });
      await new Promise((r) => setTimeout(r, 100));
      expect(lines.some((l) => l.includes('/events'))).toBe(true);
      const secret = job.token.slice(3);
      for (const l of lines) expect(l).not.toContain(secret);
    } finally {
      spy.mockRestore();
    }
  });
});

// The SQLite file in the data directory (the embedded default); PostgreSQL has no such file.
describe.skipIf(onPostgres)('the database file', () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    ['zero bytes', (f) => fs.writeFileSync(f, ''), /is empty \(0 bytes\)/],
    ['not SQLite', (f) => fs.writeFileSync(f, 'hello, I am a text file\n'), /is not an SQLite database/],
    ['another application\'s SQLite', (f) => {
      const other = new Database(f);
      other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
      other.close();
    }, /tables of another application \(invoices\)/],
  ];
  it.each(cases)('%s: the server stops with a clear message instead of starting empty', async (_label, make, message) => {
    const dir = tempDataDir();
    try {
      make(path.join(dir, 'jobs.db'));
      await expect(startServer(dir)).rejects.toThrow(message);
      expect(fs.statSync(path.join(dir, 'jobs.db')).size).toBe(fs.statSync(path.join(dir, 'jobs.db')).size);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run server exits 1 and says why', () => {
    const dir = tempDataDir();
    try {
      fs.writeFileSync(path.join(dir, 'jobs.db'), '');
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: { ...process.env, FILECHECK_DATA_DIR: dir, FILECHECK_PORT: '0' }, encoding: 'utf8', timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Filecheck server not started');
      expect(run.stderr).toContain('is empty (0 bytes)');
      expect(fs.statSync(path.join(dir, 'jobs.db')).size).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Keep SK referenced for readers: the secret-key routes are covered elsewhere.
void SK;
