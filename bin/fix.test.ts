// `filecheck fix` as a shop runs it: a child process on real files; the production files it
// writes are read back with pdf-lib (boxes) and sharp (colour).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PDFArray, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { makePdf } from '../server/test-support';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(root, 'bin/filecheck.mjs');
const WF = path.join(root, 'e2e/workflows/wf_e2e_fix_card.json');
const MM = 72 / 25.4;
let tmp: string;
const file = (name: string) => path.join(tmp, name);

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: tmp, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-fix-'));
  fs.writeFileSync(file('card.pdf'), await makePdf([{ widthMm: 85, heightMm: 55 }]));
  fs.writeFileSync(file('a4.pdf'), await makePdf([{ widthMm: 210, heightMm: 297 }]));
  await sharp({ create: { width: 1004, height: 650, channels: 4, background: { r: 0, g: 128, b: 255, alpha: 0.4 } } }).png().toFile(file('logo.png'));
  fs.writeFileSync(file('card-size.json'), JSON.stringify({ artworkSize: { width_mm: 85, height_mm: 55 } }));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('filecheck fix', () => {
  it('writes a production PDF with 3 mm of bleed and says what it did; exit 0', async () => {
    const r = await run(['fix', '--workflow', WF, '--out', 'out', 'card.pdf']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^FIXED\s+card\.pdf\s+→\s+.*out\/card\.pdf$/m);
    expect(r.stdout).toMatch(/FIX\s+pdf\.add_bleed: We'll add 3 mm of bleed by mirroring the edges\./);
    expect(r.stdout).toMatch(/FIX\s+pdf\.convert_colour/);
    expect(r.stdout).toMatch(/re-check of the production file: PASS/);
    expect(r.stdout).toMatch(/Job: ready — can proceed/);
    const doc = await PDFDocument.load(fs.readFileSync(file('out/card.pdf')));
    const box = (n: string) => { const a = doc.getPage(0).node.lookup(PDFName.of(n), PDFArray); return [0, 1, 2, 3].map((i) => a.lookup(i, PDFNumber).asNumber()); };
    const [t, b] = [box('TrimBox'), box('BleedBox')];
    expect((t[2]! - t[0]!) / MM).toBeCloseTo(85, 1);
    for (const d of [t[0]! - b[0]!, t[1]! - b[1]!, b[2]! - t[2]!, b[3]! - t[3]!]) expect(Math.abs(d / MM - 3)).toBeLessThan(0.1);
  }, 90_000);

  it('--json: an image becomes logo.pdf (convertToPdf); a wrong-size PDF is not fixed and the job cannot proceed (exit 1)', async () => {
    const r = await run(['fix', '-w', WF, '-c', 'card-size.json', '-o', 'json-out', '--json', 'logo.png']);
    expect(r.code).toBe(0);
    const payload = JSON.parse(r.stdout);
    expect(payload.files[0]).toMatchObject({ name: 'logo.png', outcome: 'fixed', recheck: { outcome: 'pass' } });
    expect(payload.files[0].outputRef).toMatch(/json-out\/logo\.pdf$/);
    expect(payload.files[0].fixes.map((f: { fix: string }) => f.fix)).toEqual(['image.flatten', 'image.add_bleed', 'image.colour', 'image.to_pdf']);

    const bad = await run(['fix', '-w', WF, '-o', 'bad-out', 'a4.pdf']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL\s+a4\.pdf$/m);
    expect(fs.existsSync(file('bad-out/a4.pdf'))).toBe(false);
  }, 90_000);

  it('usage errors exit 2: no --out, and an --out that would overwrite the input', async () => {
    const noOut = await run(['fix', '-w', WF, 'card.pdf']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out is required/);
    const same = await run(['fix', '-w', WF, '-o', '.', 'card.pdf']);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/overwrite card\.pdf/);
  }, 90_000);
});
