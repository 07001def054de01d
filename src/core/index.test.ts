import { describe, expect, it } from 'vitest';
import * as core from './index';

describe('core entry', () => {
  it('exposes the public functions', () => {
    for (const name of [
      'parseWorkflow', 'kindsAccepted', 'acceptAttribute', 'validateContext', 'effectiveCardinality', 'acceptContent', 'roomFor', 'formatBytes', 'judgeFile', 'reduceFile', 'buildJobPayload',
      'evaluateFile', 'fileOutcome', 'deriveJob', 'canProceedFor', 'buildStatusPayload', 'buildIntakeFacts', 't', 'formatTemplate',
    ] as const) {
      expect(typeof core[name]).toBe('function');
    }
    expect(Array.isArray(core.checks)).toBe(true);
  });

  it('runs a whole intake end to end: parse, accept, evaluate, derive, report', () => {
    const parsed = core.parseWorkflow({ id: 'wf_flyer', rule: { accepts: [{ kind: 'pdf', maxSize: 1e6, preflight: { profile: { sections: { x: { rules: { 'x.unknown': { severity: 'reject' } } } } } } }] } });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const rule = parsed.workflow.rule;
    const sniffed = { format: 'pdf', kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'] } as const;
    expect(core.roomFor(0, core.effectiveCardinality(rule, {}).max)).toBeNull();
    const accepted = core.acceptContent({ sniffed: { ...sniffed, extensions: [...sniffed.extensions] }, name: 'flyer.pdf', size: 5000 }, rule);
    if (!accepted.ok) throw new Error(accepted.finding.message);
    const findings = core.evaluateFile({ format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: 5000 }, accepted.entry, {});
    const outcome = core.fileOutcome(findings);
    expect(outcome).toBe('pass'); // an unsupported check is skipped, not failed
    const { payload } = core.buildJobPayload({ rule, workflowId: parsed.workflow.id ?? null, files: [{ id: 'f1', name: 'flyer.pdf', state: 'done', outcome, onFail: accepted.entry.onFail }] });
    expect(payload).toMatchObject({ status: 'ready', canProceed: true, terminal: true, workflowId: 'wf_flyer' });
  });
});
