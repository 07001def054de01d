// The intake element of the public API: mount/update/unmount/on/off/setContext and the calls a
// store makes. It owns the intake's signals and glues its parts together: the view
// (intake-view.tsx), the start-up (intake-start.ts), the events (controller-events.ts, events.ts),
// the gate, and the connector and form-field mode (loaded on first use, see extras-entry.ts).
// First, so the bundler puts the start-up's large imports (the controller) before the intake's
// own modules and those stay together: measured 0.06 KB less gzip in dist/filecheck.js.
import { startIntake } from './intake-start';
import type { IntakeContext, StatusPayload } from '../core/types';
import { validateContext } from '../core/context';
import type { IntakeController } from '../widget/controller-types';
import { emitControllerEvents, type ControllerEvents } from './controller-events';
import { createEmitter, type IntakeEventName, type Listener } from './events';
import { joinGate, type GateHandle } from './gate';
import type { InstanceSettings, IntakeOptions } from './intake-options';
import { createIntakeParts, type IntakeParts } from './intake-parts';
import { mountIntakeView, type IntakeView } from './intake-view';
import { ensureLocale, pickLocale } from './locale';
import { loadExtras } from './lazy';
import type { BindingResult, Connector, ConnectorConfig } from './connector';
import type { FormFieldHandle } from './form-field';

export type { InstanceSettings, IntakeOptions } from './intake-options';

type ExtrasModule = typeof import('./extras-entry');

export class Intake {
  private readonly emitter = createEmitter();
  private readonly parts: IntakeParts;
  private view: IntakeView | null = null;
  private gate: GateHandle | null = null;
  private events: ControllerEvents | null = null;
  private state: 'new' | 'mounted' | 'destroyed' = 'new';
  private options: IntakeOptions;
  /** Connector and form-field mode load on first use (see extras-entry.ts). */
  private extras: Promise<ExtrasModule> | null = null;
  private connector: Connector | null = null;
  private formField: FormFieldHandle | null = null;
  private lastPayload: StatusPayload | null = null;

  constructor(
    private readonly settings: InstanceSettings,
    options: IntakeOptions = {},
  ) {
    this.options = { ...options };
    this.parts = createIntakeParts(settings, this.emitter, { ...(options.ui ?? {}) }, {
      options: () => this.options,
      isMounted: () => this.state === 'mounted',
      gate: () => this.gate,
    });
    if (options.connector) this.setConnector(options.connector);
  }

  private loadExtras(): Promise<ExtrasModule> {
    this.extras ??= loadExtras();
    this.extras.catch(() => (this.extras = null)); // a failed load is tried afresh next time
    return this.extras;
  }

  /** Mount into an element or selector. Throws if it is missing or this intake is already mounted. */
  mount(target: string | Element): this {
    if (this.state === 'mounted') throw new Error('[filecheck] this intake is already mounted');
    if (this.state === 'destroyed') throw new Error('[filecheck] this intake was unmounted; create a new one');
    const el = typeof target === 'string' ? document.querySelector(target) : target;
    if (!el) throw new Error(`[filecheck] mount target not found: ${String(target)}`);
    this.state = 'mounted';
    this.emitter.setTarget(el);
    const wanted = pickLocale(this.options.locale);
    const { parts, emitter } = this;
    this.view = mountIntakeView(el, parts);

    // Submitting the gated form is proceeding: the job is finalized (one job per cart item).
    if (this.options.gate !== false) this.gate = joinGate(this.options.gate ?? {}, () => void this.finalize().catch(() => undefined));
    const formField = this.options.formField;
    if (formField) {
      // Until form-field mode is loaded the job is held (deriveJob), so no signal says it can
      // proceed and a click can never submit the form without its file.
      parts.holds.value = ['form_field'];
      void this.loadExtras().then((m) => {
        if (this.state !== 'mounted') return;
        this.formField = m.createFormField(formField, el, this.options.gate ? this.options.gate.buttons : undefined);
        this.events?.forgetStatus();
        const c = parts.controller.peek();
        if (c) this.formField.update(c.payload.peek(), c.files.peek());
        parts.holds.value = [];
      });
    }
    void startIntake(parts, wanted, (controller, workflow) => {
      this.events = emitControllerEvents(controller, workflow.proof, emitter, (payload) => this.onStatus(payload, controller));
    });
    return this;
  }

  private onStatus(payload: StatusPayload, controller: IntakeController): void {
    this.lastPayload = payload;
    // files into the form before the gate opens, so a fast click carries them
    this.formField?.update(payload, controller.files.peek());
    this.gate?.update({ canProceed: payload.canProceed, jobId: payload.jobId });
    if (payload.facts) this.connector?.apply(payload.facts);
  }

