// Where a workflow comes from: an inline object, an inline <script type="application/json"> (by
// `#id`), a JSON URL, or the server's stored workflow by id. Always validated by parseWorkflow,
// which loads (as its own chunk) while the workflow is read.
import type { IntakeError, Workflow } from '../core/types';
import type { parseWorkflow } from '../core/workflow';

export type WorkflowResult = { ok: true; workflow: Workflow; workflowId: string | null } | { ok: false; error: IntakeError };

export interface WorkflowSourceOptions {
  workflow?: unknown;
  workflowId?: string | null;
  endpoint?: string | null;
  publishableKey: string;
  /** The validator, loaded on demand. */
  parser: () => Promise<{ parseWorkflow: typeof parseWorkflow }>;
}

async function fetchJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json', ...headers } });
  } catch (err) {
    // no answer at all (offline, DNS, refused, CORS): the widget retries until the server answers
    throw Object.assign(new Error((err as Error)?.message ?? String(err)), { code: 'server_unreachable' });
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${res.status}`;
    const code = res.status === 404 ? 'workflow_not_found' : res.status === 401 || res.status === 403 ? 'unauthorized' : 'server_unreachable';
    throw Object.assign(new Error(message), { code });
  }
  return body;
}

function invalid(message: string): WorkflowResult {
  return { ok: false, error: { code: 'workflow_invalid', message } };
}

async function loadRaw(opts: WorkflowSourceOptions): Promise<unknown> {
  const src = opts.workflow;
  if (typeof src === 'string') {
    const ref = src.trim();
    if (ref.startsWith('{')) return JSON.parse(ref);
    if (ref.startsWith('#')) {
      const el = document.getElementById(ref.slice(1));
      if (!el) throw Object.assign(new Error(`no element ${ref} holds the workflow`), { code: 'workflow_invalid' });
      return JSON.parse(el.textContent ?? '');
    }
    return fetchJson(new URL(ref, document.baseURI).href);
  }
  if (src !== undefined && src !== null) return src;
  if (opts.workflowId && opts.endpoint) {
    const url = `${opts.endpoint.replace(/\/$/, '')}/v1/workflows/${encodeURIComponent(opts.workflowId)}`;
    return fetchJson(url, { Authorization: `Bearer ${opts.publishableKey}` });
  }
  if (opts.workflowId) throw Object.assign(new Error('workflowId needs an endpoint (or pass `workflow` inline)'), { code: 'workflow_invalid' });
  throw Object.assign(new Error('no workflow given: pass `workflow` or `workflowId`'), { code: 'workflow_invalid' });
}

export async function resolveWorkflow(opts: WorkflowSourceOptions): Promise<WorkflowResult> {
  let raw: unknown;
  let parser: { parseWorkflow: typeof parseWorkflow };
  try {
    [raw, parser] = await Promise.all([loadRaw(opts), opts.parser()]);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (err instanceof SyntaxError) return invalid(`the workflow is not valid JSON (${err.message})`);
    return { ok: false, error: { code: e.code ?? 'workflow_invalid', message: e.message ?? String(err) } };
  }
  const parsed = parser.parseWorkflow(raw);
  if (!parsed.ok) return { ok: false, error: { code: parsed.error.code, message: parsed.error.message } };
  const workflowId = opts.workflowId ?? parsed.workflow.id ?? null;
  return { ok: true, workflow: parsed.workflow, workflowId };
}
