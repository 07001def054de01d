// Speed against what a store would use instead (issue 18.1), same files, same run, as ratios:
//   1. in Chromium: our inspection (the widget, from the input's change event to the verdict) vs
//      pdf.js alone doing what a pdf.js-based validator does for the same facts: read the file,
//      getDocument, then every page's box and operator list (fonts and images placed). Time to
//      verdict, bytes read, and the renderer's peak memory growth (its RSS from /proc: the page
//      and its workers, pdf.js's own worker included, live in that process);
//   2. on the server: our Node inspection (the server's verification pool, worker threads) vs
//      poppler's `pdfinfo -box` + `pdffonts` + `pdfimages -list` on the same PDFs (wall time of
//      the processes: the anchor for native speed), and files per second on 2 cores for small
//      PDFs, large PDFs and images (the image anchor: `exiftool -fast`), 2 files at a time each;
//   3. the reference product's model — the verdict only after the whole upload (and the server's
//      check) — vs ours (the verdict in the browser while the upload starts): time from the drop
//      to the verdict for 10, 100 and 500 MB at 20 and 100 Mbit/s, throttled in Chromium (CDP
//      Network.emulateNetworkConditions).
// BENCH_QUICK=1: fewer runs and only the 10 MB uploads (about a minute instead of about eight).
// Writes bench/out/peers.json; bench/run.mjs puts the tables into bench/report.md.
// Run: node scripts/build.mjs && npx tsx bench/peers.ts
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import sharp from 'sharp';
import { startStaticServer } from '../scripts/static-server.mjs';
import { writeBigPdf } from '../e2e/server-process';
import { createWorkerVerifier } from '../server/verify';
import { NO_MEASURES } from '../src/core/measures';
import { launchChromium, median, openWidgetPage } from './browser-harness';
import { startUploadRig, type UploadRig } from './browser-upload';
import { pdfWithPages } from './pdf-fixtures';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench/out/peers.json');
const MB = 1024 * 1024;
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 3 : 5;
/** PEERS_PARTS=1,3 runs some parts only (while working on them; the report wants all three). */
const PARTS = new Set((process.env.PEERS_PARTS ?? '1,2,3').split(','));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const load = () => loadavg().map((l) => round(l, 2));

interface PdfCase {
  label: string;
  pages: number;
  path: string;
  size: number;
}

async function makePdfs(work: string): Promise<PdfCase[]> {
  const cases: PdfCase[] = [];
  for (const [pages, imageBytes, label] of [
    [1, 30_000, '1 page'],
    [100, 30_000, '100 pages'],
    [1000, 30_000, '1,000 pages'],
    [200, 150_000, '200 pages with images'],
  ] as const) {
    const bytes = await pdfWithPages(pages, imageBytes);
    const path = join(work, `peer-${pages}-${imageBytes}.pdf`);
    writeFileSync(path, bytes);
    cases.push({ label, pages, path, size: bytes.length });
  }
  return cases;
}

// ---- 1. Chromium: ours vs pdf.js alone ---------------------------------------------------------

function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Runs `work` while sampling the renderer processes' RSS every 20 ms; returns its result and the peak growth over the start. */
async function withPeakRss<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ result: T; peakGrowth: number }> {
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  const pids = info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  const total = () => pids.reduce((sum, pid) => sum + rssOf(pid), 0);
  const idle = total();
  let peak = idle;
  const timer = setInterval(() => (peak = Math.max(peak, total())), 20);
  try {
    const result = await work();
    peak = Math.max(peak, total());
    return { result, peakGrowth: peak - idle };
  } finally {
    clearInterval(timer);
  }
}

/**
 * What a pdf.js-based validator does for the facts our widget judges: the file's bytes, then
 * getDocument (pdf.js's own worker), each page's box and rotation, and its operator list for the
 * fonts set and the images painted. Timed from the input's change event, like ours. Options as
 * our own pdf.js fallback sets them (no font faces: nothing is drawn; pdf.js otherwise waits on
 * the page to load each embedded font).
 */
interface PdfjsRun {
  ms: number;
  bytesRead: number;
  pages: number;
  fonts: number;
  images: number;
  /** Stopped at the time cap after `pages` pages: `ms` is then a lower bound. */
  stopped: boolean;
}

/** pdf.js decodes every image while it builds operator lists: hundreds of pages take minutes. */
const PDFJS_CAP_MS = QUICK ? 20_000 : 60_000;

