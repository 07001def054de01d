// The server's verdict is the truth: the widget waits for it, shows it when it differs from the
// browser's, re-judges on a context change, and fails closed when the server is unreachable.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SERVER_URL } from './ports';
import { makePdf, pickFiles, recordEvents, statuses } from './support';
import { encryptedPdf } from '../workers/pdf/test-encryption';

const SK = { Authorization: 'Bearer sk_test_demo' };

/** The business-card product page with a card-sized PDF the server has judged ready. */
async function cardJudgedReady(page: Page): Promise<Locator> {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('card.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  return w;
}

/**
 * Holds this browser's PDF reader (its chunk's request) until `release()`, which lets it load
 * ('load') or fails its request ('fail') and resolves when that has happened on the wire: a slow
 * device, whose own reading of the file comes after the upload and the server's verdict.
 */
async function holdPdfReader(page: Page, then: 'load' | 'fail'): Promise<{ release(): Promise<void> }> {
  const reader = /\/chunks\/inspect-pdf-[\w-]+\.js$/;
  let open!: () => void;
  const held = new Promise<void>((resolve) => (open = resolve));
  await page.route(reader, async (route) => {
    await held;
    await (then === 'load' ? route.continue() : route.abort('failed'));
  });
  return {
    async release() {
      const done = then === 'load' ? page.waitForResponse(reader) : page.waitForEvent('requestfailed', (r) => reader.test(r.url()));
      open();
      await done;
    },
  };
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('canProceed waits for the server: uploading → processing (verifying) → ready', async ({ page, request }) => {
  const w = await cardJudgedReady(page);
  const payloads = (await import('./support')).events;
  const all = (await payloads(page, 'status')).map((e) => e.detail);
  const firstReady = all.findIndex((p) => p.canProceed);
  // before the server's verdict the job was processing, its file waiting for the server ('verifying')
  // or, when the upload and the server were quicker than this browser's own reading of it, still
  // 'inspecting' (the server's verdict then settles it: seen in CI); the job could not proceed
  expect(all.slice(0, firstReady).some((p) => p.status === 'processing' && p.files.some((f: { status: string }) => f.status === 'verifying' || f.status === 'inspecting'))).toBe(true);
  expect(all.slice(0, firstReady).every((p) => !p.canProceed)).toBe(true);
  const jobId = all.at(-1).jobId;
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job).toMatchObject({ status: 'ready', canProceed: true, terminal: true });
});

test('a patched browser that claims a pass cannot open the gate: the server rejects and the UI shows why', async ({ page, request }) => {
  // Tamper with the client: every browser evaluation "passes".
  let tampered = 0;
  await page.route('**/chunks/evaluate.js', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()) + '\nexport const __tampered = true;';
    const patched = body.replace(/export\s*\{([^}]*)\}/, (m, names: string) =>
      `const __fake = () => [];\nexport {${names.replace(/(\w+) as evaluateFile/, '__fake as evaluateFile')}}`);
    if (patched.includes('__fake as evaluateFile')) tampered++;
    await route.fulfill({ response: res, body: patched, headers: { ...res.headers(), 'content-type': 'text/javascript' } });
  });
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected', { timeout: 30_000 });
  await expect(w.locator('[data-check="geom.page_size"]')).toContainText('210');
  await expect(page.locator('#cart')).toBeDisabled();
  expect(await statuses(page)).not.toContain('ready');
  expect(tampered).toBe(1);
  const jobId = (await page.evaluate(() => (window as any).intake.getStatus())).jobId;
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job.canProceed).toBe(false);
  expect(job.files[0].findings.some((f: { checkId: string; outcome: string }) => f.checkId === 'geom.page_size' && f.outcome === 'fail')).toBe(true);
});

test('setContext is judged again on the server from stored facts, without re-upload', async ({ page, request }) => {
  const w = await cardJudgedReady(page);
  let patches = 0;
  page.on('request', (r) => {
    if (r.method() === 'PATCH' || r.method() === 'POST') patches += r.url().includes('/v1/uploads') ? 1 : 0;
  });
  await page.evaluate(() => (window as any).intake.setContext({ artworkSize: { width_mm: 148, height_mm: 210 } }));
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected', { timeout: 15_000 });
  const jobId = (await page.evaluate(() => (window as any).intake.getStatus())).jobId;
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job.context).toEqual({ artworkSize: { width_mm: 148, height_mm: 210 } });
  expect(job.canProceed).toBe(false);
  await page.evaluate(() => (window as any).intake.setContext({ artworkSize: { width_mm: 85, height_mm: 55 } }));
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  expect(patches).toBe(0);
});

