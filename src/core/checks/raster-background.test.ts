// raster.background_removal (issue 13 point 5) on files made with sharp and read the way the
// server reads them (inspectFile: header facts + a sharp downscale): the white-background logo
// warns with its colour, the transparent twin and a photo do not; without pixels the check says
// the server judges it after upload; a decode failure is 'skipped', never a pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile } from '../../../server/inspect-file';
import { backgroundRemoval } from './raster-background';
import { t } from '../i18n';
import type { FileFacts } from '../types';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function stored(name: string, bytes: Buffer): Promise<FileFacts> {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  const r = await inspectFile(p);
  if (!r.ok) throw new Error(r.error.message);
  return r.facts;
}

const logo = (background: sharp.Color) =>
  sharp({ create: { width: 1200, height: 900, channels: 4, background } })
    .composite([{ input: Buffer.from('<svg width="600" height="450"><rect x="50" y="50" width="500" height="350" rx="60" fill="#1040a0"/></svg>'), top: 225, left: 300 }])
    .png()
    .toBuffer();

const judge = (facts: FileFacts) => backgroundRemoval.run(facts, {}, {}).map((r) => ({ ...r, message: t(r.messageKey, r.params ?? {}) }));

describe('raster.background_removal', () => {
  it('warns about the white background of a logo, naming its colour and share', async () => {
    const [r] = judge(await stored('logo-white.png', await logo('#ffffff')));
    expect(r).toMatchObject({ outcome: 'fail', messageKey: 'raster.background_removal.fail' });
    expect(r!.message).toMatch(/^The image has a flat background \(#ffffff, about [6-8]\d% of the picture\) that will print\./);
  });

  it('does not flag the transparent twin, nor a JPEG photo', async () => {
    expect(judge(await stored('logo-transparent.png', await logo({ r: 255, g: 255, b: 255, alpha: 0 }))).map((r) => r.messageKey)).toEqual(['raster.background_removal.pass_transparent']);
    const raw = Buffer.alloc(300 * 200 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 37 + ((i / 900) | 0) * 11) & 255;
    expect(judge(await stored('photo.jpg', await sharp(raw, { raw: { width: 300, height: 200, channels: 3 } }).jpeg().toBuffer()))[0]!.outcome).toBe('pass');
  });

  it('says the server judges it when no pixels were decoded, and skips (never passes) when decoding failed', async () => {
    const facts = await stored('logo-white-2.png', await logo('#ffffff'));
    const { background: _b, ...noPixels } = facts.raster!;
    expect(judge({ ...facts, raster: noPixels })[0]).toMatchObject({ outcome: 'skipped', code: 'checked_after_upload', message: 'The background is checked on our server after upload.' });
    expect(judge({ ...facts, raster: { ...noPixels, background: { error: 'x' } } })[0]!.outcome).toBe('skipped');
  });
});
