// The options of one intake (Filecheck(…).elements.create('intake', options)) and the instance
// settings it inherits.
import type { IntakeContext, UiOptions, Workflow } from '../core/types';
import type { BindingResult, ConnectorConfig } from './connector';
import type { FormFieldConfig } from './form-field';
import type { GateConfig } from './gate';

export interface IntakeOptions {
  workflowId?: string;
  /** Inline workflow: an object, a JSON string, a URL of a JSON file, or '#id' of a JSON script. */
  workflow?: Workflow | string | Record<string, unknown>;
  jobId?: string;
  presentation?: 'inline' | 'dialog';
  locale?: string;
  ui?: UiOptions;
  preview?: boolean;
  context?: IntakeContext;
  /** Gate the store's cart buttons on canProceed (default: on, common cart buttons). false: off. */
  gate?: GateConfig | false;
  /** Write facts into the store's inputs (reference "Connector binding"). */
  connector?: ConnectorConfig | null;
  onConnectorApply?: (results: BindingResult[]) => void;
  /** The store's own wording for any message key, in the intake's locale (e.g. 'ui.status.ready'). */
  messages?: Record<string, string>;
  /** Form-field mode: put accepted files into <input type=file name=…> of the host form. */
  formField?: FormFieldConfig | false;
  /** The page's CSP nonce, for browsers without constructable stylesheets (see shadow-styles.ts). */
  nonce?: string;
}

export interface InstanceSettings {
  publishableKey: string;
  endpoint: string | null;
}
