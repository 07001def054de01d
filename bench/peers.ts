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
// The parts live in bench/peers/ (one module each, common.ts shared).
// Run: node scripts/build.mjs && npx tsx bench/peers.ts
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStaticServer } from '../scripts/static-server.mjs';
import { launchChromium } from './browser-harness';
import { browserSideBySide } from './peers/browser-side';
import { makePdfs, QUICK, ROOT, round } from './peers/common';
import { serverSideBySide } from './peers/server-side';
import { uploadModels } from './peers/upload-model';

const OUT = join(ROOT, 'bench/out/peers.json');
/** PEERS_PARTS=1,3 runs some parts only (while working on them; the report wants all three). */
const PARTS = new Set((process.env.PEERS_PARTS ?? '1,2,3').split(','));
const load = () => loadavg().map((l) => round(l, 2));

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
