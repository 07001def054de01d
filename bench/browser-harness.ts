// What the Chromium benchmarks share: the browser they launch, the workflow the widget judges
// by, and the widget page that times one file from the input's `change` event to its verdict
// (with bytes read and the main thread's longest task meanwhile).
//
// Bytes read come from the worker's own answer (facts.bytesRead, counted by the range reader): a
// bench-only hook in the page listens to the inspection workers' replies. The public status and
// facts payloads are unchanged.
import { chromium, type Browser, type Page } from 'playwright-core';

const MB = 1024 * 1024;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * What a customer does before any file arrives: the pointer rests on the drop zone for `ms` (a
 * file picker takes at least a second to open and choose in). The widget starts its worker and
 * readers on that intent (controller.warm), so a file chosen after it is timed as a customer's is.
 */
export async function restPointerOn(page: Page, selector: string, ms = 1000): Promise<void> {
  await page.hover(selector);
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Images (dpi, pixels, colour) and PDFs (A4 with 3 mm bleed, fonts, image resolution, CMYK, transparency). */
export const BENCH_WORKFLOW = {
  id: 'wf_bench',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 500 },
    accepts: [
      {
        kind: 'raster',
        mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/tiff'],
        extensions: ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff'],
        maxSize: 1024 * MB,
        onFail: 'reject',
        preflight: {
          enabled: true,
          profile: {
            sections: {
              raster: {
                enabled: true,
                rules: {
                  'raster.effective_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 300, target_width_mm: 297, target_height_mm: 210 } },
                  'raster.max_pixels': { enabled: true, severity: 'reject', target: { max_megapixels: 300 } },
                  'raster.color_mode': { enabled: true, severity: 'autofix', target: { allowed: ['rgb', 'cmyk'] } },
                  'raster.transparency': { enabled: true, severity: 'autofix', target: {} },
                },
              },
            },
          },
        },
      },
      {
        kind: 'pdf',
        mimeTypes: ['application/pdf'],
        extensions: ['pdf'],
        maxSize: 2048 * MB,
        onFail: 'reject',
        preflight: {
          enabled: true,
          profile: {
            sections: {
              geometry: {
                enabled: true,
                rules: {
                  'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 210, height_mm: 297 }] } },
                  'geom.bleed.required': { enabled: true, severity: 'reject', target: { required_mm: 3 } },
                  'geom.page_count': { enabled: true, severity: 'reject', target: { max: 2000 } },
                },
              },
              text: { enabled: true, rules: { 'text.fonts_embedded': { enabled: true, severity: 'reject', target: {} } } },
              images: { enabled: true, rules: { 'image.min_resolution_dpi': { enabled: true, severity: 'reject', target: { min_dpi: 150 } } } },
              color: {
                enabled: true,
                rules: {
                  'color.mode': { enabled: true, severity: 'reject', target: { allowed: ['cmyk'] } },
                  'color.spot_colors': { enabled: true, severity: 'reject', target: { max_count: 1 } },
                },
              },
              structure: { enabled: true, rules: { 'struct.transparency': { enabled: true, severity: 'reject', target: {} }, 'struct.javascript': { enabled: true, severity: 'reject', target: {} } } },
            },
          },
        },
      },
    ],
    rejectUnknownTypes: true,
  },
};

export interface Measured {
  /** From the input's change event to the status event carrying the file's outcome. */
  ms: number;
  /** Longest main-thread task meanwhile (0: none over 50 ms). */
  longest: number;
  outcome: string;
  bytesRead: number | null;
}

export interface WidgetPage {
  page: Page;
  /** Hand one file to the widget's input by path (as the picker does); resolve at its verdict. */
  measure(path: string, size: number): Promise<Measured>;
  /** Resolves once no preview is being made (measure waits for it too). */
  quiet(): Promise<void>;
}

