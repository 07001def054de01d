import { describe, expect, it } from 'vitest';
import { fileErrorOf, fileStateOf, judgedOutcomeOf, newFileLife, reduceFile, type FileAction, type FileLife } from '../core/file-life';
import { reportedOutcome } from '../core/outcome';
import type { AcceptEntry, Finding, OnFail } from '../core/types';
import { inspectionErrorFinding } from '../core/judge';
import { rowLines, rowVerdict } from './row-verdict';

const profile = { sections: {} };
const entry = (onFail: OnFail, withProfile = true): AcceptEntry => ({
  kind: 'pdf', mimeTypes: [], extensions: [], convertToPdf: false, preflight: withProfile ? { enabled: true, profile } : { enabled: false }, onFail,
});
const sniffed = { format: 'pdf' as const, kind: 'pdf' as const, mime: 'application/pdf', extensions: ['pdf'] };
const fail: Finding = { checkId: 'x', severity: 'reject', outcome: 'fail', message: 'x' };
const run = (...actions: FileAction[]): FileLife => actions.reduce(reduceFile, newFileLife());
const verdictOf = (life: FileLife) => {
  const state = fileStateOf(life);
  return rowVerdict(state, reportedOutcome(state, judgedOutcomeOf(life)), life);
};
const judged = (e: AcceptEntry, findings: Finding[]) => run({ type: 'accepted', sniffed, entry: e, note: null }, { type: 'inspected', facts: { format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: 1 } }, { type: 'evaluated', findings });

describe('row words match the state', () => {
  it('a file the server fixed reads "Fixed automatically" with a green tick', () => {
    const warn: Finding = { checkId: 'geom.bleed.required', severity: 'warn', outcome: 'warn', message: 'x' };
    const output = { id: 'out_1', format: 'pdf', name: 'x.pdf', size: 1, url: 'u', fixes: [] };
    const uploaded = reduceFile(judged(entry('reject'), [warn]), { type: 'uploaded', fileRef: 'u1' });
    const fixed = reduceFile(uploaded, { type: 'verdict', file: { status: 'done', complete: true, offset: 1, size: 1, fileRef: 'u1', error: null, findings: [warn], outcome: 'fixed', output } });
    expect(verdictOf(fixed)).toMatchObject({ tone: 'fixed', icon: '✓', label: 'ui.outcome.fixed' });
  });
  it('a failure accepted under accept_with_warnings reads as a warning, not a red "Problem found"', () => {
    expect(verdictOf(judged(entry('accept_with_warnings'), [fail]))).toMatchObject({ tone: 'warn', icon: '!', label: 'ui.outcome.warn' });
    expect(verdictOf(judged(entry('reject'), [fail]))).toMatchObject({ tone: 'fail', label: 'ui.outcome.fail' });
  });
  it('without a preflight profile a file is "not checked" (neutral), never a green pass', () => {
    expect(verdictOf(judged(entry('reject', false), []))).toMatchObject({ tone: 'neutral', label: 'ui.outcome.unchecked' });
    expect(verdictOf(judged(entry('reject'), []))).toMatchObject({ tone: 'pass', icon: '✓' });
  });
  it('a file that passed its check but failed to upload says so', () => {
    const life = reduceFile(judged(entry('reject'), []), { type: 'uploadFailed', error: { code: 'upload_failed', message: 'x' } });
    expect(verdictOf(life)).toMatchObject({ tone: 'fail', label: 'ui.state.uploadFailed' });
  });
  it('"Unknown type" only when the content was read and is of no known type', () => {
    expect(verdictOf(newFileLife()).kind).toBeNull();
    expect(verdictOf(run({ type: 'refused', finding: fail, sniffed: { format: 'unknown', kind: null, mime: 'application/octet-stream', extensions: [] } })).kind).toBe('ui.kind.unknown');
    expect(verdictOf(judged(entry('reject'), [])).kind).toBe('ui.kind.pdf');
  });
});

describe('the problem lines under a row', () => {
  const encrypted = { code: 'pdf_encrypted', message: 'needs a password' };
  const linesOf = (life: FileLife, display: 'full' | 'list' = 'full') =>
    rowLines({ error: fileErrorOf(life), refusal: life.refusal, findings: life.findings, cured: new Set(), display });
  const codes = (l: ReturnType<typeof linesOf>) => [...(l.error ? [l.error.code] : []), ...l.findings.map((f) => f.code)];
  const browserSaid = run({ type: 'accepted', sniffed, entry: entry('reject'), note: null }, { type: 'inspectFailed', error: encrypted });

  it('a file no one could read says why once, before and after the server agrees', () => {
    expect(codes(linesOf(browserSaid))).toEqual(['pdf_encrypted']);
    // the server's verdict carries the error and a finding with the same code (src/core/judge.ts)
    const finding = inspectionErrorFinding(encrypted);
    const serverSaid = reduceFile(browserSaid, { type: 'verdict', file: { status: 'error', complete: true, offset: 1, size: 1, fileRef: 'u1', error: { code: 'pdf_encrypted', message: finding.message }, findings: [finding] } });
    expect(codes(linesOf(serverSaid))).toEqual(['pdf_encrypted']);
    // a row that lists no findings still says it, as the error
    expect(codes(linesOf(serverSaid, 'list'))).toEqual(['pdf_encrypted']);
  });
  it('an error of another kind than the findings is shown beside them', () => {
    const uploadFailed = reduceFile(judged(entry('reject'), [fail]), { type: 'uploadFailed', error: { code: 'upload_failed', message: 'x' } });
    expect(linesOf(uploadFailed).error?.code).toBe('upload_failed');
    expect(linesOf(uploadFailed).findings).toEqual([fail]);
  });
});
