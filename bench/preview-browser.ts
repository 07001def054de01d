// Benchmark: what a PDF's pictures cost after its verdict, in Chromium with the built script-tag
// bundle. The widget draws each PDF row's preview (page 1, 96 px) and its proof (the first pages at
// 800 px, with print marks) with pdf.js in the preview lane, one after another. The verdict never
// waits for them, but they take a core of the customer's device for that long (a phone, several
// times as long), beside an upload. Reported, no budget.
//   - a 20-page A4 PDF, each page a full-page 300 dpi CMYK photo (2480 × 3508, the benchmark
//     fixture of bench/pdf-fixtures.ts): time from the verdict until the row's preview and every
//     proof page it draws at first are shown, median of RUNS files after a warm-up one (pdf.js
//     loaded and compiled), each on the same page as its own row.
// Writes bench/out/preview-browser.json. Run: node scripts/build.mjs && npx tsx bench/preview-browser.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStaticServer } from '../scripts/static-server.mjs';
import { launchChromium, median, openWidgetPage, restPointerOn } from './browser-harness';
import { pdfWithPages } from './pdf-fixtures';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench/out/preview-browser.json');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/**
 * Runs in the page: true once the newest row's preview and proof pages are all drawn and no worker
 * call is pending.
 */
function newestRowDrawn(): boolean {
  const roots: ShadowRoot[] = (window as any).__bench.widgetRoots();
  const rows = roots.flatMap((r) => [...r.querySelectorAll('li.file')]);
  const last = rows[rows.length - 1];
  if (!last) return false;
  const states = [...last.querySelectorAll('[data-thumb], [data-proof]')].map((e) => e.getAttribute('data-thumb') ?? e.getAttribute('data-proof'));
  return states.length >= 2 && states.every((s) => s === 'ready') && (window as any).__bench.pending.size === 0;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fc-preview-'));
  const site = await startStaticServer({ dir: ROOT, port: 0 });
  const browser = await launchChromium();
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  try {
    const bytes = await pdfWithPages(20, 30_000);
    const path = join(work, 'photos.pdf');
    writeFileSync(path, bytes);
    const widget = await openWidgetPage(browser, site.url);
    // every row stays in view: rows out of view draw nothing (the lazy list)
    await widget.page.setViewportSize({ width: 1000, height: 9000 });
    await restPointerOn(widget.page, '#one .dropzone');
    const runs: number[] = [];
    for (let i = -1; i < RUNS; i++) {
      await widget.measure(path, bytes.length);
      const t0 = Date.now();
      await widget.page.waitForFunction(newestRowDrawn, undefined, { polling: 5, timeout: 60_000 });
      const ms = Date.now() - t0;
      if (i >= 0) runs.push(ms);
      await widget.quiet();
    }
    const ms = median(runs);
    const loadAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
    console.log(`20-page PDF, A4 300 dpi CMYK photo per page: the row's preview and its proof (the pages it draws at first) shown ${ms} ms after the verdict (median of ${RUNS}: ${runs.join(', ')}); load ${loadAtStart.join(' ')} → ${loadAtEnd.join(' ')}`);
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
    writeFileSync(OUT, JSON.stringify({ bench: 'preview-browser', date: new Date().toISOString(), browser: browser.version(), loadAtStart, loadAtEnd, rows: [{ file: '20-page PDF, A4 300 dpi CMYK photo per page', afterVerdictMs: ms, runsMs: runs }] }, null, 2) + '\n');
  } finally {
    await browser.close();
    await site.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
