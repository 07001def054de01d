// `npm run test:server:s3`: the server suite's storage-touching tests (uploads, storage guard and
// expiry, restart/resume, remediation outputs, verification, small holes) run again with uploads
// and production files in a real S3-compatible server: one moto_server on loopback for the whole
// run (server/testing/s3-server.ts), a bucket per test data directory (server/test-support.ts).
import { spawn } from 'node:child_process';
import { startS3Server } from './s3-server';

const FILES = [
  'server/uploads.test.ts',
  'server/storage.test.ts',
  'server/restart.test.ts',
  'server/small-holes.test.ts',
  'server/verify.test.ts',
  'server/remediate/server.test.ts',
];

const s3 = await startS3Server();
console.log(`== S3-compatible server (moto) at ${s3.endpoint}`);
const vitest = spawn('npx', ['vitest', 'run', ...FILES, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FILECHECK_TEST_STORAGE: 's3', FILECHECK_TEST_S3_ENDPOINT: s3.endpoint },
});
let code = await new Promise<number>((resolve) => vitest.on('exit', (c) => resolve(c ?? 1)));
// The scaled-out setup on S3: two API instances and a worker on PostgreSQL with this S3 server
// as their shared storage (issue 15.5).
if (code === 0) {
  const scaled = spawn('npx', ['vitest', 'run', 'server/two-instances.test.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, FILECHECK_TEST_STORAGE: 's3', FILECHECK_TEST_S3_ENDPOINT: s3.endpoint, FILECHECK_TEST_DB: 'postgres' },
  });
  code = await new Promise<number>((resolve) => scaled.on('exit', (c) => resolve(c ?? 1)));
}
s3.stop();
process.exit(code);
