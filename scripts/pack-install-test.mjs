// The two packages as a store developer gets them (issue 17.1): `npm pack` the browser SDK
// (@filecheck/intake, the root) and the server package (@filecheck/server, server/), install the
// tarballs into a scratch project in a temporary directory, then use them:
//   - neither tarball holds tests, fixtures, demos (the server's default workflows excepted) or
//     TypeScript sources (.d.ts excepted);
//   - the browser package installs without the server's dependencies (no better-sqlite3, @tus/server,
//     sharp, tsx…), its Node SDK (@filecheck/intake/server) loads in Node and its types check;
//   - `npx filecheck-server` starts on a free port with a temporary data directory, answers
//     /v1/health, takes a job and a tus upload of a real PDF, and its worker thread gives a verdict
//     (and, for a PDF without bleed, a fixed production file); the portal is served;
//   - `npx filecheck check` prints verdicts for a good and a bad PDF (exit 0 and 1), `filecheck fix`
//     writes a production file, `filecheck mcp` answers an MCP client over stdio;
//   - tsx is nowhere in the scratch install, so the server, CLI and worker threads ran compiled code.
// Run by `npm test` after `npm run build` (it packs what the build made): `node scripts/pack-install-test.mjs`.
// Installs use the npm cache (--prefer-offline); better-sqlite3 takes the repository's own binary
// through npm's prebuild cache (see seedBetterSqlitePrebuild; PACK_TEST_COMPILE=1 compiles it from
// source with python3, make, g++ instead), and the install time is printed.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, rgb } from 'pdf-lib';
import { Upload } from 'tus-js-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { root } from './vite-shared.mjs';

const run = promisify(execFile);
const PK = 'pk_test_pack';
const SK = 'sk_test_pack';
const started = performance.now();
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

// npm run sets npm_* variables (workspace, package name, lifecycle): the scratch installs must not see them.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const npm = (args, cwd, timeout = 300_000) => run('npm', args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 });

