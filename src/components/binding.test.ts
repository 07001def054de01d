// Which prop changes restart the intake (a new job, files gone) and which reach the live one.
import { describe, expect, it } from 'vitest';
import { identityKey, liveKey, type IntakeComponentOptions } from './binding';

const base: IntakeComponentOptions = { publishableKey: 'pk_test_demo', endpoint: 'https://files.example.com', workflowId: 'wf_flyer', context: { artworkSize: { width_mm: 148, height_mm: 210 } } };

describe('component props → intake', () => {
  it('keeps the intake (and its files) when v-model:jobId writes the job id back', () => {
    expect(identityKey({ ...base, jobId: 'job_123' })).toBe(identityKey(base));
    expect(liveKey({ ...base, jobId: 'job_123' })).toBe(liveKey(base));
  });

  it('applies a new context, locale or ui to the live intake instead of starting over', () => {
    for (const patch of [{ context: { artworkSize: { width_mm: 210, height_mm: 297 } } }, { locale: 'de' }, { ui: { title: 'Your flyer' } }]) {
      expect(identityKey({ ...base, ...patch })).toBe(identityKey(base));
      expect(liveKey({ ...base, ...patch })).not.toBe(liveKey(base));
    }
  });

  it('starts a new intake for another workflow, server or key, and not for an equal inline object', () => {
    expect(identityKey({ ...base, workflowId: 'wf_poster' })).not.toBe(identityKey(base));
    expect(identityKey({ ...base, endpoint: 'https://other.example.com' })).not.toBe(identityKey(base));
    expect(identityKey({ ...base, publishableKey: 'pk_test_other' })).not.toBe(identityKey(base));
    expect(identityKey({ ...base, gate: { buttons: '#buy' } })).toBe(identityKey({ ...base, gate: { buttons: '#buy' } }));
  });
});
