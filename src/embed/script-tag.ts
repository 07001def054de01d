// The script-tag bundle (dist/filecheck.js): defines window.Filecheck and, when the <script>
// carries data attributes, mounts by itself:
// <script src=".../filecheck.js" data-publishable-key data-workflow-id data-workflow
//         data-endpoint data-cart-button data-mount data-locale async></script>
import { Filecheck as factory } from './factory';
import { mountIntake } from './mount';
import { defineIntakeElement } from './custom-element';

const script = document.currentScript as HTMLScriptElement | null;

const Filecheck = Object.assign(factory, { mount: mountIntake, defineElement: defineIntakeElement });
(window as unknown as { Filecheck: typeof Filecheck }).Filecheck = Filecheck;
defineIntakeElement();

function autoMount(el: HTMLScriptElement): void {
  const d = el.dataset;
  if (!d.publishableKey && !d.workflow && !d.workflowId) return;
  const run = () =>
    mountIntake({
      publishableKey: d.publishableKey ?? 'pk_preview',
      endpoint: d.endpoint,
      workflowId: d.workflowId,
      workflow: d.workflow,
      cartButtonSelector: d.cartButton,
      mountSelector: d.mount,
      langCode: d.locale,
      preview: d.preview !== undefined,
    });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

if (script) autoMount(script);

export default Filecheck;
