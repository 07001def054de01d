// What the React and Vue components share: how component props become one intake, which prop
// changes need a new intake and which are applied to the live one, and the methods a component
// hands to its parent (React ref, Vue template ref). Built only on the public API (src/index.ts),
// and nothing here runs before a component is mounted in a browser: server rendering never
// reaches it.
import { Filecheck } from '../index';
import type { Intake, IntakeContext, IntakeError, IntakeEventName, IntakeFacts, IntakeOptions, StatusPayload, UiOptions } from '../index';
import type { ProofEventDetail } from '../widget/proof-state';

type ConnectorConfig = NonNullable<IntakeOptions['connector']>;
type BindingResult = Parameters<NonNullable<IntakeOptions['onConnectorApply']>>[0][number];

/** The intake options plus the two settings of `Filecheck(publishableKey, { endpoint })`. */
export interface IntakeComponentOptions extends IntakeOptions {
  /** Publishable key (`pk_…`); a secret key is refused. */
  publishableKey: string;
  /** Base URL of the Filecheck server. Without it: preview only (nothing is uploaded). */
  endpoint?: string;
}

/** What each event carries: the same payloads as `intake.on(name, fn)`. */
export interface IntakeEventDetails {
  ready: { ui: UiOptions };
  status: StatusPayload;
  facts: IntakeFacts;
  ui: UiOptions;
  error: IntakeError;
  proof: ProofEventDetail;
  destroy: Record<string, never>;
}

export const INTAKE_EVENTS: readonly (IntakeEventName & keyof IntakeEventDetails)[] = ['ready', 'status', 'facts', 'ui', 'error', 'proof', 'destroy'];

/**
 * Options whose change needs a new intake (a new job): key, server, workflow, presentation, gate,
 * form-field mode, store messages. `jobId` is left out on purpose: it is only accepted for
 * compatibility (the intake finds its own job again), and `v-model:jobId` writes it back.
 */
export function identityKey(o: IntakeComponentOptions): string {
  return JSON.stringify([o.publishableKey, o.endpoint ?? null, o.workflowId ?? null, o.workflow ?? null, !!o.preview,
    o.presentation ?? 'inline', o.gate ?? null, o.formField ?? null, o.messages ?? null]);
}

/** Options applied to the live intake without losing its files. */
function liveParts(o: IntakeComponentOptions): { ui: string; locale: string; context: string; connector: string } {
  return { ui: JSON.stringify(o.ui ?? {}), locale: o.locale ?? '', context: JSON.stringify(o.context ?? null), connector: JSON.stringify(o.connector ?? null) };
}

export function liveKey(o: IntakeComponentOptions): string {
  return JSON.stringify(liveParts(o));
}

export interface IntakeBinding {
  readonly intake: Intake;
  /** Apply changed ui, locale, context and connector to the live intake. */
  update(options: IntakeComponentOptions): void;
  /** Unmount the intake (emits `destroy`) and drop every listener. */
  destroy(): void;
}

/**
 * Create and mount one intake into `el`; every intake event goes to `emit`.
 * `options()` is read again whenever the connector applies, so the newest callback is called.
 */
export function attachIntake(
  el: Element,
  options: IntakeComponentOptions,
  emit: (name: IntakeEventName, detail: unknown) => void,
  latest: () => IntakeComponentOptions = () => options,
): IntakeBinding {
  const { publishableKey, endpoint, ...intakeOptions } = options;
  const intake = Filecheck(publishableKey, endpoint ? { endpoint } : {}).elements.create('intake', {
    ...intakeOptions,
    onConnectorApply: (results: BindingResult[]) => latest().onConnectorApply?.(results),
  });
  const offs = INTAKE_EVENTS.map((name) => intake.on(name, (detail) => emit(name, detail)));
  intake.mount(el);
  let applied = liveParts(options);
  return {
    intake,
    update(next) {
      const parts = liveParts(next);
      if (parts.ui !== applied.ui && next.ui) intake.update({ ui: next.ui });
      if (parts.locale !== applied.locale && next.locale) intake.update({ locale: next.locale });
      if (parts.context !== applied.context && next.context) intake.setContext(next.context);
      if (parts.connector !== applied.connector) intake.setConnector(next.connector ?? null);
      applied = parts;
    },
    destroy() {
      intake.unmount();
      for (const off of offs) off();
    },
  };
}

/** The intake's methods, as a component's ref exposes them (no-ops before mount and on the server). */
export interface IntakeHandle {
  /** The live intake (null before mount, on the server, and after unmount). */
  readonly intake: Intake | null;
  /** The current status payload (null until the workflow is loaded). */
  getStatus(): StatusPayload | null;
  /** Narrow the rule for this order; files are re-evaluated without a new upload. */
  setContext(context: IntakeContext): void;
  /** Change ui texts, locale, context or connector after mount. */
  update(patch: Partial<IntakeOptions>): void;
  /** Add files as a drop would. */
  addFiles(files: File[], slot?: string): void;
  /** Dialog presentation: open (inline: focus the drop zone). */
  focus(): void;
  /** Dialog presentation: close. */
  blur(): void;
  /** Answer the soft proof. */
  respondToProof(approved: boolean): void;
  /** Replace (null: remove) the connector bindings. */
  setConnector(config: ConnectorConfig | null): void;
  /** Apply the connector bindings to the current facts now. */
  applyNow(): BindingResult[];
}

export function intakeHandle(current: () => IntakeBinding | null): IntakeHandle {
  const intake = () => current()?.intake ?? null;
  return {
    get intake() {
      return intake();
    },
    getStatus: () => intake()?.getStatus() ?? null,
    setContext: (context) => void intake()?.setContext(context),
    update: (patch) => void intake()?.update(patch),
    addFiles: (files, slot) => intake()?.addFiles(files, slot),
    focus: () => intake()?.focus(),
    blur: () => intake()?.blur(),
    respondToProof: (approved) => void intake()?.respondToProof(approved),
    setConnector: (config) => void intake()?.setConnector(config),
    applyNow: () => intake()?.applyNow() ?? [],
  };
}
