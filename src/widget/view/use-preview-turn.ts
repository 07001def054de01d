// When a row's preview may start: at once, unless its file's upload is about to end on a fast line
// (the rule and why: previewWaitsForUpload in src/core/thumbnail-policy.ts); then when the upload
// ends, or after PREVIEW_MAX_WAIT_MS whatever it does. Once started, a preview never waits again
// (an upload that later slows to its last seconds does not cancel it).
import { useEffect, useState } from 'preact/hooks';
import { PREVIEW_MAX_WAIT_MS, previewWaitsForUpload } from '../../core/thumbnail-policy';
import type { FileRecord } from '../file-record';

export function usePreviewTurn(record: FileRecord, wanted: boolean): boolean {
  const [turn, setTurn] = useState(false);
  // read only until the turn comes: a started preview no longer re-renders on upload progress
  const waits = !turn && previewWaitsForUpload(record.upload.value, record.progress.value);
  useEffect(() => {
    if (!wanted || turn) return;
    if (!waits) return setTurn(true);
    const cap = setTimeout(() => setTurn(true), PREVIEW_MAX_WAIT_MS);
    return () => clearTimeout(cap);
  }, [wanted, waits, turn]);
  return turn || (wanted && !waits);
}
