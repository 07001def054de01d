// `filecheck check --workflow wf.json [--context ctx.json] [--json] FILE…`
//
// The same inspection (Node byte sources) and judgement (src/core: roomFor, judgeFile,
// buildJobPayload) as the widget and the reference server, on local files. Prints a readable
// report, or with --json the status payload with each file's findings and facts added.
// Exit code: 0 when the job can proceed, 1 when it cannot, 2 on usage or input errors.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatBytes } from '../src/core/bytes';
import { roomFor } from '../src/core/room';
import { effectiveCardinality, validateContext } from '../src/core/context';
import { buildJobPayload } from '../src/core/payload';
import type { FileFacts, Finding, IntakeContext, StatusPayload, Workflow } from '../src/core/types';
import { parseWorkflow } from '../src/core/workflow';
import { inspectFile } from '../server/inspect-file';
import { measuresFor } from '../src/core/measures';
import { judgeFile, type FileJudgement, type Inspection } from '../src/core/judge';

export const USAGE = `Usage: filecheck check --workflow <workflow.json> [--context <context.json>] [--json] [--each]
                       [--locale <bcp47>] [--timeout <seconds>] FILE…

Checks print files with the same inspection and rules as the Filecheck widget and server.

  --workflow, -w   workflow JSON (the same file the server serves as /v1/workflows/:id)
  --context, -c    context JSON: { artworkSize, pageCount, fileCount, bleed, safety }
  --json           print the status payload, each file with its findings and facts
  --each           judge every file as its own job (batch checking); exit 0 only if all can proceed
  --locale         language of the messages (default en)
  --timeout        seconds per file before it fails with inspect_timeout (default 60)

Files fill the rule's slots in the order given. Exit code: 0 the job can proceed, 1 it cannot,
2 usage or input error.

       filecheck fix --workflow <workflow.json> [--context <context.json>] --out <dir> [--json] FILE…

Repairs what the profile marks autofix and writes the production files to <dir>; see
filecheck fix --help.`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export class UsageError extends Error {}

interface Options {
  workflow: string;
  context: string | null;
  json: boolean;
  each: boolean;
  locale: string;
  timeoutMs: number;
  files: string[];
}

