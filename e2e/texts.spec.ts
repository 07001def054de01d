// Words that match the state: what each row, the live region and the dialog say, and store
// texts in the customer's language.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, pickFiles, recordEvents } from './support';

const cardProfile = { sections: { geometry: { enabled: true, rules: { 'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 } } } } } };
const workflow = (onFail: string, withProfile = true, extra: Record<string, unknown> = {}) => ({
  id: 'wf_texts',
  schemaVersion: 1,
  ...extra,
  rule: {
    cardinality: { min: 1, max: 40 },
    accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], onFail, preflight: withProfile ? { enabled: true, profile: cardProfile } : { enabled: false } }],
  },
});

async function mount(page: Page, options: Record<string, unknown>): Promise<void> {
  await page.evaluate((opts) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', opts).mount('#one');
  }, options);
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/harness.html');
});

test('a failure accepted under accept_with_warnings is a warning, in line with a job that can be ordered', async ({ page }) => {
  await mount(page, { workflow: workflow('accept_with_warnings') });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'partial');
  const row = w.locator('.file');
  await expect(row).toHaveAttribute('data-tone', 'warn');
  await expect(row.locator('.file__state')).toHaveText('Accepted with warnings');
  await expect(row.locator('.file__badge')).toHaveText('!');
  await expect(row).not.toContainText('Problem found');
});

test('without a preflight profile files are "not checked" (neutral), never a green pass', async ({ page }) => {
  await mount(page, { workflow: workflow('reject', false) });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('any.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  const row = w.locator('.file');
  await expect(row).toHaveAttribute('data-tone', 'neutral');
  await expect(row.locator('.file__state')).toHaveText('Not checked (no checks for this product)');
  await expect(row.locator('.file__badge')).not.toHaveText('✓');
  await expect(row.locator('.file__meta')).toContainText('PDF');
});

test('the live region says what the problem is, not only that there is one', async ({ page }) => {
  await mount(page, { workflow: workflow('reject') });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('wrong-size.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await expect(w.locator('[role=status][aria-live=polite]')).toContainText(/wrong-size\.pdf: Problem found: Page 1 is .*this product needs/);
});

test('after Remove, focus goes to the next row, then to the drop zone', async ({ page }) => {
  await mount(page, { workflow: workflow('reject', false) });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('one.pdf'), await makePdf('two.pdf')]);
  await expect(w.locator('.file')).toHaveCount(2);
  await w.getByRole('button', { name: 'Remove one.pdf' }).click();
  await expect(w.getByRole('button', { name: 'Remove two.pdf' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(w.locator('.file')).toHaveCount(0);
  await expect(w.locator('.dropzone')).toBeFocused();
});

test('in the dialog, Done stays in view with a long list of files', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await mount(page, { workflow: workflow('reject', false), presentation: 'dialog' });
  const w = page.locator('#one');
  await w.locator('.btn--trigger').click();
  const files = await Promise.all(Array.from({ length: 30 }, (_, i) => makePdf(`file-${i}.pdf`)));
  await pickFiles(w, files);
  await expect(w.locator('.file')).toHaveCount(30);
  await expect(w.getByRole('button', { name: 'Done' })).toBeInViewport();
});

test('store texts per locale: title, subtitle and slot labels in the customer\'s language', async ({ page }) => {
  const wf = {
    ...workflow('reject', false),
    title: { en: 'Business cards', de: 'Visitenkarten' },
    ui: { subtitle: { en: 'Front and back', de: 'Vorder- und Rückseite' } },
  };
  (wf.rule as any).cardinality = { min: 1, max: 2, slots: [{ id: 'front', label: 'Front', labels: { de: 'Vorderseite' } }, { id: 'back', label: 'Back', labels: { de: 'Rückseite' }, required: false }] };
  await mount(page, { workflow: wf, locale: 'de' });
  const w = page.locator('#one');
  await expect(w.locator('.fc__title')).toHaveText('Visitenkarten');
  await expect(w.locator('.fc__subtitle')).toHaveText('Vorder- und Rückseite');
  await expect(w.locator('.slot__label')).toHaveText(['Vorderseite', 'Rückseite']);
});
