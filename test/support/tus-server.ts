// Test fixtures (Node only, not shipped): a real tus server (@tus/server + @tus/file-store on a
// temp dir) and a TCP proxy that can count, cut, stall and slow down the connection.

import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { UploadHandle, UploadState } from '../../src/upload/handle';

export interface TusTestServerOptions {
  /** Bytes; larger uploads get 413 from @tus/server. */
  maxSize?: number;
  /** Answer this many PATCH requests with HTTP 500 before letting them through. */
  failPatches?: number;
  /** Refuse creation: return `{ status, body }` to refuse an upload with these metadata. */
  refuse?: (metadata: Record<string, string | null>) => { status: number; body: string } | null;
  /** Hold every creation request (POST) this long before handling it. */
  delayCreateMs?: number;
}

export interface TusTestServer {
  endpoint: string;
  port: number;
  dir: string;
  /** How many PATCH requests were answered with 500 on purpose. */
  failedPatches: number;
  /** Every request the server saw, in order. */
  requests: { method: string; url: string }[];
  sha256OfUpload(uploadUrl: string): Promise<string>;
  /** The offset the server reports for an upload (HEAD), or null when it is gone. */
  offsetOf(uploadUrl: string): Promise<number | null>;
  /** Ids of the uploads that exist on disk. */
  uploadIds(): string[];
  close(): Promise<void>;
}

export async function startTusTestServer(opts: TusTestServerOptions = {}): Promise<TusTestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fc-tus-'));
  const tus = new Server({
    path: '/files',
    datastore: new FileStore({ directory: dir }),
    maxSize: opts.maxSize,
    async onUploadCreate(_req, upload) {
      const refusal = opts.refuse?.(upload.metadata ?? {});
      if (refusal) throw { status_code: refusal.status, body: refusal.body };
      return {};
    },
  });
  let failuresLeft = opts.failPatches ?? 0;
  const state: Pick<TusTestServer, 'failedPatches' | 'requests'> = { failedPatches: 0, requests: [] };
  const server = http.createServer((req, res) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '' });
    if (req.method === 'PATCH' && failuresLeft > 0) {
      failuresLeft--;
      state.failedPatches++;
      req.resume();
      req.on('end', () => res.writeHead(500, { 'Tus-Resumable': '1.0.0' }).end('injected failure'));
      return;
    }
    if (req.method === 'POST' && opts.delayCreateMs) {
      setTimeout(() => void tus.handle(req, res), opts.delayCreateMs);
      return;
    }
    void tus.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const idOf = (uploadUrl: string) => new URL(uploadUrl).pathname.split('/').pop() ?? '';

  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}/files/`,
    port,
    dir,
    async sha256OfUpload(uploadUrl: string) {
      return sha256OfFile(path.join(dir, idOf(uploadUrl)));
    },
    async offsetOf(uploadUrl: string) {
      const direct = `http://127.0.0.1:${port}/files/${idOf(uploadUrl)}`;
      const res = await fetch(direct, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
      return res.ok ? Number(res.headers.get('upload-offset')) : null;
    },
    uploadIds() {
      return readdirSync(dir).filter((f) => !f.endsWith('.json'));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface TcpProxyOptions {
  /** Limit client→server throughput, so transfers last long enough to interrupt. */
  rateLimitBps?: number;
  /** Cut every connection when the client→server byte count crosses each of these marks. */
  cutAtBytes?: number[];
  /** Stop forwarding (without closing) when the count crosses this mark, for `stallForMs`. */
  stallAtBytes?: number;
  stallForMs?: number;
}

export interface TcpProxy {
  port: number;
  /** Bytes the client sent towards the server through the proxy (headers included). */
  bytesUp: number;
  cuts: number;
  stalls: number;
  /** Destroy every open connection now. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, opts: TcpProxyOptions = {}): Promise<TcpProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const cutMarks = [...(opts.cutAtBytes ?? [])].sort((a, b) => a - b);
  let stalled = false;
  let stallDone = opts.stallAtBytes === undefined;
  const proxy: TcpProxy = {
    port: 0,
    bytesUp: 0,
    cuts: 0,
    stalls: 0,
    cutAll() {
      proxy.cuts++;
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    // A stalled proxy neither reads nor writes: the client's buffers fill and nothing completes.
    if (stalled) client.pause();

    client.on('data', (data: Buffer) => {
      proxy.bytesUp += data.length;
      upstream.write(data);
      if (cutMarks.length > 0 && proxy.bytesUp >= (cutMarks[0] ?? Infinity)) {
        cutMarks.shift();
        proxy.cutAll();
        return;
      }
      if (!stallDone && proxy.bytesUp >= (opts.stallAtBytes ?? Infinity)) {
        stallDone = true;
        stalled = true;
        proxy.stalls++;
        for (const [c, u] of pairs) {
          c.pause();
          u.pause();
        }
        setTimeout(() => {
          stalled = false;
          for (const [c, u] of pairs) {
            c.resume();
            u.resume();
          }
        }, opts.stallForMs ?? 1000);
        return;
      }
      if (opts.rateLimitBps) {
        client.pause();
        setTimeout(() => {
          if (!stalled) client.resume();
        }, (data.length / opts.rateLimitBps) * 1000);
      }
    });
    upstream.on('data', (data: Buffer) => {
      client.write(data);
    });
    if (stalled) upstream.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}

/** Deterministic pseudo-random bytes (incompressible, different per seed). */
export function randomBytesSeeded(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(Math.floor(size));
  const view = new DataView(out.buffer);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    if (i + 4 <= out.length) view.setUint32(i, x >>> 0, true);
    else out[i] = x & 0xff;
  }
  return out;
}

// ---- waiting on handles ---------------------------------------------------------------------

export function waitFor(handle: UploadHandle, pred: (h: UploadHandle) => boolean, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pred(handle)) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timeout waiting; state=${handle.state}`));
    }, timeoutMs);
    const off = handle.onChange((h) => {
      if (pred(h)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

const FINAL: UploadState[] = ['done', 'failed', 'cancelled'];
export const settled = (h: UploadHandle) => waitFor(h, (x) => FINAL.includes(x.state));

export function recordStates(h: UploadHandle): UploadState[] {
  const seen: UploadState[] = [h.state];
  h.onChange((x) => {
    if (seen[seen.length - 1] !== x.state) seen.push(x.state);
  });
  return seen;
}
