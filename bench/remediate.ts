// Remediation cost (issue 14): time and peak memory of making and re-checking a production file,
// each case in a fresh Node process (so its peak RSS is its own), through the same code the
// server's verification workers run (server/remediate/worker-task.ts: engines + inspection of
// the output) plus the planner and the re-check's evaluation.
//   1. a 100-page PDF (A5 pages, vector art + a shared photo) without bleed: 3 mm mirrored bleed
//   2. a 50-megapixel RGB JPEG converted to CMYK with the ICC profile embedded (sharp)
//   3. a 4000 × 3000 PNG with alpha flattened onto white and converted to a PDF with bleed
// Run: `npx tsx bench/remediate.ts` (writes bench/out/remediate.json). Peak memory is the
// process's VmHWM (peak resident set) from /proc; Ghostscript is not used by these cases.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const MM = 72 / 25.4;

interface CaseResult {
  id: string;
  what: string;
  inputBytes: number;
  outputBytes: number;
  ms: { plan: number; fix: number; recheck: number; total: number };
  /** CPU time of the process (user + system) over the whole case, ms: steadier than wall time on a loaded machine. */
  cpuMs: number;
  peakRssMb: number;
  fixes: string[];
  recheck: string | null;
}

/** The child: one case, measured from inside. */
async function runCase(id: string, input: string, outDir: string): Promise<void> {
  const { evaluateFile, fileOutcome } = await import('../src/core/evaluate');
  const { planRemediation } = await import('../src/core/remediation');
  const { inspectFile } = await import('../server/inspect-file');
  const { runRemediationTask } = await import('../server/remediate/worker-task');
  type Entry = import('../src/core/types').AcceptEntry;
  const rules: Record<string, Record<string, { enabled: boolean; severity: 'autofix'; target: Record<string, unknown> }>> = {
    pdf: { 'geom.bleed.required': { enabled: true, severity: 'autofix', target: { required_mm: 3 } } },
    jpeg: { 'raster.color_mode': { enabled: true, severity: 'autofix', target: { allowed: ['cmyk'] } } },
    png: {
      'raster.transparency': { enabled: true, severity: 'autofix', target: {} },
      'geom.bleed.required': { enabled: true, severity: 'autofix', target: { required_mm: 3 } },
    },
  };
  const kind = id === 'pdf' ? 'pdf' : 'raster';
  const entry: Entry = {
    kind, mimeTypes: [], extensions: [], convertToPdf: id === 'png', onFail: 'reject',
    preflight: { enabled: true, profile: { sections: { all: { enabled: true, rules: rules[id]! } } } },
  };
  const context = id === 'png' ? { artworkSize: { width_mm: 400, height_mm: 300 } } : {};
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const before = await inspectFile(input);
  if (!before.ok) throw new Error(before.error.message);
  const plan = planRemediation(before.facts, evaluateFile(before.facts, entry, context), entry, context);
  const t1 = performance.now();
  const result = await runRemediationTask({ input, kind, fixes: plan.fixes, outputPath: join(outDir, `${id}-out.pdf`) });
  const t2 = performance.now();
  if (!result.ok || !result.run.outputPath || !result.inspection?.ok) throw new Error(`remediation failed: ${JSON.stringify(result)}`);
  const after = result.inspection.facts;
  const recheck = fileOutcome(evaluateFile(after, after.kind === 'pdf' ? { ...entry, kind: 'pdf' } : entry, context));
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  process.stdout.write(JSON.stringify({
    outputBytes: statSync(result.run.outputPath).size,
    ms: { plan: t1 - t0, fix: t2 - t1, recheck: t3 - t2, total: t3 - t0 },
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: hwm ? Number(hwm[1]) / 1024 : 0,
    fixes: result.run.fixes.map((f) => `${f.fix}:${f.status}`),
    recheck,
  }) + '\n');
}

async function makeFixtures(dir: string): Promise<Record<string, string>> {
  const { PDFDocument, rgb } = await import('pdf-lib');
  const sharp = (await import('sharp')).default;
  // 100 A5 pages: a background, bands at the edges, and one shared 1200×800 photo on every page
  const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 85 }).toBuffer();
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(photo);
  for (let i = 0; i < 100; i++) {
    const p = doc.addPage([148 * MM, 210 * MM]);
    p.drawRectangle({ x: 0, y: 0, width: 148 * MM, height: 210 * MM, color: rgb(0.95, 0.9, 0.8) });
    p.drawRectangle({ x: 0, y: 0, width: 148 * MM, height: 20 * MM, color: rgb(0.1, 0.2, 0.6) });
    p.drawImage(img, { x: 10 * MM, y: 60 * MM, width: 128 * MM, height: 85 * MM });
    p.drawText(`Page ${i + 1}`, { x: 12 * MM, y: 190 * MM, size: 24 });
  }
  const pdf = join(dir, 'hundred.pdf');
  writeFileSync(pdf, await doc.save());
  // 50 megapixels (8660 × 5774), RGB JPEG
  const jpeg = join(dir, 'photo-50mp.jpg');
  await sharp({ create: { width: 8660, height: 5774, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 120, sigma: 12 } } }).jpeg({ quality: 90 }).toFile(jpeg);
  // 4000 × 3000 PNG with alpha: a translucent frame around an opaque picture
  const png = join(dir, 'poster-alpha.png');
  await sharp({ create: { width: 4000, height: 3000, channels: 4, background: { r: 200, g: 40, b: 60, alpha: 0.5 } } })
    .composite([{ input: await sharp({ create: { width: 3000, height: 2000, channels: 4, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer(), left: 500, top: 500 }])
    .png()
    .toFile(png);
  return { pdf, jpeg, png };
}

/** The report's table (bench/run.mjs prints the same from bench/out/remediate.json). */
export function remediationTable(results: CaseResult[]): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return [
    '| case | input | output | inspect + plan (s) | fix + inspect output (s) | re-check (s) | total wall (s) | CPU (s) | peak RSS | fixes | re-check |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.what} | ${mb(r.inputBytes)} | ${mb(r.outputBytes)} | ${(r.ms.plan / 1000).toFixed(2)} | ${(r.ms.fix / 1000).toFixed(2)} | ${(r.ms.recheck / 1000).toFixed(3)} | ${(r.ms.total / 1000).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${r.peakRssMb.toFixed(0)} MB | ${r.fixes.join(', ')} | ${r.recheck} |`),
  ].join('\n');
}

function child(id: string, input: string, outDir: string): Promise<Omit<CaseResult, 'id' | 'what' | 'inputBytes'>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'bench/remediate.ts', '--case', id, input, outDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`case ${id} exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-remediate-'));
  try {
    const files = await makeFixtures(dir);
    const cases = [
      { id: 'pdf', what: '100-page PDF (A5, vector art + shared photo), 3 mm mirrored bleed added', input: files.pdf! },
      { id: 'jpeg', what: '50 MP RGB JPEG → CMYK JPEG with ICC profile embedded', input: files.jpeg! },
      { id: 'png', what: '4000 × 3000 PNG with alpha → flattened onto white → PDF with 3 mm mirrored bleed', input: files.png! },
    ];
    const results: CaseResult[] = [];
    for (const c of cases) {
      const r = await child(c.id, c.input, dir);
      results.push({ id: c.id, what: c.what, inputBytes: statSync(c.input).size, ...r });
    }
    console.log(remediationTable(results));
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/out/remediate.json'), JSON.stringify({ results }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--case');
if (at > 0) await runCase(process.argv[at + 1]!, process.argv[at + 2]!, process.argv[at + 3]!);
else await main();
