// The intake element of the public API: mount/update/unmount/on/off/setContext. It glues the
// controller (signals) to the view (Preact in a Shadow DOM), the emitter and the gate.
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import type { IntakeContext, IntakeError, StatusPayload, UiOptions, Workflow } from '../core/types';
import { validateContext } from '../core/context';
import { createIntakeController, type IntakeController } from '../widget/controller';
import { App } from '../widget/view/App';
import { styles } from '../widget/view/styles';
import { createEmitter, type IntakeEventName, type Listener } from './events';
import { joinGate, type GateConfig, type GateHandle } from './gate';
import { pickLocale } from './locale';
import { sharedPool } from './pool';
import { resolveWorkflow } from './workflow-source';
import { createApiClient } from './api-client';
import { createServerTransport, type ServerTransport } from './server-transport';
import type { UploadTotals } from '../widget/view/StatusLine';

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
  /** The controller that rows restored from the server are adopted into. */
  private adoptTarget: IntakeController | null = null;
  private readonly ui = signal<UiOptions>({});
  private readonly locale = signal('en');
  private host: HTMLElement | null = null;
  private mountEl: Element | null = null;
  private gate: GateHandle | null = null;
  private stopEffects: (() => void)[] = [];
  private state: 'new' | 'mounted' | 'destroyed' = 'new';
  private lastStatus = '';
  private lastFacts = '';
  private options: IntakeOptions;

  constructor(
    private readonly settings: InstanceSettings,
    options: IntakeOptions = {},
  ) {
    this.options = { ...options };
    this.ui.value = { ...(options.ui ?? {}) };
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
    this.locale.value = pickLocale(this.options.locale);

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
    render(<App controller={this.controller} totals={this.totals} error={this.error} ui={this.ui} locale={this.locale} />, root);

    if (this.options.gate !== false) this.gate = joinGate(this.options.gate ?? {});
    void this.start();
    return this;
  }

  private async start(): Promise<void> {
    const result = await resolveWorkflow({
      workflow: this.options.workflow,
      workflowId: this.options.workflowId ?? null,
      endpoint: this.settings.endpoint,
      publishableKey: this.settings.publishableKey,
    });
    if (this.state !== 'mounted') return;
    if (!result.ok) {
      this.fail(result.error);
      return;
    }
    const transport = this.createTransport(result.workflow, result.workflowId);
    const controller = createIntakeController({
      workflow: result.workflow,
      workflowId: result.workflowId,
      pool: sharedPool(),
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
      effect(() => this.onPayload(controller.payload.value)),
      effect(() => {
        const facts = controller.facts.value;
        const json = JSON.stringify(facts);
        if (json !== this.lastFacts && controller.files.value.length > 0) {
          this.lastFacts = json;
          this.emitter.emit('facts', facts);
        }
      }),
    );
  }

  /** With a server and a stored workflow, files are uploaded to a job; otherwise preview only. */
  private createTransport(workflow: Workflow, workflowId: string | null): ServerTransport | null {
    const endpoint = this.settings.endpoint;
    if (!endpoint || !workflowId || this.options.preview) return null;
    const transport = createServerTransport({
      api: createApiClient(endpoint, this.settings.publishableKey),
      workflowId,
      rule: workflow.rule,
      locale: () => this.locale.peek(),
      persistKey: `filecheck:job:${workflowId}:${location.pathname}`,
      context: () => this.options.context ?? {},
      adopt: (record) => this.adoptTarget?.adopt(record),
      onError: (error) => this.emitter.emit('error', error),
    });
    this.stopEffects.push(
      effect(() => {
        this.totals.value = transport.totals.value ?? null;
      }),
    );
    return transport;
  }

  private onPayload(payload: StatusPayload): void {
    const json = JSON.stringify(payload);
    if (json === this.lastStatus) return;
    this.lastStatus = json;
    this.gate?.update({ canProceed: payload.canProceed, jobId: payload.jobId });
    this.emitter.emit('status', payload);
  }

  private fail(error: IntakeError): void {
    this.error.value = error;
    this.gate?.update({ canProceed: false, jobId: null });
    this.emitter.emit('error', error);
  }

  private applyTheme(): void {
    if (!this.host) return;
    const theme = this.ui.peek().theme ?? 'light';
    const dark = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
    this.host.setAttribute('data-theme', dark ? 'dark' : 'light');
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
    if (patch.locale) this.locale.value = pickLocale(patch.locale);
    if (patch.context) this.setContext(patch.context);
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

  on(name: IntakeEventName, fn: Listener): () => void {
    return this.emitter.on(name, fn);
  }

  off(name: IntakeEventName, fn: Listener): void {
    this.emitter.off(name, fn);
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
    if (this.host) {
      render(null, this.host.shadowRoot!.lastElementChild!);
      this.host.remove();
    }
    this.emitter.emit('destroy', {});
    this.emitter.setTarget(null);
    this.mountEl = null;
  }
}
