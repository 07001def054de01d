// <filecheck-intake publishable-key workflow-id workflow endpoint cart-button locale preview>:
// the same settings as the script tag, as attributes. Events bubble from the element itself.
import { Filecheck } from './factory';
import type { Intake } from './intake';

export function defineIntakeElement(tag = 'filecheck-intake'): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  class FilecheckIntakeElement extends HTMLElement {
    intake: Intake | null = null;

    connectedCallback(): void {
      if (this.intake) return;
      const attr = (name: string) => this.getAttribute(name) ?? undefined;
      const endpoint = attr('endpoint');
      const instance = Filecheck(attr('publishable-key') ?? 'pk_preview', endpoint ? { endpoint } : {});
      const cart = attr('cart-button');
      this.intake = instance.elements.create('intake', {
        workflowId: attr('workflow-id'),
        workflow: attr('workflow'),
        jobId: attr('job-id'),
        locale: attr('locale'),
        preview: this.hasAttribute('preview'),
        gate: this.getAttribute('gate') === 'off' ? false : cart ? { buttons: cart } : {},
      });
      this.intake.mount(this);
    }

    disconnectedCallback(): void {
      this.intake?.unmount();
      this.intake = null;
    }
  }
  customElements.define(tag, FilecheckIntakeElement);
}
