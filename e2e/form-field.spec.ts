// Form-field mode, for stores without a tus server: the accepted file is placed into a real
// <input type="file" name=…> of the host form, so a classic multipart post carries it. The gate
// still applies. The static server only serves GET, so the post is caught with page.route.
import { expect, test, type Page, type Request } from '@playwright/test';
import { makePdf, makePng, pickFiles, recordEvents } from './support';

const pdfOnly = { id: 'wf_form_field', schemaVersion: 1, rule: { cardinality: { min: 1, max: 2 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }] } };

async function mount(page: Page, formField: unknown): Promise<void> {
  await page.evaluate(
    ([wf, ff]) => {
      const w = window as any;
      w.intake = w.Filecheck('pk_test_demo').elements.create('intake', { workflow: wf, formField: ff }).mount('#one');
    },
    [pdfOnly, formField] as const,
  );
}

/** The files of the form's file input named `name` (null when there is no such input). */
function fieldFiles(page: Page, name: string) {
  return page.evaluate((n) => {
    const input = document.querySelector<HTMLInputElement>(`#order input[type=file][name="${n}"]`);
    if (!input) return null;
    return { names: Array.from(input.files ?? []).map((f) => f.name), multiple: input.multiple, hidden: input.hidden };
  }, name);
}

/** Answer the form post, keep its request. */
async function catchPost(page: Page): Promise<Request[]> {
  const posts: Request[] = [];
  await page.route('**/upload-receiver', async (route) => {
    posts.push(route.request());
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>received</title><p id="received">received</p>' });
  });
  return posts;
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/form-field-basic.html');
});

test('the accepted file travels in the classic multipart form post', async ({ page }) => {
  const posts = await catchPost(page);
  await mount(page, { name: 'artwork' });
  const button = page.locator('#order-button');
  await expect(button).toBeDisabled();
  expect(await fieldFiles(page, 'artwork')).toBeNull();

  const pdf = await makePdf('poster.pdf', { widthMm: 420, heightMm: 594 });
  await pickFiles(page.locator('#one'), [pdf]);
  await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'ready');
  await expect(button).toBeEnabled();
  expect(await fieldFiles(page, 'artwork')).toEqual({ names: ['poster.pdf'], multiple: false, hidden: true });

  await button.click();
  await expect(page.locator('#received')).toBeVisible();
  expect(posts).toHaveLength(1);
  const req = posts[0]!;
  expect(req.method()).toBe('POST');
  expect(req.headers()['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  const body = req.postDataBuffer()!;
  const text = body.toString('latin1');
  expect(text).toContain('Content-Disposition: form-data; name="artwork"; filename="poster.pdf"');
  expect(text).toContain('Content-Type: application/pdf');
  expect(body.includes(pdf.buffer)).toBe(true); // every byte of the file
  expect(text).toContain('name="note"');
  expect(text).toContain('rush order');
  expect(text).toContain('name="fc_job_id"');
});

test('the gate still applies: a rejected file is not put in the form, and the form cannot be posted', async ({ page }) => {
  const posts = await catchPost(page);
  await mount(page, { name: 'artwork' });
  await pickFiles(page.locator('#one'), [await makePng('photo.png')]);
  await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'rejected');
  expect((await fieldFiles(page, 'artwork'))?.names ?? []).toEqual([]);
  await expect(page.locator('#order-button')).toBeDisabled();
  await page.locator('input[name=note]').press('Enter');
  await page.evaluate(() => (document.getElementById('order') as HTMLFormElement).requestSubmit());
  await page.waitForTimeout(300);
  expect(posts).toHaveLength(0);
});

test('several files: multiple; removing a file takes it out of the form; replacing follows', async ({ page }) => {
  const posts = await catchPost(page);
  await mount(page, { name: 'artwork[]' });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('front.pdf'), await makePdf('back.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  expect(await fieldFiles(page, 'artwork[]')).toEqual({ names: ['front.pdf', 'back.pdf'], multiple: true, hidden: true });

  await w.getByRole('button', { name: 'Remove back.pdf' }).click();
  await expect.poll(() => fieldFiles(page, 'artwork[]')).toMatchObject({ names: ['front.pdf'] });
  await w.getByRole('button', { name: 'Remove front.pdf' }).click();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await expect.poll(async () => (await fieldFiles(page, 'artwork[]'))?.names ?? []).toEqual([]);
  await expect(page.locator('#order-button')).toBeDisabled();

  await pickFiles(w, [await makePdf('final.pdf')]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await page.locator('#order-button').click();
  await expect(page.locator('#received')).toBeVisible();
  const text = posts[0]!.postDataBuffer()!.toString('latin1');
  expect(text).toContain('name="artwork[]"; filename="final.pdf"');
  expect(text).not.toContain('front.pdf');
});

test("the store's own file input is used when the form has one", async ({ page }) => {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.name = 'upload';
    input.id = 'own';
    document.getElementById('order')!.prepend(input);
  });
  await mount(page, { name: 'upload' });
  await pickFiles(page.locator('#one'), [await makePdf('mine.pdf')]);
  await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'ready');
  expect(await page.locator('#order input[type=file][name=upload]').count()).toBe(1);
  expect(await page.evaluate(() => Array.from((document.getElementById('own') as HTMLInputElement).files!).map((f) => f.name))).toEqual(['mine.pdf']);
});
