// A small round-robin HTTP load balancer for the scale-out tests (server/two-instances.test.ts,
// e2e/two-instances.spec.ts): each request goes to the next live instance, one fresh upstream
// connection per request (no pooled sockets that a dead or idle instance could leave broken). A
// target that refuses or resets a connection is taken out, as a load balancer's passive health
// check does.
// It keeps a log of who answered what, counts request-body bytes per target (what an instance
// received of an upload) and can pace request bodies, so a test can kill an instance mid-upload.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { createPacer, passPaced } from './pacer';

export interface ServedRequest {
  /** When the request reached the balancer (Date.now()). */
  readonly at: number;
  readonly method: string;
  /** Path without the query (an event stream's query carries the job token). */
  readonly path: string;
  readonly target: string;
  /** The instance's status code; null while waiting, or when it never answered (then the balancer sent 502). */
  status: number | null;
  /** True while the instance's response is still streaming (an open event stream). */
  open: boolean;
}

export interface RoundRobin {
  /** Every request in arrival order. */
  readonly served: ServedRequest[];
  /** Request-body bytes forwarded to `target` so far. */
  bodyBytes(target: string): number;
  /** Resolves with the first target that has received at least `bytes` of request bodies. */
  whenAnyReceived(bytes: number): Promise<string>;
  /** Pace request bodies to this many bytes per second, all connections together (0: no limit). */
  setRate(bytesPerSecond: number): void;
  listen(): Promise<string>;
  close(): void;
}

export function roundRobin(targets: string[], opts: { rate?: number } = {}): RoundRobin {
  const down = new Set<string>();
  const served: ServedRequest[] = [];
  const received = new Map<string, number>();
  const waiters: { bytes: number; resolve: (target: string) => void }[] = [];
  const pacer = createPacer(opts.rate ?? 0);
  let next = 0;

  const count = (target: string, n: number) => {
    const total = (received.get(target) ?? 0) + n;
    received.set(target, total);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (total >= waiters[i]!.bytes) waiters.splice(i, 1)[0]!.resolve(target);
    }
  };

  const server = http.createServer((req, res) => {
    const live = targets.filter((t) => !down.has(t));
    const target = live[next++ % Math.max(1, live.length)];
    if (!target) return void res.writeHead(503).end();
    const entry: ServedRequest = { at: Date.now(), method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, target, status: null, open: false };
    served.push(entry);
    const up = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers, agent: false }, (r) => {
      entry.status = r.statusCode ?? 502;
      entry.open = true;
      res.on('close', () => (entry.open = false));
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      // Refused, or reset mid-request on a connection of its own: the instance is gone.
      if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET') down.add(target);
      // Answer 502 and close the client's connection, as a load balancer does: left open, the
      // client would keep sending a body nobody reads until its own stall timeout.
      req.unpipe();
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { Connection: 'close' }).end(() => req.socket.destroy());
    });
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    // Bodies are counted as they are forwarded and, when a rate is set, held back (backpressure
    // reaches the browser's socket as on a slow uplink).
    const pace = new Transform({
      transform(chunk: Buffer, _enc, done) {
        count(target, chunk.length);
        passPaced(pacer, chunk, done);
      },
    });
    req.pipe(pace).pipe(up);
  });

  return {
    served,
    bodyBytes: (target) => received.get(target) ?? 0,
    whenAnyReceived(bytes) {
      const already = targets.find((t) => (received.get(t) ?? 0) >= bytes);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ bytes, resolve }));
    },
    setRate: (r) => pacer.setRate(r),
    listen: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
