// Findings and errors in the customer's language: one home for the row, the live region and the
// proof view's neighbours.
import { hasMessage, t, type Units } from '../../core/i18n';
import type { Finding, IntakeError } from '../../core/types';
import type { FileRecord } from '../file-record';

/** A finding in the customer's language: re-rendered from its key when the catalogue has it. */
export function findingText(f: Finding, locale: string, units: Units = 'mm'): string {
  return f.messageKey && f.params && hasMessage(f.messageKey, locale) ? t(f.messageKey, f.params, locale, { units }) : f.message;
}

/** An error in the customer's language by its code, else the message it came with. */
export function errorText(e: IntakeError, locale: string): string {
  return hasMessage(`error.${e.code}`, locale) ? t(`error.${e.code}`, {}, locale) : e.message;
}

/** What is wrong with a file, in one sentence (null when nothing is). */
export function problemText(r: FileRecord, locale: string, units: Units = 'mm'): string | null {
  const refusal = r.refusal.value;
  if (refusal) return findingText(refusal, locale, units);
  const error = r.error.value;
  if (error) return errorText(error, locale);
  const failing = r.findings.value.find((f) => f.outcome === 'fail') ?? r.findings.value.find((f) => f.outcome === 'warn');
  return failing ? findingText(failing, locale, units) : null;
}
