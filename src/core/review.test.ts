import { describe, expect, it } from 'vitest';
import { deriveJob } from './derive';
import { applyReview, noticeDecision, reviewStateOf } from './review';
import type { JobFile, Rule } from './types';

const rule = { cardinality: { min: 1, max: 1, slots: [] }, accepts: [] } as unknown as Rule;
const failed = (onFail: JobFile['onFail']): JobFile => ({ id: 'a', state: 'done', outcome: 'fail', onFail, slot: null, error: null });

describe('applyReview', () => {
  it('a job under manual review waits as partial; approval makes it ready, rejection rejected', () => {
    const waiting = deriveJob([failed('manual_review')], rule);
    expect(waiting).toMatchObject({ status: 'partial', review: true, canProceed: true });
    expect(reviewStateOf(waiting.review, null)).toBe('pending');
    expect(applyReview(waiting, 'approved')).toEqual({ status: 'ready', terminal: true, canProceed: true, review: true });
    expect(applyReview(waiting, 'rejected')).toEqual({ status: 'rejected', terminal: true, canProceed: false, review: true });
  });

  it('a decision never changes a job that does not need review', () => {
    const rejected = deriveJob([failed('reject')], rule);
    expect(applyReview(rejected, 'approved')).toBe(rejected);
    expect(reviewStateOf(rejected.review, 'approved')).toBeNull();
  });

  it('a pending notice is no decision', () => {
    expect(noticeDecision({ state: 'pending', note: null })).toBeNull();
    expect(noticeDecision({ state: 'rejected', note: 'x' })).toBe('rejected');
    expect(noticeDecision(null)).toBeNull();
  });
});
