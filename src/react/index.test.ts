// Server rendering of the React component in Node: no browser global is touched, the output is
// the empty host element the browser hydrates and mounts the widget into.
import { beforeAll, describe, expect, it } from 'vitest';
import { createElement, StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
// Node has none of these: code that used one without a `typeof` guard would throw here.
const BROWSER_GLOBALS = ['window', 'document', 'self', 'location', 'customElements', 'HTMLElement', 'sessionStorage'];

describe('<FilecheckIntake> on the server', () => {
  let FilecheckIntake: typeof import('./index').FilecheckIntake;
  beforeAll(async () => {
    expect(BROWSER_GLOBALS.filter((g) => g in globalThis)).toEqual([]);
    ({ FilecheckIntake } = await import('./index')); // importing runs the SDK's module code
  });

  it('renders the host element only, with no browser global', () => {
    const html = renderToString(
      createElement(StrictMode, null,
        createElement(FilecheckIntake, {
          publishableKey: 'pk_test_demo',
          endpoint: 'https://files.example.com',
          workflowId: 'wf_flyer',
          id: 'artwork',
          className: 'upload',
          onStatus: () => undefined,
        })),
    );
    expect(html).toBe('<div id="artwork" class="upload" data-filecheck-host=""></div>');
  });
});
