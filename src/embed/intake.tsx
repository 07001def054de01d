// The intake element of the public API: mount/update/unmount/on/off/setContext. It glues the
// controller (signals) to the view (Preact in a Shadow DOM), the emitter and the gate.
import type { ReviewNotice } from '../core/review';
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import type { IntakeContext, IntakeError, StatusPayload, UiOptions, Workflow } from '../core/types';
import { validateContext } from '../core/context';
import { t } from '../core/i18n';
import { createIntakeController, type IntakeController } from '../widget/controller';
import { App } from '../widget/view/App';
import { styles } from '../widget/view/styles';
import { createEmitter, type IntakeEventName, type Listener } from './events';
import { joinGate, type GateConfig, type GateHandle } from './gate';
import { ensureLocale, overrideMessages, pickLocale, shareCatalogues } from './locale';
import { sharedPool } from './pool';
import { loadEvaluator, loadExtras, loadProofView, loadTransport } from './lazy';
import { resolveWorkflow } from './workflow-source';
import type { ServerTransport } from './server-transport';
import type { SupportedLocale } from '../core/locales';
import { createFileRecord } from '../widget/file-record';
import type { UploadTotals } from '../widget/view/StatusLine';
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
    const style = document.createElement('style');
    style.textContent = styles;
    shadow.appendChild(style);
    const root = document.createElement('div');
    shadow.appendChild(root);
    render(<App
        controller={this.controller}
        totals={this.totals}
        error={this.error}
        ui={this.ui}
        locale={this.locale}
        presentation={this.options.presentation ?? 'inline'}
        services={{ pool: sharedPool(), loadProofView }}
        dialogOpen={this.dialogOpen}
      />, root);

    if (this.options.gate !== false) this.gate = joinGate(this.options.gate ?? {});
    const formField = this.options.formField;
    if (formField) {
      // Until form-field mode is loaded the gate stays closed (see onPayload), so a click can
      // never submit the form without its file.
      void this.loadExtras().then((m) => {
        if (this.state !== 'mounted') return;
        this.formField = m.createFormField(formField, el, this.options.gate ? this.options.gate.buttons : undefined);
        this.lastStatus = '';
        const c = this.controller.peek();
        if (c) this.onPayload(c.payload.peek(), c);
      });
    }
    void this.start(wanted);
    return this;
  }

  private async start(wanted: SupportedLocale): Promise<void> {
    const withServer = !!this.settings.endpoint && !this.options.preview;
    const localeReady = ensureLocale(wanted).then(() => {
      if (this.options.messages) overrideMessages(wanted, this.options.messages);
      this.locale.value = wanted;
    });
    // The server code loads alongside the workflow, only when there is a server to talk to.
    const transportModule = withServer ? loadTransport() : null;
    const result = await resolveWorkflow({
      workflow: this.options.workflow,
      workflowId: this.options.workflowId ?? null,
      endpoint: this.settings.endpoint,
      publishableKey: this.settings.publishableKey,
    });
    await localeReady;
    if (this.state !== 'mounted') return;
    if (!result.ok) {
      this.fail(result.error);
      return;
    }
    let transport: ServerTransport | null = null;
    if (transportModule && result.workflowId) {
      try {
        transport = this.createTransport(await transportModule, result.workflow, result.workflowId);
      } catch (err) {
        // Fail closed: without the upload code nothing can reach the server.
        this.fail({ code: 'server_unreachable', message: (err as Error).message });
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
      context: this.options.context,
      transport,
    });
    this.adoptTarget = controller;
    await transport?.restore();
    if (this.state !== 'mounted') return;
    this.controller.value = controller;
    this.emitter.emit('ready', { ui: this.ui.peek() });
    this.stopEffects.push(
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
  private createTransport(mod: TransportModule, workflow: Workflow, workflowId: string): ServerTransport {
    return mod.createServerTransport({
      api: mod.createApiClient(this.settings.endpoint!, this.settings.publishableKey),
      jobId: this.jobId,
      review: this.review,
      totals: this.totals,
      createRecord: createFileRecord,
      t: (key, params) => t(key, params ?? {}, this.locale.peek()),
      workflowId,
      rule: workflow.rule,
      locale: () => this.locale.peek(),
      persistKey: `filecheck:job:${workflowId}:${location.pathname}`,
      context: () => this.options.context ?? {},
      adopt: (record) => this.adoptTarget?.adopt(record),
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
    const fieldPending = !!this.options.formField && !this.formField;
    this.gate?.update({ canProceed: payload.canProceed && !fieldPending, jobId: payload.jobId });
    if (payload.facts) this.connector?.apply(payload.facts);
    this.emitter.emit('status', payload);
  }

  private fail(error: IntakeError): void {
    this.error.value = error;
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

  on(name: IntakeEventName, fn: Listener): () => void {
    return this.emitter.on(name, fn);
  }

  off(name: IntakeEventName, fn: Listener): void {
    this.emitter.off(name, fn);
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
