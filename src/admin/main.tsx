// The shop's portal (issue 16): a Preact app served by the reference server at /admin/. Hash
// routes: #/jobs (list), #/review (queue), #/jobs/<id> (detail), #/new (staff check).
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { signal } from '@preact/signals';
import '../core/checks/messages-en';
import '../core/remediation-messages';
import { ensurePortalLocale } from './messages';
import { localeDirection, SUPPORTED_LOCALES } from '../core/locales';
import { call, me, type Me } from './api';
import { catalogueReady, chooseLocale, locale, reviewCount, route, tr } from './state';
import { JobsPage } from './JobsPage';
import { JobDetail } from './JobDetail';
import { NewCheck } from './NewCheck';
import { SignIn } from './SignIn';

const checked = signal(false);

/** Each language named in itself (Deutsch, العربية…), so anyone finds their own. */
const languageName = (code: string) => {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

function LanguageSwitch() {
  return (
    <span class="lang">
      <label for="portal-language">{tr('admin.language')}</label>
      <select id="portal-language" value={locale.value} onChange={(e) => chooseLocale((e.currentTarget as HTMLSelectElement).value)}>
        {SUPPORTED_LOCALES.map((code) => <option key={code} value={code} lang={code}>{languageName(code)}</option>)}
      </select>
    </span>
  );
}

function Layout() {
  const r = route.value;
  useEffect(() => {
    const name = r.startsWith('#/jobs/') ? 'job' : r.slice(2);
    document.title = `${tr('admin.title')} · ${name}`;
  }, [r]);
  let page;
  if (r.startsWith('#/jobs/')) page = <JobDetail id={decodeURIComponent(r.slice('#/jobs/'.length))} />;
  else if (r === '#/review') page = <JobsPage review />;
  else if (r === '#/new') page = <NewCheck />;
  else page = <JobsPage />;
  const signOut = async () => {
    await call('DELETE', '/session').catch(() => {});
    me.value = null;
  };
  return (
    <>
      <header class="bar">
        <span class="bar__title">{tr('admin.title')}</span>
        <nav aria-label={tr('admin.nav.main')}>
          <a href="#/jobs" aria-current={r === '#/jobs' || r === '#/' ? 'page' : undefined}>{tr('admin.nav.jobs')}</a>
          <a href="#/review" aria-current={r === '#/review' ? 'page' : undefined}>{tr('admin.nav.review', { count: reviewCount.value })}</a>
          <a href="#/new" aria-current={r === '#/new' ? 'page' : undefined}>{tr('admin.nav.new')}</a>
        </nav>
        <span class="bar__user">{tr('admin.signedInAs', { email: me.value!.user.email })}</span>
        <LanguageSwitch />
        <button type="button" class="btn" onClick={signOut}>{tr('admin.signOut')}</button>
      </header>
      <main id="main">{page}</main>
    </>
  );
}

function App() {
  void catalogueReady.value;
  if (!checked.value) return null;
  return me.value ? <Layout /> : (
    <>
      <header class="bar"><span class="bar__title">{tr('admin.title')}</span><LanguageSwitch /></header>
      <main id="main"><SignIn /></main>
    </>
  );
}

async function boot() {
  try {
    me.value = await call<Me>('GET', '/session');
  } catch {
    me.value = null;
  }
  checked.value = true;
}

// Load the staff member's catalogue whenever the language changes (English is built in); the page
// takes the language's direction (Arabic right to left).
locale.subscribe((l) => {
  document.documentElement.lang = l;
  document.documentElement.dir = localeDirection(l);
  void ensurePortalLocale(l).then(() => (catalogueReady.value += 1));
});

render(<App />, document.getElementById('app')!);
void boot();
