// Uploads from Chromium to the reference server on loopback, timed from the network's side:
// the SDK's upload (the widget as a store mounts it: tus-js-client through src/upload) against one
// plain PUT of the same file from the same page to a receiver that writes it to disk, as a
// browser would send it without resumable uploads. The baseline every upload figure is a ratio of.
//
// The reference server answers the last PATCH once it has hashed the stored file (sha256, read
// back from disk: server/uploads.ts); the PUT receiver does the same before it answers, so the
// ratio compares the upload protocol and the client, not that server step (which is reported).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Browser } from 'playwright-core';
import { createServer, type FilecheckServer } from '../server/app';
import { restPointerOn } from './browser-harness';
import { loadConfig } from '../server/config';

export interface UploadRig {
  server: FilecheckServer;
  /** Plain PUT receiver (CORS open to the page), writes the body to a file and hashes it as the server does. */
  putUrl: string;
  /** Milliseconds the receiver spent hashing after the last PUT (what the server does after the last PATCH). */
  lastHashMs: number;
  close(): Promise<void>;
}

/** The reference server (its own data directory) and a PUT receiver, both on loopback; `pageOrigins`: the pages it answers. */
export async function startUploadRig(work: string, pageOrigins: string | string[], workflowsDir: string): Promise<UploadRig> {
  const allowedOrigins = typeof pageOrigins === 'string' ? [pageOrigins] : pageOrigins;
  const config = loadConfig({}, { port: 0, dataDir: path.join(work, 'data'), workflowsDir, allowedOrigins, log: false, rateUploadsPerMinute: 0, rateJobsPerMinute: 0 });
  const server = createServer(config);
  await server.listen();
  const putFile = path.join(work, 'put.bin');
  const rig: UploadRig = {
    server,
    putUrl: '',
    lastHashMs: 0,
    async close() {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await server.close();
    },
  };
  const receiver = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'PUT');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      return void res.writeHead(204).end();
    }
    if (req.method !== 'PUT') return void res.writeHead(405).end();
    pipeline(req, fs.createWriteStream(putFile))
      .then(async () => {
        const t0 = performance.now();
        const hash = createHash('sha256');
        for await (const chunk of fs.createReadStream(putFile, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
        hash.digest('hex');
        rig.lastHashMs = performance.now() - t0;
        res.writeHead(204).end();
      })
      .catch(() => res.writeHead(500).end());
  });
  receiver.requestTimeout = 0;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  rig.putUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/put`;
  return rig;
}

export interface SdkUpload {
  /** From the tus creation request's start to the end of the response to the last PATCH. */
  seconds: number;
  /** Bytes the server accepted per PATCH, in order (the chunk sizes the SDK chose). */
  chunks: number[];
}

/**
 * Hand `filePath` to a widget bound to the rig's server (fresh browser context: a new job, no
 * stored upload to resume) and time its upload. `intent`: first rest the pointer on the drop zone
 * for the second a file picker takes at least, as a customer does before any file arrives (pointing
 * at, focusing, dragging over or opening the drop zone starts the widget's worker and readers:
 * controller.warm); without it the file is handed over at once, as only a script does, and those
 * start together with the upload.
 */
export async function sdkUpload(browser: Browser, pageOrigin: string, rig: UploadRig, filePath: string, size: number, workflowId: string, intent = false): Promise<SdkUpload> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let createdAt = -1;
    const chunks: number[] = [];
    const finished = new Promise<number>((resolve, reject) => {
      page.on('requestfinished', (req) => {
        void (async () => {
          if (!req.url().includes('/v1/uploads')) return;
          const timing = req.timing();
          if (req.method() === 'POST') createdAt = timing.startTime;
          if (req.method() !== 'PATCH') return;
          const res = await req.response();
          const from = Number((await req.allHeaders())['upload-offset']);
          const to = Number(res ? await res.headerValue('upload-offset') : NaN);
          if (Number.isFinite(from) && Number.isFinite(to)) chunks.push(to - from);
          if (to === size) resolve(timing.startTime + timing.responseEnd);
        })().catch(reject);
      });
      page.on('requestfailed', (req) => {
        if (req.url().includes('/v1/uploads') && req.method() === 'PATCH') reject(new Error(`PATCH failed: ${req.failure()?.errorText}`));
      });
    });
    await page.goto(`${pageOrigin}/e2e/pages/upload-server.html?endpoint=${encodeURIComponent(rig.server.url)}&wf=${workflowId}`);
    const input = page.locator('#fc-inline .dropzone input[type=file]').first();
    await input.waitFor({ state: 'attached' });
    if (intent) await restPointerOn(page, '#fc-inline .dropzone');
    await input.setInputFiles(filePath);
    const doneAt = await finished;
    if (createdAt < 0) throw new Error('no tus creation request seen');
    return { seconds: (doneAt - createdAt) / 1000, chunks };
  } finally {
    await context.close();
  }
}

/** One plain PUT of the same file from a page of the same origin (the File from an input, as a form would send it). */
export async function plainPut(browser: Browser, pageOrigin: string, rig: UploadRig, filePath: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${pageOrigin}/bench/inspect-browser/index.html`);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'put';
      document.body.append(input);
    });
    await page.locator('#put').setInputFiles(filePath);
    const ms = await page.evaluate(async (url) => {
      const file = (document.getElementById('put') as HTMLInputElement).files![0]!;
      const t0 = performance.now();
      const res = await fetch(url, { method: 'PUT', body: file, headers: { 'Content-Type': 'application/pdf' } });
      if (res.status !== 204) throw new Error(`PUT answered ${res.status}`);
      return performance.now() - t0;
    }, rig.putUrl);
    return ms / 1000;
  } finally {
    await context.close();
  }
}
