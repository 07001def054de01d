// Benchmark (issue 8 point 2): big files in headless Chromium with the built script-tag bundle.
//   - a real 1 GB PDF: 100 A4 pages, each with its own ~10 MB CMYK image, written streaming to a
//     temporary directory (never held in memory);
//   - a 500 MB TIFF: a real header (7016×9933 RGB, 600 dpi) and a sparse rest.
// Each is handed to the widget's input; the bench prints the time to verdict, the bytes the
// inspector read (facts.bytesRead from the worker's reply, through a bench-only hook in the page)
// and how much the tab's memory grew over its idle level while the file was inspected:
//   - renderer RSS: the resident memory of the page's renderer process (main thread and its
//     workers live there), from /proc via the pids of CDP SystemInfo.getProcessInfo;
//   - JS heap: the page's JSHeapUsedSize (CDP Performance.getMetrics).
// Budget: growth under ~100 MB over idle.
// Run: node scripts/build.mjs && npx tsx bench/big-files.ts     (CHROMIUM_PATH to override)
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../scripts/static-server.mjs';
import { rgbTiffEntries, tiffHeaderOnly } from '../workers/raster/test-fixtures';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench/out/big-files.json');
const MB = 1024 * 1024;
const BUDGET_GROWTH_MB = 100;
const MM = 72 / 25.4;

