// The CLI as a shop runs it: a child process (bin/filecheck.mjs) on real files. Also the issue's
// "same file, same findings" check: the widget's controller, the reference server and the CLI
// judge the same bytes alike.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkflow } from '../src/core/workflow';
import type { Finding, StatusPayload } from '../src/core/types';
import { createIntakeController } from '../src/widget/controller';
import { createInProcessPool } from '../src/widget/in-process-pool';
import { createJob, makePdf, makePng, settledJob, startServer, tempDataDir, tusUpload } from '../server/test-support';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(root, 'bin/filecheck.mjs');
const WF = (id: string) => path.join(root, 'demo/workflows', `${id}.json`);
const corpus = path.join(root, '../shared/corpus');

let tmp: string;
const file = (name: string) => path.join(tmp, name);

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: tmp, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Explicit .ts: the bundler would otherwise resolve './filecheck' to the filecheck.mjs shim.
let main: typeof import('./filecheck').main;

beforeAll(async () => {
  ({ main } = (await import(/* @vite-ignore */ `./filecheck${'.ts'}`)) as typeof import('./filecheck'));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-cli-'));
  fs.writeFileSync(file('a5.pdf'), await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]));
  fs.writeFileSync(file('a4.pdf'), await makePdf([{ widthMm: 210, heightMm: 297, bleedMm: 3 }]));
  fs.writeFileSync(file('photo-300.png'), await makePng(1200, 1800, 300));
  fs.writeFileSync(file('photo-72.png'), await makePng(283, 425, 72));
  fs.writeFileSync(file('broken.json'), '{ "schemaVersion": 1, "rule": ');
  fs.writeFileSync(file('bad-kind.json'), JSON.stringify({ schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'doc' }] } }));
  fs.writeFileSync(file('two-pages.json'), JSON.stringify({ pageCount: { min: 2 } }));
  fs.writeFileSync(file('big-print.json'), JSON.stringify({ artworkSize: { width_mm: 200, height_mm: 300 } }));
  fs.writeFileSync(file('bad-context.json'), JSON.stringify({ artworkSize: { width_mm: -5, height_mm: 10 } }));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('filecheck check', () => {
  it('exit 0 and a readable report for a conforming file', async () => {
    const r = await run(['check', '--workflow', WF('wf_flyer_a5'), 'a5.pdf']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Workflow wf_flyer_a5/);
    expect(r.stdout).toMatch(/^(PASS|WARN)\s+a5\.pdf\s+\(PDF 1\.\d, 1 page/m);
    expect(r.stdout).toMatch(/PASS\s+geom\.page_size: Page size 148×210 mm/);
    expect(r.stdout).toMatch(/Job: (ready|partial) — can proceed/);
  });

  it('exit 1 with the failing finding for a wrong page size; --json gives the status payload with findings and facts', async () => {
    const text = await run(['check', '-w', WF('wf_flyer_a5'), 'a4.pdf']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^FAIL\s+a4\.pdf/m);
    expect(text.stdout).toMatch(/FAIL\s+geom\.page_size \(page 1\): Page 1 is 210×297 mm; this product needs 148×210 mm/);
    expect(text.stdout).toMatch(/Job: rejected — cannot proceed/);

    const json = await run(['check', '--workflow', WF('wf_flyer_a5'), '--json', 'a4.pdf']);
    expect(json.code).toBe(1);
    const payload = JSON.parse(json.stdout);
    expect(payload).toMatchObject({ status: 'rejected', terminal: true, canProceed: false, workflowId: 'wf_flyer_a5', jobId: null });
    expect(payload.files[0]).toMatchObject({ id: 'file_1', name: 'a4.pdf', outcome: 'fail', status: 'done', fileRef: null, outputRef: null });
    expect(payload.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'geom.page_size', outcome: 'fail', severity: 'reject', page: 1 }));
    expect(payload.files[0].facts.pdf).toMatchObject({ pageCount: 1 });
    expect(payload.facts.aggregate).toMatchObject({ fileCount: 1, pageCount: 1, width: 210, height: 297 });
  });

  it('applies a context file, and checks several files as one job (or each alone with --each)', async () => {
    const [pages, bigRun, smallRun, twoRun, each, eachOk] = await Promise.all([
      run(['check', '-w', WF('wf_flyer_a5'), '-c', 'two-pages.json', 'a5.pdf']),
      run(['check', '-w', WF('wf_photo_print'), '--context', 'big-print.json', '--json', 'photo-300.png']),
      run(['check', '-w', WF('wf_photo_print'), '--json', 'photo-300.png']),
      run(['check', '-w', WF('wf_flyer_a5'), '--json', 'a5.pdf', 'a5.pdf']),
      run(['check', '-w', WF('wf_flyer_a5'), '--each', '--json', 'a5.pdf', 'a4.pdf']),
      run(['check', '-w', WF('wf_flyer_a5'), '--each', 'a5.pdf', 'a5.pdf']),
    ]);
    expect(pages.code).toBe(1);
    const big = JSON.parse(bigRun.stdout);
    expect(big.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'raster.effective_dpi', outcome: 'fail' }));
    const small = JSON.parse(smallRun.stdout);
    expect(small.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'raster.effective_dpi', outcome: 'pass' }));

    // The flyer takes one file: a second one is refused (too_many_files) → cannot proceed.
    const two = JSON.parse(twoRun.stdout);
    expect(twoRun.code).toBe(1);
    expect(two.files.map((f: { status: string }) => f.status)).toEqual(['done', 'refused']);
    expect(two.files[1].error.code).toBe('too_many_files');
    expect(each.code).toBe(1);
    expect(JSON.parse(each.stdout).map((p: StatusPayload) => p.canProceed)).toEqual([true, false]);
    expect(eachOk.code).toBe(0);
  });

  it('refuses a file of the wrong type by its content, and reads real-world files from the corpus', async () => {
    const r = await run(['check', '-w', WF('wf_flyer_a5'), '--json', 'photo-72.png']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ status: 'refused', error: { code: 'file_type_refused' } });
    const jpeg = path.join(corpus, 'exif-samples/jpg/Canon_40D.jpg');
    if (!fs.existsSync(jpeg)) return console.warn('corpus absent: skipping the corpus part');
    const c = await run(['check', '-w', WF('wf_photo_print'), '--json', jpeg]);
    expect(c.code).toBe(0); // accept_with_warnings: a low-resolution photo is an accepted failure
    const f = JSON.parse(c.stdout).files[0];
    expect(f).toMatchObject({ name: 'Canon_40D.jpg', status: 'done', outcome: 'fail' });
    expect(f.facts.raster).toMatchObject({ widthPx: expect.any(Number), heightPx: expect.any(Number) });
  });

  it('exit 2 on usage and input errors, with a message', async () => {
    // The exit code through a real process…
    const proc = await Promise.all([run([]), run(['check', '-w', WF('wf_flyer_a5'), 'missing.pdf']), run(['check', '-w', 'broken.json', 'a5.pdf'])]);
    expect(proc.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(proc[0]!.stderr).toMatch(/no command given[\s\S]*Usage: filecheck check/);
    expect(proc[1]!.stderr).toMatch(/no such file: missing\.pdf/);
    expect(proc[2]!.stderr).toMatch(/workflow_invalid: broken\.json: workflow is not valid JSON/);
    expect(proc.map((r) => r.stdout)).toEqual(['', '', '']);

    // …and every other case through main() in this process (same code, no process start each).
    const cases: [string[], RegExp][] = [
      [['lint'], /unknown command "lint"/],
      [['check', file('a5.pdf')], /--workflow is required/],
      [['check', '-w', WF('wf_flyer_a5')], /no files given/],
      [['check', '-w', WF('wf_flyer_a5'), '--frobnicate', file('a5.pdf')], /unknown option --frobnicate/],
      [['check', '-w', WF('wf_flyer_a5'), '--timeout', '0', file('a5.pdf')], /--timeout must be a positive number/],
      [['check', '-w', WF('wf_flyer_a5'), tmp], /not a file: /],
      [['check', '-w', file('nope.json'), file('a5.pdf')], /cannot read the workflow .*nope\.json: ENOENT/],
      [['check', '-w', file('bad-kind.json'), file('a5.pdf')], /workflow_invalid: .*bad-kind\.json at rule\.accepts\[0\]\.kind: /],
      [['check', '-w', WF('wf_flyer_a5'), '-c', file('bad-context.json'), file('a5.pdf')], /context_invalid: .*bad-context\.json: artworkSize\.width_mm/],
      [['check', '-w', WF('wf_flyer_a5'), '-c', file('broken.json'), file('a5.pdf')], /context_invalid: .*broken\.json is not valid JSON/],
    ];
    for (const [args, message] of cases) {
      let out = '';
      let err = '';
      const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(message);
      expect(out).toBe('');
    }
    let help = '';
    expect(await main(['--help'], { stdout: (t) => (help += t), stderr: () => {} })).toBe(0);
    expect(help).toMatch(/^Usage: filecheck check/);
  });
});

