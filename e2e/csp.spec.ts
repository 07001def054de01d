// Every embed under a strict Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval'),
// sent as a real response header by scripts/static-server.mjs: the script tag with the bundle on
// a CDN, the npm build (a store's own Vite bundle) and <filecheck-intake>. Each must be styled
// (computed style from the shadow root's constructed stylesheet), inspect a file, open the gate,
// and cause no CSP violation at all. Plus the fallback for browsers without constructable
// stylesheets: a <style> element with the page's nonce.
import { expect, test, type Page } from '@playwright/test';
import { startStaticServer } from '../scripts/static-server.mjs';
import { CDN_ORIGIN, SERVER_URL } from './ports';
import { makePdf, pickFiles } from './support';

/** The policy README.md gives to stores (script tag from a CDN, or their own bundle). */
function strictPolicy(extra: { style?: string } = {}): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${CDN_ORIGIN}`,
    // the worker's module graph (from the CDN) is fetched as a worker, through a blob: module
    `worker-src 'self' blob: ${CDN_ORIGIN}`,
    `connect-src 'self' ${CDN_ORIGIN} ${SERVER_URL}`,
    "img-src 'self' blob: data:",
    `style-src 'self'${extra.style ? ` ${extra.style}` : ''}`,
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

const NONCE = 'e2e-nonce-2b7f';
let strict: { url: string; close: () => Promise<void> };
let withNonce: { url: string; close: () => Promise<void> };

test.beforeAll(async () => {
  strict = await startStaticServer({ dir: '.', port: 0, csp: strictPolicy() });
  withNonce = await startStaticServer({ dir: '.', port: 0, csp: strictPolicy({ style: `'nonce-${NONCE}'` }) });
});

test.afterAll(async () => {
  await strict?.close();
  await withNonce?.close();
});

/** Collect CSP violations (the page's events and the console's reports, workers included). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

async function expectStyledAndWorking(page: Page, host: string, cart: string): Promise<void> {
  const widget = page.locator(host);
  const fc = widget.locator('.fc');
  await expect(widget.locator('.dropzone')).toBeVisible();
  // the shadow root's stylesheet applies: rounded bordered panel, dashed drop zone
  await expect.poll(() => fc.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('8px');
  expect(await widget.locator('.dropzone').evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('dashed');
  expect(await fc.evaluate((el) => (el.getRootNode() as ShadowRoot).adoptedStyleSheets.length)).toBe(1);
  expect(await fc.evaluate((el) => (el.getRootNode() as ShadowRoot).querySelectorAll('style').length)).toBe(0);
  await expect(page.locator(cart)).toBeDisabled();
  await pickFiles(widget, [await makePdf('poster.pdf', { widthMm: 420, heightMm: 594 })]);
  await expect(widget.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator(cart)).toBeEnabled();
  // the page previews are blob: images (img-src blob:), rendered by pdf.js without eval
  const proof = widget.locator('.proof__img');
  await expect(proof).toBeVisible();
  await expect.poll(() => proof.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
}

test('script tag with the bundle on a CDN: styled, inspects, gates, no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  const res = await page.goto(`${strict.url}/e2e/pages/csp/script-tag.html?cdn=${encodeURIComponent(CDN_ORIGIN)}`);
  expect(res!.headers()['content-security-policy']).toContain("style-src 'self'");
  await expectStyledAndWorking(page, '#fc-inline .filecheck-intake', '#cart');
  // the inspection worker came from the CDN too (started through a blob: module, worker-src blob:)
  await expect(page.locator('#fc-inline .file__meta')).toContainText('PDF');
  expect(violations).toEqual([]);
});

test('npm build (the store bundles the SDK itself): styled, inspects, gates, no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(`${strict.url}/dist/demo-npm/npm-store.html`);
  await expectStyledAndWorking(page, '#upload .filecheck-intake', '#buy');
  expect(violations).toEqual([]);
});

test('<filecheck-intake>: styled, inspects, gates, no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(`${strict.url}/e2e/pages/csp/element.html`);
  await expectStyledAndWorking(page, 'filecheck-intake', '.buy');
  expect(violations).toEqual([]);
});

test.describe('browsers without constructable stylesheets', () => {
  test.beforeEach(async ({ page }) => {
    // as in Safari before 16.4: no adoptedStyleSheets on shadow roots
    await page.addInitScript(() => {
      delete (ShadowRoot.prototype as any).adoptedStyleSheets;
    });
  });

  test('the `nonce` option styles the widget through a nonced <style>', async ({ page }) => {
    await page.goto(`${withNonce.url}/e2e/pages/csp/nonce.html?nonce=${NONCE}`);
    const fc = page.locator('#one .fc');
    await expect(page.locator('#one .dropzone')).toBeVisible();
    await expect.poll(() => fc.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('8px');
    await pickFiles(page.locator('#one'), [await makePdf('card.pdf')]);
    await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'ready');
    await expect(page.locator('#cart')).toBeEnabled();
  });

  test('without a nonce the policy blocks the <style> (what the option is for)', async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto(`${withNonce.url}/e2e/pages/csp/nonce.html`);
    await expect(page.locator('#one .dropzone')).toBeAttached();
    await expect.poll(() => violations.some((v) => v.startsWith('style-src'))).toBe(true);
    expect(await page.locator('#one .fc').evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('0px');
  });
});
