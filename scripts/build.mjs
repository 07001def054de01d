// Builds everything in dist/:
//   dist/chunks/      lazily loaded ES chunks: inspection worker (+ pdf.js), upload code
//   dist/filecheck.js the script-tag bundle (classic script, defines window.Filecheck)
//   dist/npm/         the npm ES module (+ its inspection worker in chunks/), dist/types/ its .d.ts
//   dist/demo-npm/    the demo storefront that uses the npm import
//   dist/demo-react/, dist/demo-vue/  the React and Vue storefronts, rendered on the server
//   dist/demo-examples/  the README's npm example
//   dist/server/      the Node server SDK; dist/admin/ the shop's portal
//   server/dist/      the server package: reference server, CLI, worker threads (compiled), portal
import { build } from 'vite';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { jsx, lazyAlias, minifyWidgetStyles, root } from './vite-shared.mjs';
import { buildFrameworkDemo, buildReadmeExample } from './build-framework-demos.mjs';
import { buildAdmin } from './build-admin.mjs';
import { buildServer } from './build-server.mjs';

/** Put the literal `new URL('./chunks/inspect.worker.js', import.meta.url)` back (see lazy.npm.ts). */
/** Whitespace/syntax-minify every ES chunk in `dir` in place (identifiers are already minified). */
async function minifyEsChunks(dir) {
  const { transform } = await import('esbuild');
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.js')) continue;
    const file = `${dir}/${name}`;
    const code = await readFile(file, 'utf8');
    const out = await transform(code, { minifyWhitespace: true, minifySyntax: true, format: 'esm', target: 'es2022', legalComments: 'none' });
    await writeFile(file, out.code);
  }
}

async function literalWorkerUrl(dir) {
  let found = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.js')) continue;
    const file = `${dir}/${name}`;
    const text = await readFile(file, 'utf8');
    const out = text
      .replace(/^(?:const|let|var) FC_WORKER_CHUNK = .*\n/m, '')
      .replace(/new URL\(FC_WORKER_CHUNK, import\.meta\.url\)/g, () => (found++, "new URL('./chunks/inspect.worker.js', import.meta.url)"));
    if (out !== text) await writeFile(file, out);
  }
  if (found !== 1) throw new Error(`expected one worker URL in dist/npm, found ${found}`);
}

/** The npm worker and the parts it loads on first need (each one file, no imports between them). */
const NPM_WORKER_PARTS = {
  'inspect.worker': 'workers/inspect.worker.ts',
  'inspect-pdf': 'workers/pdf/inspect-pdf.ts',
  pdfjs: 'workers/pdfjs-part.ts',
};

/**
 * parts.npm.ts names each part with `new URL(/* @vite-ignore *\/ './part.js', import.meta.url)` so
 * that our own build leaves it alone; the host's bundler must see the plain literal to copy the part.
 */
async function literalPartUrls(dir) {
  const text = await readFile(`${dir}/inspect.worker.js`, 'utf8');
  let found = 0;
  const out = text.replace(/new URL\(\s*\/\* @vite-ignore \*\/\s*("\.\/[\w.-]+\.js"),\s*import\.meta\.url\s*\)/g, (_m, url) => (found++, `new URL(${url}, import.meta.url)`));
  if (found !== Object.keys(NPM_WORKER_PARTS).length - 1) throw new Error(`expected ${Object.keys(NPM_WORKER_PARTS).length - 1} part URLs in the npm worker, found ${found}`);
  await writeFile(`${dir}/inspect.worker.js`, out);
}

/** Catalogues that ship as their own chunks: every src/core/messages/<locale>.ts but English (built in). */
const LOCALES = readdirSync(`${root}src/core/messages`)
  .filter((f) => /^[a-z]{2,3}(-[A-Za-z]+)?\.ts$/.test(f) && f !== 'en.ts')
  .map((f) => f.slice(0, -3));

const quiet = { logLevel: process.env.VITE_LOG ?? 'warn', configFile: false, root };

await rm(`${root}dist`, { recursive: true, force: true });

