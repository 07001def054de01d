// A webhook endpoint for the scale-out tests: records every delivery it receives (answering 200),
// so a test can count how often one event reached the shop.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookEvent {
  type: string;
  data: { id: string } & Record<string, unknown>;
}

export interface WebhookReceiver {
  /** Every delivery in arrival order (repeats included). */
  readonly events: WebhookEvent[];
  /** How many deliveries of `type` for job `jobId` arrived. */
  count(type: string, jobId: string): number;
  /** Start listening on loopback; resolves with the URL to put in FILECHECK_WEBHOOK_URLS. */
  listen(): Promise<string>;
  close(): void;
}

export function webhookReceiver(): WebhookReceiver {
  const events: WebhookEvent[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      events.push(JSON.parse(body) as WebhookEvent);
      res.writeHead(200).end();
    });
  });
  return {
    events,
    count: (type, jobId) => events.filter((e) => e.type === type && e.data.id === jobId).length,
    listen: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`))),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
