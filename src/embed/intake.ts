// The intake element of the public API: mount/update/unmount/on/off/setContext. It glues the
// controller (signals) to the view (Preact in a Shadow DOM), the emitter and the gate.
import type { ReviewNotice } from '../core/review';
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import type { IntakeContext, IntakeError, StatusPayload, UiOptions, Workflow } from '../core/types';
import { validateContext } from '../core/context';
import { t } from '../core/i18n';
import { createIntakeController, type IntakeController } from '../widget/controller';
import { adoptStyles } from './shadow-styles';
import { createEmitter, type IntakeEventName, type Listener } from './events';
import type { JobHold } from '../core/derive';
import { joinGate, type GateConfig, type GateHandle } from './gate';
import { ensureLocale, overrideMessages, pickLocale, shareCatalogues } from './locale';
import { sharedPool } from './pool';
import { loadEvaluator, loadExtras, loadProofView, loadTransport, loadView, loadWorkflowParser } from './lazy';
import { resolveWorkflow, type WorkflowResult } from './workflow-source';
import { buildStatusPayload } from '../core/payload';

/** Waits between attempts to load the workflow while the server cannot be reached. */
const LOAD_RETRY_MS = [1000, 2000, 4000, 8000, 15000];
import type { ServerTransport } from './server-transport';
import type { SupportedLocale } from '../core/locales';
import type { FileReports } from '../widget/controller';
import type { UploadTotals } from '../core/progress';
import type { BindingResult, Connector, ConnectorConfig } from './connector';
import type { FormFieldConfig, FormFieldHandle } from './form-field';

type TransportModule = typeof import('./transport-entry');
type ExtrasModule = typeof import('./extras-entry');

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

export class Intake {
  private readonly emitter = createEmitter();
  private readonly controller = signal<IntakeController | null>(null);
  private readonly error = signal<IntakeError | null>(null);
  private readonly totals = signal<UploadTotals | null>(null);
  private readonly jobId = signal<string | null>(null);
  /** Holds on the job from this layer: form-field mode still loading. */
  private readonly holds = signal<readonly JobHold[]>([]);
  /** "Try again" for an error that stopped the widget from starting (a part failed to load). */
  private readonly retry = signal<(() => void) | null>(null);
  /** The shop's review decision, reported by the server (issue 16). */
  private readonly review = signal<ReviewNotice | null>(null);
  /** The controller that rows restored from the server are adopted into. */
  private adoptTarget: IntakeController | null = null;
  private readonly ui = signal<UiOptions>({});
  private readonly locale = signal('en');
  private readonly dialogOpen = signal(false);
  private host: HTMLElement | null = null;
  private mountEl: Element | null = null;
  private gate: GateHandle | null = null;
  private stopEffects: (() => void)[] = [];
  private state: 'new' | 'mounted' | 'destroyed' = 'new';
  private lastStatus = '';
  private lastFacts = '';
  private lastProof = '';
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
    this.ui.value = { ...(options.ui ?? {}) };
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
    this.mountEl = el;
    this.emitter.setTarget(el);
    const wanted = pickLocale(this.options.locale);

    const host = document.createElement('div');
    host.className = 'filecheck-intake';
    host.setAttribute('data-filecheck', '');
    el.appendChild(host);
    this.host = host;
    this.applyTheme();
    const shadow = host.attachShadow({ mode: 'open' });
    const root = document.createElement('div');
    shadow.appendChild(root);
    void this.renderView(shadow, root);