/** A 1 GB PDF of `pages` A4 pages with bleed, each with its own image of `imageBytes`, written streaming. */
function writeBigPdf(path: string, pages: number, imageBytes: number): number {
  const fd = openSync(path, 'w');
  let at = 0;
  const offsets: number[] = [];
  const put = (data: string | Uint8Array) => {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    writeSync(fd, buf, 0, buf.length, at);
    at += buf.length;
  };
  const obj = (n: number, body: string, stream?: Uint8Array) => {
    offsets[n] = at;
    put(`${n} 0 obj\n${body}\n`);
    if (stream) {
      put('stream\n');
      put(stream);
      put('\nendstream\n');
    }
    put('endobj\n');
  };
  // one block of noise, reused (the inspector never decodes image data; the disk holds real bytes)
  const noise = Buffer.alloc(imageBytes);
  let x = 2463534242;
  for (let i = 0; i < noise.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 255;
  }
  const w = 216 * MM;
  const h = 303 * MM;
  put('%PDF-1.6\n%\xe2\xe3\xcf\xd3\n');
  // objects: 1 catalog, 2 pages, 3 font, then per page: page, content, image
  const kids = Array.from({ length: pages }, (_, i) => `${4 + i * 3} 0 R`).join(' ');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  obj(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (let i = 0; i < pages; i++) {
    const n = 4 + i * 3;
    obj(
      n,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /TrimBox [${(3 * MM).toFixed(2)} ${(3 * MM).toFixed(2)} ${(213 * MM).toFixed(2)} ${(300 * MM).toFixed(2)}] /BleedBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Contents ${n + 1} 0 R /Resources << /XObject << /Im0 ${n + 2} 0 R >> /Font << /F1 3 0 R >> >> >>`,
    );
    const content = `q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q BT /F1 10 Tf 60 60 Td (Page ${i + 1}) Tj ET`;
    obj(n + 1, `<< /Length ${content.length} >>`, Buffer.from(content, 'latin1'));
    obj(n + 2, `<< /Type /XObject /Subtype /Image /Width 4961 /Height 7016 /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /DCTDecode /Length ${imageBytes} >>`, noise);
  }
  const size = 4 + pages * 3;
  const xrefAt = at;
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) xref += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  put(xref);
  put(`trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  closeSync(fd);
  return at;
}

/** A TIFF of `size` bytes: a real header (strip offsets point into the hole), the rest sparse. */
function writeSparseTiff(path: string, size: number): number {
  writeFileSync(path, tiffHeaderOnly(rgbTiffEntries(7016, 9933, 600)));
  truncateSync(path, size);
  return size;
}

const workflow = {
  id: 'wf_bench_big',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 10 },
    accepts: [
      {
        kind: 'pdf',
        mimeTypes: ['application/pdf'],
        extensions: ['pdf'],
        maxSize: 2048 * MB,
        onFail: 'reject',
        preflight: {
          enabled: true,
          profile: {
            sections: {
              geometry: { enabled: true, rules: { 'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 210, height_mm: 297 }] } }, 'geom.bleed.required': { enabled: true, severity: 'reject', target: { required_mm: 3 } } } },
              images: { enabled: true, rules: { 'image.min_resolution_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 300 } } } },
              color: { enabled: true, rules: { 'color.mode': { enabled: true, severity: 'reject', target: { allowed: ['cmyk'] } } } },
              text: { enabled: true, rules: { 'text.fonts_embedded': { enabled: true, severity: 'warn', target: {} } } },
            },
          },
        },
      },
      {
        kind: 'raster',
        mimeTypes: ['image/tiff'],
        extensions: ['tif', 'tiff'],
        maxSize: 2048 * MB,
        onFail: 'reject',
        preflight: { enabled: true, profile: { sections: { raster: { enabled: true, rules: { 'raster.effective_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 300, target_width_mm: 297, target_height_mm: 420 } } } } } } },
      },
    ],
    rejectUnknownTypes: true,
  },
};

/** Resident memory of a process: total, and its anonymous / file-backed / shared-memory parts. */
function rssOf(pid: number): { total: number; anon: number; file: number; shmem: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;
    return { total: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') };
  } catch {
    return { total: 0, anon: 0, file: 0, shmem: 0 };
  }
}

interface Row {
  file: string;
  size: number;
  verdictMs: number;
  outcome: string;
  bytesRead: number | null;
  readPercent: number | null;
  idleRssMb: number;
  /** Up to the verdict. */
  rssGrowthMb: number;
  /** Up to 2.5 s after the verdict: includes the page preview (soft proof) made after it. */
  rssGrowthWithPreviewMb: number;
  heapGrowthMb: number;
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/filecheck.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` first');
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-big-'));
  const server = await startStaticServer({ dir: ROOT, port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--enable-precise-memory-info', '--renderer-process-limit=1'],
  });
  const rows: Row[] = [];
  try {
    const t = Date.now();
    const small = join(dir, 'small.pdf');
    const cases = [
      // control: the fixed cost of starting the worker and loading the PDF reader
      { file: 'control: 1-page 1 MB PDF (first file: starts the worker)', path: small, size: writeBigPdf(small, 1, MB) },
      { file: '1 GB PDF, 100 pages with 10 MB images', path: join(dir, 'big.pdf'), size: writeBigPdf(join(dir, 'big.pdf'), 100, Math.round(10.7 * MB)) },
      { file: '500 MB TIFF (sparse)', path: join(dir, 'big.tif'), size: writeSparseTiff(join(dir, 'big.tif'), 500 * MB) },
    ];
    console.log(`wrote the files in ${((Date.now() - t) / 1000).toFixed(1)} s: ${cases.map((c) => `${c.file} = ${(c.size / MB).toFixed(0)} MB`).join(', ')}`);
    const browserCdp = await browser.newBrowserCDPSession();
    const rendererPids = async () => {
      const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
      return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    };
    // One tab for every file, as a customer would use it: idle is measured right before each file,
    // with the widget mounted and (after the first file) its inspection worker running.
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as any;
      w.__bench = { facts: [], last: null, index: 0 };
      const NativeWorker = window.Worker;
      window.Worker = class extends NativeWorker {
        constructor(url: string | URL, opts?: WorkerOptions) {
          super(url, opts);
          this.addEventListener('message', (ev) => {
            const f = (ev.data as any)?.value?.facts;
            if (f && typeof f.bytesRead === 'number') w.__bench.facts.push({ size: f.size, bytesRead: f.bytesRead });
          });
        }
      };
      document.addEventListener('filecheck:status', (ev) => {
        const f = (ev as CustomEvent).detail.files[w.__bench.index];
        if (f && ['done', 'error', 'refused'].includes(f.status)) w.__bench.last ??= { at: performance.now(), outcome: f.outcome ?? f.status };
      });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
    await page.goto(`${server.url}/bench/inspect-browser/index.html`);
    await page.evaluate((wf) => (window as any).Filecheck('pk_test_bench').elements.create('intake', { workflow: wf }).mount('#one'), workflow);
    const input = page.locator('#one .dropzone input[type=file]').first();
    await input.waitFor({ state: 'attached' });
    await input.evaluate((el) => el.addEventListener('change', (ev) => ((window as any).__bench.changeAt = ev.timeStamp), { capture: true }));
    for (const [index, c] of cases.entries()) {
      await page.evaluate((i) => Object.assign((window as any).__bench, { index: i, last: null, changeAt: undefined }), index);
      await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
      await page.waitForTimeout(800);
      const pids = await rendererPids();
      const rssParts = () => pids.map(rssOf).reduce((a, b) => ({ total: a.total + b.total, anon: a.anon + b.anon, file: a.file + b.file, shmem: a.shmem + b.shmem }));
      const rss = () => rssParts().total;
      const idleParts = rssParts();
      let peakParts = idleParts;
      const idleRss = idleParts.total;
      const idleHeap = await heap();
      let peakRss = idleRss;
      let peakHeap = idleHeap;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const now = rssParts();
          if (now.total > peakRss) {
            peakRss = now.total;
            peakParts = now;
          }
          peakHeap = Math.max(peakHeap, await heap().catch(() => 0));
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      await input.setInputFiles(c.path);
      const res = (await (
        await page.waitForFunction(
          () => {
            const b = (window as any).__bench;
            return b.last && b.changeAt !== undefined ? { ms: b.last.at - b.changeAt, outcome: b.last.outcome, facts: b.facts.at(-1) ?? null } : null;
          },
          undefined,
          { timeout: 60_000, polling: 20 },
        )
      ).jsonValue()) as { ms: number; outcome: string; facts: { bytesRead: number } | null };
      const verdictRss = peakRss; // the peak up to the verdict
      // then what follows the verdict in the same tab (page previews / soft proof rendered in the worker)
      await page.waitForTimeout(2500);
      sampling = false;
      await sampler;
      // new renderer processes (a worker host) would have been missed: include them now
      const all = await rendererPids();
      if (all.some((p) => !pids.includes(p))) console.log(`  note: ${all.length - pids.length} renderer process(es) appeared during the run`);
      const bytesRead = res.facts?.bytesRead ?? null;
      const d = (k: 'anon' | 'file' | 'shmem') => Math.round((peakParts[k] - idleParts[k]) / MB);
      console.log(`  ${c.file}: at the peak (incl. preview), growth is ${d('anon')} MB anonymous, ${d('file')} MB file-backed, ${d('shmem')} MB shared memory`);
      rows.push({
        file: c.file,
        size: c.size,
        verdictMs: Math.round(res.ms),
        outcome: res.outcome,
        bytesRead,
        readPercent: bytesRead === null ? null : Math.round((bytesRead / c.size) * 10000) / 100,
        idleRssMb: Math.round(idleRss / MB),
        rssGrowthMb: Math.round(((verdictRss - idleRss) / MB) * 10) / 10,
        rssGrowthWithPreviewMb: Math.round(((peakRss - idleRss) / MB) * 10) / 10,
        heapGrowthMb: Math.round(((peakHeap - idleHeap) / MB) * 10) / 10,
      });
    }
    await page.close();
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('\nBig files in Chromium: time to verdict, bytes read, memory growth over idle while inspecting\n');
  const header = ['file', 'size (MB)', 'verdict (ms)', 'outcome', 'bytes read', '% read', 'renderer RSS idle (MB)', 'RSS growth to verdict (MB)', 'RSS growth incl. preview (MB)', 'JS heap growth (MB)'];
  const table = rows.map((r) => [
    r.file,
    (r.size / MB).toFixed(0),
    String(r.verdictMs),
    r.outcome,
    r.bytesRead === null ? '?' : `${(r.bytesRead / 1024).toFixed(1)} KB`,
    r.readPercent === null ? '?' : r.readPercent.toFixed(3),
    String(r.idleRssMb),
    r.rssGrowthMb.toFixed(1),
    r.rssGrowthWithPreviewMb.toFixed(1),
    r.heapGrowthMb.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  console.log(header.map((h, i) => h.padEnd(widths[i]!)).join('  '));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(t.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  const worst = Math.max(...rows.filter((r) => !r.file.startsWith('control')).map((r) => r.rssGrowthMb));
  const worstPreview = Math.max(...rows.filter((r) => !r.file.startsWith('control')).map((r) => r.rssGrowthWithPreviewMb));
  const budgets = { memoryGrowthToVerdictUnder100Mb: { worstRssGrowthMb: worst, pass: worst <= BUDGET_GROWTH_MB } };
  console.log(`\nworst memory growth up to the verdict: ${worst} MB (budget ≤ ${BUDGET_GROWTH_MB} MB) ${budgets.memoryGrowthToVerdictUnder100Mb.pass ? 'OK' : 'OVER'}`);
  console.log(`worst memory growth including the page preview after the verdict: ${worstPreview} MB${worstPreview > BUDGET_GROWTH_MB ? ' (over the budget: the preview, not the inspection)' : ''}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ bench: 'big-files', date: new Date().toISOString(), browser: browser.version(), budgets, rows }, null, 2) + '\n');
  console.log(`wrote ${OUT.slice(ROOT.length + 1)}`);
}

await main();
