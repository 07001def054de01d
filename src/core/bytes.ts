// File sizes for people, in the customer's language.
import { numberFormat } from './intl';

const UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A file size for people: "512 bytes", "340 kB", "12.4 MB" (localised). Units are binary
 * (1 MB = 1024 × 1024 bytes) because that is how shops usually write limits: a limit of
 * 10 485 760 bytes reads "10 MB", not "10.5 MB".
 */
export function formatBytes(n: number, locale = 'en', fractionDigits = 1): string {
  if (!Number.isFinite(n) || n < 1024) {
    return numberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(Number.isFinite(n) ? n : 0);
  }
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return numberFormat(locale, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: fractionDigits }).format(value);
}
