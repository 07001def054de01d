// The server enforces the workflow's limits itself, whatever the browser does: a tus client that
// bypasses the widget is refused by size at creation (413) and by content at its first bytes
// (415, or 413 for a type whose own limit is smaller), with JSON errors, and the refused file is
// listed as refused in the job's status.
import { expect, test } from '@playwright/test';
import http from 'node:http';
import { fetchStatus, PUBLISHABLE, startServerProcess, type ServerProcess } from './server-process';

const MB = 1024 * 1024;
let server: ServerProcess;

test.beforeAll(async ({}, info) => {
  server = await startServerProcess({ name: `e2e-limits-${info.workerIndex}` });
});
test.afterAll(async () => {
  await server?.dispose();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const metadata = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');

async function newJob(): Promise<{ id: string; token: string }> {
  const res = await fetch(`${server.url}/v1/jobs`, {
    method: 'POST',
    headers: { ...PUBLISHABLE, 'Content-Type': 'application/json' },
    body: JSON.stringify({ workflowId: 'wf_e2e_any' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

function create(job: { id: string; token: string }, length: number, fileId: string, filename: string) {
  return fetch(`${server.url}/v1/uploads/`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${job.token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(length),
      'Upload-Metadata': metadata({ jobId: job.id, filename, filetype: 'application/pdf', fileId }),
    },
  });
}

function patch(url: string, token: string, body: Buffer) {
  return fetch(url, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '0',
      'Content-Type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(body),
  });
}

/**
 * HEAD on a new connection: the refused PATCH's connection stays open (paused) for a few seconds
 * after the refusal so the client can read it, and fetch would queue the HEAD on it.
 */
function headOnFreshConnection(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'HEAD', agent: false, headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('a tus creation over the size limit is refused with 413 and a JSON error', async () => {
  const job = await newJob();
  const res = await create(job, 300 * MB, 'huge', 'huge.pdf'); // the workflow's largest maxSize is 200 MB
  expect(res.status).toBe(413);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = await res.json();
  expect(body.error.code).toBe('file_too_large');
  expect(body.error.message).toMatch(/limit/i);
  // Nothing was created for it.
  expect((await fetchStatus(server.url, job.id, job.token)).files).toHaveLength(0);
});

test('a PATCH whose first bytes are not an accepted type is refused with 415; the job lists the file as refused', async () => {
  const job = await newJob();
  const size = 3 * MB;
  const created = await create(job, size, 'fake', 'invoice.pdf'); // the name and declared type say PDF…
  expect(created.status).toBe(201);
  const url = new URL(created.headers.get('location')!, server.url).toString();
  // …the bytes are a Windows executable.
  const bytes = Buffer.alloc(size, 0x41);
  bytes.write('MZ\x90\x00\x03\x00\x00\x00', 0, 'latin1');
  const res = await patch(url, job.token, bytes);
  expect(res.status).toBe(415);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = await res.json();
  expect(body.error.code).toBe('file_type_refused');

  const status = await fetchStatus(server.url, job.id, job.token);
  expect(status.files).toHaveLength(1);
  expect(status.files[0]!.status).toBe('refused');
  expect(status.files[0]!.error?.code).toBe('file_type_refused');
  expect(status.files[0]!.complete).toBe(false);
  // Nothing of it is kept: the upload is gone.
  expect(await headOnFreshConnection(url, job.token)).toBe(404);
});

test('a PNG over its own 1 MB limit (under the 200 MB ceiling) is refused with 413 after its first bytes', async () => {
  const job = await newJob();
  const size = 2 * MB;
  const created = await create(job, size, 'bigpng', 'photo.png');
  expect(created.status).toBe(201);
  const url = new URL(created.headers.get('location')!, server.url).toString();
  const bytes = Buffer.alloc(size);
  // PNG signature + IHDR
  Buffer.from('89504e470d0a1a0a0000000d4948445200000100000001000802000000', 'hex').copy(bytes);
  const res = await patch(url, job.token, bytes);
  expect(res.status).toBe(413);
  expect((await res.json()).error.code).toBe('file_too_large');
  const status = await fetchStatus(server.url, job.id, job.token);
  expect(status.files[0]!.status).toBe('refused');
  expect(status.files[0]!.error?.code).toBe('file_too_large');
});
