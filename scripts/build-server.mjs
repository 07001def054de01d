// The server package (@filecheck/server, server/package.json) as compiled JavaScript in server/dist/,
// so that `npx filecheck-server` and `npx filecheck` run without a TypeScript loader:
//   main.mjs            the reference server (server/main.ts), run by bin filecheck-server
//   filecheck.mjs       the CLI: check, fix, staff, mcp (bin/cli.ts), run by bin filecheck
//   verify-worker.mjs   a verification/remediation worker thread (server/verify-worker-thread.ts)
//   chunk-*.mjs         code shared by these (src/core, workers/, server/)
//   admin/              the shop's portal (dist/admin, built before this step)
//   default-workflows/  the demo workflows served when FILECHECK_WORKFLOWS_DIR is not set
//   migrations/         the schema migrations (server/db/migrations/<dialect>/NNN_*.sql), found by
//                       server/db/migrate.ts at './migrations/' next to its code, as in the source
// All files sit in one folder: the code finds its neighbours by `new URL('./…', import.meta.url)`
// (verify.ts, config.ts) and the portal by '../dist/admin' (app.ts), which from server/dist/ is
// server/dist/admin. npm packages stay imports; each must be a dependency in server/package.json
// (checked here, so a new server dependency cannot be forgotten there).
// esbuild rather than a Vite SSR build: one call with code splitting across three Node entries.
import { build } from 'esbuild';
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { pathToFileURL } from 'node:url';
import { root } from './vite-shared.mjs';

const out = `${root}server/dist`;

/** 'pdfjs-dist/legacy/build/pdf.mjs' → 'pdfjs-dist', '@tus/server' → '@tus/server'. */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

export async function buildServer() {
  await rm(out, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'server/main.ts', filecheck: 'bin/cli.ts', 'verify-worker': 'server/verify-worker-thread.ts' },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });

  const pkg = JSON.parse(await readFile(`${root}server/package.json`, 'utf8'));
  const builtins = new Set(builtinModules);
  const imported = new Set();
  for (const file of Object.values(result.metafile.outputs)) {
    for (const imp of file.imports) {
      if (!imp.external || imp.path.startsWith('node:') || builtins.has(imp.path)) continue;
      imported.add(packageOf(imp.path));
    }
  }
  const missing = [...imported].filter((name) => !pkg.dependencies?.[name]);
  if (missing.length) throw new Error(`server/package.json lacks dependencies the compiled server imports: ${missing.join(', ')}`);

  await cp(`${root}dist/admin`, `${out}/admin`, { recursive: true });
  await cp(`${root}server/db/migrations`, `${out}/migrations`, { recursive: true });
  await mkdir(`${out}/default-workflows`);
  for (const name of await readdir(`${root}demo/workflows`)) {
    if (name.endsWith('.json')) await cp(`${root}demo/workflows/${name}`, `${out}/default-workflows/${name}`);
  }
  return [...imported].sort();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(`server/dist imports ${(await buildServer()).join(', ')}`);
