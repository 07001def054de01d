// Issue 12.6: links (tus Location, uploadUrl, downloadUrl) use the configured public URL; the
// X-Forwarded-* headers count only behind a trusted proxy; a Host header is never reflected.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, makePdf, settledJob, SK, startServer, tempDataDir } from './test-support';

/** A raw request (fetch cannot set Host). */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body, 'latin1')) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : Buffer.from(body, 'latin1'));
  });
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function linksFor(server: FilecheckServer, extra: Record<string, string>) {
  const base = server.url;
  const job = await createJob(base, 'wf_flyer_a5');
  // An upload created through the hostile headers: its Location and the status payload's uploadUrl.
  const created = await raw(`${base}/v1/uploads/`, 'POST', {
    ...extra,
    Authorization: `Bearer ${job.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': '100',
    'Upload-Metadata': `jobId ${b64(job.id)},filename ${b64('a.pdf')},fileId ${b64('pending')}`,
  });
  expect(created.status).toBe(201);
  const status = JSON.parse((await raw(`${base}/v1/jobs/${job.id}/status`, 'GET', { ...extra, Authorization: `Bearer ${job.token}` })).body);
  // A complete file: the verify API's downloadUrl.
  // (uploaded by hand: the Location may name a public host this test cannot reach)
  const done = await createJob(base, 'wf_flyer_a5');
  const pdf = await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]);
  const made = await raw(`${base}/v1/uploads/`, 'POST', {
    Authorization: `Bearer ${done.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': String(pdf.length),
    'Upload-Metadata': `jobId ${b64(done.id)},filename ${b64('a.pdf')},fileId ${b64('f')}`,
  });
  const id = String(made.headers.location).split('/').pop();  // absolute or relative
  const patched = await raw(`${base}/v1/uploads/${id}`, 'PATCH', {
    Authorization: `Bearer ${done.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream',
  }, pdf.toString('latin1'));
  expect(patched.status).toBe(204);
  await settledJob(base, done.id);
  const view = JSON.parse((await raw(`${base}/v1/jobs/${done.id}`, 'GET', { ...extra, Authorization: `Bearer ${SK}` })).body);
  return { location: String(created.headers.location), uploadUrl: String(status.files[0].uploadUrl), downloadUrl: String(view.files[0].downloadUrl) };
}

const hostile = { Host: 'evil.example', 'X-Forwarded-Host': 'attacker.example', 'X-Forwarded-Proto': 'https' };

describe('links', () => {
  let dataDir: string;
  let server: FilecheckServer;
  beforeAll(async () => {
    dataDir = tempDataDir();
    server = await startServer(dataDir);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('never reflect an arbitrary Host or unasked-for X-Forwarded-* headers', async () => {
    const links = await linksFor(server, hostile);
    // The tus Location is relative (no host at all); absolute links name the listening URL.
    expect(links.location).toMatch(/^\/v1\/uploads\/[0-9a-f]+$/);
    for (const link of [links.uploadUrl, links.downloadUrl]) expect(link.startsWith(`${server.url}/v1/`), link).toBe(true);
    for (const link of Object.values(links)) expect(link).not.toMatch(/evil|attacker/);
  });

  it('keep a Host header that names this server (localhost on the same port)', async () => {
    const links = await linksFor(server, { Host: `localhost:${server.port}` });
    expect(links.uploadUrl.startsWith(`http://localhost:${server.port}/v1/uploads/`)).toBe(true);
  });
});

describe('links behind a configured public URL or a trusted proxy', () => {
  const dirs: string[] = [];
  const servers: FilecheckServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const start = async (overrides: Parameters<typeof startServer>[2]) => {
    const dir = tempDataDir();
    dirs.push(dir);
    const s = await startServer(dir, 0, overrides);
    servers.push(s);
    return s;
  };

  it('FILECHECK_PUBLIC_URL is used for every link, whatever the headers', async () => {
    const s = await start({ publicUrl: 'https://files.shop.example' });
    const links = await linksFor(s, hostile);
    for (const link of Object.values(links)) expect(link.startsWith('https://files.shop.example/v1/'), link).toBe(true);
  });

  it('X-Forwarded-Proto/Host are honoured only with FILECHECK_TRUST_PROXY', async () => {
    const s = await start({ trustProxy: true });
    const links = await linksFor(s, { 'X-Forwarded-Host': 'files.shop.example', 'X-Forwarded-Proto': 'https' });
    for (const link of Object.values(links)) expect(link.startsWith('https://files.shop.example/v1/'), link).toBe(true);
    // A forwarded host that is not a host name is ignored.
    const odd = await linksFor(s, { 'X-Forwarded-Host': 'a.example/evil?x=', 'X-Forwarded-Proto': 'https' });
    expect(odd.uploadUrl.startsWith(`${s.url}/v1/uploads/`)).toBe(true);
    expect(odd.location).not.toContain('evil');
  });
});
