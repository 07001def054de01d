// Server rendering (run in Node by scripts/build-framework-demos.mjs into the built index.html).
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import ProductForm from './ProductForm.vue';

export function render(): Promise<string> {
  return renderToString(createSSRApp(ProductForm));
}