async function openPdfjsPage(browser: Browser, origin: string): Promise<{ page: Page; measure(path: string): Promise<PdfjsRun> }> {
  const page = await browser.newPage();
  if (process.env.BENCH_DEBUG) {
    page.on('console', (m) => console.log('  [pdf.js page]', m.text()));
    await page.addInitScript('window.__debug = true');
  }
  await page.goto(`${origin}/bench/inspect-browser/index.html`);
  // a string, not a function: the bench is compiled with helpers the page does not have
  await page.evaluate(`(async () => {
    const lib = await import('/node_modules/pdfjs-dist/build/pdf.min.mjs');
    lib.GlobalWorkerOptions.workerSrc = '/node_modules/pdfjs-dist/build/pdf.worker.min.mjs';
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'pdfjs';
    document.body.append(input);
    input.addEventListener('change', async (ev) => {
      try {
      const t0 = ev.timeStamp;
      const file = input.files[0];
      const data = new Uint8Array(await file.arrayBuffer());
      const bytesRead = data.length;
      if (window.__debug) console.log('read', bytesRead);
      const doc = await lib.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0 }).promise;
      const fonts = new Set();
      let images = 0;
      let n = 1;
      for (; n <= doc.numPages && !window.__pdfjsStop; n++) {
        window.__pdfjsPages = n - 1;
        const p = await doc.getPage(n);
        void p.view; void p.rotate; void p.userUnit;
        const ops = await p.getOperatorList();
        for (let i = 0; i < ops.fnArray.length; i++) {
          const fn = ops.fnArray[i];
          if (fn === lib.OPS.setFont) fonts.add(ops.argsArray[i][0]);
          else if (fn === lib.OPS.paintImageXObject || fn === lib.OPS.paintInlineImageXObject || fn === lib.OPS.paintImageMaskXObject) images++;
        }
        p.cleanup();
      }
      const result = { ms: performance.now() - t0, bytesRead, pages: n - 1, fonts: fonts.size, images, stopped: !!window.__pdfjsStop };
      if (window.__debug) console.log('done', JSON.stringify(result));
      window.__pdfjsResult = result;
      void doc.destroy(); // not awaited: with the worker shared, it can wait on the next document

      } catch (e) {
        window.__pdfjsResult = { error: String(e && e.stack || e) };
      }
    });
  })()`);
  return {
    page,
    async measure(path) {
      await page.evaluate("window.__pdfjsResult = null; window.__pdfjsStop = false; document.getElementById('pdfjs').value = ''");
      await page.locator('#pdfjs').setInputFiles(path);
      const handle = await page.waitForFunction('window.__pdfjsResult', undefined, { timeout: PDFJS_CAP_MS, polling: 20 }).catch(async () => {
        // over the cap: stop after the current page and take what it did as a lower bound
        await page.evaluate('window.__pdfjsStop = true');
        return page.waitForFunction('window.__pdfjsResult', undefined, { timeout: 120_000, polling: 20 });
      });
      const result = (await handle.jsonValue()) as PdfjsRun & { error?: string };
      if (result.error) throw new Error(`pdf.js: ${result.error}`);
      return result;
    },
  };
}

