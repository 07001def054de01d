// Server rendering of the Vue component in Node: no browser global is touched, the output is the
// empty host element the browser hydrates and mounts the widget into.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
// Node has none of these: code that used one without a `typeof` guard would throw here.
const BROWSER_GLOBALS = ['window', 'document', 'self', 'location', 'customElements', 'HTMLElement', 'sessionStorage'];

describe('<FilecheckIntake> (Vue) on the server', () => {
  let FilecheckIntake: typeof import('./index').FilecheckIntake;
  beforeAll(async () => {
    expect(BROWSER_GLOBALS.filter((g) => g in globalThis)).toEqual([]);
    ({ FilecheckIntake } = await import('./index')); // importing runs the SDK's module code
  });

  it('renders the host element only, with no browser global', async () => {
    const app = createSSRApp({
      render: () => h(FilecheckIntake, { publishableKey: 'pk_test_demo', workflowId: 'wf_flyer', jobId: null, id: 'artwork', class: 'upload', onStatus: () => undefined }),
    });
    const html = await renderToString(app);
    expect(html).toBe('<div data-filecheck-host id="artwork" class="upload"></div>');
  });
});
