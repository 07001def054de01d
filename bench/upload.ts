// Benchmark: what resumable uploads cost. A 200 MB PDF goes to the reference server (in-process,
// temporary data directory) through the SDK's own upload queue (src/upload, tus-js-client, 8 MiB
// chunks, fixed) and, as the baseline, as one plain HTTP PUT to a minimal node:http receiver on the same
// machine that writes it to disk. Then the same tus upload once more through a TCP proxy that
// cuts the connection once at about half way: how many bytes were sent twice.
// Run: npx tsx bench/upload.ts        (not part of CI; takes well under a minute)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { createServer, type FilecheckServer } from '../server/app';
import { loadConfig } from '../server/config';
import { createUploadQueue } from '../src/upload/index';
import { startProxy, writeBigPdf, type BigFile } from '../e2e/server-process';

const MB = 1024 * 1024;
const SIZE = 200 * MB; // wf_e2e_any takes PDFs up to 200 MiB
const CHUNK = 8 * MB; // a fixed size (the widget now adapts its chunks: src/upload/chunk-size.ts; bench/quick-browser.ts measures that in Chromium)
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  method: string;
  bytes: number;
  seconds: number;
  /** Request body bytes that crossed the wire (re-sends included), when known. */
  sent?: number;
}

// ---- the baseline: one PUT to a receiver that writes to disk ------------------------------------

async function startPutReceiver(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'PUT') return void res.writeHead(405).end();
    const out = fs.createWriteStream(path.join(dir, 'put.bin'));
    pipeline(req, out).then(
      () => res.writeHead(204).end(),
      () => res.writeHead(500).end(),
    );
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/put`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function putOnce(url: string, file: BigFile): Promise<Row> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { 'Content-Length': file.size, 'Content-Type': 'application/pdf' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`PUT answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    fs.createReadStream(file.path, { highWaterMark: 1 * MB }).pipe(req);
  });
  return { method: 'HTTP PUT, one request (baseline)', bytes: file.size, seconds: (performance.now() - started) / 1000, sent: file.size };
}

// ---- one streamed tus PATCH (a curl-like client): server cost without the SDK's client ---------------

