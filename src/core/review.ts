// The shop's manual review (design.md "Review"): a job whose failures were accepted under
// onFail 'manual_review' waits in the shop's queue as `partial` with `review: true`. The shop's
// decision then sets the status: approved → `ready`, rejected → `rejected` (canProceed follows
// from the status, as everywhere). A decision holds only for the files it was made on: when the
// files change, the key changes and the job is judged (and queued) afresh.
import { canProceedFor, isTerminal } from './derive';
import type { JobState } from './types';

export type ReviewDecisionState = 'approved' | 'rejected';

export interface ReviewDecision {
  decision: ReviewDecisionState;
  note: string | null;
  reviewedAt: string;
  reviewedBy: string | null;
}

/** Where a job stands in the review queue: null when it never needed review. */
export type ReviewState = 'pending' | ReviewDecisionState | null;

/** What the server tells an open widget about the review (status payload `review`). */
export interface ReviewNotice {
  state: NonNullable<ReviewState>;
  note: string | null;
}

/** The decision in a notice, for applyReview (pending: none yet). */
export function noticeDecision(notice: ReviewNotice | null | undefined): ReviewDecisionState | null {
  return notice && notice.state !== 'pending' ? notice.state : null;
}

/** Overlay a decision (made on the current files) on the derived state. Pure. */
export function applyReview(state: JobState, decision: ReviewDecisionState | null): JobState {
  if (!state.review || decision === null) return state;
  const status = decision === 'approved' ? 'ready' : 'rejected';
  return { status, terminal: isTerminal(status), canProceed: canProceedFor(status), review: true };
}

/** The queue position of a derived state (before the decision overlay) and its decision. */
export function reviewStateOf(needsReview: boolean, decision: ReviewDecisionState | null): ReviewState {
  if (!needsReview) return null;
  return decision ?? 'pending';
}
