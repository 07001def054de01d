// The checkout gate. Every intake on the page registers here; the store's cart buttons stay
// disabled (and their forms unsubmittable) until ALL registered intakes can proceed. The state is
// re-applied when host scripts touch the buttons, and the job ids travel in a hidden input.

/** Add-to-cart buttons of common storefront themes (Shopify Dawn & co, WooCommerce, generic). */
export const DEFAULT_CART_BUTTONS = [
  '[data-filecheck-gate]',
  'button[name="add"]',
  '.product-form__submit',
  '#AddToCart',
  '.single_add_to_cart_button',
  'form.cart button[type="submit"]',
  'form[action*="/cart/add"] [type="submit"]',
  '#button-cart',
  'button.add-to-cart',
].join(', ');

export interface GateConfig {
  /** Selector of the buttons to gate (default: DEFAULT_CART_BUTTONS). */
  buttons?: string;
  /** Selector of forms to gate in addition to the buttons' own forms. */
  form?: string;
  /** Name of the hidden input that carries the job id (default fc_job_id). */
  jobIdInput?: string;
}

interface Member {
  config: GateConfig;
  canProceed: boolean;
  jobId: string | null;
  /** The customer proceeded through a gated form: the intake finalizes its job. */
  onProceed?: () => void;
}

const members = new Set<Member>();
const GATED = 'data-fc-gated';
/**
 * What the host page itself wants for each gated button (e.g. a theme disables "Sold out"
 * variants): its own changes to `disabled` while we hold the button are remembered and restored
 * when the gate opens, so opening the gate never makes an unbuyable variant buyable.
 */
const hostDisabled = new WeakMap<Element, boolean>();
let observer: MutationObserver | null = null;
let applying = false;

function allProceed(): boolean {
  for (const m of members) if (!m.canProceed) return false;
  return true;
}

function buttonSelector(): string {
  return [...new Set([...members].map((m) => m.config.buttons ?? DEFAULT_CART_BUTTONS))].join(', ');
}

function gatedForms(): Set<HTMLFormElement> {
  const forms = new Set<HTMLFormElement>();
  for (const m of members) {
    for (const b of document.querySelectorAll<HTMLElement>(m.config.buttons ?? DEFAULT_CART_BUTTONS)) {
      const f = (b as HTMLButtonElement).form ?? b.closest('form');
      if (f) forms.add(f);
    }
    if (m.config.form) for (const f of document.querySelectorAll<HTMLFormElement>(m.config.form)) forms.add(f);
  }
  return forms;
}

function apply(): void {
  if (applying) return;
  applying = true;
  try {
    const open = allProceed();
    const selector = buttonSelector();
    const buttons = selector ? document.querySelectorAll<HTMLElement>(selector) : [];
    for (const b of buttons) {
      if (!open) {
        if (!hostDisabled.has(b)) hostDisabled.set(b, b.hasAttribute('disabled'));
        if (!b.hasAttribute('disabled')) b.setAttribute('disabled', '');
        if (b.getAttribute('aria-disabled') !== 'true') b.setAttribute('aria-disabled', 'true');
        if (!b.hasAttribute(GATED)) b.setAttribute(GATED, '');
      } else if (b.hasAttribute(GATED)) {
        if (!hostDisabled.get(b)) b.removeAttribute('disabled');
        b.removeAttribute('aria-disabled');
        hostDisabled.delete(b);
        b.removeAttribute(GATED);
      }
    }
    writeJobIds();
  } finally {
    // Let this round's own mutations be delivered and ignored before we listen again.
    observer?.takeRecords();
    applying = false;
  }
}

function writeJobIds(): void {
  const byName = new Map<string, string[]>();
  for (const m of members) {
    const name = m.config.jobIdInput ?? 'fc_job_id';
    if (!byName.has(name)) byName.set(name, []);
    if (m.jobId) byName.get(name)!.push(m.jobId);
  }
  for (const form of gatedForms()) {
    for (const [name, ids] of byName) {
      let input = form.querySelector<HTMLInputElement>(`input[type="hidden"][name="${CSS.escape(name)}"]`);
      if (!input) {
        input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        form.appendChild(input);
      }
      const value = ids.join(',');
      if (input.value !== value) input.value = value;
    }
  }
}

/** Capture-phase guard: runs before any host handler, for every way a form can be submitted. */
function onSubmit(ev: Event): void {
  const form = ev.target as HTMLFormElement;
  if (!gatedForms().has(form)) return;
  if (allProceed()) {
    // The form carries the job ids now; each intake freezes its job (one job per cart item).
    for (const m of members) m.onProceed?.();
    return;
  }
  ev.preventDefault();
  ev.stopImmediatePropagation();
}

/** Clicks on gated buttons that host scripts handle themselves (AJAX carts) are stopped too. */
function onClick(ev: Event): void {
  if (allProceed()) return;
  const selector = buttonSelector();
  const el = ev.target instanceof Element ? ev.target.closest(selector) : null;
  if (!el) return;
  ev.preventDefault();
  ev.stopImmediatePropagation();
}

function start(): void {
  if (observer) return;
  observer = new MutationObserver((records) => {
    // Our own writes were taken out in apply(); what is left is the host's doing.
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'disabled' && (r.target as Element).hasAttribute(GATED)) {
        hostDisabled.set(r.target as Element, (r.target as Element).hasAttribute('disabled'));
      }
    }
    apply();
  });
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['disabled', 'aria-disabled', 'class', GATED],
  });
  window.addEventListener('submit', onSubmit, true);
  window.addEventListener('click', onClick, true);
}

function stop(): void {
  observer?.disconnect();
  observer = null;
  window.removeEventListener('submit', onSubmit, true);
  window.removeEventListener('click', onClick, true);
}

export interface GateHandle {
  update(state: { canProceed: boolean; jobId: string | null }): void;
  release(): void;
}

export function joinGate(config: GateConfig, onProceed?: () => void): GateHandle {
  const member: Member = { config, canProceed: false, jobId: null, onProceed };
  members.add(member);
  start();
  apply();
  return {
    update({ canProceed, jobId }) {
      if (member.canProceed === canProceed && member.jobId === jobId) return;
      member.canProceed = canProceed;
      member.jobId = jobId;
      apply();
    },
    release() {
      members.delete(member);
      apply();
      if (members.size === 0) stop();
    },
  };
}
