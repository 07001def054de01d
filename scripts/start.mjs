// `npm start`: build the bundles, then run the reference server and serve the demo store.
//   demo store:        http://127.0.0.1:5173/demo/
//   reference server:  http://127.0.0.1:8787 (settings: see README, "Reference server")
//   store backend:     http://127.0.0.1:5180 (verifies the job at add-to-cart, demo/store-server.ts)
import { spawn, execFileSync } from 'node:child_process';
import { startStaticServer } from './static-server.mjs';

const port = Number(process.env.DEMO_PORT ?? 5173);
if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

// From source with tsx (development); the server package runs the compiled server/dist/main.mjs.
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit', env: process.env });
const store = spawn(process.execPath, ['--import', 'tsx', 'demo/store-server.ts'], {
  stdio: 'inherit',
  env: {
    STORE_WORKFLOW_ID: 'wf_business_cards',
    STORE_CART_URL: `http://127.0.0.1:${port}/demo/cart.html`,
    FILECHECK_ENDPOINT: `http://127.0.0.1:${process.env.FILECHECK_PORT ?? 8787}`,
    ...process.env,
  },
});
const demo = await startStaticServer({ dir: '.', port });
console.log(`\n  Demo store:  ${demo.url}/demo/\n`);

const stop = () => {
  server.kill('SIGTERM');
  store.kill('SIGTERM');
  void demo.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  if (code) console.error(`reference server exited with ${code}`);
});
