// Benchmark in a real browser: time from the customer's input to the verdict, bytes read, and the
// main thread's longest task while the file is inspected, for images from 100 KB to 500 MB and for
// PDFs of 1, 10, 100 and 1000 pages, a 200-page ~30 MB PDF with images (issue 5: verdict < 1 s
// reading < 5 %) and a 1 GB PDF.
//
// The built script-tag bundle runs in headless Chromium; each file is handed to the widget's own
// file input by path (setInputFiles), exactly as the picker does, and timed from the input's
// `change` event to the `filecheck:status` event that carries the file's verdict. Long tasks come
// from PerformanceObserver('longtask') (tasks over 50 ms; 0 means none).
//
// Big files are sparse on disk: a real image (its headers and pixels) followed by a hole up to
// the size. That is all the inspector ever reads of a real big file: headers, by range reads.
// The PDFs are real pdf-lib files (A4 with bleed, an incompressible CMYK photo and a line of text
// in an embedded font per page, object streams); the 1 GB PDF is one page around a 1 GB image
// stream left as a hole on disk (bench/big-files.ts has a real 1 GB many-page PDF).
//
// Bytes read come from the worker's own answer (facts.bytesRead, counted by the range reader): a
// bench-only hook in the page listens to the inspection workers' replies. The public status and
// facts payloads are unchanged.
//
// Run: node scripts/build.mjs && npx tsx bench/inspect-browser.ts   (CHROMIUM_PATH to override)
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { pdfWithPages, sparseGigabytePdf } from './pdf-fixtures';
import { launchChromium, median, openWidgetPage, type Measured } from './browser-harness';
import { startStaticServer } from '../scripts/static-server.mjs';
import { pngHeaderOnly, rgbTiffEntries, tiffHeaderOnly } from '../workers/raster/test-fixtures';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench/out/inspect-browser.json');
const KB = 1024;
const MB = 1024 * KB;
const SIZES = [100 * KB, 10 * MB, 100 * MB, 500 * MB];
const RUNS = 3;
const BUDGET_VERDICT_MS = 100; // for a 500 MB image (issue 4)
const BUDGET_TASK_MS = 50;
const BUDGET_PDF200_MS = 1000; // 200 pages, ~30 MB (issue 5)
const BUDGET_PDF200_READ = 0.05;
const PDF_PAGES = [1, 10, 100, 1000];

interface Case {
  format: string;
  note?: string;
  path: string;
  size: number;
  pages?: number;
}

interface Row {
  format: string;
  size: number;
  sizeLabel: string;
  note?: string;
  verdictMs: number; // median of RUNS
  verdictMsAll: number[];
  longestTaskMs: number; // worst of RUNS, 0 when no task over 50 ms
  longestTaskMedianMs: number; // median over RUNS of each run's longest task (what the budget holds)
  outcome: string;
  pages?: number;
  bytesRead: number | null;
  readPercent: number | null;
}

function sizeLabel(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / KB)} KB`;
}

function bytesLabel(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${(bytes / KB).toFixed(1)} KB`;
}

/** A real image followed by a hole: the file is `size` bytes, the disk holds only the image. */
function sparse(dir: string, name: string, image: Uint8Array, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, image.subarray(0, Math.min(image.length, size)));
  if (size > image.length) truncateSync(path, size);
  return path;
}

