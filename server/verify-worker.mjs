// Entry of a verification worker thread (see verify.ts). Plain ESM so it starts without a loader:
// it registers tsx (resolved next to this file, whatever the working directory) and then loads
// the TypeScript inspectors. One message in ({ id, path }), one answer out ({ id, result }).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { inspectFile } = await import('./inspect-file.ts');

let remediation = null; // server/remediate/worker-task.ts, loaded with the first remediation

parentPort.on('message', async (message) => {
  const { id, path } = message;
  let result;
  if (message.remediate) {
    try {
      remediation ??= await import('./remediate/worker-task.ts');
      result = await remediation.runRemediationTask(message.remediate);
    } catch (err) {
      result = { ok: false, error: { code: 'remediate_failed', message: String(err?.message ?? err) } };
    }
    parentPort.postMessage({ id, result });
    return;
  }
  try {
    result = await inspectFile(path);
  } catch (err) {
    result = { ok: false, sniffed: null, error: { code: 'inspect_failed', message: String(err?.message ?? err) } };
  }
  parentPort.postMessage({ id, result });
});
parentPort.postMessage({ ready: true });
