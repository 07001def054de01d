// Accessibility in every state a customer meets: axe-core finds no violations, everything works
// from the keyboard, and changes are announced politely.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { makePdf, makePng, pickFiles, recordEvents } from './support';

const pdfOnly = {
  id: 'wf_a11y',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 2 },
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

async function mount(page: Page, extra: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate((opts) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', opts).mount('#one');
  }, { workflow: pdfOnly, ...extra });
}

async function expectNoViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include('#one').analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations in state "${label}"`).toEqual([]);
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/harness.html');
});

test('axe: idle, rejected with findings, ready', async ({ page }) => {
  await mount(page);
  const w = page.locator('#one');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await expectNoViolations(page, 'idle');

  await pickFiles(w, [await makePdf('wrong-size.pdf', { widthMm: 210, heightMm: 297 }), await makePng('logo.png')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await expect(w.locator('.finding--fail').first()).toBeVisible();
  await expectNoViolations(page, 'rejected with findings');

  await w.getByRole('button', { name: 'Remove logo.png' }).click();
  await w.getByRole('button', { name: 'Remove wrong-size.pdf' }).click();
  await pickFiles(w, [await makePdf('card.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expectNoViolations(page, 'ready');
});

test('axe: dialog open; focus moves in on open and back to the trigger on close', async ({ page }) => {
  await mount(page, { presentation: 'dialog', ui: { title: 'Upload artwork', submitLabel: 'Use these files' } });
  const trigger = page.locator('#one').getByRole('button', { name: /Upload artwork/ });
  await expect(trigger).toBeVisible();
  await trigger.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('#one').getByRole('dialog', { name: 'Upload artwork' });
  await expect(dialog).toBeVisible();
  // focus is inside the dialog
  expect(await page.evaluate(() => {
    const host = document.querySelector('#one .filecheck-intake')!;
    return host.shadowRoot!.activeElement?.closest('dialog') !== null;
  })).toBe(true);
  await expectNoViolations(page, 'dialog open');
  await expect(dialog.getByRole('button', { name: 'Use these files' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await page.evaluate(() => document.querySelector('#one .filecheck-intake')!.shadowRoot!.activeElement?.textContent)).toContain('Upload artwork');
  // focus() and blur() open and close it from the API
  await page.evaluate(() => (window as any).intake.focus());
  await expect(dialog).toBeVisible();
  await page.evaluate(() => (window as any).intake.blur());
  await expect(dialog).toBeHidden();
  // opened again by the API in the same moment the customer closes it (Escape, or a close
  // request: `cancel` at once, `close` a task later): the dialog opens again, not dropped
  await page.evaluate(() => (window as any).intake.focus());
  await expect(dialog).toBeVisible();
  await page.evaluate(() => {
    const host = document.querySelector('#one .filecheck-intake')!;
    (host.shadowRoot!.querySelector('dialog') as HTMLDialogElement & { requestClose(): void }).requestClose();
    (window as any).intake.focus();
  });
  await expect(dialog).toBeVisible();
});

test('keyboard only: add, remove and replace without a mouse', async ({ page }) => {
  await mount(page);
  const w = page.locator('#one');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await page.locator('input[name=quantity]').focus();
  await page.keyboard.press('Tab'); // the drop zone
  await expect(w.getByRole('button', { name: /Drop files here/ })).toBeFocused();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles([await makePdf('a.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await page.keyboard.press('Tab'); // Replace
  await expect(w.getByRole('button', { name: 'Replace a.pdf' })).toBeFocused();
  const chooser2 = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser2).setFiles([await makePdf('b.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await w.getByRole('button', { name: 'Remove b.pdf' }).focus();
  await page.keyboard.press('Enter');
  await expect(w.locator('.file')).toHaveCount(0);
});

test('status and per-file verdicts are announced in a polite live region', async ({ page }) => {
  await mount(page);
  const w = page.locator('#one');
  const live = w.locator('[role=status][aria-live=polite]');
  await expect(live).toHaveText(/No file yet/);
  await pickFiles(w, [await makePdf('card.pdf')]);
  await expect(live).toContainText('Ready to order');
  await expect(live).toContainText('card.pdf: OK');
});

test('verdicts never rely on colour alone: each carries a symbol and words', async ({ page }) => {
  await mount(page);
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  const row = w.locator('.file');
  await expect(row.locator('.file__badge')).toHaveText('✕');
  await expect(row.locator('.file__state')).toHaveText('Problem found');
  await expect(w.locator('.status__label')).toHaveText('Please fix the problems below');
});

test('axe: uploading (with the reference server), progress announced by name', async ({ page }) => {
  // hold the upload's data requests so the widget stays in 'uploading' while we scan
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/v1/uploads/**', async (route) => {
    if (route.request().method() === 'PATCH') await held;
    await route.continue();
  });
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_any');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('artwork.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'uploading');
  await expect(w.getByRole('button', { name: 'Pause uploading artwork.pdf' })).toBeVisible();
  const results = await new AxeBuilder({ page }).include('#fc-inline').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), 'axe violations while uploading').toEqual([]);
  release();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
});
