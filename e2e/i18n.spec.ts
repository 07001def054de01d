// Languages: chosen from the option, the page's lang, or the browser; every text translated;
// numbers formatted for the locale; lengths in inches when the workflow says so; overrides.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, pickFiles } from './support';

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
  await mount(page, { workflow: wf(), locale: 'ja' });
  await expect(page.locator('#one .status__label')).toHaveText('No file yet');
});

test('lengths in inches when the workflow works in inches', async ({ page }) => {
  await mount(page, { workflow: wf('in'), locale: 'en' });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('[data-check="geom.page_size"]')).toContainText('in');
  await expect(w.locator('[data-check="geom.page_size"]')).toContainText('8.27');
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
  await page.evaluate(() => (window as any).intake.update({ locale: 'es' }));
  await expect(w.locator('.fc')).toHaveAttribute('lang', 'es');
  await expect(w.locator('[data-check="geom.page_size"]')).not.toHaveText(english!);
});
