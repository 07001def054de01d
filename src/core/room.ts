// Is there room for one more file? Asked the moment a file is dropped, in drop order, before
// its bytes are read (the other intake question, is its content acceptable, is acceptance.ts).
import { t } from './i18n';
import type { Finding } from './types';

/**
 * Is there room for one more file? `acceptedCount` counts files already accepted (refused files
 * do not count); `maxFiles` is the effective maximum (see effectiveCardinality). Null: there is.
 */
export function roomFor(acceptedCount: number, maxFiles: number, locale = 'en'): Finding | null {
  return acceptedCount >= maxFiles ? tooManyFilesFinding(maxFiles, acceptedCount, locale) : null;
}

/** The 'too_many_files' refusal. */
export function tooManyFilesFinding(maxFiles: number, acceptedCount: number, locale = 'en'): Finding {
  const params = { max: maxFiles };
  return {
    checkId: 'intake.count', severity: 'reject', outcome: 'fail', code: 'too_many_files',
    message: t('intake.count.too_many', params, locale), messageKey: 'intake.count.too_many', params,
    actual: acceptedCount + 1, target: maxFiles,
  };
}
