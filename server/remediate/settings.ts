// Remediation settings from the environment (server/README.md), kept apart from ServerConfig so
// the server's own settings stay as they are.
//   FILECHECK_REMEDIATION            `off` disables remediation (files are only judged). Default on.
//   FILECHECK_REMEDIATE_TIMEOUT_MS   deadline of one remediation in the verification pool (180000).
//   FILECHECK_REMEDIATE_MEMORY_MB    Ghostscript's address-space ceiling (2048).
//   FILECHECK_CMYK_PROFILE / FILECHECK_GRAY_PROFILE / FILECHECK_GS: see engines.ts.
export interface RemediationSettings {
  enabled: boolean;
  timeoutMs: number;
  memoryMb: number;
}

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of 1 or more: ${v}`);
  return n;
}

export function remediationSettings(env: NodeJS.ProcessEnv = process.env): RemediationSettings {
  return {
    enabled: (env.FILECHECK_REMEDIATION ?? '').toLowerCase() !== 'off',
    timeoutMs: positive('FILECHECK_REMEDIATE_TIMEOUT_MS', env.FILECHECK_REMEDIATE_TIMEOUT_MS, 180_000),
    memoryMb: positive('FILECHECK_REMEDIATE_MEMORY_MB', env.FILECHECK_REMEDIATE_MEMORY_MB, 2048),
  };
}
