// The checkout gate: the store's button and form stay closed until canProceed, whatever the
// host page's own scripts try.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, pickFiles, recordEvents } from './support';

const wf = { id: 'wf_gate', schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }] } };

async function mount(page: Page, target: string): Promise<void> {
  await page.evaluate((sel) => {
    (window as any).Filecheck('pk_test_demo').elements.create('intake', { workflow: { id: 'wf_gate', schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }] } }, gate: { buttons: '#cart' } }).mount(sel);
  }, target);
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/harness.html');
  void wf;
});

test('a host script that re-enables the button does not open the gate', async ({ page }) => {
  await mount(page, '#one');
  const cart = page.locator('#cart');
  await expect(cart).toBeDisabled();
  await page.evaluate(() => {
    const b = document.getElementById('cart')!;
    b.removeAttribute('disabled');
    b.removeAttribute('aria-disabled');
    (b as HTMLButtonElement).disabled = false;
  });
  await expect(cart).toBeDisabled();
  await expect(cart).toHaveAttribute('aria-disabled', 'true');
});

test('the gated form cannot be submitted by Enter, click or requestSubmit()', async ({ page }) => {
  await mount(page, '#one');
  const startUrl = page.url();
  await page.locator('input[name=quantity]').press('Enter');
  await page.evaluate(() => (document.getElementById('shop') as HTMLFormElement).requestSubmit());
  await page.evaluate(() => {
    const b = document.getElementById('cart') as HTMLButtonElement;
    b.disabled = false;
    b.click();
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(startUrl);

  // once the file passes, the same Enter key submits and the job id travels in the hidden input
  await pickFiles(page.locator('#one'), [await makePdf()]);
  await expect(page.locator('#cart')).toBeEnabled();
  await expect(page.locator('#shop input[type=hidden][name=fc_job_id]')).toHaveCount(1);
  await page.locator('input[name=quantity]').press('Enter');
  await page.waitForURL(/cart\.html/);
  expect(new URL(page.url()).searchParams.has('fc_job_id')).toBe(true);
});

test('two intakes on one page gate together: all must proceed', async ({ page }) => {
  await mount(page, '#one');
  await mount(page, '#two');
  const cart = page.locator('#cart');
  await pickFiles(page.locator('#one'), [await makePdf('first.pdf')]);
  await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'ready');
  await expect(cart).toBeDisabled();
  await pickFiles(page.locator('#two'), [await makePdf('second.pdf')]);
  await expect(page.locator('#two .status')).toHaveAttribute('data-status', 'ready');
  await expect(cart).toBeEnabled();
});