test('the server unreachable after the upload: the gate stays closed and the widget says why', async ({ page }) => {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  // the upload goes through, then the server goes silent for everything else
  await page.route(/\/v1\/jobs\/[^/]+\/(status|events)/, (route) => route.abort('connectionrefused'));
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('card.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('[data-code=server_unreachable]')).toBeVisible({ timeout: 30_000 });
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'processing');
  await expect(page.locator('#cart')).toBeDisabled();
  expect(await statuses(page)).not.toContain('ready');
  // the server comes back: the verdict arrives and the message goes away
  await page.unroute(/\/v1\/jobs\/[^/]+\/(status|events)/);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(w.locator('[data-code=server_unreachable]')).toHaveCount(0);
});

test('a live stream that stays silent (a proxy that buffers it): the verdict still arrives, and after a context change too', async ({ page, request }) => {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  // the event stream is opened but nothing ever comes through, not even an error
  await page.route(/\/v1\/jobs\/[^/]+\/events/, () => new Promise<void>(() => {}));
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('card.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.locator('#cart')).toBeEnabled();
  const jobId = (await page.evaluate(() => (window as any).intake.getStatus())).jobId;
  // the server's verdict came by asking it: the job there is judged ready
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job).toMatchObject({ status: 'ready', canProceed: true });
  await page.evaluate(() => (window as any).intake.setContext({ artworkSize: { width_mm: 148, height_mm: 210 } }));
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected', { timeout: 15_000 });
  await expect(page.locator('#cart')).toBeDisabled();
});

test('a context change cut off on its way is sent again: the verdict for the new order arrives, the gate follows it', async ({ page, request }) => {
  const w = await cardJudgedReady(page);
  // the first PUT /context dies on the wire (a connection the server closed as it was reused)
  let cut = 0;
  await page.route(/\/v1\/jobs\/[^/]+\/context$/, (route) => (cut++ === 0 ? route.abort('connectionreset') : route.continue()));
  await page.evaluate(() => (window as any).intake.setContext({ artworkSize: { width_mm: 148, height_mm: 210 } }));
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected', { timeout: 15_000 });
  await expect(page.locator('#cart')).toBeDisabled();
  expect(cut).toBe(2);
  const jobId = (await page.evaluate(() => (window as any).intake.getStatus())).jobId;
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job.context).toEqual({ artworkSize: { width_mm: 148, height_mm: 210 } });
});

test('two quick context changes: the server ends on the last one, and the gate never opens for the one in between', async ({ page, request }) => {
  const w = await cardJudgedReady(page);
  const A5 = { artworkSize: { width_mm: 148, height_mm: 210 } };
  const CARD = { artworkSize: { width_mm: 85, height_mm: 55 } };
  await page.evaluate((c) => (window as any).intake.setContext(c), A5);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected', { timeout: 15_000 });
  const before = (await statuses(page)).length;
  // The customer picks the card size, then A5 again at once; the first request is slow on the wire.
  const bodies: unknown[] = [];
  let held = 0;
  let answered = 0;
  page.on('response', (r) => void (/\/v1\/jobs\/[^/]+\/context$/.test(r.url()) && answered++));
  await page.route(/\/v1\/jobs\/[^/]+\/context$/, (route) => {
    bodies.push(route.request().postDataJSON());
    // not awaited: a request that comes next is not held behind this one
    if (held++ === 0) setTimeout(() => void route.continue(), 1500);
    else void route.continue();
  });
  await page.evaluate(([card, a5]) => {
    (window as any).intake.setContext(card);
    (window as any).intake.setContext(a5);
  }, [CARD, A5]);
  const jobId = (await page.evaluate(() => (window as any).intake.getStatus())).jobId;
  // both requests answered (the held one too), and the verdicts that follow them delivered
  await expect.poll(() => answered, { timeout: 15_000 }).toBe(2);
  await page.waitForTimeout(500);
  await expect.poll(async () => (await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json()).context, { timeout: 15_000 }).toEqual(A5);
  // (failed once in a fresh-clone CI on 2026-12-07 and not in 60 runs here since: the widget stayed
  // 'processing' with the server's job judged; if it comes back, the log says what each held)
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected').catch(async (err: unknown) => {
    const server = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
    console.log('server job:', JSON.stringify({ status: server.status, context: server.context, files: server.files?.map((f: { state?: string; outcome?: string }) => ({ state: f.state, outcome: f.outcome })) }));
    console.log('widget statuses since the changes:', JSON.stringify((await statuses(page)).slice(before)));
    throw err;
  });
  await expect(page.locator('#cart')).toBeDisabled();
  const after = (await import('./support')).events;
  expect((await after(page, 'status')).slice(before).some((e) => e.detail.canProceed)).toBe(false);
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job).toMatchObject({ context: A5, canProceed: false });
  expect(bodies).toEqual([CARD, A5]); // one after the other, the newest last
});