// 1. Chunks loaded on first use (worker and upload). ES modules, resolved relative to themselves.
await build({
  ...quiet,
  oxc: jsx,
  worker: { format: 'es' },
  build: {
    outDir: 'dist/chunks',
    emptyOutDir: true,
    target: 'es2022',
    minify: !process.env.FC_NO_MINIFY, // readable names in CPU profiles (bench/profile-pdf.ts)
    lib: {
      entry: {
        'inspect.worker': 'workers/inspect.worker.ts',
        transport: 'src/embed/transport-entry.ts',
        extras: 'src/embed/extras-entry.ts',
        pool: 'src/widget/inspector-pool.ts',
        evaluate: 'src/core/evaluator-entry.ts',
        workflow: 'src/embed/workflow-entry.ts',
        ...Object.fromEntries(LOCALES.map((l) => [`locale-${l}`, `src/core/messages/${l}.ts`])),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: { output: { chunkFileNames: '[name]-[hash].js' } },
  },
});

// 1b. The widget's view and the soft-proof view: Preact components rendered into the script-tag
//     bundle's tree, so they are built against that bundle's Preact, signals and catalogues
//     (scripts/runtime/*, see lazy.cdn.ts).
const runtime = (name) => `${root}scripts/runtime/${name}.js`;
await build({
  ...quiet,
  oxc: jsx,
  plugins: [minifyWidgetStyles()],
  resolve: {
    alias: [
      { find: /^preact\/jsx-runtime$/, replacement: runtime('jsx-runtime') },
      { find: /^preact\/hooks$/, replacement: runtime('hooks') },
      { find: /^@preact\/signals$/, replacement: runtime('signals') },
      { find: /^(\.\.\/)+core\/i18n$/, replacement: runtime('i18n') },
    ],
  },
  build: {
    outDir: 'dist/chunks',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    lib: { entry: { view: 'src/widget/view/entry.ts', 'proof-view': 'src/widget/view/ProofView.tsx' }, formats: ['es'], fileName: (_f, name) => `${name}.js` },
    rolldownOptions: { output: { chunkFileNames: '[name]-[hash].js' } },
  },
});

// 1c. Vite keeps whitespace in ES library builds (so a host's bundler can tree-shake them); these
//     chunks are loaded as they are, never re-bundled, so they get esbuild's whitespace/syntax
//     minification too (measured: the view 8.2 -> 7.2 KB gzip, about 1.5 KB off the first render).
//     Export names and `new URL(…, import.meta.url)` specifiers are kept by esbuild's transform.
if (!process.env.FC_NO_MINIFY) await minifyEsChunks(`${root}dist/chunks`);

// 2. The script-tag bundle: widget, gate and embed only; chunks load from next to it.
await build({
  ...quiet,
  oxc: jsx,
  resolve: { alias: [lazyAlias('cdn')] },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    minify: true,
    lib: { entry: 'src/embed/script-tag.ts', formats: ['iife'], name: 'FilecheckBundle', fileName: () => 'filecheck.js' },
  },
});

// 3. The npm ES module. Runtime dependencies stay external for the host's bundler.
await build({
  ...quiet,
  oxc: jsx,
  plugins: [minifyWidgetStyles()],
  resolve: { alias: [lazyAlias('npm')] },
  build: {
    outDir: 'dist/npm',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: {
      entry: { index: 'src/index.ts', core: 'src/core/index.ts', react: 'src/react/index.ts', vue: 'src/vue/index.ts' },
      formats: ['es'],
      fileName: (_f, name) => `${name}.js`,
    },
    // react.js keeps its 'use client' directive (React Server Components need it; e2e checks it).
    rolldownOptions: {
      external: [/^preact/, /^@preact\//, 'comlink', 'tus-js-client', /^pdfjs-dist/, /^react(-dom)?(\/|$)/, /^vue(\/|$)/],
      onwarn: (w, warn) => w.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(w),
    },
  },
});
// 3b. The npm build's inspection worker: the host's bundler re-bundles it, so it is built as
//     self-contained parts that load each other by URL (see workers/parts.npm.ts).
for (const [name, entry] of Object.entries(NPM_WORKER_PARTS)) {
  await build({
    ...quiet,
    oxc: jsx,
    resolve: { alias: [{ find: /^\.\.?\/parts$/, replacement: `${root}workers/parts.npm.ts` }] },
    build: {
      outDir: 'dist/npm/chunks',
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      lib: { entry: { [name]: entry }, formats: ['es'], fileName: (_f, n) => `${n}.js` },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
}
await literalPartUrls(`${root}dist/npm/chunks`);
await literalWorkerUrl(`${root}dist/npm`);

// 3c. The Node server SDK (`@filecheck/intake/server`): Node only, node:* built-ins stay imports.
await build({
  ...quiet,
  build: {
    outDir: 'dist/server',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    ssr: true,
    lib: { entry: { index: 'src/server-sdk/index.ts' }, formats: ['es'], fileName: (_f, name) => `${name}.js` },
    rolldownOptions: { external: [/^node:/] },
  },
});

// 4. Type declarations for the npm module.
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

// 5. The demo storefront built against the npm output, as a store's own bundler would do it.
await build({
  ...quiet,
  root: `${root}demo`,
  base: './',
  oxc: jsx,
  worker: { format: 'es' },
  resolve: { alias: [{ find: '@filecheck/intake', replacement: `${root}dist/npm/index.js` }] },
  build: {
    outDir: `${root}dist/demo-npm`,
    emptyOutDir: true,
    rolldownOptions: { input: { 'npm-store': `${root}demo/npm-store.html` } },
  },
});

// 6. The React and Vue storefronts (server-rendered, hydrated), see build-framework-demos.mjs.
await buildFrameworkDemo('react');
await buildFrameworkDemo('vue');
await buildReadmeExample();

// 7. The shop's portal (served by the reference server at /admin/).
await buildAdmin();

// 8. The server package (@filecheck/server): server, CLI and worker threads as compiled JavaScript in
//    server/dist/, with the portal and the demo workflows beside them (see build-server.mjs).
await buildServer();

console.log('built server/dist/, dist/admin/, dist/filecheck.js, dist/chunks/, dist/npm/, dist/server/, dist/types/, dist/demo-npm/, dist/demo-react/, dist/demo-vue/, dist/demo-examples/');
