// PostgreSQL through `pg`: a pool of connections; a transaction takes one connection for its
// whole length. Parameters are written `?` in the shared SQL and numbered ($1, $2, …) here.
// BIGINT columns (sizes, times in ms, counts) come back as numbers: every value we store fits
// in 2^53.
import pg from 'pg';
import type { Row, Sql } from './sql';

const numbered = new Map<string, string>();

/** `?` → `$n`. The shared SQL has no `?` inside string literals. */
export function toPg(text: string): string {
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, out);
  }
  return out;
}

const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresSql extends Sql {
  readonly pool: pg.Pool;
}

export function openPostgres(url: string, options: { max?: number } = {}): PostgresSql {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle connection that breaks (database restart) must not take the process down.
  pool.on('error', (err) => console.error('[filecheck-server] postgres connection', err.message));

  const make = (q: pg.Pool | pg.PoolClient, inTransaction: boolean): PostgresSql => {
    const handle: PostgresSql = {
      dialect: 'postgres',
      pool,
      inTransaction,
      async all(text, params = []) {
        return (await q.query(toPg(text), params)).rows as Row[];
      },
      async get(text, params = []) {
        return (await q.query(toPg(text), params)).rows[0] as Row | undefined;
      },
      async run(text, params = []) {
        return (await q.query(toPg(text), params)).rowCount ?? 0;
      },
      async exec(text) {
        await q.query(text);
      },
      async transaction(fn) {
        if (inTransaction) return fn(handle);
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(make(client, true));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      },
      async withTryLock(key, fn) {
        const client = await pool.connect();
        try {
          const got = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [key]);
          if (!got.rows[0]?.ok) return null;
          try {
            return await fn();
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
          }
        } finally {
          client.release();
        }
      },
      async close() {
        await pool.end();
      },
    };
    return handle;
  };
  return make(pool, false);
}
