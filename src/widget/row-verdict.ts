// What one file row says: the words, icon and colour that match the file's real state. Pure, so
// each case is tested without a browser; the row only renders what this returns.
import type { FileLife } from '../core/file-life';
import type { FileOutcome, FileState, Finding, IntakeError } from '../core/types';

export type RowTone = 'pass' | 'fixed' | 'warn' | 'fail' | 'neutral' | 'pending';

export interface RowVerdict {
  tone: RowTone;
  icon: string;
  /** Catalogue key of the row's status words. */
  label: string;
  /** Catalogue key of the file's kind, or null when not known yet (nothing read so far). */
  kind: string | null;
}

export function rowVerdict(state: FileState, outcome: FileOutcome | null, life: FileLife): RowVerdict {
  const kind = life.sniffed ? (life.sniffed.kind ? `ui.kind.${life.sniffed.kind}` : 'ui.kind.unknown') : null;
  const v = (tone: RowTone, icon: string, label: string): RowVerdict => ({ tone, icon, label, kind });
  if (state === 'inspecting' || state === 'uploading' || state === 'verifying') return v('pending', '…', `ui.state.${state}`);
  if (state === 'refused') return v('fail', '✕', 'ui.state.refused');
  if (state === 'error') {
    // The check passed but the bytes did not reach the server: say that, not "could not be checked".
    const checkedFine = life.uploadError && !life.error && life.facts && !life.findings.some((f) => f.outcome === 'fail');
    return v('fail', '✕', checkedFine ? 'ui.state.uploadFailed' : 'ui.state.error');
  }
  const onFail = life.entry?.onFail;
  if (outcome === 'fail' && (onFail === 'accept_with_warnings' || onFail === 'manual_review')) {
    // accepted as it is: a warning, in line with a job that says it can be ordered
    return v('warn', '!', 'ui.outcome.warn');
  }
  if (outcome === 'pass' && life.entry && (!life.entry.preflight.enabled || !life.entry.preflight.profile)) {
    // no preflight profile: nothing was checked, so no green tick
    return v('neutral', '–', 'ui.outcome.unchecked');
  }
  // the server's production file cured what the upload lacked (remediation)
  if (outcome === 'fixed') return v('fixed', '✓', 'ui.outcome.fixed');
  if (outcome === 'pass') return v('pass', '✓', 'ui.outcome.pass');
  if (outcome === 'warn') return v('warn', '!', 'ui.outcome.warn');
  return v('fail', '✕', 'ui.outcome.fail');
}

/** The problem lines under a row: its error (if any) and the findings worth the customer's eye. */
export interface RowLines {
  error: IntakeError | null;
  findings: Finding[];
}

/**
 * What the row lists. A refusal first; failures and warnings, except those the server's production
 * file cured (history, not problems); the note that a check runs after upload. The server's verdict
 * on a file it could not read carries its error twice (as the error and as a finding with the same
 * code): the customer reads it once, as the finding when findings are listed, else as the error.
 */
export function rowLines(input: { error: IntakeError | null; refusal: Finding | null; findings: readonly Finding[]; cured: ReadonlySet<string>; display: 'full' | 'list' }): RowLines {
  const { error, refusal, cured } = input;
  const findings = input.display === 'full'
    ? [
        ...(refusal ? [refusal] : []),
        ...input.findings.filter((f) => ((f.outcome === 'fail' || f.outcome === 'warn') && !cured.has(f.checkId)) || f.code === 'checked_after_upload'),
      ]
    : [];
  const said = error !== null && findings.some((f) => f.code === error.code);
  return { error: said ? null : error, findings };
}
