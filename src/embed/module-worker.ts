// Start a module worker from a URL that may be on another origin (a CDN). Browsers only run
// same-origin worker scripts, so a cross-origin URL is started through a tiny same-origin blob
// module that imports it (the CDN must send CORS headers, as CDNs for scripts do).
export function startModuleWorker(url: string, name: string): Worker {
  const target = new URL(url, document.baseURI);
  if (target.origin === location.origin) return new Worker(target.href, { type: 'module', name });
  const shim = new Blob([`import ${JSON.stringify(target.href)};`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(shim), { type: 'module', name });
}
