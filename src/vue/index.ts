// `@filecheck/intake/vue`: the intake as a Vue 3 component.
//   <FilecheckIntake publishable-key="pk_…" workflow-id="wf_…" v-model:job-id="jobId" @status="…" @error="…" ref="intake" />
// A render function, not a single-file component, so the package needs no Vue compiler. The
// server renders an empty host <div>; the widget mounts into it in onMounted (browser only) and
// is unmounted in onBeforeUnmount.
import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue';
import {
  attachIntake,
  identityKey,
  intakeHandle,
  liveKey,
  type IntakeBinding,
  type IntakeComponentOptions,
  type IntakeEventDetails,
} from '../components/binding';

export type { IntakeComponentOptions, IntakeEventDetails, IntakeHandle } from '../components/binding';
/** The template ref's methods: `const intake = ref<FilecheckIntakeHandle>()`. */
export type { IntakeHandle as FilecheckIntakeHandle } from '../components/binding';

type Opt<K extends keyof IntakeComponentOptions> = PropType<NonNullable<IntakeComponentOptions[K]>>;
/** Boolean-or-object props keep `undefined` when absent (Vue would turn them into false). */
const optional = <K extends keyof IntakeComponentOptions>(type: unknown) => ({ type: type as Opt<K>, default: undefined });

const accept = () => true;

export const FilecheckIntake = defineComponent({
  name: 'FilecheckIntake',
  props: {
    publishableKey: { type: String, required: true },
    endpoint: String,
    workflowId: String,
    workflow: [Object, String] as Opt<'workflow'>,
    /** `v-model:jobId`: the job the files went to (written back when the intake has one). */
    jobId: { type: String as PropType<string | null>, default: undefined },
    presentation: String as Opt<'presentation'>,
    locale: String,
    ui: Object as Opt<'ui'>,
    preview: optional<'preview'>(Boolean),
    context: Object as Opt<'context'>,
    gate: optional<'gate'>([Object, Boolean]),
    connector: Object as Opt<'connector'>,
    onConnectorApply: Function as Opt<'onConnectorApply'>,
    messages: Object as Opt<'messages'>,
    formField: optional<'formField'>([Object, Boolean]),
  },
  emits: {
    ready: (_: IntakeEventDetails['ready']) => true,
    status: (_: IntakeEventDetails['status']) => true,
    facts: (_: IntakeEventDetails['facts']) => true,
    ui: (_: IntakeEventDetails['ui']) => true,
    error: (_: IntakeEventDetails['error']) => true,
    proof: (_: IntakeEventDetails['proof']) => true,
    destroy: accept,
    'update:jobId': (_: string | null) => true,
  },
  setup(props, { emit, expose }) {
    const host = ref<HTMLElement | null>(null);
    let binding: IntakeBinding | null = null;
    let jobId = props.jobId ?? null;
    const options = () => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) if (v !== undefined) o[k] = v;
      return o as unknown as IntakeComponentOptions;
    };

    const start = () => {
      binding = attachIntake(host.value!, options(), (name, detail) => {
        (emit as (n: string, d: unknown) => void)(name, detail);
        const next = name === 'status' ? (detail as IntakeEventDetails['status']).jobId : jobId;
        if (next !== jobId) {
          jobId = next;
          emit('update:jobId', next);
        }
      }, options);
    };
    const stop = () => {
      binding?.destroy();
      binding = null;
    };

    onMounted(start);
    onBeforeUnmount(stop);
    watch(() => identityKey(options()), () => {
      if (!host.value) return;
      stop();
      start();
    });
    watch(() => liveKey(options()), () => binding?.update(options()));
    expose(intakeHandle(() => binding));

    return () => h('div', { ref: host, 'data-filecheck-host': '' });
  },
});

export default FilecheckIntake;
