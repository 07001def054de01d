// What the view needs from its host and must not import itself: the page's inspector pool and
// the soft-proof view, which loads on first use (it is big and only PDFs need it).
import type { InspectorPool } from './inspector-pool';

export type ProofViewModule = typeof import('./view/ProofView');

export interface WidgetServices {
  pool: InspectorPool;
  loadProofView: () => Promise<ProofViewModule>;
}
