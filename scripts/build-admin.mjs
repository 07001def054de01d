// The shop's portal (src/admin) as a static app in dist/admin, served by the reference server
// at /admin/. Run by scripts/build.mjs; `node scripts/build-admin.mjs` builds only the portal.
import { build } from 'vite';
import { pathToFileURL } from 'node:url';
import { jsx, root } from './vite-shared.mjs';

export async function buildAdmin() {
  await build({
    logLevel: process.env.VITE_LOG ?? 'warn',
    configFile: false,
    root: `${root}src/admin`,
    base: '/admin/',
    oxc: jsx,
    worker: { format: 'es' },
    build: {
      outDir: `${root}dist/admin`,
      emptyOutDir: true,
      target: 'es2022',
      // No inline <script>/<style> and no data: modules: the portal runs under script-src 'self'.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildAdmin();
