// A throw-away S3-compatible server for tests and benchmarks, on loopback: moto's `moto_server`
// (in-memory, speaks the whole multipart API @tus/s3-store uses). Nothing here is a mock of our
// code: the server under test talks to it with @aws-sdk/client-s3 as it would to AWS.
//
// Why not s3rver (npm): measured with @aws-sdk/client-s3 against s3rver 3.7.1, ListParts and
// AbortMultipartUpload answer 405 MethodNotAllowed (routes.js has no handler for them), and
// @tus/s3-store needs both (the offset of an upload in progress; removing one). The other npm S3
// servers found (@20minutes/s3rver 5, fauxqs 2) need Node 24 / 22.5 and have no ListParts either.
// moto 5 answered every call: CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload,
// AbortMultipartUpload (then NoSuchUpload), and the plain objects for `.info` / `.part`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

export interface S3TestServer {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  stop(): void;
}

/** The moto_server command, or null when it is not installed (.ci/run installs it when missing). */
export function motoServerCommand(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || null : null;
}


export async function startS3Server(timeoutMs = 60_000): Promise<S3TestServer> {
  const command = motoServerCommand();
  if (!command) throw new Error('moto_server is not installed; .ci/run installs it (Debian python3-moto) when missing');
  const port = await freePort();
  // moto logs every request: to a file, never a pipe (a parent blocked in spawnSync would stop
  // reading it, the pipe would fill and moto would hang mid-request).
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-s3-')), 'moto.log');
  const logFd = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const tail = () => fs.readFileSync(logFile, 'utf8').slice(-4000);
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  };
  process.once('exit', stop);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${tail()}`);
    const up = await fetch(`${endpoint}/`).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      stop();
      throw new Error(`moto_server did not start within ${timeoutMs} ms: ${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, stop };
}
