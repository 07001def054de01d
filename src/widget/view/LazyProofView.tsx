// Parts of a file row that load with the proof chunk (services.loadProofView), after the first
// render: the soft proof (inspected PDFs), the production file's proof and the fix notes. Each
// shows once the chunk has loaded.
import { useEffect, useState } from 'preact/hooks';
import type { ProofViewModule, WidgetServices } from '../services';
import type { OutputProofProps } from './OutputProof';
import type { ProofViewProps } from './ProofView';
import type { FileRecord } from '../file-record';
import type { Units } from '../../core/i18n';

let loaded: ProofViewModule | null = null;
let loading: Promise<ProofViewModule> | null = null;

/** The proof module once loaded; `failed` when it cannot load (nothing to wait for then). */
function useProofModule(services: WidgetServices, failed: () => void): ProofViewModule | null {
  const [mod, setMod] = useState<ProofViewModule | null>(loaded);
  useEffect(() => {
    if (mod) return;
    let live = true;
    loading ??= services.loadProofView().then((m) => (loaded = m));
    loading.then((m) => live && setMod(m), failed);
    return () => {
      live = false;
    };
  }, [mod]);
  return mod;
}

export function LazyProofView(props: ProofViewProps & { services: WidgetServices }) {
  const mod = useProofModule(props.services, () => props.state?.unavailable(props.record.id));
  if (!mod) return null;
  const { services, ...rest } = props;
  return <mod.ProofView {...rest} pool={services.pool} />;
}

/** The production file's proof (remediation): it travels in the proof chunk, not the view's. */
export function LazyOutputProof(props: Omit<OutputProofProps, 'pool'> & { services: WidgetServices }) {
  const mod = useProofModule(props.services, () => props.proof?.state?.unavailable(props.record.id));
  if (!mod) return null;
  const { services, ...rest } = props;
  return <mod.OutputProof {...rest} pool={services.pool} />;
}

/** What remediation plans or did; the chunk is asked for only when there is something to say. */
export function LazyFixNotes(props: { record: FileRecord; locale: string; units: Units; services: WidgetServices }) {
  const { record, services, ...rest } = props;
  const wanted = !!record.fixPlan.value?.length || !!record.output.value?.fixes.length;
  return wanted ? <LoadedFixNotes record={record} services={services} {...rest} /> : null;
}

function LoadedFixNotes({ services, ...rest }: { record: FileRecord; locale: string; units: Units; services: WidgetServices }) {
  const mod = useProofModule(services, () => undefined);
  return mod ? <mod.FixNotes {...rest} /> : null;
}
