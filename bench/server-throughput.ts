// Server throughput: several clients upload files concurrently to the reference server (a real
// child process), which verifies every stored file in its bounded worker pool. Prints files per
// second, the time from "upload complete" to "server verdict" per file, and the server's peak
// memory (RSS of its process, sampled from /proc). Run: `npx tsx bench/server-throughput.ts`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { makeCard } from './pdf-fixtures';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const JOBS = Number(process.env.BENCH_JOBS ?? 8);
const FILES_PER_JOB = 3; // e2e/workflows/wf_e2e_any allows 3
const ROOT = new URL('..', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function upload(endpoint: string, token: string, jobId: string, fileId: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    new Upload(bytes, {
      endpoint,
      chunkSize: 8 * 1024 * 1024,
      headers: { Authorization: `Bearer ${token}` },
      metadata: { jobId, filename: `${fileId}.pdf`, filetype: 'application/pdf', fileId },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-server-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, FILECHECK_PORT: String(port), FILECHECK_DATA_DIR: join(dir, 'data'), FILECHECK_WORKFLOWS_DIR: 'e2e/workflows' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => server.stdout!.on('data', (d: Buffer) => d.toString().includes('reference server on') && resolve()));
  let peak = rssMb(server.pid!);
  const idle = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 100);

  const files = await Promise.all(Array.from({ length: FILES_PER_JOB }, (_, i) => makeCard(i)));
  const fileMb = files.reduce((s, f) => s + f.length, 0) / FILES_PER_JOB / 1e6;
  const latencies: number[] = [];
  const started = performance.now();

  async function runJob(j: number): Promise<void> {
    const res = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers: { Authorization: 'Bearer pk_test_demo', 'Content-Type': 'application/json' },
      body: JSON.stringify({ workflowId: 'wf_e2e_any' }),
    });
    const job = (await res.json()) as { id: string; token: string };
    const uploadedAt = new Map<string, number>();
    await Promise.all(
      files.map(async (bytes, i) => {
        const fileId = `f${j}_${i}`;
        await upload(`${base}/v1/uploads/`, job.token, job.id, fileId, bytes);
        uploadedAt.set(fileId, performance.now());
      }),
    );
    // follow the job until every file has the server's verdict
    const judged = new Set<string>();
    while (judged.size < FILES_PER_JOB) {
      const st = (await (await fetch(`${base}/v1/jobs/${job.id}/status`, { headers: { Authorization: `Bearer ${job.token}` } })).json()) as {
        files: { id: string; status: string }[];
      };
      for (const f of st.files) {
        if (!judged.has(f.id) && (f.status === 'done' || f.status === 'error')) {
          judged.add(f.id);
          latencies.push(performance.now() - uploadedAt.get(f.id)!);
        }
      }
      if (judged.size < FILES_PER_JOB) await new Promise((r) => setTimeout(r, 25));
    }
  }

  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < JOBS) await runJob(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  const total = JOBS * FILES_PER_JOB;
  const row = {
    clients: CLIENTS,
    files: total,
    fileMb: Number(fileMb.toFixed(2)),
    seconds: Number(seconds.toFixed(2)),
    filesPerSecond: Number((total / seconds).toFixed(1)),
    verifyMedianMs: Math.round(q(0.5)),
    verifyP95Ms: Math.round(q(0.95)),
    serverIdleRssMb: Math.round(idle),
    serverPeakRssMb: Math.round(peak),
  };
  console.log('\nReference server throughput (verification pool of 2 worker threads)\n');
  console.log('| clients | files | MB/file | seconds | files/s | verdict after upload: median | p95 | server RSS idle → peak |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${row.clients} | ${row.files} | ${row.fileMb} | ${row.seconds} | ${row.filesPerSecond} | ${row.verifyMedianMs} ms | ${row.verifyP95Ms} ms | ${row.serverIdleRssMb} → ${row.serverPeakRssMb} MB |`,
  );
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/out/server-throughput.json'), JSON.stringify(row, null, 2));
}

await main();
