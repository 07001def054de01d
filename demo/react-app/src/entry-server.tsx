/** @jsxImportSource react */
// Server rendering (run in Node by scripts/build-framework-demos.mjs into the built index.html).
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { ProductForm } from './ProductForm';

export function render(): string {
  return renderToString(
    <StrictMode>
      <ProductForm />
    </StrictMode>,
  );
}