async function makeCases(dir: string): Promise<Case[]> {
  // An A4 page at 300 dpi: 3508×2480 px, 8.7 MP (solid colour, so the real part is small).
  const a4 = () => sharp({ create: { width: 3508, height: 2480, channels: 3, background: { r: 200, g: 60, b: 40 } } }).withMetadata({ density: 300 });
  const images: Record<string, Uint8Array> = {
    jpeg: new Uint8Array(await a4().jpeg({ quality: 90 }).toBuffer()),
    png: new Uint8Array(await a4().png().toBuffer()),
    webp: new Uint8Array(await a4().webp().toBuffer()),
    tiff: tiffHeaderOnly(rgbTiffEntries(3508, 2480, 300)),
  };
  const cases: Case[] = [];
  for (const [format, image] of Object.entries(images)) {
    for (const size of SIZES) cases.push({ format, size, path: sparse(dir, `${format}-${size}.${format === 'jpeg' ? 'jpg' : format}`, image, size) });
  }
  // a decompression bomb: a PNG header claiming 60000×60000 (3.6 gigapixels)
  const bomb = pngHeaderOnly(60000, 60000);
  cases.push({ format: 'png', note: '60000×60000 bomb', size: 500 * MB, path: sparse(dir, 'bomb.png', bomb, 500 * MB) });
  // a real camera photo, every byte real
  const camera = resolve(ROOT, '../shared/corpus/exif-samples/jpg/mobile/HMD_Nokia_8.3_5G.jpg');
  if (existsSync(camera)) {
    const bytes = readFileSync(camera);
    const path = join(dir, 'camera.jpg');
    writeFileSync(path, bytes);
    cases.push({ format: 'jpeg', note: 'real camera photo', size: bytes.length, path });
  }
  // PDFs: 1…1000 pages (30 KB photo per page), the 200-page ~30 MB file, 1 GB
  for (const [pages, imageBytes, note] of [...PDF_PAGES.map((p) => [p, 30_000, undefined] as const), [200, 150_000, '200 pages with images (budget)'] as const]) {
    const bytes = await pdfWithPages(pages, imageBytes);
    const path = join(dir, `pdf-${pages}-${imageBytes}.pdf`);
    writeFileSync(path, bytes);
    cases.push({ format: 'pdf', pages, note: note ?? `${pages} page${pages > 1 ? 's' : ''}`, size: bytes.length, path });
  }
  const gb = join(dir, 'pdf-1gb.pdf');
  cases.push({ format: 'pdf', pages: 1, note: '1 GB (one 1 GB image, sparse)', size: sparseGigabytePdf(gb), path: gb });
  return cases;
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/filecheck.js')) || !existsSync(join(ROOT, 'dist/chunks/inspect.worker.js'))) {
    throw new Error('dist/ is missing: run `node scripts/build.mjs` first');
  }
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-browser-'));
  const server = await startStaticServer({ dir: ROOT, port: 0 });
  const browser = await launchChromium();
  const rows: Row[] = [];
  let overallLongest = 0;
  try {
    const cases = await makeCases(dir);
    const { page, measure } = await openWidgetPage(browser, server.url);

    // Self-check: a deliberate 80 ms task must be seen, or "0 ms" below would mean nothing.
    const seen = await page.evaluate(async () => {
      const b = (window as any).__bench;
      // a page task (a timer), as the widget's own work would be
      setTimeout(() => {
        const end = performance.now() + 80;
        while (performance.now() < end) {
          /* busy */
        }
      }, 0);
      await new Promise((r) => setTimeout(r, 300));
      const found = b.tasks.some((t: any) => t.end - t.start >= 75);
      b.tasks.length = 0;
      return found;
    });
    if (!seen) throw new Error('PerformanceObserver(longtask) reports nothing in this browser: long tasks cannot be measured');

    // warm-up: start the worker and load the widget's code paths (not reported)
    await measure(cases[0]!.path, cases[0]!.size);
    const firstPdf = cases.find((c) => c.format === 'pdf');
    if (firstPdf) await measure(firstPdf.path, firstPdf.size); // loads the PDF reader chunk

    for (const c of cases) {
      const runs: Measured[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(c.path, c.size));
      const bytesRead = runs[0]!.bytesRead;
      rows.push({
        format: c.format,
        pages: c.pages,
        bytesRead,
        readPercent: bytesRead === null ? null : Math.round((10000 * bytesRead) / c.size) / 100,
        size: c.size,
        sizeLabel: sizeLabel(c.size),
        note: c.note,
        verdictMs: Math.round(median(runs.map((r) => r.ms)) * 10) / 10,
        verdictMsAll: runs.map((r) => Math.round(r.ms * 10) / 10),
        longestTaskMs: Math.round(Math.max(...runs.map((r) => r.longest))),
        longestTaskMedianMs: Math.round(median(runs.map((r) => r.longest))),
        outcome: runs[0]!.outcome,
      });
    }
    // let the thumbnails of the visible rows finish, then take the worst task of the whole run
    await page.waitForTimeout(1500);
    overallLongest = Math.round(await page.evaluate(() => Math.max(0, ...(window as any).__bench.tasks.map((t: any) => t.end - t.start))));
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const header = ['format', 'size', 'time to verdict (ms)', 'bytes read', '% read', 'longest task (ms)', 'outcome', 'note'];
  const table = rows.map((r) => [
    r.format,
    r.sizeLabel,
    r.verdictMs.toFixed(1),
    r.bytesRead === null ? '?' : bytesLabel(r.bytesRead),
    r.readPercent === null ? '?' : r.readPercent.toFixed(2),
    String(r.longestTaskMs),
    r.outcome,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(`\nInspection in Chromium (median of ${RUNS} runs; longest task = worst run; 0 = no task over 50 ms)\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));

  const big = rows.filter((r) => r.format !== 'pdf' && r.size >= 500 * MB);
  const pdf200 = rows.find((r) => r.format === 'pdf' && r.pages === 200);
  const pdfGb = rows.find((r) => r.format === 'pdf' && r.size >= 1024 * MB);
  const worstBig = Math.max(...big.map((r) => r.verdictMs));
  // The budget holds each file's median run: one preempted run on a shared machine (load from
  // elsewhere, a GC) shows in the table as the worst run but does not fail the budget; a task the
  // widget causes every time does.
  const worstTask = Math.max(...rows.map((r) => r.longestTaskMedianMs));
  const budgets = {
    verdict500MbUnder100Ms: { worstMs: worstBig, pass: worstBig < BUDGET_VERDICT_MS },
    ...(pdf200
      ? {
          pdf200PagesUnder1s: { sizeMb: Math.round(pdf200.size / MB), verdictMs: pdf200.verdictMs, pass: pdf200.verdictMs < BUDGET_PDF200_MS },
          pdf200PagesReadUnder5Percent: { readPercent: pdf200.readPercent, pass: pdf200.readPercent !== null && pdf200.readPercent < BUDGET_PDF200_READ * 100 },
        }
      : {}),
    ...(pdfGb ? { pdf1GbUnder1s: { verdictMs: pdfGb.verdictMs, readPercent: pdfGb.readPercent, pass: pdfGb.verdictMs < BUDGET_PDF200_MS } } : {}),
    noMainThreadTaskOver50Ms: { worstMedianMs: worstTask, worstDuringInspectionMs: Math.max(...rows.map((r) => r.longestTaskMs)), worstWholeRunMs: overallLongest, pass: worstTask <= BUDGET_TASK_MS },
  };
  console.log(`\n500 MB verdict: worst ${worstBig.toFixed(1)} ms (budget < ${BUDGET_VERDICT_MS} ms) ${budgets.verdict500MbUnder100Ms.pass ? 'OK' : 'OVER'}`);
  if (pdf200) {
    console.log(
      `200-page ${sizeLabel(pdf200.size)} PDF: ${pdf200.verdictMs.toFixed(1)} ms to verdict (budget < ${BUDGET_PDF200_MS} ms), ${pdf200.readPercent}% of its bytes read (budget < ${BUDGET_PDF200_READ * 100} %) ${budgets.pdf200PagesUnder1s!.pass && budgets.pdf200PagesReadUnder5Percent!.pass ? 'OK' : 'OVER'}`,
    );
  }
  console.log(
    `longest main-thread task: ${worstTask} ms for the worst file's median run (budget ≤ ${BUDGET_TASK_MS} ms) ${budgets.noMainThreadTaskOver50Ms.pass ? 'OK' : 'OVER'}; worst single run ${budgets.noMainThreadTaskOver50Ms.worstDuringInspectionMs} ms, ${overallLongest} ms over the whole run incl. thumbnails`,
  );
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);

  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(
    OUT,
    JSON.stringify({ bench: 'inspect-browser', date: new Date().toISOString(), browser: browser.version(), runs: RUNS, budgets, rows }, null, 2) + '\n',
  );
  console.log(`wrote ${OUT.slice(ROOT.length + 1)}`);
}

await main();
