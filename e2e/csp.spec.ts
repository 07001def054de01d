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

/**
 * The policies README.md gives to stores. `cdn`: the script tag loads the bundle from a CDN,
 * whose worker starts through a blob: module; otherwise every script comes from the store's own
 * origin (the bundle copied there, or the store's own build of the npm package).
 */
function policy(opts: { cdn?: boolean; style?: string } = {}): string {
  return [
    "default-src 'none'",
    opts.cdn ? `script-src 'self' ${CDN_ORIGIN}` : "script-src 'self'",
    // a worker's module graph is fetched as a worker: from the CDN, through a blob: module
    opts.cdn ? `worker-src blob: ${CDN_ORIGIN}` : "worker-src 'self'",
    `connect-src 'self' ${SERVER_URL}`,
    "img-src 'self' blob:",
    `style-src 'self'${opts.style ? ` ${opts.style}` : ''}`,
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

const NONCE = 'e2e-nonce-2b7f';
type Served = { url: string; close: () => Promise<void> };
let fromCdn: Served;
let selfHosted: Served;
let withNonce: Served;

test.beforeAll(async () => {
  fromCdn = await startStaticServer({ dir: '.', port: 0, csp: policy({ cdn: true }) });
  selfHosted = await startStaticServer({ dir: '.', port: 0, csp: policy() });
  withNonce = await startStaticServer({ dir: '.', port: 0, csp: policy({ style: `'nonce-${NONCE}'` }) });
});

test.afterAll(async () => {
  await Promise.all([fromCdn, selfHosted, withNonce].map((s) => s?.close()));
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
  const res = await page.goto(`${fromCdn.url}/e2e/pages/csp/script-tag.html?cdn=${encodeURIComponent(CDN_ORIGIN)}`);
  expect(res!.headers()['content-security-policy']).toContain("style-src 'self'");
  await expectStyledAndWorking(page, '#fc-inline .filecheck-intake', '#cart');
  // the inspection worker came from the CDN too (started through a blob: module, worker-src blob:)
  await expect(page.locator('#fc-inline .file__meta')).toContainText('PDF');
  expect(violations).toEqual([]);
});

test('npm build (the store bundles the SDK itself): styled, inspects, gates, no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(`${selfHosted.url}/dist/demo-npm/npm-store.html`);
  await expectStyledAndWorking(page, '#upload .filecheck-intake', '#buy');
  expect(violations).toEqual([]);
});

test('<filecheck-intake>: styled, inspects, gates, no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(`${selfHosted.url}/e2e/pages/csp/element.html`);
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

  test('without the option, the nonce of <meta property="csp-nonce"> is used', async ({ page }) => {
    await page.goto(`${withNonce.url}/e2e/pages/csp/nonce-meta.html`);
    await expect(page.locator('#one .dropzone')).toBeVisible();
    await expect.poll(() => page.locator('#one .fc').evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('8px');
  });

  test('without a nonce the policy blocks the <style> (what the option is for)', async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto(`${withNonce.url}/e2e/pages/csp/nonce.html`);
    await expect(page.locator('#one .dropzone')).toBeAttached();
    await expect.poll(() => violations.some((v) => v.startsWith('style-src'))).toBe(true);
    expect(await page.locator('#one .fc').evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('0px');
  });
});

test('uploads to the reference server under a meta-tag policy: connect-src is all it needs', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/e2e/pages/csp/server.html');
  const w = page.locator('#fc-inline');
  await expect.poll(() => w.locator('.fc').evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('8px');
  await expect(page.locator('#cart')).toBeDisabled();
  await pickFiles(w, [await makePdf('artwork.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  const last = (await page.evaluate(() => (window as any).intake.getStatus())) as { jobId: string; files: { fileRef: string | null }[] };
  expect(last.jobId).toMatch(/^job_/);
  expect(last.files[0]!.fileRef).not.toBeNull();
  await expect(page.locator('#cart')).toBeEnabled();
  expect(violations).toEqual([]);
});