describe('the same file gives the same findings in the widget, on the server and in the CLI', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDataDir();
    server = await startServer(dataDir);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['wf_flyer_a5', 'a4.pdf'],
    ['wf_flyer_a5', 'a5.pdf'],
    ['wf_photo_print', 'photo-72.png'],
    ['wf_photo_print', 'photo-300.png'],
  ])('%s · %s', async (workflowId, name) => {
    const bytes = fs.readFileSync(file(name));

    // CLI (child process) and server (real tus upload, verification in a worker thread), side by side
    const [cliRun, serverFile] = await Promise.all([
      run(['check', '-w', WF(workflowId), '--json', name]),
      (async () => {
        const job = await createJob(server.url, workflowId);
        expect((await tusUpload(server.url, job, bytes, { filename: name, fileId: 'f' })).error).toBeNull();
        return (await settledJob(server.url, job.id)).files[0] as { outcome: string; findings: Finding[]; facts: unknown; outputRef: string | null };
      })(),
    ]);
    const cliFile = JSON.parse(cliRun.stdout).files[0];

    // Widget controller with the real inspectors in-process
    const parsed = parseWorkflow(JSON.parse(fs.readFileSync(WF(workflowId), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const c = createIntakeController({
      workflow: { ...parsed.workflow, id: workflowId }, workflowId, pool: createInProcessPool(),
      evaluator: () => import('../src/core/evaluator-entry'), locale: () => 'en',
    } as Parameters<typeof createIntakeController>[0]);
    const [record] = c.addFiles([new File([bytes], name)]);
    for (let i = 0; i < 500 && !c.payload.value.terminal; i++) await new Promise((r) => setTimeout(r, 10));
    const widgetFindings = record!.findings.value;

    expect(cliFile.findings.length).toBeGreaterThan(0);
    expect(serverFile.findings).toEqual(cliFile.findings);
    // total ink needs a rendering, which the browser cannot make: there it says the check runs after
    // upload; the server and the CLI measure it (server/ink-coverage.ts). Everything else is identical.
    const notInk = (list: Finding[]) => list.filter((f) => f.checkId !== 'color.max_ink_coverage');
    expect(notInk(widgetFindings)).toEqual(notInk(cliFile.findings));
    const ink = (list: Finding[]) => list.find((f) => f.checkId === 'color.max_ink_coverage');
    if (ink(cliFile.findings)) {
      expect(ink(widgetFindings)).toMatchObject({ outcome: 'skipped', messageKey: 'color.max_ink_coverage.skipped' });
      expect(ink(cliFile.findings)).toMatchObject({ outcome: 'pass', messageKey: 'color.max_ink_coverage.pass' });
    }
    // The server goes on to remediate (issue 14): an autofix warning it cured reads 'fixed', with a
    // production file; `check` (like the widget) judges the original only.
    if (serverFile.outcome === 'fixed') {
      expect(cliFile.outcome).toBe('warn');
      expect(serverFile.outputRef).toMatch(/^out_/);
    } else expect(serverFile.outcome).toBe(cliFile.outcome);
    expect(c.payload.value.files[0]!.outcome).toBe(cliFile.outcome);
    expect(serverFile.facts).toEqual(cliFile.facts);
  });
});
