// Part 3 of bench/peers.ts: the reference product's model (the verdict only after the whole upload
// and the server's check) vs ours (the verdict in the browser while the upload starts), throttled.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { writeBigPdf } from '../../e2e/server-process';
import { startUploadRig, type UploadRig } from '../browser-upload';
import { MB, QUICK, round } from './common';

interface UploadCase {
  sizeMb: number;
  mbit: number;
}

/** Drop one file on a widget bound to the rig's server, the network throttled; times from the drop. */
async function dropToVerdicts(browser: Browser, origin: string, rig: UploadRig, path: string, size: number, mbit: number) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bps = (mbit * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: bps, uploadThroughput: bps });
    let uploadedAt = -1;
    page.on('requestfinished', (req) => {
      void (async () => {
        if (req.method() !== 'PATCH') return;
        const res = await req.response();
        // when its answer arrived (the browser's timing), not when this handler got to it
        const t = req.timing();
        if (Number(res ? await res.headerValue('upload-offset') : NaN) === size) uploadedAt = t.responseEnd >= 0 ? t.startTime + t.responseEnd : Date.now();
      })();
    });
    await page.goto(`${origin}/e2e/pages/upload-server.html?endpoint=${encodeURIComponent(rig.server.url)}&wf=wf_bench_upload`);
    const input = page.locator('#fc-inline .dropzone input[type=file]').first();
    await input.waitFor({ state: 'attached' });
    const droppedAt = Date.now();
    await input.setInputFiles(path);
    // ours: the local verdict is reached when the row leaves 'inspecting' (a failing file is refused
    // there and never uploaded, a passing one starts uploading; the status event reports outcomes
    // only once the server confirmed them)
    await page.locator('#fc-inline li.file[data-state]:not([data-state="inspecting"])').first().waitFor({ timeout: 60_000 });
    const localAt = Date.now();
    // the reference model: the verdict is the server's, after the whole upload
    const jobId = await page.waitForFunction('window.intake.getStatus().jobId', undefined, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<string>);
    const deadline = Date.now() + 30 * 60_000;
    let serverAt = -1;
    while (Date.now() < deadline) {
      const res = await fetch(`${rig.server.url}/v1/jobs/${jobId}`, { headers: { Authorization: 'Bearer sk_test_demo' } });
      const job = (await res.json()) as { files: { outcome: string | null }[] };
      if (job.files[0]?.outcome) {
        serverAt = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (serverAt < 0) throw new Error('no server verdict');
    // the handler above reads the last PATCH's answer asynchronously: at 20 Mbit/s the server's
    // verdict can be seen first (once, 10 MB: 'upload done at' came out as minus the epoch)
    for (let i = 0; i < 50 && uploadedAt < 0; i++) await new Promise((r) => setTimeout(r, 100));
    if (uploadedAt < 0) throw new Error('the end of the upload was not seen (no PATCH answered with the full Upload-Offset)');
    return { oursS: (localAt - droppedAt) / 1000, uploadS: (uploadedAt - droppedAt) / 1000, uploadThenVerdictS: (serverAt - droppedAt) / 1000 };
  } finally {
    await context.close();
  }
}

export async function uploadModels(browser: Browser, origin: string, work: string) {
  const workflows = join(work, 'workflows');
  mkdirSync(workflows, { recursive: true });
  writeFileSync(
    join(workflows, 'wf_bench_upload.json'),
    JSON.stringify({
      id: 'wf_bench_upload',
      schemaVersion: 1,
      title: 'Bench: one PDF up to 1 GB',
      rule: { cardinality: { min: 1, max: 1 }, accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], maxSize: 1024 * MB, onFail: 'reject' }], rejectUnknownTypes: true },
    }),
  );
  const rig = await startUploadRig(work, origin, workflows);
  const cases: UploadCase[] = (QUICK ? [10] : [10, 100, 500]).flatMap((sizeMb) => [100, 20].map((mbit) => ({ sizeMb, mbit })));
  const rows = [];
  try {
    for (const c of cases) {
      const file = writeBigPdf(work, `upload-${c.sizeMb}.pdf`, c.sizeMb * MB);
      const r = await dropToVerdicts(browser, origin, rig, file.path, file.size, c.mbit);
      const row = { sizeMb: c.sizeMb, mbit: c.mbit, oursS: round(r.oursS, 2), uploadS: round(r.uploadS, 1), uploadThenVerdictS: round(r.uploadThenVerdictS, 1), ratio: round(r.uploadThenVerdictS / Math.max(r.oursS, 0.001), 0) };
      rows.push(row);
      console.log(`  ${c.sizeMb} MB at ${c.mbit} Mbit/s: ours ${row.oursS} s to verdict; upload done at ${row.uploadS} s, server verdict at ${row.uploadThenVerdictS} s (×${row.ratio})`);
      rmSync(file.path, { force: true });
    }
  } finally {
    await rig.close();
  }
  return rows;
}
