// Our inspector's facts against the reference tools (poppler: pdfinfo, pdffonts, pdfimages;
// exiftool), on the shared corpus (real files made by other people's tools) and on files made here
// (bench/agreement/made-files.ts). Prints agreement per fact and exits 1 when any fact is below
// 100 % on the comparable ("unambiguous") files; what that means, and every rule that leaves a file
// or a case out, is written at the top of compare-pdf.ts and compare-raster.ts, and each left-out
// case is counted with its reason in the output. Runs in `npm test` (script `agreement`).
//
//   npx tsx bench/agreement.ts [--corpus DIR] [--quiet]
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileFacts } from '../src/core/types';
import { inspectSource, sniffSource } from '../workers/inspect';
import { fileSource } from '../workers/source-node';
import { compareFonts, compareImages, compareInfo } from './agreement/compare-pdf';
import { compareRaster } from './agreement/compare-raster';
import { makeFiles } from './agreement/made-files';
import { Tally } from './agreement/tally';
import { exiftool, have, parsePdffonts, parsePdfimages, parsePdfinfo, run } from './agreement/tools';

const args = process.argv.slice(2);
const corpus = args.includes('--corpus') ? args[args.indexOf('--corpus') + 1]! : '../shared/corpus';

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    })
    .sort();
}

async function facts(path: string): Promise<FileFacts | Error> {
  const src = await fileSource(path);
  try {
    return await inspectSource(src, await sniffSource(src));
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  } finally {
    await src.close();
  }
}

/** Runs `fn` over the items, `n` at a time (poppler runs as child processes). */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Compares one PDF; returns why it was left out, or null when it was compared. */
async function comparePdf(t: Tally, path: string, label: string): Promise<string | null> {
  const ours = await facts(path);
  const [info, fonts, images] = await Promise.all([run('pdfinfo', ['-box', '-f', '1', '-l', '100000', path]), run('pdffonts', [path]), run('pdfimages', ['-list', path])]);
  const popplerOk = [info, fonts, images].every((r) => r.ok && r.stderr.trim() === '');
  const left = (reason: string) => (t.exclude('pdf files', reason), reason);
  if (!popplerOk) return left('poppler reported errors or repairs (damaged file)');
  if (ours instanceof Error || !ours.pdf) {
    t.compare('pdf files', label, ours instanceof Error ? ours.message : 'no facts', 'read');
    return null;
  }
  const pdf = ours.pdf;
  if (pdf.reader !== 'object-reader') return left('read by the pdf.js fallback');
  if (pdf.encrypted) return left('encrypted');
  if (pdf.warnings.length) return left('our reader repaired it (parser warnings)');
  t.compare('pdf files', label, 'read', 'read');
  compareInfo(t, label, pdf, parsePdfinfo(info.stdout));
  compareFonts(t, label, pdf, parsePdffonts(fonts.stdout));
  const patternPages = new Set(pdf.pages.filter((p) => p.colorSpaces?.includes('Pattern')).map((p) => p.page));
  const defaultSpaces = /\/Default(RGB|CMYK|Gray)\b/.test(readFileSync(path, 'latin1'));
  compareImages(t, label, pdf, parsePdfimages(images.stdout), patternPages, defaultSpaces);
  return null;
}

const RASTER = /\.(jpe?g|png|tiff?|heic|heif|webp|gif|bmp)$/i;

async function main(): Promise<number> {
  const missing: string[] = [];
  for (const cmd of ['pdfinfo', 'pdffonts', 'pdfimages']) if (!(await have(cmd))) missing.push(`${cmd} (apt-get install poppler-utils)`);
  if (!(await run('exiftool', ['-ver'])).ok) missing.push('exiftool (apt-get install libimage-exiftool-perl)');
  if (missing.length) {
    console.error(`agreement: missing reference tools: ${missing.join(', ')}`);
    return 1;
  }
  const started = Date.now();
  const made = await makeFiles();
  const files = walk(corpus);
  if (files.length === 0) console.warn(`agreement: ${corpus} is absent; only the files made here are compared`);
  const pdfs = [...made.pdfs, ...files.filter((f) => f.toLowerCase().endsWith('.pdf'))];
  const images = [...made.images, ...files.filter((f) => RASTER.test(f))];
  const t = new Tally();

  await pool(pdfs, 2, async (p) => {
    const label = p.replace(made.dir, '(made)').replace(corpus, '(corpus)');
    const leftOut = await comparePdf(t, p, label);
    // the files made here are made to be comparable: one left out is a broken test
    if (made.pdfs.includes(p)) t.compare('made files compared', label, leftOut ?? 'compared', 'compared');
  });

  const exif = await exiftool(images);
  for (const path of images) {
    const label = path.replace(made.dir, '(made)').replace(corpus, '(corpus)');
    const rec = exif.get(path);
    const ours = await facts(path);
    if (/pngsuite\/x[^/]*\.png$/.test(path)) {
      // PngSuite's deliberately corrupt files (its README: they must be refused); exiftool does
      // not validate PNGs, so the reference here is the corpus's own documentation
      t.compare('corrupt images refused', label, ours instanceof Error || !ours.raster ? 'refused' : 'read', 'refused');
      continue;
    }
    // exiftool reads almost anything; a file that it cannot read or that has an Error tag is damaged
    if (!rec || rec['ExifTool:Error'] !== undefined) {
      t.exclude('image files', 'exiftool could not read it');
      continue;
    }
    if (ours instanceof Error || !ours.raster) {
      // the corrupt PngSuite files (x*.png) are meant to be refused: both readers agree they are bad only when exiftool warns too
      if (rec['ExifTool:Warning'] !== undefined) t.exclude('image files', 'damaged: exiftool warns and we refuse');
      else t.compare('image files', label, ours instanceof Error ? ours.message : 'no facts', 'read');
      continue;
    }
    if (rec['ExifTool:Warning'] !== undefined) {
      t.exclude('image files', 'exiftool warns about the file (damaged or non-standard)');
      continue;
    }
    t.compare('image files', label, 'read', 'read');
    if (made.images.includes(path)) t.compare('made files compared', label, 'compared', 'compared');
    compareRaster(t, label, ours.format, ours.raster, rec);
  }
  rmSync(made.dir, { recursive: true, force: true });

  console.log(`Agreement with poppler ${(await run('pdfinfo', ['-v'])).stderr.split('\n')[0]?.replace('pdfinfo version ', '')} and exiftool ${(await run('exiftool', ['-ver'])).stdout.trim()}: ${pdfs.length} PDFs, ${images.length} images (${made.pdfs.length + made.images.length} made here), ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(t.report());
  const failed = t.failures();
  if (failed.length) {
    console.error(`\nagreement below 100 % (or never compared): ${failed.join(', ')}`);
    return 1;
  }
  console.log('\nagreement: 100 % on every fact');
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
