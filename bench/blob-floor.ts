// The floor under any lazy PDF reader in Chromium: what the browser alone costs to hand a worker
// the ranges our reader asks for, with no parsing at all. Issue 18.2 asks for the 200-page PDF
// with images in ≤ 150 ms; this tool measures how much of that the browser's Blob machinery takes
// before a single byte is parsed, and what the other ways of reading the same bytes cost.
//
// How: our reader runs once in Node over a Blob (the same code path as in the browser worker:
// blobSource, the read-ahead of block-reader.ts, blob-stream.ts) with `Blob` and `Blob#slice`
// recorded, giving its exact sequence of reads: single ranged reads, and streams of a Blob made of
// many slices. A bare worker in Chromium (no widget, no reader: a few lines from a blob: URL) then
// replays that sequence on the same file picked through a real <input type=file>, and reads the
// object heads (its read-ahead) four other ways. A tool for working on issue 18, not a benchmark (not
// in run.mjs).
// Run: npx tsx bench/blob-floor.ts [runs=9] [pages=200] [imageBytes=150000]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectPdf } from '../workers/pdf/inspect-pdf';
import { blobSource } from '../workers/source';
import { launchChromium, median } from './browser-harness';
import { pdfWithPages } from './pdf-fixtures';

const RUNS = Number(process.argv[2] ?? 9);
const PAGES = Number(process.argv[3] ?? 200);
const IMAGE_BYTES = Number(process.argv[4] ?? 150_000);

type Range = [number, number];

/** One read of the reader: ranges read as one, by a plain read (`arrayBuffer`) or as a stream. */
interface Group {
  ranges: Range[];
  stream: boolean;
}

