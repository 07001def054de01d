// Before the upload the widget knows what the server will fix: each row's plan is computed from
// its life (facts, findings, entry) by the server's own pure planner (real inspectors
// in-process, real PDF), and follows the product options without being stored.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { parseWorkflow } from '../core/workflow';
import { signal } from '@preact/signals';
import { createIntakeController } from './controller';
import type { FileReports, IntakeTransport } from './controller-types';
import { createInProcessPool } from './in-process-pool';

const MM = 72 / 25.4;

async function card(bleedMm: number): Promise<File> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([(85 + 2 * bleedMm) * MM, (55 + 2 * bleedMm) * MM]);
  if (bleedMm) page.setTrimBox(bleedMm * MM, bleedMm * MM, 85 * MM, 55 * MM);
  else page.setTrimBox(0, 0, 85 * MM, 55 * MM);
  return new File([Buffer.from(await doc.save())], 'card.pdf', { type: 'application/pdf' });
}

async function settle(c: ReturnType<typeof createIntakeController>) {
  for (let i = 0; i < 500 && !c.payload.value.terminal; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('the fix plan in the widget', () => {
  const parsed = parseWorkflow(JSON.parse(readFileSync(new URL('../../e2e/workflows/wf_e2e_fix_card.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const make = () => createIntakeController({
    workflow: parsed.workflow, workflowId: 'wf_e2e_fix_card', pool: createInProcessPool(),
    evaluator: () => import('../core/evaluator-entry'), locale: () => 'en',
  } as Parameters<typeof createIntakeController>[0]);

  it('a card without bleed: the plan says bleed will be added, in words', async () => {
    const c = make();
    const [record] = c.addFiles([await card(0)]);
    await settle(c);
    expect(record!.fixPlan.value?.map((f) => [f.fix, f.message])).toEqual([['pdf.add_bleed', "We'll add 3 mm of bleed by mirroring the edges."]]);
  });

  it('a card with bleed: nothing to fix', async () => {
    const c = make();
    const [record] = c.addFiles([await card(3)]);
    await settle(c);
    expect(record!.fixPlan.value).toBeNull();
  });

  it('the plan follows the product options: more bleed asked, more bleed promised', async () => {
    const c = make();
    const [record] = c.addFiles([await card(0)]);
    await settle(c);
    c.setContext({ bleed: { required_mm: 5 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(record!.fixPlan.value?.find((f) => f.fix === 'pdf.add_bleed')?.message).toBe("We'll add 5 mm of bleed by mirroring the edges.");
  });

  it("the server's verdict with its production file: 'fixed', its outputRef in the status payload, the cured warning known", async () => {
    // the transport is stubbed at its boundary (the real one is in e2e/remediation.spec.ts)
    let reports!: FileReports;
    const jobId = signal<string | null>('job_1');
    const transport = (r: FileReports): IntakeTransport => {
      reports = r;
      return { jobId, start: () => undefined, stop: () => undefined, remove: () => undefined, setContext: () => undefined, dispose: () => undefined };
    };
    const c = createIntakeController({
      workflow: parsed.workflow, workflowId: 'wf_e2e_fix_card', pool: createInProcessPool(),
      evaluator: () => import('../core/evaluator-entry'), locale: () => 'en', transport,
    } as Parameters<typeof createIntakeController>[0]);
    const [record] = c.addFiles([await card(0)]);
    for (let i = 0; i < 500 && !record!.facts.value; i++) await new Promise((r) => setTimeout(r, 10));
    reports.onUploaded(record!.id, 'u1');
    const bleed = record!.findings.value.find((f) => f.checkId.startsWith('geom.bleed'))!;
    const output = {
      id: 'out_1', format: 'pdf', name: 'card.pdf', size: 1, url: 'http://127.0.0.1/x',
      fixes: [{ fix: 'pdf.add_bleed', checkIds: [bleed.checkId], status: 'applied', messageKey: 'fix.pdf.add_bleed', messageParams: { mm: 3 } }],
    };
    reports.onVerdict(record!.id, { status: 'done', complete: true, offset: 1, size: 1, fileRef: 'u1', error: null, findings: record!.findings.value, outcome: 'fixed', output });
    expect(c.payload.value.files[0]).toMatchObject({ outcome: 'fixed', outputRef: 'out_1' });
    expect(record!.cured.value.has(bleed.checkId)).toBe(true);
  });
});
