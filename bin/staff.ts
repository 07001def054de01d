// `filecheck staff add|password|list`: staff accounts of the portal (/admin/), in the server's
// database. The first account can also come from FILECHECK_ADMIN_EMAIL / FILECHECK_ADMIN_PASSWORD.
// The password is read from stdin (one line) or FILECHECK_STAFF_PASSWORD, never from argv (it
// would show in the process list and the shell history).
import path from 'node:path';
import { createStaff } from '../server/admin/auth';
import { openDatabase } from '../server/db';
import type { CliIo } from './filecheck';

export const STAFF_USAGE = `Usage: filecheck staff add <email> [--data-dir <dir>] [--locale <bcp47>]
       filecheck staff password <email> [--data-dir <dir>]
       filecheck staff list [--data-dir <dir>]

Manages staff accounts of the portal (/admin/). The password is read from stdin (first line) or
from FILECHECK_STAFF_PASSWORD; at least 12 characters. The data directory defaults to
FILECHECK_DATA_DIR, else ./.data (the server's).`;

async function readPassword(stdin: NodeJS.ReadableStream): Promise<string> {
  if (process.env.FILECHECK_STAFF_PASSWORD) return process.env.FILECHECK_STAFF_PASSWORD;
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export async function staffMain(argv: string[], io: CliIo, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const [command, ...rest] = argv;
  let dataDir = process.env.FILECHECK_DATA_DIR || './.data';
  let locale: string | null = null;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--data-dir') dataDir = rest[++i] ?? '';
    else if (arg === '--locale') locale = rest[++i] ?? null;
    else positional.push(arg);
  }
  if (!command || !['add', 'password', 'list'].includes(command) || (command !== 'list' && positional.length !== 1) || !dataDir) {
    io.stderr(`${STAFF_USAGE}\n`);
    return 2;
  }
  // The server's own database: FILECHECK_DATABASE_URL when set (PostgreSQL), else SQLite in the data directory.
  const db = openDatabase({ dataDir: path.resolve(dataDir), databaseUrl: process.env.FILECHECK_DATABASE_URL || null });
  try {
    await db.migrate();
    if (command === 'list') {
      for (const r of await db.staff.list()) io.stdout(`${r.email}\t${r.createdAt}\n`);
      return 0;
    }
    const password = await readPassword(stdin);
    const user = await createStaff(db, positional[0]!, password, { replace: command === 'password', locale });
    io.stdout(`${command === 'add' ? 'created' : 'new password for'} ${user.email}\n`);
    return 0;
  } catch (err) {
    io.stderr(`filecheck staff: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await db.close();
  }
}
