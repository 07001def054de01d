// The connector: facts about the customer's files written into the store's own inputs, with unit
// conversion and rounding, real bubbling input/change events, and a result per binding.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, pickFiles, recordEvents } from './support';

const workflow = { id: 'wf_connector', schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }] } };

const bindings = [
  { id: 'qty', source: 'pageCount', control: 'quantity' },
  { id: 'width', source: 'width', control: 'width', convertTo: 'cm', decimals: 1 },
  { id: 'height', source: 'height', customSelector: '#height-in', convertTo: 'in', decimals: 2 },
  { id: 'area', source: 'area', control: 'area', convertTo: 'cm', round: 'floor' },
  { id: 'files', source: 'fileCount', customSelector: '#file-count', set: 'text' },
  { id: 'price', source: 'pageCount', customSelector: '#price', set: 'attr', attr: 'data-pages' },
  { id: 'gone', source: 'width', customSelector: '#nope' },
  { id: 'off', enabled: false, source: 'height', control: 'height' },
];

async function mount(page: Page, connector: unknown): Promise<void> {
  await page.evaluate(
    ([wf, cfg]) => {
      const w = window as any;
      w.__applied = [];
      w.intake = w
        .Filecheck('pk_test_demo')
        .elements.create('intake', {
          workflow: wf,
          connector: cfg,
          onConnectorApply: (results: unknown) => w.__applied.push(JSON.parse(JSON.stringify(results))),
        })
        .mount('#one');
    },
    [workflow, connector] as const,
  );
}

const controlEvents = (page: Page) => page.evaluate(() => (window as any).__controlEvents as { type: string; name: string; value: string }[]);
const applied = (page: Page) => page.evaluate(() => (window as any).__applied as any[][]);

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/connector-basic.html');
});

test('bindings write page count, size and area into host inputs, converted and rounded', async ({ page }) => {
  await mount(page, { bindings });
  const w = page.locator('#one');
  await pickFiles(w, [await makePdf('a4.pdf', { widthMm: 210, heightMm: 297, pages: 3 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');

  await expect(page.locator('input[name=quantity]')).toHaveValue('3');
  await expect(page.locator('[data-filecheck-control=width]')).toHaveValue('21');
  await expect(page.locator('#height-in')).toHaveValue('11.69'); // 297 mm = 11.6929 in
  await expect(page.locator('[data-filecheck-control=area]')).toHaveValue('623'); // 62370 mm² = 623.7 cm², floored
  await expect(page.locator('#file-count')).toHaveText('1');
  await expect(page.locator('#price')).toHaveAttribute('data-pages', '3');

  // real events that bubble to the document, once per written value: input then change
  const ev = await controlEvents(page);
  expect(ev.filter((e) => e.name === 'quantity')).toEqual([
    { type: 'input', name: 'quantity', value: '3', trusted: false },
    { type: 'change', name: 'quantity', value: '3', trusted: false },
  ]);
  expect(ev.filter((e) => e.name === 'width_cm').map((e) => e.type)).toEqual(['input', 'change']);

  // onConnectorApply: one result per binding, on every status update
  const all = await applied(page);
  expect(all.length).toBeGreaterThanOrEqual(1);
  const last = all.at(-1)!;
  expect(last.map((r) => r.bindingId)).toEqual(bindings.map((b) => b.id));
  const byId = Object.fromEntries(last.map((r) => [r.bindingId, r]));
  expect(byId.qty).toMatchObject({ selector: 'input[name="quantity"], input[name="qty"], [name="quantity"]', value: 3, applied: true });
  expect(byId.width).toMatchObject({ selector: '[data-filecheck-control="width"]', value: 21, applied: true });
  expect(byId.height).toMatchObject({ selector: '#height-in', value: 11.69, applied: true });
  expect(byId.area).toMatchObject({ value: 623, applied: true });
  expect(byId.gone).toMatchObject({ selector: '#nope', applied: false, reason: 'element_not_found' });
  expect(byId.off).toMatchObject({ applied: false, reason: 'disabled' });
  // before the file was inspected, nothing was known and nothing was written
  expect(all[0]!.find((r: any) => r.bindingId === 'qty')).toMatchObject({ applied: false, reason: 'no_value' });
});

test('applyNow() re-applies; setConnector(null) stops it; setConnector(cfg) applies at once', async ({ page }) => {
  await mount(page, { bindings: [bindings[0]] });
  const w = page.locator('#one');
  const qty = page.locator('input[name=quantity]');
  await pickFiles(w, [await makePdf('three.pdf', { pages: 3 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await expect(qty).toHaveValue('3');

  // the customer types over it; applyNow puts the file's page count back and reports
  await qty.fill('7');
  const results = await page.evaluate(() => (window as any).intake.applyNow());
  expect(results).toEqual([expect.objectContaining({ bindingId: 'qty', value: 3, applied: true })]);
  await expect(qty).toHaveValue('3');

  // switched off: a new file with 5 pages leaves the input alone
  await page.evaluate(() => void (window as any).intake.setConnector(null));
  await w.getByRole('button', { name: 'Remove three.pdf' }).click();
  await pickFiles(w, [await makePdf('five.pdf', { pages: 5 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  await page.waitForTimeout(200);
  await expect(qty).toHaveValue('3');

  // switched on again: applied right away from the current facts
  const before = (await applied(page)).length;
  await page.evaluate(() => void (window as any).intake.setConnector({ bindings: [{ id: 'pages', source: 'pageCount', control: 'quantity' }] }));
  await expect(qty).toHaveValue('5');
  const after = await applied(page);
  expect(after.length).toBe(before + 1);
  expect(after.at(-1)).toEqual([expect.objectContaining({ bindingId: 'pages', value: 5, applied: true })]);

  // removing the file writes nothing (no value), the host keeps its last value
  await w.getByRole('button', { name: 'Remove five.pdf' }).click();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await expect(qty).toHaveValue('5');
  expect((await applied(page)).at(-1)).toEqual([expect.objectContaining({ bindingId: 'pages', applied: false, reason: 'no_value' })]);
});
