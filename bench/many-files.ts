// Benchmark (issue 8 point 3): many files dropped at once, in headless Chromium with the built
// script-tag bundle. For 1, 10, 100 and 300 files handed to the widget's input in one go (half
// one-page PDFs, half PNG photos), prints the time from the input's change to the last verdict,
// the main thread's longest task (PerformanceObserver 'longtask'; the widget's part from the input's
// change event on, the raw task, and the same files on a bare <input> for the browser's own cost),
// the peak JS heap of the page
// (CDP Performance.getMetrics, sampled every 50 ms) and how many rows the list rendered.
// Budget: no main-thread task over 100 ms with 300 files (median of five drops; bench/budgets.ts
// checks it). `npm test` runs the 300-file part alone (BENCH_MANY_QUICK=1, in `npm run bench:quick`),
// with nothing else on the machine: the Playwright suite runs two browsers at once, and a
// main-thread budget measured beside another test measures the other test.
// Run: node scripts/build.mjs && npx tsx bench/many-files.ts     (CHROMIUM_PATH to override)
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { startStaticServer } from '../scripts/static-server.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench/out/many-files.json');
/** Drops of 300 files measured; the median decides (one preempted drop on a shared machine must not). */
const DROPS_300 = 5;
const COUNTS = process.env.BENCH_MANY_QUICK === '1' ? [300] : [1, 10, 100, 300];
const BUDGET_TASK_MS = 100;
const MM = 72 / 25.4;
const MB = 1024 * 1024;

