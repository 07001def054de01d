// A reference server as a real process (`node --import tsx server/main.ts`) for tests that need
// several instances or must kill one with SIGKILL mid-work (roles, two-instance tests).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProc {
  readonly url: string;
  readonly pid: number;
  /** Everything the process wrote to stderr so far. */
  readonly stderr: string;
  /** SIGKILL: no shutdown, no lease given back. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit (graceful stop). */
  stop(): Promise<void>;
}

/** Start one; resolves once it printed its URL. `env` adds FILECHECK_* settings. */
export async function spawnServer(env: Record<string, string>, name = 'server'): Promise<ServerProc> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FILECHECK_PORT: '0', FILECHECK_HOST: '127.0.0.1', ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (process.env.FILECHECK_TEST_VERBOSE) process.stderr.write(`[${name}] ${d.toString()}`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s\n${out}\n${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /server on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}\n${out}\n${stderr}`));
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    pid: child.pid!,
    get stderr() {
      return stderr;
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      await exited;
    },
  };
}
