// Scale-out throughput (issue 15.6): the same load against the embedded default (SQLite, one
// process) and against PostgreSQL with one API process and one or two worker processes (uploads
// in a shared data directory). Clients create jobs and upload 3 business-card PDFs each (tus, the
// widget's client), then follow the status until every file has the server's verdict.
// Prints jobs/s and upload→verdict p50/p95 per setup; writes bench/out/scale-out.json.
// Run: `npx tsx bench/scale-out.ts` (PostgreSQL: initdb/pg_ctl on PATH or /usr/lib/postgresql/*/bin).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { ensureBucket } from '../server/storage/s3';
import { startPgCluster } from '../server/testing/pg-cluster';
import { motoServerCommand, startS3Server } from '../server/testing/s3-server';
import { makeCard } from './pdf-fixtures';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const JOBS = Number(process.env.BENCH_JOBS ?? 8);
const FILES_PER_JOB = 3;
/** Inspections per worker process: 1, so a second worker process is a second inspector. */
const CONCURRENCY = Number(process.env.BENCH_VERIFY_CONCURRENCY ?? 1);
const ROOT = new URL('..', import.meta.url).pathname;

function startProcess(env: Record<string, string>): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT, env: { ...process.env, FILECHECK_PORT: '0', FILECHECK_WORKFLOWS_DIR: 'e2e/workflows', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /server on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function upload(endpoint: string, token: string, jobId: string, fileId: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    new Upload(bytes, {
      endpoint, chunkSize: 8 * 1024 * 1024, headers: { Authorization: `Bearer ${token}` },
      metadata: { jobId, filename: `${fileId}.pdf`, filetype: 'application/pdf', fileId },
      onSuccess: () => resolve(), onError: reject,
    }).start();
  });
}

async function load(base: string, files: Buffer[]) {
  const latencies: number[] = [];
  const started = performance.now();
  const runJob = async (j: number) => {
    const res = await fetch(`${base}/v1/jobs`, {
      method: 'POST', headers: { Authorization: 'Bearer pk_test_demo', 'Content-Type': 'application/json' }, body: JSON.stringify({ workflowId: 'wf_e2e_any' }),
    });
    const job = (await res.json()) as { id: string; token: string };
    const uploadedAt = new Map<string, number>();
    await Promise.all(files.map(async (bytes, i) => {
      await upload(`${base}/v1/uploads/`, job.token, job.id, `f${j}_${i}`, bytes);
      uploadedAt.set(`f${j}_${i}`, performance.now());
    }));
    const judged = new Set<string>();
    while (judged.size < files.length) {
      const st = (await (await fetch(`${base}/v1/jobs/${job.id}/status`, { headers: { Authorization: `Bearer ${job.token}` } })).json()) as { files: { id: string; status: string }[] };
      for (const f of st.files) {
        if (!judged.has(f.id) && (f.status === 'done' || f.status === 'error')) {
          judged.add(f.id);
          latencies.push(performance.now() - uploadedAt.get(f.id)!);
        }
      }
      if (judged.size < files.length) await new Promise((r) => setTimeout(r, 25));
    }
  };
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < JOBS) await runJob(next++);
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!);
  return { jobs: JOBS, files: JOBS * files.length, seconds: Number(seconds.toFixed(2)), jobsPerSecond: Number((JOBS / seconds).toFixed(2)), verdictP50Ms: q(0.5), verdictP95Ms: q(0.95) };
}

const load1 = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

async function main() {
  const files = await Promise.all(Array.from({ length: FILES_PER_JOB }, (_, i) => makeCard(i)));
  const rows: Record<string, unknown>[] = [];
  const common = { FILECHECK_VERIFY_CONCURRENCY: String(CONCURRENCY), FILECHECK_RATE_JOBS_PER_MINUTE: '0', FILECHECK_RATE_UPLOADS_PER_MINUTE: '0' };

  // 1. The embedded default: SQLite, one process does everything.
  {
    const dir = mkdtempSync(join(tmpdir(), 'fc-bench-scale-'));
    const server = await startProcess({ ...common, FILECHECK_DATA_DIR: dir });
    const loadAtStart = load1();
    rows.push({ setup: 'embedded (SQLite, 1 process, role all)', workers: 1, loadAtStart, ...(await load(server.url, files)) });
    server.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }

  // 2–4. PostgreSQL: one API process, one or two worker processes, a shared data directory; then
  // two workers with uploads and production files in S3 (a local moto_server, when installed).
  const cluster = await startPgCluster();
  const s3 = motoServerCommand() ? await startS3Server() : null;
  const setups: { workers: number; s3: boolean }[] = [{ workers: 1, s3: false }, { workers: 2, s3: false }, ...(s3 ? [{ workers: 2, s3: true }] : [])];
  try {
    for (const { workers, s3: onS3 } of setups) {
      const dir = mkdtempSync(join(tmpdir(), 'fc-bench-scale-'));
      const bucket = `fc-bench-${Date.now().toString(36)}`;
      if (onS3) await ensureBucket({ bucket, endpoint: s3!.endpoint, region: 'us-east-1', forcePathStyle: true, accessKeyId: 'test', secretAccessKey: 'test' });
      const storage: Record<string, string> = onS3
        ? { FILECHECK_S3_BUCKET: bucket, FILECHECK_S3_ENDPOINT: s3!.endpoint, FILECHECK_S3_FORCE_PATH_STYLE: '1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }
        : {};
      const env = { ...common, ...storage, FILECHECK_DATA_DIR: dir, FILECHECK_DATABASE_URL: await cluster.createDatabase() };
      const api = await startProcess({ ...env, FILECHECK_ROLE: 'api' });
      const workerProcs = [];
      for (let i = 0; i < workers; i++) workerProcs.push(await startProcess({ ...env, FILECHECK_ROLE: 'worker' }));
      const loadAtStart = load1();
      rows.push({ setup: `PostgreSQL, 1 API + ${workers} worker process${workers > 1 ? 'es' : ''}, ${onS3 ? 'S3 (moto_server)' : 'shared directory'}`, workers, loadAtStart, ...(await load(api.url, files)) });
      for (const p of [api, ...workerProcs]) p.proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    cluster.stop();
    s3?.stop();
  }

  console.log(`\nScale-out throughput: ${CLIENTS} clients, ${JOBS} jobs × ${FILES_PER_JOB} card PDFs (${(files[0]!.length / 1e6).toFixed(2)} MB), ${CONCURRENCY} inspection(s) at a time per worker process\n`);
  console.log('| setup | jobs/s | upload → verdict p50 | p95 | seconds | load at start |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.setup} | ${r.jobsPerSecond} | ${r.verdictP50Ms} ms | ${r.verdictP95Ms} ms | ${r.seconds} | ${r.loadAtStart} |`);
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/out/scale-out.json'), JSON.stringify({ clients: CLIENTS, jobs: JOBS, filesPerJob: FILES_PER_JOB, concurrency: CONCURRENCY, rows }, null, 2));
}

await main();
