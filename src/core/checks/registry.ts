// Every check the SDK knows, by id. The evaluator looks rule ids up here; an id that is missing
// is reported as unsupported (a visible 'skipped' finding), never silently passed.
import type { CheckDef } from './types';
import { rasterChecks } from './raster';
import { pdfChecks } from './pdf/index';
import { backgroundRemoval } from './raster-background';

export const checks: CheckDef[] = [...rasterChecks, backgroundRemoval, ...pdfChecks];

/** Index a list of checks by id (later entries win, so a caller can override a built-in check). */
export function indexChecks(list: readonly CheckDef[]): Map<string, CheckDef> {
  const byId = new Map<string, CheckDef>();
  for (const check of list) byId.set(check.id, check);
  return byId;
}
