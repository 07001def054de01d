// The shop's portal (/admin/) in Chromium against the e2e reference server: sign-in, list,
// filters, detail with proof and downloads (sha256), manual review reaching the customer's open
// widget, staff-started jobs, axe on every page, no page without a session, no cross-site use.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { CDN_ORIGIN, PAGE_ORIGIN, SERVER_URL } from './ports';
import { makePdf, pickFiles, recordEvents, type FilePayload } from './support';
import { makePdf as makeArtwork } from '../server/test-support';
import { registerCatalogue, t } from '../src/core/i18n';
import '../src/core/checks/messages-en';
import { messages as de } from '../src/core/messages/de';

const STAFF = { email: 'staff@e2e.example', password: 'e2e staff password' };
const PK = { Authorization: 'Bearer pk_test_demo' };
const SK = { Authorization: 'Bearer sk_test_demo' };
const ADMIN = `${SERVER_URL}/admin/`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test.describe.configure({ mode: 'serial' });

/** A job made the way the widget makes one: POST /v1/jobs, then a tus upload of the file. */
async function customerJob(workflowId: string, file: FilePayload): Promise<string> {
  const job = await (await fetch(`${SERVER_URL}/v1/jobs`, { method: 'POST', headers: { ...PK, 'Content-Type': 'application/json' }, body: JSON.stringify({ workflowId }) })).json();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const created = await fetch(`${SERVER_URL}/v1/uploads/`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${job.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': String(file.buffer.length),
      'Upload-Metadata': `jobId ${b64(job.id)},filename ${b64(file.name)},filetype ${b64(file.mimeType)},fileId ${b64('f1')}`,
    },
  });
  const location = new URL(created.headers.get('location')!, SERVER_URL).href;
  const patched = await fetch(location, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${job.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    body: new Uint8Array(file.buffer),
  });
  expect(patched.status).toBe(204);
  for (let i = 0; i < 200; i++) {
    const j = await (await fetch(`${SERVER_URL}/v1/jobs/${job.id}`, { headers: SK })).json();
    if (j.terminal) return job.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${job.id} did not settle`);
}

const ENGLISH = { email: 'E-mail', password: 'Password', submit: 'Sign in', jobs: 'Jobs' };
const GERMAN = { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden', jobs: 'Aufträge' };

async function signIn(page: Page, words = ENGLISH): Promise<void> {
  await page.goto(ADMIN);
  await page.getByLabel(words.email, { exact: true }).fill(STAFF.email);
  await page.getByLabel(words.password, { exact: true }).fill(STAFF.password);
  await page.getByRole('button', { name: words.submit }).click();
  await expect(page.getByRole('heading', { name: words.jobs, level: 1 })).toBeVisible();
}

async function staffPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(page);
  return page;
}

async function noAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}

test('no portal page or data without a session', async ({ page }) => {
  for (const hash of ['#/jobs', '#/review', '#/new', '#/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa']) {
    await page.goto(ADMIN + hash);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('navigation')).toHaveCount(0);
  }
  await noAxeViolations(page, 'sign-in page');
  const status = await page.evaluate(async () => (await fetch('/admin/api/jobs')).status);
  expect(status).toBe(401);
  // A wrong password is refused with a message, and still no data.
  await page.getByLabel('E-mail').fill(STAFF.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong e-mail or password');
});

test('sign in, filter and search, open a job, view its proof, download its file with the same sha256', async ({ browser }) => {
  const tag = randomBytes(4).toString('hex');
  const good = await makePdf(`good-${tag}.pdf`, { widthMm: 85, heightMm: 55 });
  const bad = await makePdf(`bad-${tag}.pdf`, { widthMm: 100, heightMm: 70 });
  const page = await staffPage(browser);
  // The list is open while the jobs arrive: it follows live, newest first.
  const goodId = await customerJob('wf_e2e_card', good);
  const badId = await customerJob('wf_e2e_card', bad);
  const ordered = await fetch(`${SERVER_URL}/v1/jobs/${goodId}/order`, { method: 'PUT', headers: { ...SK, 'Content-Type': 'application/json' }, body: JSON.stringify({ orderId: `ORD-${tag}`, lineId: '1' }) });
  expect(ordered.status).toBe(200);
  const rows = page.locator('table.jobs tbody tr');
  await expect(rows.first()).toHaveAttribute('data-job-id', badId);
  await expect(rows.nth(1)).toHaveAttribute('data-job-id', goodId);
  await expect(rows.nth(1).locator('td').nth(5)).toHaveText(`ORD-${tag}`);
  await noAxeViolations(page, 'jobs list');

  // Search by file name part, then by order id; the status tabs count and filter.
  await page.getByLabel('Search (job id, file name, order id)').fill(tag);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: /^Please fix the problems below/ }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-job-id', badId);
  await page.getByRole('button', { name: /^All/ }).click();
  await page.getByLabel('Search (job id, file name, order id)').fill('');
  await page.getByLabel('Order id', { exact: true }).fill(`ORD-${tag}`);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-job-id', goodId);

  // Detail: order, timeline, findings, proof, download.
  await rows.first().getByRole('link', { name: goodId }).click();
  await expect(page.getByRole('heading', { name: `Job ${goodId}` })).toBeVisible();
  await expect(page.getByText(`Order ORD-${tag}, line 1`)).toBeVisible();
  await expect(page.locator('.timeline li')).toHaveCount(4); // created, uploaded, verified, ordered
  await page.getByRole('button', { name: `Show proof of ${good.name}` }).click();
  const proof = page.locator(`[data-proof-for="f1"] .proof`);
  await expect(proof).toHaveAttribute('data-proof', 'ready', { timeout: 30_000 });
  await expect(proof.locator('.proof__img')).toBeVisible();
  await expect(proof.locator('.proof__img')).toHaveAttribute('alt', /Page 1 of 1/);
  await noAxeViolations(page, 'job detail with proof');

  const shown = await page.locator('[data-sha256]').first().textContent();
  expect(shown).toBe(sha256(good.buffer));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Download ${good.name}` }).click()]);
  expect(download.suggestedFilename()).toBe(good.name);
  expect(sha256(fs.readFileSync((await download.path())!))).toBe(shown);

  await page.goto(`${ADMIN}#/jobs/${badId}`);
  await expect(page.locator('.finding--fail')).toHaveCount(1);
  await page.context().close();

  // A German-speaking staff member reads the same finding in German (the shared catalogue),
  // whatever language the customer used.
  const job = await (await fetch(`${SERVER_URL}/v1/jobs/${badId}`, { headers: SK })).json();
  const finding = job.files[0].findings.find((f: { outcome: string }) => f.outcome === 'fail');
  registerCatalogue('de', de);
  const german = t(finding.messageKey, finding.params, 'de');
  expect(german).not.toBe(finding.message);
  const dePage = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(dePage, GERMAN);
  await dePage.goto(`${ADMIN}#/jobs/${badId}`);
  await expect(dePage.locator('.finding--fail')).toContainText(german);
  await dePage.context().close();
});