/** A page with an intake mounted on the built script-tag bundle (served by `origin`), instrumented. */
export async function openWidgetPage(browser: Browser, origin: string, workflow: unknown = BENCH_WORKFLOW): Promise<WidgetPage> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __bench: { tasks: { start: number; end: number }[]; statuses: { at: number; files: { status: string; outcome: string | null }[] }[] } };
    w.__bench = { tasks: [], statuses: [] };
    // the widget renders into shadow roots: page-side checks (here and in the benchmarks) look inside them
    (w.__bench as any).widgetRoots = (): ShadowRoot[] => [...document.querySelectorAll('#one *')].map((el) => el.shadowRoot).filter((r): r is ShadowRoot => !!r);
    // bench-only hook: the inspection workers' replies carry facts.bytesRead (Comlink RAW replies)
    const facts: { at: number; size: number; bytesRead: number }[] = [];
    (w.__bench as any).facts = facts;
    // and the calls no worker has answered yet (a Comlink request carries an id, its reply the
    // same): `quiet` waits for none, so the last file's previews and proof pages are done
    const pending = new Set<string>();
    (w.__bench as any).pending = pending;
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      override postMessage(message: unknown, ...rest: unknown[]): void {
        const id = (message as { id?: unknown } | null)?.id;
        if (typeof id === 'string') pending.add(id);
        (super.postMessage as (...a: unknown[]) => void)(message, ...rest);
      }
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        this.addEventListener('message', (ev) => {
          const id = (ev.data as { id?: unknown } | null)?.id;
          if (typeof id === 'string') pending.delete(id);
          const f = (ev.data as { value?: { ok?: boolean; facts?: { size: number; bytesRead?: number } } } | null)?.value?.facts;
          if (f && typeof f.bytesRead === 'number') facts.push({ at: performance.now(), size: f.size, bytesRead: f.bytesRead });
        });
      }
    };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.tasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
    document.addEventListener('filecheck:status', (ev) => {
      const d = (ev as CustomEvent).detail as { files: { status: string; outcome: string | null }[] };
      w.__bench.statuses.push({ at: performance.now(), files: d.files.map((f) => ({ status: f.status, outcome: f.outcome })) });
    });
  });
  await page.goto(`${origin}/bench/inspect-browser/index.html`);
  await page.evaluate((wf) => {
    (window as any).Filecheck('pk_test_bench').elements.create('intake', { workflow: wf }).mount('#one');
  }, workflow);
  const input = page.locator('#one .dropzone input[type=file]').first();
  await input.waitFor({ state: 'attached' });
  await input.evaluate((el) => {
    el.addEventListener('change', (ev) => ((window as any).__bench.changeAt = ev.timeStamp), { capture: true });
  });

  /**
   * Wait until no row's preview or proof page is being made and every call to a worker is
   * answered: the previous file's page renders (pdf.js, in the preview lane after its verdict)
   * would otherwise share the CPU with the next file's inspection, which a customer dropping one
   * file never sees. (A call to a worker the pool replaced is never answered: a stuck render
   * keeps the benchmark waiting, which is a finding in itself.)
   */
  async function quiet(): Promise<void> {
    for (let calm = 0; calm < 2; ) {
      const busy = await page.evaluate(() => {
        const roots: ShadowRoot[] = (window as any).__bench.widgetRoots();
        const making = roots.reduce((n, r) => n + r.querySelectorAll('[data-thumb="loading"], [data-proof="loading"]').length, 0);
        return making + (window as any).__bench.pending.size;
      });
      calm = busy ? 0 : calm + 1;
      await new Promise((r) => setTimeout(r, busy ? 50 : 100));
    }
  }

  let count = 0;
  async function measure(path: string, size: number): Promise<Measured> {
    await quiet();
    const index = count++;
    await input.setInputFiles(path);
    const handle = await page.waitForFunction(
      ([i, bytes]) => {
        const b = (window as any).__bench;
        const hit = b.statuses.find((s: any) => s.files.length > i && ['done', 'error', 'refused'].includes(s.files[i].status));
        if (!hit || b.changeAt === undefined) return null;
        const t0 = b.changeAt as number;
        const t1 = hit.at as number;
        const longest = Math.max(0, ...b.tasks.filter((t: any) => t.end > t0 && t.start < t1).map((t: any) => t.end - t.start));
        const facts = b.facts.find((f: any) => f.at >= t0 && f.size === bytes);
        return { ms: t1 - t0, longest, outcome: hit.files[i].outcome ?? hit.files[i].status, bytesRead: facts ? facts.bytesRead : null };
      },
      [index, size] as const,
      { timeout: 60_000, polling: 10 },
    );
    return (await handle.jsonValue()) as Measured;
  }
  return { page, measure, quiet };
}
