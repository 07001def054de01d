// Products with named slots (front and back): keyboard on every drop zone, several files on one
// slot, and dropping on a filled slot.
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, makePdf, recordEvents } from './support';

const twoSlots = {
  id: 'wf_slots',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 2, slots: [{ id: 'front', label: 'Front', required: true }, { id: 'back', label: 'Back', required: true }] },
    accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'] }],
  },
};

async function mount(page: Page): Promise<void> {
  await page.evaluate((wf) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', { workflow: wf }).mount('#one');
  }, twoSlots);
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.goto('/e2e/pages/harness.html');
  await mount(page);
});

test('Enter and Space open the picker on every slot drop zone', async ({ page }) => {
  const w = page.locator('#one');
  for (const [slot, key] of [['front', 'Enter'], ['back', ' ']] as const) {
    const zone = w.locator(`[data-slot-id=${slot}] .dropzone`);
    const chooser = page.waitForEvent('filechooser');
    await zone.focus();
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await (await chooser).setFiles([await makePdf(`${slot}.pdf`)]);
    await expect(w.locator(`[data-slot-id=${slot}] .file__name`)).toHaveText(`${slot}.pdf`);
  }
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
});

test('several files dropped on one slot fill the empty slots in order; a valid Front file never leaves the job rejected', async ({ page }) => {
  const w = page.locator('#one');
  await dropFiles(w.locator('[data-slot-id=front] .dropzone'), [await makePdf('a.pdf'), await makePdf('b.pdf')]);
  await expect(w.locator('[data-slot-id=front] .file__name')).toHaveText('a.pdf');
  await expect(w.locator('[data-slot-id=back] .file__name')).toHaveText('b.pdf');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
});

test('more files than slots: the extra one is refused with a clear message, the others fill the slots', async ({ page }) => {
  const w = page.locator('#one');
  await dropFiles(w.locator('[data-slot-id=back] .dropzone'), [await makePdf('1.pdf'), await makePdf('2.pdf'), await makePdf('3.pdf')]);
  await expect(w.locator('[data-slot-id=back] .file[data-state=done] .file__name')).toHaveText('1.pdf');
  await expect(w.locator('[data-slot-id=front] .file__name')).toHaveText('2.pdf');
  const extra = w.locator('.file[data-state=refused]');
  await expect(extra.locator('.file__name')).toHaveText('3.pdf');
  await expect(extra).toContainText('Only 2 files can be added');
  await extra.getByRole('button', { name: /Remove/ }).click();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
});

test('a filled slot says that a new file replaces the one there, and does so', async ({ page }) => {
  const w = page.locator('#one');
  const front = w.locator('[data-slot-id=front]');
  await dropFiles(front.locator('.dropzone'), [await makePdf('old.pdf')]);
  await expect(front.locator('.file__name')).toHaveText('old.pdf');
  await expect(front.locator('.dropzone')).toHaveAccessibleName(/replace “old\.pdf”/);
  await dropFiles(front.locator('.dropzone'), [await makePdf('new.pdf')]);
  await expect(front.locator('.file__name')).toHaveText('new.pdf');
  await expect(w.locator('.file')).toHaveCount(1);
});
