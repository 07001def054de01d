// The portal's calls to /admin/api: same-origin, the session cookie goes by itself; every
// state-changing call carries the session's CSRF token.
import { signal } from '@preact/signals';

export interface Me {
  user: { email: string; locale: string | null };
  csrfToken: string;
}

export const me = signal<Me | null>(null);

export class PortalError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && me.value) headers['X-CSRF-Token'] = me.value.csrfToken;
  const res = await fetch(`/admin/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    // A session that ended elsewhere (sign-out in another tab, expiry): back to sign-in.
    if (res.status === 401 && path !== '/session') me.value = null;
    throw new PortalError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}
