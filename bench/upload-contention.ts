// Why the SDK's upload ratio (bench/quick-browser.ts, issue 18.3) swung between runs: on loopback
// the reference server and Chromium share the machine's 2 cores, and the widget made the row's
// preview of the file (pdf.js loaded, compiled, page 1 rendered in the preview lane) while the
// file uploaded (0.78 with it, 1.12 without). Now the preview waits for an upload that should end
// within 3 s (src/core/thumbnail-policy.ts), and the two rows should agree (0.92 and 0.91 at load
// 5). This tool times the same upload with and without that preview, interleaved with
// plain PUTs: the same built widget, served twice, once with its page renderer made never to load
// (a patched copy of dist/ in a temporary directory; the repository's dist/ is not touched). A tool
// for working on the upload, not a benchmark (not in run.mjs); a real line is network-bound, where
// the preview's CPU costs the upload nothing.
// Run: npm run build && npx tsx bench/upload-contention.ts [runs=6]
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStaticServer } from '../scripts/static-server.mjs';
import { writeBigPdf } from '../e2e/server-process';
import { launchChromium, median } from './browser-harness';
import { plainPut, sdkUpload, startUploadRig } from './browser-upload';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.argv[2] ?? 6);
const SIZE = 128 * 1024 * 1024;

/** A copy of the site whose page renderer never finishes loading: no preview is ever made. */
function siteWithoutPreviews(work: string): string {
  const dir = join(work, 'site');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  symlinkSync(join(ROOT, 'e2e'), join(dir, 'e2e'));
  cpSync(join(ROOT, 'dist/filecheck.js'), join(dir, 'dist/filecheck.js'));
  cpSync(join(ROOT, 'dist/chunks'), join(dir, 'dist/chunks'), { recursive: true });
  const renderer = readdirSync(join(dir, 'dist/chunks')).find((f) => /^render-page-[\w-]+\.js$/.test(f));
  if (!renderer) throw new Error('no render-page chunk in dist/chunks: run `npm run build` first');
  appendFileSync(join(dir, 'dist/chunks', renderer), '\nawait new Promise(() => {});\n');
  return dir;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fc-upload-contention-'));
  const withPreview = await startStaticServer({ dir: ROOT, port: 0 });
  const withoutPreview = await startStaticServer({ dir: siteWithoutPreviews(work), port: 0 });
  const browser = await launchChromium();
  const rig = await startUploadRig(work, [withPreview.url, withoutPreview.url], join(ROOT, 'e2e/workflows'));
  const loadAtStart = loadavg()[0]!.toFixed(2);
  try {
    const file = writeBigPdf(work, 'upload.pdf', SIZE);
    await plainPut(browser, withPreview.url, rig, file.path); // warm-up
    const put: number[] = [];
    const sdk: number[] = [];
    const sdkNoPreview: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      put.push(await plainPut(browser, withPreview.url, rig, file.path));
      sdk.push((await sdkUpload(browser, withPreview.url, rig, file.path, file.size, 'wf_e2e_any')).seconds);
      put.push(await plainPut(browser, withPreview.url, rig, file.path));
      sdkNoPreview.push((await sdkUpload(browser, withoutPreview.url, rig, file.path, file.size, 'wf_e2e_any')).seconds);
    }
    const row = (label: string, runs: number[]) =>
      `| ${label} | ${median(runs).toFixed(3)} | ${(median(put) / median(runs)).toFixed(2)} | ${runs.map((s) => s.toFixed(2)).join(', ')} |`;
    console.log(`128 MB on loopback, medians of ${RUNS} (plain PUT: ${put.length}), load ${loadAtStart} → ${loadavg()[0]!.toFixed(2)}`);
    console.log('| upload | seconds | plain PUT / this | runs |\n|---|---|---|---|');
    console.log(`| plain PUT | ${median(put).toFixed(3)} | 1 | ${put.map((s) => s.toFixed(2)).join(', ')} |`);
    console.log(row('SDK, the widget as mounted (its row preview waits for an upload about to end)', sdk));
    console.log(row('SDK, the same widget without the row preview', sdkNoPreview));
  } finally {
    await rig.close();
    await browser.close();
    await withPreview.close?.();
    await withoutPreview.close?.();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
