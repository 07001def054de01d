// The controller's flow on real files with the real inspectors (run in-process instead of in a
// worker): acceptance by content, refusals, context re-evaluation without re-reading.
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { parseWorkflow } from '../core/workflow';
import type { StatusPayload, Workflow } from '../core/types';
import { createIntakeController } from './controller';
import { createInProcessPool } from './in-process-pool';
import { createWidgetDrops } from './drop-queue';

const evaluator = () => import('../core/evaluator-entry');

const MM = 72 / 25.4;

async function pdfFile(name: string, wMm: number, hMm: number): Promise<File> {
  const doc = await PDFDocument.create();
  doc.addPage([wMm * MM, hMm * MM]);
  return new File([Buffer.from(await doc.save())], name, { type: 'application/pdf' });
}

function workflow(raw: unknown): Workflow {
  const parsed = parseWorkflow(raw);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.workflow;
}

const cards = workflow({
  id: 'wf_cards',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 2 },
    accepts: [
      {
        kind: 'pdf',
        mimeTypes: ['application/pdf'],
        extensions: ['pdf'],
        preflight: {
          enabled: true,
          profile: { sections: { geometry: { enabled: true, rules: { 'geom.page_size': { enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 91, height_mm: 61 }], tolerance_mm: 1 } } } } } },
        },
      },
    ],
  },
});

async function settle(get: () => StatusPayload): Promise<StatusPayload> {
  for (let i = 0; i < 200; i++) {
    const p = get();
    if (p.terminal || p.status === 'idle' || p.status === 'incomplete') return p;
    await new Promise((r) => setTimeout(r, 10));
  }
  return get();
}

async function settleTo(get: () => StatusPayload, status: string): Promise<StatusPayload> {
  for (let i = 0; i < 200 && get().status !== status; i++) await new Promise((r) => setTimeout(r, 5));
  return get();
}

describe('intake controller', () => {
  it('takes a file from idle through processing to ready, and counts it', async () => {
    const c = createIntakeController({ workflow: cards, workflowId: 'wf_cards', pool: createInProcessPool(), evaluator, locale: () => 'en' });
    expect(c.payload.value.status).toBe('idle');
    c.addFiles([await pdfFile('card.pdf', 91, 61)]);
    expect(c.payload.value.status).toBe('processing');
    const done = await settle(() => c.payload.value);
    expect(done).toMatchObject({ status: 'ready', canProceed: true, workflowId: 'wf_cards', jobId: null });
    expect(done.files[0]).toMatchObject({ name: 'card.pdf', outcome: 'pass', status: 'done' });
    expect(c.facts.value.aggregate.fileCount).toBe(1);
  });

  it('warm(): while the customer chooses a file, the judging code and the readers of the rule\'s kinds start loading, once', async () => {
    const warmed: string[][] = [];
    let judging = 0;
    const pool = { ...createInProcessPool(), warm: (kinds: readonly string[]) => void warmed.push([...kinds]) };
    const both = workflow({ ...cards, rule: { ...cards.rule, accepts: [...cards.rule.accepts, { kind: 'raster', mimeTypes: ['image/png'], extensions: ['png'] }, { kind: 'pdf', mimeTypes: [], extensions: ['ai'] }] } });
    const c = createIntakeController({ workflow: both, workflowId: null, pool, evaluator: () => (judging++, evaluator()), locale: () => 'en' });
    expect(warmed).toEqual([]); // nothing on its own
    c.warm();
    c.warm(); // the pointer comes back
    expect(warmed).toEqual([['pdf', 'raster']]);
    expect(judging).toBe(1);
    expect(c.payload.value.status).toBe('idle'); // warming changes nothing the customer or the page sees
    c.addFiles([await pdfFile('card.pdf', 91, 61)]);
    expect(await settle(() => c.payload.value)).toMatchObject({ status: 'ready', canProceed: true });
  });

  it('a drop taken in slices: never ready on the files handed over so far, ready once the last is in and checked', async () => {
    const c = createIntakeController({ workflow: cards, workflowId: null, pool: createInProcessPool(), evaluator, locale: () => 'en' });
    const tasks: (() => void)[] = [];
    // each file's first size read is slower than a task's budget: one file per task
    let t = 0;
    const slow = async (name: string) => {
      const f = await pdfFile(name, 91, 61);
      let known = false;
      Object.defineProperty(f, 'size', { get: () => ((known ||= ((t += 50), true)), f.slice().size) });
      return f;
    };
    const drops = createWidgetDrops(() => c, { now: () => t, later: (run) => tasks.push(run) });
    drops.push([await slow('a.pdf'), await slow('b.pdf')]);
    expect(c.files.value.map((r) => r.name)).toEqual(['a.pdf']);
    // a.pdf passes while b.pdf is still in the browser's hands: the job must not open the gate
    await settleTo(() => c.payload.value, 'never');
    expect(c.files.value[0]!.state.value).toBe('done');
    expect(c.payload.value).toMatchObject({ status: 'processing', canProceed: false });
    tasks.shift()!();
    expect(c.files.value.map((r) => r.name)).toEqual(['a.pdf', 'b.pdf']);
    expect(await settle(() => c.payload.value)).toMatchObject({ status: 'ready', canProceed: true });
  });

  it('refuses a third file beyond max 2 in drop order, keeps it visible', async () => {
    const c = createIntakeController({ workflow: cards, workflowId: null, pool: createInProcessPool(), evaluator, locale: () => 'en' });
    const added = c.addFiles([await pdfFile('a.pdf', 91, 61), await pdfFile('b.pdf', 91, 61), await pdfFile('c.pdf', 91, 61)]);
    expect(added[2]!.state.value).toBe('refused');
    expect(added[2]!.refusal.value?.code).toBe('too_many_files');
    expect(c.files.value).toHaveLength(3);
    c.remove(added[2]!.id);
    expect((await settle(() => c.payload.value)).status).toBe('ready');
  });

  it('re-evaluates from cached facts when the context changes, without reading the file again', async () => {
    const c = createIntakeController({ workflow: cards, workflowId: null, pool: createInProcessPool(), evaluator, locale: () => 'en' });
    const [rec] = c.addFiles([await pdfFile('card.pdf', 91, 61)]);
    expect((await settle(() => c.payload.value)).status).toBe('ready');
    const factsBefore = rec!.facts.value;
    c.setContext({ artworkSize: { width_mm: 148, height_mm: 210 } });
    expect((await settleTo(() => c.payload.value, 'rejected')).status).toBe('rejected');
    expect(rec!.facts.value).toBe(factsBefore); // same object: nothing was re-read
    c.setContext({ artworkSize: { width_mm: 91, height_mm: 61 } });
    expect((await settleTo(() => c.payload.value, 'ready')).status).toBe('ready');
  });
});
