// The widget's calls to the server, against real HTTP servers on loopback: one that never
// answers, one that cuts its answer short, one that answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './api-client';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('api client', () => {
  it('a server that never answers is given up as unreachable (so the change is tried again), not waited on for ever', async () => {
    const endpoint = await serve(() => undefined); // reads the request, never answers
    const api = createApiClient(endpoint, 'pk_test', { timeoutMs: 300 });
    const started = Date.now();
    const err = await api.setContext('job_1', 'jt_1', { artworkSize: { width_mm: 148, height_mm: 210 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'server_unreachable', status: 0 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an answer cut off in its body is no answer: unreachable too', async () => {
    const endpoint = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"status":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const err = await createApiClient(endpoint, 'pk_test').status('job_1', 'jt_1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'server_unreachable', status: 0 });
  });

  it('a refusal keeps the server\'s code and message; a 204 is a plain success', async () => {
    const endpoint = await serve((req, res) => {
      if (req.method === 'DELETE') return void res.writeHead(204).end();
      res.writeHead(409, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'job_finalized', message: 'The job is frozen.' } }));
    });
    const api = createApiClient(endpoint, 'pk_test');
    await expect(api.removeFile('job_1', 'jt_1', 'f')).resolves.toBeUndefined();
    await expect(api.setContext('job_1', 'jt_1', {})).rejects.toMatchObject({ code: 'job_finalized', message: 'The job is frozen.', status: 409 });
  });
});
