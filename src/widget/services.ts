// What the view needs from its host and must not import itself: the page's inspector pool and
// the proof chunk (the soft proof, and the rarely shown row parts that ride with it: fix notes,
// the production file's proof), which loads on first use.
import type { InspectorPool } from './inspector-pool';

export type ProofViewModule = typeof import('./view/ProofView');

export interface WidgetServices {
  pool: InspectorPool;
  loadProofView: () => Promise<ProofViewModule>;
}
