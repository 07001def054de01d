// Presentation options of the reference: ui.title, subtitle, helpText, layout compact/inline,
// resultsDisplay 'list', dialog with submitLabel and autoSubmit.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, pickFiles } from './support';

const wf = {
  id: 'wf_presentation',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 1 },
    accepts: [
      {
        kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'],
        preflight: { enabled: true, profile: { sections: { geometry: { enabled: true, rules: {
          'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 91, height_mm: 61 }], tolerance_mm: 1 } },
        } } } } },
      },
    ],
  },
};

async function mount(page: Page, opts: Record<string, unknown>): Promise<void> {
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((o) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', o).mount('#one');
  }, { workflow: wf, ...opts });
}

test('title, subtitle and help text come from ui options', async ({ page }) => {
  await mount(page, { ui: { title: 'Your card design', subtitle: '85 × 55 mm', helpText: 'One PDF page per side.' } });
  const w = page.locator('#one');
  await expect(w.getByRole('heading', { name: 'Your card design' })).toBeVisible();
  await expect(w.locator('.fc__subtitle')).toHaveText('85 × 55 mm');
  await expect(w.locator('.fc__help')).toHaveText('One PDF page per side.');
  await page.evaluate(() => void (window as any).intake.update({ ui: { title: 'Changed title' } }));
  await expect(w.getByRole('heading', { name: 'Changed title' })).toBeVisible();
});

test('compact layout hides the help text and tightens the layout; inline is the default', async ({ page }) => {
  await mount(page, { ui: { layout: 'compact', helpText: 'Long help' } });
  const w = page.locator('#one');
  await expect(w.locator('.fc')).toHaveClass(/fc--compact/);
  await expect(w.locator('.fc__help')).toHaveCount(0);
  await page.evaluate(() => void (window as any).intake.update({ ui: { layout: 'inline' } }));
  await expect(w.locator('.fc')).toHaveClass(/fc--inline/);
  await expect(w.locator('.fc__help')).toHaveText('Long help');
});

test("resultsDisplay 'list' shows each file's verdict without the findings", async ({ page }) => {
  await mount(page, { ui: { resultsDisplay: 'list' } });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('.file__state')).toHaveText('Problem found');
  await expect(w.locator('.finding')).toHaveCount(0);
  await page.evaluate(() => void (window as any).intake.update({ ui: { resultsDisplay: 'full' } }));
  await expect(w.locator('.finding')).toHaveCount(1);
});

test('dialog: submitLabel names the confirm button; autoSubmit closes the dialog once the order can proceed', async ({ page }) => {
  await mount(page, { presentation: 'dialog', ui: { title: 'Upload', submitLabel: 'Continue to cart', autoSubmit: true } });
  const w = page.locator('#one');
  await w.getByRole('button', { name: /Upload/ }).click();
  const dialog = w.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Continue to cart' })).toBeVisible();
  await pickFiles(dialog, [await makePdf('card.pdf')]);
  await expect(dialog).toBeHidden();
  await expect(w.getByRole('button', { name: /Upload · Ready to order/ })).toBeVisible();
});
