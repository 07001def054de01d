// `filecheck mcp` as an agent sees it: a real MCP client (the official SDK's Client over stdio)
// spawns `node bin/filecheck.mjs mcp`, lists the tools and calls them against real files and a
// real reference server.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from '../server/app';
import { createJob, makePdf, settledJob, SK, startServer, tempDataDir, tusUpload } from '../server/test-support';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIX_WF = path.join(ROOT, 'e2e/workflows/wf_e2e_fix_card.json');

interface FixSummary {
  canProceed: boolean;
  outcome: string;
  before: { checkId: string }[];
  fixes: { fix: string; status: string; message: string }[];
  after: { outcome: string; findings: unknown[] } | null;
  output: { path: string; sha256: string } | null;
}
let server: FilecheckServer;
let dataDir: string;
let client: Client;
let tmp: string;
let jobId: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  const job = await createJob(server.url, 'wf_flyer_a5');
  await tusUpload(server.url, job, await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]), { filename: 'mcp-flyer.pdf', fileId: 'f1' });
  await settledJob(server.url, job.id);
  jobId = job.id;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-mcp-'));
  fs.writeFileSync(path.join(tmp, 'a5.pdf'), await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]));
  fs.writeFileSync(path.join(tmp, 'a4.pdf'), await makePdf([{ widthMm: 210, heightMm: 297 }]));
  fs.writeFileSync(path.join(tmp, 'card.pdf'), await makePdf([{ widthMm: 85, heightMm: 55 }]));
  client = new Client({ name: 'filecheck-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, 'bin/filecheck.mjs'), 'mcp'],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), FILECHECK_ENDPOINT: server.url, FILECHECK_SECRET_KEY: SK },
    stderr: 'pipe',
  }));
}, 60_000);

afterAll(async () => {
  await client?.close();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const text = (r: Awaited<ReturnType<Client['callTool']>>) => (r.content as { type: string; text: string }[]).map((c) => c.text).join('\n');

describe('filecheck mcp', () => {
  it('offers check_file, fix_file, get_job and list_jobs', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['check_file', 'fix_file', 'get_job', 'list_jobs']);
  });

  it('fix_file writes the production file next to the original and returns its sha256, the fixes and the findings before/after', async () => {
    const card = path.join(tmp, 'card.pdf');
    const original = fs.readFileSync(card);
    const r = await client.callTool({ name: 'fix_file', arguments: { path: card, workflowPath: FIX_WF } });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as FixSummary;
    expect(s).toMatchObject({ canProceed: true, outcome: 'fixed', after: { outcome: 'pass', findings: [] } });
    expect(s.before.map((f) => f.checkId)).toEqual(expect.arrayContaining(['geom.bleed.required', 'color.mode']));
    expect(s.fixes.filter((f) => f.status === 'applied').map((f) => f.fix)).toEqual(expect.arrayContaining(['pdf.add_bleed', 'pdf.convert_colour']));
    expect(s.fixes.find((f) => f.fix === 'pdf.add_bleed')!.message).toMatch(/3 mm/);
    expect(s.output!.path).toBe(path.join(tmp, 'card.print.pdf'));
    const written = fs.readFileSync(s.output!.path);
    expect(createHash('sha256').update(written).digest('hex')).toBe(s.output!.sha256);
    expect(fs.readFileSync(card).equals(original)).toBe(true);
    expect(text(r)).toContain(s.output!.sha256);
  }, 90_000);

  it('fix_file writes to outputPath when given, refuses to overwrite the original, and writes nothing for a file no fix can cure', async () => {
    const card = path.join(tmp, 'card.pdf');
    const target = path.join(tmp, 'out', 'print-ready.pdf');
    const r = await client.callTool({ name: 'fix_file', arguments: { path: card, workflowPath: FIX_WF, outputPath: target } });
    const s = r.structuredContent as FixSummary;
    expect(s.output!.path).toBe(target);
    expect(createHash('sha256').update(fs.readFileSync(target)).digest('hex')).toBe(s.output!.sha256);
    const same = await client.callTool({ name: 'fix_file', arguments: { path: card, workflowPath: FIX_WF, outputPath: card } });
    expect(same.isError).toBe(true);
    expect(text(same)).toMatch(/overwrite card\.pdf/);
    const a4 = await client.callTool({ name: 'fix_file', arguments: { path: path.join(tmp, 'a4.pdf'), workflowPath: FIX_WF } });
    expect(a4.structuredContent).toMatchObject({ canProceed: false, outcome: 'fail', output: null });
    expect(fs.existsSync(path.join(tmp, 'a4.print.pdf'))).toBe(false);
  }, 90_000);

  it('check_file judges local files with the workflow\'s rules', async () => {
    const ok = await client.callTool({ name: 'check_file', arguments: { paths: [path.join(tmp, 'a5.pdf')], workflowId: 'wf_flyer_a5' } });
    expect(ok.isError).toBeFalsy();
    expect(ok.structuredContent).toMatchObject({ canProceed: true });
    const bad = await client.callTool({ name: 'check_file', arguments: { paths: [path.join(tmp, 'a4.pdf')], workflowId: 'wf_flyer_a5', locale: 'de' } });
    expect(bad.structuredContent).toMatchObject({ canProceed: false, status: 'rejected' });
    expect((bad.structuredContent as { files: { findings: { checkId: string }[] }[] }).files[0]!.findings.map((f) => f.checkId)).toContain('geom.page_size');
    const missing = await client.callTool({ name: 'check_file', arguments: { paths: [path.join(tmp, 'nope.pdf')], workflowId: 'wf_flyer_a5' } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('not a file');
  });

  it('get_job and list_jobs read the server with the secret key', async () => {
    const got = JSON.parse(text(await client.callTool({ name: 'get_job', arguments: { jobId } })));
    expect(got).toMatchObject({ id: jobId, workflowId: 'wf_flyer_a5', canProceed: true });
    expect(got.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const listed = JSON.parse(text(await client.callTool({ name: 'list_jobs', arguments: { q: 'mcp-flyer', limit: 5 } })));
    expect(listed.jobs.map((j: { id: string }) => j.id)).toEqual([jobId]);
    const unknown = await client.callTool({ name: 'get_job', arguments: { jobId: 'job_aaaaaaaaaaaaaaaaaaaaaaaaaa' } });
    expect(unknown.isError).toBe(true);
  });
});
