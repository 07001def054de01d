// Deleting an upload on the server (tus DELETE), outside any attempt: on cancel, and for an upload
// whose creation answered after the customer had cancelled. Also how every request gets the
// job's headers.

import { Upload, type HttpRequest, type HttpResponse } from 'tus-js-client';
import type { TaskConfig } from './task-config';

/** Best effort with a few retries: the caller does not wait for the server to agree. */
export function terminateUpload(url: string, config: Pick<TaskConfig, 'httpStack' | 'headers'>): Promise<void> {
  const { httpStack, headers } = config;
  return Upload.terminate(url, {
    httpStack,
    retryDelays: [0, 1000, 3000],
    onBeforeRequest: (req) => applyHeaders(req, headers),
  });
}

/** A creation (POST) that answered after the customer cancelled: delete the upload it made. */
export function terminateCreatedUpload(req: HttpRequest, res: HttpResponse, config: Pick<TaskConfig, 'endpoint' | 'httpStack' | 'headers'>): void {
  const location = res.getHeader('Location');
  const status = res.getStatus();
  if (req.getMethod() !== 'POST' || !location || status < 200 || status >= 300) return;
  terminateUpload(new URL(location, config.endpoint).toString(), config).catch(() => {});
}

/** Sets the headers the queue was given (read again for every request). */
export function applyHeaders(req: { setHeader(name: string, value: string): void }, headers?: () => Record<string, string>): void {
  for (const [name, value] of Object.entries(headers?.() ?? {})) req.setHeader(name, value);
}
