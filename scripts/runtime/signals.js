// Build-time stand-in for '@preact/signals' (see hooks.js).
export const { signal } = globalThis.__filecheckRuntime;
