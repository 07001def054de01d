// `npm run server`: the reference server with settings from the environment (see server/README.md).
import { createServer } from './app';
import { loadConfig } from './config';
import { DatabaseFileError } from './db';

let server: ReturnType<typeof createServer>;
const config = loadConfig();
try {
  server = createServer(config);
} catch (err) {
  // A database that is empty, foreign or newer: say what and stop (exit 1), never start empty.
  if (err instanceof DatabaseFileError) {
    console.error(`Filecheck server not started: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
let url: string;
try {
  url = await server.listen();
} catch (err) {
  // Migrations refused (a newer schema) or the database unreachable: say so and stop.
  console.error(`Filecheck server not started: ${(err as Error).message}`);
  process.exit(1);
}
const database = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
console.log(`Filecheck reference server on ${url} (role: ${config.role}, database: ${database}, data: ${config.dataDir}, workflows: ${config.workflowsDir})`);

// Uploads in flight are cut on shutdown; tus clients resume from the stored offset on restart.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
