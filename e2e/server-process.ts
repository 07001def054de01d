// Helpers for the upload e2e tests (and bench/upload.ts): reference server processes of our own
// that a test can kill -9 and start again, a TCP proxy between the page and a server that can
// slow the upload down, count its bytes and cut its connections, and large valid PDFs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createPacer, passPaced } from '../server/testing/pacer';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The e2e page origin (playwright.config.ts); overridable for runs on other ports. */
import { CDN_ORIGIN, PAGE_ORIGIN as DEFAULT_PAGE_ORIGIN } from './ports';

export const PAGE_ORIGIN = process.env.FC_E2E_PAGE_ORIGIN ?? DEFAULT_PAGE_ORIGIN;
export const SECRET = { Authorization: 'Bearer sk_test_demo' };
export const PUBLISHABLE = { Authorization: 'Bearer pk_test_demo' };

// ---- reference server processes -----------------------------------------------------------------

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly running: boolean;
  /** SIGKILL: no graceful shutdown, open uploads are cut wherever they are. */
  kill(): Promise<void>;
  /** Start again on the same port with the same data directory. */
  restart(): Promise<void>;
  /** Kill and remove the data directory. */
  dispose(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Names the sub-directory of .data/ for the database and uploads (with this process's id; emptied first). */
  name: string;
  /** Default 0: a free port, kept across restarts. */
  port?: number;
  workflowsDir?: string;
  /** Log one line per request to this process's stderr (FILECHECK_LOG=1), prefixed with the name. */
  log?: boolean;
}

export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const dataDir = path.join(ROOT, '.data', `${opts.name}-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  let port = opts.port ?? 0;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        FILECHECK_PORT: String(port),
        FILECHECK_HOST: '127.0.0.1',
        FILECHECK_DATA_DIR: dataDir,
        FILECHECK_WORKFLOWS_DIR: opts.workflowsDir ?? 'e2e/workflows',
        FILECHECK_ALLOWED_ORIGINS: `${PAGE_ORIGIN},${CDN_ORIGIN}`,
        ...(opts.log ? { FILECHECK_LOG: '1' } : {}),
      },
    });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.log) process.stderr.write(d.toString().replace(/^(?=.)/gm, `[${opts.name}] `));
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start in 20 s\n${out}\n${stderr}`)), 20_000);
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /server on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}\n${out}\n${stderr}`));
      });
    });
    port = Number(new URL(url).port);
  };

  await launch();
  const handle: ServerProcess = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    get running() {
      return child !== null && child.exitCode === null && child.signalCode === null;
    },
    async kill() {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await handle.kill();
      await launch();
    },
    async dispose() {
      await handle.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

// ---- TCP proxy -------------------------------------------------------------------------------------

export interface Proxy {
  readonly url: string;
  readonly port: number;
  /** Bytes the client sent through the proxy (request lines, headers and bodies; re-sends included). */
  readonly bytesUp: number;
  /** Connections cut by cut(). */
  readonly cuts: number;
  /** Upload rate limit in bytes per second (0: none). Applies to all connections together. */
  setRate(bytesPerSecond: number): void;
  /** Where to forward to (e.g. a restarted server on another port). */
  setTarget(port: number): void;
  /** Destroy every open connection, both sides, at once (a dropped network). */
  cut(): void;
  /**
   * Connections that carried bytes in the last `activeWithinMs` go silent: nothing more is read
   * or forwarded, nothing closes (a dead route, a sleeping middlebox). Idle and new connections
   * work normally. Returns how many connections were stalled.
   */
  stall(activeWithinMs?: number): number;
  /** Cut once each time bytesUp passes one of these marks. */
  cutAt(marks: number[]): void;
  /** Resolves when bytesUp reaches `bytes`. */
  whenUp(bytes: number): Promise<void>;
  resetCount(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, opts: { rate?: number; port?: number } = {}): Promise<Proxy> {
  let target = targetPort;
  const pacer = createPacer(opts.rate ?? 0);
  let bytesUp = 0;
  let cuts = 0;
  let marks: number[] = [];
  const waiters: { bytes: number; resolve: () => void }[] = [];
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; lastData: number; stall(): void }>();

  const cutAll = () => {
    cuts++;
    for (const p of pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    pairs.clear();
  };

  const counted = (n: number) => {
    bytesUp += n;
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (bytesUp >= waiters[i]!.bytes) waiters.splice(i, 1)[0]!.resolve();
    }
    if (marks.length > 0 && bytesUp >= marks[0]!) {
      marks = marks.filter((m) => m > bytesUp);
      setImmediate(cutAll);
    }
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    let stalled = false;
    const pair = {
      client,
      upstream,
      lastData: 0,
      stall() {
        stalled = true;
        client.unpipe();
        client.pause();
        upstream.unpipe();
        upstream.pause();
      },
    };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    // Client → server: counted and paced; the callback is held back, so backpressure reaches the
    // browser's socket as it would on a slow uplink.
    const pace = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (client.destroyed || stalled) return done();
        pair.lastData = Date.now();
        counted(chunk.length);
        passPaced(pacer, chunk, done);
      },
    });
    client.pipe(pace).pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get bytesUp() {
      return bytesUp;
    },
    get cuts() {
      return cuts;
    },
    setRate: (r) => pacer.setRate(r),
    setTarget(p) {
      target = p;
    },
    cut: cutAll,
    stall(activeWithinMs = 150) {
      const since = Date.now() - activeWithinMs;
      let n = 0;
      for (const p of pairs) {
        if (p.lastData >= since) {
          p.stall();
          n++;
        }
      }
      return n;
    },
    cutAt(list) {
      marks = [...list].sort((a, b) => a - b);
    },
    whenUp(bytes) {
      if (bytesUp >= bytes) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ bytes, resolve }));
    },
    resetCount() {
      bytesUp = 0;
    },
    async close() {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- big PDFs --------------------------------------------------------------------------------------

export interface BigFile {
  path: string;
  name: string;
  size: number;
  sha256: string;
}

/**
 * A valid one-page PDF of about `size` bytes: the bulk is an unreferenced stream of random bytes
 * (incompressible, like image data), with a correct cross-reference table and trailer, so both the
 * browser and the server sniff and accept it as a PDF. Written to disk: the page gets it through
 * the file input by path, with a stable lastModified (what resume-after-reload keys on).
 */
export function writeBigPdf(dir: string, name: string, size: number): BigFile {
  fs.mkdirSync(dir, { recursive: true });
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    at += buf.length;
  };
  const obj = (body: string) => {
    offsets.push(at);
    push(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  obj('<< /Type /Catalog /Pages 2 0 R >>');
  obj('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>');
  const overhead = 600;
  const length = Math.max(1024, size - at - overhead);
  offsets.push(at);
  push(`4 0 obj\n<< /Length ${length} >>\nstream\n`);
  push(randomBytes(length));
  push('\nendstream\nendobj\n');
  const xref = at;
  push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
  for (const o of offsets) push(`${String(o).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const buffer = Buffer.concat(parts);
  const file = path.join(dir, name);
  fs.writeFileSync(file, buffer);
  return { path: file, name, size: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/**
 * Where a test writes its big files, removed after it: in the system's temp directory, not under
 * test-results/ (another Playwright run starting meanwhile empties that, files mid-upload included).
 */
export function filesDir(info: { testId: string; repeatEachIndex: number; retry: number }): string {
  return path.join(os.tmpdir(), 'filecheck-e2e', `${process.pid}-${info.testId}-${info.repeatEachIndex}-${info.retry}`);
}

export function removeFiles(info: { testId: string; repeatEachIndex: number; retry: number }): void {
  fs.rmSync(filesDir(info), { recursive: true, force: true });
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// ---- reading the server ---------------------------------------------------------------------------

export interface StoredJobFile {
  id: string;
  name: string;
  size: number;
  sha256: string | null;
  state: string;
  downloadUrl: string | null;
}

/** GET /v1/jobs/:id with the secret key (what the store's server sees). */
export async function fetchJob(serverUrl: string, jobId: string): Promise<{ id: string; status: string; canProceed: boolean; files: StoredJobFile[] }> {
  const res = await fetch(`${serverUrl}/v1/jobs/${jobId}`, { headers: SECRET });
  if (!res.ok) throw new Error(`GET /v1/jobs/${jobId}: ${res.status} ${await res.text()}`);
  return (await res.json()) as never;
}

/** GET /v1/jobs/:id/status with the job token (what the widget sees), e.g. for a file's stored offset. */
export async function fetchStatus(serverUrl: string, jobId: string, token: string): Promise<{ jobId: string; status: string; files: { id: string; name: string; size: number; offset: number; complete: boolean; status: string | null; error: { code: string } | null }[] }> {
  const res = await fetch(`${serverUrl}/v1/jobs/${jobId}/status`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /v1/jobs/${jobId}/status: ${res.status} ${await res.text()}`);
  return (await res.json()) as never;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