async function browserSideBySide(browser: Browser, origin: string, pdfs: PdfCase[]) {
  const ours = await openWidgetPage(browser, origin);
  const theirs = await openPdfjsPage(browser, origin);
  // renderer processes are listed by the browser target; each page has its own context (process)
  // and idles while the other is measured, so the growth over all of them is the measured page's
  const cdp = await browser.newBrowserCDPSession();
  await ours.measure(pdfs[0]!.path, pdfs[0]!.size); // warm-up: worker and PDF reader loaded
  await theirs.measure(pdfs[0]!.path);
  const rows = [];
  for (const c of pdfs) {
    const o: { ms: number; peak: number; bytesRead: number | null }[] = [];
    const t: { ms: number; peak: number; bytesRead: number; stopped: boolean; pages: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const a = await withPeakRss(cdp, () => ours.measure(c.path, c.size));
      o.push({ ms: a.result.ms, peak: a.peakGrowth, bytesRead: a.result.bytesRead });
      // pdf.js runs of several seconds are not repeated (load noise is small next to them)
      if (t.length > 0 && t[0]!.ms > 5000) continue;
      const b = await withPeakRss(cdp, () => theirs.measure(c.path));
      t.push({ ms: b.result.ms, peak: b.peakGrowth, bytesRead: b.result.bytesRead, stopped: b.result.stopped, pages: b.result.pages });
    }
    const row = {
      pdf: c.label,
      sizeMb: round(c.size / MB),
      oursMs: round(median(o.map((r) => r.ms))),
      pdfjsMs: round(median(t.map((r) => r.ms))),
      oursBytesRead: o[0]!.bytesRead,
      pdfjsBytesRead: t[0]!.bytesRead,
      oursPeakMb: round(median(o.map((r) => r.peak)) / MB),
      pdfjsPeakMb: round(median(t.map((r) => r.peak)) / MB),
      /** pdf.js stopped at the cap after this many pages (its time is then a lower bound). */
      pdfjsStoppedAtPage: t[0]!.stopped ? t[0]!.pages : null,
      speedup: 0,
    };
    row.speedup = round(row.pdfjsMs / Math.max(row.oursMs, 0.1), 1);
    rows.push(row);
    const capped = row.pdfjsStoppedAtPage !== null ? ` (stopped at the ${PDFJS_CAP_MS / 1000} s cap after ${row.pdfjsStoppedAtPage} of ${c.pages} pages: at least)` : '';
    console.log(`  ${c.label} (${row.sizeMb} MB): ours ${row.oursMs} ms, pdf.js ${row.pdfjsMs} ms${capped} (×${row.speedup}); read ${row.oursBytesRead} vs ${row.pdfjsBytesRead} bytes; peak renderer growth ${row.oursPeakMb} vs ${row.pdfjsPeakMb} MB`);
  }
  await ours.page.close();
  await theirs.page.close();
  return rows;
}

// ---- 2. server: ours vs poppler; files per second on 2 cores -------------------------------------

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', fail);
    child.on('close', () => done());
  });
}

const poppler = async (path: string) => {
  await run('pdfinfo', ['-box', path]);
  await run('pdffonts', [path]);
  await run('pdfimages', ['-list', path]);
};
const exiftool = (path: string) => run('exiftool', ['-fast', path]);

/** Files per second, `lanes` at a time, over `paths` (each lane takes the next file). */
async function filesPerSecond(paths: string[], lanes: number, one: (path: string) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < paths.length) await one(paths[next++]!);
  }));
  return paths.length / ((performance.now() - t0) / 1000);
}

