// The React and Vue components in their storefront demos (demo/react-app, demo/vue-app, built by
// scripts/build-framework-demos.mjs against dist/npm): the page comes rendered from the server,
// hydrates without a mismatch, mounts one widget (React in StrictMode), and the component's
// status events, ref and live props drive a real job on the reference server, behind the gate.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { events, makePdf, makePng, pickFiles, recordEvents } from './support';
import { SERVER_URL } from './ports';
import { encryptedPdf } from '../workers/pdf/test-encryption';

const A4 = { widthMm: 210, heightMm: 297 };

/** Console errors and warnings about hydration, and uncaught errors. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()}: ${res.url()}`);
  });
  page.on('console', (msg) => {
    if (/^Failed to load resource/.test(msg.text())) return; // said with its URL by 'response'
    if (msg.type() === 'error' || (msg.type() === 'warning' && /hydrat/i.test(msg.text()))) problems.push(`${msg.type()}: ${msg.text()}`);
  });
  return problems;
}

/** The order status the page shows; when it does not come, the failure says what the page saw. */
async function expectOrderStatus(page: Page, problems: string[], text: string): Promise<void> {
  try {
    await expect(page.locator('#order-status')).toHaveText(text);
  } catch (err) {
    const alerts = await page.locator('[role=alert]').allTextContents().catch(() => []);
    throw new Error(`${(err as Error).message}\npage problems: ${JSON.stringify(problems)}\nalerts: ${JSON.stringify(alerts)}`);
  }
}

test("the built React component keeps its 'use client' directive", () => {
  expect(readFileSync('dist/npm/react.js', 'utf8')).toMatch(/^["']use client["'];/);
});

test('in a Vite app with default settings the npm worker starts small; the PDF reader loads only for PDFs, pdf.js not for a verdict the reader gives', async ({ page }) => {
  // demo/vue-app is built with Vite's defaults (worker.format 'iife', which cannot split a worker)
  const scripts: string[] = [];
  page.on('request', (r) => {
    const m = /\/assets\/(inspect\.worker|inspect-pdf|pdfjs)-[\w-]+\.js$/.exec(new URL(r.url()).pathname);
    if (m) scripts.push(m[1]!);
  });
  const open = async () => {
    await page.goto(`/dist/demo-vue/index.html?endpoint=${encodeURIComponent(SERVER_URL)}`);
    return page.locator('[data-filecheck-host] .filecheck-intake');
  };

  // an image is sniffed in the worker and refused (PDF only): no PDF code, no pdf.js
  let widget = await open();
  await pickFiles(widget, [await makePng('photo.png')]);
  await expect(widget.locator('.file')).toHaveAttribute('data-state', 'refused');
  expect(scripts).toEqual(['inspect.worker']);

  // a PDF that needs a password: the PDF reader loads (at the URL the worker was given) and refuses it
  // by itself since it reads the standard security handler (issue 13.7): pdf.js is not needed for it
  widget = await open();
  await pickFiles(widget, [{ name: 'locked.pdf', mimeType: 'application/pdf', buffer: Buffer.from(encryptedPdf(true, -4)) }]);
  await expect(widget.locator('[data-code="pdf_encrypted"]')).toHaveCount(1);
  await expect(page.locator('#order-status')).toHaveText('rejected');
  // the server's verdict may come before this browser has read the file (seen in CI): its own
  // reading still loads the PDF reader, and nothing more
  await expect.poll(() => scripts).toEqual(['inspect.worker', 'inspect.worker', 'inspect-pdf']);
  await page.waitForTimeout(300);
  expect(scripts).toEqual(['inspect.worker', 'inspect.worker', 'inspect-pdf']);
});

for (const framework of ['react', 'vue'] as const) {
  const url = `/dist/demo-${framework}/index.html`;

  test.describe(`${framework} storefront`, () => {
    test('renders on the server, hydrates without mismatch and mounts one widget', async ({ page }) => {
      const served = await (await page.request.get(url)).text();
      expect(served).toContain('data-filecheck-host');
      expect(served).toMatch(/<button id="buy" type="submit">Add to cart<\/button>/);
      expect(served).toContain('Loading…');

      const problems = watchProblems(page);
      await recordEvents(page);
      await page.goto(`${url}?endpoint=${encodeURIComponent(SERVER_URL)}`);
      const widget = page.locator('[data-filecheck-host] .filecheck-intake');
      await expect(widget.locator('.dropzone')).toBeVisible();
      await expect(page.locator('#order-status')).toHaveText('idle');
      // React StrictMode (development build) mounted, unmounted and mounted again: the first
      // intake was destroyed, and one widget and one gate input are left
      expect(await events(page, 'destroy')).toHaveLength(framework === 'react' ? 1 : 0);
      await expect(page.locator('.filecheck-intake')).toHaveCount(1);
      await expect(page.locator('input[type=hidden][name=fc_job_id]')).toHaveCount(1);
      await expect(page.locator('#buy')).toBeDisabled();
      expect(problems).toEqual([]);
    });

    test('status events, the ref and the live context prop drive a real job behind the gate', async ({ page }) => {
      const problems = watchProblems(page);
      await page.goto(`${url}?endpoint=${encodeURIComponent(SERVER_URL)}`);
      const widget = page.locator('[data-filecheck-host] .filecheck-intake');
      await expect(page.locator('#order-status')).toHaveText('idle');

      // the ref: the page's own button moves focus into the widget
      await page.getByRole('button', { name: 'Upload your artwork' }).click();
      await expect(widget.locator('.dropzone')).toBeFocused();

      // the product option says A5; an A4 file is refused and the cart stays shut
      await pickFiles(widget, [await makePdf('flyer-a4.pdf', A4)]);
      await expectOrderStatus(page, problems, 'rejected');
      await expect(page.locator('#buy')).toBeDisabled();
      await expect(page.locator('#job')).toHaveText(/^Job job_/);

      // choosing A4 changes the context prop: the same file is judged again (no new upload)
      await page.locator('select[name=size]').selectOption('a4');
      await expectOrderStatus(page, problems, 'ready, ready to order');
      await expect(page.locator('#buy')).toBeEnabled();
      const job = (await page.locator('#job').textContent())!.replace('Job ', '');
      await expect(page.locator('input[type=hidden][name=fc_job_id]')).toHaveValue(job);

      // back to A5: the gate closes again
      await page.locator('select[name=size]').selectOption('a5');
      await expectOrderStatus(page, problems, 'rejected');
      await expect(page.locator('#buy')).toBeDisabled();
      expect(problems).toEqual([]);
    });
  });
}
