// The three ways in (script tag, Filecheck.mount, <filecheck-intake>) plus the npm import,
// each through the real built bundle in real Chromium.
import { expect, test } from '@playwright/test';
import { events, makePdf, makePng, pickFiles, recordEvents, statuses } from './support';

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('script tag auto-mounts into #fc-inline, gates the cart button and reports status', async ({ page }) => {
  await page.goto('/demo/product.html');
  const widget = page.locator('#fc-inline .filecheck-intake');
  await expect(widget.locator('.dropzone')).toBeVisible();
  const cart = page.locator('#add-to-cart');
  await expect(cart).toBeDisabled();
  await expect(cart).toHaveAttribute('aria-disabled', 'true');

  await pickFiles(widget, [await makePdf('card.pdf')]);
  await expect(widget.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(cart).toBeEnabled();
  await expect(page.locator('#live-status')).toHaveText(/ready/);
  expect(await statuses(page)).toEqual(['idle', 'processing', 'ready']);
  // the hidden input carries the job id (null in preview: empty)
  await expect(page.locator('#product-form input[type=hidden][name=fc_job_id]')).toHaveCount(1);
});

test('the bundle and its worker load from another origin and path than the page', async ({ page }) => {
  const scriptRequests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).hostname === 'localhost') scriptRequests.push(new URL(r.url()).pathname);
  });
  await page.goto('/e2e/pages/cdn.html');
  const widget = page.locator('#fc-inline .filecheck-intake');
  await pickFiles(widget, [await makePng('logo.png')]);
  await expect(widget.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(widget.locator('.file__meta')).toContainText('Image');
  expect(scriptRequests).toContain('/filecheck.js');
  expect(scriptRequests).toContain('/chunks/inspect.worker.js');
  await expect(page.locator('#cart')).toBeEnabled();
});

test('Filecheck.mount(config) from JS mounts next to the cart button and gates it', async ({ page }) => {
  await page.goto('/e2e/pages/mount.html');
  const mountPoint = page.locator('#fc-inline');
  await expect(mountPoint).toHaveCount(1);
  // placed before the cart button
  expect(await page.evaluate(() => document.getElementById('fc-inline')!.nextElementSibling!.className)).toBe('buy');
  await expect(page.locator('.buy')).toBeDisabled();
  await pickFiles(mountPoint, [await makePdf()]);
  await expect(page.locator('.buy')).toBeEnabled();
});

test('<filecheck-intake> takes its settings as attributes and emits events from itself', async ({ page }) => {
  await page.goto('/demo/element.html');
  const el = page.locator('filecheck-intake');
  await expect(el.locator('.dropzone')).toBeVisible();
  await expect(page.locator('.poster-buy')).toBeDisabled();
  await pickFiles(el, [await makePdf('poster.pdf', { widthMm: 420, heightMm: 594 })]);
  await expect(page.locator('.poster-buy')).toBeEnabled();
  const status = await events(page, 'status');
  expect(status.at(-1)!.target).toBe('filecheck-intake');
  expect(status.at(-1)!.detail.workflowId).toBe('wf_demo_poster');
});

test('npm import in a custom storefront drives the same widget', async ({ page }) => {
  await page.goto('/dist/demo-npm/npm-store.html');
  const widget = page.locator('#upload .filecheck-intake');
  await expect(widget.locator('.dropzone')).toBeVisible();
  await expect(page.locator('#buy')).toBeDisabled();
  await pickFiles(widget, [await makePdf('flyer.pdf', { widthMm: 148, heightMm: 210 })]);
  await expect(page.locator('#status-log')).toContainText('ready (can proceed)');
  await expect(page.locator('#buy')).toBeEnabled();
});
