// Job status derivation (design.md "Job status derivation"): pure, first match wins.
//   no files → idle; any uploading → uploading; any inspecting/verifying → processing;
//   any blocking failure → rejected; too few files or an empty required slot → incomplete;
//   any warning or accepted failure → partial; else ready.
// Decisions beyond the design text:
// - A 'refused' file is a blocking failure: it stays visible (never dropped silently) until the
//   customer removes it, so the job cannot proceed with it there. It does not count toward the
//   cardinality and fills no slot.
// - An 'error' file counts as a failed file. Transport errors (the bytes never reached us) always
//   block, whatever onFail says; other errors (inspect_failed, inspect_timeout, pdf_encrypted...)
//   follow the file's onFail exactly like a failed outcome.
// - A file whose onFail is unknown (null) is treated as onFail 'reject', and a 'done' file without
//   an outcome as a failure: when in doubt, fail closed.
// - More counted files than the effective maximum (possible when a context lowers fileCount after
//   files were added) is a blocking failure: the customer must remove a file.
import type { IntakeContext, JobFile, JobState, JobStatus, OnFail, Rule } from './types';
import { effectiveCardinality } from './context';

/** Error codes meaning the file never (fully) reached the server: no onFail can accept that. */
export const TRANSPORT_ERROR_CODES: readonly string[] = ['upload_failed', 'upload_interrupted', 'server_unreachable', 'network_offline', 'upload_refused'];

/**
 * Error codes meaning the file was never checked because the widget could not run its checker
 * (a part that failed to load, a worker the page blocks): not the file's fault, and no onFail
 * can accept a file nobody looked at.
 */
export const UNCHECKED_ERROR_CODES: readonly string[] = ['chunk_load_failed', 'worker_blocked'];

/** canProceed follows from the status alone (deriveJob is the one place that decides the status). */
export function canProceedFor(status: JobStatus): boolean {
  return status === 'ready' || status === 'partial';
}

/** Terminal statuses: nothing more will happen unless the customer changes something. */
export function isTerminal(status: JobStatus): boolean {
  return status === 'ready' || status === 'partial' || status === 'rejected';
}

type FileVerdict = 'block' | 'accepted_failure' | 'review_failure' | 'warning' | 'pass';

/** How one settled file weighs on the job. */
function fileVerdict(file: JobFile): FileVerdict {
  if (file.state === 'refused') return 'block';
  if (file.state === 'error') {
    const code = file.error?.code ?? '';
    if (file.notUploaded || TRANSPORT_ERROR_CODES.includes(code) || UNCHECKED_ERROR_CODES.includes(code)) return 'block';
    return failureUnder(file.onFail);
  }
  // state 'done'
  // 'fixed': the production file's re-check passed (remediation, design.md) — as clean as a pass
  if (file.outcome === 'pass' || file.outcome === 'fixed') return 'pass';
  if (file.outcome === 'warn') return 'warning';
  return failureUnder(file.onFail);
}

function failureUnder(onFail: OnFail | null): FileVerdict {
  if (onFail === 'accept_with_warnings') return 'accepted_failure';
  if (onFail === 'manual_review') return 'review_failure';
  return 'block';
}

function state(status: JobStatus, review = false): JobState {
  return { status, terminal: isTerminal(status), canProceed: canProceedFor(status), review };
}

/**
 * The customer's answer to the soft proof when the workflow asks for approval: 'pending' keeps an
 * otherwise acceptable job `incomplete` (a requirement is still missing), 'rejected' rejects it.
 * Either way canProceed still follows from the status alone.
 */
export type ProofApproval = 'not_required' | 'open' | 'pending' | 'rejected';

/**
 * Something outside the files the job still waits for before anyone may proceed:
 * - 'job': the server has not (yet) created the job the files belong to;
 * - 'form_field': form-field mode is not ready to put the files into the host form;
 * - 'arriving': files of a drop are still being handed over (a big drop is taken a few files per
 *   task), so the files judged so far are not yet the whole job.
 * A held job that would be ready or partial is 'processing' instead, in every signal.
 */
export type JobHold = 'job' | 'form_field' | 'arriving';

/**
 * The one function that decides a job's status, and with it canProceed: files, rule, the
 * store's context, the proof approval and any hold are all inputs.
 */
export function deriveJob(
  files: readonly JobFile[],
  rule: Rule,
  context?: IntakeContext | null,
  approval: ProofApproval = 'not_required',
  holds: readonly JobHold[] = [],
): JobState {
  const job = judge(files, rule, context, approval);
  return job.canProceed && holds.length > 0 ? state('processing') : job;
}

function judge(files: readonly JobFile[], rule: Rule, context: IntakeContext | null | undefined, approval: ProofApproval): JobState {
  if (files.length === 0) return state('idle');
  if (files.some((f) => f.state === 'uploading')) return state('uploading');
  if (files.some((f) => f.state === 'inspecting' || f.state === 'verifying')) return state('processing');

  const verdicts = files.map(fileVerdict);
  const counted = files.filter((f) => f.state !== 'refused');
  const { min, max, slots } = effectiveCardinality(rule, context);
  if (verdicts.includes('block') || counted.length > max) return state('rejected');

  const filledSlots = new Set(counted.map((f) => f.slot).filter((s): s is string => typeof s === 'string'));
  const emptyRequiredSlot = slots.some((s) => s.required && !filledSlots.has(s.id));
  if (counted.length < min || emptyRequiredSlot) return state('incomplete');

  if (approval === 'rejected') return state('rejected');
  if (approval === 'pending') return state('incomplete');

  const review = verdicts.includes('review_failure');
  if (review || verdicts.includes('accepted_failure') || verdicts.includes('warning')) return state('partial', review);
  return state('ready');
}
