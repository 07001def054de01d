// The event map types every listener (checked by `tsc`, which covers this file) and the emitter
// delivers each payload to its listeners.
import { describe, expect, it } from 'vitest';
import { createEmitter, type FilecheckDomEventMap } from './events';

describe('typed events', () => {
  it("on(name) hands the listener that event's payload type", () => {
    const emitter = createEmitter();
    const seen: string[] = [];
    const off = emitter.on('status', (s) => seen.push(`${s.status}:${s.canProceed}`));
    emitter.on('finalized', (f) => seen.push(f.jobId));
    emitter.on('error', (e) => seen.push(e.code));
    // @ts-expect-error a status payload has no `code`
    emitter.on('status', (s) => s.code);
    // @ts-expect-error unknown events are not accepted
    emitter.on('nope', () => undefined);
    emitter.emit('status', { status: 'ready', terminal: true, canProceed: true, workflowId: null, jobId: 'job_x', files: [] });
    emitter.emit('finalized', { jobId: 'job_x' });
    emitter.emit('error', { code: 'chunk_load_failed', message: 'x' });
    off();
    emitter.emit('status', { status: 'idle', terminal: false, canProceed: false, workflowId: null, jobId: null, files: [] });
    expect(seen).toEqual(['ready:true', 'job_x', 'chunk_load_failed']);
  });

  it('DOM events are typed through HTMLElementEventMap', () => {
    type StatusEvent = FilecheckDomEventMap['filecheck:status'];
    const canProceed = (e: StatusEvent): boolean => e.detail.canProceed;
    const onElement = (el: HTMLElement) => el.addEventListener('filecheck:error', (e) => e.detail.code);
    expect(typeof canProceed).toBe('function');
    expect(typeof onElement).toBe('function');
  });
});
