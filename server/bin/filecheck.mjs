#!/usr/bin/env node
// bin `filecheck` of @filecheck/server: the compiled CLI (../dist/filecheck.mjs, made by
// `npm run build`). A committed launcher, so that npm links the bin in the repository before the
// first build too (it skips bins whose file is missing).
await import('../dist/filecheck.mjs').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/filecheck.mjs')) throw err;
  console.error('filecheck: server/dist is missing; run `npm run build` in the repository first');
  process.exit(2);
});
