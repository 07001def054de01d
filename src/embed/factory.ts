// The public entry: Filecheck(publishableKey, { endpoint? }) → { elements.create('intake', …) }.
import { Intake, type IntakeOptions, type InstanceSettings } from './intake';

export interface FilecheckOptions {
  /** Base URL of the Filecheck server (e.g. https://files.example.com). Without it: preview only. */
  endpoint?: string;
}

export interface FilecheckInstance {
  readonly publishableKey: string;
  readonly endpoint: string | null;
  elements: { create(type: 'intake', options?: IntakeOptions): Intake };
}

export function Filecheck(publishableKey: string, options: FilecheckOptions = {}): FilecheckInstance {
  if (typeof publishableKey !== 'string' || publishableKey.length === 0) {
    throw new Error('[filecheck] a publishable key is required, e.g. Filecheck("pk_test_…")');
  }
  if (/^sk_/.test(publishableKey)) {
    throw new Error('[filecheck] never put a secret key (sk_…) in a web page; use the publishable key (pk_…)');
  }
  const settings: InstanceSettings = { publishableKey, endpoint: options.endpoint ?? null };
  return {
    publishableKey,
    endpoint: settings.endpoint,
    elements: {
      create(type, opts = {}) {
        if (type !== 'intake') throw new Error(`[filecheck] unknown element type "${String(type)}"`);
        return new Intake(opts.preview ? { ...settings, endpoint: null } : settings, opts);
      },
    },
  };
}
