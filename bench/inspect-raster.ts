// Benchmark: time from a file on disk to facts + verdict for every raster format, from 100 KB
// to 500 MB. Big files are sparse (real headers, then a hole), which is exactly what the
// inspector sees of a real big file: it never reads past the headers.
// Run: npx tsx bench/inspect-raster.ts
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { rasterChecks } from '../src/core/checks/raster';
import type { FileFacts, IntakeContext } from '../src/core/types';
import { inspectRasterFacts, type RasterFormat } from '../workers/raster/index';
import { bmp, rgbTiffEntries, tiffHeaderOnly } from '../workers/raster/test-fixtures';
import { fileSource } from '../workers/source-node';

const SIZES = [100 * 1024, 10 * 1024 ** 2, 100 * 1024 ** 2, 500 * 1024 ** 2];
const RUNS = 7;
const CONTEXT: IntakeContext = { artworkSize: { width_mm: 297, height_mm: 210 } };

interface Sample { label: string; format: RasterFormat; header: Uint8Array; tailAt?: (size: number) => Uint8Array | null }

async function samples(): Promise<Sample[]> {
  const img = () => sharp({ create: { width: 3508, height: 2480, channels: 3, background: { r: 220, g: 40, b: 40 } } }).withMetadata({ density: 300 });
  const buf = async (p: Promise<Buffer>) => new Uint8Array(await p);
  const bmpHeader = bmp(1, 1, { ppm: 11811 });
  new DataView(bmpHeader.buffer).setInt32(18, 3508, true);
  new DataView(bmpHeader.buffer).setInt32(22, -2480, true);
  const list: Sample[] = [
    { label: 'jpeg', format: 'jpeg', header: await buf(img().withIccProfile('p3').jpeg().toBuffer()) },
    { label: 'png', format: 'png', header: await buf(img().png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer()) },
    { label: 'tiff', format: 'tiff', header: tiffHeaderOnly(rgbTiffEntries(3508, 2480, 300)) },
    // Most TIFF writers put the directory after the pixel data: one extra far read.
    { label: 'tiff (IFD at end)', format: 'tiff', header: new Uint8Array(0), tailAt: (size) => tiffWithIfdAt(size - 4096) },
    { label: 'webp', format: 'webp', header: await buf(img().webp().toBuffer()) },
    { label: 'gif', format: 'gif', header: await buf(img().gif().toBuffer()) },
    { label: 'bmp', format: 'bmp', header: bmpHeader },
    { label: 'avif', format: 'avif', header: await buf(img().avif().toBuffer()) },
  ];
  const heic = resolve(import.meta.dirname ?? '.', '../../shared/corpus/exif-samples/heic/mobile/iphone_13_pro_max.HEIC');
  if (existsSync(heic)) list.push({ label: 'heic (iPhone)', format: 'heic', header: new Uint8Array(readFileSync(heic)) });
  return list;
}

/** A TIFF whose only IFD sits at `ifdAt`, as written by libtiff after the strips. */
function tiffWithIfdAt(ifdAt: number): Uint8Array {
  const ifd = tiffHeaderOnly(rgbTiffEntries(3508, 2480, 300));
  // Re-base: everything after the 8-byte header moves to ifdAt; offsets inside move with it.
  const out = new Uint8Array(ifdAt + ifd.length - 8);
  out.set(ifd.subarray(0, 8));
  const dv = new DataView(out.buffer);
  dv.setUint32(4, ifdAt, true);
  out.set(ifd.subarray(8), ifdAt);
  const n = dv.getUint16(ifdAt, true);
  for (let i = 0; i < n; i++) {
    const e = ifdAt + 2 + i * 12;
    const type = dv.getUint16(e + 2, true);
    const count = dv.getUint32(e + 4, true);
    const bytes = ({ 3: 2, 4: 4, 5: 8 } as Record<number, number>)[type]! * count;
    if (bytes > 4) dv.setUint32(e + 8, dv.getUint32(e + 8, true) - 8 + ifdAt, true);
  }
  return out;
}

/** All raster checks with default targets; the verdict names the checks that failed. */
function verdict(facts: FileFacts): string {
  const failed: string[] = [];
  for (const check of rasterChecks) {
    const target = check.narrow ? check.narrow({}, CONTEXT) : {};
    if (check.run(facts, target, CONTEXT).some((r) => r.outcome === 'fail')) failed.push(check.id.replace('raster.', ''));
  }
  return failed.length ? `fail: ${failed.join(', ')}` : 'pass';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const human = (n: number) => (n >= 1024 ** 2 ? `${Math.round(n / 1024 ** 2)} MB` : `${Math.round(n / 1024)} KB`);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-raster-'));
  const rows: string[][] = [['format', 'file size', 'ms (median)', 'bytes read', 'size', 'verdict']];
  const started = performance.now();
  try {
    for (const s of await samples()) {
      for (const size of SIZES) {
        const path = join(dir, `${s.label.replace(/\W+/g, '_')}-${size}`);
        const content = s.tailAt ? s.tailAt(size) : s.header;
        if (!content || content.length > size) {
          rows.push([s.label, human(size), 'n/a', `(encoded file is ${human(s.header.length)})`, '', '']);
          continue;
        }
        writeFileSync(path, content);
        truncateSync(path, size); // sparse: no disk space, zeros when read
        const times: number[] = [];
        let bytesRead = 0;
        let facts: FileFacts | undefined;
        let outcome = '';
        for (let run = 0; run < RUNS; run++) {
          const src = await fileSource(path);
          const t0 = performance.now();
          facts = await inspectRasterFacts(src, s.format);
          outcome = verdict(facts);
          times.push(performance.now() - t0);
          bytesRead = src.bytesRead;
          await src.close();
        }
        const r = facts!.raster!;
        rows.push([s.label, human(size), median(times).toFixed(2), bytesRead.toLocaleString('en'), `${r.displayWidthPx}×${r.displayHeightPx}`, outcome]);
        rmSync(path);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => (j >= 2 && j <= 3 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`\n${RUNS} runs per row, print size 297×210 mm (A4), all raster checks with default targets. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

await main();
