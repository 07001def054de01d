// What a customer does with the widget: pick, drop, paste, remove, replace; what they see.
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, events, makePdf, makePng, makeText, pasteFiles, pickFiles, recordEvents, statuses } from './support';

const pdfOnly = { schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }] } };
const pdfOrImage = (max: number, min = 1) => ({
  id: 'wf_test',
  schemaVersion: 1,
  rule: {
    cardinality: { min, max },
    accepts: [
      { kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], maxSize: 5_000_000 },
      { kind: 'raster', mimeTypes: ['image/png', 'image/jpeg'], extensions: ['png', 'jpg'], maxSize: 5_000_000 },
    ],
  },
});

async function mount(page: Page, options: Record<string, unknown>, target = '#one'): Promise<void> {
  await page.evaluate(
    ([opts, sel]) => {
      const w = window as any;
      w.intakes = w.intakes ?? [];
      w.intakes.push(w.Filecheck('pk_test_demo').elements.create('intake', opts).mount(sel));
    },
    [options, target] as const,
  );
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/harness.html');
});

test('the exact sequence of status payloads for one good file', async ({ page }) => {
  await mount(page, { workflow: pdfOrImage(1) });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('card.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  const payloads = (await events(page, 'status')).map((e) => e.detail);
  expect(payloads.map((p) => p.status)).toEqual(['idle', 'processing', 'ready']);
  expect(payloads[0]).toEqual({
    status: 'idle', terminal: false, canProceed: false, workflowId: 'wf_test', jobId: null, files: [],
    facts: expect.any(Object),
  });
  const last = payloads[2];
  expect(last).toMatchObject({ status: 'ready', terminal: true, canProceed: true, workflowId: 'wf_test', jobId: null });
  expect(last.files).toEqual([{ id: expect.stringMatching(/^file_/), name: 'card.pdf', fileRef: null, outcome: 'pass', status: 'done', outputRef: null }]);
  expect(payloads[1].files[0]).toMatchObject({ name: 'card.pdf', outcome: null, status: 'inspecting' });
  // ready then facts; every event also reached the page as a DOM event on the mount element
  const names = (await events(page)).map((e) => e.name);
  expect(names[0]).toBe('ready');
  expect(names).toContain('facts');
  expect((await events(page, 'facts')).at(-1)!.detail.aggregate.fileCount).toBe(1);
  expect((await events(page, 'status')).every((e) => e.target === 'one')).toBe(true);
});

test('drag and drop, paste, and keyboard open the picker', async ({ page }) => {
  await mount(page, { workflow: pdfOrImage(3) });
  const w = page.locator('#one');
  const zone = w.locator('.dropzone');
  await dropFiles(zone, [await makePdf('dropped.pdf')]);
  await expect(w.locator('.file')).toHaveCount(1);
  await pasteFiles(zone, [await makePng('pasted.png')]);
  await expect(w.locator('.file')).toHaveCount(2);
  // keyboard: Tab to the labelled drop zone, Enter opens the file chooser
  await expect(zone).toHaveAttribute('role', 'button');
  await expect(page.getByRole('button', { name: /Drop files here or click to choose/ })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await zone.focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles([await makePdf('picked.pdf')]);
  await expect(w.locator('.file')).toHaveCount(3);
  // and a click opens it too
  const chooser2 = page.waitForEvent('filechooser');
  await zone.click();
  await chooser2;
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(w.locator('.file__name')).toHaveText(['dropped.pdf', 'pasted.png', 'picked.pdf']);
});

test('type is decided by content: a PNG named .pdf is a PNG', async ({ page }) => {
  await mount(page, { workflow: pdfOrImage(2) });
  const png = await makePng();
  const w = page.locator('#one');
  await pickFiles(w, [{ ...png, name: 'artwork.pdf', mimeType: 'application/pdf' }]);
  await expect(w.locator('.file')).toHaveAttribute('data-state', 'done');
  await expect(w.locator('.file__meta')).toContainText('Image');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
});

test('a PNG named .pdf on a PDF-only product is refused with a reason, and the gate stays closed', async ({ page }) => {
  await mount(page, { workflow: pdfOnly });
  const w = page.locator('#one');
  await pickFiles(w, [{ ...(await makePng()), name: 'artwork.pdf', mimeType: 'application/pdf' }]);
  const row = w.locator('.file');
  await expect(row).toHaveAttribute('data-state', 'refused');
  await expect(row.locator('[data-code=file_type_refused]')).toBeVisible();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await expect(page.locator('#cart')).toBeDisabled();
  // unknown content is refused too
  await w.getByRole('button', { name: /Remove artwork.pdf/ }).click();
  await pickFiles(w, [makeText('brief.pdf')]);
  await expect(w.locator('.file [data-code=file_type_refused]')).toBeVisible();
});

test('files beyond the maximum are refused with a message; removing one lets the order proceed', async ({ page }) => {
  await mount(page, { workflow: pdfOrImage(2) });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a.pdf'), await makePdf('b.pdf'), await makePdf('c.pdf')]);
  const rows = w.locator('.file');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toHaveAttribute('data-state', 'refused');
  await expect(rows.nth(2).locator('[data-code=too_many_files]')).toContainText('2');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  await w.getByRole('button', { name: 'Remove c.pdf' }).click();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator('#cart')).toBeEnabled();
});

test('too large for its type is refused per file, others unaffected', async ({ page }) => {
  const wf = pdfOrImage(2);
  (wf.rule.accepts[1] as any).maxSize = 100;
  await mount(page, { workflow: wf });
  const w = page.locator('#one');
  await pickFiles(w, [await makePng('big.png', 256), await makePdf('ok.pdf')]);
  await expect(w.locator('.file').nth(0).locator('[data-code=file_too_large]')).toBeVisible();
  await expect(w.locator('.file').nth(1)).toHaveAttribute('data-outcome', 'pass');
});

test('remove and replace a file', async ({ page }) => {
  await mount(page, { workflow: pdfOnly });
  const w = page.locator('#one');
  await pickFiles(w, [await makePng('wrong.png')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');
  const chooser = page.waitForEvent('filechooser');
  await w.getByRole('button', { name: 'Replace wrong.png' }).click();
  await (await chooser).setFiles([await makePdf('right.pdf')]);
  await expect(w.locator('.file__name')).toHaveText(['right.pdf']);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await w.getByRole('button', { name: 'Remove right.pdf' }).click();
  await expect(w.locator('.file')).toHaveCount(0);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  expect(await statuses(page)).toEqual(['idle', 'processing', 'rejected', 'processing', 'ready', 'idle']);
});

test('named slots are separate targets; an empty required slot keeps the job incomplete', async ({ page }) => {
  const wf = pdfOrImage(2);
  (wf.rule.cardinality as any).slots = [{ id: 'front', label: 'Front', required: true }, { id: 'back', label: 'Back', required: true }];
  await mount(page, { workflow: wf });
  const w = page.locator('#one');
  const front = w.locator('[data-slot-id=front]');
  const back = w.locator('[data-slot-id=back]');
  await pickFiles(front, [await makePdf('front.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'incomplete');
  await expect(front.locator('.file__name')).toHaveText('front.pdf');
  await expect(back.locator('.file')).toHaveCount(0);
  await pickFiles(back, [await makePdf('back.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
});

test('file names are shown as text, never parsed as HTML', async ({ page }) => {
  await mount(page, { workflow: pdfOnly });
  const w = page.locator('#one');
  const evil = '<img src=x onerror="window.__pwned=1">.pdf';
  await pickFiles(w, [await makePdf(evil)]);
  await expect(w.locator('.file__name')).toHaveText(evil);
  await expect(w.locator('.file img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
});

test('an invalid workflow: error event naming the field, message shown, gate closed', async ({ page }) => {
  await mount(page, { workflow: { schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'doc' }] } } });
  const w = page.locator('#one');
  await expect(w.locator('[data-code=workflow_invalid]')).toContainText('rule.accepts[0].kind');
  const errs = await events(page, 'error');
  expect(errs).toHaveLength(1);
  expect(errs[0]!.detail.code).toBe('workflow_invalid');
  expect(errs[0]!.detail.message).toContain('rule.accepts[0].kind');
  await expect(page.locator('#cart')).toBeDisabled();
});

test('on() returns an unsubscribe function, off() removes a listener, unmount emits destroy', async ({ page }) => {
  await mount(page, { workflow: pdfOnly });
  const counts = await page.evaluate(async () => {
    const w = window as any;
    const intake = w.intakes[0];
    const seen = { a: 0, b: 0, destroy: 0 };
    const unsubscribe = intake.on('status', () => seen.a++);
    const b = () => seen.b++;
    intake.on('status', b);
    intake.on('destroy', () => seen.destroy++);
    unsubscribe();
    intake.off('status', b);
    intake.setContext({ artworkSize: { width_mm: 85, height_mm: 55 } });
    intake.unmount();
    let threw = false;
    try {
      intake.mount('#one');
    } catch {
      threw = true;
    }
    return { ...seen, threw, leftover: document.querySelectorAll('#one .filecheck-intake').length };
  });
  expect(counts).toEqual({ a: 0, b: 0, destroy: 1, threw: true, leftover: 0 });
  expect((await events(page, 'destroy')).length).toBe(1);
});

test('mount() throws for a missing target', async ({ page }) => {
  const message = await page.evaluate(() => {
    try {
      (window as any).Filecheck('pk_test_demo').elements.create('intake', {}).mount('#nope');
      return 'no error';
    } catch (e) {
      return (e as Error).message;
    }
  });
  expect(message).toContain('#nope');
});
