// Fail closed in every signal: when the widget's own parts cannot load, when the page's
// Content-Security-Policy blocks its workers, when the server cannot be reached at load or when
// the job cannot be created, no status event says canProceed, the customer reads a plain message
// (never a browser's developer text) with "Try again", and the integrator gets an `error` code.
import { expect, test, type Page } from '@playwright/test';
import { events, makePdf, pickFiles, recordEvents } from './support';

const PAGE = '/e2e/pages/server.html?wf=wf_e2e_card';
const card = () => makePdf('card.pdf', { widthMm: 85, heightMm: 55 });

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

async function neverProceeded(page: Page): Promise<void> {
  const all = (await events(page, 'status')).map((e) => e.detail);
  expect(all.length).toBeGreaterThan(0);
  expect(all.every((s) => s.canProceed === false)).toBe(true);
}

async function noDeveloperText(page: Page): Promise<void> {
  const text = await page.locator('#fc-inline').evaluate((el) => el.querySelector('.filecheck-intake')!.shadowRoot!.textContent ?? '');
  expect(text).not.toMatch(/dynamically imported module|Failed to fetch|TypeError|SecurityError|Worker/);
}

test('a lazy part that fails to load is tried again with backoff, and the file is checked', async ({ page }) => {
  let failures = 0;
  await page.route('**/chunks/evaluate.js*', (route) => (failures++ < 2 ? route.abort('connectionreset') : route.fallback()));
  await page.goto(PAGE);
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await card()]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(failures).toBeGreaterThanOrEqual(3);
  expect(await events(page, 'error')).toEqual([]);
});

test('a lazy part that keeps failing: chunk_load_failed, a plain message with Try again, never canProceed; Try again recovers', async ({ page }) => {
  await page.route('**/chunks/evaluate.js*', (route) => route.abort('connectionreset'));
  await page.goto(PAGE);
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await card()]);
  const banner = w.locator('.fc__error[data-code=chunk_load_failed]');
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText('could not be loaded');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  expect((await events(page, 'error')).map((e) => e.detail.code)).toEqual(['chunk_load_failed']);
  await neverProceeded(page);
  await noDeveloperText(page);
  await expect(page.locator('#cart')).toBeDisabled();

  await page.unroute('**/chunks/evaluate.js*');
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(banner).toHaveCount(0);
  await expect(page.locator('#cart')).toBeEnabled();
});

test('a strict Content-Security-Policy that blocks workers: worker_blocked, never "damaged file", never canProceed', async ({ page }) => {
  // A store page with a strict policy (meta CSP): no workers at all.
  await page.goto('/e2e/pages/server-csp.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await card()]);
  const banner = w.locator('.fc__error[data-code=worker_blocked]');
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText('not a problem with your file');
  await expect(w.locator('.file')).not.toContainText(/damaged/i);
  await expect(w.locator('.file [data-code=worker_blocked]')).toBeVisible();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  expect((await events(page, 'error')).map((e) => e.detail.code)).toContain('worker_blocked');
  await neverProceeded(page);
  await noDeveloperText(page);
  await expect(page.locator('#cart')).toBeDisabled();
});

test('the server unreachable at load: status and error say server_unreachable, and the widget recovers by itself', async ({ page }) => {
  let down = true;
  await page.route('**/v1/workflows/**', (route) => (down ? route.abort('connectionrefused') : route.fallback()));
  await page.goto(PAGE);
  const w = page.locator('#fc-inline');
  await expect(w.locator('.fc__error[data-code=server_unreachable]')).toBeVisible();
  expect((await events(page, 'error')).map((e) => e.detail.code)).toEqual(['server_unreachable']);
  expect((await events(page, 'status')).map((e) => e.detail)).toEqual([expect.objectContaining({ status: 'idle', canProceed: false })]);
  await expect(page.locator('#cart')).toBeDisabled();

  down = false;
  await expect(w.locator('.fc__error')).toHaveCount(0, { timeout: 20_000 });
  await pickFiles(w, [await card()]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.locator('#cart')).toBeEnabled();
});

test('job creation that keeps failing: the file says it did not reach the server, no status ever says canProceed', async ({ page }) => {
  await page.route('**/v1/jobs', (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.fallback()));
  await page.goto(PAGE);
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await card()]);
  await expect(w.locator('.file[data-state=error]')).toBeVisible({ timeout: 30_000 });
  // the check itself passed: the row says the upload is what failed
  await expect(w.locator('.file__state')).toHaveText('Checked, but the upload did not finish');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await neverProceeded(page);
  const last = (await events(page, 'status')).at(-1)!.detail;
  expect(last).toMatchObject({ canProceed: false, jobId: null });
  await expect(page.locator('#cart')).toBeDisabled();
});

test('the file list cannot load: the files are still listed by name, the verdict and gate do not depend on it, and the list comes back with the next file', async ({ page }) => {
  // The list (rows, Remove, previews) is a chunk of its own asked for after the first render.
  let blocked = true;
  await page.route('**/chunks/FileList-*.js*', (route) => (blocked ? route.abort('connectionreset') : route.fallback()));
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_any');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('first-card.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('.files__plain')).toHaveText(['first-card.pdf']);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.locator('#cart')).toBeEnabled();
  await expect(w.locator('.file')).toHaveCount(0);
  await noDeveloperText(page);

  blocked = false;
  await pickFiles(w, [await makePdf('second-card.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('.file__name')).toHaveText(['first-card.pdf', 'second-card.pdf'], { timeout: 20_000 });
  await expect(w.locator('.files__plain')).toHaveCount(0);
  await expect(w.locator('.file').first().getByRole('button', { name: /remove/i })).toBeVisible();
});
