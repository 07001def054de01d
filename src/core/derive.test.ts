import { describe, expect, it } from 'vitest';
import { canProceedFor, deriveJob, isTerminal } from './derive';
import type { FileOutcome, FileState, JobFile, JobStatus, OnFail, Rule, Slot } from './types';

const rule = (min = 1, max = 3, slots: Slot[] = []): Rule => ({
  cardinality: { min, max, slots },
  accepts: [{ kind: 'pdf', mimeTypes: [], extensions: [], convertToPdf: false, preflight: { enabled: true }, onFail: 'reject' }],
  rejectUnknownTypes: true,
});

let seq = 0;
function file(state: FileState, outcome: FileOutcome | null = null, onFail: OnFail | null = 'reject', extra: Partial<JobFile> = {}): JobFile {
  return { id: `f${++seq}`, state, outcome, onFail, ...extra };
}
const pass = () => file('done', 'pass');
const warn = () => file('done', 'warn');
const failed = (onFail: OnFail = 'reject') => file('done', 'fail', onFail);
const refused = () => file('refused', null, null);
const uploading = () => file('uploading');
const inspecting = () => file('inspecting');
const verifying = () => file('verifying');
const errored = (code: string, onFail: OnFail = 'reject') => file('error', null, onFail, { error: { code, message: code } });

describe('deriveJob: every status', () => {
  const cases: [JobStatus, () => JobFile[]][] = [
    ['idle', () => []],
    ['uploading', () => [uploading()]],
    ['processing', () => [inspecting()]],
    ['rejected', () => [failed()]],
    ['incomplete', () => [pass()]], // min 2 below
    ['partial', () => [pass(), warn()]],
    ['ready', () => [pass(), pass()]],
  ];
  it.each(cases)('%s', (status, make) => {
    expect(deriveJob(make(), rule(status === 'incomplete' ? 2 : 1)).status).toBe(status);
  });
});

describe('deriveJob: precedence (first match wins)', () => {
  // Each row: the higher-precedence status, the lower one, and files that trigger both.
  const pairs: [JobStatus, JobStatus, () => JobFile[]][] = [
    ['uploading', 'processing', () => [uploading(), inspecting()]],
    ['uploading', 'rejected', () => [uploading(), failed()]],
    ['uploading', 'incomplete', () => [uploading()]],
    ['uploading', 'partial', () => [uploading(), warn(), warn()]],
    ['processing', 'rejected', () => [verifying(), failed()]],
    ['processing', 'incomplete', () => [inspecting()]],
    ['processing', 'partial', () => [inspecting(), warn(), warn()]],
    ['processing', 'ready', () => [verifying(), pass(), pass()]],
    ['rejected', 'incomplete', () => [failed()]],
    ['rejected', 'partial', () => [failed(), warn(), warn()]],
    ['incomplete', 'partial', () => [warn()]],
    ['partial', 'ready', () => [warn(), pass()]],
  ];
  it.each(pairs)('%s beats %s', (winner, _loser, make) => {
    expect(deriveJob(make(), rule(2, 3)).status).toBe(winner);
  });
});

describe('deriveJob: onFail policies', () => {
  it('reject: a failed file blocks', () => {
    expect(deriveJob([failed('reject')], rule()).status).toBe('rejected');
  });
  it('accept_with_warnings: a failed file makes the job partial, no review', () => {
    expect(deriveJob([failed('accept_with_warnings')], rule())).toEqual({ status: 'partial', terminal: true, canProceed: true, review: false });
  });
  it('manual_review: a failed file makes the job partial and marks it for review', () => {
    expect(deriveJob([failed('manual_review')], rule())).toEqual({ status: 'partial', terminal: true, canProceed: true, review: true });
  });
  it('a warning alone never asks for review', () => {
    expect(deriveJob([file('done', 'warn', 'manual_review')], rule()).review).toBe(false);
  });
  it('an unknown onFail fails closed', () => {
    expect(deriveJob([file('done', 'fail', null)], rule()).status).toBe('rejected');
  });
  it('a done file without an outcome fails closed', () => {
    expect(deriveJob([file('done', null, 'accept_with_warnings')], rule()).status).toBe('partial');
    expect(deriveJob([file('done', null, 'reject')], rule()).status).toBe('rejected');
  });
});

describe('deriveJob: refused and error files', () => {
  it('a refused file blocks until it is removed', () => {
    expect(deriveJob([pass(), refused()], rule()).status).toBe('rejected');
  });
  it('refused files block whatever the count (they are never "enough files")', () => {
    expect(deriveJob([refused(), refused()], rule(2, 3)).status).toBe('rejected');
  });
  it.each(['upload_failed', 'server_unreachable', 'network_offline', 'upload_refused'])('transport error %s blocks even under accept_with_warnings', (code) => {
    expect(deriveJob([errored(code, 'accept_with_warnings')], rule()).status).toBe('rejected');
    expect(deriveJob([errored(code, 'manual_review')], rule()).status).toBe('rejected');
  });
  it.each(['inspect_failed', 'inspect_timeout', 'pdf_encrypted'])('inspection error %s follows onFail', (code) => {
    expect(deriveJob([errored(code, 'reject')], rule()).status).toBe('rejected');
    expect(deriveJob([errored(code, 'accept_with_warnings')], rule()).status).toBe('partial');
    expect(deriveJob([errored(code, 'manual_review')], rule())).toMatchObject({ status: 'partial', review: true });
  });
  it('an error file counts toward the minimum', () => {
    expect(deriveJob([pass(), errored('inspect_timeout', 'accept_with_warnings')], rule(2, 2)).status).toBe('partial');
  });
});

