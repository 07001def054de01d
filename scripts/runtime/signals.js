// Build-time stand-in for '@preact/signals' (see hooks.js).
export const { signal, batch } = globalThis.__filecheckRuntime;
