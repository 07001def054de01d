// 300 files dropped at once (issue 8 point 3), in real Chromium with the built bundle: every file
// reaches a verdict through the bounded worker pool and the list renders its rows lazily (more as
// the customer scrolls), so the page stays responsive. The longest main-thread task is printed
// (PerformanceObserver 'longtask', from the input's change event on); its 100 ms budget is checked
// by bench/many-files.ts in `npm run bench:quick`, measured alone.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { mountHarness, recordEvents } from './support';

const COUNT = 300;
const MM = 72 / 25.4;

const workflow = {
  id: 'wf_many',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: COUNT },
    accepts: [
      {
        kind: 'pdf',
        mimeTypes: ['application/pdf'],
        extensions: ['pdf'],
        maxSize: 50_000_000,
        onFail: 'reject',
        preflight: {
          enabled: true,
          profile: {
            sections: {
              geometry: { enabled: true, rules: { 'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 } } } },
            },
          },
        },
      },
      {
        kind: 'raster',
        mimeTypes: ['image/png'],
        extensions: ['png'],
        maxSize: 50_000_000,
        onFail: 'reject',
        preflight: {
          enabled: true,
          profile: { sections: { raster: { enabled: true, rules: { 'raster.effective_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 300, target_width_mm: 85, target_height_mm: 55 } } } } } },
        },
      },
    ],
    rejectUnknownTypes: true,
  },
};

/** 300 files on disk: business-card PDFs (every 10th the wrong size) and PNGs (every 7th too small). */
async function makeFiles(dir: string): Promise<string[]> {
  const paths: string[] = [];
  const bigPng = await sharp({ create: { width: 1100, height: 720, channels: 3, background: '#3366cc' } }).png().toBuffer();
  const smallPng = await sharp({ create: { width: 200, height: 130, channels: 3, background: '#cc6633' } }).png().toBuffer();
  for (let i = 0; i < COUNT; i++) {
    const name = `file-${String(i).padStart(3, '0')}`;
    if (i % 2 === 0) {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.addPage(i % 10 === 0 ? [210 * MM, 297 * MM] : [85 * MM, 55 * MM]);
      paths.push(join(dir, `${name}.pdf`));
      writeFileSync(paths.at(-1)!, await doc.save());
    } else {
      paths.push(join(dir, `${name}.png`));
      writeFileSync(paths.at(-1)!, i % 7 === 0 ? smallPng : bigPng);
    }
  }
  return paths;
}

async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as any;
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Mount a fresh intake, hand it the files at once, wait for every verdict; the main thread's record. */
async function dropAll(page: Page, paths: string[]) {
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((wf) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', { workflow: wf }).mount('#one');
  }, workflow);
  const w = page.locator('#one');
  const input = w.locator('.dropzone input[type=file]').first();
  await input.waitFor({ state: 'attached' });
  await input.evaluate((el) => el.addEventListener('change', (ev) => ((window as any).__changeAt ??= ev.timeStamp), { capture: true }));
  // the load of the page and the bundle is not what we measure
  await page.waitForTimeout(300);
  const t0 = await page.evaluate(() => {
    (window as any).__long.length = 0;
    return performance.now();
  });
  await input.setInputFiles(paths);
  // every file reaches a verdict (status payload: done with an outcome, none refused or failed)
  const done = () =>
    page.evaluate(() => {
      const last = (window as any).__fcEvents.filter((e: any) => e.name === 'status').at(-1)?.detail;
      return last ? last.files.filter((f: any) => f.status === 'done' && f.outcome).length : 0;
    });
  await expect.poll(done, { timeout: 90_000, intervals: [250] }).toBe(COUNT);
  const elapsed = (await page.evaluate(() => performance.now())) - t0;
  // The task that delivers the files starts before any widget code runs (the browser and the
  // test driver hand over 300 File objects, then fire `input` and `change`; the widget listens
  // to `change` only). On a busy 2-core machine that part took 60–190 ms in a page holding only a
  // hidden <input>. The widget's share of a task is what runs from the `change` event on; that
  // is what the budget holds. The raw figure is printed too.
  const { tasks, changeAt } = await page.evaluate(() => ({ tasks: (window as any).__long, changeAt: (window as any).__changeAt as number }));
  const longest = Math.max(0, ...tasks.map((t: { duration: number }) => t.duration));
  const widgetLongest = Math.max(0, ...tasks.map((t: { start: number; duration: number }) => t.start + t.duration - Math.max(t.start, changeAt)));
  console.log(`300 files: all verdicts in ${(elapsed / 1000).toFixed(1)} s; longest main-thread task ${Math.round(longest)} ms (${tasks.length} over 50 ms), of which after the change event ${Math.round(widgetLongest)} ms`);
  return { w, widgetLongest };
}

test('300 files dropped at once: all reach a verdict, rows rendered lazily', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'fc-many-'));
  try {
    const paths = await makeFiles(dir);
    await recordEvents(page);
    await watchLongTasks(page);
    // The main-thread budget for this drop (no task of the widget over 100 ms) is checked by
    // `npm run bench:quick` + bench/budgets.ts (bench/many-files.ts), measured alone: beside the
    // other Playwright worker it measured the other test (100–416 ms here against 25–80 ms alone).
    // This test proves the behaviour and prints the figure.
    const run = await dropAll(page, paths);
    const { w } = run;
    const last = await page.evaluate(() => (window as any).__fcEvents.filter((e: any) => e.name === 'status').at(-1).detail);
    expect(last.files).toHaveLength(COUNT);
    const outcomes = last.files.reduce((acc: Record<string, number>, f: any) => ((acc[f.outcome] = (acc[f.outcome] ?? 0) + 1), acc), {});
    // 15 A4 PDFs (every 10th file) and the PNGs at every 7th odd index fail; the rest pass
    const expectedFail = Array.from({ length: COUNT }, (_, i) => (i % 2 === 0 ? i % 10 === 0 : i % 7 === 0)).filter(Boolean).length;
    expect(outcomes).toEqual({ pass: COUNT - expectedFail, fail: expectedFail });
    await expect(w.locator('.status')).toHaveAttribute('data-status', 'rejected');

    // rows are rendered lazily: far fewer than 300 in the DOM until the customer scrolls
    const rendered = await w.locator('.file').count();
    console.log(`${rendered} rows rendered before scrolling`);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(COUNT);
    // scrolling to the end of the list renders the rest, in order
    for (let i = 0; i < 30 && (await w.locator('.file').count()) < COUNT; i++) {
      await w.locator('.file').last().scrollIntoViewIfNeeded();
      await page.waitForTimeout(100);
    }
    await expect(w.locator('.file')).toHaveCount(COUNT);
    await expect(w.locator('.file__name').last()).toHaveText('file-299.png');
    await expect(w.locator('.file').nth(10)).toHaveAttribute('data-outcome', 'fail'); // file-010.pdf: A4
    // the longest task while scrolling, printed beside the drop's
    const scrolling = await page.evaluate(() => Math.max(0, ...(window as any).__long.map((t: any) => t.duration)));
    console.log(`longest task including scrolling: ${Math.round(scrolling)} ms; widget share ${Math.round(run.widgetLongest)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a big drop of good files: the gate opens only once every file of the drop is in and checked', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'fc-many-good-'));
  try {
    // 150 good business cards, taken a few per task (drop-queue.ts). Here the slices come faster
    // than the verdicts; src/widget/controller.test.ts forces the race (verdicts before the next
    // slice) that this guards against in every status the page sees.
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage([85 * MM, 55 * MM]);
    const card = await doc.save();
    const paths = Array.from({ length: 150 }, (_, i) => join(dir, `card-${String(i).padStart(3, '0')}.pdf`));
    for (const p of paths) writeFileSync(p, card);
    await recordEvents(page);
    const w = await mountHarness(page, workflow);
    await w.locator('.dropzone input[type=file]').first().setInputFiles(paths);
    type Seen = { canProceed: boolean; status: string; files: number };
    const statuses = (): Promise<Seen[]> => page.evaluate(() => (window as any).__fcEvents.filter((e: any) => e.name === 'status').map((e: any) => ({ canProceed: e.detail.canProceed, status: e.detail.status, files: e.detail.files.length })));
    await expect.poll(async () => (await statuses()).at(-1), { timeout: 90_000, intervals: [250] }).toEqual({ canProceed: true, status: 'ready', files: 150 });
    const all = await statuses();
    // more than one status while the drop came in, and none of them let the customer proceed early
    expect(new Set(all.map((s) => s.files)).size).toBeGreaterThan(1);
    expect(all.filter((s) => s.canProceed && s.files < 150)).toEqual([]);
    await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
