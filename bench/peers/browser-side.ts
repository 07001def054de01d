// Part 1 of bench/peers.ts: in Chromium, our inspection (the widget) vs pdf.js alone doing what a
// pdf.js-based validator does for the same facts; time to verdict, bytes read, renderer peak memory.
import { readFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { median, openWidgetPage } from '../browser-harness';
import { MB, QUICK, RUNS, round, type PdfCase } from './common';

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

export async function browserSideBySide(browser: Browser, origin: string, pdfs: PdfCase[]) {
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
