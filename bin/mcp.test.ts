// `filecheck mcp` as an agent sees it: a real MCP client (the official SDK's Client over stdio)
// spawns `node bin/filecheck.mjs mcp`, lists the tools and calls them against real files and a
// real reference server.
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
  it('offers check_file, get_job and list_jobs (no fix_file before remediation exists)', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['check_file', 'get_job', 'list_jobs']);
  });

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
