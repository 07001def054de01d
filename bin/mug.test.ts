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
  // the reference demo's logo pair: white background and transparent twin, wrap-shaped, 300 dpi
  const logo = (background: sharp.Color) =>
    sharp({ create: { width: 2362, height: 1004, channels: 4, background } })
      .composite([{ input: Buffer.from('<svg width="800" height="600"><circle cx="400" cy="300" r="280" fill="#2060c0"/></svg>'), top: 202, left: 781 }])
      .png()
      .withMetadata({ density: 300 })
      .toBuffer();
  fs.writeFileSync(path.join(tmp, 'logo-white.png'), await logo('#ffffff'));
  fs.writeFileSync(path.join(tmp, 'logo-transparent.png'), await logo({ r: 255, g: 255, b: 255, alpha: 0 }));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('mug wrap (wf_mug)', () => {
  it('warns about the white background of the logo (decoded with sharp), not about its transparent twin', async () => {
    const white = await check('logo-white.png');
    expect(white.code).toBe(0);
    expect(white.stdout).toMatch(/WARN\s+raster\.background_removal: The image has a flat background \(#ffffff/);
    const clear = await check('logo-transparent.png');
    expect(clear.stdout).toMatch(/PASS\s+raster\.background_removal: The image has a transparent background\./);
    expect(clear.stdout).not.toMatch(/WARN/);
  });

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
