// Ghostscript as a separate process with a deadline and a memory ceiling: a hostile PDF can make
// it loop or allocate without end, and neither may reach the server. The address-space limit is
// set with util-linux `prlimit` when present (Debian has it), and Ghostscript's own -dMaxBitmap
// keeps its band buffers small; the deadline kills the process group.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface GhostscriptLimits {
  timeoutMs: number;
  /** Address-space ceiling in MB. */
  memoryMb: number;
}

export class EngineError extends Error {
  constructor(readonly code: 'engine_timeout' | 'engine_failed' | 'engine_unavailable', message: string) {
    super(message);
  }
}

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => fs.existsSync(p)) ?? null;

/** Run gs with `args` (after -dSAFER -dBATCH -dNOPAUSE -q). Resolves on exit 0. */
export function runGhostscript(gs: string, args: string[], limits: GhostscriptLimits): Promise<void> {
  const gsArgs = ['-dSAFER', '-dBATCH', '-dNOPAUSE', '-dQUIET', '-dMaxBitmap=50000000', ...args];
  const [cmd, argv] = PRLIMIT
    ? [PRLIMIT, [`--as=${limits.memoryMb * 1024 * 1024}`, `--cpu=${Math.ceil(limits.timeoutMs / 1000) + 1}`, '--', gs, ...gsArgs]]
    : [gs, gsArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4000) stderr += c.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, limits.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new EngineError('engine_unavailable', `ghostscript could not start: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new EngineError('engine_timeout', `ghostscript took longer than ${limits.timeoutMs} ms`));
      else if (code === 0) resolve();
      else reject(new EngineError('engine_failed', `ghostscript failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(0, 500)}`));
    });
  });
}
