// Theming: light/dark/system, accent, CSS custom properties through the Shadow DOM, ::part(),
// phone widths; and screenshots of the main states for review (e2e/screenshots/).
import { expect, test, type Page } from '@playwright/test';
import { makePdf, pickFiles } from './support';

const wf = {
  id: 'wf_theme',
  schemaVersion: 1,
  title: 'Business cards',
  rule: {
    cardinality: { min: 1, max: 2 },
    accepts: [
      {
        kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'],
        preflight: { enabled: true, profile: { sections: { geometry: { enabled: true, rules: {
          'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 91, height_mm: 61 }], tolerance_mm: 1 } },
        } } } } },
      },
    ],
  },
};

async function mount(page: Page, opts: Record<string, unknown> = {}): Promise<void> {
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((o) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', o).mount('#one');
  }, { workflow: wf, ...opts });
  await expect(page.locator('#one .dropzone')).toBeVisible();
}

const bg = (page: Page) => page.locator('#one .fc').evaluate((el) => getComputedStyle(el).backgroundColor);

test('light, dark and system themes', async ({ page }) => {
  await mount(page, { ui: { theme: 'light' } });
  expect(await bg(page)).toBe('rgb(255, 255, 255)');
  await page.evaluate(() => void (window as any).intake.update({ ui: { theme: 'dark' } }));
  expect(await bg(page)).toBe('rgb(23, 25, 29)');
  await page.evaluate(() => void (window as any).intake.update({ ui: { theme: 'system' } }));
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await bg(page)).toBe('rgb(23, 25, 29)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await bg(page)).toBe('rgb(255, 255, 255)');
});

test('accent, custom properties and ::part() style the widget from the host page', async ({ page }) => {
  await mount(page, { ui: { accent: 'rgb(200, 0, 100)' } });
  await page.addStyleTag({
    content: '#one { --fc-bg: rgb(250, 240, 230); --fc-radius: 2px; } #one .filecheck-intake::part(dropzone) { border-style: dotted; }',
  });
  expect(await bg(page)).toBe('rgb(250, 240, 230)');
  const zone = page.locator('#one .dropzone');
  expect(await zone.evaluate((el) => getComputedStyle(el).borderStyle)).toBe('dotted');
  expect(await zone.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('2px');
  await zone.hover();
  expect(await zone.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(200, 0, 100)');
  for (const part of ['container', 'header', 'status', 'dropzone']) {
    await expect(page.locator(`#one [part~="${part}"]`).first()).toBeAttached();
  }
});

test('fits a 280 px wide phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 280, height: 640 });
  await mount(page);
  await pickFiles(page.locator('#one'), [await makePdf('a-very-long-file-name-for-the-business-card-front-side-final-v2.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'rejected');
  const overflow = await page.locator('#one .fc').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(280);
});

test('screenshots of the main states', async ({ page }) => {
  const shot = (name: string) => page.locator('#one').screenshot({ path: `e2e/screenshots/${name}.png` });
  await mount(page, { ui: { subtitle: '85 × 55 mm, 3 mm bleed', helpText: 'PDF, one page per side.' } });
  await shot('idle-light');
  await pickFiles(page.locator('#one'), [await makePdf('a4-flyer.pdf', { widthMm: 210, heightMm: 297 })]);
  await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'rejected');
  await shot('rejected-light');
  await page.evaluate(() => void (window as any).intake.update({ ui: { theme: 'dark' } }));
  await shot('rejected-dark');
  await page.setViewportSize({ width: 320, height: 640 });
  await shot('rejected-phone');
});

test('right-to-left pages mirror the layout', async ({ page }) => {
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
  await page.evaluate((o) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', o).mount('#one');
  }, { workflow: wf });
  await pickFiles(page.locator('#one'), [await makePdf('card.pdf')]);
  await expect(page.locator('#one .status')).toHaveAttribute('data-status', 'ready');
  const name = await page.locator('#one .file__name').boundingBox();
  const actions = await page.locator('#one .file__actions').boundingBox();
  expect(actions!.x + actions!.width).toBeLessThanOrEqual(name!.x + 1); // actions sit on the left
  expect(await page.locator('#one .fc').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await page.locator('#one').screenshot({ path: 'e2e/screenshots/ready-rtl.png' });
});
