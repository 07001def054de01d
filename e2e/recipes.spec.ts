// Store recipes (demo/recipes/): each platform's product form is gated by the widget, and the job
// id reaches the store under the field name that platform expects. The static server only
// serves GET, so each form's post is caught with page.route and its body is read.
import { expect, test, type Page, type Request } from '@playwright/test';
import { makePdf, pickFiles, recordEvents } from './support';
import { SERVER_URL } from './ports';

interface Recipe {
  name: string;
  path: string;
  /** The add-to-cart button. */
  button: string;
  /** Where the form posts (page.route pattern). */
  action: string;
  /** The field that carries the job id. */
  jobField: string;
  /** Other fields the platform posts with it. */
  fields: Record<string, string>;
  /** A file that can proceed on this product. */
  good: () => ReturnType<typeof makePdf>;
}

const recipes: Recipe[] = [
  {
    name: 'shopify',
    path: '/demo/recipes/shopify.html',
    button: 'product-form [name="add"]',
    action: '**/cart/add',
    jobField: 'properties[Filecheck Job]',
    fields: { form_type: 'product', id: '4101', quantity: '1' },
    good: () => makePdf('poster.pdf', { widthMm: 420, heightMm: 594 }),
  },
  {
    name: 'woocommerce',
    path: '/demo/recipes/woocommerce.html',
    button: 'form.cart .single_add_to_cart_button',
    action: '**/demo/recipes/woocommerce.html',
    jobField: 'fc_job_id',
    fields: { 'add-to-cart': '42', quantity: '1' },
    good: () => makePdf('flyer.pdf', { widthMm: 148, heightMm: 210, pages: 2 }),
  },
  {
    name: 'plain',
    path: '/demo/recipes/plain.html',
    button: '#order-button',
    action: '**/demo/recipes/received.html',
    jobField: 'fc_job_id',
    fields: { product_id: '77', quantity: '250' },
    good: () => makePdf('card.pdf', { widthMm: 91, heightMm: 61 }),
  },
];

/** The fields of a form post, multipart or urlencoded. */
function formFields(req: Request): Record<string, string> {
  const type = req.headers()['content-type'] ?? '';
  const body = req.postDataBuffer() ?? Buffer.alloc(0);
  const out: Record<string, string> = {};
  const m = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (m) {
    const boundary = `--${m[1] ?? m[2]}`;
    for (const part of body.toString('latin1').split(boundary).slice(1, -1)) {
      const at = part.indexOf('\r\n\r\n');
      const name = /name="([^"]*)"/.exec(part.slice(0, at))?.[1];
      if (name !== undefined) out[name] = Buffer.from(part.slice(at + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
    }
  } else {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
  }
  return out;
}

/** Catch the form's POST (GETs of the same URL pass through). */
async function catchPosts(page: Page, pattern: string): Promise<Request[]> {
  const posts: Request[] = [];
  await page.route(pattern, async (route) => {
    const req = route.request();
    if (req.method() !== 'POST') return route.continue();
    posts.push(req);
    if (req.headers()['x-requested-with'] === 'XMLHttpRequest') {
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ id: 4101, quantity: 1, key: 'demo' }) });
    }
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>posted</title><h1 id="posted">posted</h1>' });
  });
  return posts;
}

/**
 * Bind a recipe to the e2e reference server instead of its inline workflow: the Filecheck script
 * tag's data attributes are rewritten as the parser inserts it, before it runs. (Rewriting the
 * HTML with route.fulfill would not do: Chromium then treats the page as public and blocks its
 * requests to the loopback server.)
 */
async function withServer(page: Page): Promise<void> {
  await page.addInitScript((server) => {
    const rewrite = () => {
      for (const s of document.querySelectorAll<HTMLScriptElement>('script[data-workflow="#fc-workflow"]')) {
        s.removeAttribute('data-workflow');
        s.setAttribute('data-endpoint', server);
        s.setAttribute('data-workflow-id', 'wf_e2e_any');
      }
    };
    new MutationObserver(rewrite).observe(document, { childList: true, subtree: true });
  }, SERVER_URL);
}

const widget = (page: Page) => page.locator('#fc-inline');

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

