// Job changes across instances with PostgreSQL LISTEN/NOTIFY: each instance sends the ids of the
// jobs it changed on one channel and passes the others' on to its own listeners (events.ts).
// Notifications are a wake-up, not the data: a listener reads the job from the database, so a
// lost one costs only a delay (long polls time out and SSE clients reconnect and re-read).
import crypto from 'node:crypto';
import pg from 'pg';
import type { Database } from './db';
import type { JobEvents } from './events';

export const JOBS_CHANNEL = 'filecheck_jobs';

export interface JobRelay {
  close(): Promise<void>;
}

export async function startJobRelay(databaseUrl: string, events: JobEvents, db: Database): Promise<JobRelay> {
  const me = crypto.randomBytes(6).toString('hex');
  let closed = false;
  const listener = new pg.Client({ connectionString: databaseUrl });
  listener.on('error', (err) => {
    if (!closed) console.error('[filecheck-server] job relay', err.message);
  });
  listener.on('notification', (n) => {
    const [from, jobId] = (n.payload ?? '').split(' ');
    if (from !== me && jobId) events.emitLocal(jobId);
  });
  await listener.connect();
  await listener.query(`LISTEN ${JOBS_CHANNEL}`);
  events.relay = (jobId) => {
    if (closed) return;
    db.sql.run('SELECT pg_notify(?, ?)', [JOBS_CHANNEL, `${me} ${jobId}`]).catch((err: Error) => {
      if (!closed) console.error('[filecheck-server] job relay notify', err.message);
    });
  };
  return {
    async close() {
      closed = true;
      events.relay = null;
      await listener.end().catch(() => {});
    },
  };
}