  /** Change options after mount: ui texts, locale, context. */
  update(patch: Partial<IntakeOptions>): this {
    this.options = { ...this.options, ...patch };
    const { ui, locale, controller } = this.parts;
    if (patch.ui) {
      ui.value = { ...ui.peek(), ...patch.ui };
      this.view?.applyTheme();
      this.emitter.emit('ui', ui.peek());
    }
    if (patch.locale) {
      const wanted = pickLocale(patch.locale);
      void ensureLocale(wanted).then(() => {
        locale.value = wanted;
        controller.peek()?.refresh(); // findings in the new language
      });
    }
    if (patch.context) this.setContext(patch.context);
    if ('connector' in patch) this.setConnector(patch.connector ?? null);
    return this;
  }

  /** Narrow the profile for this order (artwork size, page count…): files are re-evaluated from cached facts. */
  setContext(context: IntakeContext): this {
    const checked = validateContext(context);
    if (!checked.ok) {
      this.emitter.emit('error', { code: checked.error.code, message: checked.error.message });
      return this;
    }
    this.options.context = checked.context;
    this.parts.controller.peek()?.setContext(checked.context);
    return this;
  }

  /** Dialog presentation: open the dialog (inline: move focus to the drop zone). */
  focus(): void {
    if (this.isDialog()) this.parts.dialogOpen.value = true;
    else this.view?.focusDropZone();
  }

  /** Dialog presentation: close the dialog. */
  blur(): void {
    if (this.isDialog()) this.parts.dialogOpen.value = false;
  }

  private isDialog(): boolean {
    const layout = this.parts.ui.peek().layout;
    return this.options.presentation === 'dialog' || layout === 'modal' || layout === 'drawer';
  }

  /** Replace (or with null remove) the connector bindings; applies at once to the current facts. */
  setConnector(config: ConnectorConfig | null): this {
    this.options.connector = config;
    if (this.connector) {
      this.connector.set(config);
      this.applyNow();
    } else if (config) {
      void this.loadExtras().then((m) => {
        if (this.state === 'destroyed') return;
        this.connector ??= m.createConnector(null, (results) => this.options.onConnectorApply?.(results));
        this.connector.set(this.options.connector ?? null);
        this.applyNow();
      });
    }
    return this;
  }

  /** Apply the connector bindings now to the current facts; returns one result per binding. */
  applyNow(): BindingResult[] {
    const facts = this.lastPayload?.facts ?? this.parts.controller.peek()?.facts.peek();
    return facts && this.connector ? this.connector.apply(facts) : [];
  }

  /** Listen to an event (see IntakeEventMap for each payload); returns a function that stops listening. */
  on<K extends IntakeEventName>(name: K, fn: Listener<K>): () => void {
    return this.emitter.on(name, fn);
  }

  off<K extends IntakeEventName>(name: K, fn: Listener<K>): void {
    this.emitter.off(name, fn);
  }

  /**
   * The customer proceeds with this job (e.g. an AJAX cart added the item; a gated form does
   * this by itself): the job is frozen on the server, and any further change in the widget
   * works on a new job. Resolves with the finalized job id (null in preview mode). Rejects
   * with code `job_not_ready` when the job cannot proceed.
   */
  finalize(): Promise<string | null> {
    const c = this.parts.controller.peek();
    if (!c || !c.payload.peek().canProceed) {
      return Promise.reject(Object.assign(new Error('The job cannot proceed yet.'), { code: 'job_not_ready' }));
    }
    return c.finalize().then((jobId) => {
      if (jobId) this.emitter.emit('finalized', { jobId });
      return jobId;
    });
  }

  /** Answer the soft proof (workflow `proof.approvalRequired`): every proof shown and not yet answered. */
  respondToProof(approved: boolean): this {
    this.parts.controller.peek()?.proof.respond(approved === true);
    return this;
  }

  /** Current status payload (null before the workflow is loaded). */
  getStatus(): StatusPayload | null {
    return this.parts.controller.peek()?.payload.peek() ?? null;
  }

  /** Add files programmatically (same path as a drop). */
  addFiles(files: File[], slot?: string): void {
    this.parts.controller.peek()?.addFiles(files, slot ?? null);
  }

  unmount(): void {
    if (this.state !== 'mounted') return;
    this.state = 'destroyed';
    this.events?.stop();
    this.parts.controller.peek()?.dispose();
    this.gate?.release();
    this.formField?.release();
    this.view?.remove();
    this.emitter.emit('destroy', {});
    this.emitter.setTarget(null);
  }
}
