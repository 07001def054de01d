// Is one file's content acceptable (`acceptContent`: non-empty, an accepted type by content,
// never by name, within that type's size limit)? The other question, is there room for it, is
// `roomFor` (room.ts), asked on its own the moment a file is dropped. Both run before inspection
// and upload, so a refused file costs the customer no waiting. The server and the CLI ask the
// same two questions. In the browser this module loads with the evaluator (not in the bundle).
import type { AcceptEntry, FileFormat, FileKind, Finding, Rule, SniffResult } from './types';
import { formatBytes } from './bytes';
import { FORMATS, MIME_ALIASES, RASTER_FORMAT_IDS } from './formats';
import { t } from './i18n';
import './judging-messages';
import { listFormat as intlListFormat, numberFormat } from './intl';

export interface AcceptFileInput {
  sniffed: SniffResult;
  name: string;
  size: number;
}

export type AcceptContentResult =
  | {
      ok: true;
      entry: AcceptEntry;
      /** Index of the matched entry in rule.accepts. */
      index: number;
      /** A non-blocking note, e.g. 'file_type_unverified' when unknown content was let through. */
      finding?: Finding;
    }
  | { ok: false; finding: Finding };

/** Does this accept entry take content of this type? Kind first, then MIME type or extension. */
export function entryAccepts(entry: AcceptEntry, sniffed: Pick<SniffResult, 'format' | 'kind' | 'mime' | 'extensions'>): boolean {
  if (sniffed.kind === null || entry.kind !== sniffed.kind) return false;
  if (entry.mimeTypes.length === 0 && entry.extensions.length === 0) return true;
  const mimes = [sniffed.mime, ...(MIME_ALIASES[sniffed.format] ?? [])];
  const mimeMatch = entry.mimeTypes.some((m) => m === '*/*' || (m.endsWith('/*') ? mimes.some((x) => x.startsWith(m.slice(0, -1))) : mimes.includes(m)));
  return mimeMatch || entry.extensions.some((e) => sniffed.extensions.includes(e));
}

/** Is this content acceptable under the rule: non-empty, an accepted type, within its size limit? */
export function acceptContent(file: AcceptFileInput, rule: Rule, locale = 'en'): AcceptContentResult {
  const { sniffed, size } = file;

  // An empty file sniffs as 'unknown'; say what is really wrong.
  if (size === 0) {
    return refuse('intake.empty', 'file_empty', 'intake.empty', {}, 0, { minSize: 1 }, locale);
  }

  let index = rule.accepts.findIndex((entry) => entryAccepts(entry, sniffed));
  let entry = rule.accepts[index];
  let note: Finding | undefined;
  if (!entry) {
    // Unknown content may pass only when the rule says so, under the first entry and without
    // preflight (there is nothing we could check). Recognised but unaccepted formats (ZIP, PSD,
    // a PNG where only PDF is taken...) are always refused.
    if (sniffed.format === 'unknown' && !rule.rejectUnknownTypes && rule.accepts[0]) {
      index = 0;
      entry = { ...rule.accepts[0], preflight: { enabled: false } };
      note = finding('intake.type', 'warn', 'warn', 'file_type_unverified', 'intake.type.unverified', {}, { format: 'unknown', name: file.name }, undefined, locale);
    } else {
      const accepted = describeAccepted(rule, locale);
      const params: Record<string, string> = sniffed.format === 'unknown' ? { accepted } : { accepted, format: t(`format.${sniffed.format}`, {}, locale) };
      const key = sniffed.format === 'unknown' ? 'intake.type.unknown' : 'intake.type.refused';
      return refuse('intake.type', 'file_type_refused', key, params, { format: sniffed.format, mime: sniffed.mime }, { formats: acceptedFormats(rule) }, locale);
    }
  }

  if (entry.maxSize !== undefined && size > entry.maxSize) {
    const [sizeText, limitText] = distinctSizes(size, entry.maxSize, locale);
    const params = { size: sizeText, limit: limitText, kind: t(`intake.kind.${entry.kind}`, {}, locale) };
    return refuse('intake.size', 'file_too_large', 'intake.size.too_large', params, size, entry.maxSize, locale);
  }

  return note ? { ok: true, entry, index, finding: note } : { ok: true, entry, index };
}

function refuse(
  checkId: string,
  code: string,
  messageKey: string,
  params: Record<string, string | number>,
  actual: unknown,
  target: unknown,
  locale: string,
): { ok: false; finding: Finding } {
  return { ok: false, finding: finding(checkId, 'reject', 'fail', code, messageKey, params, actual, target, locale) };
}

function finding(
  checkId: string,
  severity: Finding['severity'],
  outcome: Finding['outcome'],
  code: string,
  messageKey: string,
  params: Record<string, string | number>,
  actual: unknown,
  target: unknown,
  locale: string,
): Finding {
  const f: Finding = { checkId, severity, outcome, code, message: t(messageKey, params, locale), messageKey, params, actual };
  if (target !== undefined) f.target = target;
  return f;
}

/** Formats the rule accepts, for machine-readable targets: e.g. ['pdf', 'jpeg', 'png']. */
export function acceptedFormats(rule: Rule): FileFormat[] {
  const out = new Set<FileFormat>();
  for (const entry of rule.accepts) {
    if (entry.kind === 'pdf') out.add('pdf');
    else for (const format of RASTER_FORMAT_IDS) if (entryAccepts(entry, { ...FORMATS[format], format, extensions: [...FORMATS[format].extensions] })) out.add(format);
  }
  return [...out];
}

/** "a PDF or an image (JPEG, PNG)": what to upload instead, in the customer's language. */
export function describeAccepted(rule: Rule, locale = 'en'): string {
  const parts: string[] = [];
  const kinds = new Set<FileKind>(rule.accepts.map((a) => a.kind));
  if (kinds.has('pdf')) parts.push(t('intake.accepted.pdf', {}, locale));
  if (kinds.has('raster')) {
    const rasters = acceptedFormats(rule).filter((f) => f !== 'pdf');
    const all = rasters.length === RASTER_FORMAT_IDS.length;
    parts.push(
      all
        ? t('intake.accepted.raster', {}, locale)
        : t('intake.accepted.raster_formats', { formats: listFormat(rasters.map((f) => t(`format.${f}`, {}, locale)), locale, 'unit') }, locale),
    );
  }
  return listFormat(parts, locale, 'disjunction');
}

function listFormat(items: string[], locale: string, type: 'unit' | 'disjunction'): string {
  try {
    return intlListFormat(locale, { type, style: type === 'unit' ? 'short' : 'long' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** Size and limit as text, with enough precision that a too-large file never reads "10 MB; limit 10 MB". */
function distinctSizes(size: number, limit: number, locale: string): [string, string] {
  const limitText = formatBytes(limit, locale);
  for (let digits = 1; digits <= 3; digits++) {
    const sizeText = formatBytes(size, locale, digits);
    if (sizeText !== limitText) return [sizeText, limitText];
  }
  const exact = (v: number) => numberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(v);
  return [exact(size), exact(limit)];
}
