// The React and Vue storefront demos (demo/react-app, demo/vue-app), built as a store would build
// them: against the npm output (dist/npm) through the package's export names, with Vite's default
// settings (no worker options), then rendered on the server in Node and written into the page,
// which the browser hydrates. Output: dist/demo-react/, dist/demo-vue/ (e2e/frameworks.spec.ts),
// and the README's npm example: dist/demo-examples/ (e2e/readme-examples.spec.ts).
import { build } from 'vite';
import vue from '@vitejs/plugin-vue';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { root } from './vite-shared.mjs';

/** `@filecheck/intake[/react|/vue]` as the package's exports map resolves them. */
const packageAlias = [
  { find: /^@filecheck\/intake\/react$/, replacement: `${root}dist/npm/react.js` },
  { find: /^@filecheck\/intake\/vue$/, replacement: `${root}dist/npm/vue.js` },
  { find: /^@filecheck\/intake$/, replacement: `${root}dist/npm/index.js` },
];

const DEMOS = {
  // React's development build: StrictMode then really mounts, unmounts and mounts again, which
  // the e2e test needs to see (the production build skips the rehearsal).
  react: { dir: 'react-app', entry: 'src/entry-server.tsx', plugins: [], oxc: { jsx: { runtime: 'automatic', importSource: 'react' } }, mode: 'development' },
  vue: { dir: 'vue-app', entry: 'src/entry-server.ts', plugins: [vue()], oxc: undefined, mode: 'production' },
};

export async function buildFrameworkDemo(name) {
  const demo = DEMOS[name];
  const base = {
    logLevel: process.env.VITE_LOG ?? 'warn',
    configFile: false,
    root: `${root}demo/${demo.dir}`,
    base: './',
    mode: demo.mode,
    define: { 'process.env.NODE_ENV': JSON.stringify(demo.mode) },
    plugins: demo.plugins,
    ...(demo.oxc ? { oxc: demo.oxc } : {}),
    resolve: { alias: packageAlias },
    // 'use client' is for React Server Components; a client bundle may drop it (Vite says so).
    build: { chunkSizeWarningLimit: 4096, rolldownOptions: { checks: { pluginTimings: false }, onwarn: (w, warn) => w.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(w) } },
  };
  const outDir = `${root}dist/demo-${name}`;
  const ssrDir = `${root}dist/.ssr-${name}`;
  await build({ ...base, build: { ...base.build, outDir, emptyOutDir: true } });
  await build({ ...base, build: { ...base.build, outDir: ssrDir, emptyOutDir: true, ssr: demo.entry } });
  const { render } = await import(pathToFileURL(`${ssrDir}/entry-server.js`).href);
  const page = `${outDir}/index.html`;
  const html = await readFile(page, 'utf8');
  if (!html.includes('<!--app-html-->')) throw new Error(`${page} has no <!--app-html--> placeholder`);
  await writeFile(page, html.replace('<!--app-html-->', await render()));
  await rm(ssrDir, { recursive: true, force: true });
}

/** The README's npm example (demo/examples/npm.ts), built as a store's Vite app would build it. */
export async function buildReadmeExample() {
  await build({
    logLevel: process.env.VITE_LOG ?? 'warn',
    configFile: false,
    root: `${root}demo/examples`,
    base: './',
    resolve: { alias: packageAlias },
    build: { outDir: `${root}dist/demo-examples`, emptyOutDir: true, rolldownOptions: { checks: { pluginTimings: false }, input: { npm: `${root}demo/examples/npm.html` } } },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const name of process.argv.slice(2).length ? process.argv.slice(2) : [...Object.keys(DEMOS), 'examples']) {
    await (name === 'examples' ? buildReadmeExample() : buildFrameworkDemo(name));
  }
}
