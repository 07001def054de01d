// `npx filecheck mcp`: a Model Context Protocol server over stdio (official
// @modelcontextprotocol/sdk) so agents can check print files and look up jobs.
//
// Tools:
//   check_file  local files against a workflow (same inspection and checks as the widget, the
//               server and `filecheck check`); needs no server
//   get_job     GET /v1/jobs/:id of a Filecheck server (secret key)
//   list_jobs   GET /v1/jobs with filters (secret key)
//   fix_file    one local file: the same check, remediation and re-check as `filecheck fix`; the
//               production file is written next to it (`<name>.print.<ext>`) or to outputPath
//
// Settings (environment): FILECHECK_ENDPOINT and FILECHECK_SECRET_KEY for the job tools (they
// are left out without them), FILECHECK_WORKFLOWS_DIR (default: the demo workflows, see server/config.ts) for workflow ids.
// stdout carries the protocol: nothing else may be written to it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { validateContext } from '../src/core/context';
import { t } from '../src/core/i18n';
import type { Finding, IntakeContext, Workflow } from '../src/core/types';
import { parseWorkflow } from '../src/core/workflow';
import { Filecheck } from '../src/server-sdk';
import { defaultWorkflowsDir } from '../server/config';
import { WorkflowStore } from '../server/workflows';
import { checkJob, renderReport, type CliIo } from './filecheck';
import { fixFiles } from './fix';

const JOB_STATUSES = ['idle', 'incomplete', 'uploading', 'processing', 'ready', 'partial', 'rejected'] as const;

const json = (value: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }] });
const failure = (message: string) => ({ content: [{ type: 'text' as const, text: message }], isError: true });


/** The tools' optional order context, validated as the server does; a string is the refusal. */
function orderContext(context: Record<string, unknown> | undefined): IntakeContext | null | string {
  if (!context) return null;
  const checked = validateContext(context);
  return checked.ok ? checked.context : `context: ${checked.error.message}`;
}

export interface McpOptions {
  env?: NodeJS.ProcessEnv;
}

