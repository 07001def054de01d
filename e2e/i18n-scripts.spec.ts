// Languages in other scripts and plural systems: the rejected state in Arabic (right to left,
// six plural forms), Japanese and Korean (CJK glyphs, no plurals) and Czech (one/few/other), from the
// script-tag build with its lazily loaded catalogue chunks. Screenshots go to e2e/screenshots/
// for review: mirrored layout, real glyphs (no empty boxes), numbers formatted for the locale.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, pickFiles } from './support';

// Two A4 pages for an 85×55 mm card with 3 mm bleed: the page size and the bleed fail, and the
// bleed finding counts two pages (Arabic "two", Czech "few").
const wf = {
  id: 'wf_i18n_scripts',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 1 },
    accepts: [
      {
        kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'],
        preflight: { enabled: true, profile: { sections: { geometry: { enabled: true, rules: {
          'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 } },
          'geom.bleed.required': { enabled: true, severity: 'reject', target: { required_mm: 3 } },
        } } } } },
      },
    ],
  },
};

async function rejectedIn(page: Page, locale: string): Promise<void> {
  const chunks: string[] = [];
  page.on('request', (r) => chunks.push(r.url()));
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((o) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', o).mount('#one');
  }, { workflow: wf, locale });
  const w = page.locator('#one');
  await expect(w.locator('.fc')).toHaveAttribute('lang', locale);
  await pickFiles(w, [await makePdf('flyer-a4.pdf', { widthMm: 210, heightMm: 297, pages: 2 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await expect(w.locator('[data-check="geom.bleed.required"]')).toBeVisible();
  // the catalogue came as its own chunk, on demand
  expect(chunks.some((u) => u.endsWith(`/chunks/locale-${locale}.js`))).toBe(true);
}

test('Arabic: right to left, Arabic texts and the dual form for two pages', async ({ page }) => {
  await rejectedIn(page, 'ar');
  const w = page.locator('#one');
  const fc = w.locator('.fc');
  await expect(fc).toHaveAttribute('dir', 'rtl');
  expect(await fc.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await expect(w.locator('.status__label')).toHaveText('يُرجى إصلاح المشكلات أدناه');
  // dual: "الصفحتين" (the two pages), not the plural used for three to ten
  await expect(w.locator('[data-check="geom.bleed.required"]')).toContainText('الصفحتين');
  await expect(w.locator('[data-check="geom.page_size"]')).toContainText('210×297 mm');
  // mirrored: the status line starts at the right edge of the widget
  const box = await fc.boundingBox();
  const label = await w.locator('.status__label').boundingBox();
  expect(box!.x + box!.width - (label!.x + label!.width)).toBeLessThan(label!.x - box!.x);
  await w.screenshot({ path: 'e2e/screenshots/rejected-ar.png' });
});

test('Japanese: CJK texts without plural forms', async ({ page }) => {
  await rejectedIn(page, 'ja');
  const w = page.locator('#one');
  await expect(w.locator('.fc')).not.toHaveAttribute('dir', 'rtl');
  await expect(w.locator('.status__label')).toHaveText('以下の問題を修正してください');
  await expect(w.locator('[data-check="geom.bleed.required"]')).toContainText('塗り足し');
  await expect(w.locator('[data-check="geom.page_size"]')).toContainText('210×297 mm');
  await w.screenshot({ path: 'e2e/screenshots/rejected-ja.png' });
});

test('Korean: Hangul texts, particles never glued to a value', async ({ page }) => {
  await rejectedIn(page, 'ko');
  const w = page.locator('#one');
  await expect(w.locator('.status__label')).toHaveText('아래 문제를 해결해 주세요');
  await expect(w.locator('[data-check="geom.bleed.required"]')).toContainText('도련');
  await w.screenshot({ path: 'e2e/screenshots/rejected-ko.png' });
});

test('Czech: the "few" form for two pages and Czech print terms', async ({ page }) => {
  await rejectedIn(page, 'cs');
  const w = page.locator('#one');
  await expect(w.locator('.status__label')).toHaveText('Opravte prosím níže uvedené problémy');
  await expect(w.locator('[data-check="geom.bleed.required"]')).toContainText(/Strany .* nemají spadávku|Strany .* mají jen/);
  await expect(w.locator('[data-check="geom.page_size"]')).toContainText('210×297 mm');
  await w.screenshot({ path: 'e2e/screenshots/rejected-cs.png' });
});

test('Arabic in the dialog presentation: the dialog is right to left too', async ({ page }) => {
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((o) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', o).mount('#one');
  }, { workflow: wf, locale: 'ar', presentation: 'dialog' });
  const trigger = page.locator('#one .btn--trigger');
  await expect(trigger).toHaveText(/ارفع ملف الطباعة/);
  await expect(trigger).toHaveAttribute('dir', 'rtl');
  await trigger.click();
  const dialog = page.locator('#one').getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('dir', 'rtl');
  await expect(dialog).toHaveAttribute('lang', 'ar');
});
