// Helpers shared by the e2e tests: real files made on the fly, and ways a customer hands files
// to the widget (picker, drag and drop, paste).
import type { Locator, Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const MM = 72 / 25.4;

export async function makePdf(name = 'card.pdf', opts: { widthMm?: number; heightMm?: number; pages?: number } = {}): Promise<FilePayload> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < (opts.pages ?? 1); i++) doc.addPage([(opts.widthMm ?? 91) * MM, (opts.heightMm ?? 61) * MM]);
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
}

export async function makePng(name = 'photo.png', size = 64): Promise<FilePayload> {
  const buffer = await sharp({ create: { width: size, height: size, channels: 3, background: '#3366cc' } }).png().toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

export function makeText(name = 'notes.txt'): FilePayload {
  return { name, mimeType: 'text/plain', buffer: Buffer.from('just some words, not artwork\n'.repeat(20)) };
}

/** Record every filecheck:* DOM event the page sees, in order, before any page script runs. */
export async function recordEvents(page: Page): Promise<void> {
  // Turn on file-chooser interception now: Playwright enables it without waiting for the
  // browser, so a chooser opened right after a later waitForEvent('filechooser') could be missed.
  page.on('filechooser', () => undefined);
  await page.addInitScript(() => {
    const w = window as unknown as { __fcEvents: { name: string; detail: unknown; target: string }[] };
    w.__fcEvents = [];
    for (const name of ['ready', 'status', 'facts', 'error', 'destroy', 'ui', 'finalized']) {
      document.addEventListener(`filecheck:${name}`, (ev) => {
        const t = ev.target as Element;
        w.__fcEvents.push({ name, detail: JSON.parse(JSON.stringify((ev as CustomEvent).detail)), target: t.id || t.tagName.toLowerCase() });
      });
    }
  });
}

export async function events(page: Page, name?: string): Promise<{ name: string; detail: any; target: string }[]> {
  const all = await page.evaluate(() => (window as unknown as { __fcEvents: { name: string; detail: unknown; target: string }[] }).__fcEvents);
  return name ? all.filter((e) => e.name === name) : all;
}

export async function statuses(page: Page): Promise<string[]> {
  return (await events(page, 'status')).map((e) => e.detail.status);
}

/** Choose files through the widget's own file input (what the picker does). */
export async function pickFiles(root: Locator, files: FilePayload[]): Promise<void> {
  await root.locator('.dropzone input[type=file]').first().setInputFiles(files);
}

function toTransferable(files: FilePayload[]) {
  return files.map((f) => ({ name: f.name, type: f.mimeType, b64: f.buffer.toString('base64') }));
}

/** Drag and drop real File objects onto a target, as a browser does. */
export async function dropFiles(target: Locator, files: FilePayload[]): Promise<void> {
  const data = toTransferable(files);
  const dt = await target.page().evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return transfer;
  }, data);
  await target.dispatchEvent('dragenter', { dataTransfer: dt });
  await target.dispatchEvent('dragover', { dataTransfer: dt });
  await target.dispatchEvent('drop', { dataTransfer: dt });
}

/** Paste files while the target has focus (Ctrl+V with files on the clipboard). */
export async function pasteFiles(target: Locator, files: FilePayload[]): Promise<void> {
  const data = toTransferable(files);
  await target.focus();
  await target.evaluate((el, list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, data);
}

/** Open the test harness and mount one intake with this inline workflow in #one; its locator. */
export async function mountHarness(page: Page, workflow: unknown): Promise<Locator> {
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((wf) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', { workflow: wf }).mount('#one');
  }, workflow);
  return page.locator('#one');
}
