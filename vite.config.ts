// Development server for the demo pages, straight from source (`npm run dev`). The built
// bundles used by `npm start` and the e2e tests are made by scripts/build.mjs.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  worker: { format: 'es' },
  resolve: {
    alias: [{ find: '@filecheck/intake', replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }],
  },
  server: { port: 5173, host: '127.0.0.1' },
});
