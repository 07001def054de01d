// The server side of the widget as one lazily loaded unit: API client, job transport, uploads.
export { createApiClient } from './api-client';
export { createServerTransport } from './server-transport';
export type { ServerTransport, ServerTransportOptions } from './server-transport';
