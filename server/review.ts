// The shop's review decision (issue 16). A job can be decided while it waits in the queue
// (reviewState 'pending'); the decision is stored with the files it was made on (see
// reviewFilesKey), the job is re-derived through jobChanged (status and canProceed follow, a
// job.completed goes out for the new terminal status, open widgets get the new status over
// their live stream), and a job.reviewed webhook carries the decision.
import type { ReviewDecisionState } from '../src/core/review';
import type { Database } from './db';
import { ApiError, badRequest, notFound } from './http';
import { buildJobView, jobReviewState, reviewFilesKey, type JobView } from './status';
import type { Webhooks } from './webhooks';

export interface ReviewInput {
  decision: ReviewDecisionState;
  note: string | null;
  /** Who decided (staff e-mail). */
  by: string;
}

export const MAX_NOTE = 2000;

export function parseReview(body: unknown): Omit<ReviewInput, 'by'> {
  const b = (body ?? {}) as Record<string, unknown>;
  if (b.decision !== 'approved' && b.decision !== 'rejected') throw badRequest('decision must be "approved" or "rejected".');
  if (b.note !== undefined && b.note !== null && typeof b.note !== 'string') throw badRequest('note must be text.');
  const note = typeof b.note === 'string' && b.note.trim() ? b.note.trim().slice(0, MAX_NOTE) : null;
  return { decision: b.decision, note };
}

export async function recordReview(
  deps: { db: Database; webhooks: Webhooks; jobChanged(id: string): Promise<void>; publicUrl(): string },
  jobId: string,
  input: ReviewInput,
): Promise<JobView> {
  const { db } = deps;
  // Checked and recorded with the job row locked: two staff members (on two instances) deciding
  // at once cannot both record a decision.
  await db.transaction(async (tx) => {
    const job = await tx.jobs.getForUpdate(jobId);
    if (!job) throw notFound(`No job ${jobId}.`);
    const files = await tx.files.list(jobId);
    if (jobReviewState(job, files) !== 'pending') {
      throw new ApiError(409, 'review_not_pending', 'This job is not waiting for review (decided already, or its files changed).');
    }
    await tx.jobs.recordReview(jobId, { decision: input.decision, note: input.note, by: input.by, filesKey: reviewFilesKey(files) });
  });
  await deps.jobChanged(jobId);
  const view = buildJobView((await db.jobs.get(jobId))!, await db.files.list(jobId), deps.publicUrl());
  await deps.webhooks.emit('job.reviewed', view);
  return view;
}
