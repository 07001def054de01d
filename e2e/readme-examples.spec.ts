// The README's copy-paste examples, run as written in Chromium: demo/examples/* (the README
// holds the same text, demo/readme-examples.test.ts says so). Only the placeholders change: the
// CDN, the server, the key and the workflow become the test's own.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { makePdf, pickFiles } from './support';
import { CDN_ORIGIN, SERVER_URL } from './ports';

function realise(text: string): string {
  return text
    .replaceAll('https://cdn.example.com/filecheck/', `${CDN_ORIGIN}/`)
    .replaceAll('https://files.example.com', SERVER_URL)
    .replaceAll('pk_live_…', 'pk_test_demo')
    .replaceAll('wf_flyer_a5', 'wf_e2e_flyer');
}

/**
 * Put an HTML example into a page the static server serves (a page made up by page.route would
 * not count as local, and Chromium would refuse it the loopback CDN).
 */
async function openHtmlExample(page: Page, file: string): Promise<void> {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>\n${realise(readFileSync(`demo/examples/${file}`, 'utf8'))}\n</body></html>`;
  mkdirSync('dist/readme-examples', { recursive: true });
  writeFileSync(`dist/readme-examples/${file}`, body);
  await page.goto(`/dist/readme-examples/${file}`);
}

const EXAMPLES = [
  { name: 'script tag', open: (p: Page) => openHtmlExample(p, 'script-tag.html'), buy: '#add-to-cart' },
  { name: 'Filecheck.mount()', open: (p: Page) => openHtmlExample(p, 'mount.html'), buy: '.product-form__submit' },
  { name: '<filecheck-intake>', open: (p: Page) => openHtmlExample(p, 'element.html'), buy: '#buy' },
  {
    name: 'npm import (built by Vite)',
    buy: '#buy',
    open: async (p: Page) => {
      await p.route('**/dist/demo-examples/assets/npm-*.js', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: realise(await res.text()) });
      });
      await p.goto('/dist/demo-examples/npm.html');
    },
  },
];

for (const example of EXAMPLES) {
  test(`README example, ${example.name}: mounts, gates the cart button and opens it for a good file`, async ({ page }) => {
    await example.open(page);
    const widget = page.locator('.filecheck-intake');
    await expect(widget.locator('.dropzone')).toBeVisible();
    await expect(page.locator(example.buy)).toBeDisabled();
    await pickFiles(widget, [await makePdf('flyer.pdf', { widthMm: 148, heightMm: 210 })]);
    await expect(widget.locator('.status')).toHaveAttribute('data-status', 'ready');
    await expect(page.locator(example.buy)).toBeEnabled();
    await expect(page.locator('input[type=hidden][name=fc_job_id]')).toHaveValue(/^job_/);
  });
}
