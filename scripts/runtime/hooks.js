// Build-time stand-in for 'preact/hooks' in chunks that render into the script-tag bundle's tree:
// the bundle hands over its own copies (src/embed/lazy.cdn.ts, loadProofView). Only the names
// listed here exist; a chunk importing another one fails the build (missing export).
export const { useState, useEffect, useRef, useMemo } = globalThis.__filecheckRuntime;
