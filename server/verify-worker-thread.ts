// The body of a verification worker thread (see verify.ts): one message in ({ id, path } or
// { id, remediate }), one answer out ({ id, result }). Started by verify-worker.mjs in the source
// tree (through tsx) and compiled to dist/verify-worker.mjs for the server package (no loader).
import { parentPort } from 'node:worker_threads';
import { inspectFile } from './inspect-file';
import type { Measures } from '../src/core/measures';

type RemediationModule = typeof import('./remediate/worker-task');
let remediation: Promise<RemediationModule> | null = null; // loaded with the first remediation

const port = parentPort;
if (!port) throw new Error('verify-worker-thread runs only in a worker thread');

port.on('message', async (message: { id: number; path: string; measures?: Measures; remediate?: Parameters<RemediationModule['runRemediationTask']>[0] }) => {
  const { id, path } = message;
  let result: unknown;
  if (message.remediate) {
    try {
      remediation ??= import('./remediate/worker-task');
      result = await (await remediation).runRemediationTask(message.remediate);
    } catch (err) {
      remediation = null;
      result = { ok: false, error: { code: 'remediate_failed', message: String((err as Error)?.message ?? err) } };
    }
    port.postMessage({ id, result });
    return;
  }
  try {
    result = await inspectFile(path, message.measures);
  } catch (err) {
    result = { ok: false, sniffed: null, error: { code: 'inspect_failed', message: String((err as Error)?.message ?? err) } };
  }
  port.postMessage({ id, result });
});
port.postMessage({ ready: true });
