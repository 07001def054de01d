// The intake on the page: a host element with an open Shadow DOM, the theme on the host, and the
// view (Preact, its own chunk) rendered inside; the view loads alongside the workflow (see
// view/entry.ts), and the gate stays closed meanwhile.
import { render } from 'preact';
import { t } from '../core/i18n';
import type { IntakeParts } from './intake-parts';
import { loadProofView, loadView } from './lazy';
import { sharedPool } from './pool';
import { adoptStyles } from './shadow-styles';

export interface IntakeView {
  /** Theme and accent of the current ui options, on the host element. */
  applyTheme(): void;
  focusDropZone(): void;
  remove(): void;
}

export function mountIntakeView(el: Element, deps: IntakeParts): IntakeView {
  const host = document.createElement('div');
  host.className = 'filecheck-intake';
  host.setAttribute('data-filecheck', '');
  el.appendChild(host);
  const view: IntakeView = {
    applyTheme() {
      const ui = deps.ui.peek();
      // 'system' follows the customer's OS setting live, through a media query in the styles.
      host.setAttribute('data-theme', ui.theme ?? 'light');
      if (ui.accent) host.style.setProperty('--fc-accent', ui.accent);
    },
    focusDropZone() {
      host.shadowRoot?.querySelector<HTMLElement>('.dropzone')?.focus();
    },
    remove() {
      render(null, host.shadowRoot!.lastElementChild!);
      host.remove();
    },
  };
  view.applyTheme();
  const shadow = host.attachShadow({ mode: 'open' });
  const root = document.createElement('div');
  shadow.appendChild(root);
  void renderView(shadow, root, deps);
  return view;
}

async function renderView(shadow: ShadowRoot, root: HTMLElement, deps: IntakeParts): Promise<void> {
  const { isMounted } = deps;
  try {
    const view = await loadView();
    if (!isMounted()) return;
    adoptStyles(shadow, view.styles, deps.options().nonce);
    root.textContent = '';
    render(<view.App
        controller={deps.controller}
        totals={deps.totals}
        error={deps.error}
        retry={deps.retry}
        ui={deps.ui}
        locale={deps.locale}
        presentation={deps.options().presentation ?? 'inline'}
        services={{ pool: sharedPool(), loadProofView }}
        dialogOpen={deps.dialogOpen}
      />, root);
  } catch (err) {
    if (!isMounted()) return;
    // Without the view, a plain message and "Try again", in the customer's language.
    const loc = deps.locale.peek();
    const alert = document.createElement('p');
    alert.setAttribute('role', 'alert');
    alert.setAttribute('data-code', 'chunk_load_failed');
    alert.textContent = `${t('error.chunk_load_failed', {}, loc)} `;
    const again = document.createElement('button');
    again.type = 'button';
    again.textContent = t('ui.error.retry', {}, loc);
    again.onclick = () => void renderView(shadow, root, deps);
    alert.appendChild(again);
    root.replaceChildren(alert);
    deps.emitter.emit('error', { code: 'chunk_load_failed', message: (err as Error)?.message ?? String(err) });
  }
}
