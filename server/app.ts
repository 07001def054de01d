// The reference server: one node:http server that sends /v1/uploads/ to tus and everything else
// under /v1 to the JSON routes. `createServer(config)` is what `npm run server` and the tests use;
// tests start it on port 0 with a temporary data directory.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config';
import { handleCors, originCheck } from './cors';
import { JobDatabase } from './db';
import { ApiError, notFound, sendError } from './http';
import { createRoutes, refreshJobStatus } from './routes';
import { createUploadEndpoint, UPLOADS_PATH, type UploadEndpoint } from './uploads';
import { noVerifier, type FileVerifier } from './verify';
import { WorkflowStore } from './workflows';

export interface FilecheckServer {
  /** Start listening; resolves with the base URL (e.g. http://127.0.0.1:8787). Port 0 picks a free port. */
  listen(port?: number): Promise<string>;
  /** Stop accepting, cut open connections (uploads resume later from their offset) and close the database. */
  close(): Promise<void>;
  /** Base URL once listening ('' before). */
  readonly url: string;
  readonly port: number;
  readonly db: JobDatabase;
  readonly uploads: UploadEndpoint;
  readonly http: http.Server;
}

export interface CreateServerOptions {
  /** Server-side verification of stored files (issue 6). Default: none. */
  verifier?: FileVerifier;
}

export function createServer(config: ServerConfig, options: CreateServerOptions = {}): FilecheckServer {
  const db = new JobDatabase(config.dataDir);
  let url = '';
  let port = 0;
  const ownOrigins = () => (port ? [`http://${config.host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`] : []);
  const allowedOrigin = originCheck(config.allowedOrigins, ownOrigins);
  const jobChanged = (jobId: string) => refreshJobStatus(db, jobId);

  const uploads = createUploadEndpoint({
    db, dataDir: path.resolve(config.dataDir), allowedOrigin, verifier: options.verifier ?? noVerifier, jobChanged,
  });
  const dispatch = createRoutes({ config, db, workflows: new WorkflowStore(config.workflowsDir), uploads, jobChanged });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now();
    if (config.log) res.on('finish', () => console.error(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (pathname === UPLOADS_PATH || pathname.startsWith(UPLOADS_PATH + '/')) {
        // tus never serves upload bytes back: downloads go through the secret-key route.
        if (req.method === 'GET') throw new ApiError(405, 'method_not_allowed', 'Uploads are not readable here.');
        jsonErrorsFromTus(req, res);
        await uploads.tus.handle(req, res);
        return;
      }
      if (handleCors(req, res, allowedOrigin)) return;
      if (!(await dispatch(req, res, pathname))) throw notFound(`No route ${req.method} ${pathname}.`);
    } catch (err) {
      sendError(res, err);
    }
  };

  const server = http.createServer((req, res) => void handle(req, res));
  // Large uploads stream for minutes; never let Node's default request timeout cut them.
  server.requestTimeout = 0;

  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    db,
    uploads,
    http: server,
    listen(p = config.port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, config.host, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
          resolve(url);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.allSettled([...uploads.pending]);
      db.close();
    },
  };
}

/**
 * tus error bodies are our JSON errors (see onResponseError in uploads.ts), but @tus/server sends
 * them as web Responses with a string body, which get `text/plain`; relabel error responses as JSON
 * so clients and browsers treat them alike. Headers arrive as a flat [name, value, …] list or an object.
 */
function jsonErrorsFromTus(req: http.IncomingMessage, res: http.ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const JSON_TYPE = 'application/json; charset=utf-8';
  (res as { writeHead: unknown }).writeHead = (status: number, ...rest: unknown[]) => {
    if (status >= 400) {
      // A refusal in the middle of a large PATCH (type sniffed from the first bytes): tus asks
      // for `Connection: close`, but closing while the client is still sending makes it see a
      // reset instead of our answer. Keep the socket (paused: nothing more is read or stored)
      // long enough for the client to read the refusal, then cut it.
      const refusingBody = !req.readableEnded;
      const headers = rest[rest.length - 1];
      if (Array.isArray(headers)) {
        for (let i = headers.length - 2; i >= 0; i -= 2) {
          const name = String(headers[i]).toLowerCase();
          if (name === 'content-type' || (refusingBody && name === 'connection')) headers.splice(i, 2);
        }
        headers.push('Content-Type', JSON_TYPE);
      } else if (headers && typeof headers === 'object') {
        for (const key of Object.keys(headers)) {
          const name = key.toLowerCase();
          if (name === 'content-type' || (refusingBody && name === 'connection')) delete (headers as Record<string, unknown>)[key];
        }
        (headers as Record<string, unknown>)['Content-Type'] = JSON_TYPE;
      } else {
        res.setHeader('Content-Type', JSON_TYPE);
      }
      if (refusingBody) {
        res.once('finish', () => setTimeout(() => req.socket.destroy(), REFUSAL_LINGER_MS).unref());
      }
    }
    return writeHead(status, ...rest);
  };
}

/** How long a refused upload's connection stays open so the client can read the refusal. */
const REFUSAL_LINGER_MS = 5_000;
