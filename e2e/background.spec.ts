// raster.background_removal in real Chromium with the built bundle (issue 13 point 5): the worker
// decodes a small downscale (createImageBitmap + OffscreenCanvas); the white-background logo warns,
// its transparent twin passes, in the same drop.
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { pickFiles, recordEvents, type FilePayload } from './support';

const workflow = {
  id: 'wf_logo',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 2 },
    accepts: [
      {
        kind: 'raster', mimeTypes: ['image/png'], extensions: ['png'], maxSize: 10_000_000, onFail: 'reject',
        preflight: { enabled: true, profile: { id: 'prof_logo', sections: { raster: { enabled: true, rules: { 'raster.background_removal': { enabled: true, severity: 'warn', target: {} } } } } } },
      },
    ],
    rejectUnknownTypes: true,
  },
};

async function logo(name: string, background: sharp.Color): Promise<FilePayload> {
  const buffer = await sharp({ create: { width: 1200, height: 900, channels: 4, background } })
    .composite([{ input: Buffer.from('<svg width="600" height="450"><rect x="50" y="50" width="500" height="350" rx="60" fill="#1040a0"/></svg>'), top: 225, left: 300 }])
    .png()
    .toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

test('the white-background logo warns, its transparent twin does not', async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((wf) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', { workflow: wf }).mount('#one');
  }, workflow);
  const w = page.locator('#one');
  await pickFiles(w, [await logo('logo-white.png', '#ffffff'), await logo('logo-transparent.png', { r: 255, g: 255, b: 255, alpha: 0 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'partial', { timeout: 30_000 });
  const white = w.locator('.file', { hasText: 'logo-white.png' });
  const clear = w.locator('.file', { hasText: 'logo-transparent.png' });
  await expect(white).toHaveAttribute('data-outcome', 'warn');
  await expect(white.locator('[data-check="raster.background_removal"]')).toContainText('flat background (#ffffff');
  await expect(clear).toHaveAttribute('data-outcome', 'pass');
  await expect(clear.locator('[data-check="raster.background_removal"]')).toHaveCount(0);
});
