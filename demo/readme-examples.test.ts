// Every README example marked `<!-- example: path -->` is the exact text of that file, which CI
// builds and runs (the React and Vue demos in e2e/frameworks.spec.ts, the embeds and the npm
// example in e2e/readme-examples.spec.ts; tsc checks the TypeScript ones). A README that drifts
// from working code fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const EXAMPLE = /<!-- example: ([\w./-]+) -->\n```\w*\n([\s\S]*?)```\n/g;
const examples = [...README.matchAll(EXAMPLE)].map((m) => ({ path: m[1]!, text: m[2]! }));

/** The repository's own JSX is Preact; the React demo files say they are React (not in the README). */
const withoutPragma = (text: string) => text.replace(/^\/\*\* @jsxImportSource react \*\/\n/, '');

describe('README examples', () => {
  it('has one for each embed and each framework', () => {
    expect(examples.map((e) => e.path).sort()).toEqual([
      'demo/examples/element.html',
      'demo/examples/mount.html',
      'demo/examples/npm.ts',
      'demo/examples/script-tag.html',
      'demo/react-app/src/ProductForm.tsx',
      'demo/vue-app/src/ProductForm.vue',
    ]);
  });

  for (const { path, text } of examples) {
    it(`${path} is what the README shows`, () => {
      expect(text).toBe(withoutPragma(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')));
    });
  }
});
