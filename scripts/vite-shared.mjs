// Settings every build shares: Preact JSX through Oxc, and which file provides lazy loading.
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const jsx = { jsx: { runtime: 'automatic', importSource: 'preact' } };

/** Swap src/embed/lazy.ts for a build-specific variant (cdn or npm). */
export function lazyAlias(variant) {
  return { find: /^\.\/lazy$/, replacement: `${root}src/embed/lazy.${variant}.ts` };
}
