// Starting a mounted intake: the locale, the workflow (retried by itself while the server cannot
// be reached), the server transport when there is a server to talk to, then the controller.
// Anything that stops it fails closed: an error is shown and emitted, and the gate stays shut.
import { t } from '../core/i18n';
import type { SupportedLocale } from '../core/locales';
import { buildStatusPayload } from '../core/payload';
import type { IntakeError, Workflow } from '../core/types';
import { createIntakeController } from '../widget/controller';
import type { FileReports, IntakeController } from '../widget/controller-types';
import type { IntakeParts } from './intake-parts';
import { loadEvaluator, loadTransport, loadWorkflowParser } from './lazy';
import { ensureLocale, overrideMessages, shareCatalogues } from './locale';
import { sharedPool } from './pool';
import type { ServerTransport } from './server-transport';
import { resolveWorkflow, type WorkflowResult } from './workflow-source';

type TransportModule = typeof import('./transport-entry');

/** Waits between attempts to load the workflow while the server cannot be reached. */
const LOAD_RETRY_MS = [1000, 2000, 4000, 8000, 15000];

/** `started` runs once the controller is shown and 'ready' emitted. */
export async function startIntake(
  deps: IntakeParts,
  wanted: SupportedLocale,
  started: (controller: IntakeController, workflow: Workflow) => void,
): Promise<void> {
  const withServer = !!deps.settings.endpoint && !deps.options().preview;
  const localeReady = ensureLocale(wanted).then(() => {
    const { messages } = deps.options();
    if (messages) overrideMessages(wanted, messages);
    deps.locale.value = wanted;
  });
  // The server code loads alongside the workflow, only when there is a server to talk to.
  const transportModule = withServer ? loadTransport() : null;
  transportModule?.catch(() => undefined); // reported below, once the workflow is known
  const result = await loadWorkflow(deps);
  await localeReady;
  if (!deps.isMounted()) return;
  const again = () => void startIntake(deps, wanted, started);
  if (!result.ok) {
    fail(deps, result.error, result.error.code === 'chunk_load_failed' ? again : null);
    return;
  }
  let transport: ((reports: FileReports) => ServerTransport) | null = null;
  if (transportModule && result.workflowId) {
    try {
      transport = createTransport(deps, await transportModule, result.workflowId);
    } catch (err) {
      // Fail closed: without the upload code nothing can reach the server.
      fail(deps, { code: 'chunk_load_failed', message: (err as Error).message }, again);
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
    locale: () => deps.locale.peek(),
    t: translate(deps),
    context: deps.options().context,
    transport,
    holds: deps.holds,
  });
  await (controller.transport as ServerTransport | null)?.restore();
  if (!deps.isMounted()) return;
  deps.controller.value = controller;
  deps.emitter.emit('ready', { ui: deps.ui.peek() });
  started(controller, result.workflow);
}

/** With a server and a stored workflow, files are uploaded to a job; otherwise preview only. */
function createTransport(deps: IntakeParts, mod: TransportModule, workflowId: string) {
  return mod.createServerTransport({
    api: mod.createApiClient(deps.settings.endpoint!, deps.settings.publishableKey),
    jobId: deps.jobId,
    review: deps.review,
    totals: deps.totals,
    t: translate(deps),
    workflowId,
    persistKey: `filecheck:job:${workflowId}:${location.pathname}`,
    context: () => deps.options().context ?? {},
    onError: (error) => deps.emitter.emit('error', error),
    onUnreachable: (unreachable) => {
      // Fail closed, and say why: files wait in 'verifying' until the server answers again.
      const current = deps.error.peek();
      if (unreachable) {
        const error = unreachableError(deps);
        if (current?.code !== 'server_unreachable') {
          deps.error.value = error;
          deps.emitter.emit('error', error);
        }
      } else if (current?.code === 'server_unreachable') {
        deps.error.value = null;
      }
    },
  });
}

/** The workflow, retried by itself while the server cannot be reached (fail closed meanwhile). */
async function loadWorkflow(deps: IntakeParts): Promise<WorkflowResult> {
  for (let attempt = 0; ; attempt++) {
    const options = deps.options();
    const result = await resolveWorkflow({
      workflow: options.workflow,
      workflowId: options.workflowId ?? null,
      endpoint: deps.settings.endpoint,
      publishableKey: deps.settings.publishableKey,
      parser: loadWorkflowParser,
    });
    if (!deps.isMounted() || result.ok || result.error.code !== 'server_unreachable') {
      if (attempt > 0 && deps.error.peek()?.code === 'server_unreachable') deps.error.value = null;
      return result;
    }
    if (attempt === 0) {
      fail(deps, unreachableError(deps));
      const workflowId = deps.options().workflowId ?? null;
      deps.emitter.emit('status', buildStatusPayload({ job: { status: 'idle', terminal: false, canProceed: false, review: false }, workflowId, files: [] }));
    }
    await new Promise((resolve) => setTimeout(resolve, LOAD_RETRY_MS[Math.min(attempt, LOAD_RETRY_MS.length - 1)]));
  }
}

/** Messages in the customer's language as it is when each one is written. */
const translate = (deps: IntakeParts) => (key: string, params?: Record<string, string | number>) => t(key, params ?? {}, deps.locale.peek());

const unreachableError = (deps: IntakeParts): IntakeError => ({ code: 'server_unreachable', message: t('error.server_unreachable', {}, deps.locale.peek()) });

/** Show and emit an error, gate closed; `retry` offers the customer "Try again". */
function fail(deps: IntakeParts, error: IntakeError, retry: (() => void) | null = null): void {
  deps.error.value = error;
  deps.retry.value = retry
    ? () => {
        deps.error.value = null;
        deps.retry.value = null;
        retry();
      }
    : null;
  deps.gate()?.update({ canProceed: false, jobId: null });
  deps.emitter.emit('error', error);
}
