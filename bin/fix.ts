// `filecheck fix --workflow wf.json [--context ctx.json] --out DIR [--json] FILE…` (issue 14)
//
// The check of `filecheck check`, then the server's remediation on local files: the same planner
// (src/core/remediation.ts), engines (server/remediate/) and re-check (same rule and context).
// Production files go to DIR with the original's base name (`.pdf` when converted); files that
// need no fix are not written. Exit codes as `check`: 0 the job can proceed after the fixes,
// 1 it cannot, 2 usage or input error.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { acceptContent } from '../src/core/acceptance';
import { deriveJob } from '../src/core/derive';
import { t } from '../src/core/i18n';
import { needsOutput, planRemediation } from '../src/core/remediation';
import '../src/core/remediation-messages';
import type { FileOutcome, FileState, Finding, IntakeContext, JobFile, Workflow } from '../src/core/types';
import { describeFormat } from '../workers/sniff';
import type { FixRecord } from '../server/remediate/apply';
import { recheck } from '../server/remediate/stage';
import { runRemediationTask } from '../server/remediate/worker-task';
import { checkJob, loadContext, loadWorkflow, UsageError, type CliIo, type CliPayload } from './filecheck';

export const FIX_USAGE = `Usage: filecheck fix --workflow <workflow.json> [--context <context.json>] --out <dir> [--json]
                     [--locale <bcp47>] [--timeout <seconds>] FILE…

Checks the files like \`filecheck check\`, repairs what the profile marks autofix (bleed, boxes,
rotation, scale, colour to CMYK, JavaScript/annotations/attachments/forms, image orientation,
transparency, resolution, aspect ratio, convertToPdf) and writes the production files to <dir>
(same base name, .pdf when converted). Each production file is checked again.

  --out, -o        directory for the production files (created if missing)
  --json           print the status payload; each file with findings, outputRef, fixes, recheck
  Other options as for \`filecheck check\`.

Exit code: 0 the job can proceed after the fixes, 1 it cannot, 2 usage or input error.`;

interface FixOptions {
  workflow: string;
  context: string | null;
  out: string;
  json: boolean;
  locale: string;
  timeoutMs: number;
  files: string[];
}