async function startBareTus(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  fs.mkdirSync(dir, { recursive: true });
  const tus = new TusServer({ path: '/files', datastore: new FileStore({ directory: dir }) });
  const server = http.createServer((req, res) => void tus.handle(req, res));
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function rawPatchOnce(createUrl: string, file: BigFile, label: string, headers: Record<string, string>, metadata?: string): Promise<Row> {
  const created = await fetch(createUrl, {
    method: 'POST',
    headers: { ...headers, 'Tus-Resumable': '1.0.0', 'Upload-Length': String(file.size), ...(metadata ? { 'Upload-Metadata': metadata } : {}) },
  });
  if (created.status !== 201) throw new Error(`${label}: creation answered ${created.status} ${await created.text()}`);
  const location = new URL(created.headers.get('location')!, createUrl).toString();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(
      location,
      {
        method: 'PATCH',
        headers: { ...headers, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': file.size },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`${label}: PATCH answered ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    fs.createReadStream(file.path, { highWaterMark: 1 * MB }).pipe(req);
  });
  return { method: label, bytes: file.size, seconds: (performance.now() - started) / 1000, sent: file.size };
}

async function rawPatchToReference(server: FilecheckServer, file: BigFile, label: string): Promise<Row> {
  const job = await createJob(server.url);
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  const metadata = `jobId ${b64(job.id)},filename ${b64(file.name)},filetype ${b64('application/pdf')},fileId ${b64('raw')}`;
  const row = await rawPatchOnce(`${server.url}/v1/uploads/`, file, label, { Authorization: `Bearer ${job.token}` }, metadata);
  const sha = await storedSha256(server, job.id, 'raw');
  if (sha !== file.sha256) throw new Error(`${label}: stored sha256 ${sha} ≠ ${file.sha256}`);
  return row;
}

// ---- tus through the SDK's queue ------------------------------------------------------------------

async function createJob(base: string): Promise<{ id: string; token: string }> {
  const res = await fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers: { Authorization: 'Bearer pk_test_demo', 'Content-Type': 'application/json' },
    body: JSON.stringify({ workflowId: 'wf_e2e_any' }),
  });
  if (res.status !== 201) throw new Error(`POST /v1/jobs: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; token: string };
}

async function storedSha256(server: FilecheckServer, jobId: string, fileId: string): Promise<string | null> {
  const res = await fetch(`${server.url}/v1/jobs/${jobId}`, { headers: { Authorization: 'Bearer sk_test_demo' } });
  const job = (await res.json()) as { files: { id: string; sha256: string | null }[] };
  return job.files.find((f) => f.id === fileId)?.sha256 ?? null;
}

async function tusOnce(server: FilecheckServer, base: string, file: BigFile, label: string, chunkSize = CHUNK): Promise<Row> {
  const job = await createJob(server.url);
  const blob = await fs.openAsBlob(file.path, { type: 'application/pdf' });
  // Only the tus endpoint goes through `base` (direct, or the proxy).
  const queue = createUploadQueue({
    endpoint: `${base}/v1/uploads/`,
    headers: () => ({ Authorization: `Bearer ${job.token}` }),
    chunkSize,
    retryDelays: [0, 200, 500],
    progressIntervalMs: 1000,
  });
  const started = performance.now();
  const handle = queue.add({ id: 'bench', file: blob, metadata: { jobId: job.id, filename: file.name, filetype: 'application/pdf', fileId: 'bench' } });
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (handle.state === 'done') resolve();
      else if (handle.state === 'failed') reject(new Error(`upload failed: ${handle.error?.message}`));
    };
    handle.onChange(check);
    check();
  });
  const seconds = (performance.now() - started) / 1000;
  const sent = handle.bytesSentTotal;
  queue.destroy();
  const sha = await storedSha256(server, job.id, 'bench');
  if (sha !== file.sha256) throw new Error(`${label}: stored sha256 ${sha} ≠ ${file.sha256}`);
  return { method: label, bytes: file.size, seconds, sent };
}

function median(rows: Row[]): Row {
  return [...rows].sort((a, b) => a.seconds - b.seconds)[Math.floor(rows.length / 2)]!;
}

// ---- report -----------------------------------------------------------------------------------------

function table(rows: Row[], baseline: Row): string {
  const head = ['method', 'MB', 'seconds', 'MB/s', 'ratio'];
  const lines = rows.map((r) => {
    const mbps = r.bytes / MB / r.seconds;
    const base = baseline.bytes / MB / baseline.seconds;
    return [r.method, (r.bytes / MB).toFixed(0), r.seconds.toFixed(2), mbps.toFixed(0), (mbps / base).toFixed(2)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-bench-upload-'));
  const dataDir = path.join(work, 'data');
  const putDir = path.join(work, 'put');
  fs.mkdirSync(putDir);
  const config = loadConfig({}, { port: 0, dataDir, workflowsDir: path.join(ROOT, 'e2e/workflows'), log: false });
  const server = createServer(config);
  await server.listen();
  const receiver = await startPutReceiver(putDir);
  const bare = await startBareTus(path.join(work, 'bare'));
  try {
    const file = writeBigPdf(work, 'bench-200mb.pdf', SIZE);
    console.log(`upload benchmark: ${(file.size / MB).toFixed(0)} MB PDF, node ${process.version}, ${os.cpus().length} CPUs, loopback\n`);

    // Warm-up (JIT, page cache, first SQLite writes) with a small file, then the timed runs.
    const warm = writeBigPdf(work, 'warm.pdf', 16 * MB);
    await putOnce(receiver.url, warm);
    await tusOnce(server, server.url, warm, 'warm-up');

    // Interleaved runs, median of RUNS each: a busy machine slows all methods alike.
    const methods: (() => Promise<Row>)[] = [
      () => putOnce(receiver.url, file),
      () => rawPatchOnce(bare.url, file, 'bare @tus/server + FileStore, one streamed PATCH', {}),
      () => rawPatchToReference(server, file, 'reference server, one streamed PATCH'),
      () => tusOnce(server, server.url, file, 'SDK queue (tus-js-client), one request', Number.POSITIVE_INFINITY),
      () => tusOnce(server, server.url, file, 'SDK queue (tus-js-client), 8 MiB chunks'),
    ];
    const runs: Row[][] = methods.map(() => []);
    for (let i = 0; i < RUNS; i++) {
      for (const [m, run] of methods.entries()) runs[m]!.push(await run());
    }
    const hashPut = createHash('sha256').update(fs.readFileSync(path.join(putDir, 'put.bin'))).digest('hex');
    if (hashPut !== file.sha256) throw new Error('PUT receiver stored different bytes');
    const rows = runs.map(median);
    const put = rows[0]!;

    // One cut at about half way, through a proxy that counts what the client sends.
    const proxy = await startProxy(server.port);
    proxy.cutAt([Math.round(file.size / 2)]);
    const cut = await tusOnce(server, proxy.url, file, 'SDK queue, 8 MiB chunks, cut once at 50 %');
    const throughProxy = proxy.bytesUp;
    await proxy.close();
    rows.push(cut);

    console.log(table(rows, put));
    console.log(`(median of ${RUNS} runs; the cut run once. ratio = throughput / baseline throughput)`);
    // On the wire: what the proxy carried beyond the file (request lines and headers included).
    const wire = throughProxy - file.size;
    // Handed to the socket: the client counts an interrupted request's body in full.
    const handed = (cut.sent ?? 0) - file.size;
    console.log(
      `\nre-sent after one cut at 50 %: ${(wire / MB).toFixed(2)} MB on the wire ` +
        `(${((wire / CHUNK) * 100).toFixed(1)} % of one ${CHUNK / MB} MiB chunk; proxy carried ${(throughProxy / MB).toFixed(2)} MB ` +
        `for ${(file.size / MB).toFixed(2)} MB); ${(handed / MB).toFixed(2)} MB re-handed to the socket by the client ` +
        `(${((handed / CHUNK) * 100).toFixed(0)} % of a chunk: the cut request's body counted in full). ` +
        `Every stored file matched the source sha256.`,
    );
  } finally {
    await receiver.close();
    await bare.close();
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
