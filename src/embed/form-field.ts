// Form-field mode, for stores without a tus server: the files the intake accepted are put into a
// real <input type="file" name=…> inside the store's own form, so a classic multipart form post
// carries them. The checkout gate still applies: the form cannot be submitted until canProceed.
import type { StatusPayload } from '../core/types';
import { DEFAULT_CART_BUTTONS } from './gate';

const MARK = 'data-filecheck-field';
/** What this module last put into each input, to write (and fire events) only on a change. */
const lastSet = new WeakMap<HTMLInputElement, File[]>();

export interface SyncFormFieldOptions {
  form: HTMLFormElement;
  /** Name of the file field in the form post (e.g. 'artwork'). */
  name: string;
  files: File[];
}

export interface SyncFormFieldResult {
  /** The file input in the form (null when there were no files and no input to clear). */
  input: HTMLInputElement | null;
  /** True when the input's files were changed by this call. */
  changed: boolean;
  /** False when this browser cannot set an input's files (no DataTransfer constructor). */
  supported: boolean;
}

function findInput(form: HTMLFormElement, name: string): HTMLInputElement | null {
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLInputElement && el.type === 'file' && el.name === name) return el;
  }
  return null;
}

function sameFiles(a: readonly File[], b: readonly File[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function canTransfer(): boolean {
  try {
    return typeof DataTransfer === 'function' && new DataTransfer().items !== undefined;
  } catch {
    return false;
  }
}

/**
 * Put `files` into the form's file input named `name` (created hidden if missing, `multiple`
 * when several), or empty it when `files` is empty. Fires bubbling input/change events when the
 * files changed. An input this module created is marked `data-filecheck-field`.
 */
export function syncFormField(opts: SyncFormFieldOptions): SyncFormFieldResult {
  const { form, name, files } = opts;
  const supported = canTransfer();
  let input = findInput(form, name);
  if (!input) {
    if (files.length === 0) return { input: null, changed: false, supported };
    input = form.ownerDocument.createElement('input');
    input.type = 'file';
    input.name = name;
    input.hidden = true;
    input.tabIndex = -1;
    input.setAttribute('aria-hidden', 'true');
    input.setAttribute(MARK, '');
    form.appendChild(input);
  }
  if (files.length > 1) input.multiple = true;
  else if (input.hasAttribute(MARK)) input.multiple = false;

  const previous = lastSet.get(input) ?? Array.from(input.files ?? []);
  if (sameFiles(previous, files) && (input.files?.length ?? 0) === files.length) return { input, changed: false, supported };
  if (!supported) return { input, changed: false, supported };

  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  lastSet.set(input, [...files]);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return { input, changed: true, supported };
}

/**
 * The files a form post should carry: rows the intake finished with outcome pass or warn; a
 * failed row too when the job can proceed anyway (a failure accepted by onFail). Refused, errored,
 * restored (no bytes here) and unfinished rows never travel.
 */
export function acceptedFiles(payload: Pick<StatusPayload, 'files' | 'canProceed'>, records: readonly { id: string; file: File | null }[]): File[] {
  const byId = new Map(records.map((r) => [r.id, r.file]));
  const out: File[] = [];
  for (const f of payload.files) {
    if (f.status !== 'done') continue;
    const ok = f.outcome === 'pass' || f.outcome === 'warn' || f.outcome === 'fixed' || (f.outcome === 'fail' && payload.canProceed);
    if (!ok) continue;
    const file = byId.get(f.id);
    if (file) out.push(file);
  }
  return out;
}

export interface FormFieldConfig {
  /** Name of the file field in the post. */
  name: string;
  /** The form (selector or element). Default: the form around the mount element, else the form of the first gated cart button. */
  form?: string | HTMLFormElement;
}

export interface FormFieldHandle {
  /** Call on every status payload with the controller's file records. */
  update(payload: Pick<StatusPayload, 'files' | 'canProceed'>, records: readonly { id: string; file: File | null }[]): SyncFormFieldResult | null;
  /** On unmount: remove the input this module created (or empty the store's own). */
  release(): void;
}

/** Which form the files go into (resolved on every update: host pages re-render their forms). */
export function resolveForm(config: FormFieldConfig, mountEl: Element | null, buttons?: string): HTMLFormElement | null {
  const doc = mountEl?.ownerDocument ?? (typeof document !== 'undefined' ? document : null);
  if (!doc) return null;
  if (config.form) {
    if (typeof config.form !== 'string') return config.form;
    const el = doc.querySelector(config.form);
    return el instanceof HTMLFormElement ? el : (el?.closest('form') ?? null);
  }
  const around = mountEl?.closest('form');
  if (around) return around;
  const button = doc.querySelector<HTMLButtonElement>(buttons ?? DEFAULT_CART_BUTTONS);
  return button ? (button.form ?? button.closest('form')) : null;
}

export function createFormField(config: FormFieldConfig, mountEl: Element | null, buttons?: string): FormFieldHandle {
  if (!config || typeof config.name !== 'string' || config.name.trim() === '') {
    throw new Error('[filecheck] formField needs a field name, e.g. formField: { name: "artwork" }');
  }
  let lastForm: HTMLFormElement | null = null;
  return {
    update(payload, records) {
      const form = resolveForm(config, mountEl, buttons);
      if (lastForm && lastForm !== form && lastForm.isConnected) syncFormField({ form: lastForm, name: config.name, files: [] });
      lastForm = form;
      if (!form) return null;
      return syncFormField({ form, name: config.name, files: acceptedFiles(payload, records) });
    },
    release() {
      if (!lastForm) return;
      const input = findInput(lastForm, config.name);
      if (input?.hasAttribute(MARK)) input.remove();
      else if (input) syncFormField({ form: lastForm, name: config.name, files: [] });
      lastForm = null;
    },
  };
}
