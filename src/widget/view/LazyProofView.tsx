// Shows the soft proof once its module has loaded (it is only needed for inspected PDFs).
import { useEffect, useState } from 'preact/hooks';
import type { ProofViewModule, WidgetServices } from '../services';
import type { ProofViewProps } from './ProofView';

let loaded: ProofViewModule | null = null;
let loading: Promise<ProofViewModule> | null = null;

export function LazyProofView(props: ProofViewProps & { services: WidgetServices }) {
  const [mod, setMod] = useState<ProofViewModule | null>(loaded);
  useEffect(() => {
    if (mod) return;
    let live = true;
    loading ??= props.services.loadProofView().then((m) => (loaded = m));
    loading.then(
      (m) => live && setMod(m),
      () => props.state?.unavailable(props.record.id), // no proof view: nothing to wait for
    );
    return () => {
      live = false;
    };
  }, [mod]);
  if (!mod) return null;
  const { services, ...rest } = props;
  return <mod.ProofView {...rest} pool={services.pool} />;
}
