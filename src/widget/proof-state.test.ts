import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createProofState, proofGateSignal } from './proof-state';

const page = (url: string, n = 1) => ({ url, page: n, width: 800, height: 600 });

describe('proof state', () => {
  it('the gate waits for an expected proof, then for the answer, when approval is required', () => {
    const s = createProofState();
    expect(s.gate(true, ['a'])).toBe('open'); // nothing expected (not a PDF)
    s.expect('a');
    expect(s.gate(true, ['a'])).toBe('pending'); // rendering: the customer has not seen it
    expect(s.gate(false, ['a'])).toBe('open');
    s.setPages('a', [page('u1')]);
    expect(s.gate(true, ['a'])).toBe('pending');
    s.approvalFor('a').value = true;
    expect(s.gate(true, ['a'])).toBe('open');
    s.approvalFor('a').value = false;
    expect(s.gate(true, ['a'])).toBe('rejected');
    // a file no longer in the intake does not count
    expect(s.gate(true, [])).toBe('open');
  });

  it('a proof that cannot be rendered does not hold the gate', () => {
    const s = createProofState();
    s.expect('a');
    s.unavailable('a');
    expect(s.gate(true, ['a'])).toBe('open');
  });

  it('respond() answers every shown proof still open, never one already answered or not yet shown', () => {
    const s = createProofState();
    s.setPages('a', [page('u1')]);
    s.setPages('b', [page('u2')]);
    s.expect('c');
    s.approvalFor('b').value = false;
    s.respond(true);
    expect(s.approvalFor('a').value).toBe(true);
    expect(s.approvalFor('b').value).toBe(false);
    expect(s.approvalFor('c').value).toBe(null);
    expect(s.gate(true, ['a', 'b', 'c'])).toBe('rejected');
    s.respond(true, 'b');
    expect(s.gate(true, ['a', 'b', 'c'])).toBe('pending');
    s.setPages('c', [page('u3')]);
    s.respond(false);
    expect(s.gate(true, ['a', 'b', 'c'])).toBe('rejected');
  });

  it('the proof event detail lists pages in file order with the workflow settings', () => {
    const s = createProofState();
    s.setPages('b', [page('u2')]);
    s.setPages('a', [page('u1'), page('u1b', 2)]);
    expect(s.eventDetail({ approvalRequired: true, message: 'Check it', affirmButtonText: 'Print it' }, ['a', 'b'])).toEqual({
      pages: [page('u1'), page('u1b', 2), page('u2')],
      approvalRequired: true,
      message: 'Check it',
      affirmButtonText: 'Print it',
    });
    expect(s.eventDetail(undefined, ['b'])).toEqual({ pages: [page('u2')] });
  });

  it('forget() drops pages and answer; the computed gate follows', () => {
    const s = createProofState();
    const ids = ['a'];
    const gate = proofGateSignal(s, () => true, () => ids);
    const seen: string[] = [];
    const stop = effect(() => void seen.push(gate.value));
    s.setPages('a', [page('blob:x')]);
    s.approvalFor('a').value = true;
    s.forget('a');
    stop();
    expect(seen).toEqual(['open', 'pending', 'open']);
    expect(s.approvalFor('a').value).toBe(null);
    expect(s.pages.value).toEqual({});
  });
});