for (const built of ['dist/npm/index.js', 'dist/filecheck.js', 'server/dist/main.mjs', 'server/dist/verify-worker.mjs']) {
  if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run npm run build first`);
}

const scratch = mkdtempSync(join(tmpdir(), 'filecheck-pack-'));
let server = null;
let seeded = null;
try {
  // 1. Pack both packages and look inside.
  const packed = {};
  for (const [name, args] of [['intake', []], ['server', ['--workspace', 'server']]]) {
    const { stdout } = await npm(['pack', '--json', '--pack-destination', scratch, ...args], root);
    const [info] = JSON.parse(stdout);
    packed[name] = info;
    console.log(`packed ${info.filename}: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KB (unpacked ${(info.unpackedSize / 1024 / 1024).toFixed(1)} MB)`);
  }
  const forbidden = (path) =>
    /(^|\/)(test|tests|e2e|__tests__|fixtures?|testing|demo[^/]*)\//.test(path) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(path) ||
    /test-(support|fixtures)/.test(path) ||
    (/\.(ts|tsx|mts|cts)$/.test(path) && !/\.d\.[cm]?ts$/.test(path));
  for (const [name, info] of Object.entries(packed)) {
    const bad = info.files.map((f) => f.path).filter(forbidden);
    check(bad.length === 0, `${info.name} tarball has no tests, fixtures, demos or TypeScript sources${bad.length ? `: ${bad.slice(0, 10).join(', ')}` : ''}`);
    if (name === 'intake') {
      const serverSide = info.files.map((f) => f.path).filter((p) => /^(server|bin|src|workers)\//.test(p) || p.startsWith('dist/admin') || p.startsWith('dist/demo'));
      check(serverSide.length === 0, `@filecheck/intake tarball has no server, CLI, portal or demo files${serverSide.length ? `: ${serverSide.slice(0, 5).join(', ')}` : ''}`);
    } else {
      const paths = new Set(info.files.map((f) => f.path));
      check(['bin/filecheck-server.mjs', 'bin/filecheck.mjs', 'dist/main.mjs', 'dist/filecheck.mjs', 'dist/verify-worker.mjs', 'dist/admin/index.html', 'dist/default-workflows/wf_flyer_a5.json'].every((p) => paths.has(p)), '@filecheck/server tarball has the server, CLI, worker, portal and default workflows');
    }
  }

  // 2. A scratch project installs the browser package alone.
  const app = join(scratch, 'app');
  mkdirSync(app);
  // npm 11 runs dependencies' install scripts only when the project allows them: better-sqlite3
  // needs its own (a prebuilt binary or a compile), as in any project that installs the server.
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-store', private: true, type: 'module', allowScripts: { 'better-sqlite3': true, sharp: true } }, null, 2));
  const installFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  let t = performance.now();
  await npm(['install', join(scratch, packed.intake.filename), ...installFlags], app);
  console.log(`installed @filecheck/intake in ${seconds(t)}`);
  const has = (pkg) => existsSync(join(app, 'node_modules', pkg, 'package.json'));
  const serverDeps = ['better-sqlite3', '@tus/server', '@tus/file-store', 'sharp', 'tsx', 'pdf-lib', 'pdfjs-dist', '@modelcontextprotocol/sdk', 'zod', 'pg', 'esbuild'];
  const leaked = serverDeps.filter(has);
  check(leaked.length === 0, `@filecheck/intake installs without server packages${leaked.length ? ` (found ${leaked.join(', ')})` : ''}`);
  check(['preact', '@preact/signals', 'comlink', 'tus-js-client'].every(has), '@filecheck/intake brings preact, @preact/signals, comlink, tus-js-client');
  const sdk = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('@filecheck/intake/server'); console.log(typeof m.Filecheck)"], { cwd: app, env });
  check(sdk.stdout.trim() === 'function', 'the Node SDK @filecheck/intake/server loads in Node from the browser package');
  // A store's TypeScript sees the published types without the server's or pdf.js's packages
  // (skipLibCheck off, so every .d.ts it reaches is checked).
  writeFileSync(join(app, 'types-check.ts'), [
    "import { Filecheck, type StatusPayload } from '@filecheck/intake';",
    "import { Filecheck as ServerSdk } from '@filecheck/intake/server';",
    "import * as core from '@filecheck/intake/core';",
    'const payload: StatusPayload | null = null;',
    'console.log(Filecheck, ServerSdk, core, payload);',
  ].join('\n'));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2023', 'DOM'], types: [] }, files: ['types-check.ts'] }));
  const tsc = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', app], { cwd: app, env }).then(() => '', (e) => `${e.stdout}${e.stderr}`);
  check(tsc === '', `the browser package's types check in a store's TypeScript project (strict, skipLibCheck off)${tsc ? `\n${tsc}` : ''}`);

  // 3. Then the server package.
  seeded = await seedBetterSqlitePrebuild();
  t = performance.now();
  // node-gyp compiles better-sqlite3's two sources in parallel when there is no prebuilt binary.
  await run('npm', ['install', join(scratch, packed.server.filename), ...installFlags], { cwd: app, env: { ...env, JOBS: 'max' }, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  const sqliteBinary = existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
  console.log(`installed @filecheck/server in ${seconds(t)} (better-sqlite3 ${!sqliteBinary ? 'missing its binary' : seeded ? "binary from the repository's install" : 'compiled or prebuilt'})`);
  check(!has('tsx'), 'tsx is not installed with the server package (it runs compiled JavaScript)');

  // 4. `npx filecheck-server`, a job, a tus upload of a real PDF, a verdict from a worker thread.
  const port = await freePort();
  const dataDir = join(scratch, 'data');
  server = spawn('npx', ['--no-install', 'filecheck-server'], {
    cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, FILECHECK_PORT: String(port), FILECHECK_DATA_DIR: dataDir, FILECHECK_PUBLISHABLE_KEY: PK, FILECHECK_SECRET_KEY: SK },
  });
  let serverOut = '';
  server.stdout.on('data', (d) => (serverOut += d));
  server.stderr.on('data', (d) => (serverOut += d));
  const base = `http://127.0.0.1:${port}`;
  t = performance.now();
  const healthy = await until(async () => (await fetch(`${base}/v1/health`).catch(() => null))?.status === 200, 30_000);
  check(healthy, `npx filecheck-server answers /v1/health (${seconds(t)})${healthy ? '' : `\n${serverOut}`}`);
  if (healthy) {
    const job = await createJob(base);
    check(job !== null, 'POST /v1/jobs for the default workflow wf_flyer_a5');
    const uploaded = job && (await tusUpload(base, job, await flyerPdf(148, 210, 3)));
    check(uploaded === true, `tus upload of a real A5 PDF${uploaded === true ? '' : `: ${uploaded}`}`);
    const body = job && (await settled(base, job.id));
    const file = body?.files?.[0];
    check(file?.facts?.pdf?.pageCount === 1 && body.canProceed === true, `the server's worker thread inspected the stored PDF and gave a verdict (${body?.status}, canProceed ${body?.canProceed}, state ${file?.state}${file?.error ? `, ${file.error.code}: ${file.error.message}` : ''})`);
    // Without bleed (autofix in wf_flyer_a5): the worker thread loads the remediation code on demand.
    const job2 = await createJob(base);
    const uploaded2 = job2 && (await tusUpload(base, job2, await flyerPdf(148, 210, 0)));
    const fixed = uploaded2 === true ? await settled(base, job2.id, (f) => f.outputs?.length > 0) : null;
    const fixedFile = fixed?.files?.[0];
    check(fixedFile?.outcome === 'fixed' && fixedFile.outputs?.[0]?.format === 'pdf' && fixed.canProceed === true, `an A5 PDF without bleed comes back fixed with a production PDF (outcome ${fixedFile?.outcome}, outputs ${fixedFile?.outputs?.length ?? 0})`);
    const portal = await fetch(`${base}/admin/`);
    check(portal.status === 200 && /<script/.test(await portal.text()), 'the portal is served at /admin/');
  }
  process.kill(-server.pid, 'SIGTERM');
  server = null;

  // 5. `npx filecheck check` on a good and a wrong-size PDF.
  writeFileSync(join(scratch, 'good.pdf'), await flyerPdf(148, 210, 3));
  writeFileSync(join(scratch, 'small.pdf'), await flyerPdf(105, 148, 3));
  const workflow = join(app, 'node_modules/@filecheck/server/dist/default-workflows/wf_flyer_a5.json');
  const cli = (file) => run('npx', ['--no-install', 'filecheck', 'check', '--workflow', workflow, file], { cwd: app, env, timeout: 120_000 }).then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
  t = performance.now();
  const ok = await cli(join(scratch, 'good.pdf'));
  check(ok.code === 0 && /can proceed/.test(ok.stdout), `npx filecheck check prints "can proceed" for an A5 PDF, exit 0 (${seconds(t)})${ok.code === 0 ? '' : `\n${ok.stdout}${ok.stderr}`}`);
  const bad = await cli(join(scratch, 'small.pdf'));
  check(bad.code === 1 && /cannot proceed/.test(bad.stdout) && /geom\.page_size/.test(bad.stdout), `npx filecheck check prints "cannot proceed" (geom.page_size) for an A6 PDF, exit 1${bad.code === 1 ? '' : `\n${bad.stdout}${bad.stderr}`}`);

  writeFileSync(join(scratch, 'no-bleed.pdf'), await flyerPdf(148, 210, 0));
  const fix = await run('npx', ['--no-install', 'filecheck', 'fix', '--workflow', workflow, '--out', join(scratch, 'fixed'), join(scratch, 'no-bleed.pdf')], { cwd: app, env, timeout: 120_000 }).then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
  check(fix.code === 0 && existsSync(join(scratch, 'fixed/no-bleed.pdf')), `npx filecheck fix writes the production file with bleed, exit 0${fix.code === 0 ? '' : `\n${fix.stdout}${fix.stderr}`}`);

  // `npx filecheck mcp`: an agent's client lists the tools and checks a file over stdio.
  const mcp = new Client({ name: 'pack-test', version: '1.0.0' });
  await mcp.connect(new StdioClientTransport({ command: 'npx', args: ['--no-install', 'filecheck', 'mcp'], cwd: app, env, stderr: 'pipe' }));
  try {
    const { tools } = await mcp.listTools();
    const judged = await mcp.callTool({ name: 'check_file', arguments: { paths: [join(scratch, 'good.pdf')], workflowId: 'wf_flyer_a5' } });
    check(tools.some((t) => t.name === 'check_file') && judged.structuredContent?.canProceed === true, `npx filecheck mcp offers ${tools.map((t) => t.name).join(', ')} and check_file judges a file with a default workflow`);
  } finally {
    await mcp.close();
  }

  check(!has('tsx') && !existsSync(join(app, 'node_modules/.bin/tsx')), 'no tsx anywhere in the scratch install after running the server, its workers and the CLI');
} finally {
  if (server) process.kill(-server.pid, 'SIGTERM');
  if (seeded) rmSync(seeded, { force: true });
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`\npack-and-install test: ${failures.length ? `${failures.length} failed` : 'all passed'} in ${seconds(started)}`);
process.exit(failures.length ? 1 : 0);

