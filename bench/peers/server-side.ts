// Part 2 of bench/peers.ts: on the server, our verification pool vs poppler's three tools (the
// anchor for native speed), and files per second on 2 cores next to poppler and exiftool.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { createWorkerVerifier } from '../../server/verify';
import { NO_MEASURES } from '../../src/core/measures';
import { median } from '../browser-harness';
import { MB, QUICK, ROOT, RUNS, round, type PdfCase } from './common';

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

export async function serverSideBySide(pdfs: PdfCase[], work: string) {
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
