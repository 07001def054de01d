#!/usr/bin/env node
// `filecheck …` in the source tree: registers tsx (the CLI shares the TypeScript sources of the
// widget and the server) and runs bin/cli.ts. The server package runs the compiled
// dist/filecheck.mjs instead (scripts/build-server.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