test('approve a review: status and canProceed follow, and the customer\'s open widget shows it', async ({ browser, page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_review');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('needs-a-look.pdf', { widthMm: 100, heightMm: 70 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'partial', { timeout: 30_000 });
  await expect(w.locator('[data-review=pending]')).toBeVisible();
  const jobId = await page.evaluate(() => (window as unknown as { __fcEvents: { name: string; detail: { jobId: string } }[] }).__fcEvents.filter((e) => e.name === 'status').at(-1)!.detail.jobId);

  const staff = await staffPage(browser);
  await staff.getByRole('link', { name: /Review queue/ }).click();
  await expect(staff.getByRole('heading', { name: 'Review queue' })).toBeVisible();
  await expect(staff.locator(`tr[data-job-id="${jobId}"]`)).toBeVisible();
  await noAxeViolations(staff, 'review queue');
  await staff.locator(`tr[data-job-id="${jobId}"]`).getByRole('link').click();
  await staff.getByLabel('Note (shown to the customer)').fill('Printed at 100 × 70 mm as agreed.');
  await noAxeViolations(staff, 'job detail with the review form');
  await staff.getByRole('button', { name: 'Approve' }).click();
  await expect(staff.locator('[data-job-status]')).toHaveAttribute('data-job-status', 'ready');
  await expect(staff.locator('[data-review-state]')).toHaveAttribute('data-review-state', 'approved');
  // The proof the reviewer looked at: the workflow's safe zone is marked and named in the legend.
  await staff.getByRole('button', { name: 'Show proof of needs-a-look.pdf' }).click();
  const proof = staff.locator('[data-proof-for] .proof');
  await expect(proof).toHaveAttribute('data-proof', 'ready', { timeout: 30_000 });
  await expect(proof.locator('.proof__key--safe')).toBeVisible();

  // The customer's widget, still open, follows: ready, with the shop's note; the gate opens.
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
  await expect(w.locator('[data-review=approved]')).toContainText('Printed at 100 × 70 mm as agreed.');
  await expect(page.locator('#cart')).toBeEnabled();
  const job = await (await fetch(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job).toMatchObject({ status: 'ready', canProceed: true, reviewState: 'approved', reviewDecision: { decision: 'approved', reviewedBy: STAFF.email } });
  await staff.context().close();
});

test('staff start a job for an instant check by dropping in a file', async ({ browser }) => {
  const staff = await staffPage(browser);
  await staff.getByRole('link', { name: 'New check' }).click();
  await noAxeViolations(staff, 'new check');
  await staff.getByLabel('Workflow').selectOption('wf_e2e_card');
  const file = await makePdf('from-email.pdf', { widthMm: 85, heightMm: 55 });
  await staff.locator('input[type=file]').setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: file.buffer });
  await staff.getByRole('button', { name: 'Check files' }).click();
  await expect(staff.getByRole('heading', { name: /^Job job_/ })).toBeVisible();
  await expect(staff.locator('[data-job-status]')).toHaveAttribute('data-job-status', 'ready', { timeout: 30_000 });
  await expect(staff.getByText(`Started by ${STAFF.email}`)).toBeVisible();
  await expect(staff.locator('[data-sha256]')).toHaveText(sha256(file.buffer));
  await staff.context().close();
});

