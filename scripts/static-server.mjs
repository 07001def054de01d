// A small static file server for the demo and the e2e tests. Serves a directory; optional CORS
// (to act as a CDN on another origin) and an optional strict Content-Security-Policy.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.pdf': 'application/pdf', '.svg': 'image/svg+xml',
  '.map': 'application/json', '.bcmap': 'application/octet-stream', '.pfb': 'application/octet-stream', '.icc': 'application/vnd.iccprofile',
};

export function startStaticServer({ dir, port = 0, host = '127.0.0.1', cors = false, csp = null }) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = normalize(join(base, decodeURIComponent(url.pathname)));
    if (!path.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let info = await stat(path);
      if (info.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path);
      }
      const headers = { 'Content-Type': types[extname(path)] ?? 'application/octet-stream', 'Content-Length': info.size, 'Cache-Control': 'no-store' };
      if (cors) headers['Access-Control-Allow-Origin'] = '*';
      if (csp && path.endsWith('.html')) headers['Content-Security-Policy'] = csp;
      res.writeHead(200, headers);
      createReadStream(path).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => {
    server.listen(port, host, () => {
      const addr = server.address();
      ok({ server, url: `http://${host}:${addr.port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

// CLI: node scripts/static-server.mjs <dir> <port> [--cors] [--csp="<policy for HTML pages>"]
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [dir = '.', port = '5173'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const csp = process.argv.find((a) => a.startsWith('--csp='))?.slice('--csp='.length) || null;
  const { url } = await startStaticServer({ dir, port: Number(port), cors: process.argv.includes('--cors'), csp });
  console.log(`serving ${dir} at ${url}`);
}
