// The reference product's mug sample through the CLI (a child process, real files made with
// sharp): a square image without a stated resolution cannot become a 200×85 mm wrap at any
// resolution and is rejected; a wrap-shaped one passes (issue 13 point 4).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(root, 'bin/filecheck.mjs');
const WF = path.join(root, 'demo/workflows/wf_mug.json');
let tmp: string;

function check(name: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'check', '--workflow', WF, name], { cwd: tmp, timeout: 60_000 }, (err, stdout) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stdout });
    });
  });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-mug-'));
  // sharp writes JFIF with a 1:1 density and no unit: no stated resolution
  const make = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#c03030' } }).jpeg().toBuffer();
  fs.writeFileSync(path.join(tmp, 'square.jpg'), await make(1800, 1800));
  fs.writeFileSync(path.join(tmp, 'wrap.jpg'), await make(2362, 1004));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('mug wrap (wf_mug)', () => {
  it('rejects a square image without resolution: no resolution makes it 200×85 mm', async () => {
    const r = await check('square.jpg');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+geom\.page_size: The image is 1800×1800 pixels \(proportions 1:1\); no resolution makes it 200×85 mm/);
    expect(r.stdout).not.toMatch(/PDF/);
  });

  it('passes a wrap-shaped image, saying the resolution it prints at', async () => {
    const r = await check('wrap.jpg');
    expect(r.stdout).toMatch(/PASS\s+geom\.page_size: The image states no resolution; its proportions fit 200×85 mm, where it prints at 300 dpi\./);
  });
});
