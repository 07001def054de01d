import { describe, expect, it } from 'vitest';
import { curedChecksOf, fileErrorOf, fileStateOf, isJudged, judgedOutcomeOf, newFileLife, reduceFile, restoredLife, type FileAction, type FileLife } from './file-life';
import type { AcceptEntry, Finding, SniffResult } from './types';

const sniffed: SniffResult = { format: 'pdf', kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'] };
const entry: AcceptEntry = { kind: 'pdf', mimeTypes: [], extensions: [], convertToPdf: false, preflight: { enabled: true }, onFail: 'reject' };
const finding = (outcome: Finding['outcome'], checkId = 'x'): Finding => ({ checkId, severity: 'reject', outcome, message: checkId });
const run = (...actions: FileAction[]): FileLife => actions.reduce(reduceFile, newFileLife());
const accepted: FileAction = { type: 'accepted', sniffed, entry, note: null };
const inspected: FileAction = { type: 'inspected', facts: { format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: 10 } };
const serverRow = (status: string, findings: Finding[] = [], extra = {}) => ({ status, complete: true, offset: 10, size: 10, fileRef: 'u1', error: null, findings, ...extra });

describe('file life: each action', () => {
  it('a new file is inspecting', () => {
    expect(fileStateOf(newFileLife())).toBe('inspecting');
  });
  it('sniffFailed: error, with the inspector error', () => {
    const life = run({ type: 'sniffFailed', error: { code: 'inspect_failed', message: 'x' } });
    expect(fileStateOf(life)).toBe('error');
    expect(fileErrorOf(life)?.code).toBe('inspect_failed');
  });
  it('refused: refused, whatever else happens', () => {
    const life = run({ type: 'refused', finding: finding('fail'), sniffed }, { type: 'uploadStarted' });
    expect(fileStateOf(life)).toBe('refused');
    expect(life.sniffed).toEqual(sniffed);
  });
  it('accepted then inspected then evaluated: done with the outcome of its findings', () => {
    expect(fileStateOf(run(accepted))).toBe('inspecting');
    const life = run(accepted, inspected, { type: 'evaluated', findings: [finding('warn')] });
    expect(fileStateOf(life)).toBe('done');
    expect(judgedOutcomeOf(life)).toBe('warn');
  });
  it('the acceptance note stays with the findings', () => {
    const note = finding('warn', 'intake.type');
    const life = run({ ...accepted, note } as FileAction, inspected, { type: 'evaluated', findings: [finding('pass')] });
    expect(life.findings.map((f) => f.checkId)).toEqual(['intake.type', 'x']);
  });
  it('inspectFailed: error', () => {
    expect(fileStateOf(run(accepted, { type: 'inspectFailed', error: { code: 'inspect_timeout', message: 'x' } }))).toBe('error');
  });
  it('uploadStarted / uploadPaused: uploading; uploadCancelled: back to the browser verdict', () => {
    const judged = [accepted, inspected, { type: 'evaluated', findings: [] }] as FileAction[];
    expect(fileStateOf(run(...judged, { type: 'uploadStarted' }))).toBe('uploading');
    expect(run(...judged, { type: 'uploadStarted' }, { type: 'uploadPaused' }).upload).toBe('paused');
    expect(fileStateOf(run(...judged, { type: 'uploadStarted' }, { type: 'uploadCancelled' }))).toBe('done');
  });
  it('uploaded: verifying until the server verdict', () => {
    const life = run(accepted, inspected, { type: 'uploadStarted' }, { type: 'uploaded', fileRef: 'u1' });
    expect(fileStateOf(life)).toBe('verifying');
    expect(life.fileRef).toBe('u1');
  });
  it('uploadFailed: error kept apart from the check, which still passed', () => {
    const life = run(accepted, inspected, { type: 'evaluated', findings: [finding('pass')] }, { type: 'uploadStarted' }, { type: 'uploadFailed', error: { code: 'upload_failed', message: 'x' } });
    expect(fileStateOf(life)).toBe('error');
    expect(life.error).toBeNull();
    expect(life.uploadError?.code).toBe('upload_failed');
    expect(life.findings.every((f) => f.outcome === 'pass')).toBe(true);
    // a retry clears it
    expect(reduceFile(life, { type: 'uploadStarted' }).uploadError).toBeNull();
  });
  it('verdict: the server replaces the browser, and later browser evaluations change nothing', () => {
    const life = run(accepted, inspected, { type: 'evaluated', findings: [finding('pass')] }, { type: 'uploadStarted' }, { type: 'uploaded', fileRef: 'u1' },
      { type: 'verdict', file: serverRow('done', [finding('fail', 'server')]) }, { type: 'evaluated', findings: [finding('pass')] });
    expect(fileStateOf(life)).toBe('done');
    expect(life.verdictBy).toBe('server');
    expect(judgedOutcomeOf(life)).toBe('fail');
  });
  it("the browser's reading that fails after the server's verdict does not overturn it (slow device, fast server)", () => {
    const judged = run(accepted, { type: 'uploadStarted' }, { type: 'uploaded', fileRef: 'u1' }, { type: 'verdict', file: serverRow('done', [finding('pass')]) });
    for (const code of ['inspect_timeout', 'chunk_load_failed', 'pdf_corrupt']) {
      const life = reduceFile(judged, { type: 'inspectFailed', error: { code, message: 'x' } });
      expect(fileStateOf(life)).toBe('done');
      expect(fileErrorOf(life)).toBeNull();
      expect(judgedOutcomeOf(life)).toBe('pass');
    }
    // before the server's verdict the browser's failure stands (fail closed)
    expect(fileStateOf(run(accepted, { type: 'uploadStarted' }, { type: 'inspectFailed', error: { code: 'inspect_timeout', message: 'x' } }))).toBe('error');
  });
  it('verdict of an error row: error with the server reason', () => {
    const life = run(accepted, { type: 'uploaded', fileRef: 'u1' }, { type: 'verdict', file: serverRow('error', [], { error: { code: 'pdf_encrypted', message: 'x' } }) });
    expect(fileErrorOf(life)?.code).toBe('pdf_encrypted');
  });
  it('reverify: a server-judged file waits again; a browser-judged one does not', () => {
    const judged = run(accepted, inspected, { type: 'uploaded', fileRef: 'u1' }, { type: 'verdict', file: serverRow('done') });
    expect(fileStateOf(reduceFile(judged, { type: 'reverify' }))).toBe('verifying');
    const local = run(accepted, inspected, { type: 'evaluated', findings: [] });
    expect(reduceFile(local, { type: 'reverify' })).toBe(local);
  });
});

describe('file life: the production file (remediation)', () => {
  const output = {
    id: 'out_1', format: 'pdf', name: 'card.pdf', size: 99, url: 'http://x/v1/jobs/j/files/f/outputs/out_1',
    fixes: [{ fix: 'pdf.add_bleed', checkIds: ['geom.bleed.required'], status: 'applied', messageKey: 'fix.pdf.add_bleed', messageParams: { mm: 3 } }],
    pageCount: 1,
  };
  const uploaded = [accepted, inspected, { type: 'evaluated', findings: [finding('warn', 'geom.bleed.required')] }, { type: 'uploaded', fileRef: 'u1' }] as FileAction[];
  it('a verdict "fixed" with an output: the outcome is fixed, the output kept, its cured checks known', () => {
    const life = run(...uploaded, { type: 'verdict', file: serverRow('done', [finding('warn', 'geom.bleed.required')], { outcome: 'fixed', output }) });
    expect(judgedOutcomeOf(life)).toBe('fixed');
    expect(life.output?.id).toBe('out_1');
    expect([...curedChecksOf(life)]).toEqual(['geom.bleed.required']);
  });
  it('an output whose re-check did not pass: the findings decide, nothing is called cured', () => {
    const life = run(...uploaded, { type: 'verdict', file: serverRow('done', [finding('warn', 'geom.bleed.required')], { outcome: 'warn', output }) });
    expect(judgedOutcomeOf(life)).toBe('warn');
    expect(life.output?.id).toBe('out_1');
    expect(curedChecksOf(life).size).toBe(0);
  });
  it('a failing file is never "fixed"', () => {
    const life = run(...uploaded, { type: 'verdict', file: serverRow('done', [finding('fail')], { outcome: 'fixed', output }) });
    expect(judgedOutcomeOf(life)).toBe('fail');
  });
  it('a later verdict without an output clears it; a refused row carries none', () => {
    const fixed = run(...uploaded, { type: 'verdict', file: serverRow('done', [], { outcome: 'fixed', output }) });
    const again = reduceFile(reduceFile(fixed, { type: 'reverify' }), { type: 'verdict', file: serverRow('done', [finding('warn')], { outcome: 'warn' }) });
    expect(again.output).toBeNull();
    expect(judgedOutcomeOf(again)).toBe('warn');
    const refused = run(...uploaded, { type: 'verdict', file: serverRow('refused', [], { output, outcome: 'fixed', error: { code: 'x', message: 'x' } }) });
    expect(refused.output).toBeNull();
    expect(refused.fixed).toBe(false);
  });
  it('while re-verifying, the row is not done, so it reports no outcome', () => {
    const fixed = run(...uploaded, { type: 'verdict', file: serverRow('done', [], { outcome: 'fixed', output }) });
    expect(judgedOutcomeOf(reduceFile(fixed, { type: 'reverify' }))).toBeNull();
  });
});

describe('restored rows', () => {
  const cut = { code: 'upload_interrupted', message: 'cut at 40 %' };
  it('a judged row keeps its verdict; a complete one waits for it; a cut one says it was interrupted', () => {
    expect(judgedOutcomeOf(restoredLife(serverRow('done', [finding('warn')]), cut))).toBe('warn');
    expect(fileStateOf(restoredLife(serverRow('verifying', [], { complete: true }), cut))).toBe('verifying');
    const interrupted = restoredLife(serverRow('uploading', [], { complete: false, offset: 4 }), cut);
    expect(fileStateOf(interrupted)).toBe('error');
    expect(fileErrorOf(interrupted)?.code).toBe('upload_interrupted');
  });
  it('isJudged', () => {
    expect(isJudged({ status: 'done', complete: true })).toBe(true);
    expect(isJudged({ status: 'done', complete: false })).toBe(false);
    expect(isJudged({ status: 'refused', complete: false })).toBe(true);
    expect(isJudged({ status: 'verifying', complete: true })).toBe(false);
  });
});
