// What may appear in logs: never a credential. Job tokens travel in Authorization headers (never
// logged), except on GET /v1/jobs/:id/events, where EventSource forces them into the query string.

/** The URL with every credential-looking query value (token, key, jt_/sk_/pk_ values) replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url.replace(/\b(jt|sk)_[A-Za-z0-9_-]+/g, '$1_[redacted]');
  const query = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    return /token|key|secret|auth/i.test(decodeSafe(name)) ? `${name}=[redacted]` : pair;
  });
  return `${url.slice(0, q)}?${query.join('&')}`.replace(/\b(jt|sk)_[A-Za-z0-9_-]+/g, '$1_[redacted]');
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