async function serverSideBySide(pdfs: PdfCase[], work: string) {
  const havePoppler = ['pdfinfo', 'pdffonts', 'pdfimages'].every((t) => {
    try {
      execFileSync('which', [t], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  // The worker the server package runs (compiled by `npm run build`, no TypeScript loader), so the
  // first file's time is the shipped thread start; the source tree's worker registers tsx first.
  const compiled = join(ROOT, 'server/dist/verify-worker.mjs');
  const workerUrl = existsSync(compiled) ? pathToFileURL(compiled) : undefined;
  const verifier = createWorkerVerifier({ concurrency: 2, ...(workerUrl ? { workerUrl } : {}) });
  // Like for like with poppler (structure, fonts, images): the same pool for a workflow without
  // color.max_ink_coverage, so without the total-ink measurement, which renders up to 50 pages with
  // Ghostscript and which poppler's three tools do not do (src/core/measures.ts).
  const structureOnly = (path: string) => verifier.inspect(path, path, NO_MEASURES);
  try {
    // the per-thread start cost: the first file on a fresh pool against the same file once warm
    const t0 = performance.now();
    await verifier.inspect(pdfs[0]!.path);
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    await verifier.inspect(pdfs[0]!.path);
    const warmMs = performance.now() - t1;
    const worker = workerUrl ? 'compiled' : 'source (tsx)';
    console.log(`  verification pool (${worker} worker): first file ${round(firstMs)} ms (thread start included), the same file warm ${round(warmMs)} ms`);
    const rows = [];
    for (const c of pdfs) {
      const ours: number[] = [];
      const oursNoInk: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        let s = performance.now();
        const r = await verifier.inspect(c.path);
        ours.push(performance.now() - s);
        if (!r.ok) throw new Error(`verification of ${c.label} failed: ${JSON.stringify(r.error)}`);
        s = performance.now();
        const bare = await structureOnly(c.path);
        oursNoInk.push(performance.now() - s);
        if (!bare.ok || !bare.facts.pdf || bare.facts.pdf.inkCoverage) throw new Error(`structure-only verification of ${c.label} did not skip the ink measurement`);
        if (havePoppler) {
          s = performance.now();
          await poppler(c.path);
          theirs.push(performance.now() - s);
        }
      }
      const row = {
        pdf: c.label,
        sizeMb: round(c.size / MB),
        oursMs: round(median(ours)),
        oursNoInkMs: round(median(oursNoInk)),
        popplerMs: havePoppler ? round(median(theirs)) : null,
        ratio: havePoppler ? round(median(theirs) / median(ours), 2) : null,
        ratioNoInk: havePoppler ? round(median(theirs) / median(oursNoInk), 2) : null,
      };
      rows.push(row);
      console.log(`  ${c.label}: ours ${row.oursMs} ms (without the ink rendering ${row.oursNoInkMs} ms), poppler (3 tools) ${row.popplerMs ?? '—'} ms → poppler/ours ${row.ratio ?? '—'} (${row.ratioNoInk ?? '—'} like for like)`);
    }
    // files per second, 2 at a time: 1-page PDFs, 200-page 29 MB PDFs, 12 MP JPEGs
    const n = QUICK ? 8 : 20;
    const small = pdfs.find((c) => c.pages === 1)!.path;
    const large = pdfs.find((c) => c.label.includes('images'))!.path;
    const jpeg = join(work, 'photo.jpg');
    writeFileSync(jpeg, await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 120, g: 80, b: 40 } } }).jpeg().toBuffer());
    const throughput = [];
    for (const [what, path, anchorName, anchor] of [
      ['1-page PDFs', small, 'poppler', poppler],
      ['200-page 29 MB PDFs', large, 'poppler', poppler],
      ['12 MP JPEGs', jpeg, 'exiftool -fast', exiftool],
    ] as const) {
      const list = Array.from({ length: n }, () => path);
      const ours = await filesPerSecond(list, 2, (p) => verifier.inspect(p));
      const bare = await filesPerSecond(list, 2, structureOnly);
      const native = havePoppler ? await filesPerSecond(list, 2, anchor) : null;
      throughput.push({
        files: what, oursPerS: round(ours), oursStructurePerS: round(bare), anchor: anchorName, anchorPerS: native === null ? null : round(native),
        ratio: native === null ? null : round(ours / native, 2), structureRatio: native === null ? null : round(bare / native, 2),
      });
      console.log(`  ${what}: ours ${round(ours)} files/s (${round(bare)} structure only), ${anchorName} ${native === null ? '—' : round(native)} files/s (2 at a time)`);
    }
    return { threadStart: { firstMs: round(firstMs), warmMs: round(warmMs), worker }, rows, throughput };
  } finally {
    await verifier.close();
  }
}

// ---- 3. upload-then-verdict vs ours ----------------------------------------------------------------

interface UploadCase {
  sizeMb: number;
  mbit: number;
}

/** Drop one file on a widget bound to the rig's server, the network throttled; times from the drop. */
async function dropToVerdicts(browser: Browser, origin: string, rig: UploadRig, path: string, size: number, mbit: number) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bps = (mbit * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: bps, uploadThroughput: bps });
    let uploadedAt = -1;
    page.on('requestfinished', (req) => {
      void (async () => {
        if (req.method() !== 'PATCH') return;
        const res = await req.response();
        if (Number(res ? await res.headerValue('upload-offset') : NaN) === size) uploadedAt = Date.now();
      })();
    });
    await page.goto(`${origin}/e2e/pages/upload-server.html?endpoint=${encodeURIComponent(rig.server.url)}&wf=wf_bench_upload`);
    const input = page.locator('#fc-inline .dropzone input[type=file]').first();
    await input.waitFor({ state: 'attached' });
    const droppedAt = Date.now();
    await input.setInputFiles(path);
    // ours: the local verdict is reached when the row leaves 'inspecting' (a failing file is refused
    // there and never uploaded, a passing one starts uploading; the status event reports outcomes
    // only once the server confirmed them)
    await page.locator('#fc-inline li.file[data-state]:not([data-state="inspecting"])').first().waitFor({ timeout: 60_000 });
    const localAt = Date.now();
    // the reference model: the verdict is the server's, after the whole upload
    const jobId = await page.waitForFunction('window.intake.getStatus().jobId', undefined, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<string>);
    const deadline = Date.now() + 30 * 60_000;
    let serverAt = -1;
    while (Date.now() < deadline) {
      const res = await fetch(`${rig.server.url}/v1/jobs/${jobId}`, { headers: { Authorization: 'Bearer sk_test_demo' } });
      const job = (await res.json()) as { files: { outcome: string | null }[] };
      if (job.files[0]?.outcome) {
        serverAt = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (serverAt < 0) throw new Error('no server verdict');
    return { oursS: (localAt - droppedAt) / 1000, uploadS: (uploadedAt - droppedAt) / 1000, uploadThenVerdictS: (serverAt - droppedAt) / 1000 };
  } finally {
    await context.close();
  }
}

