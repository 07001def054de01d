#!/usr/bin/env node
// `npx filecheck …`: registers tsx (the CLI shares the TypeScript sources of the widget and the
// server) and runs bin/filecheck.ts. Exit code 0 proceed, 1 cannot proceed, 2 usage/input error.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./filecheck.ts');
let code = 2;
try {
  code = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`filecheck: internal error: ${err?.stack ?? err}\n`);
}
// pdf.js may leave handles open; leave once the output is flushed.
process.stdout.write('', () => process.exit(code));