for (const r of recipes) {
  test(`${r.name}: the button stays disabled until a good file is added; the post carries ${r.jobField}`, async ({ page }) => {
    const posts = await catchPosts(page, r.action);
    await page.goto(r.path);
    const button = page.locator(r.button);
    await expect(widget(page).locator('.dropzone')).toBeVisible();
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('aria-disabled', 'true');

    // nothing gets through while closed: Enter in a field, requestSubmit(), a forced click
    await page.evaluate((sel) => {
      const b = document.querySelector<HTMLButtonElement>(sel)!;
      b.form!.requestSubmit();
      b.disabled = false;
      b.click();
    }, r.button);
    await page.waitForTimeout(300);
    expect(posts).toHaveLength(0);

    await pickFiles(widget(page), [await r.good()]);
    await expect(widget(page).locator('.status')).toHaveAttribute('data-status', 'ready');
    await expect(button).toBeEnabled();
    await expect(page.locator(`input[type=hidden][name="${r.jobField}"]`)).toHaveCount(1);

    await button.click();
    await expect.poll(() => posts.length).toBe(1);
    const fields = formFields(posts[0]!);
    expect(fields).toHaveProperty([r.jobField]);
    expect(fields[r.jobField]).toBe(''); // preview: no server, no job
    expect(fields).toMatchObject(r.fields);
  });

  test(`${r.name}: with a server, the real job id is posted as ${r.jobField}`, async ({ page }) => {
    await withServer(page);
    const posts = await catchPosts(page, r.action);
    await page.goto(r.path);
    const button = page.locator(r.button);
    await expect(button).toBeDisabled();
    await pickFiles(widget(page), [await r.good()]);
    await expect(widget(page).locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
    await expect(button).toBeEnabled();
    const jobId = await page.locator(`input[type=hidden][name="${r.jobField}"]`).inputValue();
    expect(jobId).toMatch(/^job_[a-z0-9]{26,}$/i);
    await button.click();
    await expect.poll(() => posts.length).toBe(1);
    expect(formFields(posts[0]!)[r.jobField]).toBe(jobId);
  });
}

test("shopify: Dawn's variant change re-enables its button, but not while the job can't proceed", async ({ page }) => {
  const posts = await catchPosts(page, '**/cart/add');
  await page.goto('/demo/recipes/shopify.html');
  const button = page.locator('product-form [name="add"]');
  const paper = page.locator('variant-selects select');
  await expect(button).toBeDisabled();

  // idle: the theme's handler runs (price, variant id change) and removes `disabled`; the gate puts it back
  await paper.selectOption('Gloss');
  await expect(page.locator('#price-template--main')).toHaveText('€ 21.00');
  await expect(page.locator('#product-form-template--main input[name=id]')).toHaveValue('4102');
  await page.waitForTimeout(300);
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('aria-disabled', 'true');

  // rejected (wrong size): still closed, whatever the variant picker does
  await pickFiles(widget(page), [await makePdf('wrong-size.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(widget(page).locator('.status')).toHaveAttribute('data-status', 'rejected');
  await paper.selectOption('Matte');
  await expect(page.locator('#price-template--main')).toHaveText('€ 19.00');
  await page.waitForTimeout(300);
  await expect(button).toBeDisabled();

  // a good file opens it; from then on the theme is in charge of its button again
  await widget(page).getByRole('button', { name: 'Remove wrong-size.pdf' }).click();
  await pickFiles(widget(page), [await makePdf('poster.pdf', { widthMm: 420, heightMm: 594 })]);
  await expect(widget(page).locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(button).toBeEnabled();
  await paper.selectOption('Canvas'); // sold out: the theme disables it
  await expect(button).toBeDisabled();
  await expect(button).toHaveText('Sold out');
  await paper.selectOption('Gloss');
  await expect(button).toBeEnabled();
  await expect(button).toHaveText('Add to cart');

  await button.click();
  await expect.poll(() => posts.length).toBe(1);
  expect(formFields(posts[0]!)).toMatchObject({ id: '4102', 'properties[Filecheck Job]': '' });
  // the theme's own AJAX handler sent it (it shows what went to the cart)
  await expect(page.locator('#cart-post')).toContainText('properties[Filecheck Job] =');
  // removing the file closes the gate again
  await widget(page).getByRole('button', { name: 'Remove poster.pdf' }).click();
  await expect(button).toBeDisabled();
});

test('form post without an upload server: the checked file travels in the store\'s multipart post (form-field mode)', async ({ page }) => {
  const posts = await catchPosts(page, '**/demo/recipes/received.html');
  await page.goto('/demo/recipes/form-post.html');
  const button = page.locator('#order-button');
  await expect(button).toBeDisabled();
  const pdf = await makePdf('poster.pdf', { widthMm: 420, heightMm: 594 });
  await pickFiles(widget(page), [pdf]);
  await expect(widget(page).locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(button).toBeEnabled();
  await button.click();
  await expect.poll(() => posts.length).toBe(1);
  const body = posts[0]!.postDataBuffer()!;
  expect(body.toString('latin1')).toContain('name="artwork"; filename="poster.pdf"');
  expect(body.includes(pdf.buffer)).toBe(true);
  expect(formFields(posts[0]!)).toMatchObject({ product_id: '88', fc_job_id: '' });
});

// Known gap in the gate (src/embed/gate.ts), not in the recipe: when the theme disables the
// button for its own reason (a sold-out variant) while the gate holds it closed, opening the gate
// removes `disabled` and the sold-out variant becomes buyable. The gate should remember what the
// host wants (host writes to `disabled` while gated) and restore that on open. Enable when fixed.
test('shopify: a variant sold out while the gate was closed stays unbuyable when the file is ready', async ({ page }) => {
  await page.goto('/demo/recipes/shopify.html');
  const button = page.locator('product-form [name="add"]');
  await expect(button).toBeDisabled();
  await page.locator('variant-selects select').selectOption('Canvas');
  await expect(button).toHaveText('Sold out');
  await pickFiles(widget(page), [await makePdf('poster.pdf', { widthMm: 420, heightMm: 594 })]);
  await expect(widget(page).locator('.status')).toHaveAttribute('data-status', 'ready');
  await page.waitForTimeout(300);
  await expect(button).toBeDisabled();
  // and choosing an available variant makes it buyable
  await page.locator('variant-selects select').selectOption('Matte');
  await expect(button).toBeEnabled();
});