function parseFixArgs(rest: string[]): FixOptions | 'help' {
  const opts: FixOptions = { workflow: '', context: null, out: '', json: false, locale: 'en', timeoutMs: 60_000, files: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const eq = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const val = () => inline ?? value();
    if (arg === '--') {
      opts.files.push(...rest.slice(i + 1));
      break;
    }
    if (name === '--help' || name === '-h') return 'help';
    else if (name === '--workflow' || name === '-w') opts.workflow = val();
    else if (name === '--context' || name === '-c') opts.context = val();
    else if (name === '--out' || name === '-o') opts.out = val();
    else if (name === '--json') opts.json = true;
    else if (name === '--locale') opts.locale = val();
    else if (name === '--timeout') {
      const s = Number(val());
      if (!Number.isFinite(s) || s <= 0) throw new UsageError('--timeout must be a positive number of seconds');
      opts.timeoutMs = s * 1000;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else opts.files.push(arg);
  }
  if (!opts.workflow) throw new UsageError('--workflow is required');
  if (!opts.out) throw new UsageError('--out is required');
  if (opts.files.length === 0) throw new UsageError('no files given');
  return opts;
}

export type FixPayload = Omit<CliPayload, 'files'> & {
  files: (CliPayload['files'][number] & {
    fixes: FixRecord[];
    recheck: { outcome: FileOutcome | null; findings: Finding[] } | null;
    /** sha256 of the production file at outputRef (null when none was written). */
    outputSha256: string | null;
  })[];
};

/** Where a file's production file goes: its name, its path and the output's extension. */
export type OutputTarget = (file: { name: string; input: string; extension: string }) => string;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Check, remediate and re-check local files — what `filecheck fix` and the MCP `fix_file` tool
 * run. A target equal to the input is refused (UsageError): originals are never overwritten.
 */
export async function fixFiles(
  files: { path: string; size: number }[], workflow: Workflow, context: IntakeContext | null, locale: string, timeoutMs: number, targetOf: OutputTarget,
): Promise<FixPayload> {
  const { payload } = await checkJob(files, workflow, context, locale, timeoutMs);
  const rule = workflow.rule;
  const rows: FixPayload['files'] = [];
  const jobFiles: JobFile[] = [];
  for (const [i, row] of payload.files.entries()) {
    const input = path.resolve(files[i]!.path);
    let outcome = row.outcome;
    let fixes: FixRecord[] = [];
    let checked: FixPayload['files'][number]['recheck'] = null;
    let outputRef: string | null = null;
    let outputSha256: string | null = null;
    const entry = row.facts ? acceptContent({ sniffed: describeFormat(row.facts.format), name: row.name, size: row.size }, rule, locale) : null;
    if (row.status === 'done' && row.facts && entry?.ok && row.outcome !== 'fail') {
      const plan = planRemediation(row.facts, row.findings, entry.entry, context ?? {});
      if (needsOutput(plan)) {
        const extension = plan.output === 'pdf' ? 'pdf' : path.extname(row.name).slice(1) || 'out';
        const target = path.resolve(targetOf({ name: row.name, input, extension }));
        if (target === input) throw new UsageError(`the production file would overwrite ${row.name}; choose another place`);
        const result = await runRemediationTask({ input, kind: row.facts.kind === 'pdf' ? 'pdf' : 'raster', fixes: plan.fixes, outputPath: target });
        if (result.ok) {
          fixes = result.run.fixes;
          if (result.run.outputPath && result.inspection) {
            if (path.resolve(result.run.outputPath) === input) throw new UsageError(`the production file would overwrite ${row.name}; choose another place`);
            const size = (await fs.stat(result.run.outputPath)).size;
            checked = recheck(path.basename(result.run.outputPath), size, result.inspection, entry.entry, rule, context, locale);
            outputRef = result.run.outputPath;
            outputSha256 = await sha256Of(result.run.outputPath);
            if (checked.outcome === 'pass') outcome = 'fixed';
          }
        }
      }
    }
    rows.push({ ...row, outcome, outputRef, outputSha256, fixes, recheck: checked });
    jobFiles.push({ id: row.id, state: row.status as FileState, outcome, onFail: entry?.ok ? entry.entry.onFail : null, slot: row.slot, error: row.error });
  }
  const job = deriveJob(jobFiles, rule, context);
  return { ...payload, status: job.status, terminal: job.terminal, canProceed: job.canProceed, files: rows };
}

const VERDICT: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', fixed: 'FIXED' };

function render(payload: FixPayload, locale: string): string {
  const lines: string[] = [];
  for (const f of payload.files) {
    const verdict = f.status === 'refused' ? 'REFUSED' : f.status === 'error' ? 'ERROR' : (VERDICT[f.outcome ?? ''] ?? 'UNKNOWN');
    lines.push(`${verdict.padEnd(7)} ${f.name}${f.outputRef ? `  →  ${f.outputRef}` : ''}`);
    if (f.error) lines.push(`          ${f.error.code}: ${f.error.message}`);
    for (const x of f.fixes) {
      const said = t(x.messageKey, x.messageParams, locale);
      lines.push(`    ${x.status === 'applied' ? 'FIX ' : x.status === 'unavailable' ? 'N/A ' : 'ERR '}  ${x.fix}: ${said}${x.reason ? ` (${x.reason})` : ''}`);
    }
    const shown = f.recheck ? f.recheck.findings : f.findings;
    if (f.recheck) lines.push(`    re-check of the production file: ${VERDICT[f.recheck.outcome ?? ''] ?? 'UNKNOWN'}`);
    for (const finding of shown) {
      if (finding.outcome === 'pass' || finding.outcome === 'skipped') continue;
      lines.push(`    ${finding.outcome.toUpperCase().padEnd(4)}  ${finding.checkId}${finding.page ? ` (page ${finding.page})` : ''}: ${finding.message}`);
    }
  }
  lines.push('');
  lines.push(`Job: ${payload.status} — ${payload.canProceed ? 'can proceed' : 'cannot proceed'}`);
  return lines.join('\n') + '\n';
}

export async function runFix(argv: string[], io: CliIo): Promise<number> {
  let opts: FixOptions | 'help';
  try {
    opts = parseFixArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`filecheck fix: ${err.message}\n\n${FIX_USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout(FIX_USAGE + '\n');
    return 0;
  }
  try {
    const workflow = await loadWorkflow(opts.workflow);
    const context = await loadContext(opts.context);
    const files: { path: string; size: number }[] = [];
    for (const file of opts.files) {
      const stat = await fs.stat(file).catch(() => null);
      if (!stat?.isFile()) throw new UsageError(`no such file: ${file}`);
      files.push({ path: file, size: stat.size });
    }
    const outDir = path.resolve(opts.out);
    await fs.mkdir(outDir, { recursive: true }).catch((err: Error) => {
      throw new UsageError(`cannot create ${outDir}: ${err.message}`);
    });
    const result = await fixFiles(files, workflow, context, opts.locale, opts.timeoutMs, ({ name, extension }) =>
      path.join(outDir, `${path.basename(name).replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${extension}`));
    io.stdout(opts.json ? JSON.stringify(result, null, 2) + '\n' : render(result, opts.locale));
    return result.canProceed ? 0 : 1;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`filecheck fix: ${err.message}\n`);
    return 2;
  }
}