/**
 * better-sqlite3 compiles from source here (no prebuilt binary can be downloaded): 1.5 min of CPU,
 * 4 min on a busy 2-core machine, for code that is not ours and that `npm ci` compiled for this
 * repository moments before. So the repository's binary (same version, same Node ABI) goes into
 * npm's prebuild cache, where better-sqlite3's installer (prebuild-install) looks before compiling,
 * and is removed again afterwards. PACK_TEST_COMPILE=1 compiles instead. Returns the cache file made.
 */
async function seedBetterSqlitePrebuild() {
  const pkgDir = join(root, 'node_modules/better-sqlite3');
  const binary = join(pkgDir, 'build/Release/better_sqlite3.node');
  if (process.env.PACK_TEST_COMPILE === '1' || !existsSync(binary)) return null;
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  // prebuild-install's download URL and cache name (prebuild-install/util.js: getDownloadUrl, cachedPrebuild)
  const url = `https://github.com/WiseLibs/better-sqlite3/releases/download/v${version}/better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const cacheDir = join((await npm(['config', 'get', 'cache'], root)).stdout.trim(), '_prebuilds');
  const file = join(cacheDir, `${createHash('sha512').update(url).digest('hex').slice(0, 6)}-${basename(url).replace(/[^a-zA-Z0-9.]+/g, '-')}`);
  if (existsSync(file)) return null; // already cached: leave it as it is
  mkdirSync(cacheDir, { recursive: true });
  await run('tar', ['-czf', file, '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  return file;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function until(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** A one-page flyer of the given trim size and bleed (TrimBox/BleedBox when there is bleed), grey background. */
async function flyerPdf(widthMm, heightMm, bleedMm) {
  const pt = (mm) => (mm * 72) / 25.4;
  const doc = await PDFDocument.create();
  const b = pt(bleedMm);
  const page = doc.addPage([pt(widthMm) + 2 * b, pt(heightMm) + 2 * b]);
  if (b > 0) {
    page.setTrimBox(b, b, pt(widthMm), pt(heightMm));
    page.setBleedBox(0, 0, pt(widthMm) + 2 * b, pt(heightMm) + 2 * b);
  }
  page.drawRectangle({ x: 0, y: 0, width: page.getWidth(), height: page.getHeight(), color: rgb(0.9, 0.9, 0.9) });
  return Buffer.from(await doc.save());
}

async function createJob(base) {
  const res = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ workflowId: 'wf_flyer_a5' }) });
  return res.status === 201 ? res.json() : null;
}

/** A real tus client upload; resolves true or with the error. */
function tusUpload(base, job, bytes) {
  return new Promise((resolve) => {
    new Upload(bytes, {
      endpoint: `${base}/v1/uploads/`, headers: { Authorization: `Bearer ${job.token}` }, retryDelays: null,
      metadata: { jobId: job.id, filename: 'flyer.pdf', fileId: 'f1', filetype: 'application/pdf' },
      onSuccess: () => resolve(true), onError: (err) => resolve(err),
    }).start();
  });
}

/** GET /v1/jobs/:id until its one file is judged (and `done(file)` holds), or 60 s. */
async function settled(base, jobId, done = () => true) {
  let body = null;
  await until(async () => {
    body = await (await fetch(`${base}/v1/jobs/${jobId}`, { headers: { Authorization: `Bearer ${SK}` } })).json();
    const file = body.files?.[0];
    return file && !['uploading', 'verifying'].includes(file.state) && done(file);
  }, 60_000);
  return body;
}
