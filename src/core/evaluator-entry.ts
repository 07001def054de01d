// The evaluator as a lazily loaded unit: content acceptance, every check, their English
// messages, and a way to add other locales' messages to the copy of the catalogue it renders
// findings with.
export { evaluateFile, fileOutcome } from './evaluate';
export { acceptContent } from './acceptance';
export { registerCatalogue } from './i18n';
export { planRemediation, needsOutput } from './remediation';
import './remediation-messages';
import { t, type Units } from './i18n';
import type { PlannedFix } from './remediation';

/** A planned fix in the customer's words (the remediation texts travel with the evaluator). */
export function describeFix(fix: Pick<PlannedFix, 'messageKey' | 'messageParams'>, locale: string, units: Units = 'mm'): string {
  return t(fix.messageKey, fix.messageParams, locale, { units });
}
