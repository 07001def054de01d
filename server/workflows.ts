// Stored workflows: one JSON file per workflow in the workflows directory, `<workflowId>.json`.
// The id comes from the URL, so it is checked against a strict pattern before it touches a path.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseWorkflow } from '../src/core/workflow';
import type { Workflow } from '../src/core/types';

const WORKFLOW_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export type WorkflowLookup =
  | { ok: true; workflow: Workflow }
  | { ok: false; code: 'not_found' | 'workflow_invalid'; message: string };

export class WorkflowStore {
  constructor(private readonly dir: string) {}

  async get(id: string): Promise<WorkflowLookup> {
    if (!WORKFLOW_ID.test(id)) return { ok: false, code: 'not_found', message: `No workflow ${JSON.stringify(id)}.` };
    let text: string;
    try {
      text = await fs.readFile(path.join(this.dir, `${id}.json`), 'utf8');
    } catch {
      return { ok: false, code: 'not_found', message: `No workflow ${JSON.stringify(id)}.` };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return { ok: false, code: 'workflow_invalid', message: `Workflow ${id} is not valid JSON: ${(err as Error).message}` };
    }
    const parsed = parseWorkflow(raw);
    if (!parsed.ok) {
      const where = parsed.error.path ? ` at ${parsed.error.path}` : '';
      return { ok: false, code: 'workflow_invalid', message: `Workflow ${id} is invalid${where}: ${parsed.error.message}` };
    }
    // The file name is the id that pages use; it wins over an id written inside the file.
    return { ok: true, workflow: { ...parsed.workflow, id } };
  }
}