test('a reload with another product option: the job found again never shows the old order\'s verdict, and is judged for the new one', async ({ page, request }) => {
  const w = await cardJudgedReady(page);
  const jobId = (await page.evaluate(() => (window as any).intake.getStatus())).jobId;
  // the same product page, reloaded with the A5 option chosen (the job is in sessionStorage)
  const A5 = { artworkSize: { width_mm: 148, height_mm: 210 } };
  await page.goto(`/e2e/pages/server.html?wf=wf_e2e_card&context=${encodeURIComponent(JSON.stringify(A5))}`);
  await expect(w.locator('.file')).toHaveCount(1);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected', { timeout: 15_000 });
  expect((await page.evaluate(() => (window as any).intake.getStatus())).jobId).toBe(jobId);
  const after = (await import('./support')).events;
  expect((await after(page, 'status')).some((e) => e.detail.canProceed)).toBe(false);
  await expect(page.locator('#cart')).toBeDisabled();
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job).toMatchObject({ context: A5, canProceed: false });
});

test("a PDF no one can read, uploaded before this browser read it, says why once: in the server's words", async ({ page, request }) => {
  // The browser's PDF reader is slow to arrive (a cold worker on a busy machine, as seen in CI): the
  // upload and the server's verdict come first, then the browser's own reading agrees with them.
  const reader = await holdPdfReader(page, 'load');
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [{ name: 'locked.pdf', mimeType: 'application/pdf', buffer: Buffer.from(encryptedPdf(true, -4)) }]);
  // the server read the stored bytes: it cannot open them without the password
  await expect(w.locator('[data-check="intake.inspect"][data-code=pdf_encrypted]')).toHaveCount(1, { timeout: 30_000 });
  const jobId = (await page.evaluate(() => (window as any).intake.getStatus())).jobId;
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job.files[0]).toMatchObject({ state: 'error', outcome: 'fail', error: { code: 'pdf_encrypted' } });
  expect(job.canProceed).toBe(false);
  // the row says it once (the server's verdict holds the error and its finding), before and after the
  // browser's own reading comes to the same
  await expect(w.locator('[data-code=pdf_encrypted]')).toHaveCount(1);
  await reader.release();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await page.waitForTimeout(500); // the browser's reading ends within it (the file is 738 bytes)
  await expect(w.locator('[data-code=pdf_encrypted]')).toHaveCount(1);
  await expect(page.locator('#cart')).toBeDisabled();
});

test("the browser's own reading that fails after the server's verdict does not overturn it: the gate stays open", async ({ page }) => {
  // A slow device and a fast server: the server's verdict arrives before this browser could read the
  // file, then the browser's PDF reader cannot load. The stored bytes were judged; they are the truth.
  const reader = await holdPdfReader(page, 'fail');
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('card.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.locator('#cart')).toBeEnabled();
  await reader.release();
  await page.waitForTimeout(1000); // the worker's failure reaches the row within it
  await expect(w.locator('.file')).toHaveAttribute('data-state', 'done');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator('#cart')).toBeEnabled();
});
