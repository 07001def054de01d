// What one intake shares between its parts: the signals the view reads and the start-up, the
// server transport and the public API write, plus the intake's emitter, settings and live
// options. Each Intake creates and owns one set.
import { signal, type Signal } from '@preact/signals';
import type { JobHold } from '../core/derive';
import type { UploadTotals } from '../core/progress';
import type { ReviewNotice } from '../core/review';
import type { IntakeError, UiOptions } from '../core/types';
import type { IntakeController } from '../widget/controller-types';
import type { Emitter } from './events';
import type { GateHandle } from './gate';
import type { InstanceSettings, IntakeOptions } from './intake-options';

export interface IntakeSignals {
  /** Set once the workflow is loaded and the controller restored. */
  readonly controller: Signal<IntakeController | null>;
  readonly error: Signal<IntakeError | null>;
  readonly totals: Signal<UploadTotals | null>;
  readonly jobId: Signal<string | null>;
  /** Holds on the job from this layer: form-field mode still loading. */
  readonly holds: Signal<readonly JobHold[]>;
  /** "Try again" for an error that stopped the widget from starting (a part failed to load). */
  readonly retry: Signal<(() => void) | null>;
  /** The shop's review decision, reported by the server (issue 16). */
  readonly review: Signal<ReviewNotice | null>;
  readonly ui: Signal<UiOptions>;
  readonly locale: Signal<string>;
  readonly dialogOpen: Signal<boolean>;
}

export interface IntakeParts extends IntakeSignals {
  readonly settings: InstanceSettings;
  readonly emitter: Emitter;
  /** The options as they are now (update() replaces them). */
  options(): IntakeOptions;
  isMounted(): boolean;
  gate(): GateHandle | null;
}

/** `live`: what only the Intake knows, asked for when needed. */
export function createIntakeParts(
  settings: InstanceSettings,
  emitter: Emitter,
  ui: UiOptions,
  live: Pick<IntakeParts, 'options' | 'isMounted' | 'gate'>,
): IntakeParts {
  return {
    settings,
    emitter,
    ...live,
    controller: signal(null),
    error: signal(null),
    totals: signal(null),
    jobId: signal(null),
    holds: signal([]),
    retry: signal(null),
    review: signal(null),
    ui: signal(ui),
    locale: signal('en'),
    dialogOpen: signal(false),
  };
}
