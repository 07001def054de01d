#!/usr/bin/env node
// bin `filecheck-server` of @filecheck/server: the compiled reference server (../dist/main.mjs, made
// by `npm run build`). A committed launcher, so that npm links the bin in the repository before the
// first build too (it skips bins whose file is missing).
await import('../dist/main.mjs').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/main.mjs')) throw err;
  console.error('filecheck-server: server/dist is missing; run `npm run build` in the repository first');
  process.exit(2);
});