function parseArgs(argv: string[]): Options | 'help' {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return 'help';
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  const opts: Options = { workflow: '', context: null, json: false, each: false, locale: 'en', timeoutMs: 60_000, files: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--') {
      opts.files.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--workflow' || arg === '-w') opts.workflow = value();
    else if (arg.startsWith('--workflow=')) opts.workflow = arg.slice('--workflow='.length);
    else if (arg === '--context' || arg === '-c') opts.context = value();
    else if (arg.startsWith('--context=')) opts.context = arg.slice('--context='.length);
    else if (arg === '--json') opts.json = true;
    else if (arg === '--each') opts.each = true;
    else if (arg === '--locale') opts.locale = value();
    else if (arg === '--timeout') {
      const s = Number(value());
      if (!Number.isFinite(s) || s <= 0) throw new UsageError('--timeout must be a positive number of seconds');
      opts.timeoutMs = s * 1000;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else opts.files.push(arg);
  }
  if (!opts.workflow) throw new UsageError('--workflow is required');
  if (opts.files.length === 0) throw new UsageError('no files given');
  return opts;
}

async function readJsonFile(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function loadWorkflow(file: string): Promise<Workflow> {
  const parsed = parseWorkflow(await readJsonFile(file, 'workflow'));
  if (!parsed.ok) {
    const where = parsed.error.path ? ` at ${parsed.error.path}` : '';
    throw new UsageError(`workflow_invalid: ${file}${where}: ${parsed.error.message}`);
  }
  return parsed.workflow;
}

export async function loadContext(file: string | null): Promise<IntakeContext | null> {
  if (!file) return null;
  const text = await readJsonFile(file, 'context');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`context_invalid: ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const checked = validateContext(raw);
  if (!checked.ok) throw new UsageError(`context_invalid: ${file}: ${checked.error.message}`);
  return Object.keys(checked.context).length > 0 ? checked.context : null;
}

export interface CheckedFile {
  id: string;
  name: string;
  path: string;
  size: number;
  slot: string | null;
  judgement: FileJudgement;
}

export type CliPayload = Omit<StatusPayload, 'files'> & {
  files: (StatusPayload['files'][number] & { size: number; slot: string | null; findings: Finding[]; facts: FileFacts | null; error: { code: string; message: string } | null })[];
};

function withTimeout(p: Promise<Inspection>, ms: number): Promise<Inspection> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<Inspection>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, sniffed: null, error: { code: 'inspect_timeout', message: `inspection took longer than ${ms} ms` } }), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Judge a set of files as one job: same order of decisions as the widget (count, type, size, checks). */
export async function checkJob(files: { path: string; size: number }[], workflow: Workflow, context: IntakeContext | null, locale: string, timeoutMs: number) {
  const rule = workflow.rule;
  const { max, slots } = effectiveCardinality(rule, context);
  const checked: CheckedFile[] = [];
  let accepted = 0;
  for (const [i, f] of files.entries()) {
    const name = path.basename(f.path);
    let judgement: FileJudgement;
    const full = roomFor(accepted, max, locale);
    if (full) {
      judgement = { state: 'refused', outcome: null, findings: [full], facts: null, onFail: null, error: { code: 'too_many_files', message: full.message } };
    } else {
      const inspection = await withTimeout(inspectFile(f.path, measuresFor(rule)), timeoutMs);
      judgement = judgeFile({ name, size: f.size, inspection }, rule, context, locale);
    }
    const counted = judgement.state !== 'refused';
    checked.push({ id: `file_${i + 1}`, name, path: f.path, size: f.size, slot: counted ? (slots[accepted]?.id ?? null) : null, judgement });
    if (counted) accepted++;
  }
  const { job, payload } = buildJobPayload({
    rule,
    context,
    workflowId: workflow.id ?? null,
    files: checked.map((c) => ({
      id: c.id, name: c.name, state: c.judgement.state, outcome: c.judgement.outcome, onFail: c.judgement.onFail, slot: c.slot,
      error: c.judgement.error, facts: c.judgement.facts,
    })),
  });
  const full: CliPayload = {
    ...payload,
    files: payload.files.map((row, i) => {
      const c = checked[i]!;
      return { ...row, size: c.size, slot: c.slot, error: c.judgement.error, findings: c.judgement.findings, facts: c.judgement.facts };
    }),
  };
  return { payload: full, review: job.review };
}

const MARK: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' };

function describeKind(facts: FileFacts | null): string {
  if (!facts) return '';
  if (facts.pdf) return `PDF ${facts.pdf.version}, ${facts.pdf.pageCount} page${facts.pdf.pageCount === 1 ? '' : 's'}`;
  if (facts.raster) return `${facts.format.toUpperCase()} ${facts.raster.widthPx} × ${facts.raster.heightPx} px`;
  return facts.format;
}

export function renderReport(payload: CliPayload, workflow: Workflow, review: boolean): string {
  const lines: string[] = [];
  lines.push(`Workflow ${workflow.id ?? '(inline)'}${workflow.title ? ` — ${workflow.title}` : ''}`);
  lines.push('');
  for (const f of payload.files) {
    const verdict = f.status === 'refused' ? 'REFUSED' : f.status === 'error' ? 'ERROR' : (MARK[f.outcome ?? ''] ?? 'UNKNOWN');
    const kind = describeKind(f.facts);
    lines.push(`${verdict.padEnd(7)} ${f.name}  (${[kind, formatBytes(f.size)].filter(Boolean).join(', ')})`);
    if (f.error) lines.push(`          ${f.error.code}: ${f.error.message}`);
    for (const finding of f.findings) {
      if (f.error && finding.checkId === 'intake.inspect') continue;
      const page = finding.page ? ` (page ${finding.page})` : '';
      lines.push(`    ${(MARK[finding.outcome] ?? finding.outcome).padEnd(4)}  ${finding.checkId}${page}: ${finding.message}`);
    }
  }
  lines.push('');
  const gate = payload.canProceed ? 'can proceed' : 'cannot proceed';
  lines.push(`Job: ${payload.status}${review ? ' (manual review)' : ''} — ${gate}`);
  return lines.join('\n') + '\n';
}

/** Run the CLI; resolves with the exit code. */
export async function main(argv: string[], io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }): Promise<number> {
  // `filecheck fix …` (issue 14) lives in its own module
  if (argv[0] === 'fix') return (await import('./fix')).runFix(argv.slice(1), io);
  // Issue 16: staff accounts of the portal, and the MCP server for agents.
  if (argv[0] === 'staff') return (await import('./staff')).staffMain(argv.slice(1), io);
  if (argv[0] === 'mcp') return (await import('./mcp')).mcpMain(argv.slice(1), io);
  let opts: Options | 'help';
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`filecheck: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  try {
    const workflow = await loadWorkflow(opts.workflow);
    const context = await loadContext(opts.context);
    const files: { path: string; size: number }[] = [];
    for (const file of opts.files) {
      const stat = await fs.stat(file).catch(() => null);
      if (!stat) throw new UsageError(`no such file: ${file}`);
      if (!stat.isFile()) throw new UsageError(`not a file: ${file}`);
      files.push({ path: file, size: stat.size });
    }
    const jobs = opts.each ? files.map((f) => [f]) : [files];
    let allProceed = true;
    const payloads: CliPayload[] = [];
    const reports: string[] = [];
    for (const set of jobs) {
      const { payload, review } = await checkJob(set, workflow, context, opts.locale, opts.timeoutMs);
      allProceed &&= payload.canProceed;
      payloads.push(payload);
      if (!opts.json) reports.push(renderReport(payload, workflow, review));
    }
    if (opts.json) io.stdout(JSON.stringify(opts.each ? payloads : payloads[0], null, 2) + '\n');
    else io.stdout(reports.join('\n'));
    return allProceed ? 0 : 1;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`filecheck: ${err.message}\n`);
    return 2;
  }
}

// `tsx bin/filecheck.ts …` only: the launchers (filecheck.mjs, the compiled dist/filecheck.mjs) run
// cli.ts, and in the compiled CLI this module may share the launcher's file and URL.
const invokedDirectly = process.argv[1]?.endsWith('.ts') === true && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  void main(process.argv.slice(2)).then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (err: unknown) => {
      process.stderr.write(`filecheck: internal error: ${(err as Error)?.stack ?? err}\n`, () => process.exit(2));
    },
  );
}
