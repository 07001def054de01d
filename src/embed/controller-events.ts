// What a running intake tells the page: the controller's signals turned into events (error,
// status, facts, proof), each emitted only when its content changed.
import { effect } from '@preact/signals';
import type { StatusPayload, Workflow } from '../core/types';
import type { IntakeController } from '../widget/controller-types';
import type { Emitter } from './events';

export interface ControllerEvents {
  /** The next status is emitted even when it equals the last one. */
  forgetStatus(): void;
  stop(): void;
}

/** `beforeStatus` runs before each status event: what must follow the job first (form, gate, connector). */
export function emitControllerEvents(
  controller: IntakeController,
  proof: Workflow['proof'],
  emitter: Emitter,
  beforeStatus: (payload: StatusPayload) => void,
): ControllerEvents {
  let lastProblem = '';
  let lastStatus = '';
  let lastFacts = '';
  let lastProof = '';
  const stops = [
    // The checker itself could not run for some file: the integrator hears it once per code.
    effect(() => {
      const problem = controller.problem.value;
      if (problem && problem.code !== lastProblem) emitter.emit('error', problem);
      lastProblem = problem?.code ?? '';
    }),
    effect(() => {
      const payload = controller.payload.value;
      const json = JSON.stringify(payload);
      if (json === lastStatus) return;
      lastStatus = json;
      beforeStatus(payload);
      emitter.emit('status', payload);
    }),
    effect(() => {
      const facts = controller.facts.value;
      const json = JSON.stringify(facts);
      if (json !== lastFacts && controller.files.value.length > 0) {
        lastFacts = json;
        emitter.emit('facts', facts);
      }
    }),
    effect(() => {
      const detail = controller.proof.eventDetail(proof, controller.files.value.map((r) => r.id));
      const json = JSON.stringify(detail);
      if (detail.pages.length > 0 && json !== lastProof) {
        lastProof = json;
        emitter.emit('proof', detail);
      }
    }),
  ];
  return {
    forgetStatus() {
      lastStatus = '';
    },
    stop() {
      for (const stop of stops) stop();
    },
  };
}
