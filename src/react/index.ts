'use client';
// `@filecheck/intake/react`: the intake as a React component.
//   <FilecheckIntake publishableKey="pk_…" workflowId="wf_…" onStatus={…} onError={…} ref={intakeRef} />
// The server renders an empty host <div>; the widget mounts into it in an effect, after hydration,
// so nothing here touches `window` on the server. Each effect run makes its own intake and its
// cleanup unmounts it: StrictMode's mount → unmount → mount in development leaves exactly one.
import { createElement, forwardRef, useEffect, useImperativeHandle, useRef, type CSSProperties } from 'react';
import {
  attachIntake,
  identityKey,
  intakeHandle,
  liveKey,
  type IntakeBinding,
  type IntakeComponentOptions,
  type IntakeEventDetails,
  type IntakeHandle,
} from '../components/binding';

export type { IntakeComponentOptions, IntakeEventDetails, IntakeHandle } from '../components/binding';

/** The ref's methods: `const ref = useRef<FilecheckIntakeHandle>(null)`. */
export type FilecheckIntakeHandle = IntakeHandle;

export interface FilecheckIntakeProps extends IntakeComponentOptions {
  onReady?: (detail: IntakeEventDetails['ready']) => void;
  /** Every status change, first `idle`: `{ status, canProceed, jobId, files, facts }`. */
  onStatus?: (status: IntakeEventDetails['status']) => void;
  onFacts?: (facts: IntakeEventDetails['facts']) => void;
  onUi?: (ui: IntakeEventDetails['ui']) => void;
  /** `{ code, message }`: the workflow could not load, the server is unreachable… */
  onError?: (error: IntakeEventDetails['error']) => void;
  onProof?: (proof: IntakeEventDetails['proof']) => void;
  onDestroy?: () => void;
  /** On the host element the widget mounts into. */
  id?: string;
  className?: string;
  style?: CSSProperties;
}

const HANDLERS = {
  ready: 'onReady',
  status: 'onStatus',
  facts: 'onFacts',
  ui: 'onUi',
  error: 'onError',
  proof: 'onProof',
  destroy: 'onDestroy',
} as const satisfies Record<keyof IntakeEventDetails, keyof FilecheckIntakeProps>;

export const FilecheckIntake = forwardRef<FilecheckIntakeHandle, FilecheckIntakeProps>(function FilecheckIntake(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const binding = useRef<IntakeBinding | null>(null);
  // The newest props, for handlers and callbacks: changing onStatus never re-creates the intake.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  const identity = identityKey(props);
  useEffect(() => {
    const current = latest.current;
    const b = attachIntake(
      host.current!,
      current,
      (name, detail) => (latest.current[HANDLERS[name as keyof typeof HANDLERS]] as ((d: unknown) => void) | undefined)?.(detail),
      () => latest.current,
    );
    binding.current = b;
    return () => {
      if (binding.current === b) binding.current = null;
      b.destroy();
    };
  }, [identity]);

  const live = liveKey(props);
  useEffect(() => {
    binding.current?.update(latest.current);
  }, [live]);

  useImperativeHandle(ref, () => intakeHandle(() => binding.current), []);

  return createElement('div', { ref: host, id: props.id, className: props.className, style: props.style, 'data-filecheck-host': '' });
});
FilecheckIntake.displayName = 'FilecheckIntake';

export default FilecheckIntake;
