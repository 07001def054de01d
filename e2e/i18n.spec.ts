// Languages: chosen from the option, the page's lang, or the browser; every text translated;
// numbers formatted for the locale; lengths in inches when the workflow says so; overrides.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, makePng, pickFiles } from './support';

const wf = (units?: 'mm' | 'in') => ({
  id: 'wf_i18n',
  schemaVersion: 1,
  ...(units ? { ui: { units } } : {}),
  rule: {
    cardinality: { min: 1, max: 2 },
    accepts: [
      {
        kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'],
        preflight: { enabled: true, profile: { sections: { geometry: { enabled: true, rules: {
          'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 } },
        } } } } },
      },
    ],
  },
});

async function mount(page: Page, opts: Record<string, unknown>, lang?: string): Promise<void> {
  await page.goto('/e2e/pages/harness.html');
  if (lang) await page.evaluate((l) => document.documentElement.setAttribute('lang', l), lang);
  await page.evaluate((o) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', o).mount('#one');
  }, opts);
  await expect(page.locator('#one .dropzone')).toBeVisible();
}

test('the locale option wins; German texts, findings and number formats', async ({ page }) => {
  await mount(page, { workflow: wf(), locale: 'de-AT' }, 'fr');
  const w = page.locator('#one');
  await expect(w.locator('.status__label')).not.toHaveText('No file yet');
  await expect(w.locator('.fc')).toHaveAttribute('lang', 'de');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  const finding = await w.locator('[data-check="geom.page_size"]').textContent();
  expect(finding).toContain('210');
  expect(finding).not.toMatch(/this product needs/);
  await page.locator('#one').screenshot({ path: 'e2e/screenshots/rejected-de.png' });
});

test("without the option, the page's lang decides (French)", async ({ page }) => {
  await mount(page, { workflow: wf() }, 'fr-CA');
  const w = page.locator('#one');
  await expect(w.locator('.fc')).toHaveAttribute('lang', 'fr');
  await pickFiles(w, [await makePdf('carte.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(w.locator('.status__label')).not.toHaveText('Ready to order');
  await page.locator('#one').screenshot({ path: 'e2e/screenshots/ready-fr.png' });
});

test('an unsupported language falls back to English', async ({ page }) => {
  await mount(page, { workflow: wf(), locale: 'xh-ZA' });
  await expect(page.locator('#one .status__label')).toHaveText('No file yet');
});

test('lengths in inches when the workflow works in inches', async ({ page }) => {
  const inches = {
    id: 'wf_inches',
    schemaVersion: 1,
    ui: { units: 'in' },
    rule: {
      cardinality: { min: 1, max: 1 },
      accepts: [{
        kind: 'raster', mimeTypes: ['image/png'], extensions: ['png'],
        preflight: { enabled: true, profile: { sections: { raster: { enabled: true, rules: {
          'raster.effective_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 300, target_width_mm: 85, target_height_mm: 55 } },
        } } } } },
      }],
    },
  };
  await mount(page, { workflow: inches, locale: 'en' });
  const w = page.locator('#one');
  await pickFiles(w, [await makePng('logo.png', 64)]);
  const finding = w.locator('[data-check="raster.effective_dpi"]');
  await expect(finding).toContainText('3.35×2.17 in');
  await expect(finding).not.toContainText('mm');
});

test('page sizes in inches too', async ({ page }) => {
  await mount(page, { workflow: wf('in'), locale: 'en' });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('[data-check="geom.page_size"]')).toContainText('8.27×11.69 in; this product needs 3.35×2.17 in');
});

test('the store can override any text', async ({ page }) => {
  await mount(page, { workflow: wf(), locale: 'en', messages: { 'ui.status.idle': 'Waiting for your artwork', 'ui.dropzone.prompt': 'Drop your PDF' } });
  await expect(page.locator('#one .status__label')).toHaveText('Waiting for your artwork');
  await expect(page.locator('#one .dropzone__prompt')).toHaveText('Drop your PDF');
});

test('switching the locale later re-renders findings without re-reading files', async ({ page }) => {
  await mount(page, { workflow: wf(), locale: 'en' });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  const english = await w.locator('[data-check="geom.page_size"]').textContent();
  await page.evaluate(() => void (window as any).intake.update({ locale: 'es' }));
  await expect(w.locator('.fc')).toHaveAttribute('lang', 'es');
  await expect(w.locator('[data-check="geom.page_size"]')).not.toHaveText(english!);
});
