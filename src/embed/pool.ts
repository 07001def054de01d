// One inspector pool per page, shared by every intake; workers start on first use.
import { createInspectorPool, type InspectorPool } from '../widget/inspector-pool';
import { createInspectorWorker } from './lazy';

let pool: InspectorPool | null = null;

export function sharedPool(): InspectorPool {
  pool ??= createInspectorPool({ createWorker: createInspectorWorker });
  return pool;
}
