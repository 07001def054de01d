/** @jsxImportSource react */
// Hydrates the page the server rendered (see entry-server.tsx). StrictMode on purpose: it mounts,
// unmounts and mounts again in development, and the intake must still be one.
import { StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { ProductForm } from './ProductForm';

const endpoint = new URLSearchParams(location.search).get('endpoint') ?? undefined;
hydrateRoot(document.getElementById('root')!, (
  <StrictMode>
    <ProductForm endpoint={endpoint} />
  </StrictMode>
));
