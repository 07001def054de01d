// Start cost of one verification worker thread (issue 18.4): time from `new Worker` to its
// "ready" message, and to its first verdict on a one-page PDF (the first inspection also loads
// the PDF reader and, for the ink check, runs Ghostscript once). Plain Node, so the same script times the development worker
// (server/verify-worker.mjs, which registers the TypeScript loader tsx in every thread) and the
// compiled one the server package runs (server/dist/verify-worker.mjs, built by scripts/build.mjs).
//
//   node bench/verify-worker-start.mjs [worker file …]   (default: both; RUNS=5 threads each)
import { Worker } from 'node:worker_threads';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.RUNS ?? 5);
const files = process.argv.slice(2).length ? process.argv.slice(2).map((f) => resolve(f)) : [`${root}server/verify-worker.mjs`, `${root}server/dist/verify-worker.mjs`];

// A one-page A4 PDF written by hand (no pdf-lib: this script must also run in the scratch install).
function onePagePdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

function once(file, pdf) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage(); // the whole process, so every thread's CPU: less load-dependent than wall time
    let ready = 0;
    let readyCpu = 0;
    const worker = new Worker(file);
    worker.on('error', reject);
    worker.on('message', (m) => {
      if (m?.ready) {
        ready = performance.now() - t0;
        const c = process.cpuUsage(cpu0);
        readyCpu = (c.user + c.system) / 1000;
        worker.postMessage({ id: 1, path: pdf });
      } else if (m?.id === 1) {
        const verdict = performance.now() - t0;
        void worker.terminate().then(() => resolve({ ready, readyCpu, verdict, ok: m.result?.ok === true }));
      }
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'fc-worker-start-'));
const pdf = join(dir, 'one-page.pdf');
writeFileSync(pdf, onePagePdf());
try {
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${runs} threads each, one after another`);
  console.log('| worker | ready: wall (median, max) | ready: CPU of all threads (median) | first verdict: wall (median, max) |');
  console.log('|---|---|---|---|');
  for (const file of files) {
    if (!existsSync(file)) {
      console.log(`| ${file} | missing (run npm run build) | | |`);
      continue;
    }
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(file, pdf));
    if (!results.every((r) => r.ok)) throw new Error(`${file}: the one-page PDF was not inspected`);
    const ms = (xs) => `${median(xs).toFixed(0)} ms, ${Math.max(...xs).toFixed(0)} ms`;
    console.log(`| ${file.replace(root, '')} | ${ms(results.map((r) => r.ready))} | ${median(results.map((r) => r.readyCpu)).toFixed(0)} ms | ${ms(results.map((r) => r.verdict))} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
