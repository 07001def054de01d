// Build-time stand-in for src/core/i18n in chunks that render into the script-tag bundle's tree:
// the view must read the bundle's catalogues (locales loaded, the store's own texts), not a copy.
export const { t, hasMessage } = globalThis.__filecheckRuntime;
