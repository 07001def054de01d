import { useState } from 'preact/hooks';
import { call, me, PortalError, type Me } from './api';
import { tr } from './state';

export function SignIn() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      me.value = await call<Me>('POST', '/session', { email: form.get('email'), password: form.get('password') });
    } catch (err) {
      // Our own words for the answers we know; the server's message otherwise (it is English).
      if (err instanceof PortalError && err.status === 401) setError(tr('admin.signIn.wrong'));
      else if (err instanceof PortalError && err.status === 429) setError(tr('admin.signIn.tooMany'));
      else setError(err instanceof PortalError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card signin" onSubmit={submit}>
      <h1>{tr('admin.signIn.title')}</h1>
      <label>
        {tr('admin.signIn.email')}
        <input name="email" type="email" autocomplete="username" required />
      </label>
      <label>
        {tr('admin.signIn.password')}
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button class="btn btn--primary" type="submit" disabled={busy}>{tr('admin.signIn.submit')}</button>
    </form>
  );
}
