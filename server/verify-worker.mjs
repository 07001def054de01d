// Entry of a verification worker thread in the source tree (see verify.ts). Plain ESM so it starts
// without a loader: it registers tsx (resolved next to this file, whatever the working directory)
// and runs verify-worker-thread.ts. The server package runs the compiled dist/verify-worker.mjs
// instead (scripts/build-server.mjs), which needs no loader: a thread's start costs about 0.14 s of
// CPU instead of 0.64 s (bench/verify-worker-start.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker-thread.ts');
