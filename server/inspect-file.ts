// Inspect one stored file with the shared Node inspectors (workers/): sniff the first bytes, then
// read the facts through range reads. Never throws: every failure is an Inspection with a code.
// Runs inside the verification worker (server) and in-process (CLI, tests).
import type { IntakeError } from '../src/core/types';
import { inspectSource, sniffSource } from '../workers/inspect';
import { fileSource, type FileByteSource } from '../workers/source-node';
import type { Inspection } from '../src/core/judge';
import { measureInkCoverage } from './ink-coverage';
import { backgroundWithSharp } from './raster-background';
import { ALL_MEASURES, type Measures } from '../src/core/measures';

function failure(err: unknown): IntakeError {
  const e = err as { code?: unknown; message?: unknown } | null;
  // Inspector errors carry a stable code (pdf_encrypted, corrupt_image…); anything else is a bug
  // or an I/O error and reads as inspect_failed.
  const code = typeof e?.code === 'string' && /^[a-z][a-z0-9_]*$/.test(e.code) ? e.code : 'inspect_failed';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { code, message };
}

/**
 * @param measures the costly measurements to take (src/core/measures.ts: what the job's rule reads);
 *   all of them when the caller does not know the rule.
 */
export async function inspectFile(path: string, measures: Measures = ALL_MEASURES): Promise<Inspection> {
  let src: FileByteSource;
  try {
    src = await fileSource(path);
  } catch (err) {
    return { ok: false, sniffed: null, error: { code: 'inspect_failed', message: `cannot open the stored file: ${(err as Error).message}` } };
  }
  try {
    const sniffed = await sniffSource(src);
    try {
      const facts = await inspectSource(src, sniffed);
      // a flat background needs pixels: a downscale decoded with sharp (raster.background_removal)
      if (facts.raster && measures.rasterBackground) facts.raster.background = await backgroundWithSharp(path, facts.raster);
      // total ink needs a rendering, which only Node can make (color.max_ink_coverage)
      if (facts.pdf && measures.inkCoverage) facts.pdf.inkCoverage = process.env.FILECHECK_INK_COVERAGE === 'off' ? { error: 'disabled on this server' } : await measureInkCoverage(path, facts.pdf.pages);
      return { ok: true, sniffed, facts: { ...facts, bytesRead: src.bytesRead } };
    } catch (err) {
      return { ok: false, sniffed, error: failure(err) };
    }
  } catch (err) {
    return { ok: false, sniffed: null, error: failure(err) };
  } finally {
    await src.close().catch(() => {});
  }
}