/** The MCP server with its tools (exported for tests that connect in-process). */
export function createMcpServer({ env = process.env }: McpOptions = {}): McpServer {
  const server = new McpServer({ name: 'filecheck', version: '0.1.0' });
  const workflows = new WorkflowStore(env.FILECHECK_WORKFLOWS_DIR ? path.resolve(env.FILECHECK_WORKFLOWS_DIR) : defaultWorkflowsDir());

  const loadWorkflow = async (workflowId?: string, workflowPath?: string): Promise<Workflow> => {
    if (workflowPath) {
      const parsed = parseWorkflow(JSON.parse(await fs.readFile(workflowPath, 'utf8')));
      if (!parsed.ok) throw new Error(`workflow ${workflowPath} is invalid: ${parsed.error.message}`);
      return parsed.workflow;
    }
    if (!workflowId) throw new Error('give workflowId or workflowPath');
    const found = await workflows.get(workflowId);
    if (!found.ok) throw new Error(found.message);
    return found.workflow;
  };

  server.registerTool(
    'check_file',
    {
      title: 'Check print files',
      description: 'Preflight local print files (PDF, images) against a Filecheck workflow: page size, bleed, resolution, fonts, colour… '
        + 'Returns whether the job can proceed, and each file\'s findings.',
      inputSchema: {
        paths: z.array(z.string()).min(1).describe('Absolute paths of the files, in slot order'),
        workflowId: z.string().optional().describe('Workflow id from the workflows directory (e.g. wf_flyer_a5)'),
        workflowPath: z.string().optional().describe('Or the path of a workflow JSON file'),
        context: z.record(z.string(), z.unknown()).optional().describe('Order context: artworkSize, pageCount, fileCount, bleed, safety'),
        locale: z.string().optional().describe('Language of the messages (default en)'),
      },
    },
    async ({ paths, workflowId, workflowPath, context, locale }) => {
      try {
        const workflow = await loadWorkflow(workflowId, workflowPath);
        const ctx = orderContext(context);
        if (typeof ctx === 'string') return failure(ctx);
        const files = [];
        for (const p of paths) {
          const stat = await fs.stat(p).catch(() => null);
          if (!stat?.isFile()) return failure(`not a file: ${p}`);
          files.push({ path: p, size: stat.size });
        }
        const { payload, review } = await checkJob(files, workflow, ctx, locale ?? 'en', 60_000);
        const summary = {
          canProceed: payload.canProceed,
          status: payload.status,
          files: payload.files.map((f) => ({ name: f.name, outcome: f.outcome, findings: f.findings.filter((x) => x.outcome === 'fail' || x.outcome === 'warn').map((x) => ({ checkId: x.checkId, outcome: x.outcome, message: x.message })) })),
        };
        return { content: [{ type: 'text' as const, text: renderReport(payload, workflow, review) }, { type: 'text' as const, text: JSON.stringify(summary) }], structuredContent: summary };
      } catch (err) {
        return failure((err as Error).message);
      }
    },
  );

  server.registerTool(
    'fix_file',
    {
      title: 'Fix a print file',
      description: 'Check one local print file against a Filecheck workflow and repair what its profile marks autofix (bleed, boxes, '
        + 'rotation, scale, colour to CMYK/grey, transparency, resolution, image to PDF…); the production file is checked again. '
        + 'Writes it next to the original (<name>.print.<ext>) or to outputPath; the original is never changed. Returns the findings '
        + 'before and after, the fixes applied, and the production file\'s path and sha256.',
      inputSchema: {
        path: z.string().describe('Absolute path of the file'),
        workflowId: z.string().optional().describe('Workflow id from the workflows directory (e.g. wf_business_cards)'),
        workflowPath: z.string().optional().describe('Or the path of a workflow JSON file'),
        context: z.record(z.string(), z.unknown()).optional().describe('Order context: artworkSize, pageCount, fileCount, bleed, safety'),
        outputPath: z.string().optional().describe('Where to write the production file (default: next to the original)'),
        locale: z.string().optional().describe('Language of the messages (default en)'),
      },
    },
    async ({ path: file, workflowId, workflowPath, context, outputPath, locale }) => {
      try {
        const workflow = await loadWorkflow(workflowId, workflowPath);
        const ctx = orderContext(context);
        if (typeof ctx === 'string') return failure(ctx);
        const stat = await fs.stat(file).catch(() => null);
        if (!stat?.isFile()) return failure(`not a file: ${file}`);
        if (outputPath) await fs.mkdir(path.dirname(path.resolve(outputPath)), { recursive: true });
        const lang = locale ?? 'en';
        const result = await fixFiles([{ path: file, size: stat.size }], workflow, ctx, lang, 60_000, ({ input, extension }) =>
          outputPath ?? path.join(path.dirname(input), `${path.basename(input).replace(/\.[A-Za-z0-9]{1,5}$/, '')}.print.${extension}`));
        const row = result.files[0]!;
        const problems = (findings: Finding[]) => findings.filter((x) => x.outcome === 'fail' || x.outcome === 'warn')
          .map((x) => ({ checkId: x.checkId, outcome: x.outcome, message: x.message }));
        const summary = {
          canProceed: result.canProceed,
          status: result.status,
          name: row.name,
          outcome: row.outcome,
          before: problems(row.findings),
          fixes: row.fixes.map((x) => ({ fix: x.fix, status: x.status, checkIds: x.checkIds, message: t(x.status === 'applied' ? x.messageKey.replace(/^fix\./, 'fixed.') : x.messageKey, x.messageParams, lang), ...(x.reason ? { reason: x.reason } : {}) })),
          after: row.recheck ? { outcome: row.recheck.outcome, findings: problems(row.recheck.findings) } : null,
          output: row.outputRef && row.outputSha256 ? { path: row.outputRef, sha256: row.outputSha256 } : null,
        };
        const headline = summary.output
          ? `${row.name}: ${row.outcome === 'fixed' ? 'fixed' : 'production file written, but it does not pass yet'} → ${summary.output.path} (sha256 ${summary.output.sha256})`
          : `${row.name}: no production file (${row.outcome === 'fail' ? 'it fails checks no fix can cure' : row.status !== 'done' ? 'it could not be checked' : 'nothing to fix'})`;
        return { content: [{ type: 'text' as const, text: headline }, { type: 'text' as const, text: JSON.stringify(summary) }], structuredContent: summary };
      } catch (err) {
        // UsageError (an output path equal to the original) and input errors alike: the agent reads why.
        return failure((err as Error).message);
      }
    },
  );

  // The job tools need a server and its secret key; without them they are not offered at all.
  if (env.FILECHECK_ENDPOINT && env.FILECHECK_SECRET_KEY) {
    const fc = new Filecheck(env.FILECHECK_SECRET_KEY, { endpoint: env.FILECHECK_ENDPOINT });
    server.registerTool(
      'get_job',
      {
        title: 'Get a job',
        description: 'A Filecheck job by id: status, canProceed, review, order, files with findings and sha256.',
        inputSchema: { jobId: z.string().describe('job_…') },
      },
      async ({ jobId }) => {
        try {
          return json(await fc.jobs.retrieve(jobId));
        } catch (err) {
          return failure((err as Error).message);
        }
      },
    );
    server.registerTool(
      'list_jobs',
      {
        title: 'List jobs',
        description: 'Filecheck jobs, newest first, with filters; pass nextCursor back as cursor for more.',
        inputSchema: {
          status: z.array(z.enum(JOB_STATUSES)).optional(),
          workflowId: z.string().optional(),
          reviewState: z.enum(['pending', 'approved', 'rejected', 'none']).optional(),
          orderId: z.string().optional(),
          q: z.string().optional().describe('Job id, part of a file name or of an order id'),
          createdFrom: z.string().optional(),
          createdTo: z.string().optional(),
          limit: z.number().int().min(1).max(100).optional(),
          cursor: z.string().optional(),
        },
      },
      async (params) => {
        try {
          const page = await fc.jobs.list(params);
          return json({
            jobs: page.data.map((j) => ({ id: j.id, workflowId: j.workflowId, status: j.status, canProceed: j.canProceed, reviewState: j.reviewState, order: j.order, files: j.files.map((f) => f.name), createdAt: j.createdAt })),
            nextCursor: page.nextCursor,
            counts: page.counts,
          });
        } catch (err) {
          return failure((err as Error).message);
        }
      },
    );
  }
  return server;
}

export async function mcpMain(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stderr('Usage: filecheck mcp   (MCP server over stdio; env FILECHECK_ENDPOINT, FILECHECK_SECRET_KEY, FILECHECK_WORKFLOWS_DIR)\n');
    return 0;
  }
  const server = createMcpServer();
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => {});
  return 0;
}
