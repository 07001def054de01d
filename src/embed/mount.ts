// Zero-JS mounting, compatible with the known product's Filecheck.mount(config): find or make a
// mount point and gate the cart buttons.
import type { IntakeContext, UiOptions } from '../core/types';
import { Filecheck } from './factory';
import type { Intake } from './intake';

export interface MountConfig {
  publishableKey: string;
  endpoint?: string;
  workflowId?: string;
  workflow?: unknown;
  jobId?: string;
  presentation?: 'inline' | 'dialog';
  mountSelector?: string;
  /** Insert the mount point before this element (selector) instead of before the cart button. */
  moveMountBefore?: string;
  cartButtonSelector?: string;
  elementTheme?: 'light' | 'dark' | 'system';
  langCode?: string;
  connectorId?: string;
  preview?: boolean;
  ui?: UiOptions;
  context?: IntakeContext;
}

function findMount(config: MountConfig): Element {
  const inline = document.getElementById('fc-inline');
  if (inline) return inline;
  if (config.mountSelector) {
    const el = document.querySelector(config.mountSelector);
    if (el) return el;
  }
  const anchor =
    (config.moveMountBefore ? document.querySelector(config.moveMountBefore) : null) ??
    (config.cartButtonSelector ? document.querySelector(config.cartButtonSelector) : null);
  const div = document.createElement('div');
  div.id = 'fc-inline';
  if (anchor?.parentNode) anchor.parentNode.insertBefore(div, anchor);
  else document.body.appendChild(div);
  return div;
}

export function mountIntake(config: MountConfig): Intake {
  const instance = Filecheck(config.publishableKey, { endpoint: config.endpoint });
  const intake = instance.elements.create('intake', {
    workflowId: config.workflowId,
    workflow: config.workflow as never,
    jobId: config.jobId,
    presentation: config.presentation,
    locale: config.langCode,
    preview: config.preview,
    context: config.context,
    ui: { ...(config.ui ?? {}), ...(config.elementTheme ? { theme: config.elementTheme } : {}) },
    gate: config.cartButtonSelector ? { buttons: config.cartButtonSelector } : {},
  });
  return intake.mount(findMount(config));
}
