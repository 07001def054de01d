// Schema migrations, run at start: numbered SQL files per dialect (migrations/sqlite/NNN_name.sql,
// migrations/postgres/NNN_name.sql), each applied once and recorded in schema_migrations.
// - PostgreSQL: all pending files in one transaction that first takes an advisory lock, so two
//   instances starting at once apply them once (the second waits, then finds nothing to do).
// - SQLite: one transaction per file; user_version follows the last one applied (an older server
//   refuses a newer schema, see sqlite-driver.ts). Databases from before schema_migrations
//   existed have only user_version: those versions count as applied.
import fs from 'node:fs';
import type { Dialect, Sql } from './sql';

export interface Migration {
  version: number;
  name: string;
  text: string;
}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
/** Arbitrary constant that names "Filecheck migrations" among advisory locks. */
const MIGRATION_LOCK = 7_411_500_001;

const cache = new Map<Dialect, Migration[]>();

export function migrationsOf(dialect: Dialect): Migration[] {
  let list = cache.get(dialect);
  if (!list) {
    const dir = new URL(`./migrations/${dialect}/`, import.meta.url);
    list = fs.readdirSync(dir).flatMap((name) => {
      const m = FILE.exec(name);
      return m ? [{ version: Number(m[1]), name: m[2]!, text: fs.readFileSync(new URL(name, dir), 'utf8') }] : [];
    }).sort((a, b) => a.version - b.version);
    list.forEach((m, i) => {
      if (m.version !== i + 1) throw new Error(`migrations/${dialect}: expected version ${i + 1}, found ${m.version}`);
    });
    cache.set(dialect, list);
  }
  return list;
}

/** The version a fully migrated database of this dialect has. */
export const schemaVersion = (dialect: Dialect) => migrationsOf(dialect).length;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** Apply what is pending; returns the versions applied now. */
export async function migrate(sql: Sql): Promise<number[]> {
  const all = migrationsOf(sql.dialect);
  if (sql.dialect === 'postgres') {
    return sql.transaction(async (tx) => {
      await tx.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
      await tx.exec(CREATE_TABLE);
      return applyPending(tx, all);
    });
  }
  await sql.exec(CREATE_TABLE);
  const legacy = Number((await sql.get('PRAGMA user_version'))?.user_version ?? 0);
  if (legacy > 0) {
    for (const m of all.slice(0, legacy)) {
      await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [m.version, m.name, new Date().toISOString()]);
    }
  }
  const applied: number[] = [];
  for (const m of all) {
    const done = await sql.transaction(async (tx) => {
      const n = await applyPending(tx, [m]);
      if (n.length) await tx.exec(`PRAGMA user_version = ${m.version}`);
      return n;
    });
    applied.push(...done);
  }
  return applied;
}

async function applyPending(tx: Sql, list: Migration[]): Promise<number[]> {
  const done = new Set((await tx.all('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const m of list) {
    if (done.has(m.version)) continue;
    await tx.exec(m.text);
    await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
    applied.push(m.version);
  }
  return applied;
}

/** Versions recorded as applied (readiness: all of this server's must be there). */
export async function appliedVersions(sql: Sql): Promise<number[]> {
  const rows = await sql.all('SELECT version FROM schema_migrations ORDER BY version').catch(() => []);
  return rows.map((r) => Number(r.version));
}
