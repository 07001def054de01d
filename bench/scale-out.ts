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
import { startPgCluster } from '../server/testing/pg-cluster';
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

  // 2 and 3. PostgreSQL: one API process, one or two worker processes, a shared data directory.
  const cluster = await startPgCluster();
  try {
    for (const workers of [1, 2]) {
      const dir = mkdtempSync(join(tmpdir(), 'fc-bench-scale-'));
      const env = { ...common, FILECHECK_DATA_DIR: dir, FILECHECK_DATABASE_URL: await cluster.createDatabase() };
      const api = await startProcess({ ...env, FILECHECK_ROLE: 'api' });
      const workerProcs = [];
      for (let i = 0; i < workers; i++) workerProcs.push(await startProcess({ ...env, FILECHECK_ROLE: 'worker' }));
      const loadAtStart = load1();
      rows.push({ setup: `PostgreSQL, 1 API + ${workers} worker process${workers > 1 ? 'es' : ''}, shared directory`, workers, loadAtStart, ...(await load(api.url, files)) });
      for (const p of [api, ...workerProcs]) p.proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    cluster.stop();
  }

  console.log(`\nScale-out throughput: ${CLIENTS} clients, ${JOBS} jobs × ${FILES_PER_JOB} card PDFs (${(files[0]!.length / 1e6).toFixed(2)} MB), ${CONCURRENCY} inspection(s) at a time per worker process\n`);
  console.log('| setup | jobs/s | upload → verdict p50 | p95 | seconds | load at start |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.setup} | ${r.jobsPerSecond} | ${r.verdictP50Ms} ms | ${r.verdictP95Ms} ms | ${r.seconds} | ${r.loadAtStart} |`);
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/out/scale-out.json'), JSON.stringify({ clients: CLIENTS, jobs: JOBS, filesPerJob: FILES_PER_JOB, concurrency: CONCURRENCY, rows }, null, 2));
}

await main();
