// Public payloads in the reference's shapes: the `status` event and the IntakeFacts that
// connectors read (page counts for quantity fields, sizes in mm for width/height/area fields).
// `buildJobPayload` is the one builder the widget, the server and the CLI use: files in, job
// status (deriveJob) and payload out.
import { deriveJob, type JobHold, type ProofApproval } from './derive';
import { reportedOutcome } from './outcome';
import { applyReview, type ReviewDecisionState } from './review';
import type { FileFacts, FileOutcome, FileState, IntakeContext, IntakeFacts, IntakeFileFacts, JobFile, JobState, Rule, StatusPayload } from './types';

/** One file as every builder of a job's payload sees it. */
export interface JobFileInput extends JobFile {
  name: string;
  fileRef?: string | null;
  outputRef?: string | null;
  /** Facts once known (null until inspected). */
  facts?: FileFacts | null;
}

export interface JobPayloadInput {
  files: readonly JobFileInput[];
  rule: Rule;
  context?: IntakeContext | null;
  approval?: ProofApproval;
  holds?: readonly JobHold[];
  /** The shop's decision on a job under manual review, made on these files (src/core/review.ts). */
  review?: ReviewDecisionState | null;
  workflowId?: string | null;
  jobId?: string | null;
}

/** Facts of the files that count (refused files do not); a file contributes nulls until inspected. */
export function jobFacts(files: readonly Pick<JobFileInput, 'id' | 'name' | 'state' | 'facts'>[]): IntakeFacts {
  return buildIntakeFacts(files.filter((f) => f.state !== 'refused').map((f) => ({ id: f.id, name: f.name, facts: f.facts ?? null })));
}

/** The job's status and its status payload, from its files: the same for widget, server and CLI. */
export function buildJobPayload(input: JobPayloadInput): { job: JobState; payload: StatusPayload } {
  const job = applyReview(deriveJob(input.files, input.rule, input.context, input.approval, input.holds), input.review ?? null);
  const payload = buildStatusPayload({
    job,
    workflowId: input.workflowId,
    jobId: input.jobId,
    files: input.files,
    facts: jobFacts(input.files),
  });
  return { job, payload };
}

export interface StatusFileInput {
  id: string;
  name: string;
  state: FileState;
  outcome: FileOutcome | null;
  fileRef?: string | null;
  outputRef?: string | null;
}

export interface StatusPayloadInput {
  job: JobState;
  workflowId?: string | null;
  jobId?: string | null;
  files: readonly StatusFileInput[];
  facts?: IntakeFacts;
}

/** The `status` event payload (reference "Status payload"); files[].status is the file's state. */
export function buildStatusPayload(input: StatusPayloadInput): StatusPayload {
  const payload: StatusPayload = {
    status: input.job.status,
    terminal: input.job.terminal,
    canProceed: input.job.canProceed,
    workflowId: input.workflowId ?? null,
    jobId: input.jobId ?? null,
    files: input.files.map((f) => ({
      id: f.id,
      name: f.name,
      fileRef: f.fileRef ?? null,
      outcome: reportedOutcome(f.state, f.outcome),
      status: f.state,
      outputRef: f.outputRef ?? null,
    })),
  };
  if (input.facts) payload.facts = input.facts;
  return payload;
}

/** Sizes are reported to 0.01 mm: enough for print, free of floating-point noise. */
const round = (v: number) => Math.round(v * 100) / 100;

/** Facts for connectors: per file, and an aggregate (width/height/area from the FIRST file, as the known product does). */
export function buildIntakeFacts(files: readonly { id: string; name: string; facts: FileFacts | null }[]): IntakeFacts {
  const perFile = files.map((f) => fileFacts(f.id, f.name, f.facts));
  const first = perFile[0];
  return {
    files: perFile,
    aggregate: {
      fileCount: perFile.length,
      pageCount: sum(perFile.map((f) => f.pageCount)),
      colorPageCount: sum(perFile.map((f) => f.colorPageCount)),
      monoPageCount: sum(perFile.map((f) => f.monoPageCount)),
      width: first?.width ?? null,
      height: first?.height ?? null,
      area: first?.area ?? null,
    },
  };
}

function sum(values: (number | null)[]): number {
  return values.reduce<number>((total, v) => total + (v ?? 0), 0);
}

function fileFacts(id: string, name: string, facts: FileFacts | null): IntakeFileFacts {
  const empty: IntakeFileFacts = {
    id,
    name,
    pageCount: null,
    width: null,
    height: null,
    area: null,
    orientation: null,
    spotColorCount: null,
    usesTransparency: null,
    colorPageCount: null,
    monoPageCount: null,
  };
  if (facts?.pdf) {
    const pdf = facts.pdf;
    const page1 = pdf.pages[0];
    const width = page1 ? round(page1.widthMm) : null;
    const height = page1 ? round(page1.heightMm) : null;
    // Colour/mono counts only when every page is known: a partial count would misprice the order.
    const allKnown = pdf.pages.length === pdf.pageCount && pdf.pages.every((p) => typeof p.isColor === 'boolean');
    const color = pdf.pages.filter((p) => p.isColor === true).length;
    return {
      ...empty,
      pageCount: pdf.pageCount,
      width,
      height,
      area: width !== null && height !== null ? round(width * height) : null,
      orientation: orientationOf(width, height),
      spotColorCount: pdf.spotColors.length,
      usesTransparency: pdf.usesTransparency,
      colorPageCount: allKnown ? color : null,
      monoPageCount: allKnown ? pdf.pageCount - color : null,
    };
  }
  if (facts?.raster) {
    const r = facts.raster;
    // Physical size only from a stated resolution; pixels alone have no size in mm.
    const width = r.widthMm !== undefined ? round(r.widthMm) : null;
    const height = r.heightMm !== undefined ? round(r.heightMm) : null;
    const isColor = r.colorMode === 'unknown' ? null : r.colorMode !== 'gray';
    return {
      ...empty,
      pageCount: 1,
      width,
      height,
      area: width !== null && height !== null ? round(width * height) : null,
      orientation: width !== null && height !== null ? orientationOf(width, height) : orientationOf(r.displayWidthPx, r.displayHeightPx),
      // Image files carry no spot colours that we could name; alpha is their transparency.
      spotColorCount: 0,
      usesTransparency: r.hasAlpha,
      colorPageCount: isColor === null ? null : isColor ? 1 : 0,
      monoPageCount: isColor === null ? null : isColor ? 0 : 1,
    };
  }
  return empty;
}

function orientationOf(width: number | null, height: number | null): IntakeFileFacts['orientation'] {
  if (width === null || height === null || width <= 0 || height <= 0) return null;
  if (width === height) return 'square';
  return width > height ? 'landscape' : 'portrait';
}