/** The reader's reads of `bytes`, in order. */
async function readerGroups(bytes: Uint8Array): Promise<Group[]> {
  const NativeBlob = globalThis.Blob;
  const ranges = new WeakMap<Blob, Range>();
  const groups: Group[] = [];
  class RecordingBlob extends NativeBlob {
    constructor(parts?: BlobPart[], opts?: BlobPropertyBag) {
      super(parts, opts);
      const sliced = (parts ?? []).map((p) => (p instanceof NativeBlob ? ranges.get(p) : undefined));
      // a Blob made of slices is only ever made to be streamed (blob-stream.ts)
      if (sliced.length > 1 && sliced.every(Boolean)) groups.push({ ranges: sliced as Range[], stream: true });
    }
    override slice(start?: number, end?: number, type?: string): Blob {
      const part = super.slice(start, end, type);
      const base = ranges.get(this)?.[0] ?? 0;
      ranges.set(part, [base + (start ?? 0), base + (end ?? this.size)]);
      // a slice read on its own (a plain read, or a one-range stream) is a group of one
      const read = part.arrayBuffer.bind(part);
      const stream = part.stream.bind(part);
      part.arrayBuffer = () => (groups.push({ ranges: [ranges.get(part)!], stream: false }), read());
      part.stream = () => (groups.push({ ranges: [ranges.get(part)!], stream: true }), stream());
      return part;
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob;
  try {
    const facts = await inspectPdf(blobSource(new RecordingBlob([bytes as Uint8Array<ArrayBuffer>])));
    if (!facts.pdf) throw new Error('the fixture was not read as a PDF');
  } finally {
    globalThis.Blob = NativeBlob;
  }
  return groups;
}

/**
 * The ranges of the reader's read-ahead of object heads, in order: every streamed group after the
 * first read (which gets the cross-reference); the heads group if there is no other.
 */
function objectHeads(groups: Group[]): Range[] {
  const later = groups.slice(1).filter((g) => g.stream).flatMap((g) => g.ranges);
  return later.length > 0 ? later : groups.reduce((a, b) => (b.ranges.length > a.ranges.length ? b : a)).ranges;
}

/** The worker: replays groups on the File it is given; answers timings in ms. */
const WORKER = `
const readAll = async (blob) => {
  const reader = blob.stream().getReader({ mode: 'byob' });
  let buf = new ArrayBuffer(256 * 1024), n = 0;
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(buf));
    if (done || !value) return n;
    n += value.byteLength; buf = value.buffer;
  }
};
onmessage = async ({ data: { file, groups, heads: OBJECT_HEADS, mode } }) => {
  const t0 = performance.now();
  let slicing = 0;
  if (mode === 'replay') {
    // streams side by side, at most 6 (the reader's concurrency); a plain read waits for them
    let flying = [];
    for (const { ranges: g, stream } of groups) {
      if (!stream) { await Promise.all(flying); flying = []; await file.slice(g[0][0], g[0][1]).arrayBuffer(); continue; }
      if (flying.length >= 6) await Promise.race(flying);
      const s = performance.now();
      const parts = g.map(([a, b]) => file.slice(a, b));
      const whole = parts.length === 1 ? parts[0] : new Blob(parts);
      slicing += performance.now() - s;
      const p = readAll(whole).then(() => { flying = flying.filter((x) => x !== p); });
      flying.push(p);
    }
    await Promise.all(flying);
  } else {
    const g = OBJECT_HEADS;
    if (mode === 'reads') {
      let next = 0;
      const lane = async () => { while (next < g.length) { const [a, b] = g[next++]; await file.slice(a, b).arrayBuffer(); } };
      await Promise.all(Array.from({ length: 6 }, lane));
    } else if (mode === 'sync') {
      const r = new FileReaderSync();
      for (const [a, b] of g) r.readAsArrayBuffer(file.slice(a, b));
    } else if (mode === 'oneStream') {
      await readAll(new Blob(g.map(([a, b]) => file.slice(a, b))));
    } else if (mode === 'through') {
      await readAll(file.slice(g[0][0], g[g.length - 1][1]));
    }
  }
  postMessage({ ms: performance.now() - t0, slicing });
};`;

const MODES = [
  { key: 'replay', label: "our reader's reads, replayed (streams of Blobs made of slices, up to 6 side by side)" },
  { key: 'oneStream', label: 'the object heads as one stream (a Blob of all its slices: the reader before 2026-12-07)' },
  { key: 'reads', label: 'the object heads as ranged reads, 6 in flight' },
  { key: 'sync', label: 'the object heads as FileReaderSync reads, one after another' },
  { key: 'through', label: 'the object heads read through (one slice from its first to its last byte)' },
] as const;

async function main(): Promise<void> {
  const bytes = await pdfWithPages(PAGES, IMAGE_BYTES);
  const groups = await readerGroups(bytes);
  const heads = objectHeads(groups);
  const span = heads[heads.length - 1]![1] - heads[0]![0];
  const bytesOf = (g: Range[]) => g.reduce((n, [a, b]) => n + b - a, 0);
  const work = mkdtempSync(join(tmpdir(), 'fc-blob-floor-'));
  const path = join(work, 'file.pdf');
  writeFileSync(path, bytes);
  const browser = await launchChromium();
  const loadStart = loadavg().map((l) => l.toFixed(2));
  try {
    const page = await browser.newPage();
    await page.setContent('<input type="file" id="f">');
    await page.locator('#f').setInputFiles(path);
    await page.evaluate((code) => {
      (window as any).worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    }, WORKER);
    const times = new Map<string, { ms: number; slicing: number }[]>(MODES.map((m) => [m.key, []]));
    for (let run = 0; run < RUNS + 1; run++) {
      for (const m of MODES) {
        // interleaved, so a busy moment slows every way alike; run 0 warms the worker up
        const t = await page.locator('#f').evaluate(
          (el: HTMLInputElement, a) => new Promise<{ ms: number; slicing: number }>((ok) => {
            const w = (window as any).worker as Worker;
            w.onmessage = (e) => ok(e.data);
            w.postMessage({ file: el.files![0], groups: a.groups, heads: a.heads, mode: a.mode });
          }),
          { groups, heads, mode: m.key },
        );
        if (run > 0) times.get(m.key)!.push(t);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    console.log(`${PAGES}-page PDF with ${IMAGE_BYTES}-byte images: ${(bytes.length / 1048576).toFixed(1)} MB; our reader reads ${(bytesOf(groups.flatMap((g) => g.ranges)) / 1024).toFixed(0)} KB in ${groups.length} reads (${groups.map((g) => `${g.ranges.length} range${g.ranges.length > 1 ? 's' : ''}${g.stream ? ' streamed' : ''}`).join(', ')}); the object heads (${heads.length} ranges) span ${(span / 1048576).toFixed(1)} MB`);
    console.log(`Chromium, a bare worker, the file from <input type=file>; medians of ${RUNS} (load ${loadStart.join(' ')} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end):`);
    for (const m of MODES) {
      const t = times.get(m.key)!;
      const slicing = m.key === 'replay' ? `, of it cutting the slices ${median(t.map((x) => x.slicing)).toFixed(1)} ms` : '';
      console.log(`  ${median(t.map((x) => x.ms)).toFixed(1).padStart(7)} ms  ${m.label}${slicing} (runs ${t.map((x) => x.ms.toFixed(0)).join(', ')})`);
    }
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
