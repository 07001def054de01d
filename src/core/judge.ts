// The server's (and the CLI's) verdict on one file's stored bytes: inspection result + the
// workflow's rule + the job's context → findings, outcome and file state. Pure: the same
// functions the widget uses (acceptContent to match the accept entry, evaluateFile, the one
// outcome rule), so the widget, the server and the CLI give the same findings for the same bytes.
// Room (the file count) is not judged here: the upload endpoint and the CLI ask `roomFor` first.
import { acceptContent } from './acceptance';
import { evaluateFile } from './evaluate';
import { t } from './i18n';
import { fileOutcome } from './outcome';
import type { FileFacts, FileOutcome, FileState, Finding, IntakeContext, IntakeError, OnFail, Rule, SniffResult } from './types';

/** What inspecting the stored bytes gave. `sniffed` is null when not even the head could be read. */
export type Inspection =
  | { ok: true; sniffed: SniffResult; facts: FileFacts }
  | { ok: false; sniffed: SniffResult | null; error: IntakeError };

export interface FileJudgement {
  state: Extract<FileState, 'done' | 'error' | 'refused'>;
  /** Set when state is 'done'. */
  outcome: FileOutcome | null;
  findings: Finding[];
  facts: FileFacts | null;
  error: IntakeError | null;
  /** onFail of the matched accept entry (null when refused). */
  onFail: OnFail | null;
}

/** Inspector error codes with their own customer message; every other code reads as inspect_failed. */
const KNOWN_ERRORS = new Set(['inspect_failed', 'inspect_timeout', 'pdf_encrypted']);

/**
 * The error finding of a file that could not be inspected: a failure under the 'reject' severity,
 * never a pass. `code` keeps the inspector's code (pdf_encrypted, corrupt_image, inspect_timeout…);
 * `actual` keeps the inspector's technical message for the shop.
 */
export function inspectionErrorFinding(error: IntakeError, locale = 'en'): Finding {
  const key = KNOWN_ERRORS.has(error.code) ? `error.${error.code}` : 'error.inspect_failed';
  return {
    checkId: 'intake.inspect',
    severity: 'reject',
    outcome: 'fail',
    code: error.code,
    message: t(key, {}, locale),
    messageKey: key,
    params: {},
    actual: error.message,
  };
}

export interface JudgeInput {
  name: string;
  size: number;
  inspection: Inspection;
}

export function judgeFile(input: JudgeInput, rule: Rule, context: IntakeContext | null, locale = 'en'): FileJudgement {
  const { inspection } = input;
  if (!inspection.sniffed) {
    const cause = inspection.ok ? { code: 'inspect_failed', message: 'The file type could not be read.' } : inspection.error;
    const finding = inspectionErrorFinding(cause, locale);
    return { state: 'error', outcome: null, facts: null, onFail: null, error: { code: cause.code, message: finding.message }, findings: [finding] };
  }
  const accepted = acceptContent({ sniffed: inspection.sniffed, name: input.name, size: input.size }, rule, locale);
  if (!accepted.ok) {
    return {
      state: 'refused', outcome: null, facts: inspection.ok ? inspection.facts : null, onFail: null,
      error: { code: accepted.finding.code ?? 'file_type_refused', message: accepted.finding.message },
      findings: [accepted.finding],
    };
  }
  const note = accepted.finding ? [accepted.finding] : [];
  if (!inspection.ok) {
    // The customer reads the catalogue message; the inspector's own words stay in finding.actual.
    const finding = inspectionErrorFinding(inspection.error, locale);
    return {
      state: 'error', outcome: null, facts: null, onFail: accepted.entry.onFail,
      error: { code: inspection.error.code, message: finding.message }, findings: [...note, finding],
    };
  }
  const findings = [...note, ...evaluateFile(inspection.facts, accepted.entry, context ?? {}, { locale })];
  return {
    state: 'done', outcome: fileOutcome(findings), facts: inspection.facts, onFail: accepted.entry.onFail, error: null, findings,
  };
}
