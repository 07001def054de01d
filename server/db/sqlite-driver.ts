// The embedded default: SQLite through better-sqlite3, in WAL mode so status reads never wait for
// a writer. Each statement is synchronous (microseconds); the Sql interface wraps them in promises
// so the same repositories run on PostgreSQL. Transactions are taken one at a time (a queue), since
// one connection serves the whole process: BEGIN IMMEDIATE … COMMIT around the awaited function.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Row, Sql } from './sql';

/** The database file cannot be used: the server must not start (main.ts prints the message). */
export class DatabaseFileError extends Error {}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const ADVICE = 'Point FILECHECK_DATA_DIR at the server\'s own data directory (or an empty one), or restore the database from a backup.';

/**
 * Before opening: a zero-byte file (a full disk, an interrupted copy) would open as a new, empty
 * database and every job would be gone without a word; a file that is not SQLite at all would
 * fail later with an obscure error. Both stop the server with a plain message.
 */
function checkDatabaseFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return; // no database yet: a new one is created
  }
  if (!stat.isFile()) throw new DatabaseFileError(`${file} is not a file. ${ADVICE}`);
  if (stat.size === 0) throw new DatabaseFileError(`${file} is empty (0 bytes): the jobs it held are lost or were never written. ${ADVICE}`);
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new DatabaseFileError(`${file} is not an SQLite database. ${ADVICE}`);
}

/**
 * An SQLite file that is not ours (another application's tables, or a schema newer than this
 * server knows) must stop the server, not be written into or silently treated as empty.
 * `user_version` holds the last migration applied (migrate.ts keeps it in step).
 */
function checkOwnDatabase(sqlite: Database.Database, file: string, knownVersion: number): void {
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Row[]).map((r) => String(r.name));
  const fail = (why: string) => {
    sqlite.close();
    throw new DatabaseFileError(`${file} ${why}. ${ADVICE}`);
  };
  if (version === 0 && tables.length > 0) fail(`holds tables of another application (${tables.slice(0, 5).join(', ')})`);
  if (version > knownVersion) fail(`was written by a newer Filecheck server (schema ${version}, this one knows ${knownVersion})`);
  if (version > 0 && !tables.includes('jobs')) fail('is not a Filecheck database (no jobs table)');
}

export interface SqliteSql extends Sql {
  /** The better-sqlite3 handle (SQLite-only tests: pragmas such as max_page_count). */
  readonly sqlite: Database.Database;
}

export function openSqlite(dataDir: string, knownVersion: number): SqliteSql {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'jobs.db');
  checkDatabaseFile(file);
  const sqlite = new Database(file);
  checkOwnDatabase(sqlite, file, knownVersion);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // WAL + NORMAL: a committed job survives a process crash; only an OS crash may lose the last commits.
  sqlite.pragma('synchronous = NORMAL');

  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let s = statements.get(text);
    if (!s) {
      s = sqlite.prepare(text);
      statements.set(text, s);
    }
    return s;
  };
  // Transactions wait for each other: one connection, one transaction at a time.
  let queue: Promise<unknown> = Promise.resolve();
  // A statement from outside a transaction must not run inside another caller's open transaction
  // (one connection): it would see that transaction's uncommitted rows and be rolled back with it.
  // It waits until no transaction is open (statements run synchronously, so then it cannot
  // interleave).
  const outside = async () => {
    while (sqlite.inTransaction) await queue.catch(() => {});
  };

  const make = (inTransaction: boolean): SqliteSql => {
    const handle: SqliteSql = {
      dialect: 'sqlite',
      sqlite,
      inTransaction,
      async all(text, params = []) {
        if (!inTransaction) await outside();
        return prepare(text).all(...params) as Row[];
      },
      async get(text, params = []) {
        if (!inTransaction) await outside();
        return prepare(text).get(...params) as Row | undefined;
      },
      async run(text, params = []) {
        if (!inTransaction) await outside();
        return prepare(text).run(...params).changes;
      },
      async exec(text) {
        if (!inTransaction) await outside();
        sqlite.exec(text);
      },
      async transaction(fn) {
        if (inTransaction) return fn(handle);
        const tx = make(true);
        const run = queue.catch(() => {}).then(async () => {
          sqlite.exec('BEGIN IMMEDIATE');
          try {
            const result = await fn(tx);
            sqlite.exec('COMMIT');
            return result;
          } catch (err) {
            if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
            throw err;
          }
        });
        queue = run;
        return run;
      },
      async withTryLock(_key, fn) {
        return fn();
      },
      async close() {
        await queue.catch(() => {});
        if (sqlite.open) sqlite.close();
      },
    };
    return handle;
  };
  return make(false);
}