describe('deriveJob: slots', () => {
  const slots: Slot[] = [
    { id: 'front', label: 'Front', required: true },
    { id: 'back', label: 'Back', required: false },
  ];
  const inSlot = (slot: string, outcome: FileOutcome = 'pass') => file('done', outcome, 'reject', { slot });

  it('an empty required slot keeps the job incomplete even when the minimum is met', () => {
    expect(deriveJob([inSlot('back')], rule(1, 2, slots)).status).toBe('incomplete');
  });
  it('an empty optional slot does not', () => {
    expect(deriveJob([inSlot('front')], rule(1, 2, slots)).status).toBe('ready');
  });
  it('a refused file does not fill a slot', () => {
    const refusedFront = file('refused', null, null, { slot: 'front' });
    // Blocking comes first; once it is removed the slot is empty again.
    expect(deriveJob([refusedFront, inSlot('back')], rule(1, 2, slots)).status).toBe('rejected');
    expect(deriveJob([inSlot('back')], rule(1, 2, slots)).status).toBe('incomplete');
  });
  it('both slots filled, one with a warning → partial', () => {
    expect(deriveJob([inSlot('front'), inSlot('back', 'warn')], rule(1, 2, slots)).status).toBe('partial');
  });
});

describe('deriveJob: context fileCount', () => {
  it('raises the minimum', () => {
    expect(deriveJob([pass()], rule(1, 2), { fileCount: { min: 2, max: 2 } }).status).toBe('incomplete');
    expect(deriveJob([pass(), pass()], rule(1, 2), { fileCount: { min: 2, max: 2 } }).status).toBe('ready');
  });
  it('never lifts the rule\'s maximum (issue 12: the context only narrows)', () => {
    expect(deriveJob([pass(), pass()], rule(1, 1), { fileCount: { min: 2, max: 1e308 } }).status).not.toBe('ready');
  });
  it('lowers the maximum: extra files block until removed', () => {
    expect(deriveJob([pass(), pass()], rule(1, 3), { fileCount: { max: 1 } }).status).toBe('rejected');
  });
  it('never lowers the rule\'s minimum', () => {
    expect(deriveJob([pass()], rule(2, 3), { fileCount: { min: 1 } }).status).toBe('incomplete');
  });
});

describe('terminal and canProceed', () => {
  const table: [JobStatus, boolean, boolean][] = [
    ['idle', false, false],
    ['incomplete', false, false],
    ['uploading', false, false],
    ['processing', false, false],
    ['ready', true, true],
    ['partial', true, true],
    ['rejected', true, false],
  ];
  it.each(table)('%s: terminal %s, canProceed %s', (status, terminal, canProceed) => {
    expect(isTerminal(status)).toBe(terminal);
    expect(canProceedFor(status)).toBe(canProceed);
  });
  it('deriveJob reports them consistently', () => {
    for (const files of [[], [uploading()], [inspecting()], [failed()], [warn()], [pass()]]) {
      const job = deriveJob(files, rule());
      expect(job.terminal).toBe(isTerminal(job.status));
      expect(job.canProceed).toBe(canProceedFor(job.status));
    }
  });
});

describe('deriveJob: soft-proof approval', () => {
  const done = [file('done', 'pass')];
  it('a job waiting for the customer to approve its proof is incomplete, so it cannot proceed', () => {
    expect(deriveJob(done, rule(), null, 'pending')).toMatchObject({ status: 'incomplete', canProceed: false });
  });
  it('a rejected proof rejects the job; an approved one (open) leaves the verdict as it is', () => {
    expect(deriveJob(done, rule(), null, 'rejected')).toMatchObject({ status: 'rejected', canProceed: false });
    expect(deriveJob(done, rule(), null, 'open')).toMatchObject({ status: 'ready', canProceed: true });
    expect(deriveJob([file('done', 'warn')], rule(), null, 'open')).toMatchObject({ status: 'partial', canProceed: true });
  });
  it('approval never hides a blocking failure or a running upload', () => {
    expect(deriveJob([file('done', 'fail')], rule(), null, 'pending').status).toBe('rejected');
    expect(deriveJob([file('uploading')], rule(), null, 'open').status).toBe('uploading');
  });
});

describe('deriveJob: holds (the job waits for something besides its files)', () => {
  const done = [file('done', 'pass')];
  it('a job that would be ready is processing while the server job, the form field or more dropped files are pending', () => {
    expect(deriveJob(done, rule(), null, 'not_required', ['job'])).toMatchObject({ status: 'processing', canProceed: false, terminal: false });
    expect(deriveJob(done, rule(), null, 'not_required', ['form_field'])).toMatchObject({ status: 'processing', canProceed: false });
    expect(deriveJob(done, rule(), null, 'not_required', ['arriving'])).toMatchObject({ status: 'processing', canProceed: false });
    expect(deriveJob(done, rule(), null, 'not_required', [])).toMatchObject({ status: 'ready', canProceed: true });
  });
  it('a hold never turns a rejected or incomplete job into processing', () => {
    expect(deriveJob([file('done', 'fail')], rule(), null, 'not_required', ['job']).status).toBe('rejected');
    expect(deriveJob(done, rule(2), null, 'not_required', ['job']).status).toBe('incomplete');
  });
  it('a file whose bytes never reached the server blocks under any onFail', () => {
    const cut = { id: 'f', state: 'error' as const, outcome: null, onFail: 'accept_with_warnings' as const, notUploaded: true, error: { code: 'file_too_large', message: 'x' } };
    expect(deriveJob([cut], rule()).status).toBe('rejected');
    expect(deriveJob([{ ...cut, notUploaded: false }], rule()).status).toBe('partial');
  });
});
