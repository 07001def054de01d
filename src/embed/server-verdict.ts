// Applying the server's verdict on one file: it replaces the browser's (the server judged the
// stored bytes; the browser may have been wrong, or made to lie).
import type { FileRecord } from '../widget/file-record';
import type { ServerFile } from './api-client';

/** True when the row carries a final server verdict for the file. */
export function isJudged(file: ServerFile): boolean {
  if (file.status === 'refused' || file.status === 'error') return true;
  return file.status === 'done' && file.complete !== false;
}

// No batch() here: this runs in the lazily loaded transport chunk (see server-transport.ts);
// the order of writes keeps every intermediate state a closed gate (verifying is cleared last).
export function applyServerVerdict(record: FileRecord, file: ServerFile, token?: string): void {
  if (file.status === 'refused' || file.status === 'error') {
    record.error.value = file.error ?? { code: 'verify_failed', message: 'The server could not accept this file.' };
  } else {
    record.error.value = null;
  }
  record.findings.value = file.findings ?? [];
  const out = file.output;
  // The production file (issue 14): its bytes need the job token, which only the transport holds.
  record.output.value = out && file.status === 'done'
    ? {
        id: out.id, format: out.format, name: out.name, size: out.size, fixed: file.outcome === 'fixed', fixes: out.fixes,
        ...(out.pageCount ? { pageCount: out.pageCount, pages: out.pages ?? [] } : {}),
        ...(token ? { load: () => fetch(out.url, { headers: { Authorization: `Bearer ${token}` } }).then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`HTTP ${r.status}`)))) } : {}),
      }
    : null;
  record.verdictBy.value = 'server';
  record.verifying.value = false;
}
