// `npx filecheck …`: runs the CLI (filecheck.ts) and exits with its code once the output is
// flushed (pdf.js may leave handles open). Exit code 0 proceed, 1 cannot proceed, 2 usage/input
// error. The entry of the compiled CLI in the server package (dist/filecheck.mjs) and, through
// tsx, of bin/filecheck.mjs in the source tree.
import { main } from './filecheck';

let code = 2;
try {
  code = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`filecheck: internal error: ${(err as Error)?.stack ?? err}\n`);
}
process.stdout.write('', () => process.exit(code));
