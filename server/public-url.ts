// The origin the server puts into links (tus upload URLs and `Location`, download links, webhook
// payloads). Never taken from an arbitrary `Host` header: a link built from it would send a
// customer's upload, or the store's secret-key download, to whatever host the request named.
//
// In order: the configured public URL (FILECHECK_PUBLIC_URL); behind a proxy the operator trusts
// (FILECHECK_TRUST_PROXY=1), the proxy's X-Forwarded-Proto / X-Forwarded-Host; a Host header that
// names this server itself (localhost / 127.0.0.1 / the listening host, on the listening port);
// else the listening URL.

/** Reads one request header (node:http headers and web `Headers` alike). */
export type HeaderLookup = (name: string) => string | null;

export interface PublicOriginOptions {
  publicUrl: string | null;
  trustProxy: boolean;
  /** Host the server listens on (FILECHECK_HOST). */
  host: string;
  /** Listening port (known once listening). */
  port(): number;
}

const HOST_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** First value of a possibly comma-joined header (proxies append). */
const first = (value: string | null) => (value ?? '').split(',')[0]!.trim();

/** `http://host:port` from the listening address; a wildcard address is reached as loopback. */
function listeningOrigin(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** Checks and normalises a configured public URL (an http(s) origin, optionally with a path prefix). */
export function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`FILECHECK_PUBLIC_URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`FILECHECK_PUBLIC_URL must be http(s): ${value}`);
  if (url.search || url.hash || url.username || url.password) throw new Error(`FILECHECK_PUBLIC_URL must be an origin (and path) only: ${value}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export interface PublicOrigin {
  /** The origin for an absolute link (JSON payloads, webhooks). */
  (header: HeaderLookup | null): string;
  /**
   * The origin the operator named (public URL, or a trusted proxy's headers), or null: then a
   * link that goes back to the server the client is already talking to (tus `Location`) is best
   * relative, which names no host at all and follows whatever path (proxy) the client took.
   */
  explicit(header: HeaderLookup | null): string | null;
}

export function createPublicOrigin(options: PublicOriginOptions): PublicOrigin {
  const explicit = (header: HeaderLookup | null): string | null => {
    if (options.publicUrl) return options.publicUrl;
    if (header && options.trustProxy) {
      const proto = first(header('x-forwarded-proto')).toLowerCase();
      const host = first(header('x-forwarded-host'));
      if ((proto === 'http' || proto === 'https') && HOST_NAME.test(host)) return `${proto}://${host}`;
    }
    return null;
  };
  const origin = (header: HeaderLookup | null): string => {
    const named = explicit(header);
    if (named) return named;
    const port = options.port();
    const host = header ? first(header('host')).toLowerCase() : '';
    const own = [options.host.toLowerCase(), 'localhost', '127.0.0.1', '[::1]'].map((h) => `${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${port}`);
    if (host && own.includes(host)) return `http://${host}`;
    return listeningOrigin(options.host, port);
  };
  return Object.assign(origin, { explicit });
}

/** Header lookup for a node:http request. */
export function nodeHeaders(headers: Record<string, string | string[] | undefined>): HeaderLookup {
  return (name) => {
    const v = headers[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
}