const workflow = {
  id: 'wf_bench_many',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 300 },
    accepts: [
      {
        kind: 'pdf',
        mimeTypes: ['application/pdf'],
        extensions: ['pdf'],
        maxSize: 100 * MB,
        onFail: 'reject',
        preflight: { enabled: true, profile: { sections: { geometry: { enabled: true, rules: { 'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }] } } } } } } },
      },
      {
        kind: 'raster',
        mimeTypes: ['image/png'],
        extensions: ['png'],
        maxSize: 100 * MB,
        onFail: 'reject',
        preflight: { enabled: true, profile: { sections: { raster: { enabled: true, rules: { 'raster.effective_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 300, target_width_mm: 85, target_height_mm: 55 } } } } } } },
      },
    ],
    rejectUnknownTypes: true,
  },
};

interface Row {
  files: number;
  verdictMs: number;
  /** Longest task on the page, including the browser's part of the task that delivers the files. */
  longestTaskMs: number;
  /** The part of the longest task from the input's change event on: the widget's own work. */
  widgetTaskMs: number;
  /** The same files handed to a bare <input> with no script: the browser's own cost. */
  bareInputTaskMs: number;
  tasksOver50: number;
  peakHeapMb: number;
  heapGrowthMb: number;
  rowsRendered: number;
  runs?: number;
  widgetTaskMsAll?: number[];
}

const worstAll = (rows: Row[]) => (rows.find((r) => r.files === 300)?.widgetTaskMsAll ?? []).join(', ');

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/filecheck.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` first');
  const started = Date.now();
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-many-'));
  const max = Math.max(...COUNTS);
  const paths: string[] = [];
  const png = await sharp({ create: { width: 1100, height: 720, channels: 3, background: '#3366cc' } }).png().toBuffer();
  for (let i = 0; i < max; i++) {
    const name = join(dir, `file-${String(i).padStart(3, '0')}.${i % 2 ? 'png' : 'pdf'}`);
    if (i % 2) writeFileSync(name, png);
    else {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.addPage([85 * MM, 55 * MM]);
      writeFileSync(name, await doc.save());
    }
    paths.push(name);
  }
  const server = await startStaticServer({ dir: ROOT, port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--enable-precise-memory-info'],
  });
  const rows: Row[] = [];
  try {
    // 300 files run DROPS_300 times in fresh tabs and the median run (by the widget's longest task) is
    // reported: one preempted run on a shared machine must not decide the budget.
    const attempts: Row[] = [];
    for (const count of COUNTS.flatMap((c) => (c === 300 ? Array<number>(DROPS_300).fill(c) : [c]))) {
      const page = await browser.newPage();
      await page.addInitScript(() => {
        const w = window as any;
        w.__bench = { tasks: [], last: null };
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__bench.tasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
        document.addEventListener('filecheck:status', (ev) => {
          const files = (ev as CustomEvent).detail.files as { status: string; outcome: string | null }[];
          w.__bench.last = { at: performance.now(), done: files.filter((f) => f.status === 'done' && f.outcome).length };
        });
      });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const heap = async () => {
        const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
        return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
      };
      await page.goto(`${server.url}/bench/inspect-browser/index.html`);
      await page.evaluate((wf) => (window as any).Filecheck('pk_test_bench').elements.create('intake', { workflow: wf }).mount('#one'), workflow);
      const input = page.locator('#one .dropzone input[type=file]').first();
      await input.waitFor({ state: 'attached' });
      await input.evaluate((el) => el.addEventListener('change', (ev) => ((window as any).__bench.changeAt = ev.timeStamp), { capture: true }));
      await page.waitForTimeout(300);
      // The browser's own cost of handing over `count` files: the same files on a bare <input>.
      // (hidden, in a shadow root, as the widget's own input is; no listener)
      await page.evaluate(() => {
        const host = document.createElement('div');
        host.id = 'bare';
        host.attachShadow({ mode: 'open' }).innerHTML = '<div class="dz"><input type="file" multiple hidden></div>';
        document.body.append(host);
        (window as any).__bench.tasks.length = 0;
      });
      await page.locator('#bare .dz input[type=file]').setInputFiles(paths.slice(0, count));
      await page.waitForTimeout(300);
      const bareTasks: { duration: number }[] = await page.evaluate(() => (window as any).__bench.tasks);
      await page.evaluate(() => {
        document.getElementById('bare')!.remove();
        (window as any).__bench.tasks.length = 0;
      });
      const idleHeap = await heap();
      let peak = idleHeap;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await heap().catch(() => 0));
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await input.setInputFiles(paths.slice(0, count));
      const res = (await (
        await page.waitForFunction(
          (n) => {
            const b = (window as any).__bench;
            if (!b.last || b.last.done < n || b.changeAt === undefined) return null;
            return { ms: b.last.at - b.changeAt };
          },
          count,
          { timeout: 120_000, polling: 20 },
        )
      ).jsonValue()) as { ms: number };
      await page.waitForTimeout(500); // thumbnails of the visible rows, late renders
      sampling = false;
      await sampler;
      const { tasks, changeAt } = (await page.evaluate(() => ({ tasks: (window as any).__bench.tasks, changeAt: (window as any).__bench.changeAt }))) as { tasks: { start: number; duration: number }[]; changeAt: number };
      const rendered = await page.locator('#one .file').count();
      attempts.push({
        files: count,
        verdictMs: Math.round(res.ms),
        longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
        widgetTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.start + t.duration - Math.max(t.start, changeAt)))),
        bareInputTaskMs: Math.round(Math.max(0, ...bareTasks.map((t) => t.duration))),
        tasksOver50: tasks.length,
        peakHeapMb: Math.round((peak / MB) * 10) / 10,
        heapGrowthMb: Math.round(((peak - idleHeap) / MB) * 10) / 10,
        rowsRendered: rendered,
      });
      await page.close();
    }
    for (const count of COUNTS) {
      const runs = attempts.filter((r) => r.files === count).sort((a, b) => a.widgetTaskMs - b.widgetTaskMs);
      const mid = runs[Math.floor(runs.length / 2)]!;
      rows.push({ ...mid, runs: runs.length, widgetTaskMsAll: runs.map((r) => r.widgetTaskMs) });
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('\nMany files dropped at once in Chromium (half 1-page PDFs, half 1100×720 PNGs)\n');
  const header = ['files', 'time to all verdicts (ms)', 'longest task, widget (ms)', 'longest task, raw (ms)', 'bare <input> (ms)', 'tasks > 50 ms', 'peak JS heap (MB)', 'heap growth (MB)', 'rows rendered'];
  const table = rows.map((r) => [r.files, r.verdictMs, r.widgetTaskMs, r.longestTaskMs, r.bareInputTaskMs, r.tasksOver50, r.peakHeapMb, r.heapGrowthMb, r.rowsRendered].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  console.log(header.map((h, i) => h.padStart(widths[i]!)).join('  '));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(t.map((c, i) => c.padStart(widths[i]!)).join('  '));
  const worst = rows.find((r) => r.files === 300) ?? rows.at(-1)!;
  const budgets = {
    files300NoTaskOver100Ms: { widgetTaskMs: worst.widgetTaskMs, rawLongestTaskMs: worst.longestTaskMs, bareInputTaskMs: worst.bareInputTaskMs, pass: worst.widgetTaskMs <= BUDGET_TASK_MS },
    files300RowsLazy: { rowsRendered: worst.rowsRendered, pass: worst.rowsRendered < worst.files },
  };
  console.log(`\n300 files: median of ${DROPS_300} drops by the widget's longest task (${worstAll(rows)} ms)`);
  console.log('widget = the part of the longest task from the change event on (the widget runs no code before it);');
  console.log('raw = the whole task; bare <input> = the same files handed to a hidden input with no script on the same page.');
  console.log(`\n300 files: longest main-thread task of the widget ${worst.widgetTaskMs} ms, raw ${worst.longestTaskMs} ms, bare input ${worst.bareInputTaskMs} ms (budget ≤ ${BUDGET_TASK_MS} ms) ${budgets.files300NoTaskOver100Ms.pass ? 'OK' : 'OVER'}; ${worst.rowsRendered} rows rendered ${budgets.files300RowsLazy.pass ? 'OK' : 'NOT LAZY'}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ bench: 'many-files', date: new Date().toISOString(), browser: browser.version(), loadAtStart, budgets, rows }, null, 2) + '\n');
  console.log(`wrote ${OUT.slice(ROOT.length + 1)}`);
}

await main();