test('a fixed file: staff download the production file (sha256 as shown and as the API says), the timeline says when it was fixed, and a staff check under a fixing workflow offers it too', async ({ browser }) => {
  // Drawn artwork (RGB), no bleed: the workflow adds 3 mm by mirroring and converts the colours.
  const drawn = async (name: string): Promise<FilePayload> => ({ name, mimeType: 'application/pdf', buffer: await makeArtwork([{ widthMm: 85, heightMm: 55 }]) });
  const card = await drawn('card-no-bleed.pdf');
  const jobId = await customerJob('wf_e2e_fix_card', card);
  const api = await (await fetch(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  const apiOutput = api.files[0].outputs[0];
  expect(apiOutput).toMatchObject({ status: 'ready', name: 'card-no-bleed.pdf' });

  const staff = await staffPage(browser);
  await staff.goto(`${ADMIN}#/jobs/${jobId}`);
  const output = staff.locator(`[data-output-id="${apiOutput.id}"]`);
  await expect(output).toBeVisible();
  await expect(output.locator('[data-output-sha256]')).toHaveText(apiOutput.sha256);
  await expect(output.locator('[data-recheck]')).toHaveText('OK');
  await expect(output.locator('[data-fix="pdf.add_bleed"]')).toHaveText('3 mm of bleed added by mirroring the edges.');
  // The original stays downloadable next to it, with its own checksum.
  await expect(staff.locator('[data-sha256]')).toHaveText(sha256(card.buffer));
  const timeline = staff.locator('.timeline li');
  await expect(timeline.filter({ hasText: /Fixed: / })).toHaveText(/Fixed: card-no-bleed\.pdf → card-no-bleed\.pdf/);
  await expect(timeline.filter({ hasText: /Fixed: / }).locator('time')).toHaveAttribute('datetime', apiOutput.createdAt);
  await noAxeViolations(staff, 'job detail with a production file');
  const [download] = await Promise.all([staff.waitForEvent('download'), output.getByRole('link', { name: 'Download production file card-no-bleed.pdf' }).click()]);
  expect(download.suggestedFilename()).toBe('card-no-bleed.pdf');
  const bytes = fs.readFileSync((await download.path())!);
  expect(sha256(bytes)).toBe(apiOutput.sha256);
  expect(bytes.equals(card.buffer)).toBe(false);

  // Issue 16.5: a file received by e-mail, checked and fixed by staff, same report and download.
  await staff.goto(`${ADMIN}#/new`);
  await staff.getByLabel('Workflow').selectOption('wf_e2e_fix_card');
  const mailed = await drawn('mailed-card.pdf');
  await staff.locator('input[type=file]').setInputFiles({ name: mailed.name, mimeType: mailed.mimeType, buffer: mailed.buffer });
  await staff.getByRole('button', { name: 'Check files' }).click();
  await expect(staff.getByRole('heading', { name: /^Job job_/ })).toBeVisible();
  const staffOutput = staff.locator('[data-output-status="ready"]');
  await expect(staffOutput).toBeVisible({ timeout: 30_000 });
  const staffJobId = (await staff.getByRole('heading', { name: /^Job job_/ }).textContent())!.replace(/^Job /, '');
  const staffApi = await (await fetch(`${SERVER_URL}/v1/jobs/${staffJobId}`, { headers: SK })).json();
  await expect(staffOutput.locator('[data-output-sha256]')).toHaveText(staffApi.files[0].outputs[0].sha256);
  const [second] = await Promise.all([staff.waitForEvent('download'), staffOutput.getByRole('link', { name: 'Download production file mailed-card.pdf' }).click()]);
  expect(sha256(fs.readFileSync((await second.path())!))).toBe(staffApi.files[0].outputs[0].sha256);
  await staff.context().close();
});

test('the portal speaks the staff member\'s language: German from the browser, Arabic (right to left) from the switch; axe stays clean', async ({ browser }) => {
  const jobId = await customerJob('wf_e2e_review', await makePdf('locales.pdf', { widthMm: 100, heightMm: 70 }));
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await page.goto(ADMIN);
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await noAxeViolations(page, 'sign-in page in German');
  // A wrong password is refused in German, from our own words (the server's message is English).
  await page.getByLabel('E-Mail', { exact: true }).fill(STAFF.email);
  await page.getByLabel('Passwort', { exact: true }).fill('nicht das Passwort');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toHaveText('E-Mail-Adresse oder Passwort ist falsch.');
  await signIn(page, GERMAN);
  await expect(page.getByRole('link', { name: /^Freigabe-Warteschlange/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Filter anwenden' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Prüfprofil' })).toBeVisible();
  await noAxeViolations(page, 'jobs list in German');

  await page.goto(`${ADMIN}#/jobs/${jobId}`);
  await expect(page.getByRole('heading', { name: `Auftrag ${jobId}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Freigabe', level: 2 })).toBeVisible();
  await expect(page.getByLabel('Notiz (wird der Kundin bzw. dem Kunden angezeigt)')).toBeVisible();
  await expect(page.locator('.timeline li').first()).toContainText('Erstellt');
  await expect(page.locator('.finding--fail .tag').first()).toHaveText('Problem');
  await noAxeViolations(page, 'job detail in German');

  // The switch: Arabic, right to left; the choice stays for this browser.
  await page.getByLabel('Sprache', { exact: true }).selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { name: `المهمة ${jobId}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'موافقة' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'المهام', exact: true })).toBeVisible();
  await noAxeViolations(page, 'job detail in Arabic');
  await page.reload();
  await expect(page.getByRole('heading', { name: `المهمة ${jobId}` })).toBeVisible();
  await page.getByLabel('اللغة', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: `Job ${jobId}` })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.context().close();
});

test('a session cannot be used cross-site or without its CSRF token', async ({ browser }) => {
  const jobId = await customerJob('wf_e2e_review', await makePdf('csrf.pdf', { widthMm: 100, heightMm: 70 }));
  const staff = await staffPage(browser);
  const review = `${SERVER_URL}/admin/api/jobs/${jobId}/review`;
  const attackerAt = async (origin: string) => {
    const attacker = await staff.context().newPage();
    await attacker.goto(origin === CDN_ORIGIN ? `${CDN_ORIGIN}/filecheck.js` : `${PAGE_ORIGIN}/demo/index.html`);
    return attacker;
  };
  const body = async (p: Page) => JSON.parse((await p.locator('body').textContent()) ?? '{}');

  // Another site (localhost vs 127.0.0.1): even a top-level link to the portal's API arrives
  // without the SameSite=Strict cookie.
  const crossSite = await attackerAt(CDN_ORIGIN);
  await crossSite.evaluate((url) => {
    const a = document.createElement('a');
    a.href = url;
    a.textContent = 'go';
    document.body.appendChild(a);
    a.click();
  }, `${SERVER_URL}/admin/api/jobs`);
  await crossSite.waitForURL(/\/admin\/api\/jobs$/);
  expect((await body(crossSite)).error.code).toBe('unauthorized');

  // From another site and from another origin of this site (where the cookie does go along):
  // a credentialed fetch and an auto-submitted form to the review route are both refused.
  for (const origin of [CDN_ORIGIN, PAGE_ORIGIN]) {
    const attacker = origin === CDN_ORIGIN ? crossSite : await attackerAt(origin);
    if (origin === CDN_ORIGIN) await attacker.goto(`${CDN_ORIGIN}/filecheck.js`);
    await attacker.evaluate(async (url) => {
      await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{"decision":"approved"}' }).catch(() => {});
    }, review);
    await attacker.evaluate((url) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = url;
      form.enctype = 'text/plain';
      const input = document.createElement('input');
      input.name = '{"decision":"approved","x":"';
      input.value = '"}';
      form.appendChild(input);
      document.body.appendChild(form);
      form.submit();
    }, review);
    await attacker.waitForURL(/\/review$/);
    expect((await body(attacker)).error.code, origin).toBe('forbidden');
    await attacker.close();
  }
  const job = await (await fetch(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  expect(job.reviewState).toBe('pending');
  // Signing out ends the session for good.
  await staff.getByRole('button', { name: 'Sign out' }).click();
  await expect(staff.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await staff.evaluate(async () => (await fetch('/admin/api/jobs')).status)).toBe(401);
  await staff.context().close();
});