    // Submitting the gated form is proceeding: the job is finalized (one job per cart item).
    if (this.options.gate !== false) this.gate = joinGate(this.options.gate ?? {}, () => void this.finalize().catch(() => undefined));
    const formField = this.options.formField;
    if (formField) {
      // Until form-field mode is loaded the job is held (deriveJob), so no signal says it can
      // proceed and a click can never submit the form without its file.
      this.holds.value = ['form_field'];
      void this.loadExtras().then((m) => {
        if (this.state !== 'mounted') return;
        this.formField = m.createFormField(formField, el, this.options.gate ? this.options.gate.buttons : undefined);
        this.lastStatus = '';
        const c = this.controller.peek();
        if (c) this.formField.update(c.payload.peek(), c.files.peek());
        this.holds.value = [];
      });
    }
    void this.start(wanted);
    return this;
  }

  /** The view loads alongside the workflow (see view/entry.ts); the gate is closed meanwhile. */
  private async renderView(shadow: ShadowRoot, root: HTMLElement): Promise<void> {
    try {
      const view = await loadView();
      if (this.state !== 'mounted') return;
      adoptStyles(shadow, view.styles, this.options.nonce);
      root.textContent = '';
      render(<view.App
          controller={this.controller}
          totals={this.totals}
          error={this.error}
          retry={this.retry}
          ui={this.ui}
          locale={this.locale}
          presentation={this.options.presentation ?? 'inline'}
          services={{ pool: sharedPool(), loadProofView }}
          dialogOpen={this.dialogOpen}
        />, root);
    } catch (err) {
      if (this.state !== 'mounted') return;
      // Without the view, a plain message and "Try again", in the customer's language.
      const loc = this.locale.peek();
      const alert = document.createElement('p');
      alert.setAttribute('role', 'alert');
      alert.setAttribute('data-code', 'chunk_load_failed');
      alert.textContent = `${t('error.chunk_load_failed', {}, loc)} `;
      const again = document.createElement('button');
      again.type = 'button';
      again.textContent = t('ui.error.retry', {}, loc);
      again.onclick = () => void this.renderView(shadow, root);
      alert.appendChild(again);
      root.replaceChildren(alert);
      this.emitter.emit('error', { code: 'chunk_load_failed', message: (err as Error)?.message ?? String(err) });
    }
  }

  private async start(wanted: SupportedLocale): Promise<void> {
    const withServer = !!this.settings.endpoint && !this.options.preview;
    const localeReady = ensureLocale(wanted).then(() => {
      if (this.options.messages) overrideMessages(wanted, this.options.messages);
      this.locale.value = wanted;
    });
    // The server code loads alongside the workflow, only when there is a server to talk to.
    const transportModule = withServer ? loadTransport() : null;
    transportModule?.catch(() => undefined); // reported below, once the workflow is known
    const result = await this.loadWorkflow();
    await localeReady;
    if (this.state !== 'mounted') return;
    if (!result.ok) {
      this.fail(result.error, result.error.code === 'chunk_load_failed' ? () => void this.start(wanted) : null);
      return;
    }
    let transport: ((reports: FileReports) => ServerTransport) | null = null;
    if (transportModule && result.workflowId) {
      try {
        transport = this.createTransport(await transportModule, result.workflowId);
      } catch (err) {
        // Fail closed: without the upload code nothing can reach the server.
        this.fail({ code: 'chunk_load_failed', message: (err as Error).message }, () => void this.start(wanted));
        return;
      }
    }
    const controller = createIntakeController({
      workflow: result.workflow,
      workflowId: result.workflowId,
      pool: sharedPool(),
      evaluator: () =>
        loadEvaluator().then((ev) => {
          shareCatalogues(ev);
          return ev;
        }),
      units: result.workflow.ui?.units ?? 'mm',
      locale: () => this.locale.peek(),
      t: (key, params) => t(key, params ?? {}, this.locale.peek()),
      context: this.options.context,
      transport,
      holds: this.holds,
    });
    await (controller.transport as ServerTransport | null)?.restore();
    if (this.state !== 'mounted') return;
    this.controller.value = controller;
    this.emitter.emit('ready', { ui: this.ui.peek() });
    let lastProblem = '';
    this.stopEffects.push(
      // The checker itself could not run for some file: the integrator hears it once per code.
      effect(() => {
        const problem = controller.problem.value;
        if (problem && problem.code !== lastProblem) this.emitter.emit('error', problem);
        lastProblem = problem?.code ?? '';
      }),
      effect(() => this.onPayload(controller.payload.value, controller)),
      effect(() => {
        const facts = controller.facts.value;
        const json = JSON.stringify(facts);
        if (json !== this.lastFacts && controller.files.value.length > 0) {
          this.lastFacts = json;
          this.emitter.emit('facts', facts);
        }
      }),
      effect(() => {
        const detail = controller.proof.eventDetail(result.workflow.proof, controller.files.value.map((r) => r.id));
        const json = JSON.stringify(detail);
        if (detail.pages.length > 0 && json !== this.lastProof) {
          this.lastProof = json;
          this.emitter.emit('proof', detail);
        }
      }),
    );
  }

  /** With a server and a stored workflow, files are uploaded to a job; otherwise preview only. */
  private createTransport(mod: TransportModule, workflowId: string) {
    return mod.createServerTransport({
      api: mod.createApiClient(this.settings.endpoint!, this.settings.publishableKey),
      jobId: this.jobId,
      review: this.review,
      totals: this.totals,
      t: (key, params) => t(key, params ?? {}, this.locale.peek()),
      workflowId,
      persistKey: `filecheck:job:${workflowId}:${location.pathname}`,
      context: () => this.options.context ?? {},
      onError: (error) => this.emitter.emit('error', error),
      onUnreachable: (unreachable) => {
        // Fail closed, and say why: files wait in 'verifying' until the server answers again.
        const current = this.error.peek();
        if (unreachable) {
          const error = { code: 'server_unreachable', message: t('error.server_unreachable', {}, this.locale.peek()) };
          if (current?.code !== 'server_unreachable') {
            this.error.value = error;
            this.emitter.emit('error', error);
          }
        } else if (current?.code === 'server_unreachable') {
          this.error.value = null;
        }
      },
    });
  }

  private onPayload(payload: StatusPayload, controller: IntakeController): void {
    const json = JSON.stringify(payload);
    if (json === this.lastStatus) return;
    this.lastStatus = json;
    this.lastPayload = payload;
    // files into the form before the gate opens, so a fast click carries them
    this.formField?.update(payload, controller.files.peek());
    this.gate?.update({ canProceed: payload.canProceed, jobId: payload.jobId });
    if (payload.facts) this.connector?.apply(payload.facts);
    this.emitter.emit('status', payload);
  }

  /** The workflow, retried by itself while the server cannot be reached (fail closed meanwhile). */
  private async loadWorkflow(): Promise<WorkflowResult> {
    for (let attempt = 0; ; attempt++) {
      const result = await resolveWorkflow({
        workflow: this.options.workflow,
        workflowId: this.options.workflowId ?? null,
        endpoint: this.settings.endpoint,
        publishableKey: this.settings.publishableKey,
        parser: loadWorkflowParser,
      });
      if (this.state !== 'mounted' || result.ok || result.error.code !== 'server_unreachable') {
        if (attempt > 0 && this.error.peek()?.code === 'server_unreachable') this.error.value = null;
        return result;
      }
      if (attempt === 0) {
        this.fail({ code: 'server_unreachable', message: t('error.server_unreachable', {}, this.locale.peek()) });
        this.emitter.emit('status', buildStatusPayload({ job: { status: 'idle', terminal: false, canProceed: false, review: false }, workflowId: this.options.workflowId ?? null, files: [] }));
      }
      await new Promise((resolve) => setTimeout(resolve, LOAD_RETRY_MS[Math.min(attempt, LOAD_RETRY_MS.length - 1)]));
    }
  }

  /** Show and emit an error, gate closed; `retry` offers the customer "Try again". */
  private fail(error: IntakeError, retry: (() => void) | null = null): void {
    this.error.value = error;
    this.retry.value = retry
      ? () => {
          this.error.value = null;
          this.retry.value = null;
          retry();
        }
      : null;
    this.gate?.update({ canProceed: false, jobId: null });
    this.emitter.emit('error', error);
  }

  private applyTheme(): void {
    if (!this.host) return;
    // 'system' follows the customer's OS setting live, through a media query in the styles.
    this.host.setAttribute('data-theme', this.ui.peek().theme ?? 'light');
    const accent = this.ui.peek().accent;
    if (accent) this.host.style.setProperty('--fc-accent', accent);
  }

  /** Change options after mount: ui texts, locale, context. */
  update(patch: Partial<IntakeOptions>): this {
    this.options = { ...this.options, ...patch };
    if (patch.ui) {
      this.ui.value = { ...this.ui.peek(), ...patch.ui };
      this.applyTheme();
      this.emitter.emit('ui', this.ui.peek());
    }
    if (patch.locale) {
      const wanted = pickLocale(patch.locale);
      void ensureLocale(wanted).then(() => {
        this.locale.value = wanted;
        this.controller.peek()?.refresh(); // findings in the new language
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
    this.controller.peek()?.setContext(checked.context);
    return this;
  }

  /** Dialog presentation: open the dialog (inline: move focus to the drop zone). */
  focus(): void {
    if (this.isDialog()) this.dialogOpen.value = true;
    else this.host?.shadowRoot?.querySelector<HTMLElement>('.dropzone')?.focus();
  }

  /** Dialog presentation: close the dialog. */
  blur(): void {
    if (this.isDialog()) this.dialogOpen.value = false;
  }

  private isDialog(): boolean {
    const layout = this.ui.peek().layout;
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
    const facts = this.lastPayload?.facts ?? this.controller.peek()?.facts.peek();
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
    const c = this.controller.peek();
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
    this.controller.peek()?.proof.respond(approved === true);
    return this;
  }

  /** Current status payload (null before the workflow is loaded). */
  getStatus(): StatusPayload | null {
    return this.controller.peek()?.payload.peek() ?? null;
  }

  /** Add files programmatically (same path as a drop). */
  addFiles(files: File[], slot?: string): void {
    this.controller.peek()?.addFiles(files, slot ?? null);
  }

  unmount(): void {
    if (this.state !== 'mounted') return;
    this.state = 'destroyed';
    for (const stop of this.stopEffects) stop();
    this.controller.peek()?.dispose();
    this.gate?.release();
    this.formField?.release();
    if (this.host) {
      render(null, this.host.shadowRoot!.lastElementChild!);
      this.host.remove();
    }
    this.emitter.emit('destroy', {});
    this.emitter.setTarget(null);
    this.mountEl = null;
  }
}
