// Where the e2e servers listen. E2E_PORT moves them all (to run two suites side by side):
// the page's origin, the "CDN" origin one above it, the reference server 615 above it.
export const PAGE_PORT = Number(process.env.E2E_PORT ?? 4173);
export const PAGE_ORIGIN = `http://127.0.0.1:${PAGE_PORT}`;
export const CDN_ORIGIN = `http://localhost:${PAGE_PORT + 1}`;
export const SERVER_URL = `http://127.0.0.1:${PAGE_PORT + 615}`;
