// Build-time stand-in for 'preact/jsx-runtime' (see hooks.js).
export const { jsx, jsxs, Fragment } = globalThis.__filecheckRuntime;