async function uploadModels(browser: Browser, origin: string, work: string) {
  const workflows = join(work, 'workflows');
  mkdirSync(workflows, { recursive: true });
  writeFileSync(
    join(workflows, 'wf_bench_upload.json'),
    JSON.stringify({
      id: 'wf_bench_upload',
      schemaVersion: 1,
      title: 'Bench: one PDF up to 1 GB',
      rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], maxSize: 1024 * MB, onFail: 'reject' }], rejectUnknownTypes: true },
    }),
  );
  const rig = await startUploadRig(work, origin, workflows);
  const cases: UploadCase[] = (QUICK ? [10] : [10, 100, 500]).flatMap((sizeMb) => [100, 20].map((mbit) => ({ sizeMb, mbit })));
  const rows = [];
  try {
    for (const c of cases) {
      const file = writeBigPdf(work, `upload-${c.sizeMb}.pdf`, c.sizeMb * MB);
      const r = await dropToVerdicts(browser, origin, rig, file.path, file.size, c.mbit);
      const row = { sizeMb: c.sizeMb, mbit: c.mbit, oursS: round(r.oursS, 2), uploadS: round(r.uploadS, 1), uploadThenVerdictS: round(r.uploadThenVerdictS, 1), ratio: round(r.uploadThenVerdictS / Math.max(r.oursS, 0.001), 0) };
      rows.push(row);
      console.log(`  ${c.sizeMb} MB at ${c.mbit} Mbit/s: ours ${row.oursS} s to verdict; upload done at ${row.uploadS} s, server verdict at ${row.uploadThenVerdictS} s (×${row.ratio})`);
      rmSync(file.path, { force: true });
    }
  } finally {
    await rig.close();
  }
  return rows;
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/filecheck.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const started = Date.now();
  const loadAtStart = load();
  const work = mkdtempSync(join(tmpdir(), 'fc-bench-peers-'));
  const site = await startStaticServer({ dir: ROOT, port: 0 });
  const browser = await launchChromium();
  try {
    const pdfs = await makePdfs(work);
    writeFileSync(join(ROOT, 'bench/inspect-browser/warm.pdf'), readFileSync(pdfs[0]!.path));
    console.log('\n1. Chromium: our inspection vs pdf.js alone (median of runs; peak = renderer RSS growth)');
    const browserRows = PARTS.has('1') ? await browserSideBySide(browser, site.url, pdfs) : [];
    const loadAfterBrowser = load();
    console.log('\n2. Server: our verification pool vs poppler (pdfinfo -box, pdffonts, pdfimages -list)');
    const server = PARTS.has('2') ? await serverSideBySide(pdfs, work) : null;
    const loadAfterServer = load();
    console.log(`\n3. Upload, then verdict (the reference product) vs ours, throttled in Chromium${QUICK ? ' (quick: 10 MB only)' : ''}`);
    const uploads = PARTS.has('3') ? await uploadModels(browser, site.url, work) : [];
    const loadAtEnd = load();
    console.log(`\nload average ${loadAtStart.join(' ')} at start, ${loadAfterBrowser.join(' ')} after 1, ${loadAfterServer.join(' ')} after 2, ${loadAtEnd.join(' ')} at the end (${round((Date.now() - started) / 1000)} s)`);
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
    writeFileSync(OUT, JSON.stringify({ bench: 'peers', date: new Date().toISOString(), quick: QUICK, browser: browser.version(), load: { start: loadAtStart, afterBrowser: loadAfterBrowser, afterServer: loadAfterServer, end: loadAtEnd }, browserRows, server, uploads }, null, 2) + '\n');
    console.log(`wrote ${OUT.slice(ROOT.length + 1)}`);
  } finally {
    await browser.close();
    await site.close();
    rmSync(join(ROOT, 'bench/inspect-browser/warm.pdf'), { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
